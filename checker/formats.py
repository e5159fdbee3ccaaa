"""The report in the formats people and CI systems read: yaml, json, text, sarif, github, junit.

Each renderer is a pure function of the report (and the --fail-on level where the format
says pass or fail), so the same report gives the same bytes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from checker import __version__, disputes
from checker.records import Claim, Contradiction, Document
from checker.report import Report, at_or_above, render_yaml, to_dict

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
KINDS = {
    "conflict": "Two accounts of the same thing, at the same time, that cannot both hold.",
    "temporal": "Two accounts that disagree, but about different times: the story may have moved on.",
}


class Location:
    """Where a claim is: the file as the user named it, 1-based line and column."""

    def __init__(self, root: str, doc: Document, claim: Claim) -> None:
        self.path = _display_path(root, doc.path)
        start, end = claim.span
        self.line, self.column = _line_col(doc.text, start)
        self.end_line, self.end_column = _line_col(doc.text, end)


class Index:
    """A report's claims and documents by id, built once a rendering."""

    def __init__(self, report: Report) -> None:
        self.root = report.corpus.root
        self.claims = {c.id: c for c in report.claims}
        self.docs = {d.id: d for d in report.corpus.documents}

    def claims_of(self, finding: Contradiction) -> list[Claim]:
        return [self.claims[i] for i in finding.claims]

    def locate(self, claim: Claim) -> Location:
        return Location(self.root, self.docs[claim.doc], claim)


def _display_path(root: str, rel: str) -> str:
    full = Path(root) / rel
    if not full.is_absolute():
        return full.as_posix()
    try:
        return full.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return full.as_posix()


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def render(report: Report, fmt: str, fail_on: str = "error") -> str:
    renderers: dict[str, Callable[[Report, str], str]] = {
        "yaml": lambda r, _: render_yaml(r),
        "json": lambda r, _: json.dumps(to_dict(r), ensure_ascii=False, indent=2) + "\n",
        "text": text,
        "sarif": sarif,
        "github": github,
        "junit": junit,
        "html": html,
    }
    return renderers[fmt](report, fail_on)


def html(report: Report, fail_on: str = "error") -> str:
    """The review page (checker.review), with the articles' texts for highlighted spans."""
    from checker.review import render as render_page

    return render_page(to_dict(report), {d.id: d.text for d in report.corpus.documents})


def text(report: Report, fail_on: str = "error") -> str:
    """Disputes first (the points, with who says what on each side), then every finding."""
    status = dict(report.statuses)
    index = Index(report)
    lines = []
    outlet_of = {d.id: d.outlet for d in report.corpus.documents}
    for dispute in report.disputes:
        lines.extend(disputes.describe(dispute, index.claims, outlet_of))
        lines.append(f"  findings: {', '.join(dispute.findings)}")
        lines.append("")
    for finding in report.contradictions:
        state = status.get(finding.id, "new")
        lines.append(
            f"{finding.severity.upper()} {finding.kind} {finding.id} ({state}, score {finding.score:.2f})"
        )
        for claim in index.claims_of(finding):
            where = index.locate(claim)
            who = f"{claim.speaker}: " if claim.speaker else ""
            lines.append(f"  {where.path}:{where.line}:{where.column}  {who}{claim.text}")
        lines.append(f"  {finding.reason}")
        lines.append("")
    new = sum(status.get(c.id, "new") == "new" for c in report.contradictions)
    lines.append(
        f"{len(report.contradictions)} contradictions ({new} new, {len(report.contradictions) - new} baselined), "
        f"{len(report.stale)} stale baseline entries; {len(report.clusters)} clusters, "
        f"{len(report.claims)} claims in {len(report.corpus.documents)} documents"
    )
    return "\n".join(lines) + "\n"


