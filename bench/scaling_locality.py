"""Would a sharded run find what one run finds? How local the findings of one run are, and
what an incremental run re-does.

    python bench/scaling_locality.py [N] [--json PATH]          (default 500)

The first N AllSides articles run cold in-process; then, from a copy of that cache, the
same articles plus the next 10 (an incremental run). From the cold report: how many
clusters and contradictions stay inside one story, and how far apart in publication date
their documents are. A plan that matches claims per story, or per time window, loses what
crosses stories, or windows; these figures say how much that is on news.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import DATA, json_option, write_articles  # noqa: E402

GAPS = (0, 1, 3, 7, 14, 30)


def run(folder: Path, cache: Path) -> tuple[Any, float]:
    from checker import pipeline

    start = time.perf_counter()
    report = pipeline.run([folder], pipeline.Options(cache_dir=cache))
    return report, time.perf_counter() - start


def locality(report: Any) -> dict[str, Any]:
    from checker.stories import story_of

    story = story_of(report.stories)
    published = {d.id: d.published for d in report.corpus.documents}
    doc_of = {c.id: c.doc for c in report.claims}

    def gap(docs: set[str]) -> int | None:
        dates = sorted(d for x in docs if (d := published[x]) is not None)
        return (dates[-1] - dates[0]).days if len(dates) == len(docs) and dates else None

    def summary(groups: list[set[str]]) -> dict[str, Any]:
        gaps = [gap(g) for g in groups]
        dated = [g for g in gaps if g is not None]
        return {
            "count": len(groups),
            "within_one_story": sum(len({story[d] for d in g}) == 1 for g in groups),
            "all_dated": len(dated),
            **{f"span_le_{n}d": sum(g <= n for g in dated) for n in GAPS},
            "max_span_days": max(dated, default=None),
        }

    def kinds(window: int) -> dict[str, dict[str, int]]:
        """Findings across documents by kind/severity: within window days, further apart,
        or with an undated document."""
        out: dict[str, dict[str, int]] = {"near": {}, "far": {}, "undated": {}}
        for x in report.contradictions:
            docs = {doc_of[c] for c in x.claims}
            if len(docs) < 2:
                continue
            span = gap(docs)
            where = "undated" if span is None else "near" if span <= window else "far"
            key = f"{x.kind}/{x.severity}"
            out[where][key] = out[where].get(key, 0) + 1
        return out

    clusters = [{doc_of[c] for c in cl.claims} for cl in report.clusters]
    contradictions = [{doc_of[c] for c in x.claims} for x in report.contradictions]
    across = [g for g in contradictions if len(g) > 1]
    return {
        "documents": len(report.corpus.documents),
        "dated": sum(d is not None for d in published.values()),
        "stories": len(report.stories),
        "stories_of_one": sum(len(s.documents) == 1 for s in report.stories),
        "clusters": summary(clusters),
        "contradictions_across_documents": summary(across),
        "contradictions_within_a_document": len(contradictions) - len(across),
        "contradiction_kinds_by_span_14d": kinds(14),
    }


def main(n: int, out: Path | None) -> None:
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp, "a"), Path(tmp, "cache")
        folder.mkdir()
        write_articles(folder / "allsides.jsonl", 0, n)
        report, cold = run(folder, cache)
        found = locality(report)
        found["cold_s"] = cold
        print(json.dumps(found), flush=True)
        grown, again = Path(tmp, "grown"), Path(tmp, "cache2")
        shutil.copytree(folder, grown)
        shutil.copytree(cache, again)
        write_articles(grown / "more.jsonl", n, n + 10)
        report, wall = run(grown, again)
        found["incremental"] = {"wall": wall, "stages": dict(report.timings)}
        print(json.dumps(found["incremental"]), flush=True)
    if out:
        out.write_text(json.dumps(found, indent=2), encoding="utf-8")


if __name__ == "__main__":
    args, path = json_option(sys.argv[1:])
    main(int(args[0]) if args else 500, path)
