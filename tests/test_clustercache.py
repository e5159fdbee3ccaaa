"""Each story's clusters kept in the run's cache (checker.clustercache)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from checker import clustercache, concurrency, embed, match, stagework
from checker.records import Cluster

from .conftest import checker_imports
from .test_streaming import two_story_seeds


def stories() -> list[match.StoryClaims]:
    claims, vectors, story_of, outlets, scorer = two_story_seeds()
    return match.split(claims, vectors, story_of, outlets, scorer)


def test_a_story_is_clustered_once_and_read_back_the_same(tmp_path: Path) -> None:
    parts = stories()
    calls: list[int] = []

    def compute(todo: list[match.StoryClaims]) -> list[list[Cluster]]:
        calls.append(len(todo))
        return [match.cluster_story(s) for s in todo]

    cache = embed.EmbeddingCache(tmp_path)
    try:
        first, fresh = clustercache.clustered(parts, compute, cache)
        again, none = clustercache.clustered(parts, compute, cache)
    finally:
        cache.close()
    assert any(first) and again == first and calls == [2, 0] and (fresh, none) == (2, 0)


def test_the_key_changes_with_a_claim_the_vectors_or_the_matcher() -> None:
    part = stories()[0]
    key = clustercache.story_key(part)
    assert clustercache.story_key(dataclasses.replace(part)) == key
    edited = (dataclasses.replace(part.claims[0], text=part.claims[0].text + "!"),)
    changed = [
        dataclasses.replace(part, claims=edited + part.claims[1:]),
        dataclasses.replace(part, vectors=part.vectors + np.float32(1e-7)),
        dataclasses.replace(part, scorer=dataclasses.replace(part.scorer, threshold=0.123)),
        dataclasses.replace(part, outlets=part.outlets[:-1]),
    ]
    assert all(clustercache.story_key(p) != key for p in changed)


def test_the_stage_gives_the_same_clusters_with_the_cache_or_without(tmp_path: Path) -> None:
    claims, vectors, story_of, outlets, scorer = two_story_seeds()
    bench = concurrency.Workbench(concurrency.ModelSpec("m", "n", Path("models")))
    run = concurrency.InProcess(bench)
    plain = stagework.cluster_stories(claims, vectors, story_of, outlets, scorer, run)
    cache = embed.EmbeddingCache(tmp_path)
    try:
        for _ in range(2):
            cached = stagework.cluster_stories(
                claims, vectors, story_of, outlets, scorer, run, cache
            )
            assert cached == plain
    finally:
        cache.close()


def test_the_version_covers_every_module_clustering_imports() -> None:
    assert checker_imports("match") - {"errors", "params"} <= set(clustercache.MODULES)
