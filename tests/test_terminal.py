"""checker as people run it: in a real terminal (a pseudo-terminal), on a folder of dozens of
articles, with and without --quiet, and with stderr sent to a file."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import pexpect
import pytest
import yaml

from .conftest import SEEDS

pytestmark = pytest.mark.slow  # real models, as a user runs them

ESCAPE = re.compile(r"\x1b\[")
DOCS = 32


@pytest.fixture(scope="module")
def folder() -> Path:
    """32 articles: the seeds with a different last line each, as a user's folder might be."""
    root = Path(tempfile.mkdtemp(prefix="checker-pty-"))
    articles = root / "articles"
    articles.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(DOCS):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (articles / f"a{i:02d}.txt").write_text(f"{text}\nUpdate {i}.\n", encoding="utf-8")
    return articles


@pytest.fixture(scope="module")
def cache_home() -> str:
    return tempfile.mkdtemp(prefix="checker-pty-cache-")


def in_terminal(command: str, cwd: Path, cache_home: str) -> tuple[int, str]:
    """Run a shell command line under a pseudo-terminal; its exit status and what it showed."""
    env = {**os.environ, "XDG_CACHE_HOME": cache_home, "COLUMNS": "120", "TERM": "xterm"}
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], cwd=str(cwd), env=env, encoding="utf-8", timeout=600
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, f"killed by signal {child.signalstatus}"
    return child.exitstatus, child.before or ""


def checker(*args: str) -> str:
    return " ".join([sys.executable, "-m", "checker", *args])


def assert_clean(shown: str) -> None:
    assert "Traceback" not in shown and "internal error" not in shown, shown[-2000:]


def test_compare_in_a_terminal_shows_progress_and_writes_the_report(
    folder: Path, cache_home: str, tmp_path: Path
) -> None:
    code, shown = in_terminal(
        checker("compare", str(folder), "-o", "r.yaml", "--fail-on", "never"), tmp_path, cache_home
    )
    assert_clean(shown)
    assert code == 0
    report = yaml.safe_load((tmp_path / "r.yaml").read_text(encoding="utf-8"))
    assert report["summary"]["documents"] == DOCS
    for stage in ("extracting claims", "embedding claims", "clustering"):
        assert stage in shown, f"no progress shown for {stage}"
    assert f"{DOCS}/{DOCS}" in shown  # counts, as the bar fills
    assert "report written to r.yaml" in shown


def test_a_second_run_says_what_it_reused(folder: Path, cache_home: str, tmp_path: Path) -> None:
    first = in_terminal(checker("compare", str(folder), "-o", "a.yaml"), tmp_path, cache_home)
    code, shown = in_terminal(checker("compare", str(folder), "-o", "b.yaml"), tmp_path, cache_home)
    assert_clean(shown)
    assert code == first[0] == 1  # the seeds hold error-level conflicts
    assert f"claims: {DOCS} of {DOCS} documents reused from the cache" in shown
    assert "vectors:" in shown and "claim texts reused from the cache" in shown
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()


def test_quiet_in_a_terminal_shows_nothing(folder: Path, cache_home: str, tmp_path: Path) -> None:
    code, shown = in_terminal(
        checker("compare", str(folder), "-o", "r.yaml", "-q", "--fail-on", "never"),
        tmp_path,
        cache_home,
    )
    assert code == 0
    assert shown.strip() == ""
    assert (tmp_path / "r.yaml").stat().st_size > 0


def test_stderr_redirected_to_a_file_has_no_escape_codes(
    folder: Path, cache_home: str, tmp_path: Path
) -> None:
    code, shown = in_terminal(
        checker("compare", str(folder), "-o", "r.yaml", "--fail-on", "never") + " 2> err.txt",
        tmp_path,
        cache_home,
    )
    assert code == 0
    assert shown.strip() == ""  # nothing but the report goes to stdout, and that is a file
    err = (tmp_path / "err.txt").read_text(encoding="utf-8")
    assert_clean(err)
    assert not ESCAPE.search(err), err[:500]
    assert f"{DOCS} documents, 0 skipped" in err
    assert (tmp_path / "r.yaml").stat().st_size > 0


def test_report_to_stdout_in_a_terminal_keeps_progress_off_stdout(
    folder: Path, cache_home: str, tmp_path: Path
) -> None:
    code, _ = in_terminal(
        checker("compare", str(folder), "--format", "json", "--fail-on", "never") + " > r.json",
        tmp_path,
        cache_home,
    )
    assert code == 0
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert text.startswith("{") and not ESCAPE.search(text)


@pytest.mark.parametrize("quiet", [False, True])
def test_extract_in_a_terminal(folder: Path, cache_home: str, tmp_path: Path, quiet: bool) -> None:
    flags = ["-q"] if quiet else []
    code, shown = in_terminal(
        checker("extract", str(folder), "-o", "claims", *flags), tmp_path, cache_home
    )
    assert_clean(shown)
    assert code == 0
    assert len(list((tmp_path / "claims").glob("*.yaml"))) == DOCS
    if quiet:
        assert shown.strip() == ""
    else:
        assert "extracting claims" in shown and f"{DOCS}/{DOCS}" in shown
