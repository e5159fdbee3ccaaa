"""Gating CI end to end with the real models: exit codes, the baseline round trip,
configuration precedence and fingerprints that survive edits and moves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from checker import pipeline

from .conftest import BLAST, shuffled_seeds
from .test_cli import run

pytestmark = pytest.mark.slow

NEW_ARTICLE = """Norbury explosion toll rises to 20

The explosion at the Norbury chemical plant on Monday killed 20 workers, the hospital said.
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def compare(cwd: Path, cache: Path, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = run("compare", "news", "-o", "-", "-q", "--cache-dir", str(cache), *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, yaml.safe_load(result.stdout)


def test_a_conflict_fails_until_baselined_then_a_new_conflict_fails_alone(
    tmp_path: Path, cache: Path
) -> None:
    shutil.copytree(BLAST, tmp_path / "news")
    code, report = compare(tmp_path, cache, "--fail-on", "error")
    assert code == 1 and any(c["severity"] == "error" for c in report["contradictions"])
    code, _ = compare(tmp_path, cache, "--update-baseline")
    assert code == 0 and (tmp_path / "checker-baseline.yaml").exists()
    code, report = compare(tmp_path, cache)
    assert code == 0 and {c["status"] for c in report["contradictions"]} == {"baselined"}
    (tmp_path / "news" / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    code, report = compare(tmp_path, cache)
    new = [c for c in report["contradictions"] if c["status"] == "new"]
    assert code == 1 and new
    assert all(any(cid.startswith("005_new:") for cid in c["claims"]) for c in new)
    assert report["baseline"]["stale"] == []


def test_flags_beat_the_config_file_and_the_file_beats_defaults(
    tmp_path: Path, cache: Path
) -> None:
    shutil.copytree(BLAST, tmp_path / "news")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.checker]\nfail-on = 'never'\n", encoding="utf-8"
    )
    assert compare(tmp_path, cache)[0] == 0
    assert compare(tmp_path, cache, "--fail-on", "error")[0] == 1


def test_fingerprints_survive_inserted_lines_renamed_folders_and_shuffled_files(
    tmp_path: Path, cache: Path
) -> None:
    options = pipeline.Options(cache_dir=cache)
    before = {c.id for c in pipeline.run([BLAST], options).contradictions}
    moved = shuffled_seeds(tmp_path / "renamed folder", 5, BLAST)
    article = moved / "wire.txt"
    text = article.read_text(encoding="utf-8")
    # A note under the headline: every claim after it moves (lines, spans, ordinals). Above
    # the headline it would be the page's first sentence and end the page header there.
    headline = "Explosion at chemical plant kills 12 workers\n"
    assert headline in text
    article.write_text(
        text.replace(headline, f"{headline}\nEditor's note: this story was updated.\n", 1),
        encoding="utf-8",
    )
    after = {c.id for c in pipeline.run([moved], options).contradictions}
    assert before and after == before
