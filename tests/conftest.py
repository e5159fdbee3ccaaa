from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def need_data(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"development data not found at {path}")
    return path


def shuffled_seeds(target: Path, seed: int) -> Path:
    """The seed articles copied into target in a shuffled order (file order must not matter)."""
    target.mkdir()
    files = sorted(SEEDS.iterdir())
    random.Random(seed).shuffle(files)
    for f in files:
        shutil.copy(f, target / f.name)
    return target
