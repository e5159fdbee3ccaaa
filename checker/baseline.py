"""The baseline: findings a team has accepted, each with the reviewer's reason.

A run marks each finding `new` or `baselined` by its fingerprint and lists baseline entries
that no longer match anything (`stale`). Only `--update-baseline` writes the file, and a
file that cannot be read is an error, never silently replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker import safeyaml
from checker.errors import CheckerError
from checker.files import write_atomic
from checker.records import Claim, Contradiction
from checker.serialize import dump_yaml

SCHEMA = "checker-baseline/1"
DEFAULT_NAME = "checker-baseline.yaml"
HEADER = (
    "# Accepted checker findings. Fill in each reason: why the finding is fine as it is.\n"
    "# `checker compare ... --update-baseline` rewrites this file and keeps the reasons.\n"
)


@dataclass(frozen=True)
class Baseline:
    """Accepted findings: fingerprint -> the reviewer's reason."""

    path: str
    reasons: tuple[tuple[str, str], ...]

    def ids(self) -> frozenset[str]:
        return frozenset(i for i, _ in self.reasons)


def load(path: Path) -> Baseline | None:
    """The baseline at path; None when there is none. Errors name the file and line."""
    if not path.exists():
        return None
    try:
        data = safeyaml.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line, problem = safeyaml.describe(exc)
        at = f" line {line}:" if line is not None else ""
        raise CheckerError(
            f"{path}:{at} baseline is not valid YAML ({problem}); fix or delete it"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckerError(f"{path}: cannot read the baseline: {exc}") from exc
    return Baseline(path.as_posix(), tuple(_entries(path, data)))


def _entries(path: Path, data: Any) -> list[tuple[str, str]]:
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise CheckerError(
            f"{path}: expected a checker baseline (schema: {SCHEMA}); fix or delete it"
        )
    findings = data.get("findings") or []
    if not isinstance(findings, list):
        raise CheckerError(f"{path}: 'findings' must be a list")
    out = []
    for n, entry in enumerate(findings, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise CheckerError(
                f"{path}: finding {n} has no 'id'; expected id: c-… as checker wrote it"
            )
        out.append((entry["id"], str(entry.get("reason") or "")))
    return out


def statuses(
    found: tuple[Contradiction, ...], baseline: Baseline | None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Each finding's status (new | baselined) and the baseline ids that match nothing."""
    accepted = baseline.ids() if baseline else frozenset()
    status = {c.id: "baselined" if c.id in accepted else "new" for c in found}
    current = {c.id for c in found}
    stale = tuple(sorted(i for i in accepted if i not in current))
    return status, stale


def write(
    path: Path,
    found: tuple[Contradiction, ...],
    claims: dict[str, Claim],
    previous: Baseline | None,
) -> int:
    """Write the current findings as the baseline, keeping reasons already written."""
    reasons = dict(previous.reasons) if previous else {}
    entries = [
        {
            "id": c.id,
            "kind": c.kind,
            "severity": c.severity,
            "claims": [
                {"doc": claims[i].doc, "text": claims[i].text} if i in claims else {"id": i}
                for i in c.claims
            ],
            "reason": reasons.get(c.id, ""),
        }
        for c in sorted(found, key=lambda c: c.id)
    ]
    write_atomic(path, HEADER + dump_yaml({"schema": SCHEMA, "findings": entries}))
    return len(entries)
