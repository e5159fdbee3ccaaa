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
    """Everything the template shows, as plain data."""
    page = _Page(report, texts)
    stories = stories_of(report)
    disputes = disputes_of(report, stories)
    views = []
    placed: set[str] = set()
    for story in stories:
        # With one story every dispute is its own, whatever story id it names.
        mine = [d for d in disputes if len(stories) == 1 or d.get("story") == story["id"]]
        placed.update(str(f) for d in mine for f in d.get("findings") or [])
        views.append(page.story(story, mine))
    return {
        "schema": report.get("schema"),
        "counts": {
            "documents": len(page.docs),
            "claims": len(page.claims),
            "clusters": len(page.clusters),
            "findings": len(page.findings),
            "disputes": sum(len(v["disputes"]) for v in views),
        },
        "stories": views,
        "loose": [page.finding(f, {}) for f in page.findings if f not in placed],
        "outlets": page.outlets,
        "severities": SEVERITIES,
        "kinds": KINDS,
        "statuses": STATUSES,
        "texts": bool(texts),
    }


class _Page:
    """The report indexed once, so that each view is a lookup, not a scan of every claim."""

    def __init__(self, report: Mapping[str, Any], texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.docs = {str(d["id"]): d for d in report.get("documents") or []}
        self.claims = {str(c["id"]): c for c in report.get("claims") or []}
        self.findings = {str(f["id"]): f for f in report.get("contradictions") or []}
        self.clusters = list(report.get("clusters") or [])
        self.outlet_of = {doc: d.get("outlet") or UNKNOWN_OUTLET for doc, d in self.docs.items()}
        self.outlets = sorted(set(self.outlet_of.values()))
        self.index = {o: n for n, o in enumerate(self.outlets)}
        self.by_doc: dict[str, list[str]] = {}
        for cid, c in self.claims.items():
            self.by_doc.setdefault(str(c.get("doc")), []).append(cid)

    def outlet(self, claim: str) -> str:
        return self.outlet_of.get(str(self.claims.get(claim, {}).get("doc")), UNKNOWN_OUTLET)

    def claim(self, cid: str, side: int | None = None) -> dict[str, Any]:
        c = self.claims.get(cid) or {"id": cid, "doc": "", "text": cid}
        doc = self.docs.get(str(c.get("doc")), {})
        text = self.texts.get(str(c.get("doc")))
        span = c.get("span") or (0, 0)
        time = c.get("time") or {}
        return {
            "id": cid,
            "text": c.get("text") or "",
            "speaker": c.get("speaker"),
            "polarity": c.get("polarity"),
            "outlet": self.outlet(cid),
            "published": doc.get("published"),
            "time": _time(time),
            "start": str(time.get("start") or doc.get("published") or ""),
            "excerpt": excerpt(text, (int(span[0]), int(span[1]))) if text else None,
            "in_text": bool(text),
            "side": side,
        }

    def finding(self, fid: str, side_of: Mapping[str, int]) -> dict[str, Any]:
        f = self.findings.get(fid) or {"id": fid, "claims": []}
        pair = [str(c) for c in f.get("claims") or []]
        return {
            "id": fid,
            "kind": f.get("kind") or "conflict",
            "severity": f.get("severity") or "info",
            "status": f.get("status") or "new",
            "score": f.get("score"),
            "reason": f.get("reason") or "",
            "claims": [
                {"id": c, "side": side_of.get(c), "text": self.claims.get(c, {}).get("text") or c}
                for c in pair
            ],
            # Outlets by number for the filter; a claim of an unknown document has none.
            "outlets": sorted({self.index[o] for c in pair if (o := self.outlet(c)) in self.index}),
            "entry": baseline_entry(f, self.claims),
        }

    def dispute(self, d: Mapping[str, Any]) -> dict[str, Any]:
        sides = [[str(c) for c in s.get("claims") or []] for s in d.get("sides") or []]
        side_of = {c: n for n, side in enumerate(sides) for c in side}
        claims = [[self.claim(c, n) for c in side] for n, side in enumerate(sides)]
        return {
            "id": d["id"],
            "kind": d.get("kind") or "conflict",
            "severity": d.get("severity") or "info",
            "point": self.claim(str(d.get("point"))),
            "sides": claims,
            "timeline": sorted((c for s in claims for c in s), key=lambda c: (c["start"], c["id"])),
            "findings": [self.finding(str(f), side_of) for f in d.get("findings") or []],
        }

    def story(self, story: Mapping[str, Any], disputes: list[dict[str, Any]]) -> dict[str, Any]:
        members = [str(d) for d in story.get("documents") or [] if str(d) in self.docs]
        return {
            "id": story["id"],
            "label": story.get("label") or story["id"],
            "time": story.get("time") or {},
            "outlets": sorted({self.outlet_of[d] for d in members}),
            "documents": [self.document(d) for d in members],
            "coverage": self.coverage(members, story.get("only_in")),
            # One outlet: every claim is its own, so a count of "only here" claims says nothing.
            "alone": len({self.outlet_of[d] for d in members}) == 1,
            "disputes": [self.dispute(d) for d in disputes],
        }

    def coverage(self, members: list[str], only_in: Any) -> dict[str, Any]:
        """Outlets against the story's claim clusters (which outlet reports each point), and
        the claims only one outlet reports."""
        inside = set(members)
        outlets = sorted({self.outlet_of[d] for d in members})
        rows, shared = [], set()
        for cluster in self.clusters:
            ids = [
                c
                for c in cluster.get("claims") or []
                if self.claims.get(c, {}).get("doc") in inside
            ]
            if not ids:
                continue
            have = {self.outlet(c) for c in ids}
            if len(have) > 1:
                shared.update(ids)
            state = "corroborated" if len(have) > 1 else "only"
            rep = self.claims.get(str(cluster.get("representative"))) or self.claims[ids[0]]
            rows.append(
                {
                    "id": cluster["id"],
                    "text": rep.get("text") or "",
                    "cells": [state if o in have else "missing" for o in outlets],
                }
            )
        if only_in is None:  # a /1 report: claims no cluster shares with another outlet
            only_in = {}
            for cid in (c for d in members for c in self.by_doc.get(d, [])):
                if cid not in shared:
                    only_in.setdefault(self.outlet(cid), []).append(cid)
        only = [
            [
                {"id": c, "text": self.claims.get(c, {}).get("text") or c}
                for c in only_in.get(o) or []
            ]
            for o in outlets
        ]
        return {"outlets": outlets, "rows": rows, "only": only}

    def document(self, doc_id: str) -> dict[str, Any]:
        doc, text = self.docs[doc_id], self.texts.get(doc_id)
        spans = [
            (int(c["span"][0]), int(c["span"][1]), cid)
            for cid in self.by_doc.get(doc_id, [])
            if (c := self.claims[cid]).get("span")
        ]
        return {
            "id": doc_id,
            "path": doc.get("path"),
            "outlet": self.outlet_of[doc_id],
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
