"""What the driver holds: a whole-corpus run against a streamed run without texts, on the
same AllSides articles (JSONL shards of 100, as a feed delivers them) and a warm cache.

    python bench/driver_memory.py [--articles 1000] [--cache DIR] [--json PATH]

First one run fills the cache (unmeasured; skipped in effect when DIR is already warm), so the
measured runs load no model: what they hold is the run's own data. Then, each in a fresh child
process: "whole" (every document read, then extracted, then matched: the pipeline before
streaming) and "streamed" (pipeline.run with keep_texts=False: documents read in batches
and dropped to their metadata once extracted, as `checker compare` does for yaml and json).
Measured with tracemalloc (Python and numpy allocations: the peak, and what the corpus's
documents hold at the end) and VmHWM (peak RSS). Both reports must be byte-identical.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import DATA, peak_rss_mib, write_articles  # noqa: E402

SHARD = 100
MIB = 1024 * 1024


def child(mode: str, folder: str, cache: str, out: str) -> None:
    from checker import embed, pipeline, stagework
    from checker.files import write_atomic
    from checker.formats import render
    from checker.ingest import ingest
    from checker.report import Report

    options = pipeline.Options(cache_dir=Path(cache), keep_texts=mode == "whole")
    if mode == "fill":
        report = pipeline.run([Path(folder)], options)
        write_atomic(Path(out), render(report, "yaml"))
        return
    tracemalloc.start()
    start = time.perf_counter()
    if mode == "whole":
        corpus = ingest([Path(folder)])
        store = embed.EmbeddingCache(Path(cache))
        try:
            found = stagework.extract_claims(corpus, cache=store)
            matched = pipeline.match(corpus, found, options, cache=store)
        finally:
            store.close()
        report = Report(
            corpus, tuple(found), tuple(matched.clusters), tuple(matched.contradictions),
            options.settings(), stories=tuple(matched.stories), disputes=tuple(matched.disputes),
        )  # fmt: skip
    else:
        report = pipeline.run([Path(folder)], options)
    wall = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    held = tracemalloc.take_snapshot()
    docs = report.corpus.documents
    # What the corpus's documents hold: their texts and blocks (the rest is small strings).
    texts = sum(sys.getsizeof(d.text) for d in docs)
    blocks = sum(sys.getsizeof(d.blocks) + len(d.blocks) * 72 for d in docs)
    tracemalloc.stop()
    write_atomic(Path(out), render(report, "yaml"))
    print(
        json.dumps(
            {
                "mode": mode,
                "articles": len(docs),
                "claims": len(report.claims),
                "wall_traced_s": wall,
                "traced_peak_mib": peak / MIB,
                "traced_held_mib": sum(s.size for s in held.statistics("filename")) / MIB,
                "document_texts_mib": texts / MIB,
                "document_blocks_mib": blocks / MIB,
                "peak_rss_mib": peak_rss_mib(),
            }
        )
    )


def run_child(mode: str, folder: Path, cache: Path, out: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder), str(cache), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode:
        sys.exit(f"the {mode} run failed:\n{result.stderr[-4000:]}")
    if mode == "fill":
        return {}
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    print(found, flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--cache", type=Path, help="cache folder to fill and reuse")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        articles = tmp / "articles"
        articles.mkdir()
        for start in range(0, args.articles, SHARD):
            stop = min(start + SHARD, args.articles)
            write_articles(articles / f"shard-{start // SHARD:04d}.jsonl", start, stop)
        cache = args.cache or tmp / "cache"
        began = time.perf_counter()
        run_child("fill", articles, cache, tmp / "fill.yaml")
        filled = time.perf_counter() - began
        whole = run_child("whole", articles, cache, tmp / "whole.yaml")
        streamed = run_child("streamed", articles, cache, tmp / "streamed.yaml")
        identical = (tmp / "whole.yaml").read_bytes() == (tmp / "streamed.yaml").read_bytes()
    summary = {
        "articles": args.articles,
        "shard": SHARD,
        "fill_s": filled,
        "identical": identical,
        "whole": whole,
        "streamed": streamed,
    }
    keys = [k for k in whole if k.endswith(("_mib", "_s"))]
    print("| measure | whole corpus | streamed | streamed / whole |\n|---|---:|---:|---:|")
    for key in keys:
        a, b = whole[key], streamed[key]
        print(f"| {key} | {a:.1f} | {b:.1f} | {b / a:.2f} |" if a else f"| {key} | {a} | {b} | - |")
    print(f"reports byte-identical: {identical}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    if not identical:
        sys.exit("the reports differ")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    else:
        main()
