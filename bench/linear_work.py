"""Work per claim when claims crowd into one document: clustering (checker.match.cluster, the
corpus as one story) and contradiction candidates on one generated article of N sentences (and on the same sentences spread over
ten articles), timed per stage.

The vectors come from a bag-of-words hashing embedder (not a model): templated sentences
that share most words are close, which is the worst case for the merge loop (one giant
cluster) and for the same-document comparisons. Run the script with PYTHONPATH pointing at
the checkout to measure, e.g. before/after a change:

    PYTHONPATH=/path/to/checkout python bench/linear_work.py 1000 2000 4000
"""

from __future__ import annotations

import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from checker import claims as claims_stage
from checker import cluster as cluster_stage
from checker import contradict, match
from checker.ingest import ingest

SPEAKERS = ("The minister", "A spokesman", "The mayor", "Police", "The company", "Officials")
VERBS = ("said", "told reporters", "confirmed", "denied")
THINGS = ("the bridge", "the budget", "the plant", "the school", "the talks", "the port")


def article(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    lines = ["Generated article with many sentences", "", "July 15, 2020", ""]
    for i in range(n):
        lines.append(
            f"{rng.choice(SPEAKERS)} {rng.choice(VERBS)} that {rng.choice(THINGS)} would "
            f"cost {rng.randint(1, 90)} million dollars in {rng.choice((2018, 2019, 2020))}."
        )
        if i % 5 == 4:
            lines.append("")
    return "\n".join(lines) + "\n"


def hashed(texts: list[str], dim: int = 256) -> NDArray[np.float32]:
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            out[row, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % dim] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)


def measure(n: int, docs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        per = n // docs
        for d in range(docs):
            Path(tmp, f"a{d:02d}.txt").write_text(article(per, seed=d), encoding="utf-8")
        laps: dict[str, float] = {}
        start = time.perf_counter()
        corpus = ingest([Path(tmp)])
        found = sorted(
            (c for doc in corpus.documents for c in claims_stage.extract(doc)), key=lambda c: c.id
        )
        laps["extract"] = time.perf_counter() - start
    vectors = hashed([c.text for c in found])
    outlets = {d.id: d.id for d in corpus.documents}
    start = time.perf_counter()
    near = cluster_stage.neighbours(vectors, contradict.NEIGHBOURS)
    laps["neighbours"] = time.perf_counter() - start
    start = time.perf_counter()
    clusters = match.cluster(found, vectors, {d: "one story" for d in outlets}, outlets)
    laps["cluster"] = time.perf_counter() - start
    start = time.perf_counter()
    pairs = contradict.candidate_pairs(found, vectors, clusters, found=near)
    laps["candidates"] = time.perf_counter() - start
    laps["claims"] = len(found)
    laps["pairs"] = len(pairs)
    return laps


def main(sizes: list[int]) -> None:
    measure(100, 1)  # imports (spaCy-free, but scikit-learn) outside the timings
    print(
        "| sentences | documents | claims | extract s | neighbours s | cluster s | candidates s | pairs |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        for docs in (1, 10):
            r = measure(n, docs)
            print(
                f"| {n} | {docs} | {r['claims']:.0f} | {r['extract']:.2f} | {r['neighbours']:.2f} "
                f"| {r['cluster']:.2f} "
                f"| {r['candidates']:.2f} | {r['pairs']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 2000, 4000])
