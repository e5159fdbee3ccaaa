"""Extracted claims cached by document content, so a re-run re-extracts only what changed.

The key covers everything extraction reads (the document's id, text, publication date and
blocks), the source of the extraction modules and the spaCy model's version, so a change to
any of them misses the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from checker import claims as claims_stage
from checker.embed import EmbeddingCache
from checker.models import nlp
from checker.records import Claim, Document, Polarity
from checker.serialize import time_from_dict, time_to_dict

# Every module checker.claims imports, directly or not (tests/test_claimcache.py checks it).
MODULES = (
    "segment",
    "attribution",
    "setoff",
    "reporting",
    "embedded",
    "gapped",
    "misread",
    "speakers",
    "referents",
    "polarity",
    "timeexpr",
    "claims",
    "claimreader",
    "claimtext",
    "assembly",
    "boilerplate",
    "boilercues",
    "furniture",
    "textblocks",
    "records",
    "models/nlp",
    "models/attribute_rules",
    "models/cropped_ner",
)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    return nlp.results_version(MODULES)


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

    def run(parts: Iterator[list[Document]]) -> Iterator[list[list[Claim]]]:
        return (extract(part) for part in parts)

    # One part: the missing documents go to extract in one call.
    streamed = extract_stream([docs], run, cache, warn)
    return [c for _, found, _ in streamed for claims in found for c in claims]


# Extracts a stream of document batches, yielding each batch's claims in order (an
# executor's map): it may read a few batches ahead of what it has yielded.
ExtractStream = Callable[[Iterator[list[Document]]], Iterator[list[list[Claim]]]]


def extract_stream(
    parts: Iterable[list[Document]],
    extract: ExtractStream,
    cache: EmbeddingCache | None,
    warn: Callable[[str], None] = lambda _: None,
) -> Iterator[tuple[list[Document], list[list[Claim]], int]]:
    """Each batch of documents with each document's claims and how many of them were
    extracted (not cached), in order. A batch's cached documents are read from the cache;
    the rest go to extract, which reads ahead what it needs; fresh claims are cached as
    their batch comes back. The batches are held only while in flight."""
    version = extractor_version()
    waiting: deque[tuple[list[Document], list[str], dict[str, list[Claim]], list[str]]] = deque()

    def missing() -> Iterator[list[Document]]:
        # Batches with nothing to extract wait in line without going to extract.
        for part in parts:
            keys = [document_key(d) for d in part] if cache is not None else []
            keys = keys or [str(i) for i in range(len(part))]
            known = _cached(cache, version, keys, warn)
            todo: dict[str, Document] = {}
            for key, doc in zip(keys, part, strict=True):
                if key not in known:
                    todo.setdefault(key, doc)
            waiting.append((part, keys, known, list(todo)))
            if todo:
                yield list(todo.values())

    def finish(done: list[list[Claim]]) -> tuple[list[Document], list[list[Claim]], int]:
        part, keys, known, todo = waiting.popleft()
        known.update(zip(todo, done, strict=True))
        if cache is not None and todo:
            cache.put_texts(version, {k: to_json(known[k]) for k in todo})
        return part, [known[k] for k in keys], len(todo)

    for done in extract(missing()):
        while not waiting[0][3]:
            yield finish([])
        yield finish(done)
    while waiting:
        yield finish([])


def _cached(
    cache: EmbeddingCache | None, version: str, keys: list[str], warn: Callable[[str], None]
) -> dict[str, list[Claim]]:
    if cache is None:
        return {}
    known: dict[str, list[Claim]] = {}
    for key, data in cache.get_texts(version, sorted(set(keys))).items():
        try:
            known[key] = from_json(data)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            warn(f"{cache.path}: damaged cached claims ({exc}); extracting again")
    return known
