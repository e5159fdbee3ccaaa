"""Cluster equivalent claims across documents.

Candidate pairs come from each claim's k nearest neighbours: exact search up to EXACT_LIMIT
claims (scikit-learn, chunked: never an n x n matrix), an HNSW graph (faiss) above it, so memory stays linear in the number of claims and time near-linear. Pairs are
merged greedily, most similar first, under average linkage computed exactly from
cluster sums (for unit vectors the mean pairwise cosine of A and B is
sum(A)·sum(B) / (|A||B|)), and never across a guard: claims whose stated times do not
overlap (the 2018 Singapore summit is not the 2019 Hanoi summit), or claims that two
different named speakers make.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from checker.records import Claim, Cluster

# Calibrated for all-MiniLM-L6-v2 on MRPC train + STS-B train/dev (bench/calibrate_threshold.py):
# the lowest cosine whose F1 there is within 1% of the maximum (0.714 at 0.76); MRPC val F1 0.808.
DEFAULT_THRESHOLD = 0.72
TOP_K = 10
# Up to this many claims the neighbours are exact (chunked matrix products, time n^2 but
# fast in BLAS); above it an HNSW graph (faiss) finds them in about n log n.
EXACT_LIMIT = 20_000


# Rows searched a call: each row's neighbours do not depend on the others in its call, and
# progress moves between calls.
QUERY_ROWS = 4096


def _in_chunks(
    search: Callable[[NDArray[np.float32]], tuple[NDArray[Any], NDArray[Any]]],
    vectors: NDArray[np.float32],
    advance: Callable[[int], None],
) -> tuple[NDArray[Any], NDArray[Any]]:
    parts = []
    for start in range(0, vectors.shape[0], QUERY_ROWS):
        parts.append(search(vectors[start : start + QUERY_ROWS]))
        advance(min(QUERY_ROWS, vectors.shape[0] - start))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def exact_neighbours(
    vectors: NDArray[np.float32], k: int, advance: Callable[[int], None] = lambda _: None
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Each row's k most similar other rows (indices, cosines), by scikit-learn's brute-force
    search, which works through the rows in chunks of bounded memory."""
    from sklearn import config_context
    from sklearn.neighbors import NearestNeighbors

    search = NearestNeighbors(n_neighbors=k + 1, algorithm="brute", metric="cosine")
    search.fit(vectors)
    with config_context(working_memory=64):  # MiB per chunk of the distance matrix
        distances, idx = _in_chunks(search.kneighbors, vectors, advance)
    sims = (1.0 - distances).astype(np.float32)
    sims[idx == np.arange(len(idx))[:, None]] = -2.0
    return idx.astype(np.int64), sims


