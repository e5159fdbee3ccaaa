"""Reviewable claim files: one YAML file per document under a claims folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from checker import claims as claims_stage
from checker.errors import CheckerError
from checker.files import write_atomic
from checker.records import Claim, Document, Drop, Polarity
from checker.serialize import claim_to_dict, dump_yaml, time_from_dict

SCHEMA = "checker-claims/2"
# Files written before verb and polarity were recorded still load.
READABLE = ("checker-claims/1", SCHEMA)
_REQUIRED = ("id", "text", "span")


def claim_file(folder: Path, doc_id: str) -> Path:
    return folder / f"{doc_id.replace(':', '_')}.yaml"


def render(doc: Document, claims: Sequence[Claim], dropped: Sequence[Drop] | None = None) -> str:
    """The claim file of a document; `dropped` lists what gave no claim (by default worked
    out from the claims: see claims.unclaimed), with its text, so a reviewer sees why a
    sentence is missing."""
    drops = claims_stage.unclaimed(doc, list(claims)) if dropped is None else dropped
    data = {
        "schema": SCHEMA,
        "doc": doc.id,
        "path": doc.path,
        "sha256": doc.sha256,
        "claims": [claim_to_dict(c, with_doc=False) for c in claims],
        "dropped": [
            {"span": list(d.span), "reason": d.reason, "text": doc.text[d.span[0] : d.span[1]]}
            for d in drops
        ],
    }
    header = (
        "# Claims extracted by `checker extract`. Review freely: edit text, speaker or time,\n"
        "# delete claims that are not claims. `span` indexes the document's text; `dropped`\n"
        "# is what gave no claim, and why (read only: it is not loaded back).\n"
    )
    return header + dump_yaml(data)


def write(
    folder: Path,
    docs: Sequence[Document],
    claims: Sequence[Claim],
    dropped: Sequence[Drop] | None = None,
) -> list[Path]:
    """Write one claim file per document; return the paths written. Without `dropped`
    (claims.extract_all gives it), each file's drops are worked out from its claims."""
    by_doc: dict[str, list[Claim]] = {d.id: [] for d in docs}
    for claim in claims:
        by_doc[claim.doc].append(claim)
    drops: dict[str, list[Drop]] = {d.id: [] for d in docs}
    for drop in dropped or ():
        drops[drop.doc].append(drop)
    written = []
    for doc in docs:
        path = claim_file(folder, doc.id)
        write_atomic(path, render(doc, by_doc[doc.id], drops[doc.id] if dropped else None))
        written.append(path)
    return written


def _parse_claim(item: Any, doc: Document, where: str) -> Claim:
    if not isinstance(item, dict) or any(key not in item for key in _REQUIRED):
        raise CheckerError(f"{where}: each claim needs {', '.join(_REQUIRED)}; got {item!r:.80}")
    span = item["span"]
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)):
        raise CheckerError(f"{where}: claim {item['id']}: span must be [start, end]")
    if not 0 <= span[0] < span[1] <= len(doc.text):
        raise CheckerError(f"{where}: claim {item['id']}: span {span} is outside the document text")
    text = str(item["text"])
    time = time_from_dict(item.get("time") or {"source": "unknown"})
    entities, lemmas, found_polarity = claims_stage.describe(text)
    try:
        polarity = Polarity(item.get("polarity") or found_polarity)
    except ValueError as exc:
        raise CheckerError(
            f"{where}: claim {item['id']}: polarity must be positive or negative"
        ) from exc
    return Claim(
        id=str(item["id"]),
        doc=doc.id,
        text=text,
        span=(span[0], span[1]),
        speaker=item.get("speaker"),
        time=time,
        headline=bool(item.get("headline", False)),
        quote=bool(item.get("quote", False)),
        entities=entities,
        verb=item.get("verb"),
        polarity=polarity,
        lemmas=lemmas,
    )


def load(folder: Path, docs: Sequence[Document]) -> tuple[list[Claim], list[str]]:
    """Reviewed claims for each document; documents without a current file are extracted.

    Returns the claims and warnings: a document changed since its claim file was written
    (its claims are extracted afresh, since the reviewed spans no longer fit) or has none.
    """
    if not folder.is_dir():
        raise CheckerError(f"{folder}: claims folder not found (write one with `checker extract`)")
    out: list[Claim] = []
    warnings: list[str] = []
    for doc in docs:
        path = claim_file(folder, doc.id)
        if not path.is_file():
            warnings.append(f"{path}: no claim file for {doc.id}; extracting its claims")
            out.extend(claims_stage.extract(doc))
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark else ""
            raise CheckerError(f"{path}{line}: malformed claim file: {exc}") from exc
        if not isinstance(data, dict) or data.get("schema") not in READABLE:
            raise CheckerError(f"{path}: not a claim file (expected schema: {SCHEMA})")
        if data.get("sha256") != doc.sha256:
            warnings.append(
                f"{path}: {doc.path} changed since its claims were written; extracting them again "
                "(re-run `checker extract` and review)"
            )
            out.extend(claims_stage.extract(doc))
            continue
        out.extend(_parse_claim(item, doc, str(path)) for item in data.get("claims") or [])
    return out, warnings
