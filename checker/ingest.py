"""Read articles from folders and files into Documents; list what could not be read."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker import boilerplate, decode, jsonl, metadata
from checker.discover import discover
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
    notes: tuple[str, ...] = ()  # what was cut or ignored, for the run's warnings


def read_sources(rel: Path, raw: bytes) -> Iterator[Source | Skipped]:
    where = rel.as_posix()
    doc_id = rel.with_suffix("").as_posix()
    suffix = rel.suffix.lower()
    text = decode.normalise(raw, where)
    if not text.strip():
        raise InputError(f"{where}: empty file")
    if suffix == ".jsonl":
        yield from _jsonl(text, where, doc_id)
        return
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
    text, note = decode.limit(text, where, start)
    yield Source(doc_id, where, text, sha, start, meta, (note,) if note else ())


def _html(text: str, where: str, doc_id: str, sha: str) -> Source:
    import trafilatura  # lazy: only HTML inputs pay for it

    try:
        body = trafilatura.extract(
            text, include_comments=False, include_tables=False, favor_precision=True
        )
        info = trafilatura.extract_metadata(text) if body and body.strip() else None
    except Exception as exc:  # a third-party parser on hostile markup: any failure is the file's
        raise InputError(f"{where}: the HTML could not be parsed ({type(exc).__name__})") from exc
    if not body or not body.strip():
        raise InputError(
            f"{where}: no article text found in the HTML (no main text, or markup too broken "
            "or deeply nested to parse)"
        )
    fields: dict[str, str | None] = {}
    if info is not None:
        fields = {
            "title": metadata.coerce(info.title),
            "published": metadata.coerce(info.date),
            "outlet": metadata.coerce(info.sitename),
            "url": metadata.coerce(info.url),
        }
    fields = {k: decode.clean(v) for k, v in fields.items() if v}
    meta = Meta(tuple(sorted(fields.items())), "html")
    # The document text of an HTML page is its extracted main text, headline first.
    title = fields.get("title")
    body = decode.clean(body)
    full = f"{title}\n\n{body}\n" if title and not body.startswith(title) else f"{body}\n"
    full, note = decode.limit(full, where)
    return Source(doc_id, where, full, sha, 0, (meta,), (note,) if note else ())


def _jsonl(text: str, where: str, doc_id: str) -> Iterator[Source | Skipped]:
    for item in jsonl.rows(text, where):
        if isinstance(item, Skipped):
            yield item
            continue
        number, row = item
        line = f"{where}:{number}"
        full, note = decode.limit(row.text, line)
        notes = tuple(f"{line}: {n}" for n in row.notes) + ((note,) if note else ())
        yield Source(f"{doc_id}/{row.key}", line, full, row.sha256, 0, (row.meta,), notes)


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
    if published is None:
        published = metadata.date_from_url(values.get("url"))
        provenance["published"] = "url" if published else "none"
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
    inputs = Inputs.find(paths, max_bytes)
    docs: list[Document] = []
    unread: list[Skipped] = []
    listed: set[str] = set()
    notes: list[str] = []
    for where, item, said in inputs.read():
        if isinstance(item, Skipped):
            unread.append(item)
            continue
        docs.append(item)
        notes.extend(said)
        listed.add(where)
    # What repeats across an outlet's articles is its page furniture: a corpus-level
    # decision, so it is made once every document is read.
    found = boilerplate.repeated_across_outlet(docs)
    return Corpus(inputs.root.as_posix(), found, *inputs.outcome(unread, notes, listed))


@dataclass(frozen=True)
class Inputs:
    """The files a run reads, found once; read() may go over them more than once (the
    streaming ingest reads them twice rather than hold every text)."""

    root: Path
    files: tuple[tuple[Path, Path], ...]
    refused: tuple[Skipped, ...]
    manifest: dict[str, Meta]
    manifest_name: str | None
    problems: tuple[str, ...]
    max_bytes: int

    @classmethod
    def find(cls, paths: list[Path], max_bytes: int = MAX_FILE_BYTES) -> Inputs:
        root, files, refused = discover(paths)
        manifest, manifest_name, problems = metadata.load_manifest(root)
        return cls(
            root, tuple(files), tuple(refused), manifest, manifest_name, tuple(problems), max_bytes
        )

    def read(self) -> Iterator[tuple[str, Document | Skipped, tuple[str, ...]]]:
        """(input file, one of its documents or what was skipped, what was cut from it), in
        input order, before the corpus-level repeated-line decision."""
        by_hash: dict[str, str] = {}
        for file, rel in self.files:
            where = rel.as_posix()
            try:
                raw = _read(file, rel, self.max_bytes)
                sha = hashlib.sha256(raw).hexdigest()
                if sha in by_hash:
                    raise InputError(f"{where}: byte-identical duplicate of {by_hash[sha]}")
                by_hash[sha] = where
                for item in read_sources(rel, raw):
                    if isinstance(item, Skipped):
                        yield where, item, ()
                    else:
                        yield where, resolve(item, self.manifest.get(where)), item.notes
            except InputError as exc:
                yield where, Skipped(where, _reason(str(exc), where)), ()
            except OSError as exc:
                yield where, Skipped(where, f"cannot read: {exc.strerror or exc}"), ()

    def outcome(
        self, unread: list[Skipped], notes: list[str], listed: set[str]
    ) -> tuple[tuple[Skipped, ...], tuple[str, ...]]:
        """The corpus's skipped inputs and warnings, once read() has been read through."""
        skipped = [Skipped(p.split(":", 1)[0], p) for p in self.problems]
        notes = notes + [
            f"{self.manifest_name}: entry {rel!r} matches no input file"
            for rel in sorted(self.manifest)
            if rel not in listed
        ]
        skipped += sorted([*self.refused, *unread], key=lambda s: s.path)
        return tuple(skipped), tuple(notes)


def _read(file: Path, rel: Path, max_bytes: int) -> bytes:
    """The bytes of one input, never more than max_bytes of them."""
    where = rel.as_posix()
    if rel.suffix.lower() not in FORMATS:
        raise InputError(f"{where}: unsupported file type; expected one of {', '.join(FORMATS)}")
    with open(file, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        raw = handle.read(max_bytes + 1)
    if max(size, len(raw)) > max_bytes:
        raise InputError(
            f"{where}: {max(size, len(raw))} bytes is over the {max_bytes}-byte limit per file "
            "(--max-file-size)"
        )
    if not raw.strip():
        raise InputError(f"{where}: empty file")
    return raw
