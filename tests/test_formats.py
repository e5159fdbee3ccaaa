from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from checker.errors import ExitCode
from checker.formats import render
from checker.records import Claim, Contradiction, Corpus, Document, TimeRef
from checker.report import Report

from .conftest import ROOT

PUB = TimeRef(dt.date(2020, 7, 10), dt.date(2020, 7, 10), "publication")
TEXT_A = "Trump wants a summit\n\nTrump said: we would certainly meet, and soon.\n"
TEXT_B = "No summit this year, Kim Yo Jong said.\n"
SCHEMA = Path(
    os.environ.get("CHECKER_SARIF_SCHEMA", ROOT / ".ci" / "cache" / "sarif-2.1.0-rtm.5.json")
)


def doc(did: str, text: str) -> Document:
    return Document(
        did, f"{did}.txt", text, "0" * 64, did.upper(), dt.date(2020, 7, 10), None, None, ()
    )


def finding(cid: str, kind: str, severity: str, claims: tuple[str, str]) -> Contradiction:
    return Contradiction(
        cid, kind, severity, claims, 0.9, f"Reason for {cid}: a, b; same time.", "nli"
    )


def report(statuses: dict[str, str] | None = None) -> Report:
    claims = (
        Claim("a:1", "a", "Trump wants a summit", (0, 20), None, PUB, headline=True),
        Claim("a:2", "a", "we would certainly meet, and soon", (34, 67), "Donald Trump", PUB),
        Claim("b:1", "b", "No summit this year", (0, 19), "Kim Yo Jong", PUB),
    )
    found = (
        finding("c-1", "conflict", "error", ("a:2", "b:1")),
        finding("c-2", "temporal", "warning", ("a:1", "b:1")),
        finding("c-3", "conflict", "info", ("a:1", "b:1")),
    )
    base = Report(
        Corpus("articles", (doc("a", TEXT_A), doc("b", TEXT_B)), ()), claims, (), found, ()
    )
    if statuses is None:
        return base
    return dataclasses.replace(
        base,
        statuses=tuple(sorted(statuses.items())),
        stale=("c-old",),
        baseline="checker-baseline.yaml",
    )


@pytest.mark.parametrize(
    ("fail_on", "clean", "with_baseline"),
    [
        ("error", ExitCode.FINDINGS, ExitCode.OK),  # c-1 (error) is new only without a baseline
        ("warning", ExitCode.FINDINGS, ExitCode.OK),
        ("info", ExitCode.FINDINGS, ExitCode.FINDINGS),  # c-3 (info) stays new
        ("never", ExitCode.OK, ExitCode.OK),
    ],
)
def test_exit_code_matrix(fail_on: str, clean: ExitCode, with_baseline: ExitCode) -> None:
    assert report().exit_code(fail_on) == clean
    baselined = report({"c-1": "baselined", "c-2": "baselined", "c-3": "new"})
    assert baselined.exit_code(fail_on) == with_baseline


def test_an_empty_report_exits_0_at_every_level() -> None:
    empty = dataclasses.replace(report(), contradictions=())
    assert {empty.exit_code(level) for level in ("error", "warning", "info", "never")} == {
        ExitCode.OK
    }


def test_sarif_is_valid_and_carries_both_claim_locations() -> None:
    log = json.loads(render(report({"c-1": "new", "c-2": "baselined", "c-3": "new"}), "sarif"))
    if not SCHEMA.exists():
        pytest.skip(f"SARIF schema not found at {SCHEMA} (bash .ci/install test fetches it)")
    import jsonschema

    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (run,) = log["runs"]
    first = run["results"][0]
    assert (
        first["ruleId"] == "conflict"
        and first["level"] == "error"
        and first["baselineState"] == "new"
    )
    regions = [
        (loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["region"])
        for loc in first["locations"]
    ]
    assert regions[0][0] == "articles/a.txt" and regions[0][1]["startLine"] == 3
    assert regions[0][1]["startColumn"] == 13  # "we would ..." after "Trump said: "
    assert regions[1] == (
        "articles/b.txt",
        {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 20},
    )
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]
    assert run["results"][1]["baselineState"] == "unchanged"


def test_junit_parses_and_fails_only_new_findings_at_the_level() -> None:
    xml = render(report({"c-1": "new", "c-2": "baselined", "c-3": "new"}), "junit", "warning")
    root = ET.fromstring(xml)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert [c.find("failure") is not None for c in cases] == [True, False, False]
    assert cases[1].find("skipped") is not None  # baselined
    assert "articles/a.txt:3" in (cases[0].get("name") or "")


def test_github_annotations_for_new_findings_with_escaping() -> None:
    lines = render(report({"c-1": "new", "c-2": "baselined", "c-3": "new"}), "github").splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "::error file=articles/a.txt,line=3,col=13,endLine=3,title=checker conflict (c-1)::"
    )
    assert lines[1].startswith("::notice file=articles/a.txt,line=1,col=1")
    assert "%0A" not in lines[0] and "Other claim: articles/b.txt:1:1." in lines[0]


def test_json_and_yaml_carry_the_same_report() -> None:
    import yaml

    r = report({"c-1": "new", "c-2": "baselined", "c-3": "new"})
    as_json = json.loads(render(r, "json"))
    assert as_json == yaml.safe_load(render(r, "yaml"))
    assert [c["status"] for c in as_json["contradictions"]] == ["new", "baselined", "new"]
    assert as_json["baseline"] == {"path": "checker-baseline.yaml", "stale": ["c-old"]}


def test_text_report_names_files_lines_and_counts() -> None:
    out = render(report({"c-1": "new", "c-2": "baselined", "c-3": "new"}), "text")
    assert "ERROR conflict c-1 (new, score 0.90)" in out
    assert "articles/a.txt:3:13  Donald Trump: we would certainly meet, and soon" in out
    assert out.rstrip().endswith("3 claims in 2 documents") and "2 new, 1 baselined" in out
