"""Read articles from folders and files into Documents; list what could not be read."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker import boilerplate, metadata
from checker.errors import CheckerError
from checker.metadata import InputError, Meta
from checker.records import Corpus, Document, Skipped

FORMATS = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
# Large enough for any article or a JSONL bundle of thousands; a bigger file is
# almost always a data dump put in the wrong folder.
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """One document's raw text before metadata resolution."""

    id: str
    path: str
    text: str
    sha256: str
    body_start: int
    meta: tuple[Meta, ...]


def normalise(raw: bytes, where: str) -> str:
    """The text spans index: UTF-8, BOM dropped, every newline a single \\n."""
    if b"\x00" in raw[:8192]:
        raise InputError(f"{where}: binary file, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (byte {exc.start} cannot be decoded)") from exc
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def discover(paths: list[Path]) -> tuple[Path, list[tuple[Path, Path]]]:
    """The input root and every candidate file under the given paths, sorted."""
    for path in paths:
        if not path.exists():
            raise CheckerError(f"{path}: no such file or folder")
    roots = [p if p.is_dir() else p.parent for p in paths]
    root = Path(*_common(roots)) if len(roots) > 1 else roots[0]
    found: list[tuple[Path, Path]] = []
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in candidates:
            rel = file.relative_to(root)
            if file.is_dir() or any(part.startswith(".") for part in rel.parts):
                continue
            if file.parent == root and file.name in metadata.MANIFEST_NAMES:
                continue
            found.append((file, rel))
    return root, sorted(set(found), key=lambda item: item[1].as_posix())


def _common(paths: list[Path]) -> tuple[str, ...]:
    parts = [p.resolve().parts for p in paths]
    out: list[str] = []
    for group in zip(*parts, strict=False):
        if len(set(group)) != 1:
            break
        out.append(group[0])
    return tuple(out)


def read_sources(file: Path, rel: Path, raw: bytes) -> Iterator[Source | Skipped]:
    where = rel.as_posix()
    doc_id = rel.with_suffix("").as_posix()
    suffix = file.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl(raw, where, doc_id)
        return
    text = normalise(raw, where)
    sha = hashlib.sha256(raw).hexdigest()
    if suffix in (".html", ".htm"):
        yield _html(text, where, doc_id, sha)
        return
    meta: tuple[Meta, ...] = ()
    start = 0
    if suffix in (".md", ".markdown"):
        front, start = metadata.split_front_matter(text, where)
        meta = (front,) if front else ()
    if not text[start:].strip():
        raise InputError(f"{where}: no article text")
    yield Source(doc_id, where, text, sha, start, meta)


def _html(text: str, where: str, doc_id: str, sha: str) -> Source:
    import trafilatura  # lazy: only HTML inputs pay for it

    body = trafilatura.extract(
        text, include_comments=False, include_tables=False, favor_precision=True
    )
    if not body or not body.strip():
        raise InputError(f"{where}: no article text found in the HTML")
    info = trafilatura.extract_metadata(text)
    fields: dict[str, str | None] = {}
    if info is not None:
        fields = {
            "title": metadata.coerce(info.title),
            "published": metadata.coerce(info.date),
            "outlet": metadata.coerce(info.sitename),
            "url": metadata.coerce(info.url),
        }
    meta = Meta(tuple(sorted((k, v) for k, v in fields.items() if v)), "html")
    # The document text of an HTML page is its extracted main text, headline first.
    title = fields.get("title")
    full = f"{title}\n\n{body}\n" if title and not body.startswith(title) else f"{body}\n"
    return Source(doc_id, where, full, sha, 0, (meta,))


def _jsonl(raw: bytes, where: str, doc_id: str) -> Iterator[Source | Skipped]:
    """One document a line; a bad line is skipped on its own, the rest still read."""
    text = normalise(raw, where)
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(f"{where}:{number}", f"line {number}: not valid JSON ({exc.msg})")
            continue
        body = (
            metadata.coerce(row.get("text") or row.get("content") or row.get("content_original"))
            if isinstance(row, dict)
            else None
        )
        if not isinstance(row, dict) or body is None:
            yield Skipped(
                f"{where}:{number}",
                f"line {number}: expected a JSON object with a 'text' or 'content' field",
            )
            continue
        key = metadata.coerce(row.get("id") or row.get("ID")) or str(number)
        if key in seen:
            yield Skipped(f"{where}:{number}", f"line {number}: duplicate id {key!r}")
            continue
        seen.add(key)
        fields = {
            "outlet": metadata.coerce(row.get("outlet") or row.get("source")),
            "published": metadata.coerce(row.get("published") or row.get("date")),
            "title": metadata.coerce(row.get("title")),
            "url": metadata.coerce(row.get("url")),
        }
        if fields["published"] and metadata.parse_iso(fields["published"]) is None:
            fields["published"] = None
        title = fields["title"]
        full = f"{title}\n\n{body}\n" if title else f"{body}\n"
        meta = Meta(tuple(sorted((k, v) for k, v in fields.items() if v)), "jsonl")
        sha = hashlib.sha256(line.encode("utf-8")).hexdigest()
        yield Source(f"{doc_id}/{key}", f"{where}:{number}", full, sha, 0, (meta,))


