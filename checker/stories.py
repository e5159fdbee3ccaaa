"""Group documents into stories: articles about the same news event.

Each candidate pair of documents (checker/storyfeatures.py: profiles, neighbourhood weights,
features) gets from a logistic model trained on ECB+ (bench/train_stories.py, parameters in
checker/data/stories.json) the probability that both report one event, and documents are
merged greedily under average linkage of that probability. Two articles dated further apart
than the model's max_days are never one story. A pair with an undated side has no such guard;
its probability is multiplied by the share of the corpus's dated candidate pairs, at that
probability or above, that the window lets through (Laplace-smoothed: 1 where no dated pair
tells). In a corpus of one event per kind and week (ECB+) most are, and an undated article
joins as before; in years of coverage of recurring topics (AllSides) few are, and an undated
article needs far more than a shared topic. One article, one story; a story may hold one
article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from checker import cluster as cluster_stage
from checker import params
from checker.records import Claim, Document
from checker.storyfeatures import (
    FEATURES,
    Profiles,
    candidates,
    features,
    localise,
    neighbourhood,
    profiles,
    unit,
)

DATA = Path(__file__).resolve().parent / "data" / "stories.json"


@dataclass(frozen=True)
class Story:
    """Articles about one news event."""

    id: str
    documents: tuple[str, ...]
    outlets: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None
    label: str


@dataclass(frozen=True)
class StoryModel:
    """Logistic weights over FEATURES; threshold: the probability from which a pair may
    join two groups; linkage: the mean probability between the groups that a merge needs;
    max_days: the widest gap between two articles' publication dates in one story;
    discount_undated: whether undated pairs are discounted by the corpus's dated pairs."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    max_days: int
    linkage: float = -1.0
    discount_undated: bool = True

    @property
    def mean_needed(self) -> float:
        return self.linkage if self.linkage >= 0 else self.threshold

    @classmethod
    def load(cls, path: Path = DATA) -> StoryModel:
        raw = params.load(path, FEATURES, "bench/train_stories.py")
        return cls(
            tuple(raw["weights"]), raw["bias"], raw["threshold"], raw["max_days"],
            raw["linkage"], raw.get("discount_undated", True),
        )  # fmt: skip


@lru_cache(maxsize=1)
def default_model() -> StoryModel:
    return StoryModel.load()


def _apart(p: Profiles, i: int, j: int, max_days: int) -> bool:
    a, b = p.published[i], p.published[j]
    return a is not None and b is not None and abs((a - b).days) > max_days


class _Scorer:
    def __init__(
        self, p: Profiles, model: StoryModel, table: dict[tuple[int, int], NDArray[np.float64]]
    ) -> None:
        self.p, self.model, self.table = p, model, table
        self.w = np.array(model.weights, dtype=np.float64)
        self.memo: dict[tuple[int, int], float] = {}
        # Dated candidate pairs' probabilities, ascending, and how many from each on are
        # within max_days: set by window().
        self.dated = np.zeros(0)
        self.within_from = np.zeros(1)

    def raw(self, i: int, j: int) -> float:
        """The model's probability, before the date window."""
        pair = (min(i, j), max(i, j))
        if pair not in self.table:
            self.table[pair] = features(self.p, *pair)
        z = float(self.table[pair] @ self.w) + self.model.bias
        return 1.0 / (1.0 + math.exp(-z))

    def window(self, pairs: Sequence[tuple[int, int]]) -> None:
        """Learn from the dated candidate pairs how often the window lets a pair through."""
        published = self.p.published
        rows = sorted(
            (self.raw(i, j), not _apart(self.p, i, j, self.model.max_days))
            for i, j in pairs
            if published[i] is not None and published[j] is not None
        )
        self.dated = np.array([prob for prob, _ in rows])
        inside = np.array([float(ok) for _, ok in rows])
        self.within_from = np.append(np.cumsum(inside[::-1])[::-1], 0.0)

    def passes(self, prob: float) -> float:
        """The smoothed share of dated candidate pairs at prob or above within max_days."""
        at = int(np.searchsorted(self.dated, prob, side="left"))
        return float((self.within_from[at] + 1) / (len(self.dated) - at + 1))

    def __call__(self, i: int, j: int) -> float:
        pair = (min(i, j), max(i, j))
        if pair not in self.memo:
            if _apart(self.p, i, j, self.model.max_days):
                self.memo[pair] = 0.0
            else:
                prob = self.raw(*pair)
                undated = self.p.published[i] is None or self.p.published[j] is None
                if undated and self.model.discount_undated:
                    prob *= self.passes(prob)
                self.memo[pair] = prob
        return self.memo[pair]


def group(
    p: Profiles,
    model: StoryModel | None = None,
    table: dict[tuple[int, int], NDArray[np.float64]] | None = None,
) -> list[list[int]]:
    """Rows grouped into stories: greedy average linkage over candidate pairs, most probable
    first, merging while the mean probability between the two groups reaches the threshold.
    table: pair features already computed for p (filled as computed), to try several models."""
    with cluster_stage.one_blas_thread():  # one small product a pair
        return _group(p, model or default_model(), {} if table is None else table)


def _group(
    p: Profiles, model: StoryModel, table: dict[tuple[int, int], NDArray[np.float64]]
) -> list[list[int]]:
    found = neighbourhood(p)
    p = localise(p, found)
    score = _Scorer(p, model, table)
    near = candidates(found)
    score.window(near)
    pairs = sorted(((score(i, j), i, j) for i, j in near), key=lambda t: (-t[0], t[1], t[2]))
    parent = list(range(len(p.ids)))
    members: dict[int, list[int]] = {i: [i] for i in parent}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for prob, i, j in pairs:
        if prob < model.threshold:
            break
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        a, b = members[ri], members[rj]
        # An undated article must not bridge two dated ones that are weeks apart.
        if any(_apart(p, x, y, model.max_days) for x in a for y in b):
            continue
        mean = sum(score(x, y) for x in a for y in b) / (len(a) * len(b))
        if mean < model.mean_needed:
            continue
        keep, gone = min(ri, rj), max(ri, rj)
        parent[gone] = keep
        members[keep] = sorted(a + b)
        del members[gone]
    return sorted(members.values())


def _label(docs: Sequence[Document], rows: list[int], p: Profiles) -> str:
    centre = unit(p.centroid[rows].astype(np.float64).sum(axis=0))
    best = min(rows, key=lambda r: (-float(p.centroid[r] @ centre), p.ids[r]))
    doc = docs[best]
    return (doc.title or doc.text[:80]).strip()


def stories(
    documents: Sequence[Document],
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    model: StoryModel | None = None,
) -> list[Story]:
    """Every document in exactly one story; the result does not depend on input order."""
    docs = sorted(documents, key=lambda d: d.id)
    p = profiles(docs, claims, vectors)
    out = []
    for rows in group(p, model):
        ids = tuple(p.ids[r] for r in rows)
        dates = sorted(d for r in rows if (d := docs[r].published) is not None)
        out.append(
            Story(
                id="s-" + hashlib.sha256("\n".join(ids).encode()).hexdigest()[:8],
                documents=ids,
                outlets=tuple(sorted({docs[r].outlet or docs[r].id for r in rows})),
                start=dates[0] if dates else None,
                end=dates[-1] if dates else None,
                label=_label(docs, rows, p),
            )
        )
    return sorted(out, key=lambda s: (-len(s.documents), s.id))


def story_of(found: Sequence[Story]) -> dict[str, str]:
    """Document id -> story id."""
    return {d: s.id for s in found for d in s.documents}
