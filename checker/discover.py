"""Which files a run reads: every candidate under the given paths, and nothing outside the
input root (links that lead out, nowhere or to no regular file are refused with a reason)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from checker import metadata
from checker.errors import CheckerError
from checker.records import Skipped


def discover(paths: list[Path]) -> tuple[Path, list[tuple[Path, Path]], list[Skipped]]:
    """The input root, every candidate file under the given paths (sorted, each with the
    real file it reads), and what was refused on the way: nothing outside the root is read."""
    for path in paths:
        if not path.exists():
            raise CheckerError(f"{path}: no such file or folder")
    roots = [p if p.is_dir() else p.parent for p in paths]
    root = Path(*_common(roots)) if len(roots) > 1 else roots[0]
    real_root = root.resolve()
    found: dict[str, tuple[Path, Path]] = {}
    refused: dict[str, Skipped] = {}
    for path in paths:
        for file, problem in _walk(path) if path.is_dir() else [(path, None)]:
            rel = Path(os.path.relpath(file, root))
            where = rel.as_posix()
            if any(part.startswith(".") for part in rel.parts):
                continue
            if file.parent == root and file.name in metadata.MANIFEST_NAMES:
                continue
            problem = problem or _outside(file, real_root)
            if problem:
                refused[where] = Skipped(where, problem)
            else:
                found[where] = (file.resolve(), rel)
    return root, [found[k] for k in sorted(found)], [refused[k] for k in sorted(refused)]


def _common(paths: list[Path]) -> tuple[str, ...]:
    parts = [p.resolve().parts for p in paths]
    out: list[str] = []
    for group in zip(*parts, strict=False):
        if len(set(group)) != 1:
            break
        out.append(group[0])
    return tuple(out)


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Every file under folder, without following links to folders (no loops, no escape)."""
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                yield here / name, "symbolic link to a folder; not followed"
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(files):
            yield here / name, None


def _outside(file: Path, real_root: Path) -> str | None:
    """Why file may not be read: it leads out of the input root, nowhere, or to no file."""
    try:
        real = file.resolve(strict=True)
    except (OSError, RuntimeError):
        return "cannot read: broken or looping symbolic link"
    if not real.is_relative_to(real_root):
        return "symbolic link to a file outside the input root; not read"
    if not stat.S_ISREG(real.stat().st_mode):
        return "not a regular file (a device, pipe or socket); not read"
    return None
