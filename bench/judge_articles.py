"""ECB+ end to end with and without the model-alone rule between articles, in one process.

    python bench/judge_articles.py [--cache-dir DIR]

One checker run over ECB+ topics 1-35 (as judge_corpora.ecb lays them out: each subtopic
dated 30 days from its sibling) hands its contradict stage's inputs to `contradict.find`
under `brief_claims` 2 (shipped) and None (the model's score alone decides everywhere from
0.8): findings, those joining two subtopics, and the model-alone findings the rule removes.
bench/judge.md (fifth session) quotes it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import judge_corpora as jc

from checker import contradict
from checker.embed import EmbeddingCache


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache-dir", type=Path, default=jc.DEFAULT_CACHE)
    args = parser.parse_args()
    rows, subtopic = jc.ecb_rows()
    got = jc.stage_inputs(rows, "ecb", args.cache_dir)
    claims, vectors, clusters, scorer = got["args"][:4]
    by_id = {c.id: c for c in claims}
    db = EmbeddingCache(args.cache_dir)
    out = {}
    for name, brief in (("shipped", contradict.BRIEF_CLAIMS), ("model alone everywhere", None)):
        settings = contradict.Settings(brief_claims=brief)
        found, _ = contradict.find(
            claims, vectors, clusters, scorer, db, settings=settings,
            found=got["kw"]["found"], story_of=got["kw"]["story_of"],
        )  # fmt: skip
        apart = [f for f in found if len({subtopic[jc._doc_of(c)] for c in f.claims}) > 1]
        out[name] = {"findings": len(found), "across_subtopics": len(apart),
                     "rules": dict(Counter(f.rule for f in found)), "ids": {f.id for f in found}}  # fmt: skip
        print(name, len(found), len(apart), dict(Counter(f.rule for f in found)))
    gone = out["model alone everywhere"]["ids"] - out["shipped"]["ids"]
    full = contradict.find(
        claims, vectors, clusters, scorer, db, settings=contradict.Settings(brief_claims=None),
        found=got["kw"]["found"], story_of=got["kw"]["story_of"],
    )[0]  # fmt: skip
    for f in full:
        if f.id in gone:
            a, b = (by_id[c] for c in f.claims)
            same = subtopic[jc._doc_of(a.id)] == subtopic[jc._doc_of(b.id)]
            print(f"{f.score:.2f} {f.rule} same subtopic {same} | {a.text[:100]} || {b.text[:100]}")


if __name__ == "__main__":
    main()
