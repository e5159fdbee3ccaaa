"""The embedding back-ends with the real default model: onnxruntime (fp32 and int8) against
sentence-transformers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from checker import embed
from checker.claims import extract
from checker.ingest import ingest
from checker.models import (
    DEFAULT_EMBEDDING_MODEL,
    FP32_EMBEDDING_MODEL,
    INT8_EMBEDDING_MODEL,
    OnnxMiniLM,
    SentenceTransformerEmbedder,
    embedder,
    export_minilm,
    quantise_minilm,
)
from checker.models.embedders import _default_model_path, equal_length_batches
from tests.conftest import SEEDS

pytestmark = pytest.mark.slow

TEXTS = [
    "Trump and Kim met in Singapore.",
    "Kim Yo Jong said a summit between the U.S. and North Korea will not take place this year.",
    "Stocks fell sharply.",
    "word " * 400,  # past the model's 256 tokens: truncated the same way
    "É, ü and “quotes” — unicode too",
]


# Many texts of one token length, so that equal-length batches hold several.
SAME_LENGTH = [
    f"Report {w} was filed by the {o} office on Monday."
    for w in ("one", "two", "six", "ten")
    for o in ("tax", "war", "new", "old", "top")
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def onnx(folder: Path) -> OnnxMiniLM:
    return OnnxMiniLM(folder)


@pytest.fixture(scope="module")
def int8(folder: Path) -> OnnxMiniLM:
    return OnnxMiniLM(folder, int8=True)


@pytest.fixture(scope="module")
def seed_claims() -> list[str]:
    return [c.text for doc in ingest([SEEDS]).documents for c in extract(doc)]


def test_onnx_vectors_are_the_sentence_transformers_vectors(onnx: OnnxMiniLM) -> None:
    ours = onnx.encode(TEXTS)
    reference = SentenceTransformerEmbedder().encode(TEXTS)
    assert ours.shape == reference.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    assert np.abs(ours - reference).max() < 1e-5


def test_a_vector_depends_on_its_text_alone(onnx: OnnxMiniLM) -> None:
    together = onnx.encode(TEXTS)
    alone = np.stack([onnx.encode([t])[0] for t in TEXTS])
    reordered = onnx.encode(TEXTS[::-1])[::-1]
    assert np.array_equal(together, alone) and np.array_equal(together, reordered)


def test_equal_length_texts_run_together_yet_get_their_alone_vectors(onnx: OnnxMiniLM) -> None:
    texts = SAME_LENGTH + TEXTS
    onnx.encode(texts[:1])  # loaded: its tokenizer shows the batches that will form
    ids = [e.ids for e in onnx._tokenizer.encode_batch(texts)]
    assert max(len(b) for b in equal_length_batches(ids, onnx.batch)) > 1  # batches did form
    together = onnx.encode(texts)
    alone = np.stack([onnx.encode([t])[0] for t in texts])
    assert np.array_equal(together, alone)  # to the bit: no companion or padding changes a row


def test_int8_vectors_depend_on_the_text_alone_and_repeat_exactly(int8: OnnxMiniLM) -> None:
    texts = SAME_LENGTH[:6] + TEXTS
    together = int8.encode(texts)
    assert int8.name == INT8_EMBEDDING_MODEL and together.shape == (len(texts), 384)
    assert np.array_equal(together, np.stack([int8.encode([t])[0] for t in texts]))
    assert np.array_equal(together, int8.encode(texts[::-1])[::-1])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_int8_agrees_with_fp32_within_tolerance(
    onnx: OnnxMiniLM, int8: OnnxMiniLM, seed_claims: list[str]
) -> None:
    # On 20,000+ sentences (bench/embedder.md) the cosine of int8 to fp32 averages 0.99 and
    # never fell below 0.97: a drift of that size, not a broken graph.
    texts = seed_claims + TEXTS
    cosines = np.einsum("ij,ij->i", onnx.encode(texts), int8.encode(texts))
    assert len(texts) > 50 and cosines.mean() > 0.985 and cosines.min() > 0.95
    assert not np.array_equal(onnx.encode(texts[:3]), int8.encode(texts[:3]))  # really int8


def test_the_int8_model_is_built_once_from_the_export_and_reused(
    int8: OnnxMiniLM, folder: Path
) -> None:
    int8.encode(TEXTS[:1])
    export = export_minilm(Path(_default_model_path()), folder)
    built = quantise_minilm(export, folder)
    written = built.stat().st_mtime_ns
    assert (
        built.name.startswith(f"{INT8_EMBEDDING_MODEL}-")
        and built.stat().st_size < export.stat().st_size / 3
    )
    assert quantise_minilm(export, folder) == built and built.stat().st_mtime_ns == written
    # Model files only (the builders' lock file aside): no temporary file is left behind.
    files = sorted(p.name for p in folder.iterdir() if p.name != ".build.lock")
    assert files == sorted([export.name, built.name])


def test_the_export_is_written_once_and_reused(tmp_path: Path) -> None:
    first = export_minilm(Path(_default_model_path()), tmp_path)
    written = first.stat().st_mtime_ns
    assert export_minilm(Path(_default_model_path()), tmp_path) == first
    left = [p.name for p in tmp_path.iterdir() if p.name != ".build.lock"]
    assert first.stat().st_mtime_ns == written and left == [first.name]


def test_the_default_is_int8_fp32_is_chosen_by_name_and_others_run_on_sentence_transformers(
    tmp_path: Path,
) -> None:
    default = embedder(DEFAULT_EMBEDDING_MODEL, tmp_path)
    fp32 = embedder(FP32_EMBEDDING_MODEL, tmp_path)
    assert isinstance(default, OnnxMiniLM) and default.int8
    assert default.name == INT8_EMBEDDING_MODEL == "all-MiniLM-L6-v2-int8"
    assert isinstance(fp32, OnnxMiniLM) and not fp32.int8 and fp32.name == "all-MiniLM-L6-v2"
    other = embedder("some/other-model", tmp_path)
    assert isinstance(other, SentenceTransformerEmbedder) and other.name == "some/other-model"


def test_a_failed_export_falls_back_to_sentence_transformers_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checker.models import embedders

    def broken(source: Path, folder: Path) -> Path:
        raise TypeError("export() got an unexpected keyword argument 'dynamo'")

    monkeypatch.setattr(embedders, "export_minilm", broken)
    said: list[str] = []
    model = embedder(DEFAULT_EMBEDDING_MODEL, tmp_path, said.append)
    vectors = model.encode(TEXTS[:2])
    assert len(said) == 1 and "cannot export all-MiniLM-L6-v2" in said[0] and "dynamo" in said[0]
    assert model.name == FP32_EMBEDDING_MODEL  # sentence-transformers' vectors are fp32 ones
    assert np.abs(vectors - SentenceTransformerEmbedder().encode(TEXTS[:2])).max() < 1e-6
    model.encode(TEXTS[2:3])
    assert len(said) == 1  # said once a run


def test_a_failed_quantisation_warns_once_and_embeds_in_fp32_under_the_fp32_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, onnx: OnnxMiniLM
) -> None:
    from checker.models import embedders

    def broken(export: Path, folder: Path) -> Path:
        raise ImportError("cannot import name 'quantize_dynamic'")

    monkeypatch.setattr(embedders, "quantise_minilm", broken)
    said: list[str] = []
    model = embedder(INT8_EMBEDDING_MODEL, tmp_path / "models", said.append)
    cache = embed.EmbeddingCache(tmp_path)
    vectors = embed.embed(TEXTS[:2], model, cache)
    assert len(said) == 1 and "cannot quantise all-MiniLM-L6-v2 to int8" in said[0]
    assert "quantize_dynamic" in said[0] and model.name == FP32_EMBEDDING_MODEL
    assert np.array_equal(vectors, onnx.encode(TEXTS[:2]))
    model.encode(TEXTS[2:3])
    assert len(said) == 1  # said once a run
    # fp32 vectors are filed under the fp32 name, never as int8 ones.
    keys = [embed.text_key(t) for t in TEXTS[:2]]
    assert len(cache.get(FP32_EMBEDDING_MODEL, keys)) == 2
    assert cache.get(INT8_EMBEDDING_MODEL, keys) == {}
    cache.close()
