"""Contradiction precision, recall and F1 of the NLI scorer on SNLI dev and SICK, and the
severity thresholds they give.

    python bench/nli_calibrate.py [--nli-model NAME] [--limit N]

A pair's score is checker's: the lower of the two directions' contradiction scores. The
error threshold is the F1-best on SNLI dev + SICK together; the info threshold the lowest
whose precision is at least 0.5 (below it a flag is more often wrong than right).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from checker import embed
from checker.contradict import nli_scores
from checker.models import DEFAULT_NLI_MODEL, nli_scorer

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "nli"


def load(name: str, limit: int) -> list[tuple[str, str, bool]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    pairs = [
        (r[0].strip(), r[1].strip(), r[2].strip() == "contradiction") for r in rows if len(r) >= 3
    ]
    return pairs[:limit] if limit else pairs


def prf(
    scores: NDArray[np.float64], gold: NDArray[np.bool_], t: float
) -> tuple[float, float, float]:
    pred = scores >= t
    tp = float((pred & gold).sum())
    p = tp / max(float(pred.sum()), 1.0)
    r = tp / max(float(gold.sum()), 1.0)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nli-model", default=DEFAULT_NLI_MODEL)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    cache = embed.EmbeddingCache(embed.default_cache_dir())
    scorer = nli_scorer(args.nli_model, embed.default_cache_dir() / "models")
    sets = {
        "SNLI dev": load("snli_dev.tsv", args.limit),
        "SICK": load("sick_train.tsv", args.limit),
    }
    results: dict[str, tuple[NDArray[np.float64], NDArray[np.bool_]]] = {}
    for name, pairs in sets.items():
        start = time.perf_counter()
        scores = np.array(nli_scores([(a, b) for a, b, _ in pairs], scorer, cache))
        print(f"{name}: {len(pairs)} pairs scored in {time.perf_counter() - start:.1f} s")
        results[name] = (scores, np.array([g for _, _, g in pairs]))
    pooled = (
        np.concatenate([s for s, _ in results.values()]),
        np.concatenate([g for _, g in results.values()]),
    )
    grid = [round(t, 2) for t in np.arange(0.30, 0.99, 0.05)]
    print("threshold | " + " | ".join(f"{n} P / R / F1" for n in results))
    for t in grid:
        cells = [" / ".join(f"{x:.3f}" for x in prf(s, g, t)) for s, g in results.values()]
        print(f"{t:.2f} | " + " | ".join(cells))
    fine = [round(t, 3) for t in np.arange(0.30, 0.99, 0.01)]
    error = max(fine, key=lambda t: prf(*pooled, t)[2])
    info = min((t for t in fine if prf(*pooled, t)[0] >= 0.5), default=error)
    for label, t in (("error (F1-best)", error), ("info (precision >= 0.5)", info)):
        cells = "; ".join(
            f"{n} P {p:.3f} R {r:.3f} F1 {f:.3f}"
            for n, (p, r, f) in ((n, prf(s, g, t)) for n, (s, g) in results.items())
        )
        print(f"{label} threshold {t:.2f}: {cells}")
    cache.close()


if __name__ == "__main__":
    main()
