"""Event-level claim matching within a story: a pairwise scorer and the clustering over it.

The scorer is a logistic model over FEATURES (trained by bench/train_matcher.py on ECB+ train
topics plus MRPC and STS-B; weights in checker/data/matcher.json, inference here in numpy).
Within each story, each claim is scored against its NEIGHBOURS nearest claims of other
documents (so the work grows with story sizes, not the corpus: at most n * NEIGHBOURS pairs for
a story of n claims) and claims are merged greedily under average linkage of the probability, a
pair never scored counting 0. The merge threshold (cluster_threshold) was chosen on the ECB+
dev topics' same-event F1 of the clusters and is never below the scorer's same-event
threshold; a cluster holds claims of two or more documents.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from checker import entities as entity_norm
from checker import params
from checker.records import Claim, Cluster

DATA = Path(__file__).resolve().parent / "data" / "matcher.json"
# Each claim is scored against this many of its nearest claims of other documents in its story.
NEIGHBOURS = 40
EXACT_LIMIT = 4096
# A cluster is one fact, not one event: within a story nearly every pair reports the same
# event, so the scorer's probability alone merges whole stories. Pairs less similar than this
# count 0 in the linkage: the lowest cosine from which a pair of the MRPC train + STS-B
# train/dev pool (score >= 4) is a paraphrase more often than not (precision 0.506 at 0.60
# with the default int8 MiniLM; MRPC val F1 0.838 there).
FACT_COSINE = 0.60
BLOCK = 512
FEATURES = (
    "cosine", "entities_shared", "entities_differ", "numbers_agree", "numbers_differ",
    "years_agree", "years_differ", "time_overlaps", "time_apart", "same_speaker",
    "other_speaker", "lemma_jaccard", "lemma_containment",
)  # fmt: skip
_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_WORD = re.compile(r"[a-z][a-z'’-]+")
# Spelled cardinals, so "three people" and "3 people" agree.
_SPELLED = dict(
    one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10,
    eleven=11, twelve=12, twenty=20, thirty=30, forty=40, fifty=50, hundred=100,
    thousand=1000, dozen=12,
)  # fmt: skip


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@dataclass(frozen=True)
class ClaimView:
    """What the scorer compares of one claim: computed once per claim."""

    entities: frozenset[str]
    numbers: frozenset[str]
    years: frozenset[str]
    lemmas: frozenset[str]
    speaker: str | None


def lemmas_of(claim: Claim) -> frozenset[str]:
    """The claim's content lemmas: the record's own where the extractor gives them, else its
    lower-cased content words (stop words and one-letter words dropped)."""
    given = getattr(claim, "lemmas", None)
    words = given if given else _WORD.findall(claim.text.lower())
    stop = _stop_words()
    return frozenset(w.lower() for w in words if w.lower() not in stop and len(w) > 1)


def _numbers(text: str) -> tuple[frozenset[str], frozenset[str]]:
    found = {m.group(0).replace(",", "") for m in _NUMBER.finditer(text)}
    found |= {str(_SPELLED[w]) for w in _WORD.findall(text.lower()) if w in _SPELLED}
    years = frozenset(n for n in found if _YEAR.match(n))
    return frozenset(found - years), years


def view(claim: Claim, article: Iterable[str] = ()) -> ClaimView:
    """article: every entity the claim's document names, to resolve surnames."""
    names = [e for e in claim.entities if not e.isdigit()]
    numbers, years = _numbers(claim.text)
    years |= {e for e in claim.entities if _YEAR.match(e)}
    speaker = entity_norm.canonical([claim.speaker], article) if claim.speaker else frozenset()
    return ClaimView(
        entity_norm.canonical(names, article),
        numbers,
        frozenset(years),
        lemmas_of(claim),
        next(iter(speaker)) if speaker else None,
    )


def views(claims: Sequence[Claim]) -> list[ClaimView]:
    """One view per claim, surnames resolved within each claim's document."""
    by_doc: dict[str, list[str]] = {}
    for c in claims:
        by_doc.setdefault(c.doc, []).extend(e for e in c.entities if not e.isdigit())
    return [view(c, by_doc[c.doc]) for c in claims]


