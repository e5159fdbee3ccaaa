"""Model back-ends: the only package that imports torch, sentence-transformers or
onnxruntime, and only when a model is first used."""

from __future__ import annotations

from checker.models.base import (
    DEFAULT_EMBEDDING_MODEL,
    DEFAULT_NLI_MODEL,
    FP32_EMBEDDING_MODEL,
    INT8_EMBEDDING_MODEL,
    Embedder,
    NLIScorer,
)
from checker.models.embedders import (
    OnnxMiniLM,
    SentenceTransformerEmbedder,
    _default_model_path,
    embedder,
    export_minilm,
    quantise_minilm,
)
from checker.models.nli import (
    AegisNLI,
    CrossEncoderNLI,
    _aegis_files,
    dynamic_sequence_model,
    nli_scorer,
)

__all__ = [
    "DEFAULT_EMBEDDING_MODEL",
    "DEFAULT_NLI_MODEL",
    "FP32_EMBEDDING_MODEL",
    "INT8_EMBEDDING_MODEL",
    "AegisNLI",
    "CrossEncoderNLI",
    "Embedder",
    "NLIScorer",
    "OnnxMiniLM",
    "SentenceTransformerEmbedder",
    "_aegis_files",
    "_default_model_path",
    "dynamic_sequence_model",
    "embedder",
    "export_minilm",
    "nli_scorer",
    "quantise_minilm",
]
