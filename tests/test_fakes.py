"""The model doubles in checker.models.fakes: what the stage tests rely on them for."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from checker.models.base import Embedder, NLIScorer
from checker.models.fakes import HashEmbedder, TableScorer, WordHashEmbedder
from tests.conftest import ROOT

# mypy --strict checks these against the interfaces (run it on this file too).
_scorer: NLIScorer = TableScorer({})
_embedder: Embedder = HashEmbedder()
_words: Embedder = WordHashEmbedder()

PAIRS = [("a", "b"), ("b", "a"), ("c", "d"), ("a", "b")]
TEXTS = ["alpha", "beta", "", "gamma ray", "alpha", "caf\u00e9 \U0001f600", "?!", "a a"]
EMBEDDERS = [HashEmbedder, WordHashEmbedder]


def test_the_scorer_reads_its_table_and_the_default_elsewhere() -> None:
    scorer = TableScorer({("a", "b"): 0.9, ("b", "a"): 0.2}, default=0.5)
    got = scorer.contradiction(PAIRS)
    assert got.dtype == np.float32 and got.shape == (4,)
    assert got.tolist() == pytest.approx([0.9, 0.2, 0.5, 0.9])
    assert TableScorer({}).contradiction([("x", "y")]).tolist() == [0.0]


def test_a_constant_scorer_gives_every_pair_its_score() -> None:
    got = TableScorer({}, 0.97).contradiction(PAIRS)
    assert got.tolist() == pytest.approx([0.97] * len(PAIRS))


def test_a_pairs_score_does_not_depend_on_the_rest_of_the_call() -> None:
    scorer = TableScorer({("a", "b"): 0.9, ("c", "d"): 0.3}, default=0.1)
    together = scorer.contradiction(PAIRS)
    alone = np.concatenate([scorer.contradiction([p]) for p in PAIRS])
    reversed_ = scorer.contradiction(PAIRS[::-1])[::-1]
    assert np.array_equal(together, alone) and np.array_equal(together, reversed_)
    assert scorer.contradiction([]).shape == (0,)


def test_the_scorer_records_every_pair_asked_in_order() -> None:
    scorer = TableScorer({})
    assert scorer.asked == []
    scorer.contradiction(PAIRS[:2])
    scorer.contradiction(PAIRS[2:])
    assert scorer.asked == PAIRS  # repeats kept: a test can count what reached the model


def test_the_scorers_table_is_its_own() -> None:
    table = {("a", "b"): 0.9}
    scorer = TableScorer(table)
    table[("a", "b")] = 0.1
    assert scorer.contradiction([("a", "b")]).tolist() == pytest.approx([0.9])


@pytest.mark.parametrize("kind", EMBEDDERS)
def test_the_embedder_is_deterministic_across_instances_and_batches(
    kind: type[HashEmbedder],
) -> None:
    together = kind().encode(TEXTS)
    alone = np.stack([kind().encode([t])[0] for t in TEXTS])
    reordered = kind().encode(TEXTS[::-1])[::-1]
    assert np.array_equal(together, alone) and np.array_equal(together, reordered)
    assert np.array_equal(together[0], together[4])  # one text, one vector


@pytest.mark.parametrize("kind", EMBEDDERS)
def test_the_embedder_gives_normalised_rows_of_its_dimension(kind: type[HashEmbedder]) -> None:
    for dim in (1, 2, 3, 16, 100):
        vectors = kind(dim).encode(TEXTS)
        assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), dim)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert kind().encode([]).shape == (0, kind().dim)
    with pytest.raises(ValueError, match=f"{kind.__name__} needs .* at least 1, got 0"):
        kind(0)


def test_different_texts_get_different_vectors() -> None:
    texts = [f"text {i}" for i in range(200)]
    vectors = HashEmbedder(64).encode(texts)
    cosines = vectors @ vectors.T
    np.fill_diagonal(cosines, 0.0)
    assert len({v.tobytes() for v in vectors}) == len(texts)
    assert np.abs(cosines).max() < 0.7  # unrelated, not a paraphrase signal


@pytest.mark.parametrize("kind", EMBEDDERS)
def test_the_embedder_records_texts_and_batch_sizes(kind: type[HashEmbedder]) -> None:
    model = kind()
    model.encode(TEXTS[:2])
    model.encode([])
    model.encode(TEXTS[2:])
    assert model.seen == TEXTS and model.calls == [2, 0, len(TEXTS) - 2]


def test_the_word_embedder_puts_texts_sharing_words_near() -> None:
    texts = [
        "Officials said the bridge would reopen on Monday",
        "the bridge would reopen on Monday, officials said",
        "Officials said the bridge would stay shut on Monday",
        "Rain is expected across the north tomorrow",
    ]
    v = WordHashEmbedder().encode(texts)
    assert v[0] @ v[1] == pytest.approx(1.0, abs=1e-6)  # same words, another order and case
    assert v[0] @ v[2] > 0.6 > v[0] @ v[3]
    # Whole texts hashed know nothing of words.
    h = HashEmbedder(64).encode(texts)
    assert h[0] @ h[1] < 0.6


def test_the_embedder_gives_the_same_vectors_in_another_process() -> None:
    # Vectors cached on disk by one test process are read by another: no per-process salt.
    code = (
        "from checker.models.fakes import HashEmbedder; "
        "import sys; sys.stdout.write(HashEmbedder(8).encode(['alpha', 'beta']).tobytes().hex())"
    )
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": path}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout == HashEmbedder(8).encode(["alpha", "beta"]).tobytes().hex()
