"""Claim embeddings with an on-disk cache keyed by model and text hash.

The cache is one SQLite file: concurrent runs serialise their writes through SQLite's
locking, and a corrupt file is moved aside and rebuilt with a warning, never trusted.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from checker.models import Embedder

SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, dim INTEGER, data BLOB, PRIMARY KEY (model, key))"
SCORES = (
    "CREATE TABLE IF NOT EXISTS scores (model TEXT, key TEXT, value REAL, PRIMARY KEY (model, key))"
)
CLAIMS = "CREATE TABLE IF NOT EXISTS extracted (model TEXT, key TEXT, data TEXT, PRIMARY KEY (model, key))"
TABLES = (SCHEMA, SCORES, CLAIMS)


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("checker"))


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors by (model, sha256 of text), and model scores by (model, sha256 of a pair)."""

    def __init__(self, folder: Path, warn: Callable[[str], None] = lambda _: None) -> None:
        self.path = folder / "embeddings.sqlite3"
        self.warn = warn
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.conn = self._open()
        except (OSError, sqlite3.Error) as exc:
            # A cache is an optimisation: a run never fails for want of one.
            warn(f"{self.path}: cache cannot be used ({exc}); this run caches in memory only")
            self.conn = self._connect(":memory:")

    def _connect(self, where: Path | str) -> sqlite3.Connection:
        conn = sqlite3.connect(where, timeout=60)
        for table in TABLES:
            conn.execute(table)
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            conn = self._connect(self.path)
            conn.execute("SELECT count(*) FROM vectors").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise  # another run holds it: not damage
            broken = self.path.with_suffix(".corrupt")
            self.path.replace(broken)
            self.warn(
                f"{self.path}: embedding cache unreadable ({exc}); moved to {broken.name} and rebuilt"
            )
            return self._connect(self.path)

    def _select(self, query: str, model: str, keys: list[str]) -> list[tuple[Any, ...]]:
        """Rows of query for model and keys, 500 keys a statement (SQLite's variable limit);
        none, with a warning, where the file cannot be read."""
        rows: list[tuple[Any, ...]] = []
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(query.format(marks=marks), [model, *chunk]).fetchall()
        except sqlite3.DatabaseError as exc:
            self.warn(f"{self.path}: cache read failed ({exc}); recomputing")
            return []
        return rows

    def _write(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        try:
            with self.conn:
                self.conn.executemany(statement, rows)
        except sqlite3.DatabaseError as exc:
            self.warn(f"{self.path}: cache write failed ({exc}); continuing without caching")

    def get(self, model: str, keys: list[str]) -> dict[str, NDArray[np.float32]]:
        found: dict[str, NDArray[np.float32]] = {}
        rows = self._select(
            "SELECT key, dim, data FROM vectors WHERE model = ? AND key IN ({marks})", model, keys
        )
        for key, dim, data in rows:
            vector = np.frombuffer(data, dtype=np.float32) if len(data) % 4 == 0 else None
            if vector is None or vector.shape != (dim,) or not np.isfinite(vector).all():
                self.warn(f"{self.path}: damaged entry for one text; recomputing it")
                continue
            found[key] = vector
        return found

    def put(self, model: str, items: dict[str, NDArray[np.float32]]) -> None:
        rows = [
            (model, k, int(v.shape[0]), v.astype(np.float32).tobytes()) for k, v in items.items()
        ]
        self._write("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)

    def get_scores(self, model: str, keys: list[str]) -> dict[str, float]:
        """Model scores (NLI) by (model, key); damaged values are dropped and recomputed."""
        rows = self._select(
            "SELECT key, value FROM scores WHERE model = ? AND key IN ({marks})", model, keys
        )
        return {k: float(v) for k, v in rows if isinstance(v, float) and 0.0 <= v <= 1.0}

    def put_scores(self, model: str, items: dict[str, float]) -> None:
        self._write(
            "INSERT OR REPLACE INTO scores VALUES (?, ?, ?)",
            [(model, k, float(v)) for k, v in items.items()],
        )

    def get_texts(self, model: str, keys: list[str]) -> dict[str, str]:
        """Serialised records (extracted claims) by (extractor version, key)."""
        rows = self._select(
            "SELECT key, data FROM extracted WHERE model = ? AND key IN ({marks})", model, keys
        )
        return {k: str(v) for k, v in rows}

    def put_texts(self, model: str, items: dict[str, str]) -> None:
        self._write(
            "INSERT OR REPLACE INTO extracted VALUES (?, ?, ?)",
            [(model, k, v) for k, v in sorted(items.items())],
        )

    def close(self) -> None:
        self.conn.close()


# Texts a call to the model: small enough that progress moves, large enough that batching
# back-ends fill their batches (a multiple of their batch sizes).
CHUNK = 512


def embed(
    texts: list[str], embedder: Embedder, cache: EmbeddingCache | None
) -> NDArray[np.float32]:
    """One normalised row per text, in the texts' order; only unseen texts reach the model."""
    return embed_counted(texts, embedder, cache)[0]


def embed_counted(
    texts: list[str],
    embedder: Embedder,
    cache: EmbeddingCache | None,
    advance: Callable[[int], None] = lambda _: None,
) -> tuple[NDArray[np.float32], int]:
    """embed(), and how many distinct texts the model embedded; advance(n) after each chunk.

    Unseen texts go to the model shortest first, in chunks: the chunks depend on the set of
    unseen texts alone, so the vectors do too."""
    keys = [text_key(t) for t in texts]
    known = cache.get(embedder.name, sorted(set(keys))) if cache else {}
    unseen = {k: t for k, t in zip(keys, texts, strict=True) if k not in known}
    missing = sorted(unseen.items(), key=lambda item: (len(item[1]), item[0]))
    fresh: dict[str, NDArray[np.float32]] = {}
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start : start + CHUNK]
        vectors = embedder.encode([t for _, t in chunk])
        done = {k: vectors[i] for i, (k, _) in enumerate(chunk)}
        if cache:  # chunk by chunk: an interrupted run keeps what it embedded
            cache.put(embedder.name, done)
        fresh |= done
        advance(len(chunk))
    known = {**known, **fresh}
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([known[k] for k in keys]).astype(np.float32), len(fresh)
