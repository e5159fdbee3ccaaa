"""The ready-made integrations stay in step with the CLI."""

from __future__ import annotations

import yaml

from checker.cli import compare

from .conftest import ROOT


def flags() -> set[str]:
    return {opt for p in compare.params for opt in getattr(p, "opts", [])}


def test_action_passes_only_flags_that_exist() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) == {"path", "fail-on", "baseline", "format"}
    run = action["runs"]["steps"][-1]["run"]
    used = {word for word in run.split() if word.startswith("-") and word != "-"}
    assert used <= flags(), used - flags()
    assert "torch==2.13.0" in action["runs"]["steps"][1]["run"]


def test_pre_commit_hook_runs_compare_on_the_whole_corpus() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = hook["entry"].split()
    assert entry[:2] == ["checker", "compare"] and hook["pass_filenames"] is False
    assert {w for w in entry if w.startswith("-") and w != "-"} <= flags()
