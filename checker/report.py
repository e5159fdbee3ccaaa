"""The report (schema checker-report/2): a plain, deterministic structure and its YAML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checker import __version__
from checker import disputes as disputes_stage
from checker.boilerplate import dropped
from checker.disputes import Dispute
from checker.errors import ExitCode
from checker.records import Claim, Cluster, Contradiction, Corpus, Document
from checker.serialize import claim_to_dict, dump_yaml, iso
from checker.stories import Story

SCHEMA = "checker-report/2"


@dataclass(frozen=True)
class Report:
    """Everything one run found; rendering and exit codes derive from it."""

    corpus: Corpus
    claims: tuple[Claim, ...]
    clusters: tuple[Cluster, ...]
    contradictions: tuple[Contradiction, ...]
    settings: tuple[tuple[str, Any], ...]
    # Set when a baseline was read: finding id -> new | baselined, and unmatched entries.
    statuses: tuple[tuple[str, str], ...] = ()
    stale: tuple[str, ...] = ()
    baseline: str | None = None
    # Measurements of the run, outside the deterministic body: seconds per stage, NLI pairs.
    timings: tuple[tuple[str, float], ...] = ()
    nli_pairs: int = 0
    # /2: articles grouped by news event, and the findings grouped by disputed point.
    stories: tuple[Story, ...] = ()
    disputes: tuple[Dispute, ...] = ()

    def new_findings(self) -> tuple[Contradiction, ...]:
        status = dict(self.statuses)
        return tuple(c for c in self.contradictions if status.get(c.id, "new") == "new")

    def exit_code(self, fail_on: str = "error") -> ExitCode:
        """FINDINGS when a new finding is at or above fail_on (never: never), else OK."""
        if any(at_or_above(c.severity, fail_on) for c in self.new_findings()):
            return ExitCode.FINDINGS
        return ExitCode.OK


SEVERITIES = ("info", "warning", "error")
FAIL_ON = (*SEVERITIES[::-1], "never")


def at_or_above(severity: str, level: str) -> bool:
    """Whether a finding of this severity meets a --fail-on level (never: nothing does)."""
    if level == "never":
        return False
    return SEVERITIES.index(severity) >= SEVERITIES.index(level)


def _document(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "path": doc.path,
        "outlet": doc.outlet,
        "published": iso(doc.published),
        "title": doc.title,
        "url": doc.url,
        "sha256": doc.sha256,
        "metadata_sources": dict(doc.provenance),
        "boilerplate_blocks": sum(1 for b in doc.blocks if b.kind == "boilerplate"),
    }


def _cluster(cluster: Cluster) -> dict[str, Any]:
    return {
        "id": cluster.id,
        "claims": list(cluster.claims),
        "representative": cluster.representative,
        "outlets": list(cluster.outlets),
        "corroboration": len(cluster.outlets),
        "similarity": round(cluster.similarity, 3),
    }


def _contradiction(finding: Contradiction, status: str | None) -> dict[str, Any]:
    out = {
        "id": finding.id,
        "kind": finding.kind,
        "severity": finding.severity,
        "claims": list(finding.claims),
        "score": round(finding.score, 3),
        "rule": finding.rule,
        "reason": finding.reason,
    }
    if status:
        out["status"] = status
    return out


def to_dict(report: Report) -> dict[str, Any]:
    corpus = report.corpus
    status = dict(report.statuses)
    return {
        "schema": SCHEMA,
        "tool": {"name": "checker", "version": __version__},
        "settings": dict(report.settings),
        "documents": [_document(d) for d in corpus.documents],
        "skipped": [{"path": s.path, "reason": s.reason} for s in corpus.skipped],
        "claims": [claim_to_dict(c) for c in report.claims],
        "dropped": [
            {"doc": d.doc, "span": list(d.span), "reason": d.reason}
            for doc in corpus.documents
            for d in dropped(doc)
        ],
        "clusters": [_cluster(c) for c in report.clusters],
        "contradictions": [_contradiction(c, status.get(c.id)) for c in report.contradictions],
        "stories": stories_of(report),
        "disputes": [disputes_stage.to_dict(d) for d in report.disputes],
        "coverage": coverage(report),
        **(
            {"baseline": {"path": report.baseline, "stale": list(report.stale)}}
            if report.baseline
            else {}
        ),
        "summary": summary(report),
    }


def stories_of(report: Report) -> list[dict[str, Any]]:
    """Each story with its outlets, time range and the claims only one of its outlets
    reports (a claim no cluster shares with another outlet of the story). A story one outlet
    covers alone is marked `alone`: every other outlet missed it."""
    outlet = {d.id: d.outlet or d.id for d in report.corpus.documents}
    shared: set[str] = set()
    for cluster in report.clusters:
        docs = {cid.rsplit(":", 1)[0] for cid in cluster.claims}
        if len({outlet.get(d, d) for d in docs}) >= 2:
            shared.update(cluster.claims)
    claims_of: dict[str, list[str]] = {}
    for claim in report.claims:
        claims_of.setdefault(claim.doc, []).append(claim.id)
    out = []
    for story in report.stories:
        only_in: dict[str, list[str]] = {}
        if len(story.outlets) >= 2:
            for doc in story.documents:
                unique = [c for c in claims_of.get(doc, []) if c not in shared]
                if unique:
                    only_in.setdefault(outlet.get(doc, doc), []).extend(unique)
        out.append(
            {
                "id": story.id,
                "label": story.label,
                "documents": list(story.documents),
                "outlets": list(story.outlets),
                "time": {"start": iso(story.start), "end": iso(story.end)},
                "alone": len(story.outlets) == 1,
                "only_in": {k: sorted(v) for k, v in sorted(only_in.items())},
            }
        )
    return out


def coverage(report: Report) -> dict[str, Any]:
    """Claims only one document reports, and how many clusters each pair of outlets shares."""
    clustered = {cid for c in report.clusters for cid in c.claims}
    unique: dict[str, list[str]] = {d.id: [] for d in report.corpus.documents}
    for claim in report.claims:
        if claim.id not in clustered:
            unique[claim.doc].append(claim.id)
    pairs: dict[tuple[str, str], int] = {}
    for cluster in report.clusters:
        for i, a in enumerate(cluster.outlets):
            for b in cluster.outlets[i + 1 :]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    return {
        "only_in_this_document": {doc: ids for doc, ids in unique.items()},
        "shared_clusters": [
            {"outlets": [a, b], "clusters": n} for (a, b), n in sorted(pairs.items())
        ],
    }


def summary(report: Report) -> dict[str, int]:
    return {
        "documents": len(report.corpus.documents),
        "skipped": len(report.corpus.skipped),
        "claims": len(report.claims),
        "stories": len(report.stories),
        "clusters": len(report.clusters),
        "contradictions": len(report.contradictions),
        "disputes": len(report.disputes),
        "new": len(report.new_findings()),
    }


def render_yaml(report: Report) -> str:
    return dump_yaml(to_dict(report))


def summary_table(report: Report, docs: Sequence[Document], top: int = 5, rows: int = 20) -> str:
    """A short human summary for stderr: per document (the first `rows`) its claims and the
    claims only it reports, the most corroborated clusters, then the disputes and the
    findings they group."""
    counts: dict[str, int] = {}
    for claim in report.claims:
        counts[claim.doc] = counts.get(claim.doc, 0) + 1
    unique = coverage(report)["only_in_this_document"]
    width = max([len(d.id) for d in docs] + [8])
    lines = [f"{'document':<{width}}  {'outlet':<24} {'published':<10} claims unique"]
    for doc in docs[:rows]:
        outlet = (doc.outlet or "-")[:24]
        lines.append(
            f"{doc.id:<{width}}  {outlet:<24} {iso(doc.published) or '-':<10} "
            f"{counts.get(doc.id, 0):>6} {len(unique.get(doc.id, [])):>6}"
        )
    if len(docs) > rows:
        lines.append(f"… and {len(docs) - rows} more documents (all of them in the report)")
    text = {c.id: c.text for c in report.claims}
    if report.clusters:
        lines.append(f"top corroborated clusters (of {len(report.clusters)}):")
    for cluster in report.clusters[:top]:
        quoted = _shorten(text.get(cluster.representative, cluster.representative), 90)
        lines.append(f"  {len(cluster.outlets)} outlets  {cluster.id}  {quoted}")
    lines.extend(_disputes(report, top))
    by_severity = {
        k: sum(c.severity == k for c in report.contradictions) for k in ("error", "warning", "info")
    }
    if report.contradictions:
        lines.append(
            "contradictions: "
            + ", ".join(f"{n} {k}" for k, n in by_severity.items())
            + f" (top {min(top, len(report.contradictions))}):"
        )
    for finding in report.contradictions[:top]:
        a, b = (_shorten(text.get(c, c), 60) for c in finding.claims)
        lines.append(f"  {finding.severity:<7} {finding.kind:<8} {a} <> {b}")
    s = summary(report)
    lines.append(
        f"{s['documents']} documents, {s['skipped']} skipped, {s['claims']} claims, "
        f"{s['stories']} stories, {s['clusters']} clusters, {s['contradictions']} "
        f"contradictions in {s['disputes']} disputes"
    )
    return "\n".join(lines)


def _disputes(report: Report, top: int, per_dispute: int = 7) -> list[str]:
    """The first disputes, each as its point and a few claims of each side."""
    if not report.disputes:
        return []
    claims = {c.id: c for c in report.claims}
    outlet_of = {d.id: d.outlet for d in report.corpus.documents}
    lines = [f"disputes (top {min(top, len(report.disputes))} of {len(report.disputes)}):"]
    for dispute in report.disputes[:top]:
        described = disputes_stage.describe(dispute, claims, outlet_of)
        lines.extend("  " + line for line in described[:per_dispute])
        if len(described) > per_dispute:
            lines.append(f"     … {len(described) - per_dispute} more claims")
    return lines


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
