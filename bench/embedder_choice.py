"""Which all-MiniLM-L6-v2 back-end checker embeds with: fp32 against int8, on quality and speed.

    python bench/embedder_choice.py [quality] [speed] [speed-quick]   (default: all three)

Writes bench/embedder.json (each part merged into what an earlier run left) and renders
bench/embedder.md from it.

Quality, per candidate (fp32 = all-MiniLM-L6-v2, int8 = all-MiniLM-L6-v2-int8): MRPC val
paraphrase F1 at checker's threshold, at a threshold recalibrated as
bench/calibrate_threshold.py does (MRPC train + STS-B train/dev, STS-B >= 4 a paraphrase, the
lowest threshold within 1% of the best pool F1) and at MRPC val's own best (an upper bound);
STS-B dev Spearman; BASIL purity by event and events with a cross-outlet cluster (checker's
clusters, no NLI); ECB+ dev topics: pairwise same-event F1 of plain cosine at its best
threshold over annotated sentence pairs of different documents of one topic; and agreement
of each candidate's vectors with fp32's on every sentence above. Vectors go through the user
cache (a re-run is warm).

Speed: the same AllSides claim texts embedded by every variant back to back in one process,
repeated, medians; ratios to today's fp32 (each text alone), which is what to quote on a
shared machine.
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))
import calibrate_threshold as para
from basil_clusters import BASIL
from common import DATA, write_articles

from checker import embed, pipeline
from checker.models import FP32_EMBEDDING_MODEL, INT8_EMBEDDING_MODEL, OnnxMiniLM, embedder

HERE = Path(__file__).resolve().parent
ECB = DATA / "events" / "ecbplus_topics_1-35.jsonl.gz"
DEV_TOPICS = {2, 5, 12, 18, 21, 23, 34, 35}
CANDIDATES = {"fp32": FP32_EMBEDDING_MODEL, "int8": INT8_EMBEDDING_MODEL}
GRID = [round(t, 2) for t in np.arange(0.30, 0.91, 0.01)]
SPEED_TEXTS = 3000
REPEATS = 3
# speed-quick: the three variants that decide, a second time, shorter and more often.
QUICK_TEXTS = 1000
QUICK_REPEATS = 5
SPEEDS = ("speed", "speed-quick")

Vectors = NDArray[np.float32]

# int8 replaces fp32 only if it loses no more than these (at its own recalibrated threshold
# against fp32 at checker's) and is clearly faster than the exact fp32 back-end. 0.01 F1 is
# below the noise of MRPC val (408 pairs: one standard error of F1 is about 0.015); 2 BASIL
# events of 100 is the run-to-run spread of thresholds 0.70-0.72 (bench/RESULTS.md).
MARGINS = {"MRPC val F1": 0.01, "STS-B Spearman": 0.01, "ECB+ F1": 0.01, "BASIL purity": 0.01}
EVENTS_MARGIN = 2
MIN_SPEEDUP = 1.3
FP32_NOW = "fp32, equal-length batches of 32 (now)"
INT8 = "int8 per channel, each alone"


def best(sims: NDArray[np.float64], gold: NDArray[np.bool_]) -> tuple[float, float, float, float]:
    """(threshold, P, R, F1) at the grid's F1-best threshold."""
    scored = [(t, *para.f_beta(sims, gold, t, 1.0)) for t in GRID]
    return max(scored, key=lambda row: row[3])


def plateau(sims: NDArray[np.float64], gold: NDArray[np.bool_]) -> float:
    """calibrate_threshold's rule: the lowest threshold within 1% of the pool's best F1."""
    top = best(sims, gold)[3]
    return min(t for t in GRID if para.f_beta(sims, gold, t, 1.0)[2] >= 0.99 * top)


