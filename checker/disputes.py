"""Disputes: the contradiction findings about one point, grouped, with the sides they take.

Pairwise findings repeat themselves: one statement ("we would certainly meet") is set against
every claim that denies it, and each denial against every claim that affirms it. A reader
thinks in disputed points and positions instead. A dispute gathers the findings of one kind
within one story that share a claim, or claims of one cluster (paraphrases count as the same
statement). Its sides come from colouring the graph whose edges are the findings: a finding
joins two opposite sides, so the claims of one side say the same thing about the point.

Findings of the two kinds are kept apart: a `conflict` dispute is a disagreement at one time,
a `temporal` one a position that changed between dates, and a claim may take part in both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checker.records import Claim, Cluster, Contradiction

_RANK = {"error": 2, "warning": 1, "info": 0}


@dataclass(frozen=True)
class Dispute:
    """Findings about one point within one story, and the sides they take."""

    id: str
    story: str
    kind: str  # conflict | temporal: the kind all its findings share
    severity: str  # the highest of its findings
    point: str  # a representative claim: the one most findings are about
    sides: tuple[tuple[str, ...], ...]  # the point's side first
    findings: tuple[str, ...]  # most severe first


def dispute_id(findings: Iterable[str]) -> str:
    """From the findings' ids only, so that it does not depend on their order."""
    digest = hashlib.sha256("\n".join(sorted(set(findings))).encode()).hexdigest()
    return "d-" + digest[:10]


def group(
    contradictions: Sequence[Contradiction],
    claims: Sequence[Claim],
    clusters: Sequence[Cluster],
    story_of: Mapping[str, str],
) -> list[Dispute]:
    """The disputes among the findings, most severe and largest first.

    story_of maps a document id to its story's id; a document it does not name belongs to
    the story "" (so an empty mapping puts every document in one story). A finding between
    two stories belongs to the first of their ids.
    """
    by_id = {c.id: c for c in claims}
    node = _nodes(contradictions, clusters)
    ordered = sorted(contradictions, key=lambda f: f.id)

    def story(finding: Contradiction) -> str:
        return min(story_of.get(by_id[c].doc if c in by_id else "", "") for c in finding.claims)

    parent = {f.id: f.id for f in ordered}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[tuple[str, str, str], str] = {}
    for finding in ordered:
        for claim in finding.claims:
            key = (finding.kind, story(finding), node(claim))
            if key in first:
                a, b = root(first[key]), root(finding.id)
                parent[max(a, b)] = min(a, b)
            else:
                first[key] = finding.id
    members: dict[str, list[Contradiction]] = {}
    for finding in ordered:
        members.setdefault(root(finding.id), []).append(finding)
    disputes = [_dispute(fs, story(fs[0]), node, by_id) for fs in members.values()]
    return sorted(disputes, key=lambda d: (-_RANK[d.severity], -len(d.findings), d.id))


def _nodes(
    contradictions: Sequence[Contradiction], clusters: Sequence[Cluster]
) -> Callable[[str], str]:
    """claim id -> the node it stands for: its cluster, unless a finding sets two claims of
    that cluster against each other (then each claim stands for itself)."""
    cluster_of = {cid: c.id for c in clusters for cid in c.claims}
    split = {
        cluster_of[a]
        for a, b in (f.claims for f in contradictions)
        if a in cluster_of and cluster_of.get(a) == cluster_of.get(b)
    }

    def node(claim: str) -> str:
        cluster = cluster_of.get(claim)
        return claim if cluster is None or cluster in split else cluster

    return node


def _dispute(
    findings: list[Contradiction],
    story: str,
    node: Callable[[str], str],
    claims: Mapping[str, Claim],
) -> Dispute:
    findings = sorted(findings, key=lambda f: (-_RANK[f.severity], -f.score, f.id))
    degree: dict[str, int] = {}
    weight: dict[str, float] = {}
    for finding in findings:
        for claim in finding.claims:
            degree[claim] = degree.get(claim, 0) + 1
            weight[claim] = weight.get(claim, 0.0) + finding.score
    point = min(degree, key=lambda c: (-degree[c], -round(weight[c], 6), c))
    side = _colour(findings, node, node(point))
    count = max(side.values()) + 1
    sides = tuple(
        tuple(sorted((c for c in degree if side[node(c)] == n), key=lambda c: _when(c, claims)))
        for n in range(count)
    )
    return Dispute(
        id=dispute_id(f.id for f in findings),
        story=story,
        kind=findings[0].kind,
        severity=findings[0].severity,
        point=point,
        sides=sides,
        findings=tuple(f.id for f in findings),
    )


def _colour(
    findings: list[Contradiction], node: Callable[[str], str], start: str
) -> dict[str, int]:
    """Side numbers for the nodes, breadth first from the point's node: each node takes the
    lowest side none of its coloured opponents holds. Where the findings are consistent (no
    odd cycle) that gives exactly two sides; a claim at odds with both opens a third."""
    opponents: dict[str, set[str]] = {}
    for finding in findings:
        a, b = (node(c) for c in finding.claims)
        if a != b:
            opponents.setdefault(a, set()).add(b)
            opponents.setdefault(b, set()).add(a)
    side: dict[str, int] = {}
    for origin in [start, *sorted(opponents)]:
        if origin in side or origin not in opponents:
            continue
        queue = [origin]
        while queue:
            level: list[str] = []
            for current in queue:
                if current in side:
                    continue
                taken = {side[o] for o in opponents[current] if o in side}
                side[current] = min(n for n in range(len(taken) + 1) if n not in taken)
                level.extend(sorted(o for o in opponents[current] if o not in side))
            queue = level
    for finding in findings:  # a finding within one node: it stands on one side
        for claim in finding.claims:
            side.setdefault(node(claim), 0)
    return side


def _when(claim: str, claims: Mapping[str, Claim]) -> tuple[str, str]:
    found = claims.get(claim)
    start = found.time.start.isoformat() if found and found.time.start else "9999"
    return (start, claim)


def to_dict(dispute: Dispute) -> dict[str, Any]:
    """The dispute as the report contract (checker-report/2) writes it."""
    return {
        "id": dispute.id,
        "story": dispute.story,
        "kind": dispute.kind,
        "severity": dispute.severity,
        "point": dispute.point,
        "sides": [{"claims": list(side)} for side in dispute.sides],
        "findings": list(dispute.findings),
    }


def describe(
    dispute: Dispute, claims: Mapping[str, Claim], outlet_of: Mapping[str, str | None]
) -> list[str]:
    """A dispute as lines for `--format text` and the terminal summary: the point, then
    each side's claims with who says them, where and when."""
    point = claims.get(dispute.point)
    n = len(dispute.findings)
    lines = [
        f"{dispute.severity} {dispute.kind} {dispute.id} ({n} finding{'s' * (n != 1)}): "
        + _short(point.text if point else dispute.point, 100)
    ]
    for number, side in enumerate(dispute.sides):
        label = chr(ord("A") + number) if number < 26 else str(number + 1)
        for claim_id in side:
            claim = claims.get(claim_id)
            if claim is None:
                lines.append(f"  {label}  {claim_id}")
                continue
            outlet = outlet_of.get(claim.doc) or claim.doc
            who = f"{claim.speaker}, {outlet}" if claim.speaker else outlet
            when = claim.time.start.isoformat() if claim.time.start else "time unknown"
            lines.append(f"  {label}  {who}, {when}: {_short(claim.text, 80)}")
    return lines


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