def _agree(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    if not a or not b:
        return 0.0, 0.0
    return float(bool(a & b)), float(not a & b)


def features(
    a: Claim, b: Claim, va: ClaimView, vb: ClaimView, cosine: float
) -> NDArray[np.float64]:
    """The pair's values of FEATURES."""
    overlap = a.time.overlaps(b.time) if "expression" == a.time.source == b.time.source else None
    shared = va.lemmas & vb.lemmas
    union = va.lemmas | vb.lemmas
    smaller = min(len(va.lemmas), len(vb.lemmas))
    same_speaker = va.speaker is not None and va.speaker == vb.speaker
    other = va.speaker is not None and vb.speaker is not None and va.speaker != vb.speaker
    return np.array(
        [
            cosine,
            *_agree(va.entities, vb.entities),
            *_agree(va.numbers, vb.numbers),
            *_agree(va.years, vb.years),
            float(overlap is True),
            float(overlap is False),
            float(same_speaker),
            float(other),
            len(shared) / len(union) if union else 0.0,
            len(shared) / smaller if smaller else 0.0,
        ]
    )


@dataclass(frozen=True)
class Scorer:
    """Logistic weights over FEATURES; threshold: the probability from which two claims
    report one event; cluster_threshold: the mean probability from which claims are merged
    into one cluster (one fact), -1 for threshold."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    cluster_threshold: float = -1.0

    @property
    def merge_at(self) -> float:
        return self.cluster_threshold if self.cluster_threshold >= 0 else self.threshold

    @classmethod
    def load(cls, path: Path = DATA) -> Scorer:
        raw = params.load(path, FEATURES, "bench/train_matcher.py")
        return cls(
            tuple(raw["weights"]), float(raw["bias"]), float(raw["threshold"]),
            float(raw.get("cluster_threshold", -1.0)),
        )  # fmt: skip

    def probability(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Rows of features -> probability that each pair reports one event."""
        z = x @ np.asarray(self.weights, dtype=np.float64) + self.bias
        out: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
        return out


@lru_cache(maxsize=1)
def default_scorer() -> Scorer:
    return Scorer.load()


def score_pairs(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    pairs: Sequence[tuple[int, int]],
    scorer: Scorer | None = None,
    claim_views: Sequence[ClaimView] | None = None,
) -> NDArray[np.float64]:
    """Probability per pair (i, j) of rows of claims/vectors."""
    scorer = scorer or default_scorer()
    if not pairs:
        return np.zeros(0)
    vs = claim_views or views(claims)
    x = np.array(
        [
            features(claims[i], claims[j], vs[i], vs[j], float(vectors[i] @ vectors[j]))
            for i, j in pairs
        ]
    )
    return scorer.probability(x)


def story_pairs(
    docs: Sequence[str], vectors: NDArray[np.float32], k: int = NEIGHBOURS
) -> list[tuple[int, int]]:
    """Pairs (i < j) of rows where j is among i's k nearest rows of other documents by
    cosine, or i among j's: at most n * k pairs for n rows. Exact search in blocks of BLOCK
    rows (memory BLOCK * n) up to EXACT_LIMIT rows; above, the approximate search of
    checker.cluster, asked for enough neighbours to step over a document's own claims."""
    n = len(docs)
    if n < 2 or k <= 0:
        return []
    doc_ids = np.unique(np.asarray(docs), return_inverse=True)[1]
    if n > EXACT_LIMIT:
        from checker import cluster as cluster_stage

        own = int(np.bincount(doc_ids).max())
        idx, sims = cluster_stage.neighbours(vectors, k + min(own, 4 * k))
        keep = (idx >= 0) & (doc_ids[np.clip(idx, 0, None)] != doc_ids[:, None])
        found = [(i, int(j)) for i in range(n) for j in idx[i][keep[i]][:k]]
    else:
        found = []
        for start in range(0, n, BLOCK):
            sims = vectors[start : start + BLOCK] @ vectors.T
            sims[doc_ids[start : start + BLOCK, None] == doc_ids[None, :]] = -np.inf
            kk = min(k, n - 1)
            # Ties broken by row: the rows are in claim-id order, so the pairs do not depend
            # on input order.
            order = np.argsort(-sims, axis=1, kind="stable")
            for r, row in enumerate(order[:, :kk]):
                i = start + r
                found += [(i, int(j)) for j in row if np.isfinite(sims[r, j])]
    return sorted({(min(i, j), max(i, j)) for i, j in found})


def _cross(a: Counter[int], b: Counter[int]) -> int:
    """Pairs of claims of different documents between two clusters (claims per document)."""
    if len(a) > len(b):
        a, b = b, a
    return a.total() * b.total() - sum(k * b[d] for d, k in a.items())


def _link(
    docs: Sequence[int],
    prob: Mapping[tuple[int, int], float],
    threshold: float,
    one_per_document: bool = True,
) -> list[list[int]]:
    """Greedy average linkage over the scored pairs, most probable first: two clusters merge
    when the mean probability over all their pairs of claims of different documents reaches
    threshold, a pair never scored counting 0 (it is not among either claim's nearest, so
    unlikely to state the same fact): with every pair scored, this is plain average linkage.
    The sums between clusters are kept as clusters merge, the smaller neighbourhood folded
    into the larger, so the work is O(p log p) for p scored pairs. docs: each row's document."""
    n = len(docs)
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    per_doc: dict[int, Counter[int]] = {i: Counter([docs[i]]) for i in range(n)}
    links: dict[int, dict[int, list[float]]] = {i: {} for i in range(n)}
    for (i, j), p in prob.items():
        links[i][j] = links[j][i] = [p]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), p in sorted(prob.items(), key=lambda t: (-t[1], t[0])):
        if p < threshold:
            break
        ri, rj = find(i), find(j)
        if ri == rj or links[ri][rj][0] < threshold * _cross(per_doc[ri], per_doc[rj]):
            continue
        if one_per_document and per_doc[ri].keys() & per_doc[rj].keys():
            continue
        keep, gone = (ri, rj) if len(links[ri]) >= len(links[rj]) else (rj, ri)
        parent[gone] = keep
        members[keep] += members.pop(gone)
        per_doc[keep] += per_doc.pop(gone)
        del links[keep][gone]
        for other, total in links.pop(gone).items():
            if other == keep:
                continue
            del links[other][gone]
            if other in links[keep]:
                links[keep][other][0] += total[0]
            else:
                links[keep][other] = links[other][keep] = total
    return sorted(sorted(m) for m in members.values())


