"""Trained parameters shipped as JSON (checker/data/): read, and checked against the features
the code computes, so a model trained on another feature list is refused, never misread."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def load(path: Path, features: Sequence[str], retrain: str) -> dict[str, Any]:
    """The parameters in path; a ValueError naming both feature lists when they differ."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != tuple(features):
        raise ValueError(
            f"{path}: trained on features {data['features']}; this checker computes "
            f"{list(features)}. Retrain with {retrain}"
        )
    return data
