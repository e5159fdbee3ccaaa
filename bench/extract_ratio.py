"""The claims stage before and after a change, as a ratio measured in one run (the machine is
shared, so only the ratio means much).

python bench/extract_ratio.py BASELINE_CHECKOUT [N] [REPS]

Each variant (the baseline checkout and this one) runs in its own process, alternating, REPS
times (default 2), on the first N AllSides articles (default 1000): ingest, then the claims
stage as `checker compare` runs it without a cache (stagework.extract_claims: batches of
documents over one spawned process per core). Prints per variant the median wall time, the
CPU time of the stage (this process and its workers), the claims and a digest of them (the
same digest: the same claims), and the ratios to the baseline.
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
import hashlib, json, resource, sys, time
from pathlib import Path
from checker import claimcache, stagework
from checker.ingest import ingest
corpus = ingest([Path(sys.argv[1])])
docs = list(corpus.documents)
def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
start, cpu0 = time.perf_counter(), cpu()
found = stagework.extract_claims(corpus)
wall, used = time.perf_counter() - start, cpu() - cpu0
digest = hashlib.sha256(claimcache.to_json(found).encode()).hexdigest()[:12]
words = sum(len(d.text.split()) for d in docs)
import checker
print(json.dumps({"checker": checker.__file__, "seconds": wall, "cpu": used,
                  "documents": len(docs), "claims": len(found),
                  "words": words, "digest": digest}))
"""


def run(checkout: Path, feed: Path) -> dict[str, float | str]:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(feed)],
        env=env,
        # not a checkout: "python -c" puts the working folder first on the path
        cwd=feed.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float | str] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(baseline: Path, n: int, reps: int) -> None:
    if not ALLSIDES.exists():
        sys.exit(f"skipped: {ALLSIDES} not found")
    variants = {"baseline": baseline, "this": HERE.parent}
    walls: dict[str, list[float]] = {k: [] for k in variants}
    cpus: dict[str, list[float]] = {k: [] for k in variants}
    info: dict[str, dict[str, float | str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "allsides.jsonl"
        write_articles(feed, 0, n)
        for _ in range(reps):
            for name, checkout in variants.items():
                info[name] = run(checkout, feed)
                walls[name].append(float(info[name]["seconds"]))
                cpus[name].append(float(info[name]["cpu"]))
                print(name, json.dumps(info[name]), file=sys.stderr)
    base_wall = statistics.median(walls["baseline"])
    base_cpu = statistics.median(cpus["baseline"])
    for name in variants:
        wall, used = statistics.median(walls[name]), statistics.median(cpus[name])
        print(
            f"{name}: wall median {wall:.1f} s of {[round(w, 1) for w in walls[name]]} "
            f"({wall / base_wall:.2f}x the baseline), CPU {used:.1f} s "
            f"({used / base_cpu:.2f}x), {info[name]['claims']} claims "
            f"(digest {info[name]['digest']}), {float(info[name]['words']) / used:.0f} words "
            "per CPU second"
        )


if __name__ == "__main__":
    main(
        Path(sys.argv[1]),
        int(sys.argv[2]) if len(sys.argv) > 2 else 1000,
        int(sys.argv[3]) if len(sys.argv) > 3 else 2,
    )
