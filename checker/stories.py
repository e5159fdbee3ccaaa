"""Group documents into stories: articles about the same news event.

A document is represented by the normalised centroid of its claim vectors, the centroid of its
lead (headline and first claims), its normalised named entities and content words (tf-idf
weighted over the run's corpus), the years its text names and its publication date. Candidate
pairs come from each document's nearest neighbours by centroid (the same exact/HNSW search as
the claims', so the work grows with the corpus, not its square); a logistic model trained on
ECB+ (bench/train_stories.py, parameters in checker/data/stories.json) gives each pair the
probability that both report one event, and documents are merged greedily under average
linkage of that probability. Two articles dated further apart than the model's max_days are
never one story. One article, one story; a story may hold one article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from checker import cluster as cluster_stage
from checker import entities as entity_norm
from checker import params
from checker.records import Claim, Document

DATA = Path(__file__).resolve().parent / "data" / "stories.json"
LEAD_CLAIMS = 3
NEIGHBOURS = 20
_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
_WORD = re.compile(r"[a-z][a-z'’-]{2,}")


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
    max_days: the widest gap between two articles' publication dates in one story."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    max_days: int
    linkage: float = -1.0

    @property
    def mean_needed(self) -> float:
        return self.linkage if self.linkage >= 0 else self.threshold

    @classmethod
    def load(cls, path: Path = DATA) -> StoryModel:
        raw = params.load(path, FEATURES, "bench/train_stories.py")
        return cls(
            tuple(raw["weights"]), raw["bias"], raw["threshold"], raw["max_days"], raw["linkage"]
        )


FEATURES = (
    "centroid", "lead", "aligned", "matched", "entities", "words", "years_same", "years_differ",
    "main_year_same", "main_year_differ",
)  # fmt: skip
# A claim "matches" the other article when its nearest claim there is this similar.
MATCHED_COSINE = 0.75


@lru_cache(maxsize=1)
def default_model() -> StoryModel:
    return StoryModel.load()


@dataclass(frozen=True)
class Profiles:
    """Per-document arrays, rows in document-id order."""

    ids: tuple[str, ...]
    centroid: NDArray[np.float32]
    lead: NDArray[np.float32]
    entities: list[dict[str, float]]
    words: list[dict[str, float]]
    years: list[frozenset[str]]
    main_year: list[str | None]
    published: list[dt.date | None]
    claim_vectors: list[NDArray[np.float32]]


def _unit(v: NDArray[np.float64]) -> NDArray[np.float32]:
    norm = float(np.linalg.norm(v))
    return (v / norm if norm > 0 else v).astype(np.float32)


def _tfidf(counts: list[Counter[str]]) -> list[dict[str, float]]:
    """Sublinear tf-idf, unit length; idf smoothed so a two-document corpus still weighs."""
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(counts)
    out = []
    for c in counts:
        w = {t: (1 + math.log(k)) * math.log((n + 1) / (df[t] + 0.5)) for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        out.append({t: x / norm for t, x in w.items()})
    return out


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more, for when a claim carries no lemmas."""
    return _WORD.findall(text.lower())


def profiles(
    documents: Sequence[Document], claims: Sequence[Claim], vectors: NDArray[np.float32]
) -> Profiles:
    """The representation of each document from its claims and their vectors."""
    docs = sorted(documents, key=lambda d: d.id)
    dim = vectors.shape[1] if vectors.ndim == 2 and vectors.shape[0] else 1
    rows: dict[str, list[int]] = {d.id: [] for d in docs}
    # Reading order, whatever the input order: the lead and every float sum depend on it.
    for i in sorted(range(len(claims)), key=lambda i: (claims[i].span[0], claims[i].id)):
        if claims[i].doc in rows:
            rows[claims[i].doc].append(i)
    centroid = np.zeros((len(docs), dim), dtype=np.float32)
    lead = np.zeros((len(docs), dim), dtype=np.float32)
    ents: list[Counter[str]] = []
    words: list[Counter[str]] = []
    years: list[frozenset[str]] = []
    for r, d in enumerate(docs):
        idx = rows[d.id]
        if idx:
            centroid[r] = _unit(vectors[idx].astype(np.float64).sum(axis=0))
            lead[r] = _unit(vectors[idx[:LEAD_CLAIMS]].astype(np.float64).sum(axis=0))
        names = [e for i in idx for e in claims[i].entities if not e.isdigit()]
        ents.append(Counter(entity_norm.canonical(names, names)))
        lemmas = [w for i in idx for w in _lemmas(claims[i])]
        words.append(Counter(lemmas))
        years.append(frozenset(_YEAR.findall(d.text)))
    return Profiles(
        tuple(d.id for d in docs), centroid, lead, _tfidf(ents), _tfidf(words), years,
        [_main_year(d) for d in docs], [d.published for d in docs], [vectors[rows[d.id]] for d in docs],
    )  # fmt: skip


