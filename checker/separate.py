"""A contradiction is never shown as agreement: split the clusters that hold both claims of a
finding.

Called after the contradictions (checker.contradict.find): each cluster holding both claims
of a finding is split into parts that hold no such pair; the claims of the findings found
the parts, most disputed first, and every other claim joins the part it is most similar to
that holds nothing it contradicts. A part from one document only is no cluster (a cluster
needs two) and is dropped. Split clusters get new ids (a hash of their members, as the
matcher's), outlets, representative and the matcher's mean probability.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from checker import matchscore
from checker.records import Claim, Cluster, Contradiction


def separate(
    clusters: Sequence[Cluster],
    findings: Sequence[Contradiction],
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    outlets: Mapping[str, str],
) -> list[Cluster]:
    """The clusters with every one that holds both claims of a finding split, so that no
    cluster shows two claims the judge calls contradictory as agreeing. A split cluster's
    claims go to parts greedily: each claim joins the part it is most
    similar to that holds nothing it contradicts (the claims of the findings first, so that
    each side founds a part); parts from one document only are dropped
    (a cluster needs two). claims and vectors: aligned rows, any order; outlets: document
    -> outlet."""
    row = {c.id: i for i, c in enumerate(claims)}
    against: dict[str, set[str]] = {}
    for f in findings:
        a, b = f.claims
        against.setdefault(a, set()).add(b)
        against.setdefault(b, set()).add(a)
    out: list[Cluster] = []
    for cluster in clusters:
        members = set(cluster.claims)
        if not any(against.get(c, set()) & members for c in members):
            out.append(cluster)
            continue
        for part in _split(cluster, against, row, vectors):
            if len({claims[row[c]].doc for c in part}) >= 2:
                out.append(_cluster(part, claims, vectors, row, outlets))
    return sorted(out, key=lambda c: (-len(c.outlets), -len(c.claims), c.id))


def _split(
    cluster: Cluster,
    against: Mapping[str, set[str]],
    row: Mapping[str, int],
    vectors: NDArray[np.float32],
) -> list[list[str]]:
    # The claims of the findings first, most disputed first, so that each side of a finding
    # founds a part; then the others, most central first.
    members = set(cluster.claims)
    disputed = {c: len(against.get(c, set()) & members) for c in cluster.claims}
    centre = vectors[[row[c] for c in cluster.claims]].astype(np.float64).sum(axis=0)
    ordered = sorted(
        cluster.claims, key=lambda c: (-disputed[c], -float(vectors[row[c]] @ centre), c)
    )
    parts: list[list[str]] = []
    for claim in ordered:
        allowed = [p for p in parts if not against.get(claim, set()) & set(p)]
        if not allowed:
            parts.append([claim])
            continue
        v = vectors[row[claim]]
        best = max(
            allowed,
            key=lambda p: (float(np.mean(vectors[[row[c] for c in p]] @ v)), -parts.index(p)),
        )
        best.append(claim)
    return [sorted(p) for p in parts]


def _cluster(
    part: list[str],
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    row: Mapping[str, int],
    outlets: Mapping[str, str],
) -> Cluster:
    rows = [row[c] for c in part]
    members = [claims[r] for r in rows]
    pairs = [
        (x, y) for x in range(len(rows)) for y in range(x + 1, len(rows))
        if members[x].doc != members[y].doc
    ]  # fmt: skip
    probs = matchscore.score_pairs(members, vectors[rows], pairs)
    total = vectors[rows].astype(np.float64).sum(axis=0)
    representative = min((-float(vectors[r] @ total), claims[r].id) for r in rows)[1]
    return Cluster(
        id="k-" + hashlib.sha256("\n".join(part).encode()).hexdigest()[:8],
        claims=tuple(part),
        representative=representative,
        outlets=tuple(sorted({outlets.get(c.doc, c.doc) for c in members})),
        similarity=round(float(np.mean(probs)), 6) if len(probs) else 0.0,
    )
