"""Which pairs of claims the contradiction judge compares.

Four sources, each pair capped by mutual choice (each claim is the other's most similar one
there), so the pairs, and the NLI work, grow linearly with the corpus, never with its square:

- story: claims of two documents of one story that are each other's most similar claim in
  the other document (the aligned statements of two accounts of one event), within a band of
  similarity;
- document: claims of one document by two different named speakers that are each other's
  most similar such claim, where one denies what the other affirms (the extractor's
  polarity, from the parse) or they give numbers or years in one slot;
- thread: the story moving on. Claims of two different stories that share their main actors
  (normalised entities and speakers named in two or more of each story's claims), each the
  other's most similar claim there above a stricter band, both naming one of those actors,
  whose times differ and whose positions changed (polarity, or a number or year in one
  slot); the judge may call such a pair only `temporal`, and only when confident, never a
  conflict between two different events of one kind.

- brief (checker.brief): a claim of a document too small to be grouped (one or two claims)
  and its partner across the corpus, another outlet's claim of the nearest day; two brief
  documents meet through this source only.

No word list decides: the sources read similarity, documents, stories, speakers, polarity,
numbers and entities from the claim records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from checker import brief, rules
from checker import cluster as cluster_stage
from checker.pairing import NEIGHBOURS, TIME_SLACK, Band, Pair, Source, same_time
from checker.records import Claim
from checker.threads import main_actors, slots_clash, threads

DEFAULT_BAND = Band()

__all__ = ["NEIGHBOURS", "TIME_SLACK", "Band", "Pair", "Source", "candidates", "main_actors",
           "same_time", "threads", "within_documents", "within_stories"]  # fmt: skip


def within_stories(
    claims: Sequence[Claim],
    found: cluster_stage.Neighbours,
    low: float,
    cap: int = 1,
) -> list[Pair]:
    """Mutually most similar claims of two documents of one story (found: each claim's
    nearest neighbours within its story); each claim chooses its cap most similar such
    pairs, and a pair stays when either claim chose it."""
    idx, sims = found
    best: dict[tuple[int, str], tuple[float, int]] = {}
    rows, cols = np.nonzero((idx >= 0) & (sims >= low))
    for i, c in zip(rows.tolist(), cols.tolist(), strict=True):
        j = int(idx[i, c])
        if claims[i].doc == claims[j].doc or _same_text(claims[i], claims[j]):
            continue
        key, sim = (i, claims[j].doc), float(sims[i, c])
        if key not in best or (-sim, j) < (-best[key][0], best[key][1]):
            best[key] = (sim, j)
    mutual = {
        (min(i, j), max(i, j), sim)
        for (i, _), (sim, j) in best.items()
        if best.get((j, claims[i].doc), (0.0, -1))[1] == i
    }
    # In a large story a claim has a partner in every other document: each claim chooses
    # its `cap` most similar, and a pair stays when either side chose it. So the pairs stay
    # at most cap a claim as stories grow, and a claim of a new article always keeps its
    # best partner even where that partner's own choice is an older article's claim.
    chosen: dict[int, list[tuple[float, int, int]]] = {}
    for i, j, sim in mutual:
        chosen.setdefault(i, []).append((-sim, min(i, j), max(i, j)))
        chosen.setdefault(j, []).append((-sim, min(i, j), max(i, j)))
    kept = {(i, j): -neg for picks in chosen.values() for neg, i, j in sorted(picks)[:cap]}
    return [Pair(i, j, round(s, 5), "story") for (i, j), s in sorted(kept.items())]


def _same_text(a: Claim, b: Claim) -> bool:
    return " ".join(a.text.lower().split()) == " ".join(b.text.lower().split())


def within_documents(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    readings: Sequence[rules.Reading],
    band: Band,
) -> list[Pair]:
    """Mutually most similar claims of one document by two different named speakers, where
    one denies what the other affirms or they put numbers or years in one slot."""
    by_doc: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        by_doc.setdefault(claim.doc, []).append(i)
    out: list[Pair] = []
    for members in by_doc.values():
        rows = np.array(sorted(members, key=lambda i: (claims[i].span, claims[i].id)))
        speaker = [readings[i].speaker or "" for i in rows]
        named = np.array([bool(s) for s in speaker])
        negative = np.array([readings[i].negative for i in rows])
        block = vectors[rows] @ vectors[rows].T
        gap = np.abs(np.arange(len(rows))[:, None] - np.arange(len(rows))[None, :])
        span = band.window if len(rows) <= band.window else band.near
        codes = np.unique(speaker, return_inverse=True)[1]
        keep = (codes[:, None] != codes[None, :]) & (gap > 0) & (gap < span)
        keep &= named[:, None] & named[None, :]
        keep &= block >= band.document_low
        counted = np.array([bool(readings[i].numbers or readings[i].years) for i in rows])
        keep &= (negative[:, None] != negative[None, :]) | (counted[:, None] & counted[None, :])
        for x, y in zip(*np.nonzero(keep & (negative[:, None] == negative[None, :])), strict=True):
            if x < y and not slots_clash(readings[rows[x]], readings[rows[y]]):
                keep[x, y] = keep[y, x] = False
        best: dict[int, tuple[float, int]] = {}
        for x, y in zip(*np.nonzero(keep), strict=True):
            sim = float(block[x, y])
            if x not in best or (-sim, int(y)) < (-best[x][0], best[x][1]):
                best[int(x)] = (sim, int(y))
        for x, (sim, y) in best.items():
            if x < y and best.get(y, (0.0, -1))[1] == x:
                i, j = sorted((int(rows[x]), int(rows[y])))
                out.append(Pair(i, j, round(sim, 5), "document"))
    return sorted(out, key=lambda p: (p.i, p.j))


def candidates(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    readings: Sequence[rules.Reading],
    story_of: Mapping[str, str] | None = None,
    found: cluster_stage.Neighbours | None = None,
    band: Band = DEFAULT_BAND,
    outlet_of: Mapping[str, str] | None = None,
    published: Mapping[str, dt.date] | None = None,
) -> list[Pair]:
    """Every candidate pair once (a pair that two sources give keeps the first of brief,
    story, document, thread; two brief documents meet through the brief source only, and
    such a pair is judged as one). story_of: document
    -> story (None: one story); found: each claim's nearest neighbours within its story, if
    already searched; outlet_of: document -> outlet (None: each document its own);
    published: document -> publication date, for the brief source's window."""
    story_of = story_of or {c.doc: "" for c in claims}
    if found is None:
        groups: dict[str, list[int]] = {}
        for i, c in enumerate(claims):
            groups.setdefault(story_of.get(c.doc, c.doc), []).append(i)
        found = cluster_stage.neighbours_within(
            vectors, [groups[g] for g in sorted(groups)], NEIGHBOURS
        )
    from threadpoolctl import threadpool_limits

    out: dict[tuple[int, int], Pair] = {}
    # Thousands of small matrix products: a threaded BLAS spends far longer starting its
    # threads on each than computing it (measured 200x slower on 47x47 blocks).
    with threadpool_limits(limits=1, user_api="blas"):
        found_pairs = (
            *(
                Pair(i, j, s, "brief")
                for i, j, s in brief.nearest(
                    claims,
                    vectors,
                    outlet_of,
                    band.brief_claims,
                    band.brief_cap,
                    band.brief_low,
                    published,
                )
            ),
            *within_stories(claims, found, band.story_low, band.story_cap),
            *within_documents(claims, vectors, readings, band),
            *threads(claims, vectors, readings, story_of, band),
        )
    # Two brief documents give the stories too little to go on: the brief source alone
    # pairs them (within its caps and the dates' window).
    short = brief.brief_documents(claims, band.brief_claims)
    for pair in found_pairs:
        a, b = claims[pair.i].doc, claims[pair.j].doc
        if pair.source == "brief" or a == b or not {a, b} <= short:
            out.setdefault((pair.i, pair.j), pair)
    return [out[k] for k in sorted(out)]
