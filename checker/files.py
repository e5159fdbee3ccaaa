"""Atomic file writes: a reader never sees a half-written report, claim file, baseline or
model file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def save_atomic(path: Path, save: Callable[[str], None]) -> Path:
    """Run save(a temporary path in path's folder), then rename that file to path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_atomic(path: Path, data: str) -> None:
    """Write data to path through a temporary file in the same folder and a rename."""

    def save(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    save_atomic(path, save)
