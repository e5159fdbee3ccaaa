"""Whole-pipeline checks with the real embedding model on the seeds."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from checker import pipeline

from .conftest import SEEDS

pytestmark = pytest.mark.slow


def test_singapore_summit_is_one_cross_outlet_cluster(tmp_path: Path) -> None:
    report = pipeline.run([SEEDS], pipeline.Options(cache_dir=tmp_path))
    texts = {c.id: c.text for c in report.claims}
    singapore = [k for k in report.clusters if sum("Singapore" in texts[c] for c in k.claims) >= 2]
    assert len(singapore) == 1
    assert len(singapore[0].outlets) >= 2
    hanoi = [k for k in report.clusters if any("Hanoi" in texts[c] for c in k.claims)]
    assert all(not any("Singapore" in texts[c] for c in k.claims) for k in hanoi)


def test_clusters_do_not_depend_on_file_order(tmp_path: Path) -> None:
    first = pipeline.run([SEEDS], pipeline.Options(cache_dir=tmp_path / "c1"))
    copy = tmp_path / "shuffled"
    copy.mkdir()
    files = sorted(SEEDS.iterdir())
    random.Random(3).shuffle(files)
    for f in files:
        shutil.copy(f, copy / f.name)
    second = pipeline.run([copy], pipeline.Options(cache_dir=tmp_path / "c2", use_cache=False))
    assert first.clusters == second.clusters
