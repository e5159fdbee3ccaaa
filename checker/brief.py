"""Candidates for brief documents: one or two claims, too little to be grouped reliably.

A document of one or two claims (a headline, a wire brief, a one-sentence statement) gives the
stories stage almost nothing to group by, so a differing account of it is as likely to sit in
another story as in its own (on NLI pairs turned into corpora, half the contradictions do).
Such a claim is compared instead with its nearest claims across the corpus: claims of other
outlets' documents, at a time that can be the same (the dates' window of `same_time`), each
claim choosing its `cap` most similar partner texts. So the pairs stay at most cap a brief
claim, whatever the corpus.

Copies of one text (wire copy, a statement quoted by several outlets, a premise reused by
several benchmark pairs) are one partner: a claim meets the copy published nearest its own
time, then the first by claim id; and two texts are compared once, between the copies nearest
in time. A reply answers what was said nearest it in time, and a reviewer needs one finding
for one pair of statements, not one for each outlet that reprinted them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from checker import feeds
from checker.records import Claim

CHUNK = 512
# Reports of the same fortnight describe the same state of affairs (candidates.TIME_SLACK).
SLACK = 14
UNKNOWN = -(10**9)


def brief_documents(claims: Sequence[Claim], most: int) -> set[str]:
    """Documents with at least one and at most `most` claims."""
    counts: dict[str, int] = {}
    for c in claims:
        counts[c.doc] = counts.get(c.doc, 0) + 1
    return {d for d, n in counts.items() if n <= most}


def _days(
    claims: Sequence[Claim], published: Mapping[str, dt.date]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """Each claim's first and last day as ordinals and whether its time is known: its
    document's publication date where known, else the claim's own time. A date a claim
    states ("founded in 1955") is what a contradiction may turn on, not when it was
    reported: two brief items of one day that date one thing differently must meet
    (VitaminC as a corpus lost 213 of 611 refutations so, bench/judge.md)."""

    def bounds(c: Claim) -> tuple[int, int]:
        day = published.get(c.doc)
        if day is not None:
            return day.toordinal(), day.toordinal()
        start, end = c.time.start, c.time.end
        return (start.toordinal() if start else UNKNOWN, end.toordinal() if end else UNKNOWN)

    pairs = [bounds(c) for c in claims]
    start = np.array([a for a, _ in pairs], dtype=np.int64)
    end = np.array([b for _, b in pairs], dtype=np.int64)
    known = (start != UNKNOWN) & (end != UNKNOWN)
    return start, end, known


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class _Table:
    """What a choice reads of each claim, as arrays."""

    outlet: NDArray[np.int64]
    text: NDArray[np.int64]
    start: NDArray[np.int64]
    end: NDArray[np.int64]
    slack: NDArray[np.int64]
    known: NDArray[np.bool_]
    rank: NDArray[np.int64]
    # Each claim's document's place in its outlet's documents (by id), and the parallel feed
    # its outlet belongs to (-1 none): see _aligned.
    place: NDArray[np.int64]
    feed: NDArray[np.int64]

    @classmethod
    def of(
        cls,
        claims: Sequence[Claim],
        vectors: NDArray[np.float32],
        outlet_of: Mapping[str, str],
        published: Mapping[str, dt.date],
    ) -> _Table:
        outlets = [outlet_of.get(c.doc, c.doc) for c in claims]
        # A text denied is not a copy of the text stated ("X denied that Y" gives "Y").
        texts = [f"{_norm(c.text)}\0{c.polarity}" for c in claims]
        start, end, known = _days(claims, published)
        # Claim ids decide ties, so the choice does not depend on the order of the input.
        rank = np.empty(len(claims), dtype=np.int64)
        rank[sorted(range(len(claims)), key=lambda i: claims[i].id)] = np.arange(len(claims))
        place, feed = feeds.places(claims, vectors, outlet_of)
        return cls(
            _codes(outlets), _codes(texts), start, end,
            np.where(end - start < SLACK, SLACK, 0), known, rank, place, feed,
        )  # fmt: skip


def _codes(values: Sequence[str]) -> NDArray[np.int64]:
    code = {v: k for k, v in enumerate(sorted(set(values)))}
    return np.array([code[v] for v in values], dtype=np.int64)


def nearest(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    outlet_of: Mapping[str, str] | None = None,
    most: int = 2,
    cap: int = 1,
    low: float = 0.0,
    published: Mapping[str, dt.date] | None = None,
) -> list[tuple[int, int, float]]:
    """(i, j, cosine), i < j: claims of brief documents (at most `most` claims) and their
    partners, each the other's choice: a brief claim chooses `cap` partner texts among
    claims of other outlets' documents whose time can be the same as its own (`_choose`: the
    nearest day first, then the same place in a parallel feed, then the most similar), at
    cosine >= low; a claim of a longer document
    chooses the same way among brief claims only (its own document's story gives it its
    other partners). Once for each two texts, between their copies nearest in time.
    published: document -> publication date (a claim's own time stands in where absent)."""
    brief = brief_documents(claims, most)
    queries = np.array([i for i, c in enumerate(claims) if c.doc in brief], dtype=np.int64)
    if not len(queries) or len(claims) < 2:
        return []
    table = _Table.of(claims, vectors, outlet_of or {}, published or {})
    every = np.arange(len(claims))
    chosen = _choices(table, vectors, queries, every, cap, low)
    partners = sorted({j for js in chosen.values() for j in js} - set(chosen))
    chosen.update(_choices(table, vectors, np.array(partners, dtype=np.int64), queries, cap, low))
    # Copies of a text choose as one: two texts are each other's choice when some copy of
    # each chose the other.
    texts_chosen: dict[int, set[int]] = {}
    for i, js in chosen.items():
        texts_chosen.setdefault(int(table.text[i]), set()).update(int(table.text[j]) for j in js)
    kept: dict[tuple[int, int], tuple[float, tuple[float, bool], str]] = {}
    for i, js in chosen.items():
        for j in js:
            if int(table.text[i]) in texts_chosen.get(int(table.text[j]), set()):
                key = (min(i, j), max(i, j))
                ids = "\n".join(sorted((claims[i].id, claims[j].id)))
                near = (
                    _gap(table, i, j),
                    not bool(_aligned(table, np.array([i]), np.array([j]))[0, 0]),
                )
                kept[key] = (float(vectors[i] @ vectors[j]), near, ids)
    texts = [int(t) for t in table.text]
    return sorted(
        (i, j, round(s, 5)) for (i, j), (s, _, _) in _capped(_by_texts(kept, texts), cap).items()
    )


def _capped(
    pairs: dict[tuple[int, int], tuple[float, tuple[float, bool], str]], cap: int
) -> dict[tuple[int, int], tuple[float, tuple[float, bool], str]]:
    """At most cap pairs a claim: a copy can bring its text's choice to another copy, so
    the nearest pairs (in time, then aligned, then most similar) are kept first."""
    held: dict[int, int] = {}
    out = {}
    for key, value in sorted(pairs.items(), key=lambda kv: (kv[1][1], -kv[1][0], kv[1][2])):
        i, j = key
        if held.get(i, 0) < cap and held.get(j, 0) < cap:
            held[i], held[j] = held.get(i, 0) + 1, held.get(j, 0) + 1
            out[key] = value
    return out


def _gap(table: _Table, i: int, j: int) -> float:
    if not (table.known[i] and table.known[j]):
        return math.inf
    return float(abs((table.start[i] + table.end[i]) / 2 - (table.start[j] + table.end[j]) / 2))


def _choices(
    table: _Table,
    vectors: NDArray[np.float32],
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    cap: int,
    low: float,
) -> dict[int, list[int]]:
    """Each row's `cap` chosen partners among cols: other outlets, other texts, a time that
    can be the same, cosine >= low."""
    out: dict[int, list[int]] = {}
    t = table
    # Rows in date order, so that a chunk meets only the claims of its dates' window: the
    # work grows with the claims of a window, not with the corpus, where dates are known.
    rows = rows[np.lexsort((rows, t.start[rows], ~t.known[rows]))]
    every = cols
    for at in range(0, len(rows), CHUNK):
        r = rows[at : at + CHUNK]
        cols = every
        if t.known[r].all():
            lo, hi = (t.start[r] - t.slack[r]).min(), (t.end[r] + t.slack[r]).max()
            near = (t.start[cols] - t.slack[cols] <= hi) & (t.end[cols] + t.slack[cols] >= lo)
            cols = cols[near | ~t.known[cols]]
        sims = vectors[r] @ vectors[cols].T
        ok = (t.outlet[r][:, None] != t.outlet[cols][None, :]) & (
            t.text[r][:, None] != t.text[cols][None, :]
        )
        ok &= sims >= low
        window = (t.start[r] - t.slack[r])[:, None] <= (t.end[cols] + t.slack[cols])[None, :]
        window &= (t.start[cols] - t.slack[cols])[None, :] <= (t.end[r] + t.slack[r])[:, None]
        ok &= window | ~t.known[r][:, None] | ~t.known[cols][None, :]
        middle_r, middle_c = (t.start[r] + t.end[r]) / 2, (t.start[cols] + t.end[cols]) / 2
        gap = np.abs(middle_r[:, None] - middle_c[None, :])
        gap = np.where(t.known[r][:, None] & t.known[cols][None, :], gap, np.inf)
        apart = ~_aligned(t, r, cols)
        for k, i in enumerate(r.tolist()):
            pool = np.flatnonzero(ok[k])
            picked = _choose(pool, sims[k], gap[k], apart[k], t.rank[cols], t.text[cols], cap)
            out[i] = [int(cols[p]) for p in picked]
    return out


def _aligned(t: _Table, rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Whether two claims' documents stand at one place in two outlets of one parallel feed
    (checker.feeds): the k-th of each. Where the dates cannot tell paired items apart the place
    can; outlets that are no parallel feed are never aligned, so on ordinary news this
    decides nothing."""
    same_place = t.place[rows][:, None] == t.place[cols][None, :]
    same_feed = t.feed[rows][:, None] == t.feed[cols][None, :]
    aligned: NDArray[np.bool_] = same_place & same_feed & (t.feed[rows][:, None] >= 0)
    return aligned


def _choose(
    pool: NDArray[np.intp],
    sims: NDArray[np.float32],
    gap: NDArray[np.float64],
    apart: NDArray[np.bool_],
    rank: NDArray[np.int64],
    text: NDArray[np.int64],
    cap: int,
) -> list[int]:
    """The `cap` distinct texts of pool nearest in time (whole days apart), then aligned
    in a parallel feed (_aligned), then most similar, then first by claim id; copies of one
    text have one cosine, so the copy nearest in time stands for them."""
    if not len(pool):
        return []
    keys = (rank[pool], -sims[pool], apart[pool], np.floor(gap[pool]))
    order = pool[np.lexsort(keys)]
    out: list[int] = []
    seen: set[int] = set()
    for j in order.tolist():
        if int(text[j]) in seen:
            continue
        seen.add(int(text[j]))
        out.append(j)
        if len(out) == cap:
            break
    return out


def _by_texts(
    chosen: dict[tuple[int, int], tuple[float, tuple[float, bool], str]], texts: Sequence[int]
) -> dict[tuple[int, int], tuple[float, tuple[float, bool], str]]:
    """One pair for each two texts: the one whose claims are nearest in time, then the first
    by claim ids."""
    best: dict[tuple[int, int], tuple[int, int]] = {}
    for key, (_, gap, ids) in chosen.items():
        i, j = key
        texts_of = (min(texts[i], texts[j]), max(texts[i], texts[j]))
        held = best.get(texts_of)
        if held is None or (gap, ids) < (chosen[held][1], chosen[held][2]):
            best[texts_of] = key
    return {key: chosen[key] for key in best.values()}
