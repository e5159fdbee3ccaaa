"""BASIL end to end: cluster purity by event and the share of events with a cross-outlet cluster.

python bench/basil_clusters.py [THRESHOLD]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from checker import pipeline

BASIL = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "data"
    / "news"
    / "basil"
    / "articles"
)


def main() -> None:
    if not BASIL.exists():
        sys.exit(f"skipped: {BASIL} not found")
    event_of: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "basil.jsonl"
        with feed.open("w", encoding="utf-8") as out:
            for path in sorted(BASIL.glob("*/*.json")):
                d = json.loads(path.read_text(encoding="utf-8"))
                body = "\n\n".join(" ".join(p) for p in d["body-paragraphs"])
                key = path.stem
                event_of[f"basil/{key}"] = d["triplet-uuid"]
                row = {
                    "id": key,
                    "title": d["title"],
                    "text": body,
                    "source": d["source"],
                    "date": d["date"],
                }
                out.write(json.dumps(row) + "\n")
        start = time.perf_counter()
        threshold = float(sys.argv[1]) if len(sys.argv) > 1 else pipeline.DEFAULT_THRESHOLD
        options = pipeline.Options(cluster_threshold=threshold)  # the user cache: a re-run is warm
        report = pipeline.run([feed], options)
        wall = time.perf_counter() - start
    events = set(event_of.values())
    clustered = dominated = 0
    cross_events = set()
    for cluster in report.clusters:
        owners = Counter(event_of[c.rsplit(":", 1)[0]] for c in cluster.claims)
        top, count = owners.most_common(1)[0]
        clustered += len(cluster.claims)
        dominated += count
        if len(cluster.outlets) >= 2:
            cross_events.add(top)
    print(
        f"articles: {len(report.corpus.documents)}, claims: {len(report.claims)}, clusters: {len(report.clusters)}, wall {wall:.1f} s"
    )
    print(
        f"purity (share of clustered claims in a cluster dominated by their own event): {dominated / max(clustered, 1):.3f}"
    )
    print(
        f"events with at least one cross-outlet cluster: {len(cross_events)}/{len(events)} = {len(cross_events) / len(events):.2f}"
    )


if __name__ == "__main__":
    main()
