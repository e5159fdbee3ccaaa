"""The nearest-neighbour search that the stages share (checker/cluster.py)."""

from __future__ import annotations

import numpy as np
import pytest

from checker.cluster import neighbours, neighbours_within


def _vectors(n: int, seed: int, dim: int = 8) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("n", [1, 2, 600])
def test_exact_neighbours_are_the_most_similar_other_rows(n: int) -> None:
    v = _vectors(n, n)
    idx, sims = neighbours(v, 5)
    assert idx.shape[0] == n
    full = v @ v.T
    np.fill_diagonal(full, -np.inf)
    for i in range(n):
        hits = [(int(j), float(s)) for j, s in zip(idx[i], sims[i], strict=True) if s > -2]
        assert all(j != i and abs(s - full[i, j]) < 1e-4 for j, s in hits)
        assert len(hits) == min(5, n - 1)
        assert sorted(j for j, _ in hits) == sorted(np.argsort(-full[i])[: len(hits)].tolist())


def test_hnsw_search_finds_the_exact_neighbours_and_is_repeatable() -> None:
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(60, 32))
    v = np.repeat(centres, 25, axis=0) + rng.normal(scale=0.15, size=(1500, 32))
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    exact_idx, _ = neighbours(v, 10)
    approx_idx, approx_sims = neighbours(v, 10, exact_limit=0)
    wanted = {(i, int(j)) for i in range(len(v)) for j in exact_idx[i] if j != i}
    found = {(i, int(j)) for i in range(len(v)) for j in approx_idx[i] if j >= 0 and j != i}
    assert len(found & wanted) >= 0.98 * len(wanted)
    for i in range(0, len(v), 97):
        for j, s in zip(approx_idx[i], approx_sims[i], strict=True):
            assert s == -2.0 or abs(float(s) - float(v[i] @ v[j])) < 1e-4
    again_idx, again_sims = neighbours(v, 10, exact_limit=0)
    assert np.array_equal(again_idx, approx_idx) and np.array_equal(again_sims, approx_sims)


def test_neighbours_within_never_cross_a_group() -> None:
    v = _vectors(40, 3)
    # Even rows, rows 1, 5, 9, ..., row 3 alone; rows 7, 11, ... in no group.
    groups = [list(range(0, 40, 2)), list(range(1, 40, 4)), [3]]
    idx, sims = neighbours_within(v, groups, 4)
    group_of = {r: g for g, rows in enumerate(groups) for r in rows}
    for i in range(40):
        hits = [int(j) for j, s in zip(idx[i], sims[i], strict=True) if s > -2 and j >= 0]
        if i in group_of and i != 3:
            assert len(hits) == 4 and all(group_of[j] == group_of[i] and j != i for j in hits)
        else:  # alone or in no group: no neighbours
            assert hits == []
    # A group's result does not depend on the other groups.
    alone, _ = neighbours_within(v, [groups[0]], 4)
    assert np.array_equal(alone[groups[0]], idx[groups[0]])
