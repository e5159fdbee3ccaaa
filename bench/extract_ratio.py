"""Extraction time before and after a change, as a ratio measured in one run (the machine
is shared, so only the ratio means much).

python bench/extract_ratio.py BASELINE_CHECKOUT [N] [REPS] [--processes]

Each variant (the baseline checkout's extraction, this checkout's, and with --processes this
checkout's with two parse processes) runs in its own process, alternating, REPS times (default 2), on the first N
AllSides articles (default 1000): ingest, then claimcache.extract_cached without a cache, as
`checker compare` runs it. Prints the medians and the ratios to the baseline.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ALLSIDES, write_articles

HERE = Path(__file__).resolve().parent
CHILD = """
import json, sys, time
from pathlib import Path
from checker import claimcache, claims
from checker.ingest import ingest
start = time.perf_counter()
corpus = ingest([Path(sys.argv[1])])
docs = list(corpus.documents)
if sys.argv[2] == "2":
    found = [c for x in claims.extract_many(docs, processes=2) for c in x.claims]
else:
    found = claimcache.extract_cached(docs, claims.extract, None)
wall = time.perf_counter() - start
words = sum(len(d.text.split()) for d in docs)
print(json.dumps({"seconds": wall, "documents": len(docs), "claims": len(found), "words": words}))
"""


def run(checkout: Path, feed: Path, processes: str) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(feed), processes],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(baseline: Path, n: int, reps: int) -> None:
    if not ALLSIDES.exists():
        sys.exit(f"skipped: {ALLSIDES} not found")
    variants = {
        "baseline": (baseline, "1"),
        "this": (HERE.parent, "1"),
        **({"this, 2 processes": (HERE.parent, "2")} if "--processes" in sys.argv else {}),
    }
    times: dict[str, list[float]] = {k: [] for k in variants}
    info: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "allsides.jsonl"
        write_articles(feed, 0, n)
        for _ in range(reps):
            for name, (checkout, processes) in variants.items():
                info[name] = run(checkout, feed, processes)
                times[name].append(info[name]["seconds"])
                print(name, json.dumps(info[name]), file=sys.stderr)
    base = statistics.median(times["baseline"])
    for name, values in times.items():
        med = statistics.median(values)
        print(
            f"{name}: median {med:.1f} s of {values}, {info[name]['claims']:.0f} claims, "
            f"{info[name]['words'] / med:.0f} words/s, {med / base:.2f}x the baseline"
        )


if __name__ == "__main__":
    main(
        Path(sys.argv[1]),
        int(sys.argv[2]) if len(sys.argv) > 2 else 1000,
        int(sys.argv[3]) if len(sys.argv) > 3 else 2,
    )
