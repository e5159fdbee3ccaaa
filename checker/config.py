"""Configuration files: `checker.yaml`, or `[tool.checker]` in `pyproject.toml`.

Flags beat the file and the file beats defaults: the file's values become click's
default_map for `compare`, so a flag given on the command line still wins. Keys are the
long flag names (`fail-on` or `fail_on`); an unknown key is an error that names it and
lists the valid ones.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from checker.errors import CheckerError

FILES = ("checker.yaml", "pyproject.toml")


def find(start: Path) -> Path | None:
    """The first checker.yaml, or pyproject.toml with a [tool.checker] table, from start up."""
    for folder in (start, *start.parents):
        for name in FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def _has_table(path: Path) -> bool:
    try:
        return "checker" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False


def load(path: Path, valid: Iterable[str]) -> dict[str, Any]:
    """The settings in path, keyed by parameter name (dashes become underscores)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckerError(f"{path}: cannot read the configuration: {exc}") from exc
    if path.name == "pyproject.toml":
        try:
            raw = tomllib.loads(text).get("tool", {}).get("checker", {})
        except tomllib.TOMLDecodeError as exc:
            raise CheckerError(f"{path}: not valid TOML: {exc}") from exc
        where = f"{path} [tool.checker]"
    else:
        try:
            raw = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            at = f" line {line + 1}" if line is not None else ""
            raise CheckerError(
                f"{path}:{at} not valid YAML: {getattr(exc, 'problem', exc)}"
            ) from exc
        where = str(path)
    if not isinstance(raw, dict):
        raise CheckerError(
            f"{where}: expected a mapping of setting: value, got {type(raw).__name__}"
        )
    names = sorted(valid)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key).replace("-", "_")
        if name not in names:
            choices = ", ".join(n.replace("_", "-") for n in names)
            raise CheckerError(f"{where}: unknown setting {key!r}; valid settings are: {choices}")
        out[name] = value
    return out
