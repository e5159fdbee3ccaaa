"""Nearest-neighbour search over claim and document vectors, shared by the stages.

Exact search up to EXACT_LIMIT rows (scikit-learn, chunked: never an n x n matrix), an HNSW
graph (faiss) above it, so memory stays linear in the number of rows and time near-linear.
Its readers: the stories (documents' centroids, checker/storyfeatures.py), the claim matching
(stories larger than its exact limit, checker/match.py) and the contradiction candidates
(claims within each story, neighbours_within, searched once a run by checker/pipeline.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from numpy.typing import NDArray

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


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """For many small matrix products (one a story, one a pair of documents): BLAS threads
    cost more to start and join than such a product takes, far more on a busy machine (26x on
    3,000 story pairs' features, 2 shared cores). The result is the same: the threads split
    the output, not the sums."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


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
    with one_blas_thread():
        _search_groups(vectors, groups, k, exact_limit, advance, idx, sims)
    return idx, sims


def _search_groups(
    vectors: NDArray[np.float32],
    groups: Sequence[Sequence[int]],
    k: int,
    exact_limit: int,
    advance: Callable[[int], None],
    idx: NDArray[np.int64],
    sims: NDArray[np.float32],
) -> None:
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
