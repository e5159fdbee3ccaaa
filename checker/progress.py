"""How the long stages report progress: an interface the core calls and the CLI draws.

The core never decides whether there is a terminal: it says what it is doing (a stage, its
size, how far it got) and what it reused from the cache; `checker.terminal` draws bars on a
terminal, prints plain notes when stderr is a file, and nothing with --quiet.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Protocol


class Stage(Protocol):
    """One running stage: advance by the units of work done."""

    def advance(self, n: int = 1) -> None: ...


class Progress(Protocol):
    """Where the pipeline reports its stages and what it reused."""

    def stage(self, label: str, total: int, unit: str) -> AbstractContextManager[Stage]: ...

    def note(self, message: str) -> None: ...


class _Count:
    def __init__(self) -> None:
        self.done = 0

    def advance(self, n: int = 1) -> None:
        self.done += n


class NullProgress:
    """Reports nothing: the library's default and the CLI's --quiet."""

    def stage(self, label: str, total: int, unit: str) -> AbstractContextManager[Stage]:
        return _null_stage()

    def note(self, message: str) -> None:
        return None


@contextmanager
def _null_stage() -> Iterator[Stage]:
    yield _Count()


@dataclass
class RecordingProgress:
    """A test double: records each stage (label, total, unit, units advanced) and each note."""

    stages: list[tuple[str, int, str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @contextmanager
    def _stage(self, label: str, total: int, unit: str) -> Iterator[Stage]:
        count = _Count()
        try:
            yield count
        finally:
            self.stages.append((label, total, unit, count.done))

    def stage(self, label: str, total: int, unit: str) -> AbstractContextManager[Stage]:
        return self._stage(label, total, unit)

    def note(self, message: str) -> None:
        self.notes.append(message)


def reused(what: str, total: int, fresh: int, unit: str) -> str:
    """A note on what a stage took from the cache: "claims: 980 of 1,000 documents reused"."""
    return f"{what}: {total - fresh:,} of {total:,} {unit} reused from the cache"
