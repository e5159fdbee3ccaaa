from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from .conftest import BLAST, SEEDS

# The CLI's default cache folder, away from the user's own cache.
CACHE_HOME = Path(tempfile.mkdtemp(prefix="checker-tests-cache-"))


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, "XDG_CACHE_HOME": str(CACHE_HOME)},
    )


def test_compare_writes_the_report_to_stdout_only() -> None:
    result = run("compare", str(BLAST), "-o", "-", "--quiet")
    assert result.returncode == 1, result.stderr  # a death toll of 12 against 15: an error
    report = yaml.safe_load(result.stdout)
    assert report["schema"] == "checker-report/2"
    assert report["summary"]["documents"] == 3
    assert report["summary"]["claims"] == len(report["claims"]) > 10
    assert result.stderr == ""


def test_compare_is_deterministic_and_atomic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert run("compare", str(SEEDS), "-o", str(first), "--fail-on", "never").returncode == 0
    assert run("compare", str(SEEDS), "-o", str(second), "-q", "--fail-on", "never").returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in (
        ["compare", str(tmp_path / "nope")],
        ["compare", str(SEEDS), "--max-file-size", "x"],
    ):
        result = run(*args)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"\x00\x01")
    result = run("compare", str(tmp_path), "-o", "-")
    assert result.returncode == 2
    assert "no readable articles" in result.stderr and "a.bin" in result.stderr
    assert result.stdout == ""


def test_skipped_files_are_listed_and_the_run_goes_on(seeds_copy: Path) -> None:
    # A PNG's first bytes: no text encoding holds them (an FF FE start would be UTF-16).
    (seeds_copy / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("compare", str(seeds_copy), "-o", "-", "--fail-on", "never")
    assert result.returncode == 0
    report = yaml.safe_load(result.stdout)
    assert report["skipped"] == [{"path": "broken.txt", "reason": "binary file, not text"}]
    assert "broken.txt" in result.stderr


def test_extract_then_compare_with_reviewed_claims(seeds_copy: Path, tmp_path: Path) -> None:
    claims_dir = tmp_path / "claims"
    assert run("extract", str(seeds_copy), "-o", str(claims_dir), "-q").returncode == 0

    def compare_reviewed() -> subprocess.CompletedProcess[str]:
        args = ["--claims", str(claims_dir), "-o", "-", "-q", "--fail-on", "never"]
        return run("compare", str(seeds_copy), *args)

    reviewed = claims_dir / "000_d8c2ccedf805ca08.yaml"
    data = yaml.safe_load(reviewed.read_text())
    data["claims"] = data["claims"][:2]
    data["claims"][0]["speaker"] = "Reviewer Choice"
    reviewed.write_text(yaml.safe_dump(data))
    result = compare_reviewed()
    report = yaml.safe_load(result.stdout)
    amn = [c for c in report["claims"] if c["doc"] == "000_d8c2ccedf805ca08"]
    assert len(amn) == 2 and amn[0]["speaker"] == "Reviewer Choice"
    # a changed document is re-extracted, with a warning naming it
    article = seeds_copy / "002_8a038210e1aca5d9.txt"
    article.write_text(article.read_text() + "\nA new paragraph was added to the story later on.\n")
    result = compare_reviewed()
    assert "002_8a038210e1aca5d9.txt changed since its claims were written" in result.stderr
    assert result.returncode == 0


def test_help_does_not_import_torch() -> None:
    code = "import sys; from checker import cli; assert 'torch' not in sys.modules; assert 'sklearn' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_readme_test_command_matches_ci() -> None:
    root = SEEDS.parent
    ci = (root / ".ci" / "run").read_text()
    readme = (root / "README.md").read_text()
    assert ".venv/bin/python -m pytest" in ci and ".venv/bin/python -m pytest" in readme
    assert shutil.which("bash")


def test_timings_name_every_stage_on_stderr_and_leave_stdout_alone() -> None:
    plain = run("compare", str(SEEDS), "-o", "-", "-q", "--fail-on", "never")
    timed = run("compare", str(SEEDS), "-o", "-", "-q", "--fail-on", "never", "--timings")
    assert timed.returncode == 0 and timed.stdout == plain.stdout
    line = timed.stderr.strip()
    stages = [part.split()[0] for part in line.removeprefix("timings: ").split(";")[0].split(", ")]
    assert stages == ["ingest", "claims", "embed", "stories", "cluster", "contradict", "report"], (
        line
    )
    assert "NLI pairs scored: " in line


def test_html_and_review_write_the_same_page(tmp_path: Path) -> None:
    page, report = tmp_path / "review.html", tmp_path / "report.yaml"
    assert run("compare", str(BLAST), "--format", "html", "-q", cwd=tmp_path).returncode == 1
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run("compare", str(BLAST), "-o", str(report), "-q").returncode == 1
    again = run("review", str(report), "-o", "again.html", "--input", str(BLAST), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.html").read_bytes() == page.read_bytes()


def test_review_of_a_file_that_is_no_report_is_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.yaml"
    bogus.write_text("just: notes\n", encoding="utf-8")
    result = run("review", str(bogus), "-o", str(tmp_path / "x.html"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "expected a checker report" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_the_cli_default_embedder_is_the_library_default() -> None:
    from checker.cli import compare
    from checker.models import DEFAULT_EMBEDDING_MODEL

    option = next(p for p in compare.params if p.name == "embedding_model")
    assert option.default == DEFAULT_EMBEDDING_MODEL
