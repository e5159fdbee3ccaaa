"""The pipeline (ingest -> claims -> embed -> stories -> match -> contradict -> report) as one
call.

Core code: it never imports the CLI, and it returns records, not text.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from checker import claimfiles, concurrency, flagged, matchscore, stagework, streaming
from checker import cluster as cluster_stage
from checker import contradict as contradict_stage
from checker import disputes as disputes_stage
from checker import embed as embed_stage
from checker import ingest as ingest_stage
from checker import stories as stories_stage
from checker.disputes import Dispute
from checker.models import (
    DEFAULT_EMBEDDING_MODEL,
    DEFAULT_NLI_MODEL,
    Embedder,
    NLIScorer,
    nli_scorer,
)
from checker.models import embedder as make_embedder
from checker.progress import NullProgress, Progress, reused
from checker.records import Claim, Cluster, Contradiction, Corpus, Document
from checker.report import Report
from checker.stagework import cluster_stories
from checker.stories import Story


@dataclass(frozen=True)
class Options:
    """What a run may be told; the CLI and config fill it in."""

    max_file_bytes: int = ingest_stage.MAX_FILE_BYTES
    claims_dir: Path | None = None
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    cache_dir: Path | None = None
    use_cache: bool = True
    # The matcher's probability from which claims merge into one cluster; None: as trained.
    cluster_threshold: float | None = None
    nli_model: str = DEFAULT_NLI_MODEL
    contradictions: bool = True
    # Where the per-item work runs (checker.concurrency); never changes the findings.
    executor: str = concurrency.LOCAL
    # Keep each document's text in the report's corpus (the formats that quote or locate
    # text need it). False: a document keeps its metadata and boilerplate blocks only, once
    # its claims are extracted, so the driver never holds every article's text at once.
    keep_texts: bool = True

    def settings(self) -> tuple[tuple[str, Any], ...]:
        # Only what changes the findings: cache location and use do not.
        return (
            ("max_file_bytes", self.max_file_bytes),
            ("claims_dir", self.claims_dir.as_posix() if self.claims_dir else None),
            ("segmenter", "rules"),
            ("embedding_model", self.embedding_model),
            ("cluster_threshold", matcher(self).merge_at),
            ("nli_model", self.nli_model if self.contradictions else None),
            ("contradiction_thresholds", contradict_stage.thresholds()),
        )


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
    """What the model stages produce: stories, clusters, contradictions grouped into
    disputes, and the NLI work done."""

    clusters: list[Cluster]
    contradictions: list[Contradiction]
    nli_pairs: int
    stories: list[Story] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)


def match(
    corpus: Corpus,
    claims: list[Claim],
    options: Options,
    embedder: Embedder | None = None,
    scorer: NLIScorer | None = None,
    warn: Callable[[str], None] = lambda _: None,
    timer: Timer | None = None,
    cache: embed_stage.EmbeddingCache | None = None,
    progress: Progress | None = None,
    executor: concurrency.Executor | None = None,
) -> Matched:
    """Embed, cluster and find contradictions, through the run's cache (None: no caching)."""
    timer = timer or Timer()
    progress = progress or NullProgress()
    if not claims:  # documents without claims are stories of their own all the same
        empty = np.zeros((0, 0), dtype=np.float32)
        return Matched([], [], 0, stories_stage.stories(corpus.documents, [], empty))
    folder = options.cache_dir or embed_stage.default_cache_dir()
    embedder = embedder or make_embedder(options.embedding_model, folder / "models", warn)
    # One canonical order (by id) for every stage, so the neighbour search runs once.
    claims = sorted(claims, key=lambda c: c.id)
    texts = [c.text for c in claims]
    distinct = len(set(texts))
    with timer.stage("embed"), progress.stage("embedding claims", distinct, "texts") as bar:
        vectors, fresh = embed_stage.embed_counted(texts, embedder, cache, bar.advance)
    if cache is not None and fresh < distinct:
        progress.note(reused("vectors", distinct, fresh, "claim texts"))
    outlets = {d.id: d.outlet or d.id for d in corpus.documents}
    published = {d.id: d.published for d in corpus.documents if d.published}
    with timer.stage("stories"):
        grouped = stories_stage.stories(corpus.documents, claims, vectors)
    story_of = stories_stage.story_of(grouped)
    with timer.stage("cluster"), progress.stage("clustering", len(claims), "claims") as bar:
        # Claims meet only claims of their own story: the work grows with the stories' sizes.
        found = cluster_stage.neighbours_within(
            vectors,
            _rows_by_story(claims, story_of),
            contradict_stage.NEIGHBOURS,
            advance=bar.advance,
        )
        clusters = cluster_stories(
            claims, vectors, story_of, outlets, matcher(options), executor, cache, progress
        )
    if not options.contradictions:
        return Matched(clusters, [], 0, grouped)
    with timer.stage("contradict"):
        scorer = scorer or nli_scorer(options.nli_model, folder / "models")
        findings, pairs = contradict_stage.find(
            claims,
            vectors,
            clusters,
            scorer,
            cache,
            found=found,
            progress=progress,
            story_of=story_of,
            outlets=outlets,
            published=published,
            articles_text={d.id: d.text for d in corpus.documents},
        )
        # A pair the judge calls a contradiction is never shown as agreement.
        clusters = contradict_stage.separate(clusters, findings, claims, vectors, outlets)
    disputed = disputes_stage.group(findings, claims, clusters, story_of)
    return Matched(clusters, findings, pairs, grouped, disputed)


