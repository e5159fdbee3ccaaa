"""Clustering cost at 10k, 50k and 100k claims from the AllSides sample, and embedding
throughput as a ratio to the bare model on the same texts in the same run.

    python bench/cluster_scaling.py [SIZES...]     (default 10000 50000 100000)

Claims are extracted from as many AllSides articles as the largest size needs and embedded
through checker's cache (the user cache directory: a re-run is warm). Each size is clustered
by the matcher (checker.match.cluster) as one story holding every claim, the worst case for
its search and linkage (checker's stories bound it in a run), in a fresh child process so that its peak RSS is its own; the growth exponent is the slope
of log(time) against log(claims).
"""

from __future__ import annotations

import json
import math
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ALLSIDES as DATA
from common import peak_rss_mib, write_articles

RATIO_TEXTS = 3000


def claims_and_vectors(n: int, tmp: Path) -> tuple[list, np.ndarray]:  # type: ignore[type-arg]
    from checker import embed
    from checker.claims import extract
    from checker.ingest import ingest
    from checker.models import DEFAULT_EMBEDDING_MODEL, embedder

    feed = tmp / "allsides.jsonl"
    claims: list = []  # type: ignore[type-arg]
    write_articles(feed, 0, 10**9)
    for doc in ingest([feed]).documents:
        claims.extend(extract(doc))
        if len(claims) >= n:
            break
    claims = claims[:n]
    cache = embed.EmbeddingCache(embed.default_cache_dir())
    start = time.perf_counter()
    model = embedder(DEFAULT_EMBEDDING_MODEL, embed.default_cache_dir() / "models")
    vectors = embed.embed([c.text for c in claims], model, cache)
    print(
        f"embedded {len(claims)} claims in {time.perf_counter() - start:.1f} s (cache warm where seen)"
    )
    cache.close()
    return claims, vectors


def throughput_ratio(texts: list[str]) -> None:
    from checker import embed
    from checker.models import DEFAULT_EMBEDDING_MODEL, SentenceTransformerEmbedder, embedder

    # checker's default back-end (onnxruntime) against the reference implementation.
    ours = embedder(DEFAULT_EMBEDDING_MODEL, embed.default_cache_dir() / "models")
    ours.encode(texts[:64])  # load and warm both before timing
    bare = SentenceTransformerEmbedder()._load()
    bare.encode(texts[:64])  # type: ignore[attr-defined]
    runs_ours, runs_bare = [], []
    for _ in range(3):
        start = time.perf_counter()
        embed.embed(texts, ours, None)
        runs_ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare.encode(texts, batch_size=32, normalize_embeddings=True)  # type: ignore[attr-defined]
        runs_bare.append(time.perf_counter() - start)
    o, b = sorted(runs_ours)[1], sorted(runs_bare)[1]
    print(
        f"embedding {len(texts)} texts, median of 3: checker {len(texts) / o:.1f}/s, "
        f"bare SentenceTransformer.encode {len(texts) / b:.1f}/s, ratio {b / o:.2f}"
    )


def child(path: str) -> None:
    from checker.match import cluster

    with open(path, "rb") as handle:
        claims, vectors = pickle.load(handle)
    outlets = {c.doc: c.doc for c in claims}
    start = time.perf_counter()
    found = cluster(claims, vectors, {d: "one story" for d in outlets}, outlets)
    wall = time.perf_counter() - start
    peak = peak_rss_mib()
    print(
        json.dumps({"claims": len(claims), "clusters": len(found), "wall": wall, "peak_mib": peak})
    )


def main(sizes: list[int]) -> None:
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        claims, vectors = claims_and_vectors(max(sizes), tmp)
        throughput_ratio([c.text for c in claims[:RATIO_TEXTS]])
        rows = []
        for n in sizes:
            path = tmp / f"{n}.pkl"
            with path.open("wb") as handle:
                pickle.dump((claims[:n], vectors[:n]), handle)
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(rows[-1])
    print("| claims | clusters | clustering wall | peak RSS of the process |")
    print("|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['claims']:,} | {r['clusters']:,} | {r['wall']:.1f} s | {r['peak_mib']:.0f} MiB |"
        )
    if len(rows) >= 2:
        xs = [math.log(r["claims"]) for r in rows]
        ys = [math.log(r["wall"]) for r in rows]
        slope = float(np.polyfit(xs, ys, 1)[0])
        mem = float(np.polyfit(xs, [math.log(r["peak_mib"]) for r in rows], 1)[0])
        print(f"growth exponent (time): {slope:.2f}; (peak RSS): {mem:.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main([int(a) for a in sys.argv[1:]] or [10000, 50000, 100000])
