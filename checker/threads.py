"""The thread source of candidates: the story moving on.

Claims of two different stories that share their main actors (normalised entities and speakers
named in two or more of each story's claims), each the other's most similar claim there above
a stricter band, both naming one of those actors, whose times differ and whose positions
changed (polarity, or a number or year in one slot).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from checker import cluster as cluster_stage
from checker import rules
from checker.pairing import Band, Pair, same_time
from checker.records import Claim


def slots_clash(a: rules.Reading, b: rules.Reading) -> bool:
    """Whether two readings give different numbers or years in one slot."""
    return bool(
        rules.clash(a.numbers, b.numbers, "number") or rules.clash(a.years, b.years, "year")
    )


def main_actors(
    claims: Sequence[Claim], readings: Sequence[rules.Reading], story_of: Mapping[str, str]
) -> dict[str, frozenset[str]]:
    """Story id -> the normalised names (entities and speakers) that two or more of its
    claims name."""
    counts: dict[str, Counter[str]] = {}
    for claim, reading in zip(claims, readings, strict=True):
        named = reading.names | ({reading.speaker} if reading.speaker else set())
        counts.setdefault(story_of.get(claim.doc, claim.doc), Counter()).update(named)
    return {s: frozenset(n for n, k in c.items() if k >= 2) for s, c in counts.items()}


def threads(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    readings: Sequence[rules.Reading],
    story_of: Mapping[str, str],
    band: Band,
) -> list[Pair]:
    """Mutually most similar claims of two stories that share band.thread_actors main actors,
    at or above band.thread_low, whose times differ and positions changed (_aligned); each
    story meets at most band.thread_stories others (its most similar by centroid)."""
    rows: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        rows.setdefault(story_of.get(claim.doc, claim.doc), []).append(i)
    ids = sorted(rows)
    if len(ids) < 2:
        return []
    actors = main_actors(claims, readings, story_of)
    centroids = np.array([vectors[rows[s]].sum(axis=0) for s in ids], dtype=np.float32)
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
    # Each story's nearest stories by centroid: the work grows with the number of stories.
    idx, _ = cluster_stage.neighbours(centroids, 4 * band.thread_stories)
    out: set[tuple[int, int, float]] = set()
    for a, story in enumerate(ids):
        partners = [
            int(b)
            for b in idx[a]
            if b >= 0 and len(actors[story] & actors[ids[b]]) >= band.thread_actors
        ][: band.thread_stories]
        for b in partners:
            shared = actors[story] & actors[ids[b]]
            found = _aligned(rows[story], rows[ids[b]], claims, vectors, readings, band.thread_low)
            # Both claims must be about the actors the two stories share.
            out |= {
                (i, j, s)
                for i, j, s in found
                if _about(readings[i], shared) and _about(readings[j], shared)
            }
    return [Pair(i, j, round(s, 5), "thread") for i, j, s in sorted(out)]


def _about(reading: rules.Reading, actors: frozenset[str]) -> bool:
    return bool((reading.names | {reading.speaker or ""}) & actors)


def _aligned(
    left: list[int],
    right: list[int],
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    readings: Sequence[rules.Reading],
    low: float,
) -> set[tuple[int, int, float]]:
    """Mutually most similar claims of two groups, at or above low, whose times differ and
    whose positions changed: one denies what the other affirms, or they put different
    numbers or years in one slot."""
    block = vectors[left] @ vectors[right].T
    out = set()
    down, across = block.argmax(axis=1), block.argmax(axis=0)
    for x, y in enumerate(down.tolist()):
        i, j = left[x], right[y]
        if across[y] != x or block[x, y] < low:
            continue
        if same_time(claims[i].time, claims[j].time) is not False:
            continue
        a, b = readings[i], readings[j]
        if a.negative != b.negative or slots_clash(a, b):
            out.add((min(i, j), max(i, j), float(block[x, y])))
    return out
