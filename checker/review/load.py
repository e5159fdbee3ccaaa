"""A written report read back: records from its plain dict, stories and disputes for /1 reports,
and the article texts from the input root."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from checker import disputes as disputes_stage
from checker.records import Claim, Cluster, Contradiction
from checker.serialize import time_from_dict

ONE_STORY = "all"


def claims_of(report: Mapping[str, Any]) -> list[Claim]:
    return [
        Claim(
            id=str(c["id"]),
            doc=str(c["doc"]),
            text=str(c.get("text") or ""),
            span=(int(c["span"][0]), int(c["span"][1])) if c.get("span") else (0, 0),
            speaker=c.get("speaker"),
            time=time_from_dict(c.get("time") or {"source": "unknown"}),
        )
        for c in report.get("claims") or []
    ]


def clusters_of(report: Mapping[str, Any]) -> list[Cluster]:
    return [
        Cluster(
            id=str(c["id"]),
            claims=tuple(c.get("claims") or ()),
            representative=str(c.get("representative") or (c.get("claims") or [""])[0]),
            outlets=tuple(c.get("outlets") or ()),
            similarity=float(c.get("similarity") or 0.0),
        )
        for c in report.get("clusters") or []
    ]


def findings_of(report: Mapping[str, Any]) -> list[Contradiction]:
    return [
        Contradiction(
            id=str(f["id"]),
            kind=str(f.get("kind") or "conflict"),
            severity=str(f.get("severity") or "info"),
            claims=(str(f["claims"][0]), str(f["claims"][1])),
            score=float(f.get("score") or 0.0),
            reason=str(f.get("reason") or ""),
            rule=str(f.get("rule") or ""),
        )
        for f in report.get("contradictions") or []
    ]


def stories_of(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The report's stories; for a report without them (/1), all documents as one story."""
    if report.get("stories"):
        return [dict(s) for s in report["stories"]]
    docs = report.get("documents") or []
    dates = sorted(str(d["published"]) for d in docs if d.get("published"))
    return [
        {
            "id": ONE_STORY,
            "label": "All documents",
            "documents": [d["id"] for d in docs],
            "outlets": sorted({d.get("outlet") or "unknown outlet" for d in docs}),
            "time": {"start": dates[0] if dates else None, "end": dates[-1] if dates else None},
        }
    ]


def disputes_of(report: Mapping[str, Any], stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The report's disputes; where it has none (/1), grouped here from its contradictions."""
    if "disputes" in report and report["disputes"] is not None:
        return [dict(d) for d in report["disputes"]]
    story_of = {doc: s["id"] for s in stories for doc in s.get("documents") or []}
    found = disputes_stage.group(
        findings_of(report), claims_of(report), clusters_of(report), story_of
    )
    return [disputes_stage.to_dict(d) for d in found]


def load_texts(report: Mapping[str, Any], root: Path) -> tuple[dict[str, str], list[str]]:
    """The texts of the report's documents read again from root (the input root the report's
    paths are relative to), and a warning for each document that could not be matched.

    Texts come from checker's own ingest, so that spans index them as they did in the run;
    a document whose file changed since (another sha256) is left out, not misread."""
    from checker.ingest import ingest  # the review page alone needs no ingest

    corpus = ingest([root])
    read = {d.id: d for d in corpus.documents}
    texts: dict[str, str] = {}
    warnings: list[str] = []
    for doc in report.get("documents") or []:
        found = read.get(doc["id"])
        if found is None:
            warnings.append(f"{root / str(doc.get('path'))}: not found; its claims shown alone")
        elif doc.get("sha256") and found.sha256 != doc["sha256"]:
            warnings.append(f"{root / found.path}: changed since the report; claims shown alone")
        else:
            texts[found.id] = found.text
    return texts, warnings


def read_report(path: Path) -> dict[str, Any]:
    """A report.yaml written by `checker compare`, as its plain dict; errors name the file."""
    import yaml

    from checker.errors import CheckerError

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckerError(f"{path}: cannot read the report: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}:" if mark is not None else ""
        raise CheckerError(f"{path}:{line} the report is not valid YAML") from exc
    schema = data.get("schema") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not str(schema).startswith("checker-report/"):
        raise CheckerError(
            f"{path}: expected a checker report (schema: checker-report/1 or /2), "
            f"found {'schema ' + repr(schema) if schema else 'no schema'}; "
            "write one with `checker compare DIR -o report.yaml`"
        )
    return {str(k): v for k, v in data.items()}


def recorded_root(report: Mapping[str, Any]) -> Path | None:
    """The input root the report records (`input: {root: DIR}`), if it records one."""
    given = report.get("input")
    root = given.get("root") if isinstance(given, Mapping) else None
    return Path(root) if isinstance(root, str) and root else None
