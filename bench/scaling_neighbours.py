"""Neighbour search at sizes a single run has not reached: build and search time, memory and
recall of the index checker uses above 20k claims (faiss HNSW, M 16, efConstruction 64,
efSearch 64, built on one thread) and of the IVF indexes a sharded plan would use (trained
on a sample), on one thread each, so that the figures are per core.

    python bench/scaling_neighbours.py [--cache SQLITE] [--real 50000 100000 250000]
                                       [--random 100000 500000] [--queries 2000]

Real vectors: all-MiniLM-L6-v2 vectors of distinct claim texts read (read-only) from a checker
cache file (default: the user cache; its texts come from the AllSides, BASIL and calibration
runs), in key order, which is a random order. Random vectors: unit Gaussian, the worst case
for a graph index (no structure to exploit). Each index answers `--queries` rows of its own
set for k=30 other rows; search time for every row is extrapolated from them. Recall is
against exact search (a matrix product) over the same rows: of every true top-30 neighbour,
and of those at cosine >= 0.72 (the clustering threshold: the pairs that matter).
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

K = 30
THRESHOLD = 0.72
DIM = 384


def real_vectors(cache: Path, n: int) -> NDArray[np.float32]:
    conn = sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=60)
    rows = conn.execute(
        "SELECT data FROM vectors WHERE model LIKE 'all-MiniLM-L6-v2%' AND dim = ? "
        "ORDER BY key LIMIT ?",
        (DIM, n),
    ).fetchall()
    conn.close()
    out = np.frombuffer(b"".join(r[0] for r in rows), dtype=np.float32).reshape(-1, DIM)
    if out.shape[0] < n:
        sys.exit(f"{cache}: only {out.shape[0]} vectors of dimension {DIM}, asked for {n}")
    return np.ascontiguousarray(out)


def random_vectors(n: int, seed: int = 0) -> NDArray[np.float32]:
    x = np.random.default_rng(seed).standard_normal((n, DIM), dtype=np.float32)
    out: NDArray[np.float32] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def exact(x: NDArray[np.float32], q: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """True top-K other rows of the first q rows (100 rows a product: bounded memory)."""
    parts = []
    for start in range(0, q, 100):
        rows = np.arange(start, min(q, start + 100))
        sims = x[rows] @ x.T
        sims[np.arange(len(rows)), rows] = -2.0
        idx = np.argpartition(-sims, K, axis=1)[:, :K]
        parts.append((idx, np.take_along_axis(sims, idx, axis=1)))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def recall(
    found: NDArray[Any], truth: NDArray[np.int64], sims: NDArray[np.float32]
) -> dict[str, float]:
    hit_all = hit_near = near = 0
    for row in range(truth.shape[0]):
        got = set(found[row].tolist())
        hit_all += sum(1 for j in truth[row] if j in got)
        close = truth[row][sims[row] >= THRESHOLD]
        near += len(close)
        hit_near += sum(1 for j in close if j in got)
    return {
        "recall_at_30": hit_all / truth.size,
        "recall_near": hit_near / near if near else float("nan"),
        "near_pairs": near,
    }


def timed(index: Any, x: NDArray[np.float32], q: int, n: int) -> dict[str, Any]:
    start = time.perf_counter()
    _, idx = index.search(x[:q], K + 1)
    per_query = (time.perf_counter() - start) / q
    return {"query_ms": per_query * 1000, "search_all_s": per_query * n, "idx": idx}


def one(kind: str, x: NDArray[np.float32], q: int, truth: Any) -> dict[str, Any]:
    import faiss

    n = x.shape[0]
    row: dict[str, Any] = {"index": kind, "n": n}
    index: Any
    start = time.perf_counter()
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(DIM, 16, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 64
        index.add(x)
        index.hnsw.efSearch = 64
    else:
        nlist = int(4 * math.sqrt(n))
        quantiser = faiss.IndexFlatIP(DIM)
        if kind == "ivf-flat":
            index = faiss.IndexIVFFlat(quantiser, DIM, nlist, faiss.METRIC_INNER_PRODUCT)
        else:
            index = faiss.IndexIVFScalarQuantizer(
                quantiser, DIM, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
            )
        sample = x[np.random.default_rng(1).choice(n, min(n, 64 * nlist), replace=False)]
        index.train(sample)
        row["trained_s"] = time.perf_counter() - start
        index.add(x)
        index.nprobe = 16
        row["nlist"] = nlist
    row["build_s"] = time.perf_counter() - start
    row["index_mib"] = len(faiss.serialize_index(index)) / 2**20
    searched = timed(index, x, q, n)
    row.update(recall(searched.pop("idx"), *truth))
    row.update(searched)
    return row


def main() -> None:
    import faiss

    from checker.embed import default_cache_dir

    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=default_cache_dir() / "embeddings.sqlite3")
    parser.add_argument("--real", type=int, nargs="*", default=[50_000, 100_000, 250_000])
    parser.add_argument("--random", type=int, nargs="*", default=[100_000, 500_000])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--kinds", nargs="+", default=["hnsw", "ivf-flat", "ivf-sq8"])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    faiss.omp_set_num_threads(1)
    rows = []
    sets = [("real", n) for n in args.real] + [("random", n) for n in args.random]
    for source, n in sets:
        x = real_vectors(args.cache, n) if source == "real" else random_vectors(n)
        truth = exact(x, args.queries)
        for kind in args.kinds:
            rows.append({"vectors": source, **one(kind, x, args.queries, truth)})
            print(json.dumps(rows[-1]), flush=True)
    print(
        "\n| vectors | n | index | build s | index MiB | bytes/vector | query ms | "
        "search all s | recall@30 | recall at cos >= 0.72 |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['vectors']} | {r['n']:,} | {r['index']} | {r['build_s']:.1f} | "
            f"{r['index_mib']:.0f} | {r['index_mib'] * 2**20 / r['n']:.0f} | {r['query_ms']:.2f} | "
            f"{r['search_all_s']:.0f} | {r['recall_at_30']:.3f} | {r['recall_near']:.3f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
