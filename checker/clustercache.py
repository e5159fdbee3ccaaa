"""Each story's claim clusters kept in the run's cache (the embedding cache's text table).

Stories are clustered independently (checker.match.split), so a story whose claims, vectors,
outlets and matcher are all as before has the clusters it had: a warm run, or one that adds a
few articles to a large corpus, clusters only the stories that changed (at 1,000 AllSides
articles the clustering took 4-6 s of every run). The key covers everything cluster_story
reads: each claim record whole, the story's vectors to the bit, its documents' outlets, the
matcher's weights and bars and the limits, and the source of the modules that cluster.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from checker.embed import EmbeddingCache
from checker.match import StoryClaims
from checker.models import nlp
from checker.records import Cluster

# The modules whose code decides a story's clusters (tests/test_clustercache.py checks
# that match imports no other checker module).
MODULES = (
    "match",
    "matchpairs",
    "matchscore",
    "cluster",
    "entities",
    "countries",
    "records",
    "clustercache",
)

Compute = Callable[[list[StoryClaims]], list[list[Cluster]]]


@lru_cache(maxsize=1)
def version() -> str:
    return "clusters:" + nlp.results_version(MODULES)[:24]


def story_key(work: StoryClaims) -> str:
    """A digest of everything a story's clustering reads."""
    digest = hashlib.sha256(version().encode())
    # Frozen dataclasses of strings, numbers, dates and tuples: their repr is exact.
    digest.update(repr((work.scorer, work.neighbours, work.full_limit, work.outlets)).encode())
    for claim in work.claims:
        digest.update(repr(claim).encode("utf-8"))
    digest.update(np.ascontiguousarray(work.vectors, dtype=np.float32).tobytes())
    return digest.hexdigest()


def to_json(clusters: Sequence[Cluster]) -> str:
    return json.dumps(
        [[c.id, list(c.claims), c.representative, list(c.outlets), c.similarity] for c in clusters]
    )


def from_json(text: str) -> list[Cluster]:
    return [
        Cluster(str(r[0]), tuple(r[1]), str(r[2]), tuple(r[3]), float(r[4]))
        for r in json.loads(text)
    ]


def clustered(
    stories: list[StoryClaims], compute: Compute, cache: EmbeddingCache | None
) -> tuple[list[list[Cluster]], int]:
    """Each story's clusters, in order, and how many stories were clustered (not cached):
    from the cache where its key is known, the others computed together (compute: stories
    -> each one's clusters) and cached."""
    if cache is None:
        return compute(stories), len(stories)
    keys = [story_key(s) for s in stories]
    known = {k: from_json(v) for k, v in cache.get_texts(version(), sorted(set(keys))).items()}
    todo = [i for i, k in enumerate(keys) if k not in known]
    fresh = compute([stories[i] for i in todo])
    found = {keys[i]: found for i, found in zip(todo, fresh, strict=True)}
    if found:
        cache.put_texts(version(), {k: to_json(v) for k, v in found.items()})
    known.update(found)
    return [known[k] for k in keys], len(todo)
