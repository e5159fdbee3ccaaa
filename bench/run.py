"""Every benchmark suite in one command; writes bench/RESULTS.md.

    python bench/run.py [--sizes 100 300 1000 3000] [--skip-speed] [--skip-quality]
                        [--suites extraction stories judge scaling | --suites none]

The issue suites (SUITES) are scripts of their own that write a Markdown section each;
RESULTS.md includes every section present, so a suite run alone still lands in it.

Quality suites read ../shared/data (NLI, paraphrase, BASIL); speed suites run `checker`'s
pipeline on the AllSides sample, each size in a fresh child process with an empty cache, so
wall time includes loading the models once and peak RSS is the run's own. Figures are from
this one run; ratios compare measurements taken in it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import DATA, peak_rss_mib, write_articles  # noqa: E402


def child_run(folder: str, cache: str) -> None:
    """One `checker compare` in this process, as the CLI runs it (the YAML report rendered
    and written); prints a JSON line of measurements."""
    from checker import pipeline
    from checker.files import write_atomic
    from checker.formats import render

    start = time.perf_counter()
    report = pipeline.run([Path(folder)], pipeline.Options(cache_dir=Path(cache)))
    written = time.perf_counter()
    write_atomic(Path(cache) / "report.yaml", render(report, "yaml", "error"))
    end = time.perf_counter()
    print(
        json.dumps(
            {
                "articles": len(report.corpus.documents),
                "claims": len(report.claims),
                "clusters": len(report.clusters),
                "contradictions": len(report.contradictions),
                "nli_pairs": report.nli_pairs,
                "wall": end - start,
                "stages": {**dict(report.timings), "report": end - written},
                "peak_mib": peak_rss_mib(),
            }
        )
    )


def spawn(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median wall time, with every run's wall time beside it."""
    ordered = sorted(runs, key=lambda r: r["wall"])
    return {**ordered[(len(ordered) - 1) // 2], "walls": [r["wall"] for r in runs]}


def speed(sizes: list[int], tmp: Path, repeats: int, large: int) -> dict[str, Any]:
    """Cold runs (a fresh cache each; `repeats` of them up to 1,000 articles, one above),
    then warm re-runs and incremental runs on the 1,000-article corpus."""
    runs = []
    for n in sizes:
        folder = tmp / f"a{n}"
        folder.mkdir()
        write_articles(folder / "allsides.jsonl", 0, n)
        cold = []
        for k in range(repeats if n <= large else 1):
            cache = tmp / f"cache{n}-{k}"
            cold.append(spawn("--child", str(folder), str(cache)))
            print("cold", n, cold[-1], flush=True)
            if k:
                shutil.rmtree(cache)  # the first stays for the warm and incremental runs
        runs.append(median_run(cold))
    pivot = 1000 if 1000 in sizes else sizes[-1]
    folder, cache = tmp / f"a{pivot}", tmp / f"cache{pivot}-0"
    warm = [spawn("--child", str(folder), str(cache)) for _ in range(repeats)]
    print("warm", warm, flush=True)
    write_articles(tmp / "more.jsonl", pivot, pivot + 10)
    incremental = []
    for k in range(repeats):
        # Each from the cache of the 1,000 alone, so that the 10 articles are new every time.
        grown, again = tmp / f"grown{k}", tmp / f"cache-grown{k}"
        shutil.copytree(folder, grown)
        shutil.copytree(cache, again)
        shutil.copy(tmp / "more.jsonl", grown / "more.jsonl")
        incremental.append(spawn("--child", str(grown), str(again)))
        print("incremental", incremental[-1], flush=True)
        shutil.rmtree(grown)
        shutil.rmtree(again)
    xs = [math.log(r["articles"]) for r in runs]
    fit = lambda ys: _slope(xs, [math.log(y) for y in ys])  # noqa: E731
    return {
        "runs": runs,
        "repeats": repeats,
        "pivot": pivot,
        "warm": median_run(warm),
        "incremental": median_run(incremental),
        "exponent_time": fit([r["wall"] for r in runs]) if len(runs) > 1 else None,
        "exponent_rss": fit([r["peak_mib"] for r in runs]) if len(runs) > 1 else None,
    }


def _slope(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def references(tmp: Path, n_bare: int) -> dict[str, Any]:
    """The bare embedding model on the claims of n_bare articles, and the naive all-pairs NLI
    cost on 100 articles, estimated from a timed sample of pairs."""
    from checker.claims import extract
    from checker.ingest import ingest
    from checker.models import AegisNLI, OnnxMiniLM, SentenceTransformerEmbedder

    folder = tmp / "ref"
    folder.mkdir()
    write_articles(folder / "allsides.jsonl", 0, n_bare)
    claims = [c for d in ingest([folder]).documents for c in extract(d)]
    texts = [c.text for c in claims]
    model = SentenceTransformerEmbedder()._load()
    model.encode(["warm up"])  # type: ignore[attr-defined]
    start = time.perf_counter()
    model.encode(texts, batch_size=32, normalize_embeddings=True)  # type: ignore[attr-defined]
    bare = time.perf_counter() - start
    # The same model as checker runs it (onnxruntime), without checker around it.
    onnx = OnnxMiniLM(tmp / "models")
    onnx.encode(["warm up"])
    start = time.perf_counter()
    onnx.encode(texts)
    bare_onnx = time.perf_counter() - start
    docs = sorted({c.doc for c in claims})[:100]
    hundred = [c for c in claims if c.doc in set(docs)]
    cross = sum(1 for i, a in enumerate(hundred) for b in hundred[i + 1 :] if a.doc != b.doc)
    rng = random.Random(0)
    sample = []
    while len(sample) < 300:
        a, b = rng.sample(hundred, 2)
        if a.doc != b.doc:
            sample.append((a.text, b.text))
    nli = AegisNLI(tmp / "models")
    nli.contradiction(sample[:5])
    start = time.perf_counter()
    nli.contradiction(sample + [(b, a) for a, b in sample])
    per_pair = (time.perf_counter() - start) / len(sample)
    return {
        "bare_articles": n_bare,
        "bare_claims": len(claims),
        "bare_embed_s": bare,
        "bare_onnx_s": bare_onnx,
        "naive_pairs_100": cross,
        "naive_nli_s_100": cross * per_pair,
        "nli_pair_s": per_pair,
    }


def quality() -> dict[str, Any]:
    import calibrate_threshold as para
    import nli_calibrate as nlic
    import numpy as np

    from checker import embed
    from checker.contradict import ERROR_THRESHOLD, INFO_THRESHOLD, nli_scores
    from checker.models import DEFAULT_EMBEDDING_MODEL, AegisNLI, embedder

    cache = embed.EmbeddingCache(embed.default_cache_dir())
    out: dict[str, Any] = {}
    model = embedder(DEFAULT_EMBEDDING_MODEL, embed.default_cache_dir() / "models")
    sims, gold = para.scores(para.mrpc("msr-para-val.tsv"), model, cache)
    out["mrpc_val"] = para.f_beta(sims, gold, para.PARAPHRASE_COSINE, 1.0)
    scorer = AegisNLI(embed.default_cache_dir() / "models")
    for name, file in (("SNLI dev", "snli_dev.tsv"), ("SICK", "sick_train.tsv")):
        pairs = nlic.load(file, 0)
        scores = np.array(nli_scores([(a, b) for a, b, _ in pairs], scorer, cache))
        labels = np.array([g for _, _, g in pairs])
        out[name] = {t: nlic.prf(scores, labels, t) for t in (ERROR_THRESHOLD, INFO_THRESHOLD)}
    cache.close()
    import basil_clusters

    out["basil"] = basil_clusters.measure(None)
    return out


# name -> (script, the Markdown section it writes). scaling runs 3,000 articles twice
# (about half an hour): it runs when named.
SUITES = {
    "extraction": ("extraction_quality.py", "extraction.md"),
    "stories": ("stories_eval.py", "stories.md"),
    "judge": ("judge_corpora.py", "judge.md"),
    "scaling": ("ray_overhead.py", "scaling.md"),
}
DEFAULT_SUITES = ("extraction", "stories", "judge")


def run_suites(names: list[str]) -> None:
    for name in names:
        script, _ = SUITES[name]
        print(f"suite {name}: python bench/{script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=True)


def versions() -> str:
    import importlib.metadata as md

    names = ("torch", "sentence-transformers", "onnxruntime", "faiss-cpu", "scikit-learn")
    pkgs = ", ".join(f"{n} {md.version(n)}" for n in names)
    return (
        f"{os.cpu_count()} CPU cores ({platform.machine()}), Python {platform.python_version()}, "
        f"{pkgs}; run on {dt.date.today().isoformat()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 3000])
    parser.add_argument("--bare-articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3, help="cold runs a size, and warm ones")
    parser.add_argument("--large", type=int, default=1000, help="sizes above: one cold run")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument(
        "--suites", nargs="+", default=list(DEFAULT_SUITES), choices=[*SUITES, "none"]
    )
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    results: dict[str, Any] = {"machine": versions()}
    run_suites([n for n in args.suites if n != "none"])
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if not args.skip_quality:
            results["quality"] = quality()
            print("quality", results["quality"], flush=True)
        if not args.skip_speed:
            results["speed"] = speed(args.sizes, tmp, args.repeats, args.large)
            results["references"] = references(tmp, args.bare_articles)
            print("references", results["references"], flush=True)
    # Suites run separately add to the figures of the others.
    store = HERE / "results.json"
    merged = json.loads(store.read_text(encoding="utf-8")) if store.exists() else {}
    results = {**merged, **results}
    store.write_text(json.dumps(results, indent=2), encoding="utf-8")
    import report_results

    report_results.write(results, HERE / "RESULTS.md", [md for _, md in SUITES.values()])


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child_run(sys.argv[2], sys.argv[3])
    else:
        main()
