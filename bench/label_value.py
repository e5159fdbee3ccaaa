"""What bench/labels/basil_extra.jsonl is worth to the contradiction judge.

    python bench/label_value.py [--cache-dir /tmp/pairs6-cache] [--json out.json]

bench/train_judge.py's features, sets, weights and model (logistic regression, Platt
calibration fitted inside each training part), trained twice: on its sets as they are, and
with the extra BASIL labels added as one more set (weight as BASIL pairs'). Every BASIL
event (basil_pairs and the extras alike) is in exactly one of five folds, fixed by a hash of
its id, and the other sets are folded by their groups the same way: the same folds in both
runs, and no test-fold event ever in training. Reported out of fold on basil_pairs.jsonl
(the issue's figure) and on the extras, at the shipped threshold and a sweep. Writes nothing
under checker/ (the judge's parameters are bench/train_judge.py's).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_judge as tj
from nli_survey import DATA, Pair, auc, basil, prf

from checker.judge import Judge

EXTRA = Path(__file__).resolve().parent / "labels" / "basil_extra.jsonl"
ORIGINAL, EXTRA_SET = "BASIL pairs", "BASIL extra"
SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7)


def fold_of(group: str) -> int:
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % tj.FOLDS


def cross_validate(
    x: NDArray[np.float64], y: NDArray[np.bool_], w: NDArray[np.float64], groups: list[str]
) -> NDArray[np.float64]:
    """train_judge.cross_validate with the outer folds fixed by fold_of (the inner,
    calibration folds are train_judge's own, within the training part)."""
    folds = np.array([fold_of(g) for g in groups])
    p = np.zeros(len(y))
    for k in range(tj.FOLDS):
        train, test = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        inner = tj.oof_decision(x[train], y[train], w[train], [groups[i] for i in train])
        a, b = tj.platt(inner, y[train], w[train])
        z = tj.decision(tj.fit(x[train], y[train], w[train]), x[test])
        p[test] = 1 / (1 + np.exp(-(a * z + b)))
    return p


def figures(p: NDArray[np.float64], pairs: list[Pair], threshold: float) -> dict[str, Any]:
    gold = np.array([q.positive for q in pairs])
    flag = p >= threshold
    pr, rc, _ = prf(flag, gold)
    return {
        "pairs": len(pairs), "positives": int(gold.sum()),
        "compatible_flagged": int((flag & ~gold).sum()), "compatible": int((~gold).sum()),
        "positives_flagged": int((flag & gold).sum()), "precision": round(pr, 3),
        "recall": round(rc, 3), "auc": round(auc(p, gold), 3),
        "sweep": {
            str(t): [int(((p >= t) & ~gold).sum()), int(((p >= t) & gold).sum())] for t in SWEEP
        },
    }  # fmt: skip


def run(with_extra: bool, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    sets, known = tj.training_sets(
        args.snli_limit, args.sick_limit, args.vitaminc_rows, args.cache_dir
    )
    if with_extra:
        sets = {
            ORIGINAL: sets[ORIGINAL],
            EXTRA_SET: basil(EXTRA),
            **{k: v for k, v in sets.items() if k != ORIGINAL},
        }
    weight = {**tj.SET_WEIGHT, EXTRA_SET: tj.SET_WEIGHT[ORIGINAL]}
    x, _ = tj.matrix(sets, args.cache_dir, known)
    y = np.array([q.positive for ps in sets.values() for q in ps])
    # One BASIL event, one fold, whichever file labelled its pairs.
    prefix = {ORIGINAL: "basil", EXTRA_SET: "basil", tj.NEWS: "ecb", tj.CHANGED: "ecb"}
    groups = [f"{prefix.get(n, n)}:{q.group}" for n, ps in sets.items() for q in ps]
    w = np.concatenate([np.full(len(ps), weight[n]) for n, ps in sets.items()])
    p = cross_validate(x, y, w, groups)
    out, start = {}, 0
    for name, pairs in sets.items():
        if name in (ORIGINAL, EXTRA_SET):
            out[name] = figures(p[start : start + len(pairs)], pairs, args.threshold)
        start += len(pairs)
    if not with_extra:  # train_judge's own folds (GroupKFold), as bench/judge.md reports
        n = len(sets[ORIGINAL])
        out["BASIL pairs, train_judge folds"] = figures(
            tj.cross_validate(x, y, w, groups)[:n], sets[ORIGINAL], args.threshold
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vitaminc-rows", type=int, default=2000)
    parser.add_argument("--snli-limit", type=int, default=4000)
    parser.add_argument("--sick-limit", type=int, default=1000)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/pairs6-cache"))
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not DATA.exists() or not EXTRA.exists():
        sys.exit(f"skipped: {DATA} or {EXTRA} not found")
    args.threshold = Judge.load().threshold if args.threshold is None else args.threshold
    result = {"threshold": args.threshold, "without": run(False, args), "with": run(True, args)}
    for cond in ("without", "with"):
        for name, f in result[cond].items():
            print(
                f"{cond:7s} extra | {name:11s} | {f['pairs']} pairs, {f['positives']} positive | "
                f"compatible flagged {f['compatible_flagged']}/{f['compatible']} | positives flagged "
                f"{f['positives_flagged']}/{f['positives']} | P {f['precision']:.3f} R {f['recall']:.3f} "
                f"AUC {f['auc']:.3f} | sweep (compatible, positives): {f['sweep']}"
            )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
