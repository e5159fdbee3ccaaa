"""Test doubles for the model interfaces in checker.models.base, shipped next to them (as
httpx ships MockTransport): unit tests of the stages run with these instead of the real
models, which have their own tests marked `slow`. Nothing here loads a model."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from checker.models.base import Embedder, NLIScorer


class TableScorer:
    """An NLI scorer that reads each (premise, hypothesis) pair's contradiction score from a
    table, `default` for any pair the table lacks, and records every pair it was asked
    (`asked`, in order, repeats kept) so a test can check what reached the model.

    `TableScorer({}, score)` gives every pair one score. Like the real scorers, a pair's
    score depends on that pair alone, never on the rest of the call.
    """

    def __init__(
        self,
        table: Mapping[tuple[str, str], float],
        default: float = 0.0,
        name: str = "fake-nli",
    ) -> None:
        self.name = name
        self.table = dict(table)
        self.default = default
        self.asked: list[tuple[str, str]] = []

    def contradiction(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]:
        self.asked.extend(pairs)
        return np.array([self.table.get(p, self.default) for p in pairs], dtype=np.float32)


class HashEmbedder:
    """An embedder whose vector for a text comes from the text's hash: deterministic across
    runs, processes and batches, L2-normalised, `dim` wide, with no model. Different texts
    get unrelated vectors (near-orthogonal for a large `dim`), so it suits tests of caching,
    batching and plumbing, not of similarity (WordHashEmbedder).

    It records what it was given: `seen`, every text in order (repeats kept), and `calls`,
    the size of each batch.
    """

    def __init__(self, dim: int = 16, name: str = "hash-test") -> None:
        if dim < 1:
            raise ValueError(f"{type(self).__name__} needs a dimension of at least 1, got {dim}")
        self.name = name
        self.dim = dim
        self.seen: list[str] = []
        self.calls: list[int] = []

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        self.calls.append(len(texts))
        self.seen.extend(texts)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._vector(text)
        normalised: NDArray[np.float32] = out / np.linalg.norm(out, axis=1, keepdims=True)
        return normalised

    def _vector(self, text: str) -> NDArray[np.float32]:
        return self._hashed(text)

    def _hashed(self, text: str) -> NDArray[np.float32]:
        digest = hashlib.shake_256(text.encode("utf-8", "surrogatepass")).digest(self.dim)
        # Bytes less 127.5 are never 0, so the vector never has norm 0.
        vector: NDArray[np.float32] = np.frombuffer(digest, np.uint8).astype(np.float32) - 127.5
        return vector


class WordHashEmbedder(HashEmbedder):
    """A HashEmbedder that sums a hashed vector per word (lower-cased `\\w+` runs), so texts
    sharing words are near and word order is ignored: a crude stand-in for a sentence model
    where a test needs similar texts to be close (documents of one event forming a story).
    A text without words, or whose word vectors cancel, gets its whole-text hash.
    """

    def __init__(self, dim: int = 64, name: str = "word-hash-test") -> None:
        super().__init__(dim, name)

    def _vector(self, text: str) -> NDArray[np.float32]:
        words = re.findall(r"\w+", text.lower())
        total = np.zeros(self.dim, dtype=np.float32)
        for word in words:
            total += self._hashed(word)
        return total if np.any(total) else self._hashed(text)


if TYPE_CHECKING:
    # mypy --strict checks that each double satisfies the interface it stands in for.
    _scorer: NLIScorer = TableScorer({})
    _embedder: Embedder = HashEmbedder()
    _words: Embedder = WordHashEmbedder()
