"""A check's outcomes on texts kept in the run's cache (the embedding cache's text table,
beside the NLI scores), under the check's version, and in memory for the run: a warm run
parses nothing and never loads spaCy for the parse checks (checker.denials, checker.aligned).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.embed import EmbeddingCache


class Texts:
    """compute()'s text for each key, from the cache where a run stored it before."""

    def __init__(self, cache: EmbeddingCache, version: Callable[[], str]) -> None:
        self._cache, self._version = cache, version
        self._known: dict[str, str] = {}

    def get(self, parts: Iterable[str], compute: Callable[[], str]) -> str:
        """The outcome for the check named by parts (its name and inputs)."""
        key = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
        if key not in self._known:
            stored = self._cache.get_texts(self._version(), [key])
            if key in stored:
                self._known[key] = stored[key]
            else:
                found = self._known[key] = compute()
                self._cache.put_texts(self._version(), {key: found})
        return self._known[key]