def hnsw_neighbours(
    vectors: NDArray[np.float32], k: int, advance: Callable[[int], None] = lambda _: None
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """Approximate k nearest other rows from an HNSW graph built on one thread, so the graph,
    and with it the result, is the same on every run."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        # M 16 keeps 99.5% of the neighbours at cosine >= 0.72 (M 32: 99.65%) and builds
        # twice as fast (measured on 44k AllSides claims).
        index = faiss.IndexHNSWFlat(vectors.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 64
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    finally:
        faiss.omp_set_num_threads(threads)
    index.hnsw.efSearch = 64
    query = np.ascontiguousarray(vectors, dtype=np.float32)
    sims, idx = _in_chunks(lambda rows: index.search(rows, k + 1), query, advance)
    own = idx == np.arange(len(idx))[:, None]
    sims[own | (idx < 0)] = -2.0
    return idx.astype(np.int64), sims


Neighbours = tuple[NDArray[np.int64], NDArray[np.float32]]


def neighbours(
    vectors: NDArray[np.float32],
    k: int,
    exact_limit: int = EXACT_LIMIT,
    advance: Callable[[int], None] = lambda _: None,
) -> Neighbours:
    """Each row's k nearest other rows (indices, cosines; -2 marks no neighbour), exact up
    to exact_limit rows, approximate above. Searched once a run, shared by the stages;
    advance(n) after each chunk of rows searched."""
    n = vectors.shape[0]
    k = min(k, n - 1)
    if k <= 0:
        return np.zeros((n, 0), dtype=np.int64), np.zeros((n, 0), dtype=np.float32)
    search = exact_neighbours if n <= exact_limit else hnsw_neighbours
    return search(vectors, k, advance)


def neighbours_within(
    vectors: NDArray[np.float32],
    groups: Sequence[Sequence[int]],
    k: int,
    exact_limit: int = EXACT_LIMIT,
    advance: Callable[[int], None] = lambda _: None,
) -> Neighbours:
    """Each row's k nearest other rows of its own group (rows of vectors; a row in no group
    has none). Searched group by group, so the work grows with the groups' sizes, not with
    the whole corpus, and a group's result does not depend on the others."""
    n = vectors.shape[0]
    # k + 1 columns: a search may return the row itself among its hits (marked -2).
    idx = np.full((n, k + 1), -1, dtype=np.int64)
    sims = np.full((n, k + 1), -2.0, dtype=np.float32)
    for group in groups:
        rows = np.asarray(sorted(group), dtype=np.int64)
        if len(rows) < 2:
            advance(len(rows))
            continue
        local_idx, local_sims = neighbours(vectors[rows], k, exact_limit, advance)
        width = local_idx.shape[1]
        found = local_idx >= 0
        idx[rows, :width] = np.where(found, rows[np.maximum(local_idx, 0)], -1)
        sims[rows, :width] = np.where(found, local_sims, -2.0)
    return idx, sims


def nearest(found: Neighbours, k: int) -> Neighbours:
    """The k most similar of each row's neighbours."""
    idx, sims = found
    if idx.shape[1] <= k:
        return idx, sims
    top = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(idx, top, axis=1), np.take_along_axis(sims, top, axis=1)


