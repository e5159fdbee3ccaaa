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

from checker import safeyaml
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
        tool = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
        return isinstance(tool, dict) and "checker" in tool
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
            tool = tomllib.loads(text).get("tool", {})
            raw = tool.get("checker", {}) if isinstance(tool, dict) else {}
        except tomllib.TOMLDecodeError as exc:
            raise CheckerError(f"{path}: not valid TOML: {exc}") from exc
        where = f"{path} [tool.checker]"
    else:
        try:
            raw = safeyaml.load(text)
        except yaml.YAMLError as exc:
            line, problem = safeyaml.describe(exc)
            at = f" line {line}:" if line is not None else ""
            raise CheckerError(f"{path}:{at} not valid YAML: {problem}") from exc
        raw = {} if raw is None else raw
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
        _check_type(where, str(key), name, value)
        out[name] = value
    return out


# Settings that are not text; a value of another type would reach click (or a file name)
# without saying which file it came from.
TYPES: dict[str, tuple[type, ...]] = {
    "max_file_size": (int,),
    "cluster_threshold": (int, float),
    "no_cache": (bool,),
    "quiet": (bool,),
}
_WORDS = {int: "a whole number", float: "a number", bool: "true or false", str: "text"}


def _check_type(where: str, key: str, name: str, value: Any) -> None:
    if value is None:
        return
    wanted = TYPES.get(name, (str,))
    if isinstance(value, bool) != (bool in wanted) or not isinstance(value, wanted):
        raise CheckerError(f"{where}: setting {key!r} must be {_WORDS[wanted[-1]]}, got {value!r}")
