"""Event-level claim matching within a story: the clustering over the pair scorer of
checker.matchscore.

A cluster holds the claims of a story that report one event instance, from two or more
documents; a document may give several. Within each story every pair of claims of different
documents is scored (up to FULL_LIMIT claims a story; above it each claim against its NEIGHBOURS
nearest claims of other documents, so the work grows with story sizes, not the corpus) and
claims are merged greedily under average linkage of the probability, a pair never scored
counting 0, and so does a pair less similar than FLOOR_COSINE. Two claims about different
times (years named that share none, or times resolved from expressions more than APART_DAYS
apart) count -apart (the scorer's) in place of their probability: a story that follows one
subject through several events (a trial, then an appeal a year later) splits at them, while one stray date in a large cluster does not veto what the
rest of it agrees on. The merge threshold (cluster_threshold) and apart were chosen on ECB+
train topics under a floor on BASIL's purity by event (bench/train_matcher.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from checker.matchpairs import apart_pairs, cross_pairs
from checker.matchscore import Scorer, default_scorer, score_pairs, views
from checker.records import Claim, Cluster

# Up to this many claims a story, every pair of claims of different documents is scored
# (at most ~500k pairs, a few seconds); above it, each claim's NEIGHBOURS nearest.
FULL_LIMIT = 1000
NEIGHBOURS = 40
EXACT_LIMIT = 4096
BLOCK = 512
# Pairs less similar than this count 0 whatever the scorer says: on ECB+ train topics, claim
# pairs of one subtopic below cosine 0.25 report the same event about as often as not (0.41
# to 0.51 by 0.05 bin, against 0.72 for all pairs of a subtopic): the scorer's probability
# there is its prior for a story, not evidence, and on loosely topical stories (AllSides)
# it merged whole stories.
FLOOR_COSINE = 0.25


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
) -> list[list[int]]:
    """Greedy average linkage over the scored pairs, most probable first: two clusters merge
    when the mean probability over all their pairs of claims of different documents reaches
    threshold, a pair never scored counting 0 (it is not among either claim's nearest, so
    unlikely to state the same fact): with every pair scored, this is plain average linkage.
    The sums between clusters are kept as clusters merge, the smaller neighbourhood folded
    into the larger, so the work is O(p log p) for p scored pairs. docs: each row's document;
    pairs within one document are neither scored nor counted (a document does not corroborate
    itself), but a document may give several claims to one cluster."""
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
    full_limit: int = FULL_LIMIT,
) -> list[Cluster]:
    """Clusters of claims that report one event instance, from two or more documents of one
    story. story_of maps a document id to its story id; outlets maps a
    document id to its outlet. The result does not depend on the order of claims.

    Work: a story of n <= full_limit claims scores its O(n^2) pairs of claims of different
    documents; a larger one at most n * neighbours pairs (each claim against its nearest
    claims of other documents; search O(n^2 d) in blocks up to EXACT_LIMIT claims,
    approximate above); the linkage costs O(p log p) for p scored pairs."""
    scorer = scorer or default_scorer()
    parts = split(claims, vectors, story_of, outlets, scorer, neighbours, full_limit)
    return ordered(c for part in parts for c in cluster_story(part))


@dataclass(frozen=True)
class Scored:
    """One story's scored pairs: docs, each claim's document (an index); prob, the scorer's
    probability per scored pair (i < j); apart, the pairs about different times."""

    docs: tuple[int, ...]
    prob: dict[tuple[int, int], float]
    apart: frozenset[tuple[int, int]]


def scored(work: StoryClaims) -> Scored:
    """Score the story's pairs: every pair of claims of different documents up to
    full_limit claims, else each claim's nearest, and every pair about different times."""
    claims, vectors = work.claims, work.vectors
    docs = [c.doc for c in claims]
    claim_views = views(claims)
    full = len(claims) <= work.full_limit
    found = cross_pairs(docs) if full else story_pairs(docs, vectors, work.neighbours)
    apart = apart_pairs(claims, claim_views)
    pairs = found if full else sorted(set(found) | apart)
    probs = score_pairs(claims, vectors, pairs, work.scorer, claim_views)
    cosines = np.einsum("ij,ij->i", vectors[[i for i, _ in pairs]], vectors[[j for _, j in pairs]])
    probs = np.where(cosines >= FLOOR_COSINE, probs, 0.0)
    doc_ids = {d: k for k, d in enumerate(sorted(set(docs)))}
    return Scored(
        tuple(doc_ids[d] for d in docs),
        {pair: float(p) for pair, p in zip(pairs, probs, strict=True)},
        frozenset(apart),
    )


def groups(story: Scored, threshold: float, apart: float) -> list[list[int]]:
    """The story's claims grouped: average linkage at threshold, a pair about different
    times counting -apart in place of its probability."""
    prob = {pair: -apart if pair in story.apart else p for pair, p in story.prob.items()}
    return _link(story.docs, prob, threshold)


def _cluster_one(work: StoryClaims) -> list[Cluster]:
    """One story's clusters; its claims in id order."""
    claims, vectors, outlets = work.claims, work.vectors, dict(work.outlets)
    story = scored(work)
    found = groups(story, work.scorer.merge_at, work.scorer.apart)
    group_of = {k: g for g, members in enumerate(found) for k in members}
    within: dict[int, list[float]] = {}
    for (a, b), p in story.prob.items():
        if group_of[a] == group_of[b]:
            within.setdefault(group_of[a], []).append(p)
    return [
        _record(claims, vectors, group, within.get(g, []), outlets)
        for g, group in enumerate(found)
        if len({claims[m].doc for m in group}) >= 2
    ]


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
    full_limit: int = FULL_LIMIT


def split(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    story_of: Mapping[str, str],
    outlets: Mapping[str, str],
    scorer: Scorer,
    neighbours: int = NEIGHBOURS,
    full_limit: int = FULL_LIMIT,
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
            out.append(
                StoryClaims(mine_claims, vectors[rows], mine, scorer, neighbours, full_limit)
            )
    return out


def cluster_story(work: StoryClaims) -> list[Cluster]:
    """One story's clusters, wherever it runs (a worker, say)."""
    order = sorted(range(len(work.claims)), key=lambda i: work.claims[i].id)
    claims = tuple(work.claims[i] for i in order)
    from checker import cluster as cluster_stage

    with cluster_stage.one_blas_thread():
        return _cluster_one(dataclasses.replace(work, claims=claims, vectors=work.vectors[order]))


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
