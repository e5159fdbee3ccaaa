from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker import baseline
from checker.errors import CheckerError
from checker.records import Claim, Contradiction, TimeRef

from .test_cli import run

PUB = TimeRef(dt.date(2020, 7, 10), dt.date(2020, 7, 10), "publication")
CLAIMS = {
    "a:1": Claim("a:1", "a", "Trump would meet.", (0, 1), "Donald Trump", PUB),
    "b:1": Claim("b:1", "b", "No summit.", (0, 1), "Kim Yo Jong", PUB),
}


def found(*ids: str) -> tuple[Contradiction, ...]:
    return tuple(
        Contradiction(i, "conflict", "error", ("a:1", "b:1"), 0.9, "r", "nli") for i in ids
    )


def test_update_keeps_written_reasons_and_marks_new_and_stale(tmp_path: Path) -> None:
    path = tmp_path / "checker-baseline.yaml"
    baseline.write(path, found("c-1", "c-2"), CLAIMS, None)
    path.write_text(
        path.read_text(encoding="utf-8").replace("reason: ''", "reason: known dispute", 1),
        encoding="utf-8",
    )
    first = baseline.load(path)
    assert first is not None and dict(first.reasons)["c-1"] == "known dispute"
    baseline.write(path, found("c-1", "c-3"), CLAIMS, first)
    second = baseline.load(path)
    assert second is not None and dict(second.reasons) == {"c-1": "known dispute", "c-3": ""}
    status, stale = baseline.statuses(found("c-1", "c-4"), first)
    assert status == {"c-1": "baselined", "c-4": "new"} and stale == ("c-2",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "schema: checker-baseline/1\nfindings:\n  - id: c-1\n   reason: [\n",
            r"line \d+:.*not valid YAML",
        ),
        ("just: a mapping\n", "expected a checker baseline"),
        ("schema: checker-baseline/1\nfindings:\n  - reason: x\n", "finding 1 has no 'id'"),
    ],
)
def test_a_broken_baseline_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "checker-baseline.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CheckerError, match=message):
        baseline.load(path)


def test_cli_refuses_a_broken_baseline_without_touching_it(tmp_path: Path) -> None:
    path = tmp_path / "checker-baseline.yaml"
    broken = "schema: checker-baseline/1\nfindings: [\n"
    path.write_text(broken, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Kim said no summit will happen.\n", encoding="utf-8")
    for extra in ([], ["--update-baseline"]):
        result = run("compare", str(tmp_path / "a.txt"), "-o", "-", *extra, cwd=tmp_path)
        assert result.returncode == 2 and result.stdout == ""
        assert "checker-baseline.yaml: line" in result.stderr and "Traceback" not in result.stderr
        assert path.read_text(encoding="utf-8") == broken
