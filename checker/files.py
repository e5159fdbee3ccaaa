"""Atomic file writes: a reader never sees a half-written report, claim file, baseline or
model file."""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from checker.errors import CheckerError


def save_atomic(path: Path, save: Callable[[str], None]) -> Path:
    """Run save(a temporary path in path's folder), then rename that file to path.

    A folder that is missing is made; one that cannot be written to is a CheckerError
    naming the file, and whatever was at path before is left as it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except (FileExistsError, NotADirectoryError) as exc:
        raise CheckerError(
            f"{path}: cannot write here: a file is where a folder should be"
        ) from exc
    except OSError as exc:
        raise CheckerError(f"{path}: cannot write here: {exc.strerror or exc}") from exc
    os.close(fd)
    try:
        save(tmp)
        # mkstemp makes the file private (0600); a report or claim file is as readable as
        # any file the user writes, so it gets the permissions the umask allows.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CheckerError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        raise
    return path


@functools.cache  # os.umask can only be read by setting it: once, at the first write
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: Path) -> None:
    """Fail now, before minutes of work, where path could not be written later: a CheckerError
    naming it. Nothing is left behind."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if path.is_dir():
        raise CheckerError(f"{path}: is a folder; expected a file name")
    if not folder.is_dir():
        raise CheckerError(f"{path}: cannot write here: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CheckerError(f"{path}: cannot write here: {folder} is read-only")


def write_atomic(path: Path, data: str) -> None:
    """Write data to path through a temporary file in the same folder and a rename."""

    def save(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    save_atomic(path, save)
