"""The seeds' report from one real run of the pipeline, shared by the review tests (slow)."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from checker import pipeline
from checker.report import to_dict

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@functools.cache
def seeds_report() -> dict[str, Any]:
    """The plain report of `checker compare seeds/`, run once per test process."""
    cache = tempfile.mkdtemp(prefix="checker-review-")
    atexit.register(shutil.rmtree, cache, True)
    return to_dict(pipeline.run([SEEDS], pipeline.Options(cache_dir=Path(cache))))


def claim_with(report: dict[str, Any], words: str) -> str:
    """The id of the one claim whose text holds words."""
    found = [c["id"] for c in report["claims"] if words in c["text"]]
    assert len(found) == 1, f"{len(found)} claims hold {words!r}"
    return str(found[0])
