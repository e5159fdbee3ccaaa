from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from checker.embed import EmbeddingCache, embed
from checker.models.embedders import equal_length_batches
from checker.models.fakes import HashEmbedder


def test_second_run_embeds_nothing(tmp_path: Path) -> None:
    model = HashEmbedder()
    texts = ["alpha", "beta", "alpha", "gamma ray"]
    first = embed(texts, model, EmbeddingCache(tmp_path))
    assert sorted(model.seen) == ["alpha", "beta", "gamma ray"]
    model.seen.clear()
    second = embed(texts, model, EmbeddingCache(tmp_path))
    assert model.seen == []
    np.testing.assert_array_equal(first, second)
    assert first.shape == (4, model.dim)


def test_corrupt_cache_is_rebuilt_with_a_warning(tmp_path: Path) -> None:
    embed(["alpha"], HashEmbedder(), EmbeddingCache(tmp_path))
    (tmp_path / "embeddings.sqlite3").write_bytes(b"this is not a database" * 100)
    warnings: list[str] = []
    model = HashEmbedder()
    out = embed(["alpha"], model, EmbeddingCache(tmp_path, warnings.append))
    assert model.seen == ["alpha"] and out.shape == (1, model.dim)
    assert any("unreadable" in w for w in warnings)


def test_damaged_entry_is_recomputed_not_returned(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    embed(["alpha"], HashEmbedder(), cache)
    with cache.conn:
        cache.conn.execute("UPDATE vectors SET data = ?", (b"\x00\x01",))
    warnings: list[str] = []
    cache.warn = warnings.append
    model = HashEmbedder()
    out = embed(["alpha"], model, cache)
    assert model.seen == ["alpha"] and np.isclose(np.linalg.norm(out[0]), 1.0)
    assert warnings


def test_concurrent_writers_do_not_corrupt(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            texts = [f"text {offset + i}" for i in range(200)]
            embed(texts, HashEmbedder(), EmbeddingCache(tmp_path))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k * 100,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    cache = EmbeddingCache(tmp_path)
    assert cache.conn.execute("SELECT count(*) FROM vectors").fetchone()[0] == 500


def test_equal_length_batches_group_by_length_in_bounded_runs() -> None:
    ids = [[1, 2], [3], [4, 5], [6, 7], [8], [9, 9, 9], [1, 2]]
    batches = equal_length_batches(ids, 2)
    assert batches == [[1, 4], [0, 2], [3, 6], [5]]  # shortest first, input order within
    assert sorted(i for b in batches for i in b) == list(range(len(ids)))
    assert all(len({len(ids[i]) for i in b}) == 1 for b in batches)
    assert equal_length_batches(ids, 1) == [[1], [4], [0], [2], [3], [6], [5]]
    assert equal_length_batches([], 4) == []
    # Long texts run fewer at a time: at most 5 tokens a group here, but never no text.
    assert equal_length_batches(ids, 4, tokens=5) == [[1, 4], [0, 2], [3, 6], [5]]
    assert equal_length_batches(ids, 4, tokens=2) == [[1, 4], [0], [2], [3], [6], [5]]


@pytest.mark.slow
def test_real_model_embeddings_are_normalised_and_meaningful() -> None:
    from checker.models import SentenceTransformerEmbedder

    v = embed(
        [
            "Trump and Kim met in Singapore.",
            "Kim and Trump held a summit in Singapore.",
            "Stocks fell sharply.",
        ],
        SentenceTransformerEmbedder(),
        None,
    )
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > 0.7 > v[0] @ v[2]
