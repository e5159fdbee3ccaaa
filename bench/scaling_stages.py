"""Per-article figures for a scaling plan: time and memory per stage, and what the driver holds.

    python bench/scaling_stages.py [N ...] [--json PATH]      (default 1000)

For each N, the first N AllSides articles run cold in a fresh child process (fresh cache,
models built there, as `checker compare` runs: in-process, extraction over one process per
core), then warm from the same cache (what an incremental run does when nothing changed).
Reported: seconds per stage and per article, peak RSS of the child and of its extraction
processes, the cache file size per article, and what the driver holds per claim and per
article, measured with tracemalloc on the cached claims and documents read back.
"""

from __future__ import annotations

import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import DATA, json_option, peak_rss_mib, write_articles  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process (every thread) and of its children that have ended (the
    extraction processes end with their stage)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def child(folder: str, cache: str) -> None:
    from contextlib import contextmanager

    from checker import pipeline
    from checker.formats import render

    cpu: dict[str, float] = {}

    class CpuTimer(pipeline.Timer):
        """The pipeline's Timer that also keeps each stage's CPU seconds: on a machine that
        others share, CPU time per article is the steadier measure of the work."""

        @contextmanager
        def stage(self, name: str) -> Any:
            start = cpu_seconds()
            try:
                with super().stage(name):
                    yield
            finally:
                cpu[name] = cpu.get(name, 0.0) + cpu_seconds() - start

    pipeline.Timer = CpuTimer  # type: ignore[misc]  # run() makes its Timer by this name
    start = time.perf_counter()
    report = pipeline.run([Path(folder)], pipeline.Options(cache_dir=Path(cache)))
    rendered = time.perf_counter()
    text = render(report, "yaml", "error")
    laps = {**dict(report.timings), "report": time.perf_counter() - rendered}
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": len(report.corpus.documents),
                "claims": len(report.claims),
                "distinct_texts": len({c.text for c in report.claims}),
                "stories": len(report.stories),
                "clusters": len(report.clusters),
                "nli_pairs": report.nli_pairs,
                "wall": time.perf_counter() - start,
                "stages": laps,
                "cpu": cpu,
                "peak_mib": peak_rss_mib(),
                "extract_process_peak_mib": children,
                "report_bytes": len(text.encode()),
            }
        )
    )


def held(folder: Path, cache: Path) -> dict[str, float]:
    """Bytes the driver holds per claim and per document, measured on objects read back."""
    from checker import claimcache
    from checker.embed import EmbeddingCache
    from checker.ingest import ingest

    tracemalloc.start()
    corpus = ingest([folder])
    documents = tracemalloc.get_traced_memory()[0]
    store = EmbeddingCache(cache)
    blobs = store.get_texts(claimcache.extractor_version(), [
        claimcache.document_key(d) for d in corpus.documents
    ])  # fmt: skip
    store.close()
    before = tracemalloc.get_traced_memory()[0]
    claims = [c for data in blobs.values() for c in claimcache.from_json(data)]
    in_memory = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    n = len(claims)
    return {
        "documents": len(corpus.documents),
        "document_bytes_each": documents / len(corpus.documents),
        "text_chars_each": sum(len(d.text) for d in corpus.documents) / len(corpus.documents),
        "claim_bytes_each": in_memory / n,
        "claim_pickled_bytes_each": len(pickle.dumps(claims)) / n,
        "vector_bytes_each": 384 * 4,
        "cache_bytes_per_article": (cache / "embeddings.sqlite3").stat().st_size
        / len(corpus.documents),
        "models_mib": sum(f.stat().st_size for f in (cache / "models").rglob("*") if f.is_file())
        / 2**20,
    }


def spawn(folder: Path, cache: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), str(cache)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(sizes: list[int], out: Path | None) -> None:
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    import os

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder, cache = Path(tmp, f"a{n}"), Path(tmp, f"cache{n}")
            folder.mkdir()
            write_articles(folder / "allsides.jsonl", 0, n)
            load = os.getloadavg()
            cold = spawn(folder, cache)
            print("cold", cold, flush=True)
            warm = spawn(folder, cache)
            print("warm", warm, flush=True)
            results.append(
                {"n": n, "load": [load, os.getloadavg()], "cold": cold, "warm": warm,
                 "held": held(folder, cache)}
            )  # fmt: skip
            print("held", results[-1]["held"], flush=True)
    for r in results:
        n, cold, warm = r["n"], r["cold"], r["warm"]
        print(f"\n{n} articles, {cold['claims']:,} claims, load {r['load']}")
        print(
            "| stage | cold s | cold ms/article | cold CPU s | CPU ms/article | warm s |\n"
            "|---|---:|---:|---:|---:|---:|"
        )
        for stage, seconds in cold["stages"].items():
            used = cold["cpu"].get(stage, float("nan"))
            print(
                f"| {stage} | {seconds:.1f} | {1000 * seconds / n:.1f} | {used:.1f} | "
                f"{1000 * used / n:.1f} | {warm['stages'].get(stage, 0.0):.1f} |"
            )
        print(f"| wall | {cold['wall']:.1f} | {1000 * cold['wall'] / n:.1f} | {warm['wall']:.1f} |")
        print(json.dumps(r["held"], indent=1))
    if out:
        out.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        args, path = json_option(sys.argv[1:])
        main([int(a) for a in args] or [1000], path)
