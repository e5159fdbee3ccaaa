"""What bench/labels/basil_extra.jsonl is worth to the contradiction judge.

    python bench/label_value.py [--cache-dir /tmp/pairs6-cache] [--json out.json]

bench/train_judge.py's features, sets, weights and model (logistic regression, Platt
calibration fitted inside each training part), trained on its sets as they are and with
the extra BASIL labels added as one more set, whole or in part (CONDITIONS). Every BASIL
event (basil_pairs and the extras alike) is in exactly one of five folds, fixed by a hash of
its id, and the other sets are folded by their groups the same way: the same folds in every
condition, and no test-fold event ever in training. Reported out of fold on basil_pairs.jsonl
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
from label_pairs import with_texts
from nli_survey import DATA, Pair, auc, prf

from checker.judge import Judge

EXTRA = Path(__file__).resolve().parent / "labels" / "basil_extra.jsonl"
ORIGINAL, EXTRA_SET = "BASIL pairs", "BASIL extra"
SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7)


def fold_of(group: str) -> int:
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % tj.FOLDS


def cross_validate(
    x: NDArray[np.float64],
    y: NDArray[np.bool_],
    w: NDArray[np.float64],
    groups: list[str],
    trained: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """train_judge.cross_validate with the outer folds fixed by fold_of, fitted on the rows
    `trained` marks only, and scoring every row of the held-out fold (so rows left out of
    training are scored by the same models). The inner, calibration folds are
    train_judge's own, within the training part."""
    folds = np.array([fold_of(g) for g in groups])
    p = np.zeros(len(y))
    for k in range(tj.FOLDS):
        train, test = np.flatnonzero((folds != k) & trained), np.flatnonzero(folds == k)
        part = [groups[i] for i in train]
        inner = tj.oof_decision(x[train], y[train], w[train], part)
        a, b = tj.platt(inner, y[train], w[train])
        z = tj.decision(tj.fit(x[train], y[train], w[train]), x[test])
        p[test] = 1 / (1 + np.exp(-(a * z + b)))
    return p


def figures(p: NDArray[np.float64], gold: NDArray[np.bool_], threshold: float) -> dict[str, Any]:
    flag = p >= threshold
    pr, rc, _ = prf(flag, gold)
    return {
        "pairs": len(gold), "positives": int(gold.sum()),
        "compatible_flagged": int((flag & ~gold).sum()), "compatible": int((~gold).sum()),
        "positives_flagged": int((flag & gold).sum()), "precision": round(pr, 3),
        "recall": round(rc, 3), "auc": round(auc(p, gold), 3),
        "sweep": {
            str(t): [int(((p >= t) & ~gold).sum()), int(((p >= t) & gold).sum())] for t in SWEEP
        },
    }  # fmt: skip


def extra_pairs() -> tuple[list[Pair], list[str]]:
    """The extra labels as train_judge pairs (unrelated left out, as basil() does), and for
    each "rule:kind" (the rule that picked it, the kind of a positive)."""
    rows = [json.loads(line) for line in EXTRA.read_text(encoding="utf-8").splitlines()]
    rows = with_texts([r for r in rows if r["label"] != "unrelated"])
    pairs = [
        Pair(r["a"]["text"], r["b"]["text"], r["label"] in ("conflict", "temporal"), r["event"],
             r["label"])
        for r in rows
    ]  # fmt: skip
    return pairs, [f"{r['picked_by']}:{r['kind']}" for r in rows]


# Which extra pairs each condition trains on (by positive, picked_by), and their weight
# relative to basil_pairs'. "without" still scores the extras, with models that never saw any.
CONDITIONS: dict[str, tuple[Any, float]] = {
    "without": (lambda pos, rule: False, 1.0),
    "with": (lambda pos, rule: True, 1.0),
    "with, extras at a quarter weight": (lambda pos, rule: True, 0.25),
    "with, no rule-picked compatible pairs": (
        lambda pos, rule: pos or rule.startswith("random:"),
        1.0,
    ),
    "with, no speaker disputes": (lambda pos, rule: not rule.endswith(":speakers"), 1.0),
}


def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    sets, known = tj.training_sets(
        args.snli_limit, args.sick_limit, args.vitaminc_rows, args.cache_dir
    )
    extra, rule = extra_pairs()
    sets = {
        ORIGINAL: sets[ORIGINAL],
        EXTRA_SET: extra,
        **{k: v for k, v in sets.items() if k != ORIGINAL},
    }
    x, _ = tj.matrix(sets, args.cache_dir, known)
    y = np.array([q.positive for ps in sets.values() for q in ps])
    # One BASIL event, one fold, whichever file labelled its pairs.
    prefix = {ORIGINAL: "basil", EXTRA_SET: "basil", tj.NEWS: "ecb", tj.CHANGED: "ecb"}
    groups = [f"{prefix.get(n, n)}:{q.group}" for n, ps in sets.items() for q in ps]
    n0, n1 = len(sets[ORIGINAL]), len(extra)
    base = np.concatenate([np.full(len(ps), tj.SET_WEIGHT.get(n, 0.0)) for n, ps in sets.items()])
    out: dict[str, Any] = {"threshold": args.threshold}
    for name, (keep, scale) in CONDITIONS.items():
        w = base.copy()
        w[n0 : n0 + n1] = tj.SET_WEIGHT[ORIGINAL] * scale
        trained = np.ones(len(y), dtype=bool)
        trained[n0 : n0 + n1] = [keep(q.positive, r) for q, r in zip(extra, rule, strict=True)]
        p = cross_validate(x, y, w, groups, trained)
        out[name] = {
            ORIGINAL: figures(p[:n0], y[:n0], args.threshold),
            EXTRA_SET: figures(p[n0 : n0 + n1], y[n0 : n0 + n1], args.threshold),
            "extra pairs trained on": int(trained[n0 : n0 + n1].sum()),
        }
        print(f"{name}: done", file=sys.stderr)
    # train_judge's own folds (GroupKFold) without the extras, as bench/judge.md reports them.
    keep_rows = np.r_[0:n0, n0 + n1 : len(y)]
    w = base[keep_rows]
    p = tj.cross_validate(x[keep_rows], y[keep_rows], w, [groups[i] for i in keep_rows])
    out["without, train_judge folds"] = {ORIGINAL: figures(p[:n0], y[:n0], args.threshold)}
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
    result = evaluate(args)
    print(f"out of fold, flagged at calibrated p >= {args.threshold}")
    for cond, sets in result.items():
        if cond == "threshold":
            continue
        for name, f in sets.items():
            if not isinstance(f, dict):
                continue
            print(
                f"{cond} | {name} | {f['pairs']} pairs, {f['positives']} positive | compatible "
                f"flagged {f['compatible_flagged']}/{f['compatible']} | positives flagged "
                f"{f['positives_flagged']}/{f['positives']} | P {f['precision']:.3f} "
                f"R {f['recall']:.3f} AUC {f['auc']:.3f} | sweep (compatible, positives) {f['sweep']}"
            )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
