"""Fit the story model (checker/data/stories.json) on ECB+ train topics: logistic regression over
checker.stories.FEATURES for candidate document pairs (same subtopic = same story), then the
merge threshold and linkage: of those within DEV_SLACK of the best B-cubed F1 over the dev
topics' subtopics, the best over the train topics'.

Undated pairs are discounted by the corpus's own dated pairs (checker/stories.py), in training
and choosing as in a run: ECB+ documents carry the dates their text gives (about one in five).

    python bench/train_stories.py
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from checker import stories, storyfeatures
from checker.records import Claim, Document

try:
    from stories_data import DEV_TOPICS, Prepared, load
except ImportError:  # pragma: no cover
    from bench.stories_data import DEV_TOPICS, Prepared, load

DEV_SLACK = 0.005
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
    p, pairs = storyfeatures.prepare(docs, claims, vectors)
    x = np.array([storyfeatures.features(p, i, j) for i, j in pairs])
    y = np.array([gold[p.ids[i]] == gold[p.ids[j]] for i, j in pairs], dtype=int)
    return x, y


_TABLES: dict[int, tuple[storyfeatures.Profiles, dict[tuple[int, int], np.ndarray]]] = {}


def evaluate(data: Prepared, model: stories.StoryModel) -> tuple[float, float, float]:
    """B-cubed of model's stories on data; pair features kept across models."""
    if id(data) not in _TABLES:
        _TABLES[id(data)] = (storyfeatures.profiles(data.documents, data.claims, data.vectors), {})
    p, table = _TABLES[id(data)]
    rows = stories.group(p, model, table)
    pred = {p.ids[r]: str(g) for g, members in enumerate(rows) for r in members}
    return bcubed(pred, data.gold)


def undated(data: Prepared, fraction: float = 1.0, seed: int = 0) -> Prepared:
    """data with the publication dates of a random fraction of its documents removed."""
    rng = np.random.default_rng(seed)
    n = len(data.documents)
    drop = set(rng.choice(n, size=round(fraction * n), replace=False).tolist())
    docs = [dataclasses.replace(d, published=None) if k in drop else d
            for k, d in enumerate(data.documents)]  # fmt: skip
    return dataclasses.replace(data, documents=docs)


def train(out: Path) -> stories.StoryModel:
    ecb = load("ecb")
    tr = subset(ecb, set(DEV_TOPICS), keep=False)
    x, y = pair_table(tr.documents, tr.claims, tr.vectors, tr.gold)
    fit = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    weights = tuple(round(float(w), 6) for w in fit.coef_[0])
    bias = round(float(fit.intercept_[0]), 6)
    dev = subset(ecb, set(DEV_TOPICS), keep=True)
    tried = []
    for t in (0.4, 0.5, 0.6):
        for link in (0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
            if link > t:
                continue
            model = stories.StoryModel(weights, bias, t, MAX_DAYS, link)
            f1, on_dev = evaluate(tr, model)[2], evaluate(dev, model)[2]
            print(f"threshold {t:.2f} linkage {link:.2f}: B-cubed F1 train {f1:.3f} dev "
                  f"{on_dev:.3f}", flush=True)  # fmt: skip
            tried.append((round(on_dev, 3), round(f1, 3), t, link))
    # Within DEV_SLACK of the best dev F1, the best train F1: one dev document's move is no
    # reason to pick a setting.
    top = max(dev_f1 for dev_f1, *_ in tried)
    best = max((x for x in tried if x[0] >= top - DEV_SLACK), key=lambda x: (x[1], x[0]))
    model = stories.StoryModel(weights, bias, best[2], MAX_DAYS, best[3])
    record = {
        "features": list(stories.FEATURES),
        "weights": list(weights),
        "bias": bias,
        "threshold": model.threshold,
        "linkage": model.linkage,
        "max_days": MAX_DAYS,
        "trained_on": "ECB+ topics 1-35 without dev topics 2,5,12,18,21,23,34,35 "
        "(bench/train_stories.py); threshold and linkage: best B-cubed F1 on train topics among "
        "those within 0.005 of the best on dev topics",
        "train_pairs": len(y),
        "train_bcubed_f1": best[1],
        "dev_bcubed_f1": best[0],
        "discount_undated": True,
    }
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return model


if __name__ == "__main__":
    m = train(stories.DATA)
    print(m)