def spearman(x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def ecb_pairs() -> tuple[list[str], list[tuple[int, int, bool]]]:
    """Annotated sentences of the dev topics, and pairs of them from different documents of
    one topic, true where they share an event instance."""
    texts: list[str] = []
    rows: list[tuple[int, str, frozenset[str]]] = []  # topic, doc, events
    topics: list[int] = []
    with gzip.open(ECB, "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["topic"] not in DEV_TOPICS:
                continue
            for s in doc["sentences"]:
                if s["annotated"]:
                    texts.append(s["text"])
                    rows.append((doc["topic"], doc["doc"], frozenset(s["events"])))
                    topics.append(doc["topic"])
    pairs = [
        (i, j, bool(rows[i][2] & rows[j][2]))
        for i in range(len(rows))
        for j in range(i + 1, len(rows))
        if rows[i][0] == rows[j][0] and rows[i][1] != rows[j][1]
    ]
    return texts, pairs


def basil(name: str, threshold: float) -> dict[str, Any]:
    """basil_clusters.measure's purity and cross-outlet events, with this embedder, no NLI."""
    event_of: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "basil.jsonl"
        with feed.open("w", encoding="utf-8") as out:
            for path in sorted(BASIL.glob("*/*.json")):
                d = json.loads(path.read_text(encoding="utf-8"))
                event_of[f"basil/{path.stem}"] = d["triplet-uuid"]
                body = "\n\n".join(" ".join(p) for p in d["body-paragraphs"])
                row = {"id": path.stem, "title": d["title"], "text": body}
                out.write(json.dumps({**row, "source": d["source"], "date": d["date"]}) + "\n")
        options = pipeline.Options(
            embedding_model=name, cluster_threshold=threshold, contradictions=False
        )
        report = pipeline.run([feed], options)
    clustered = dominated = 0
    cross: set[str] = set()
    for cluster in report.clusters:
        owners = Counter(event_of[c.rsplit(":", 1)[0]] for c in cluster.claims)
        top, count = owners.most_common(1)[0]
        clustered += len(cluster.claims)
        dominated += count
        if len(cluster.outlets) >= 2:
            cross.add(top)
    return {
        "threshold": threshold,
        "clusters": len(report.clusters),
        "purity": dominated / max(clustered, 1),
        "events_cross_outlet": len(cross),
        "events": len(set(event_of.values())),
    }


def quality() -> dict[str, Any]:
    cache = embed.EmbeddingCache(embed.default_cache_dir())
    models = embed.default_cache_dir() / "models"
    pool = para.mrpc("msr-para-train.tsv") + para.sts("sts-train.tsv") + para.sts("sts-dev.tsv")
    val = para.mrpc("msr-para-val.tsv")
    sts_rows = para._rows("sts-dev.tsv")
    sts_pairs = [(r[5], r[6]) for r in sts_rows if len(r) >= 7]
    sts_gold = np.array([float(r[4]) for r in sts_rows if len(r) >= 7])
    ecb_texts, ecb = ecb_pairs()
    sentences = sorted(
        {s for a, b, _ in pool + val for s in (a, b)}
        | {s for pair in sts_pairs for s in pair}
        | set(ecb_texts)
    )
    out: dict[str, Any] = {"sentences": len(sentences), "ecb_pairs": len(ecb)}
    reference: Vectors | None = None
    for label, name in CANDIDATES.items():
        model = embedder(name, models, print)
        start = time.perf_counter()
        vectors = embed.embed(sentences, model, cache)
        print(f"{label}: {len(sentences)} sentences in {time.perf_counter() - start:.0f} s")
        row: dict[str, Any] = {"name": model.name}
        if reference is None:
            reference = vectors
        cosines = np.einsum("ij,ij->i", vectors, reference)
        row["agreement"] = {"mean": float(cosines.mean()), "min": float(cosines.min())}
        sims, gold = para.scores(pool, model, cache)
        row["threshold"] = plateau(sims, gold)
        val_sims, val_gold = para.scores(val, model, cache)
        row["mrpc_default"] = para.f_beta(val_sims, val_gold, para.PARAPHRASE_COSINE, 1.0)
        row["mrpc_recalibrated"] = para.f_beta(val_sims, val_gold, row["threshold"], 1.0)
        row["mrpc_best"] = best(val_sims, val_gold)
        left = embed.embed([a for a, _ in sts_pairs], model, cache)
        right = embed.embed([b for _, b in sts_pairs], model, cache)
        row["sts_spearman"] = spearman(np.einsum("ij,ij->i", left, right), sts_gold)
        ev = embed.embed(ecb_texts, model, cache)
        ecb_sims = np.array([float(ev[i] @ ev[j]) for i, j, _ in ecb])
        row["ecb_best"] = best(ecb_sims, np.array([g for _, _, g in ecb]))
        thresholds = sorted({para.PARAPHRASE_COSINE, row["threshold"]})
        row["basil"] = [basil(name, t) for t in thresholds]
        out[label] = row
        print(json.dumps(row))
    cache.close()
    return out


def claim_texts(n: int) -> list[str]:
    from checker.claims import extract
    from checker.ingest import ingest

    texts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "allsides.jsonl"
        write_articles(feed, 0, 1000)
        for doc in ingest([feed]).documents:
            texts += [c.text for c in extract(doc)]
            if len(texts) >= n:
                break
    return texts[:n]


def variants(folder: Path, quick: bool) -> dict[str, OnnxMiniLM]:
    """Every back-end timed: today's fp32 (each text alone), equal-length batches of
    several sizes, fewer threads, int8 per channel (the candidate) and per tensor; quick:
    fp32 before and now, and int8."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from checker.models.base import onnx_session

    def fp32(batch: int, threads: int = 0) -> OnnxMiniLM:
        model = OnnxMiniLM(folder, threads=threads)
        model.batch = batch
        return model

    out = {"fp32, each alone (before)": fp32(1), FP32_NOW: fp32(32)}
    out[INT8] = OnnxMiniLM(folder, int8=True)
    if quick:
        return out
    out["fp32, equal-length batches of 8"] = fp32(8)
    out["fp32, batches of 32, 1 thread"] = fp32(32, threads=1)
    per_tensor = OnnxMiniLM(folder, int8=True)
    per_tensor._load()
    source = next(folder.glob(f"{FP32_EMBEDDING_MODEL}-[0-9a-f]*.onnx"))
    target = folder / "per-tensor-int8.onnx"
    quantize_dynamic(source, target, weight_type=QuantType.QInt8)
    per_tensor._session = onnx_session(target)
    out["int8 per tensor, each alone"] = per_tensor
    return out


def speed(quick: bool = False) -> dict[str, Any]:
    texts = claim_texts(QUICK_TEXTS if quick else SPEED_TEXTS)
    repeats = QUICK_REPEATS if quick else REPEATS
    with tempfile.TemporaryDirectory() as tmp:
        models = variants(Path(tmp), quick)
        for model in models.values():
            model.encode(texts[:64])  # loaded and warm before timing
        walls: dict[str, list[float]] = {label: [] for label in models}
        vectors: dict[str, Vectors] = {}
        for _ in range(repeats):
            for label, model in models.items():
                start = time.perf_counter()
                vectors[label] = model.encode(texts)
                walls[label].append(time.perf_counter() - start)
    before = next(iter(models))
    base = float(np.median(walls[before]))
    out: dict[str, Any] = {"texts": len(texts), "repeats": repeats, "variants": {}}
    for label, runs in walls.items():
        cos = np.einsum("ij,ij->i", vectors[label], vectors[before])
        out["variants"][label] = {
            "per_s": len(texts) / float(np.median(runs)),
            "ratio": base / float(np.median(runs)),
            "walls": runs,
            "bitwise": bool(np.array_equal(vectors[label], vectors[before])),
            "max_diff": float(np.abs(vectors[label] - vectors[before]).max()),
            "cos_mean": float(cos.mean()),
            "cos_min": float(cos.min()),
        }
        print(label, json.dumps(out["variants"][label]))
    return out


def render(results: dict[str, Any]) -> str:
    lines = ["# Embedder choice: all-MiniLM-L6-v2 in fp32 or int8", ""]
    lines += [
        f"Produced by `python bench/embedder_choice.py` ({results.get('date', '')}).",
        "",
        f"fp32 is `{FP32_EMBEDDING_MODEL}` (the exported graph; equal-length texts run together, "
        f"bitwise the vectors each text gets alone); int8 is `{INT8_EMBEDDING_MODEL}` "
        "(onnxruntime dynamic quantisation of that graph, int8 weights with one scale per "
        "output channel, activations quantised per run, so each text runs alone). The rule "
        "that decides is in the script (MARGINS, MIN_SPEEDUP) and its verdict is at the end.",
        "",
    ]
    q = results.get("quality")
    if q:
        lines += [
            f"Quality ({q['sentences']:,} distinct sentences; ECB+ dev: {q['ecb_pairs']:,} pairs).",
            "",
            "| | fp32 | int8 |",
            "|---|---|---|",
        ]

        def row(label: str, fmt: Any) -> None:
            lines.append(f"| {label} | {fmt(q['fp32'])} | {fmt(q['int8'])} |")

        def prf(v: Any) -> str:
            return f"F1 {v[2]:.3f} (P {v[0]:.3f} R {v[1]:.3f})"

        row(
            "cosine with fp32: mean / min",
            lambda r: f"{r['agreement']['mean']:.4f} / {r['agreement']['min']:.4f}",
        )
        row("threshold recalibrated on the pool", lambda r: f"{r['threshold']:.2f}")
        row(f"MRPC val at {para.PARAPHRASE_COSINE}", lambda r: prf(r["mrpc_default"]))
        row("MRPC val at the recalibrated threshold", lambda r: prf(r["mrpc_recalibrated"]))
        row(
            "MRPC val at its own best (upper bound)",
            lambda r: f"{r['mrpc_best'][3]:.3f} at {r['mrpc_best'][0]:.2f}",
        )
        row("STS-B dev Spearman", lambda r: f"{r['sts_spearman']:.4f}")
        row(
            "ECB+ dev same-event F1, cosine at its best",
            lambda r: (
                f"{r['ecb_best'][3]:.3f} at {r['ecb_best'][0]:.2f} (P {r['ecb_best'][1]:.3f} R {r['ecb_best'][2]:.3f})"
            ),
        )
        for i in range(max(len(q["fp32"]["basil"]), len(q["int8"]["basil"]))):
            row(
                "BASIL purity, events with a cross-outlet cluster",
                lambda r, i=i: (
                    ""
                    if i >= len(r["basil"])
                    else (
                        f"{r['basil'][i]['purity']:.3f}, {r['basil'][i]['events_cross_outlet']}/"
                        f"{r['basil'][i]['events']} at {r['basil'][i]['threshold']:.2f}"
                    )
                ),
            )
        lines.append("")
    for s in (results[part] for part in SPEEDS if part in results):
        lines += [
            f"Speed: the same {s['texts']:,} AllSides claim texts, every variant back to back in "
            f"one process, {s['repeats']} times; median rate and its ratio to the first row "
            "(contended 2-core machine: quote the ratios). Agreement is with the first row.",
            "",
            "| variant | claims/s | ratio | walls (s) | bitwise | max abs diff | cosine mean / min |",
            "|---|---|---|---|---|---|---|",
        ]
        for label, v in s["variants"].items():
            walls = ", ".join(f"{w:.1f}" for w in v["walls"])
            lines.append(
                f"| {label} | {v['per_s']:.0f} | {v['ratio']:.2f} | {walls} | "
                f"{'yes' if v['bitwise'] else 'no'} | {v['max_diff']:.1e} | "
                f"{v['cos_mean']:.4f} / {v['cos_min']:.4f} |"
            )
        lines.append("")
    return "\n".join(lines + verdict(results))


def verdict(results: dict[str, Any]) -> list[str]:
    """The decision rule above, applied to the figures."""
    q, speeds = results.get("quality"), [results[p] for p in SPEEDS if p in results]
    if not (q and speeds):
        return []
    fp, q8 = q["fp32"], q["int8"]
    losses = {
        "MRPC val F1": fp["mrpc_default"][2] - q8["mrpc_recalibrated"][2],
        "STS-B Spearman": fp["sts_spearman"] - q8["sts_spearman"],
        "ECB+ F1": fp["ecb_best"][3] - q8["ecb_best"][3],
        "BASIL purity": fp["basil"][0]["purity"] - q8["basil"][-1]["purity"],
    }
    events = fp["basil"][0]["events_cross_outlet"] - q8["basil"][-1]["events_cross_outlet"]
    gains = [s["variants"][INT8]["per_s"] / s["variants"][FP32_NOW]["per_s"] for s in speeds]
    kept = all(losses[k] <= m for k, m in MARGINS.items()) and events <= EVENTS_MARGIN
    faster = min(gains) >= MIN_SPEEDUP  # in every speed run
    said = ", ".join(f"{k} {v:+.3f}" for k, v in losses.items())
    return [
        f"int8 against fp32 (losses, positive = int8 worse): {said}, BASIL cross-outlet "
        f"events {events:+d}; int8 speed / exact fp32 speed: "
        f"{', '.join(f'{g:.2f}' for g in gains)} (each speed run) "
        f"(margins: {', '.join(f'{k} {m}' for k, m in MARGINS.items())}, events {EVENTS_MARGIN}; "
        f"speed-up wanted {MIN_SPEEDUP}).",
        "",
        f"Decision: {'int8' if kept and faster else 'fp32'} "
        f"(quality {'kept' if kept else 'not kept'}, {'clearly' if faster else 'not clearly'} faster).",
        "",
    ]


def main() -> None:
    parts = sys.argv[1:] or ["quality", *SPEEDS]
    if not set(parts) <= {"quality", *SPEEDS}:
        sys.exit("usage: python bench/embedder_choice.py [quality] [speed] [speed-quick]")
    path = HERE / "embedder.json"
    fresh = {p: quality() if p == "quality" else speed(p == "speed-quick") for p in parts}
    # Read last: a part run meanwhile in another process is kept.
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    results.update(fresh, date=time.strftime("%Y-%m-%d"))
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (HERE / "embedder.md").write_text(render(results), encoding="utf-8")


if __name__ == "__main__":
    main()
