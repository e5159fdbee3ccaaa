"""Document profiles and pair features for story grouping (checker/stories.py).

A document is represented by the normalised centroid of its claim vectors, the centroid of its
lead (headline and first claims), its normalised named entities and content words, the years
its text names and its publication date. Names and words are tf-idf weighted twice: over the
run's corpus, and over the document's neighbourhood (its nearest documents by centroid), where
the words that every article of a kind of event uses ("earthquake", "magnitude") weigh little
and those that tell one such event from another (the place, the people) weigh much: two
earthquakes are two stories. Candidate pairs come from each document's nearest neighbours by
centroid (the same exact/HNSW search as the claims', so the work grows with the corpus, not
its square).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from checker import cluster as cluster_stage
from checker import entities as entity_norm
from checker.records import Claim, Document

LEAD_CLAIMS = 3
NEIGHBOURS = 20
_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


def years_named(text: str) -> list[str]:
    """The years a text names, in order, as the stories stage reads them (a document kept
    without its text after extraction keeps just these)."""
    return _YEAR.findall(text)


_WORD = re.compile(r"[a-z][a-z'’-]{2,}")

FEATURES = (
    "centroid", "lead", "aligned", "matched", "entities", "words", "years_same", "years_differ",
    "main_year_same", "main_year_differ", "local_words", "local_entities",
)  # fmt: skip
# A claim "matches" the other article when its nearest claim there is this similar.
MATCHED_COSINE = 0.75


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
    entity_counts: list[Counter[str]]
    word_counts: list[Counter[str]]
    # Weighted over each document's neighbourhood: set by localise().
    local_entities: list[dict[str, float]] = field(default_factory=list)
    local_words: list[dict[str, float]] = field(default_factory=list)


def unit(v: NDArray[np.float64]) -> NDArray[np.float32]:
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
    # The shared terms only, found in C (a few of each profile's hundred); fsum rounds
    # exactly, so the set's order, which varies with the hash seed, never shows.
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


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
            centroid[r] = unit(vectors[idx].astype(np.float64).sum(axis=0))
            lead[r] = unit(vectors[idx[:LEAD_CLAIMS]].astype(np.float64).sum(axis=0))
        names = [e for i in idx for e in claims[i].entities if not e.isdigit()]
        ents.append(Counter(_names(claims, idx, names)))
        lemmas = [w for i in idx for w in _lemmas(claims[i])]
        words.append(Counter(lemmas))
        years.append(frozenset(years_named(d.text)))
    return Profiles(
        tuple(d.id for d in docs), centroid, lead, _tfidf(ents), _tfidf(words), years,
        [_main_year(d) for d in docs], [d.published for d in docs], [vectors[rows[d.id]] for d in docs],
        ents, words,
    )  # fmt: skip


def _names(claims: Sequence[Claim], rows: Sequence[int], article: list[str]) -> list[str]:
    """The normalised names of the claims, once per claim that names them."""
    resolve = entity_norm.surnames(article)
    return [
        e for i in rows
        for e in entity_norm.resolved([n for n in claims[i].entities if not n.isdigit()], resolve)
    ]  # fmt: skip


def _local_tfidf(counts: list[Counter[str]], idx: NDArray[np.int64]) -> list[dict[str, float]]:
    """Sublinear tf-idf, unit length, with each document's document frequencies counted over
    itself and its neighbours (rows of idx; -1 for none)."""
    import scipy.sparse as sparse

    n = len(counts)
    vocab = {t: k for k, t in enumerate(sorted({t for c in counts for t in c}))}
    rows = [r for r, c in enumerate(counts) for _ in c]
    cols = [vocab[t] for c in counts for t in c]
    present = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocab)))
    near = np.c_[np.arange(n), idx] if idx.size else np.arange(n)[:, None]
    valid = near >= 0
    hood = sparse.csr_matrix(
        (np.ones(int(valid.sum())), (np.nonzero(valid)[0], near[valid])), shape=(n, n)
    )
    df = (hood @ present).tocsr()
    size = valid.sum(axis=1)
    out = []
    for r, c in enumerate(counts):
        row = df[r]
        found = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        w = {
            t: (1 + math.log(k)) * math.log((size[r] + 1) / (found[vocab[t]] + 0.5))
            for t, k in c.items()
        }
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        out.append({t: x / norm for t, x in w.items()})
    return out


def neighbourhood(p: Profiles, k: int = NEIGHBOURS) -> cluster_stage.Neighbours:
    """Each document's k nearest documents by centroid."""
    return cluster_stage.neighbours(p.centroid, k)


def localise(p: Profiles, found: cluster_stage.Neighbours) -> Profiles:
    """p with its names and words weighted over each document's neighbourhood."""
    idx = found[0]
    return replace(
        p,
        local_entities=_local_tfidf(p.entity_counts, idx),
        local_words=_local_tfidf(p.word_counts, idx),
    )


def _main_year(doc: Document) -> str | None:
    """The year the article is about: its publication year, else the year its text names most
    (the latest of a tie), else None."""
    if doc.published is not None:
        return str(doc.published.year)
    counts = Counter(years_named(doc.text))
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
            _dot(p.local_words[i], p.local_words[j]) if p.local_words else 0.0,
            _dot(p.local_entities[i], p.local_entities[j]) if p.local_entities else 0.0,
        ]
    )


def candidates(found: cluster_stage.Neighbours) -> list[tuple[int, int]]:
    """Pairs (i < j) where one is among the other's nearest documents (from neighbourhood)."""
    idx, sims = found
    pairs = {
        (min(i, int(j)), max(i, int(j)))
        for i in range(idx.shape[0])
        for j, s in zip(idx[i], sims[i], strict=True)
        if j >= 0 and s > -2 and int(j) != i
    }
    return sorted(pairs)


def prepare(
    documents: Sequence[Document], claims: Sequence[Claim], vectors: NDArray[np.float32]
) -> tuple[Profiles, list[tuple[int, int]]]:
    """Localised profiles and candidate pairs, as group() computes them (for training)."""
    p = profiles(documents, claims, vectors)
    found = neighbourhood(p)
    return localise(p, found), candidates(found)