def candidate_pairs(
    vectors: NDArray[np.float32],
    threshold: float,
    k: int = TOP_K,
    exact_limit: int = EXACT_LIMIT,
    found: Neighbours | None = None,
) -> list[tuple[float, int, int]]:
    """(similarity, i, j) with i < j for each row's k nearest rows at or above threshold,
    most similar first."""
    n = vectors.shape[0]
    idx, sims = nearest(found or neighbours(vectors, k, exact_limit), k)
    if idx.shape[1] == 0:
        return []
    rows = np.repeat(np.arange(n), idx.shape[1])
    cols, scores = idx.ravel(), np.round(sims.ravel().astype(np.float64), 5)
    keep = (scores >= threshold) & (cols != rows) & (cols >= 0)
    a = np.minimum(rows, cols)[keep]
    b = np.maximum(rows, cols)[keep]
    scores = scores[keep]
    # (i, j) and (j, i) come from different rows with float noise: keep the higher score.
    order = np.lexsort((-scores, b, a))
    a, b, scores = a[order], b[order], scores[order]
    first = np.ones(len(a), dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    a, b, scores = a[first], b[first], scores[first]
    final = np.lexsort((b, a, -scores))
    return [(float(scores[t]), int(a[t]), int(b[t])) for t in final]


def _years(claim: Claim) -> set[str]:
    return {e for e in claim.entities if e.isdigit()}


def compatible(a: Claim, b: Claim) -> bool:
    """Guards: claims by two different named speakers are different accounts; claims that
    both name years but no year in common, or whose times stated in the text do not
    overlap, are about different events."""
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return False
    years_a, years_b = _years(a), _years(b)
    if years_a and years_b and not years_a & years_b:
        return False
    if a.time.source != "expression" or b.time.source != "expression":
        return True
    return a.time.overlaps(b.time) is not False


@dataclass
class _Guard:
    """What compatible() needs to know of a cluster, kept so that a merge check costs the
    number of distinct year sets, not |A| x |B| claim pairs: at most one named speaker (a
    merge never joins two), the distinct year sets and the years all of them share, and the
    latest start and earliest end of the times stated in the text."""

    speaker: str | None
    years: set[frozenset[str]]
    common: frozenset[str] | None
    start: dt.date | None
    end: dt.date | None

    @classmethod
    def of(cls, claim: Claim) -> _Guard:
        t = claim.time
        stated = t.source == "expression" and None not in (t.start, t.end)
        years = frozenset(_years(claim))
        return cls(
            claim.speaker or None,
            {years} if years else set(),
            years or None,
            t.start if stated else None,
            t.end if stated else None,
        )

    def allows(self, other: _Guard) -> bool:
        """True exactly when every claim of self is compatible() with every claim of other."""
        if self.speaker and other.speaker and self.speaker != other.speaker:
            return False
        times = self.start and self.end and other.start and other.end
        if times and (self.start > other.end or other.start > self.end):  # type: ignore[operator]
            return False
        if self.common is None or other.common is None or self.common & other.common:
            return True  # no years on one side, or a year that every set on both sides holds
        return all(a & b for a in self.years for b in other.years)

    def merge(self, other: _Guard) -> _Guard:
        common = (
            self.common & other.common
            if self.common is not None and other.common is not None
            else self.common
            if other.common is None
            else other.common
        )
        return _Guard(
            self.speaker or other.speaker,
            self.years | other.years,
            common,
            _pick(max, self.start, other.start),
            _pick(min, self.end, other.end),
        )


def _pick(choose: Any, a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return a if b is None else b if a is None else choose(a, b)


def cluster(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    outlets: Mapping[str, str],
    threshold: float = DEFAULT_THRESHOLD,
    found: Neighbours | None = None,
) -> list[Cluster]:
    """Clusters of equivalent claims spanning two or more documents.

    outlets maps a document id to its outlet (or its id when the outlet is unknown).
    found: neighbours already searched, for claims already in id order.
    The result does not depend on the order of claims. Work is linear in the number of
    candidate pairs (k a claim) whatever the clusters' sizes: guards are checked on cluster
    summaries and members are joined smaller into larger.
    """
    order = sorted(range(len(claims)), key=lambda i: claims[i].id)
    if found is not None and order != list(range(len(claims))):
        raise ValueError("neighbours given for claims that are not in id order")
    claims = [claims[i] for i in order]
    vectors = vectors[order] if len(order) else vectors
    parent = list(range(len(claims)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    sums = {i: vectors[i].astype(np.float64) for i in range(len(claims))}
    guards = {i: _Guard.of(c) for i, c in enumerate(claims)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _sim, i, j in candidate_pairs(vectors, threshold, found=found):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        mi, mj = members[ri], members[rj]
        if float(sums[ri] @ sums[rj]) / (len(mi) * len(mj)) < threshold:
            continue
        if not guards[ri].allows(guards[rj]):
            continue
        keep, gone = min(ri, rj), max(ri, rj)
        parent[gone] = keep
        big, small = (mi, mj) if len(mi) >= len(mj) else (mj, mi)
        big.extend(small)
        members[keep] = big
        sums[keep] = sums[ri] + sums[rj]
        guards[keep] = guards[ri].merge(guards[rj])
        del members[gone], sums[gone], guards[gone]
    return _records(claims, vectors, {r: sorted(m) for r, m in members.items()}, sums, outlets)


def _records(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    members: Mapping[int, list[int]],
    sums: Mapping[int, NDArray[np.float64]],
    outlets: Mapping[str, str],
) -> list[Cluster]:
    out: list[Cluster] = []
    for root, idx in members.items():
        docs = {claims[i].doc for i in idx}
        if len(docs) < 2:
            continue
        centroid = sums[root] / np.linalg.norm(sums[root])
        scores = [(-float(vectors[i] @ centroid), claims[i].id) for i in idx]
        representative = min(scores)[1]
        ids = tuple(claims[i].id for i in idx)
        n = len(idx)
        mean_sim = (float(sums[root] @ sums[root]) - n) / (n * (n - 1))
        digest = hashlib.sha256("\n".join(ids).encode()).hexdigest()[:8]
        out.append(
            Cluster(
                id=f"k-{digest}",
                claims=ids,
                representative=representative,
                outlets=tuple(sorted({outlets.get(d, d) for d in docs})),
                similarity=mean_sim,
            )
        )
    return sorted(out, key=lambda c: (-len(c.outlets), -len(c.claims), c.id))
