"""The pipeline reports each long stage and what it reused, through the Progress interface."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from checker import embed, pipeline, stagework
from checker.ingest import ingest
from checker.models.fakes import HashEmbedder, WordHashEmbedder
from checker.progress import NullProgress, RecordingProgress, reused
from checker.terminal import PlainProgress, progress_for

from .conftest import SEEDS


def stages(progress: RecordingProgress) -> dict[str, tuple[int, str, int]]:
    return {label: (total, unit, done) for label, total, unit, done in progress.stages}


def test_each_stage_is_reported_and_a_second_run_says_what_it_reused(tmp_path: Path) -> None:
    corpus = ingest([SEEDS])
    options = pipeline.Options(cache_dir=tmp_path, contradictions=False)
    cache = embed.EmbeddingCache(tmp_path)
    first = RecordingProgress()
    found = stagework.extract_claims(corpus, first, cache)
    # Vectors from shared words: the seeds form a story of several documents to cluster.
    pipeline.match(corpus, found, options, WordHashEmbedder(), cache=cache, progress=first)
    seen = stages(first)
    assert seen["extracting claims"] == (4, "docs", 4)
    texts = len({c.text for c in found})
    assert seen["embedding claims"] == (texts, "texts", texts)
    assert seen["clustering"] == (len(found), "claims", len(found))
    assert first.notes == []

    second = RecordingProgress()
    again = WordHashEmbedder()
    found = stagework.extract_claims(corpus, second, cache)
    pipeline.match(corpus, found, options, again, cache=cache, progress=second)
    cache.close()
    assert again.calls == []
    assert stages(second)["extracting claims"] == (4, "docs", 0)
    assert second.notes[:2] == [
        reused("claims", 4, 0, "documents"),
        reused("vectors", texts, 0, "claim texts"),
    ]
    # Every story of two or more documents clustered the first time, none the second.
    (clusters,) = second.notes[2:]
    stories = int(clusters.split(" of ")[1].split()[0])
    assert stories >= 1 and clusters == reused("clusters", stories, 0, "stories")


def test_embedding_goes_in_chunks_that_depend_on_the_unseen_texts_only() -> None:
    texts = [f"claim number {i} " + "x" * (i % 7) for i in range(1200)]
    model = HashEmbedder()
    advanced: list[int] = []
    vectors, fresh = embed.embed_counted(texts, model, None, advanced.append)
    assert fresh == 1200 and sum(advanced) == 1200 and max(model.calls) <= embed.CHUNK
    shuffled = texts[::-1]
    again, _ = embed.embed_counted(shuffled, HashEmbedder(), None)
    assert np.array_equal(again[::-1], vectors)


def test_what_is_shown_depends_on_quiet_and_the_terminal() -> None:
    assert isinstance(progress_for(quiet=True), NullProgress)
    # Under pytest stderr is captured, not a terminal: notes only, no bars.
    assert isinstance(progress_for(quiet=False), PlainProgress)