def _rows_by_story(claims: list[Claim], story_of: dict[str, str]) -> list[list[int]]:
    rows: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        rows.setdefault(story_of.get(claim.doc, claim.doc), []).append(i)
    return [rows[s] for s in sorted(rows)]


def matcher(options: Options) -> matchscore.Scorer:
    """The trained same-event scorer, with the run's merge threshold where one is set."""
    scorer = matchscore.default_scorer()
    if options.cluster_threshold is None:
        return scorer
    return dataclasses.replace(scorer, cluster_threshold=options.cluster_threshold)


def model_spec(options: Options) -> concurrency.ModelSpec:
    """The models a run's options name, for workers to load themselves."""
    folder = options.cache_dir or embed_stage.default_cache_dir()
    return concurrency.ModelSpec(options.embedding_model, options.nli_model, folder / "models")


def run(
    paths: list[Path],
    options: Options,
    progress: Progress | None = None,
    warn: Callable[[str], None] = lambda _: None,
    embedder: Embedder | None = None,
    scorer: NLIScorer | None = None,
    executor: concurrency.Executor | None = None,
) -> Report:
    """One run over the inputs. The per-item work goes to executor (default: the one that
    options.executor names; a given one is left open for the caller to close)."""
    timer = Timer()
    # Reviewed claim files are matched to the documents they were written for: that path
    # reads the whole corpus first. Otherwise documents are streamed from the inputs.
    streamed = options.claims_dir is None
    with timer.stage("ingest"):
        if streamed:
            scan = streaming.scan(paths, options.max_file_bytes)
            corpus = scan.corpus
        else:
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
    spec = model_spec(options)
    bench = concurrency.Workbench(spec, embedder, scorer, warn)
    owned = executor is None
    executor = executor or concurrency.executor_for(options.executor, bench, warn)
    if not isinstance(executor, concurrency.InProcess):
        # The driver names the models (cache keys) but never loads them: the workers do.
        embedder = concurrency.RemoteEmbedder(executor, bench.embedder().name)
        scorer = concurrency.RemoteScorer(executor, bench.scorer().name)
    # One cache a run: claims, vectors and NLI scores live in the same file.
    cache = embed_stage.EmbeddingCache(folder, warn) if options.use_cache else None
    try:
        if streamed:
            with timer.stage("claims"):
                parts = streaming.stream(scan, stagework.EXTRACT_BATCH)
                docs: list[Document] = []
                for doc, claims in stagework.extracted(
                    parts, scan.count, progress, cache, warn, executor
                ):
                    # A clash the article points out is read from its text (checker.flagged).
                    keep = options.keep_texts or flagged.needs_text(claims)
                    docs.append(doc if keep else stagework.years_only(doc))
                    found.extend(claims)
            corpus = dataclasses.replace(corpus, documents=tuple(docs))
        matched = match(
            corpus, found, options, embedder, scorer, warn, timer, cache, progress, executor
        )
    finally:
        if owned:
            executor.close()  # also on Ctrl-C: the workers this run started stop with it
        if cache:
            cache.close()
    if not options.keep_texts:
        texts = tuple(dataclasses.replace(d, text="") for d in corpus.documents)
        corpus = dataclasses.replace(corpus, documents=texts)
    return Report(
        corpus,
        tuple(found),
        tuple(matched.clusters),
        tuple(matched.contradictions),
        options.settings(),
        timings=tuple(timer.laps.items()),
        nli_pairs=matched.nli_pairs,
        stories=tuple(matched.stories),
        disputes=tuple(matched.disputes),
    )
