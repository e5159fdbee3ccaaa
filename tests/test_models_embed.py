"""The embedding back-ends with the real default model: onnxruntime against
sentence-transformers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from checker.models import (
    DEFAULT_EMBEDDING_MODEL,
    OnnxMiniLM,
    SentenceTransformerEmbedder,
    embedder,
    export_minilm,
)
from checker.models.embedders import _default_model_path

pytestmark = pytest.mark.slow

TEXTS = [
    "Trump and Kim met in Singapore.",
    "Kim Yo Jong said a summit between the U.S. and North Korea will not take place this year.",
    "Stocks fell sharply.",
    "word " * 400,  # past the model's 256 tokens: truncated the same way
    "É, ü and “quotes” — unicode too",
]


@pytest.fixture(scope="module")
def onnx(tmp_path_factory: pytest.TempPathFactory) -> OnnxMiniLM:
    return OnnxMiniLM(tmp_path_factory.mktemp("models"))


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


def test_the_export_is_written_once_and_reused(tmp_path: Path) -> None:
    first = export_minilm(Path(_default_model_path()), tmp_path)
    written = first.stat().st_mtime_ns
    assert export_minilm(Path(_default_model_path()), tmp_path) == first
    assert first.stat().st_mtime_ns == written and [p.name for p in tmp_path.iterdir()] == [
        first.name
    ]


def test_the_default_name_runs_on_onnx_and_others_on_sentence_transformers(
    tmp_path: Path,
) -> None:
    assert isinstance(embedder(DEFAULT_EMBEDDING_MODEL, tmp_path), OnnxMiniLM)
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
    assert np.abs(vectors - SentenceTransformerEmbedder().encode(TEXTS[:2])).max() < 1e-6
    model.encode(TEXTS[2:3])
    assert len(said) == 1  # said once a run
