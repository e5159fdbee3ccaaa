"""Fit the story model (checker/data/stories.json) on ECB+ train topics: logistic regression over
checker.stories.FEATURES for candidate document pairs (same subtopic = same story), then the
merge threshold that maximises B-cubed F1 over the train topics' subtopics.

    python bench/train_stories.py
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from checker import stories
from checker.records import Claim, Document

try:
    from stories_data import DEV_TOPICS, Prepared, load
except ImportError:  # pragma: no cover
    from bench.stories_data import DEV_TOPICS, Prepared, load

MAX_DAYS = 7  # a news week; BASIL's triplets span at most 4 days, not fitted to it


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of a clustering pred against gold (item -> label)."""
    items = sorted(gold)
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for x in items:
        by_pred.setdefault(pred[x], set()).add(x)
        by_gold.setdefault(gold[x], set()).add(x)
    p = r = 0.0
    for x in items:
        same = by_pred[pred[x]] & by_gold[gold[x]]
        p += len(same) / len(by_pred[pred[x]])
        r += len(same) / len(by_gold[gold[x]])
    p, r = p / len(items), r / len(items)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def subset(data: Prepared, topics: set[int] | None, keep: bool) -> Prepared:
    def wanted(doc: str) -> bool:
        topic = data.extra[doc.rsplit("/", 1)[1]]["topic"]
        return (topic in topics) == keep if topics is not None else True

    docs = [d for d in data.documents if wanted(d.id)]
    rows = [i for i, c in enumerate(data.claims) if wanted(c.doc)]
    return Prepared(
        docs, [data.claims[i] for i in rows], data.vectors[rows],
        {d.id: data.gold[d.id] for d in docs}, data.extra,
    )  # fmt: skip


def pair_table(
    docs: Sequence[Document], claims: Sequence[Claim], vectors: np.ndarray, gold: Mapping[str, str]
) -> tuple[np.ndarray, np.ndarray]:
    p = stories.profiles(docs, claims, vectors)
    pairs = stories.candidates(p)
    x = np.array([stories.features(p, i, j) for i, j in pairs])
    y = np.array([gold[p.ids[i]] == gold[p.ids[j]] for i, j in pairs], dtype=int)
    return x, y


def evaluate(data: Prepared, model: stories.StoryModel) -> tuple[float, float, float]:
    found = stories.stories(data.documents, data.claims, data.vectors, model)
    return bcubed(stories.story_of(found), data.gold)


def train(out: Path) -> stories.StoryModel:
    ecb = load("ecb")
    tr = subset(ecb, set(DEV_TOPICS), keep=False)
    x, y = pair_table(tr.documents, tr.claims, tr.vectors, tr.gold)
    fit = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    weights = tuple(round(float(w), 6) for w in fit.coef_[0])
    bias = round(float(fit.intercept_[0]), 6)
    best = (-1.0, 0.5, 0.5)
    for t in (0.4, 0.5, 0.6):
        for link in (0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
            if link > t:
                continue
            model = stories.StoryModel(weights, bias, t, MAX_DAYS, link)
            f1 = evaluate(tr, model)[2]
            print(f"threshold {t:.2f} linkage {link:.2f}: train B-cubed F1 {f1:.3f}", flush=True)
            best = max(best, (round(f1, 3), t, link))
    model = stories.StoryModel(weights, bias, best[1], MAX_DAYS, best[2])
    record = {
        "features": list(stories.FEATURES),
        "weights": list(weights),
        "bias": bias,
        "threshold": model.threshold,
        "linkage": model.linkage,
        "max_days": MAX_DAYS,
        "trained_on": "ECB+ topics 1-35 without dev topics 2,5,12,18,21,23,34,35 "
        "(bench/train_stories.py); threshold and linkage: best train B-cubed F1",
        "train_pairs": len(y),
        "train_bcubed_f1": round(best[0], 4),
    }
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return model


if __name__ == "__main__":
    m = train(stories.DATA)
    print(m)
