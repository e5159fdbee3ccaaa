"""Extraction throughput (ingest + claims) on AllSides articles: articles/s, claims/s, peak RSS.

python bench/extract_throughput.py [N]   (default 500)
"""

from __future__ import annotations

import gzip
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from checker.claims import extract
from checker.ingest import ingest

DATA = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "data"
    / "news"
    / "allsides_5k.jsonl.gz"
)


def main(n: int = 500) -> None:
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "allsides.jsonl"
        with (
            gzip.open(DATA, "rt", encoding="utf-8") as src,
            feed.open("w", encoding="utf-8") as out,
        ):
            for i, line in enumerate(src):
                if i >= n:
                    break
                out.write(json.dumps(json.loads(line)) + "\n")
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            corpus = ingest([feed])
            claims = [c for d in corpus.documents for c in extract(d)]
            runs.append(time.perf_counter() - start)
        wall = sorted(runs)[1]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    docs = len(corpus.documents)
    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}")
    print(f"articles: {docs}, claims: {len(claims)}, median wall of 3: {wall:.2f} s")
    print(
        f"articles/s: {docs / wall:.1f}, claims/s: {len(claims) / wall:.1f}, peak RSS: {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
