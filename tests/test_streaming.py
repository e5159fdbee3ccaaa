"""Streaming ingest and extraction: the documents and claims of a whole-corpus run, read in
batches; clustering story by story gives match.cluster's clusters."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from checker import (
    claimcache,
    concurrency,
    embed,
    match,
    matchscore,
    pipeline,
    stagework,
    streaming,
)
from checker.claimfiles import load
from checker.formats import render
from checker.ingest import ingest
from checker.records import Claim, Document
from checker.report import Report

from .conftest import SEEDS, allsides_sample


def article(n: int, what: str) -> str:
    return (
        f"{what} hit the city of Lowmoor today.\n\nPrint edition page A{n}\n\n"
        f"Officials counted the {what.lower()} damage on Monday, the mayor said.\n\n"
        f"This site has been run by volunteers since {2016 + n}.\n"
    )


def corpus_folder(root: Path) -> Path:
    """Articles of two outlets whose furniture repeats, in JSONL and text files, with two
    documents sharing one id (a.txt and a.md) and one without an outlet."""
    rows = [
        {"id": f"r{n}", "outlet": "A" if n < 4 else "B", "text": article(n, what)}
        for n, what in enumerate(["A fire", "A flood", "A storm", "A strike", "A quake"])
    ]
    root.mkdir()
    (root / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    (root / "a.txt").write_text(article(7, "A drought"), "utf-8")
    (root / "a.md").write_text("---\noutlet: A\n---\n" + article(8, "A heatwave"), "utf-8")
    (root / "empty.txt").write_text("", "utf-8")
    return root


def test_the_stream_gives_ingests_documents_in_batches(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path / "in")
    whole = ingest([folder])
    scan = streaming.scan([folder])
    assert scan.corpus.documents == () and scan.count == len(whole.documents) == 7
    assert (scan.corpus.skipped, scan.corpus.warnings) == (whole.skipped, whole.warnings)
    parts = list(streaming.stream(scan, 3))
    assert [len(p) for p in parts] == [3, 3, 1]
    assert tuple(d for p in parts for d in p) == whole.documents
    # The furniture decision was made, and made across batches.
    rules = {b.rule for d in whole.documents for b in d.blocks}
    assert "repeated-in-outlet" in rules


def test_a_corpus_without_outlets_streams_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(article(1, "A fire"), "utf-8")
    scan = streaming.scan([folder])
    assert scan.repeated == frozenset()
    assert tuple(d for p in streaming.stream(scan, 8) for d in p) == ingest([folder]).documents


def test_the_stream_is_read_as_it_is_consumed(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path / "in")
    scan = streaming.scan([folder])
    parts = streaming.stream(scan, 1)
    first = next(parts)
    assert len(first) == 1  # one batch read, the rest not yet
    assert len(list(parts)) == scan.count - 1


class Counting:
    """An extractor whose claims name their document; it records what it was asked for."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []
        self.read_ahead: list[int] = []

    def __call__(self, parts: Iterator[list[Document]]) -> Iterator[list[list[Claim]]]:
        from checker.records import TimeRef

        for part in parts:
            self.asked.append([d.id for d in part])
            unknown = TimeRef(None, None, "unknown")
            yield [[Claim(f"{d.id}-c", d.id, d.id, (0, 1), None, unknown)] for d in part]


def test_extraction_streams_through_the_cache(tmp_path: Path) -> None:
    docs = list(ingest([corpus_folder(tmp_path / "in")]).documents)
    cache = embed.EmbeddingCache(tmp_path / "cache")
    first = Counting()
    parts = concurrency.batches(docs, 3)
    out = list(claimcache.extract_stream(iter(parts), first, cache))
    assert [[d.id for d in part] for part, _, _ in out] == first.asked
    assert [n for _, _, n in out] == [3, 3, 1]
    assert [c[0].doc for _, found, _ in out for c in found] == [d.id for d in docs]
    # A second run: every batch is known; nothing is extracted, the claims are the same.
    again = Counting()
    out2 = list(claimcache.extract_stream(iter(parts), again, cache))
    assert again.asked == [] and [n for _, _, n in out2] == [0, 0, 0]
    assert [f for _, f, _ in out2] == [f for _, f, _ in out]
    # One document edited in the middle batch: only it is extracted, in its place.
    edited = [*docs[:4], dataclasses.replace(docs[4], text=docs[4].text + "More.\n"), *docs[5:]]
    third = Counting()
    out3 = list(claimcache.extract_stream(iter(concurrency.batches(edited, 3)), third, cache))
    cache.close()
    assert third.asked == [[docs[4].id]] and [n for _, _, n in out3] == [0, 1, 0]
    assert [f for _, f, _ in out3] == [f for _, f, _ in out]


