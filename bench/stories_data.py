"""Labelled corpora for the stories and matching benches: ECB+ topics 1-35, BASIL and the
AllSides sample, read through checker's own ingest, claims and embedding stages.

Prepared claims and vectors are kept under bench/.stories_cache (JSON + .npy, no pickle) so
that the calibration scripts and the evaluation share one extraction.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from checker import claims as claims_stage
from checker import embed as embed_stage
from checker import ingest as ingest_stage
from checker.models import embedder as make_embedder
from checker.records import Claim, Document

try:  # run as a script (bench/ on sys.path) or imported as bench.stories_data
    from common import ALLSIDES, DATA, basil_articles, claim_from, claim_json
except ImportError:  # pragma: no cover
    from bench.common import ALLSIDES, DATA, basil_articles, claim_from, claim_json

ECB = DATA / "events" / "ecbplus_topics_1-35.jsonl.gz"
MRPC = DATA / "paraphrase"
DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
CACHE = Path(__file__).resolve().parent / ".stories_cache"


@dataclass(frozen=True)
class Prepared:
    """Documents of one corpus, their claims and claim vectors, and gold labels."""

    documents: list[Document]
    claims: list[Claim]
    vectors: NDArray[np.float32]
    gold: dict[str, str]  # document id -> gold story (event / subtopic)
    extra: dict[str, Any]  # corpus-specific: ECB+ sentence spans and events


def _ingest(rows: list[dict[str, Any]], name: str) -> list[Document]:
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / f"{name}.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        corpus = ingest_stage.ingest([feed])
    return sorted(corpus.documents, key=lambda d: d.id)


def ecb_rows() -> list[dict[str, Any]]:
    with gzip.open(ECB, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _ecb(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    feed, extra = [], {}
    for row in rows:
        sents = row["sentences"]
        feed.append({"id": row["doc"], "text": "\n\n".join(s["text"] for s in sents)})
        extra[row["doc"]] = {
            "topic": row["topic"],
            "subtopic": row["subtopic"],
            "sentences": [(s["text"], s["annotated"], s["events"]) for s in sents],
        }
    return feed, extra


def _allsides(n: int) -> list[dict[str, Any]]:
    out = []
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n:
                break
            out.append(json.loads(line))
    return out


def _claims_and_vectors(docs: list[Document], name: str) -> tuple[list[Claim], NDArray[np.float32]]:
    CACHE.mkdir(exist_ok=True)
    jpath, vpath = CACHE / f"{name}.claims.json", CACHE / f"{name}.vectors.npy"
    if jpath.exists() and vpath.exists():
        claims = [claim_from(d) for d in json.loads(jpath.read_text(encoding="utf-8"))]
        return claims, np.load(vpath)
    claims = [c for d in docs for c in claims_stage.extract(d)]
    folder = embed_stage.default_cache_dir()
    cache = embed_stage.EmbeddingCache(folder)
    model = make_embedder(embed_stage_model(), folder / "models")
    vectors = embed_stage.embed([c.text for c in claims], model, cache)
    jpath.write_text(json.dumps([claim_json(c) for c in claims]), encoding="utf-8")
    np.save(vpath, vectors)
    return claims, vectors


def embed_stage_model() -> str:
    from checker.models import DEFAULT_EMBEDDING_MODEL

    return DEFAULT_EMBEDDING_MODEL


def load(name: str, n: int = 5000) -> Prepared:
    """name: ecb | basil | allsides."""
    if name == "ecb":
        feed, extra = _ecb(ecb_rows())
        docs = _ingest(feed, "ecb")
        gold = {d.id: extra[d.id.rsplit("/", 1)[1]]["subtopic"] for d in docs}
    elif name == "basil":
        feed, by_stem = basil_articles()
        docs = _ingest(feed, "basil")
        gold = {d.id: by_stem[d.id.rsplit("/", 1)[1]] for d in docs}
        extra = {}
    else:
        docs = _ingest(_allsides(n), "allsides")
        gold, extra = {}, {}
    claims, vectors = _claims_and_vectors(docs, name if name != "allsides" else f"allsides{n}")
    return Prepared(docs, claims, vectors, gold, extra)


def text_vectors(texts: list[str]) -> NDArray[np.float32]:
    """Vectors for arbitrary texts (headlines, sentences) through the run cache."""
    folder = embed_stage.default_cache_dir()
    cache = embed_stage.EmbeddingCache(folder)
    model = make_embedder(embed_stage_model(), folder / "models")
    return embed_stage.embed(texts, model, cache)


@dataclass(frozen=True)
class Sentence:
    """An ECB+ sentence: its document, topic, whether annotated, its event instances and the
    rows of the claims whose spans fall in it."""

    doc: str
    topic: int
    subtopic: str
    annotated: bool
    events: frozenset[str]
    claims: tuple[int, ...]
    text: str


def ecb_sentences(data: Prepared) -> list[Sentence]:
    """Every ECB+ sentence located in its document's text, with the claims mapped to it by span
    (a claim belongs to the sentence holding the middle of its span)."""
    by_doc: dict[str, list[int]] = {}
    for i, c in enumerate(data.claims):
        by_doc.setdefault(c.doc, []).append(i)
    out = []
    for doc in data.documents:
        info = data.extra[doc.id.rsplit("/", 1)[1]]
        cursor, spans = 0, []
        for text, _, _ in info["sentences"]:
            probe = text.strip()[:40]
            at = doc.text.find(probe, cursor) if probe else -1
            start = at if at >= 0 else cursor
            spans.append(start)
            cursor = start + max(1, len(probe))
        bounds = [*spans[1:], len(doc.text)]
        for (text, annotated, events), start, end in zip(
            info["sentences"], spans, bounds, strict=True
        ):
            rows = tuple(
                i for i in by_doc.get(doc.id, [])
                if start <= (data.claims[i].span[0] + data.claims[i].span[1]) // 2 < end
            )  # fmt: skip
            out.append(
                Sentence(doc.id, info["topic"], info["subtopic"], annotated, frozenset(events),
                         rows, text)
            )  # fmt: skip
    return out


if __name__ == "__main__":
    import sys
    import time

    for corpus in sys.argv[1:] or ["basil", "ecb", "allsides"]:
        t0 = time.perf_counter()
        p = load(corpus)
        print(corpus, len(p.documents), len(p.claims), f"{time.perf_counter() - t0:.0f}s")
