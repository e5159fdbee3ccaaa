"""The pipeline (ingest -> claims -> embed -> cluster -> contradict -> report) as one call.

Core code: it never imports the CLI, and it returns records, not text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from checker import claimcache, claimfiles
from checker import claims as claims_stage
from checker import cluster as cluster_stage
from checker import contradict as contradict_stage
from checker import embed as embed_stage
from checker import ingest as ingest_stage
from checker.cluster import DEFAULT_THRESHOLD
from checker.models import (
    DEFAULT_EMBEDDING_MODEL,
    DEFAULT_NLI_MODEL,
    Embedder,
    NLIScorer,
    nli_scorer,
)
from checker.models import embedder as make_embedder
from checker.records import Claim, Cluster, Contradiction, Corpus
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
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    cache_dir: Path | None = None
    use_cache: bool = True
    cluster_threshold: float = DEFAULT_THRESHOLD
    nli_model: str = DEFAULT_NLI_MODEL
    contradictions: bool = True

    def settings(self) -> tuple[tuple[str, Any], ...]:
        # Only what changes the findings: cache location and use do not.
        return (
            ("max_file_bytes", self.max_file_bytes),
            ("claims_dir", self.claims_dir.as_posix() if self.claims_dir else None),
            ("segmenter", "rules"),
            ("embedding_model", self.embedding_model),
            ("cluster_threshold", self.cluster_threshold),
            ("nli_model", self.nli_model if self.contradictions else None),
            (
                "contradiction_thresholds",
                {
                    "error": contradict_stage.ERROR_THRESHOLD,
                    "info": contradict_stage.INFO_THRESHOLD,
                },
            ),
        )


def extract_claims(corpus: Corpus, progress: Progress[Any] = _no_progress) -> list[Claim]:
    return [
        c
        for doc in progress(corpus.documents, "extracting claims")
        for c in claims_stage.extract(doc)
    ]


@dataclass
class Timer:
    """Wall time per stage, for --timings and the benchmarks; never part of the report body."""

    laps: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.laps[name] = self.laps.get(name, 0.0) + time.perf_counter() - start


@dataclass(frozen=True)
class Matched:
    """What the model stages produce: clusters, contradictions and the NLI work done."""

    clusters: list[Cluster]
    contradictions: list[Contradiction]
    nli_pairs: int


def match(
    corpus: Corpus,
    claims: list[Claim],
    options: Options,
    embedder: Embedder | None = None,
    scorer: NLIScorer | None = None,
    warn: Callable[[str], None] = lambda _: None,
    timer: Timer | None = None,
    cache: embed_stage.EmbeddingCache | None = None,
) -> Matched:
    """Embed, cluster and find contradictions, through the run's cache (None: no caching)."""
    timer = timer or Timer()
    if not claims:
        return Matched([], [], 0)
    folder = options.cache_dir or embed_stage.default_cache_dir()
    embedder = embedder or make_embedder(options.embedding_model, folder / "models", warn)
    # One canonical order (by id) for every stage, so the neighbour search runs once.
    claims = sorted(claims, key=lambda c: c.id)
    with timer.stage("embed"):
        vectors = embed_stage.embed([c.text for c in claims], embedder, cache)
    outlets = {d.id: d.outlet or d.id for d in corpus.documents}
    with timer.stage("cluster"):
        found = cluster_stage.neighbours(vectors, contradict_stage.NEIGHBOURS)
        clusters = cluster_stage.cluster(claims, vectors, outlets, options.cluster_threshold, found)
    if not options.contradictions:
        return Matched(clusters, [], 0)
    with timer.stage("contradict"):
        scorer = scorer or nli_scorer(options.nli_model, folder / "models")
        findings, pairs = contradict_stage.find(
            claims, vectors, clusters, scorer, cache, found=found
        )
    return Matched(clusters, findings, pairs)


def run(
    paths: list[Path],
    options: Options,
    progress: Progress[Any] = _no_progress,
    warn: Callable[[str], None] = lambda _: None,
    embedder: Embedder | None = None,
    scorer: NLIScorer | None = None,
) -> Report:
    timer = Timer()
    with timer.stage("ingest"):
        corpus = ingest_stage.ingest(paths, options.max_file_bytes)
    for message in corpus.warnings:
        warn(message)
    for skipped in corpus.skipped:
        warn(f"{skipped.path}: skipped: {skipped.reason}")
    found: list[Claim] = []
    if options.claims_dir is not None:
        found, messages = claimfiles.load(options.claims_dir, corpus.documents)
        for message in messages:
            warn(message)
    folder = options.cache_dir or embed_stage.default_cache_dir()
    # One cache a run: claims, vectors and NLI scores live in the same file.
    cache = embed_stage.EmbeddingCache(folder, warn) if options.use_cache else None
    try:
        if options.claims_dir is None:
            with timer.stage("claims"):
                docs = list(progress(corpus.documents, "extracting claims"))
                found = claimcache.extract_cached(docs, claims_stage.extract, cache, warn)
        matched = match(corpus, found, options, embedder, scorer, warn, timer, cache)
    finally:
        if cache:
            cache.close()
    return Report(
        corpus,
        tuple(found),
        tuple(matched.clusters),
        tuple(matched.contradictions),
        options.settings(),
        timings=tuple(timer.laps.items()),
        nli_pairs=matched.nli_pairs,
    )