def test_extraction_holds_only_the_batches_in_flight(tmp_path: Path) -> None:
    docs = list(ingest([corpus_folder(tmp_path / "in")]).documents)
    read: list[int] = []

    def stream() -> Iterator[list[Document]]:
        for i, doc in enumerate(docs):
            read.append(i)
            yield [doc]

    found = claimcache.extract_stream(stream(), Counting(), None)
    next(found)
    assert len(read) == 1  # an extractor that reads one ahead at a time
    assert len(list(found)) == len(docs) - 1


def bag_of_words(claims: list[Claim], dim: int = 64) -> NDArray[np.float32]:
    """Vectors from each claim's words: claims sharing most words are near."""
    out = np.zeros((len(claims), dim), dtype=np.float32)
    for i, c in enumerate(claims):
        for word in re.findall(r"[a-z]+", c.text.lower()):
            out[i, int(hashlib.sha256(word.encode()).hexdigest(), 16) % dim] += 1
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def two_story_seeds() -> tuple[
    list[Claim], NDArray[np.float32], dict[str, str], dict[str, str], matchscore.Scorer
]:
    """The seeds' reviewed claims with bag-of-words vectors, as two stories of two documents
    each, every document's outlet its own (no model)."""
    claims, _ = load(SEEDS.parent / "claims", ingest([SEEDS]).documents)
    assert claims
    claims = sorted(claims, key=lambda c: c.id)
    ids = sorted({c.doc for c in claims})
    story_of = {d: f"s{k // 2}" for k, d in enumerate(ids)}
    outlets = {d: f"outlet {k}" for k, d in enumerate(ids)}
    return claims, bag_of_words(claims), story_of, outlets, matchscore.default_scorer()


def test_clustering_story_by_story_gives_the_clusters_of_one_call() -> None:
    claims, vectors, story_of, outlets, scorer = two_story_seeds()
    whole = match.cluster(claims, vectors, story_of, outlets, scorer)
    assert whole, "the case must have clusters to compare"
    bench = concurrency.Workbench(concurrency.ModelSpec("m", "n", Path("models")))
    by_story = stagework.cluster_stories(
        claims, vectors, story_of, outlets, scorer, concurrency.InProcess(bench)
    )
    assert by_story == whole
    parts = match.split(claims, vectors, story_of, outlets, scorer)
    assert [len({c.doc for c in p.claims}) for p in parts] == [2, 2]


def whole_corpus_report(folder: Path, options: pipeline.Options) -> str:
    """A run as it was before streaming: every document read, then extracted, then matched
    in one call per stage."""
    corpus = ingest([folder])
    cache = embed.EmbeddingCache(options.cache_dir or Path())
    try:
        found = stagework.extract_claims(corpus, cache=cache)
        matched = pipeline.match(corpus, found, options, cache=cache)
    finally:
        cache.close()
    report = Report(
        corpus, tuple(found), tuple(matched.clusters), tuple(matched.contradictions),
        options.settings(), stories=tuple(matched.stories), disputes=tuple(matched.disputes),
    )  # fmt: skip
    return render(report, "yaml")


@pytest.mark.slow
@pytest.mark.parametrize("articles", [0, 200])
def test_a_streamed_run_without_texts_writes_the_report_of_a_whole_corpus_run(
    tmp_path: Path, articles: int
) -> None:
    folder = allsides_sample(tmp_path / "in", articles) if articles else SEEDS
    options = pipeline.Options(cache_dir=tmp_path / "cache")
    before = whole_corpus_report(folder, options)
    slim = pipeline.run([folder], pipeline.Options(cache_dir=tmp_path / "cache", keep_texts=False))
    assert render(slim, "yaml") == before
    assert {d.text for d in slim.corpus.documents} == {""}
    kept = pipeline.run([folder], options)
    assert render(kept, "yaml") == before
    assert kept.corpus.documents == ingest([folder]).documents