def cluster(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    story_of: Mapping[str, str],
    outlets: Mapping[str, str],
    scorer: Scorer | None = None,
    neighbours: int = NEIGHBOURS,
) -> list[Cluster]:
    """Clusters of claims that state the same fact about one event, from two or more
    documents of one story. story_of maps a document id to its story id; outlets maps a
    document id to its outlet. The result does not depend on the order of claims.

    Work: a story of n claims scores at most n * neighbours pairs (each claim against its
    nearest claims of other documents), its search costs O(n^2 d) in blocks up to
    EXACT_LIMIT claims (approximate above), and the linkage O(p log p) for p scored pairs."""
    scorer = scorer or default_scorer()
    order = sorted(range(len(claims)), key=lambda i: claims[i].id)
    claims = [claims[i] for i in order]
    vectors = vectors[order] if order else vectors
    vs = views(claims)
    by_story: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_story.setdefault(story_of.get(c.doc, c.doc), []).append(i)
    out: list[Cluster] = []
    for story in sorted(by_story):
        rows = by_story[story]
        local_pairs = story_pairs([claims[r].doc for r in rows], vectors[rows], neighbours)
        pairs = [(rows[a], rows[b]) for a, b in local_pairs]
        probs = score_pairs(claims, vectors, pairs, scorer, vs)
        cosines = [float(vectors[a] @ vectors[b]) for a, b in pairs]
        prob = {
            pair: float(p) if cos >= FACT_COSINE else 0.0
            for pair, p, cos in zip(local_pairs, probs, cosines, strict=True)
        }
        doc_ids = {d: k for k, d in enumerate(sorted({claims[r].doc for r in rows}))}
        groups = _link([doc_ids[claims[r].doc] for r in rows], prob, scorer.merge_at)
        group_of = {k: g for g, members in enumerate(groups) for k in members}
        within: dict[int, list[float]] = {}
        for (a, b), p in prob.items():
            if group_of[a] == group_of[b]:
                within.setdefault(group_of[a], []).append(p)
        for g, group in enumerate(groups):
            members = [rows[k] for k in group]
            if len({claims[m].doc for m in members}) >= 2:
                out.append(_record(claims, vectors, members, within.get(g, []), outlets))
    return ordered(out)


def ordered(clusters: Iterable[Cluster]) -> list[Cluster]:
    """Clusters in report order: the most outlets, then the most claims, first."""
    return sorted(clusters, key=lambda c: (-len(c.outlets), -len(c.claims), c.id))


@dataclass(frozen=True)
class StoryClaims:
    """One story's share of the clustering, to be done wherever (stories are independent):
    cluster_story on each of split's parts, then ordered, gives cluster's result."""

    claims: tuple[Claim, ...]
    vectors: NDArray[np.float32]
    outlets: tuple[tuple[str, str], ...]
    scorer: Scorer
    neighbours: int = NEIGHBOURS


def split(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    story_of: Mapping[str, str],
    outlets: Mapping[str, str],
    scorer: Scorer,
    neighbours: int = NEIGHBOURS,
) -> list[StoryClaims]:
    """The stories of two or more documents (no other can hold a cluster), in story order."""
    by_story: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_story.setdefault(story_of.get(c.doc, c.doc), []).append(i)
    out: list[StoryClaims] = []
    for story in sorted(by_story):
        rows = by_story[story]
        docs = {claims[r].doc for r in rows}
        if len(docs) >= 2:
            mine = tuple((d, outlets[d]) for d in sorted(docs) if d in outlets)
            mine_claims = tuple(claims[r] for r in rows)
            out.append(StoryClaims(mine_claims, vectors[rows], mine, scorer, neighbours))
    return out


def cluster_story(work: StoryClaims) -> list[Cluster]:
    one = {c.doc: "" for c in work.claims}
    return cluster(work.claims, work.vectors, one, dict(work.outlets), work.scorer, work.neighbours)


def _record(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    members: list[int],
    scored: Sequence[float],
    outlets: Mapping[str, str],
) -> Cluster:
    """scored: the probabilities of the scored pairs within the cluster."""
    total = vectors[members].astype(np.float64).sum(axis=0)
    centre = total / (np.linalg.norm(total) or 1.0)
    representative = min((-float(vectors[m] @ centre), claims[m].id) for m in members)[1]
    ids = tuple(claims[m].id for m in members)
    return Cluster(
        id="k-" + hashlib.sha256("\n".join(ids).encode()).hexdigest()[:8],
        claims=ids,
        representative=representative,
        outlets=tuple(sorted({outlets.get(claims[m].doc, claims[m].doc) for m in members})),
        similarity=round(sum(scored) / len(scored), 6) if scored else 0.0,
    )
