"""Parallel feeds: outlets whose k-th items are paired (paired test collections as corpora).

A corpus built from paired items (an NLI set, a fact-checking set: the first text of each pair
from one outlet, the second from another) puts each pair's two items at one place in two
equally long feeds. Where the dates cannot tell such items apart (one day for all, or none),
the place can (checker.brief prefers the partner at the same place). Two outlets that merely
published equally many items (two outlets' headlines of one day) are no parallel feed: their
k-th items are no more alike than any two, and their places must decide nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from checker.records import Claim

# Two outlets are one parallel feed where each k-th item is more alike to the other's k-th
# than to its median item at this share of the places. Unrelated feeds give about 0.5;
# SNLI dev as two outlets 0.91, four outlets taking turns (half the k-th items pairs)
# 0.69-0.84 (bench/judge_layouts.py). A paired collection that fell below the bar would lose
# its pairs altogether (SNLI F1 0.81 -> 0.02), so the bar sits well below them. Only
# sizes that FEED_OUTLETS outlets or fewer share are looked at: paired collections come in
# a few outlets, and many outlets of one size are a coincidence of counts.
PARALLEL = 0.6
FEED_OUTLETS = 8


def places(
    claims: Sequence[Claim], vectors: NDArray[np.float32], outlet_of: Mapping[str, str]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each claim's document's place among its outlet's documents (every document the run
    read, a document without claims included, in id order) and its outlet's parallel feed
    (`_feeds`; -1 none)."""
    docs = set(outlet_of) | {c.doc for c in claims}
    by_outlet: dict[str, list[str]] = {}
    for d in sorted(docs):
        by_outlet.setdefault(outlet_of.get(d, d), []).append(d)
    place = {d: k for ds in by_outlet.values() for k, d in enumerate(ds)}
    feed_of = _feeds(by_outlet, _lead_rows(claims), vectors)
    return (
        np.array([place[c.doc] for c in claims], dtype=np.int64),
        np.array([feed_of.get(outlet_of.get(c.doc, c.doc), -1) for c in claims], dtype=np.int64),
    )


def _lead_rows(claims: Sequence[Claim]) -> dict[str, int]:
    """Each document's first claim (by span, then id): what its vector stands for it."""
    lead: dict[str, int] = {}
    for i, c in enumerate(claims):
        held = lead.get(c.doc)
        if held is None or (c.span, c.id) < (claims[held].span, claims[held].id):
            lead[c.doc] = i
    return lead


def _feeds(
    by_outlet: Mapping[str, list[str]], lead: Mapping[str, int], vectors: NDArray[np.float32]
) -> dict[str, int]:
    """Outlets that are one parallel feed (paired test collections: the k-th item of each
    is about one thing), numbered: two outlets of equally many documents whose k-th
    documents are more alike than the k-th and the median other at PARALLEL of the places.
    Two feeds of equally many unrelated items (two outlets' headlines of one day) are no
    parallel feed, and their places decide nothing (bench/judge_layouts.py)."""
    by_size: dict[int, list[str]] = {}
    for outlet, docs in sorted(by_outlet.items()):
        if len(docs) > 1:
            by_size.setdefault(len(docs), []).append(outlet)
    dim = vectors.shape[1] if vectors.ndim == 2 else 0
    feed: dict[str, int] = {}
    for n, outlets in sorted(by_size.items()):
        if not 2 <= len(outlets) <= FEED_OUTLETS or not dim:
            continue
        table = np.zeros((len(outlets), n, dim), dtype=np.float32)
        for x, outlet in enumerate(outlets):
            for k, doc in enumerate(by_outlet[outlet]):
                if doc in lead:
                    table[x, k] = vectors[lead[doc]]
        for x in range(len(outlets)):
            for y in range(x + 1, len(outlets)):
                sims = table[x] @ table[y].T
                if (np.diag(sims) > np.median(sims, axis=1)).mean() >= PARALLEL:
                    code = feed.setdefault(outlets[x], len(feed))
                    feed.setdefault(outlets[y], code)
    return feed
