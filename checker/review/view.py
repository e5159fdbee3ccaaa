"""What the review page shows, worked out from a report's plain dict: stories with their
coverage matrix, disputes with sides and excerpts, findings with their baseline entries.

Everything here is plain data; the template escapes all of it (nothing is marked safe)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from checker.review.load import disputes_of, stories_of
from checker.serialize import dump_yaml

SEVERITIES = ("error", "warning", "info")
KINDS = ("conflict", "temporal")
STATUSES = ("new", "baselined")
CONTEXT = 280  # characters of an excerpt either side of a claim, at most
UNKNOWN_OUTLET = "unknown outlet"


def safe_url(url: Any) -> str | None:
    """Only web links become links: a javascript: or data: URL from an article stays text."""
    if not isinstance(url, str):
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """text cut at the spans' ends: pieces with the claims covering them (overlaps allowed)
    and the claims whose span starts there (for anchors)."""
    cuts = sorted({0, len(text)} | {max(0, min(p, len(text))) for s, e, _ in spans for p in (s, e)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [cid for s, e, cid in spans if s <= a and b <= e]
        starts = [cid for s, _, cid in spans if s == a]
        out.append({"text": text[a:b], "claims": covering, "starts": starts})
    return out


def excerpt(text: str, span: tuple[int, int]) -> dict[str, str] | None:
    """The paragraph around a claim's span (clipped to CONTEXT either side), cut in three."""
    start, end = span
    if not 0 <= start < end <= len(text):
        return None
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    before, after = text[max(left, start - CONTEXT) : start], text[end : min(right, end + CONTEXT)]
    lead = "…" if start - CONTEXT > left else ""
    tail = "…" if end + CONTEXT < right else ""
    return {"before": lead + before, "mark": text[start:end], "after": after + tail}


def baseline_entry(finding: Mapping[str, Any], claims: Mapping[str, Mapping[str, Any]]) -> str:
    """The finding as checker/baseline.py writes it under `findings:`, ready to paste."""
    entry = {
        "id": finding["id"],
        "kind": finding.get("kind"),
        "severity": finding.get("severity"),
        "claims": [
            {"doc": claims[c]["doc"], "text": claims[c].get("text")} if c in claims else {"id": c}
            for c in finding.get("claims") or []
        ],
        "reason": "",
    }
    return dump_yaml([entry])


