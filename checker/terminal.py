"""Progress on stderr as people see it: live bars on a terminal, plain notes when stderr is a
file or a pipe (no escape codes), nothing with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

import click

from checker.progress import NullProgress, Progress, Stage

if TYPE_CHECKING:
    from rich.console import Console


class _RichStage:
    def __init__(self, bar: Any, task: Any) -> None:
        self.bar = bar
        self.task = task

    def advance(self, n: int = 1) -> None:
        self.bar.advance(self.task, n)


class TerminalProgress:
    """One rich progress bar per stage: count, rate and time left; notes printed above it."""

    def __init__(self, console: Console) -> None:
        self.console = console

    @contextmanager
    def _stage(self, label: str, total: int, unit: str) -> Iterator[Stage]:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bars

        columns = (
            TextColumn("{task.description:<20}"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
        )
        with Bars(*columns, console=self.console, transient=False, refresh_per_second=4) as bars:
            task = bars.add_task(label, total=max(total, 1), unit=unit, rate="")
            stage = _RateStage(bars, task, unit)
            yield stage
            # Units taken from the cache never advance: the stage is complete all the same.
            bars.update(task, completed=max(total, 1), rate=stage.rate())

    def stage(self, label: str, total: int, unit: str) -> AbstractContextManager[Stage]:
        return self._stage(label, total, unit)

    def note(self, message: str) -> None:
        self.console.print(message, highlight=False, markup=False)


class _RateStage(_RichStage):
    def __init__(self, bar: Any, task: Any, unit: str) -> None:
        super().__init__(bar, task)
        self.unit = unit

    def rate(self) -> str:
        speed = self.bar.tasks[self.task].finished_speed or self.bar.tasks[self.task].speed
        return f"{speed:,.0f} {self.unit}/s" if speed else ""

    def advance(self, n: int = 1) -> None:
        self.bar.update(self.task, advance=n, rate=self.rate())


class PlainProgress(NullProgress):
    """For stderr that is not a terminal: no bars, just the notes, as plain lines."""

    def note(self, message: str) -> None:
        click.echo(message, err=True)


def progress_for(quiet: bool) -> Progress:
    """What a command shows while it runs, from --quiet and whether stderr is a terminal."""
    if quiet:
        return NullProgress()
    if not sys.stderr.isatty():
        return PlainProgress()
    from rich.console import Console

    return TerminalProgress(Console(stderr=True))
