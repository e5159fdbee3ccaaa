"""The pipeline (ingest -> claims -> embed -> cluster -> contradict -> report) as one call.

Core code: it never imports the CLI, and it returns records, not text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from checker import claimfiles
from checker import claims as claims_stage
from checker import ingest as ingest_stage
from checker.records import Claim, Corpus
from checker.report import Report

T = TypeVar("T")
Progress = Callable[[Iterable[T], str], Iterable[T]]


def _no_progress(items: Iterable[T], label: str) -> Iterable[T]:
    return items


@dataclass(frozen=True)
class Options:
    """What a run may be told; the CLI and config fill it in."""

    max_file_bytes: int = ingest_stage.MAX_FILE_BYTES
    claims_dir: Path | None = None

    def settings(self) -> tuple[tuple[str, Any], ...]:
        return (
            ("max_file_bytes", self.max_file_bytes),
            ("claims_dir", self.claims_dir.as_posix() if self.claims_dir else None),
            ("segmenter", "rules"),
        )


def extract_claims(corpus: Corpus, progress: Progress[Any] = _no_progress) -> list[Claim]:
    return [
        c
        for doc in progress(corpus.documents, "extracting claims")
        for c in claims_stage.extract(doc)
    ]


def run(
    paths: list[Path],
    options: Options,
    progress: Progress[Any] = _no_progress,
    warn: Callable[[str], None] = lambda _: None,
) -> Report:
    corpus = ingest_stage.ingest(paths, options.max_file_bytes)
    for message in corpus.warnings:
        warn(message)
    for skipped in corpus.skipped:
        warn(f"{skipped.path}: skipped: {skipped.reason}")
    if options.claims_dir is not None:
        found, messages = claimfiles.load(options.claims_dir, corpus.documents)
        for message in messages:
            warn(message)
    else:
        found = extract_claims(corpus, progress)
    return Report(corpus, tuple(found), (), (), options.settings())
