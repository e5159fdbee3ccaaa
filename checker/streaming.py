"""Streaming ingest: the documents of a large input in batches, never all texts at once.

checker.ingest reads every document into memory, then makes one corpus-level decision (the
lines an outlet repeats across its articles are furniture: boilerplate.repeated_across_outlet).
Here the inputs are read twice instead. The first pass (scan) keeps, per document, two 8-byte
digests for each of its content blocks, the repeated-line decision's only input; the second
(stream) reads the documents again and yields them in batches with that decision applied.
The documents, their blocks and their order are those of ingest(): the reports are the same.

Driver memory: 16 bytes per content block during the scan (about 0.5 KiB per article),
the digests that recur `least` times or more after it, and one batch of documents (plus what
the consumer keeps in flight) during the stream.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker import boilerplate
from checker.ingest import MAX_FILE_BYTES, Inputs
from checker.records import Corpus, Document, Skipped

LEAST = 3  # boilerplate.repeated_across_outlet's default


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def _line_key(outlet: str, chunk: str) -> int:
    return _digest(f"{outlet}\0{boilerplate.shape(chunk)}")


@dataclass(frozen=True)
class Scan:
    """What the first pass learnt: the corpus without its documents, how many there are,
    and the outlet lines that recur in `least` or more of an outlet's articles."""

    inputs: Inputs
    corpus: Corpus  # documents left empty: stream() yields them
    count: int
    repeated: frozenset[int]


def scan(paths: list[Path], max_bytes: int = MAX_FILE_BYTES, least: int = LEAST) -> Scan:
    """The first pass: every input read, nothing but digests kept."""
    inputs = Inputs.find(paths, max_bytes)
    unread: list[Skipped] = []
    listed: set[str] = set()
    notes: list[str] = []
    # Arrays of 8-byte integers: a list would hold a 32-byte int object per entry.
    keys = array("Q")
    ids = array("Q")
    count = 0
    for where, item, said in inputs.read():
        if isinstance(item, Skipped):
            unread.append(item)
            continue
        count += 1
        notes.extend(said)
        listed.add(where)
        if not item.outlet:
            continue
        # ingest counts the distinct document ids that have a line: (line, id) pairs.
        doc = _digest(item.id)
        for b in item.blocks:
            if b.kind != "boilerplate":
                keys.append(_line_key(item.outlet, item.text[b.start : b.end]))
                ids.append(doc)
    columns = [np.frombuffer(keys, dtype=np.uint64), np.frombuffer(ids, dtype=np.uint64)]
    pairs = np.unique(np.stack(columns, axis=1).reshape(-1, 2), axis=0)
    lines, counts = np.unique(pairs[:, 0], return_counts=True)
    repeated = frozenset(int(k) for k in lines[counts >= least])
    skipped, warnings = inputs.outcome(unread, notes, listed)
    corpus = Corpus(inputs.root.as_posix(), (), skipped, warnings)
    return Scan(inputs, corpus, count, repeated)


def stream(found: Scan, batch: int, least: int = LEAST) -> Iterator[list[Document]]:
    """The second pass: the documents in input order, `batch` at a time, as ingest() gives
    them. An input that changed since the scan is read as it is now."""
    part: list[Document] = []
    for _, item, _ in found.inputs.read():
        if isinstance(item, Skipped):
            continue
        part.append(_furniture(item, found.repeated, least))
        if len(part) == batch:
            yield part
            part = []
    if part:
        yield part


def _furniture(doc: Document, repeated: frozenset[int], least: int) -> Document:
    """boilerplate's repeated-line decision for one document, from the scan's digests: each
    line stands for as many articles as the decision needs to know about."""
    if not doc.outlet:
        return doc
    seen: dict[tuple[str, str], set[str]] = {}
    for b in doc.blocks:
        if b.kind != "boilerplate":
            chunk = doc.text[b.start : b.end]
            many = _line_key(doc.outlet, chunk) in repeated
            stands_for = least if many else 1
            seen[(doc.outlet, boilerplate.shape(chunk))] = {str(i) for i in range(stands_for)}
    return boilerplate.drop_repeated(doc, seen, least)
