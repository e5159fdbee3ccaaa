"""Fit the event-level claim scorer (checker/data/matcher.json): logistic regression over
checker.matchscore.FEATURES on claim pairs of ECB+ train topics (claims mapped to ECB+ sentences by
span; a pair reports one event when its sentences share a cross-document event instance) plus
MRPC train and STS-B train (>= 4 same, <= 2 not); the threshold is chosen on the ECB+ dev
topics' sentence pairs (pairwise F1), as the issue asks, and so is the clusters' merge threshold
(the same-event F1 of checker's clusters within checker's stories).

    python bench/train_matcher.py
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from checker import claims as claims_stage
from checker import match, matchscore, stories
from checker.records import Claim, TimeRef

try:
    from stories_data import DEV_TOPICS, MRPC, Prepared, Sentence, ecb_sentences, load, text_vectors
    from train_stories import subset
except ImportError:  # pragma: no cover
    from bench.stories_data import (
        DEV_TOPICS,
        MRPC,
        Prepared,
        Sentence,
        ecb_sentences,
        load,
        text_vectors,
    )  # fmt: skip
    from bench.train_stories import subset

NEGATIVES_PER_POSITIVE = 8
CLUSTER_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
UNKNOWN = TimeRef(None, None, "unknown")


def sentence_pairs(
    sentences: Sequence[Sentence], topics: set[int], subtopic: bool = False
) -> list[tuple[int, int, bool]]:
    """(s, t, same event) for annotated sentences of different documents of one topic (of one
    subtopic: the pairs a scorer meets within a story)."""
    by_topic: dict[object, list[int]] = {}
    for k, s in enumerate(sentences):
        if s.annotated and s.topic in topics:
            by_topic.setdefault(s.subtopic if subtopic else s.topic, []).append(k)
    out = []
    for topic in sorted(by_topic, key=str):
        rows = by_topic[topic]
        for x, a in enumerate(rows):
            for b in rows[x + 1 :]:
                if sentences[a].doc != sentences[b].doc:
                    out.append((a, b, bool(sentences[a].events & sentences[b].events)))
    return out


def ecb_claim_table(
    data: Prepared, sentences: Sequence[Sentence], topics: set[int], seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of claim pairs from sentence pairs; negatives subsampled."""
    views = matchscore.views(data.claims)
    rng = random.Random(seed)
    # Within a subtopic: at run time the scorer only meets claims of one story.
    pairs = sentence_pairs(sentences, topics, subtopic=True)
    positives = sum(p for _, _, p in pairs)
    keep_negative = min(1.0, NEGATIVES_PER_POSITIVE * positives / max(1, len(pairs) - positives))
    rows, labels = [], []
    for a, b, same in pairs:
        if not same and rng.random() > keep_negative:
            continue
        for i in sentences[a].claims:
            for j in sentences[b].claims:
                cos = float(data.vectors[i] @ data.vectors[j])
                rows.append(
                    matchscore.features(data.claims[i], data.claims[j], views[i], views[j], cos)
                )
                labels.append(int(same))
    return np.array(rows), np.array(labels)


def _claim(text: str, key: str) -> Claim:
    """A sentence as a claim of its own document, with the extractor's names and lemmas."""
    names, lemmas, polarity = claims_stage.describe(text)
    return Claim(key, key, text, (0, len(text)), None, UNKNOWN, False, False, names,
                 polarity=polarity, lemmas=lemmas)  # fmt: skip


def paraphrase_table(name: str) -> tuple[np.ndarray, np.ndarray]:
    """MRPC (msr-para-*.tsv) or STS-B (sts-*.tsv) pairs as single-claim documents."""
    pairs: list[tuple[str, str, int]] = []
    with (MRPC / name).open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if name.startswith("msr") and row[0] in ("0", "1") and len(row) >= 5:
                pairs.append((row[3], row[4], int(row[0])))
            elif name.startswith("sts") and len(row) >= 7:
                score = float(row[4])
                if score >= 4 or score <= 2:
                    pairs.append((row[5], row[6], int(score >= 4)))
    vectors = text_vectors([t for a, b, _ in pairs for t in (a, b)])
    rows = []
    for k, (a, b, _) in enumerate(pairs):
        ca, cb = _claim(a, f"a{k}"), _claim(b, f"b{k}")
        va, vb = matchscore.view(ca), matchscore.view(cb)
        cos = float(vectors[2 * k] @ vectors[2 * k + 1])
        rows.append(matchscore.features(ca, cb, va, vb, cos))
    return np.array(rows), np.array([y for _, _, y in pairs])


def sentence_scores(
    data: Prepared,
    sentences: Sequence[Sentence],
    pairs: Sequence[tuple[int, int, bool]],
    scorer: matchscore.Scorer,
) -> np.ndarray:
    """A sentence pair's score: the most probable pair of its claims (0 with no claims)."""
    views = matchscore.views(data.claims)
    out = np.zeros(len(pairs))
    for k, (a, b, _) in enumerate(pairs):
        cp = [(i, j) for i in sentences[a].claims for j in sentences[b].claims]
        if cp:
            out[k] = float(
                matchscore.score_pairs(data.claims, data.vectors, cp, scorer, views).max()
            )
    return out


