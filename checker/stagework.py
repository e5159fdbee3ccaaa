"""The pipeline's per-item work through an executor (checker.concurrency): claims extracted
from a stream of document batches, and clusters found story by story.

Core code: it never imports the CLI, and it returns records, not text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from checker import claimcache, clustercache, concurrency, matchscore, storyfeatures
from checker import embed as embed_stage
from checker import match as match_stage
from checker.models import DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL
from checker.progress import NullProgress, Progress, reused
from checker.records import Claim, Cluster, Corpus, Document

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# Documents an extraction batch: large enough for the parser's batching, small enough that
# progress moves and a worker's share stays small.
EXTRACT_BATCH = 32
# Claims a matching batch (whole stories): a story is never split.
MATCH_BATCH = 2048


def extract_claims(
    corpus: Corpus,
    progress: Progress | None = None,
    cache: embed_stage.EmbeddingCache | None = None,
    warn: Callable[[str], None] = lambda _: None,
    executor: concurrency.Executor | None = None,
) -> list[Claim]:
    """Every document's claims, through the cache where one is given, extracted in batches
    by the executor (default: in this process), with a progress stage."""
    parts = concurrency.batches(corpus.documents, EXTRACT_BATCH)
    found = extracted(parts, len(corpus.documents), progress, cache, warn, executor)
    return [c for _, claims in found for c in claims]


def extracted(
    parts: Iterable[list[Document]],
    total: int,
    progress: Progress | None = None,
    cache: embed_stage.EmbeddingCache | None = None,
    warn: Callable[[str], None] = lambda _: None,
    executor: concurrency.Executor | None = None,
) -> Iterator[tuple[Document, list[Claim]]]:
    """Each document of a stream of batches with its claims, in order; the executor reads
    the stream a few batches ahead of what has been yielded, no more."""
    progress = progress or NullProgress()
    # The default models, as pipeline.model_spec(Options()) names them.
    folder = embed_stage.default_cache_dir() / "models"
    spec = concurrency.ModelSpec(DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL, folder)
    executor = executor or concurrency.InProcess(concurrency.Workbench(spec))

    def extract(batches: Iterator[list[Document]]) -> Iterator[list[list[Claim]]]:
        return executor.map(concurrency.Job.EXTRACT, batches)

    fresh = 0
    with progress.stage("extracting claims", total, "docs") as bar:
        for part, found, new in claimcache.extract_stream(parts, extract, cache, warn):
            fresh += new
            bar.advance(new)
            yield from zip(part, found, strict=True)
    if cache is not None and fresh < total:
        progress.note(reused("claims", total, fresh, "documents"))


def cluster_stories(
    claims: list[Claim],
    vectors: NDArray[np.float32],
    story_of: dict[str, str],
    outlets: dict[str, str],
    scorer: matchscore.Scorer,
    executor: concurrency.Executor | None = None,
    cache: embed_stage.EmbeddingCache | None = None,
    progress: Progress | None = None,
) -> list[Cluster]:
    """match.cluster, story by story on the executor's workers (None: here), each story's
    clusters kept in the run's cache (checker.clustercache) so an unchanged story is not
    clustered again; progress notes how many were reused."""
    stories = match_stage.split(claims, vectors, story_of, outlets, scorer)

    def compute(todo: list[match_stage.StoryClaims]) -> list[list[Cluster]]:
        if executor is None:
            return [match_stage.cluster_story(story) for story in todo]
        parts: list[list[match_stage.StoryClaims]] = []
        size = MATCH_BATCH
        for story in todo:
            if size + len(story.claims) > MATCH_BATCH:
                parts.append([])
                size = 0
            parts[-1].append(story)
            size += len(story.claims)
        # Each part comes back as its stories' clusters, story by story.
        return [story for part in executor.map(concurrency.Job.MATCH, parts) for story in part]

    found, fresh = clustercache.clustered(stories, compute, cache)
    if cache is not None and progress is not None and fresh < len(stories):
        progress.note(reused("clusters", len(stories), fresh, "stories"))
    return match_stage.ordered(c for story in found for c in story)


def years_only(doc: Document) -> Document:
    """What the stages after extraction read of a document: its metadata, its boilerplate
    blocks (the report lists them) and, in place of its text, the years it names (the
    stories stage reads those from the text)."""
    years = " ".join(storyfeatures.years_named(doc.text))
    blocks = tuple(b for b in doc.blocks if b.kind == "boilerplate")
    return dataclasses.replace(doc, text=years, blocks=blocks)