def _main_year(doc: Document) -> str | None:
    """The year the article is about: its publication year, else the year its text names most
    (the latest of a tie), else None."""
    if doc.published is not None:
        return str(doc.published.year)
    counts = Counter(_YEAR.findall(doc.text))
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def _lemmas(claim: Claim) -> list[str]:
    found = getattr(claim, "lemmas", None)
    return list(found) if found else content_words(claim.text)


def features(p: Profiles, i: int, j: int) -> NDArray[np.float64]:
    """The pair's values of FEATURES."""
    yi, yj = p.years[i], p.years[j]
    both = bool(yi and yj)
    mi, mj = p.main_year[i], p.main_year[j]
    aligned = matched = 0.0
    a, b = p.claim_vectors[i], p.claim_vectors[j]
    if len(a) and len(b):
        sims = a @ b.T
        best_a, best_b = sims.max(axis=1), sims.max(axis=0)
        aligned = float((best_a.mean() + best_b.mean()) / 2)
        matched = float(((best_a >= MATCHED_COSINE).mean() + (best_b >= MATCHED_COSINE).mean()) / 2)
    return np.array(
        [
            float(p.centroid[i] @ p.centroid[j]),
            float(p.lead[i] @ p.lead[j]),
            aligned,
            matched,
            _dot(p.entities[i], p.entities[j]),
            _dot(p.words[i], p.words[j]),
            float(both and bool(yi & yj)),
            float(both and not yi & yj),
            float(mi is not None and mi == mj),
            float(mi is not None and mj is not None and mi != mj),
        ]
    )


def _apart(p: Profiles, i: int, j: int, max_days: int) -> bool:
    a, b = p.published[i], p.published[j]
    return a is not None and b is not None and abs((a - b).days) > max_days


class _Scorer:
    def __init__(self, p: Profiles, model: StoryModel) -> None:
        self.p, self.model = p, model
        self.w = np.array(model.weights, dtype=np.float64)
        self.memo: dict[tuple[int, int], float] = {}

    def __call__(self, i: int, j: int) -> float:
        pair = (min(i, j), max(i, j))
        if pair not in self.memo:
            if _apart(self.p, i, j, self.model.max_days):
                self.memo[pair] = 0.0
            else:
                z = float(features(self.p, *pair) @ self.w) + self.model.bias
                self.memo[pair] = 1.0 / (1.0 + math.exp(-z))
        return self.memo[pair]


def candidates(p: Profiles, k: int = NEIGHBOURS) -> list[tuple[int, int]]:
    """Pairs (i < j) where one is among the other's k nearest documents by centroid."""
    idx, sims = cluster_stage.neighbours(p.centroid, k)
    pairs = {
        (min(i, int(j)), max(i, int(j)))
        for i in range(idx.shape[0])
        for j, s in zip(idx[i], sims[i], strict=True)
        if j >= 0 and s > -2 and int(j) != i
    }
    return sorted(pairs)


def group(p: Profiles, model: StoryModel | None = None) -> list[list[int]]:
    """Rows grouped into stories: greedy average linkage over candidate pairs, most probable
    first, merging while the mean probability between the two groups reaches the threshold."""
    model = model or default_model()
    score = _Scorer(p, model)
    pairs = sorted(
        ((score(i, j), i, j) for i, j in candidates(p)), key=lambda t: (-t[0], t[1], t[2])
    )
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
    centre = _unit(p.centroid[rows].astype(np.float64).sum(axis=0))
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
