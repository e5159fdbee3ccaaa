"""Extraction throughput (ingest + claims) on AllSides articles: articles/s, claims/s, peak RSS.

python bench/extract_throughput.py [N]   (default 500)
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from pathlib import Path

from common import ALLSIDES as DATA
from common import peak_rss_mib, write_articles

from checker.claims import extract
from checker.ingest import ingest


def main(n: int = 500) -> None:
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "allsides.jsonl"
        write_articles(feed, 0, n)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            corpus = ingest([feed])
            claims = [c for d in corpus.documents for c in extract(d)]
            runs.append(time.perf_counter() - start)
        wall = sorted(runs)[1]
    peak = peak_rss_mib()
    docs = len(corpus.documents)
    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}")
    print(f"articles: {docs}, claims: {len(claims)}, median wall of 3: {wall:.2f} s")
    print(
        f"articles/s: {docs / wall:.1f}, claims/s: {len(claims) / wall:.1f}, peak RSS: {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
