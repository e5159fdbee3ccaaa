"""Each deciding rule's precision on the labelled sets, out of fold, and the override's
findings on the ECB+ news candidates, for reading.

    python bench/judge_rules.py [--cache-dir DIR] [--out /tmp/judge_rules.json]

A pair is flagged as checker flags it: out-of-fold calibrated p (bench/train_judge.py's
grouped folds) from the judge's threshold, a pair decided by the model's score alone from
the confident probability, or the override (the same statement, denied) whatever p. The
deciding evidence is named with the shipped judge's weights. News candidates are unlabelled
(real conflicts among related news pairs about 3 in 100): their column counts findings.
A cache dir holds the parsed records and the news candidates (train_judge.records and
news_candidates): give a fresh one after the extractor changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_judge as tj
from nli_survey import DEFAULT_CACHE

from checker.contradict import MODEL_ALONE
from checker.judge import RESTATED, Features, Judge, denied_restatement


def named(judge: Judge, pair: Features) -> str:
    """The evidence that pushed hardest towards a contradiction (Judge.decide's naming)."""
    x = (np.asarray(pair.values) - judge.mean) / judge.scale
    order = [judge.names[i] for i in np.argsort(-(x * judge.weights), kind="stable")]
    return next((n for n in order if n in pair.details), "nli_low")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, default=Path("/tmp/judge_rules.json"))
    args = parser.parse_args()
    captured: list[Features] = []
    compute = tj.features

    def spy(*a: Any) -> Features:
        captured.append(compute(*a))
        return captured[-1]

    tj.features = spy  # type: ignore[assignment]
    run = argparse.Namespace(
        snli_limit=4000, sick_limit=1000, vitaminc_rows=2000, cache_dir=args.cache_dir
    )
    sets, _, p, _ = tj.evaluate(run)
    judge = Judge.load()
    table: dict[str, Counter[str]] = {}
    news: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    start = 0
    for name, pairs in sets.items():
        counts: Counter[str] = Counter()
        for k, q in enumerate(pairs):
            i = start + k
            pair, prob = captured[i], float(p[i])
            if denied_restatement(pair):  # the override flags whatever p
                counts["override (whatever p) flagged"] += 1
                counts["override (whatever p) positive"] += int(q.positive)
                rows.append({"set": name, "positive": q.positive, "p": round(prob, 3),
                             "a": q.a, "b": q.b, "group": q.group,
                             **{k: round(v, 3) for k, v in pair.named().items()}})  # fmt: skip
            if prob < judge.threshold and denied_restatement(pair):
                rule = RESTATED
            elif prob >= judge.threshold:
                rule = named(judge, pair)
                if rule in MODEL_ALONE and prob < judge.confident:
                    continue
            else:
                continue
            counts[f"{rule} flagged"] += 1
            counts[f"{rule} positive"] += int(q.positive)
            if name == tj.NEWS and rule == RESTATED:
                news.append({"a": q.a, "b": q.b, "topic": q.group, "p": round(prob, 3)})
        table[name] = counts
        start += len(pairs)
    args.out.write_text(
        json.dumps({"table": table, "news_override": news, "override": rows}, indent=1) + "\n"
    )
    for name, counts in table.items():
        print(name, dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