def _sarif_location(index: Index, claim: Claim) -> dict[str, Any]:
    where = index.locate(claim)
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": where.path},
            "region": {
                "startLine": where.line,
                "startColumn": where.column,
                "endLine": where.end_line,
                "endColumn": where.end_column,
            },
        },
        "message": {"text": f"{claim.speaker or 'the outlet'}: {claim.text}"},
    }


def sarif(report: Report, fail_on: str = "error") -> str:
    status = dict(report.statuses)
    index = Index(report)
    results = []
    for finding in report.contradictions:
        result: dict[str, Any] = {
            "ruleId": finding.kind,
            "level": SARIF_LEVEL[finding.severity],
            "message": {"text": finding.reason},
            "locations": [_sarif_location(index, c) for c in index.claims_of(finding)],
            "partialFingerprints": {"checkerFinding/v1": finding.id},
            "properties": {"score": round(finding.score, 3), "rule": finding.rule},
        }
        if report.baseline is not None:
            result["baselineState"] = (
                "unchanged" if status.get(finding.id) == "baselined" else "new"
            )
        results.append(result)
    driver = {
        "name": "checker",
        "version": __version__,
        "informationUri": "https://github.com/checker/checker",
        "rules": [
            {"id": kind, "shortDescription": {"text": text}, "fullDescription": {"text": text}}
            for kind, text in KINDS.items()
        ],
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


# Line separators some readers break lines at, and control characters (terminal escapes
# in a CI log), have no escape in workflow commands: they become spaces.
_NOT_GITHUB = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _escape_data(value: str) -> str:
    value = _NOT_GITHUB.sub(" ", value)
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, fail_on: str = "error") -> str:
    """GitHub workflow commands: one annotation per new finding, on its first claim."""
    status = dict(report.statuses)
    index = Index(report)
    lines = []
    for finding in report.contradictions:
        if status.get(finding.id, "new") != "new":
            continue
        first, second = index.claims_of(finding)
        where, other = index.locate(first), index.locate(second)
        title = _escape_property(f"checker {finding.kind} ({finding.id})")
        message = _escape_data(
            f"{finding.reason} Other claim: {other.path}:{other.line}:{other.column}."
        )
        lines.append(
            f"::{GITHUB_LEVEL[finding.severity]} file={_escape_property(where.path)},"
            f"line={where.line},col={where.column},endLine={where.end_line},title={title}::{message}"
        )
    return "".join(line + os.linesep for line in lines)


# Characters XML 1.0 allows; anything else (control characters, U+FFFE) is dropped from
# JUnit output, which ElementTree would otherwise write as a file no parser accepts.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(value: str) -> str:
    return _NOT_XML.sub("", value)


def junit(report: Report, fail_on: str = "error") -> str:
    """JUnit XML (GitLab, Jenkins): a test case per finding; new ones at or above fail_on fail."""
    status = dict(report.statuses)
    index = Index(report)
    suite = ET.Element("testsuite", name="checker", tests=str(len(report.contradictions)))
    failures = skipped = 0
    for finding in report.contradictions:
        names = " <> ".join(
            f"{where.path}:{where.line}" for where in map(index.locate, index.claims_of(finding))
        )
        case = ET.SubElement(
            suite, "testcase", classname=f"checker.{finding.kind}", name=_x(f"{finding.id} {names}")
        )
        if status.get(finding.id, "new") == "baselined":
            ET.SubElement(case, "skipped", message="baselined")
            skipped += 1
        elif at_or_above(finding.severity, fail_on):
            failure = ET.SubElement(
                case, "failure", message=_x(finding.reason), type=finding.severity
            )
            failure.text = _x("\n".join(f"{c.id}: {c.text}" for c in index.claims_of(finding)))
            failures += 1
        else:
            ET.SubElement(case, "system-out").text = _x(f"{finding.severity}: {finding.reason}")
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    suite.set("errors", "0")
    root = ET.Element(
        "testsuites", name="checker", tests=suite.get("tests", "0"), failures=str(failures)
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