def _reason(message: str, where: str) -> str:
    """The message without its leading file name; a line number stays as 'line N'."""
    rest = message.removeprefix(where)
    if rest.startswith(":") and rest[1:].split(":", 1)[0].isdigit():
        number, text = rest[1:].split(":", 1)
        return f"line {number}:{text}"
    return rest.lstrip(": ")


def resolve(source: Source, manifest: Meta | None) -> Document:
    """Metadata by precedence: manifest, then front matter / embedded, then the text."""
    blocks = boilerplate.classify(source.text, source.body_start)
    layers = ([manifest] if manifest else []) + list(source.meta)
    values: dict[str, str | None] = {}
    provenance: dict[str, str] = {}
    for name in metadata.FIELDS:
        for layer in layers:
            value = layer.get(name)
            if value:
                values[name], provenance[name] = value, layer.origin
                break
    stated = values.get("published")
    published = metadata.parse_iso(stated) if stated else None
    if published is None:
        published = metadata.infer_date(source.text, blocks)
        provenance["published"] = "text" if published else "none"
    if not values.get("title"):
        values["title"] = metadata.infer_title(source.text, blocks)
        provenance["title"] = "text" if values["title"] else "none"
    if not values.get("outlet"):
        values["outlet"] = metadata.outlet_from_url(values.get("url"))
        provenance["outlet"] = "url" if values["outlet"] else "none"
    provenance.setdefault("url", "none")
    return Document(
        id=source.id,
        path=source.path,
        text=source.text,
        sha256=source.sha256,
        outlet=values.get("outlet"),
        published=published,
        title=values.get("title"),
        url=values.get("url"),
        provenance=tuple(sorted(provenance.items())),
        blocks=blocks,
    )


def ingest(paths: list[Path], max_bytes: int = MAX_FILE_BYTES) -> Corpus:
    """Read every article under paths. Bad files are skipped with a reason, never fatal."""
    root, files = discover(paths)
    skipped: list[Skipped] = []
    try:
        manifest, manifest_name = metadata.load_manifest(root)
    except InputError as exc:
        manifest, manifest_name = {}, None
        skipped.append(Skipped(str(exc).split(":", 1)[0], str(exc)))
    docs: list[Document] = []
    by_hash: dict[str, str] = {}
    listed: set[str] = set()
    for file, rel in files:
        where = rel.as_posix()
        try:
            if file.suffix.lower() not in FORMATS:
                raise InputError(
                    f"{where}: unsupported file type; expected one of {', '.join(FORMATS)}"
                )
            size = file.stat().st_size
            if size > max_bytes:
                raise InputError(
                    f"{where}: {size} bytes is over the {max_bytes}-byte limit per file"
                )
            raw = file.read_bytes()
            if not raw.strip():
                raise InputError(f"{where}: empty file")
            sha = hashlib.sha256(raw).hexdigest()
            if sha in by_hash:
                raise InputError(f"{where}: byte-identical duplicate of {by_hash[sha]}")
            by_hash[sha] = where
            for item in read_sources(file, rel, raw):
                if isinstance(item, Skipped):
                    skipped.append(item)
                    continue
                docs.append(resolve(item, manifest.get(where)))
                listed.add(where)
        except InputError as exc:
            skipped.append(Skipped(where, _reason(str(exc), where)))
        except OSError as exc:
            skipped.append(Skipped(where, f"cannot read: {exc.strerror or exc}"))
    warnings = tuple(
        f"{manifest_name}: entry {rel!r} matches no input file"
        for rel in sorted(manifest)
        if rel not in listed
    )
    return Corpus(root.as_posix(), tuple(docs), tuple(skipped), warnings)
