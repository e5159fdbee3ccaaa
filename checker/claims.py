"""Split documents into atomic, attributed, dated claims.

Sentences come from the rule segmenter (checker.segment); each is parsed by spaCy as one
sentence. A claim is a headline, or a body sentence (or a coordinated clause of one) with a
verb; its speaker and reporting verb come from the parse (checker.attribution), its polarity
from negation and denial verbs, its time from checker.timeexpr. What gives no claim is kept
as a Drop with its reason: boilerplate blocks, questions, sentences without a verb, and
reported content without one ("“Absolutely,” he said.").

This module is the entry point; checker.claimreader reads a document's sentences in order,
checker.assembly makes claims of their frames' clauses, checker.claimtext gives a claim's
text, names and lemmas from its tokens.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from checker import segment
from checker.attribution import SpeakerState, frames, polarity
from checker.boilerplate import dropped as boilerplate_drops
from checker.claimreader import Extraction, Extractor
from checker.claimtext import QUOTES, lemmas, names
from checker.models import nlp
from checker.records import Claim, Document, Drop, Polarity

__all__ = ["Extraction", "describe", "extract", "extract_all", "extract_many", "unclaimed"]


def extract_all(doc: Document) -> Extraction:
    """The claims of one document, in reading order (ids doc:1, doc:2, ...), and its drops."""
    return extract_many([doc])[0]


def extract_many(docs: Sequence[Document]) -> list[Extraction]:
    """extract_all for many documents, their sentences parsed in one stream (batched across
    documents). To use more cores, callers hand batches of documents to worker processes
    (checker.concurrency): parsing in spaCy's own processes was slower (the parent
    serialises every one-sentence Doc)."""
    extractors = [Extractor(doc) for doc in docs]
    units = [list(x.units()) for x in extractors]
    texts = (x.text[u.start : u.end] for x, us in zip(extractors, units, strict=True) for u in us)
    parsed = nlp.parse(texts)
    return [
        x.run(us, list(itertools.islice(parsed, len(us))))
        for x, us in zip(extractors, units, strict=True)
    ]


def extract(doc: Document) -> list[Claim]:
    """The claims of one document, in reading order, with ids doc:1, doc:2, ..."""
    return list(extract_all(doc).claims)


def unclaimed(doc: Document, found: list[Claim]) -> tuple[Drop, ...]:
    """What of a document gave no claim, from its claims alone (no parse): its boilerplate
    blocks, and each body sentence no claim starts in ("question", else "no claim")."""
    starts = sorted(c.span[0] for c in found if c.doc == doc.id)
    out = list(boilerplate_drops(doc))
    for block in doc.blocks:
        if block.kind != "body":
            continue
        for s, e in segment.sentences(doc.text, block.start, block.end):
            k = bisect.bisect_left(starts, s)
            if k < len(starts) and starts[k] < e:
                continue
            question = doc.text[s:e].rstrip(QUOTES + " )").endswith("?")
            out.append(Drop(doc.id, (s, e), "question" if question else "no claim"))
    return tuple(sorted(out, key=lambda d: d.span))


def describe(text: str) -> tuple[tuple[str, ...], tuple[str, ...], Polarity]:
    """Entities, lemmas and polarity of a claim's text alone (for reviewed claim files)."""
    sent = next(nlp.parse([text]))
    frame = frames(sent, SpeakerState())[0]
    return (
        names(sent, [(0, len(sent))], SpeakerState(), text),
        lemmas(sent),
        polarity(frame.head, frame.verb),
    )
