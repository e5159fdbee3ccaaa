"""Extracted claims cached by document content, so a re-run re-extracts only what changed.

The key covers everything extraction reads (the document's id, text, publication date and
blocks), the source of the extraction modules and the spaCy model's version, so a change to
any of them misses the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker import claims as claims_stage
from checker.embed import EmbeddingCache
from checker.models import nlp
from checker.records import Claim, Document, Polarity
from checker.serialize import time_from_dict, time_to_dict

MODULES = (
    "segment",
    "attribution",
    "reporting",
    "embedded",
    "speakers",
    "polarity",
    "timeexpr",
    "claims",
    "boilerplate",
    "furniture",
    "models/nlp",
    "models/attribute_rules",
)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    folder = Path(__file__).parent
    digest = hashlib.sha256(nlp.version().encode())
    for name in MODULES:
        digest.update((folder / f"{name}.py").read_bytes())
    return digest.hexdigest()


def document_key(doc: Document) -> str:
    blocks = [(b.start, b.end, b.kind) for b in doc.blocks]
    published = doc.published.isoformat() if doc.published else ""
    payload = json.dumps([extractor_version(), doc.id, doc.text, published, blocks])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def to_json(claims: list[Claim]) -> str:
    return json.dumps(
        [
            [
                c.id,
                c.doc,
                c.text,
                list(c.span),
                c.speaker,
                time_to_dict(c.time),
                c.headline,
                c.quote,
                list(c.entities),
                c.verb,
                str(c.polarity),
                list(c.lemmas),
            ]
            for c in claims
        ]
    )


def from_json(data: str) -> list[Claim]:
    rows: list[list[Any]] = json.loads(data)
    return [
        Claim(
            r[0],
            r[1],
            r[2],
            (int(r[3][0]), int(r[3][1])),
            r[4],
            time_from_dict(r[5]),
            bool(r[6]),
            bool(r[7]),
            tuple(r[8]),
            r[9],
            Polarity(r[10]),
            tuple(r[11]),
        )
        for r in rows
    ]


# Extracts many documents at once: the parser streams their sentences in one batch.
ExtractMany = Callable[[list[Document]], list[list[Claim]]]


def extract_standard(docs: list[Document]) -> list[list[Claim]]:
    return [list(x.claims) for x in claims_stage.extract_many(docs)]


def extract_cached(
    docs: list[Document],
    extract: ExtractMany,
    cache: EmbeddingCache | None,
    warn: Callable[[str], None] = lambda _: None,
) -> list[Claim]:
    """Claims of every document, from the cache where its key is known; the others go to
    extract together."""
    if cache is None:
        return [c for found in extract(docs) for c in found]
    version = extractor_version()
    keys = {d.id: document_key(d) for d in docs}
    known: dict[str, list[Claim]] = {}
    for key, data in cache.get_texts(version, sorted(set(keys.values()))).items():
        try:
            known[key] = from_json(data)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            warn(f"{cache.path}: damaged cached claims ({exc}); extracting again")
    fresh: dict[str, str] = {}
    missing = {keys[d.id]: d for d in docs if keys[d.id] not in known}
    for key, found in zip(missing, extract(list(missing.values())), strict=True):
        known[key] = found
        fresh[key] = to_json(found)
    out: list[Claim] = []
    for doc in docs:
        out.extend(known[keys[doc.id]])
    if fresh:
        cache.put_texts(version, fresh)
    return out
