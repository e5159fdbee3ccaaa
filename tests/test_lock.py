"""The lock (.ci/constraints.txt) must pin everything checker needs, at versions its ranges admit.

A dependency added to pyproject.toml without `bash .ci/refresh-lock` would otherwise install
unpinned, and a range moved past the lock would make `.ci/install` fail on a fresh clone.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import ROOT

LOCK = ROOT / ".ci" / "constraints.txt"


def locked() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{LOCK}: {line!r} is not an exact pin (name==version)"
            pins[canonicalize_name(name)] = Version(version)
    return pins


def declared() -> list[Requirement]:
    """checker's own requirements as this checkout's pyproject.toml states them, every extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


def wanted(req: Requirement, extras: frozenset[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({"extra": e}) for e in extras | {""})


def closure(roots: list[Requirement]) -> Iterator[tuple[Requirement, str]]:
    """Every requirement reachable from roots through the installed distributions' metadata."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(r, "pyproject.toml") for r in roots]
    while todo:
        req, by = todo.pop()
        extras = frozenset(canonicalize_name(e) for e in req.extras)
        key = (canonicalize_name(req.name), extras)
        if key in seen or not wanted(req, frozenset()):
            continue
        seen.add(key)
        yield req, by
        try:
            requires = metadata.requires(req.name) or []
        except metadata.PackageNotFoundError:
            continue  # not installed here: its own requirements cannot be read
        for line in requires:
            sub = Requirement(line)
            if wanted(sub, extras):
                todo.append((Requirement(str(sub).split(";")[0]), req.name))


def test_every_declared_requirement_is_pinned_inside_its_range() -> None:
    pins = locked()
    for req in declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is declared but not in {LOCK.name}: run bash .ci/refresh-lock"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{LOCK.name} pins {req.name}=={pins[name]}, outside the declared {req}: "
            "run bash .ci/refresh-lock"
        )


def test_everything_the_declared_requirements_pull_in_is_pinned() -> None:
    pins = locked()
    missing = sorted(
        f"{req.name} (required by {by})"
        for req, by in closure(declared())
        if canonicalize_name(req.name) not in pins
    )
    assert not missing, f"not in {LOCK.name}: {missing}; run bash .ci/refresh-lock"


def test_the_lock_leaves_checker_itself_out() -> None:
    assert "checker" not in locked()
