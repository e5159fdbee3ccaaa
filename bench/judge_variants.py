"""BASIL end to end: the contradict stage under variants of its settings, in one process.

    python bench/judge_variants.py [--cache-dir DIR] [--cold base,ab,base,ab]

One checker run over BASIL's 300 articles (claims, vectors and stories from the cache) hands
its contradict stage's inputs to `contradict.find` + `separate` under each variant: findings,
how many join two articles of one event, NLI pairs per claim and the stage's seconds, warm
(NLI scores cached) and, for the variants named in --cold, with no cache at all (runs
alternated, so that a shared machine's load falls on both alike: read the times as ratios).

Variants: `base` is two story pairs a claim and any finding from 0.7 (the judge2 shipping
point); `a` needs the confident 0.8 where the model's score alone decides; `b` keeps one story
pair a claim; `ab` both (shipped). Writes bench/judge_variants.json; bench/judge.md quotes it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import judge_corpora as jc
from common import basil_articles

from checker import contradict
from checker.candidates import Band
from checker.embed import EmbeddingCache
from checker.judge import default_judge


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache-dir", type=Path, default=jc.DEFAULT_CACHE)
    parser.add_argument("--cold", default="base,ab,base,ab")
    args = parser.parse_args()
    rows, event = basil_articles()
    got = jc.stage_inputs(rows, "basil", args.cache_dir)
    claims, vectors, clusters, scorer = got["args"][:4]
    threshold = default_judge().threshold
    variants = {
        "base": contradict.Settings(band=Band(story_cap=2), model_alone=threshold),
        "a": contradict.Settings(band=Band(story_cap=2)),
        "b": contradict.Settings(band=Band(story_cap=1), model_alone=threshold),
        "ab": contradict.Settings(band=Band(story_cap=1)),
    }
    by_id = {c.id: c for c in claims}
    out: dict[str, Any] = {"claims": len(claims)}
    db = EmbeddingCache(args.cache_dir)
    path = Path(__file__).resolve().parent / "judge_variants.json"

    def one(name: str, cold: bool) -> None:
        start = time.perf_counter()
        found, asked = contradict.find(
            claims, vectors, clusters, scorer, None if cold else db, settings=variants[name],
            found=got["kw"]["found"], story_of=got["kw"]["story_of"],
        )  # fmt: skip
        contradict.separate(clusters, found, claims, vectors, {c.doc: c.doc for c in claims})
        seconds = time.perf_counter() - start
        same = [event[jc._doc_of(f.claims[0])] == event[jc._doc_of(f.claims[1])] for f in found]
        rec = out.setdefault(name, {})
        rec.update(
            findings=len(found), within_one_event=sum(same), nli_pairs=asked,
            nli_pairs_per_claim=asked / max(len(claims), 1), rules=dict(Counter(f.rule for f in found)),
            rows=[
                {"id": f.id, "p": round(f.score, 3), "rule": f.rule, "kind": f.kind, "same_event": s,
                 "a": [by_id[f.claims[0]].speaker, by_id[f.claims[0]].text],
                 "b": [by_id[f.claims[1]].speaker, by_id[f.claims[1]].text]}
                for f, s in zip(found, same, strict=True)
            ],
        )  # fmt: skip
        rec.setdefault("cold_s" if cold else "warm_s", []).append(round(seconds, 1))
        path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(name, "cold" if cold else "warm", len(found), sum(same), asked, f"{seconds:.1f} s",
              file=sys.stderr, flush=True)  # fmt: skip

    for name in variants:
        one(name, False)
    for name in filter(None, args.cold.split(",")):
        one(name, True)


if __name__ == "__main__":
    main()