def cluster_f1(
    data: Prepared,
    sentences: Sequence[Sentence],
    pairs: Sequence[tuple[int, int, bool]],
    story_of: dict[str, str],
    scorer: matchscore.Scorer,
) -> tuple[float, float, float]:
    """Precision, recall, F1 of checker's clusters on sentence pairs: a pair is joined when a
    claim of one sentence shares a cluster with a claim of the other."""
    outlets = {d.id: d.outlet or d.id for d in data.documents}
    clusters = match.cluster(data.claims, data.vectors, story_of, outlets, scorer)
    cluster_of = {c: k.id for k in clusters for c in k.claims}
    ids = [c.id for c in data.claims]
    tp = fp = fn = 0
    for a, b, same in pairs:
        left = {cluster_of.get(ids[i]) for i in sentences[a].claims} - {None}
        joined = bool(left & {cluster_of.get(ids[j]) for j in sentences[b].claims})
        tp, fp, fn = tp + (joined and same), fp + (joined and not same), fn + (same and not joined)
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def best_f1(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float, float, float]:
    """(F1, threshold, precision, recall) at the threshold that maximises F1."""
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], labels[order].astype(float)
    tp = np.cumsum(y)
    precision = tp / np.arange(1, len(y) + 1)
    recall = tp / max(1.0, y.sum())
    f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall + 1e-12), 0)
    # Only cut between distinct scores.
    last = np.r_[s[1:] != s[:-1], True]
    f1 = np.where(last, f1, -1)
    k = int(np.argmax(f1))
    return float(f1[k]), float(s[k]), float(precision[k]), float(recall[k])


def main() -> None:
    ecb = load("ecb")
    sentences = ecb_sentences(ecb)
    train_topics = {s.topic for s in sentences} - set(DEV_TOPICS)
    xe, ye = ecb_claim_table(ecb, sentences, train_topics)
    xm, ym = paraphrase_table("msr-para-train.tsv")
    xs, ys = paraphrase_table("sts-train.tsv")
    print(f"pairs: ECB+ {len(ye)} ({ye.mean():.2f} same), MRPC {len(ym)}, STS-B {len(ys)}")
    x = np.vstack([xe, xm, xs])
    y = np.r_[ye, ym, ys]
    fit = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    weights = tuple(round(float(w), 6) for w in fit.coef_[0])
    bias = round(float(fit.intercept_[0]), 6)
    dev_pairs = sentence_pairs(sentences, set(DEV_TOPICS))
    labels = np.array([p for _, _, p in dev_pairs])
    scores = sentence_scores(ecb, sentences, dev_pairs, matchscore.Scorer(weights, bias, 0.5))
    # Pairs of two subtopics (two stories) are never joined: score 0, as at run time.
    story = np.array([sentences[a].subtopic == sentences[b].subtopic for a, b, _ in dev_pairs])
    f1, threshold, precision, recall = best_f1(np.where(story, scores, 0.0), labels)
    print(
        f"dev sentence pairs {len(labels)}: F1 {f1:.3f} at {threshold:.3f} (P {precision:.3f} R {recall:.3f})"
    )
    # The clusters' merge threshold: the best same-event F1 of checker's clusters on the dev
    # topics, within checker's own stories (what a run does).
    dev = subset(ecb, set(DEV_TOPICS), keep=True)
    dev_sentences = ecb_sentences(dev)
    dev_pairs = sentence_pairs(dev_sentences, set(DEV_TOPICS))
    story_of = stories.story_of(stories.stories(dev.documents, dev.claims, dev.vectors))
    tried = []
    # Never below "same event": a cluster's mean must reach what one pair needs to report one
    # event, else two unrelated claims of a small story would merge.
    for t in (round(threshold, 4), *(t for t in CLUSTER_THRESHOLDS if t > threshold)):
        scorer = matchscore.Scorer(weights, bias, threshold, t)
        f = cluster_f1(dev, dev_sentences, dev_pairs, story_of, scorer)[2]
        print(f"cluster threshold {t:.2f}: dev clusters F1 {f:.3f}", flush=True)
        tried.append((round(f, 3), t))
    cluster_threshold = max(tried)[1]
    record = {
        "features": list(matchscore.FEATURES),
        "weights": list(weights),
        "bias": bias,
        "threshold": round(threshold, 4),
        "cluster_threshold": round(cluster_threshold, 4),
        "trained_on": "ECB+ topics 1-35 without dev topics 2,5,12,18,21,23,34,35, MRPC train, "
        "STS-B train (bench/train_matcher.py); threshold: best pairwise F1 on ECB+ dev topics, "
        "pairs of one subtopic; cluster_threshold: best same-event F1 of the clusters on ECB+ "
        f"dev topics within checker's stories, {match.NEIGHBOURS} neighbours a claim",
    }
    matchscore.DATA.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    for name, w in zip(matchscore.FEATURES, weights, strict=True):
        print(f"  {name:18s} {w:+.3f}")


if __name__ == "__main__":
    main()
