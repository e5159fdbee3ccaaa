"""bench/labels/basil_extra.jsonl: the hand-labelled BASIL pairs are what they claim to be
(the pointers name BASIL sentences, no text copied out of ../shared, two outlets of one event, none in basil_pairs.jsonl), in
the schema bench/train_judge.py and bench/label_value.py read."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import need_data

EXTRA = Path(__file__).resolve().parent.parent / "bench" / "labels" / "basil_extra.jsonl"
LABELS = {"conflict", "temporal", "compatible", "unrelated"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EXTRA.read_text(encoding="utf-8").splitlines()]


def test_schema_and_labels(rows: list[dict[str, Any]]) -> None:
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["label"] in LABELS, r["id"]
        assert r["confidence"] in {"high", "medium", "low"}, r["id"]
        positive = r["label"] in {"conflict", "temporal"}
        # A positive names what disagrees and what kind of disagreement it is; nothing else does.
        assert bool(r["point"]) == positive, r["id"]
        assert (r["kind"] in {"speakers", "fact", "time"}) == positive, r["id"]
        assert r["picked_by"] in {"number", "number1", "polarity", "nli", "random"}, r["id"]
        assert r["a"]["outlet"] != r["b"]["outlet"], r["id"]
        assert r["a"]["file"].startswith(r["event"]) and r["b"]["file"].startswith(r["event"])
    assert Counter(r["label"] for r in rows)["conflict"] >= 10


def test_texts_are_basil_sentences_and_new(rows: list[dict[str, Any]]) -> None:
    articles = need_data("news", "basil", "articles")
    labelled = need_data("labels", "basil_pairs.jsonl")
    body: dict[str, list[list[str]]] = {}
    for path in articles.glob("*/*.json"):
        d = json.loads(path.read_text(encoding="utf-8"))
        body[path.name] = d["body-paragraphs"]
        assert d["triplet-uuid"] == path.name.rsplit("_", 1)[0]
    for r in rows:
        for side in (r["a"], r["b"]):
            p, s = side["sentence"][1:].split("s")
            assert "text" not in side, f"{r['id']}: BASIL's text belongs in ../shared, not here"
            words = " ".join(body[side["file"]][int(p)][int(s)].split()).split()
            assert len(words) >= 6, r["id"]  # label_pairs.MIN_WORDS

    def key(x: dict[str, Any]) -> tuple[str, str]:
        one, two = (
            f"{x['a']['file']}:{x['a']['sentence']}",
            f"{x['b']['file']}:{x['b']['sentence']}",
        )
        return (min(one, two), max(one, two))

    old = {key(json.loads(line)) for line in labelled.read_text(encoding="utf-8").splitlines()}
    assert not old & {key(r) for r in rows}