def build(report: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    docs = {str(d["id"]): d for d in report.get("documents") or []}
    claims = {str(c["id"]): c for c in report.get("claims") or []}
    outlet_of = {doc: d.get("outlet") or UNKNOWN_OUTLET for doc, d in docs.items()}
    outlets = sorted(set(outlet_of.values()))
    index = {o: n for n, o in enumerate(outlets)}
    stories = stories_of(report)
    disputes = disputes_of(report, stories)

    def claim_view(cid: str, side: int | None = None) -> dict[str, Any]:
        c = claims.get(cid) or {"id": cid, "doc": "", "text": cid}
        doc = docs.get(str(c.get("doc")), {})
        text = texts.get(str(c.get("doc")))
        span = tuple(c.get("span") or (0, 0))
        time = c.get("time") or {}
        return {
            "id": cid,
            "text": c.get("text") or "",
            "speaker": c.get("speaker"),
            "polarity": c.get("polarity"),
            "outlet": outlet_of.get(str(c.get("doc")), UNKNOWN_OUTLET),
            "published": doc.get("published"),
            "doc": c.get("doc"),
            "title": doc.get("title"),
            "time": _time(time),
            "start": str(time.get("start") or doc.get("published") or ""),
            "excerpt": excerpt(text, (int(span[0]), int(span[1]))) if text else None,
            "in_text": bool(text),
            "side": side,
        }

    findings = {str(f["id"]): f for f in report.get("contradictions") or []}

    def finding_view(fid: str, side_of: Mapping[str, int]) -> dict[str, Any]:
        f = findings.get(fid) or {"id": fid, "claims": []}
        docs_of = [str(claims.get(c, {}).get("doc")) for c in f.get("claims") or []]
        return {
            "id": fid,
            "kind": f.get("kind") or "conflict",
            "severity": f.get("severity") or "info",
            "status": f.get("status") or "new",
            "score": f.get("score"),
            "reason": f.get("reason") or "",
            "rule": f.get("rule"),
            "claims": [
                {"id": c, "side": side_of.get(c), "text": claims.get(c, {}).get("text") or c}
                for c in f.get("claims") or []
            ],
            "outlets": sorted({index[outlet_of[d]] for d in docs_of if d in outlet_of}),
            "entry": baseline_entry(f, claims),
        }

    story_views = []
    placed: set[str] = set()
    for story in stories:
        members = [str(d) for d in story.get("documents") or []]
        mine = (
            [d for d in disputes if d.get("story") == story["id"]] if len(stories) > 1 else disputes
        )
        dispute_views = []
        for d in mine:
            side_of = {
                c: n for n, s in enumerate(d.get("sides") or []) for c in s.get("claims") or []
            }
            views = [finding_view(str(f), side_of) for f in d.get("findings") or []]
            placed.update(str(f) for f in d.get("findings") or [])
            sides = [
                [claim_view(c, n) for c in s.get("claims") or []]
                for n, s in enumerate(d.get("sides") or [])
            ]
            dispute_views.append(
                {
                    "id": d["id"],
                    "kind": d.get("kind") or "conflict",
                    "severity": d.get("severity") or "info",
                    "point": claim_view(str(d.get("point"))),
                    "sides": sides,
                    "timeline": sorted(
                        (c for s in sides for c in s), key=lambda c: (c["start"], c["id"])
                    ),
                    "findings": views,
                }
            )
        story_views.append(
            {
                "id": story["id"],
                "label": story.get("label") or story["id"],
                "time": story.get("time") or {},
                "outlets": sorted({outlet_of[d] for d in members if d in outlet_of}),
                "documents": [
                    _doc_view(docs[d], texts.get(d), claims, outlet_of[d])
                    for d in members
                    if d in docs
                ],
                "coverage": coverage(story, members, report, outlet_of),
                "disputes": dispute_views,
            }
        )
    loose = [finding_view(f, {}) for f in findings if f not in placed]
    return {
        "schema": report.get("schema"),
        "summary": report.get("summary") or {},
        "stories": story_views,
        "loose": loose,
        "outlets": outlets,
        "severities": SEVERITIES,
        "kinds": KINDS,
        "statuses": STATUSES,
        "texts": bool(texts),
        "skipped": report.get("skipped") or [],
    }


def coverage(
    story: Mapping[str, Any],
    members: list[str],
    report: Mapping[str, Any],
    outlet_of: Mapping[str, str],
) -> dict[str, Any]:
    """Outlets against the story's claim clusters: which outlet reports each point, and the
    claims only one outlet reports."""
    claims = {str(c["id"]): c for c in report.get("claims") or []}
    inside = set(members)
    outlets = sorted({outlet_of[d] for d in members if d in outlet_of})
    rows = []
    for cluster in report.get("clusters") or []:
        ids = [
            c for c in cluster.get("claims") or [] if str(claims.get(c, {}).get("doc")) in inside
        ]
        if not ids:
            continue
        have = {outlet_of.get(str(claims[c]["doc"]), UNKNOWN_OUTLET) for c in ids}
        state = "corroborated" if len(have) > 1 else "only"
        rep = claims.get(str(cluster.get("representative")), claims[ids[0]])
        rows.append(
            {
                "id": cluster["id"],
                "text": rep.get("text") or "",
                "cells": [state if o in have else "missing" for o in outlets],
            }
        )
    only_in = story.get("only_in")
    if only_in is None:
        clustered = {c for k in report.get("clusters") or [] for c in k.get("claims") or []}
        only_in = {}
        for cid, c in claims.items():
            if str(c.get("doc")) in inside and cid not in clustered:
                only_in.setdefault(outlet_of.get(str(c["doc"]), UNKNOWN_OUTLET), []).append(cid)
    only = [
        [{"id": c, "text": claims.get(c, {}).get("text") or c} for c in only_in.get(o) or []]
        for o in outlets
    ]
    return {"outlets": outlets, "rows": rows, "only": only}


def _doc_view(
    doc: Mapping[str, Any], text: str | None, claims: Mapping[str, Mapping[str, Any]], outlet: str
) -> dict[str, Any]:
    spans = [
        (int(c["span"][0]), int(c["span"][1]), cid)
        for cid, c in claims.items()
        if c.get("doc") == doc["id"] and c.get("span")
    ]
    return {
        "id": doc["id"],
        "path": doc.get("path"),
        "outlet": outlet,
        "published": doc.get("published"),
        "title": doc.get("title"),
        "url": safe_url(doc.get("url")),
        "raw_url": doc.get("url"),
        "segments": segments(text, spans) if text else None,
    }


def _time(time: Mapping[str, Any]) -> str:
    start, end = time.get("start"), time.get("end")
    if not start:
        return "time unknown"
    days = str(start) if start == end or not end else f"{start} to {end}"
    return f"{days} (published)" if time.get("source") == "publication" else days
