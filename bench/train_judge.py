"""Train the contradiction judge and report its grouped cross-validated figures.

    python bench/train_judge.py [--write] [--vitaminc-rows 2000] [--vitaminc-extra 3000]
                                [--sick-limit 1000] [--cache-dir DIR]

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
import hashlib
import json
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import claim_from, claim_json
from nli_survey import DATA, DEFAULT_CACHE, Pair, auc, both, dataset, prf, vitaminc

from checker import embed, rules
from checker.contradict import NLI_FLOOR
from checker.judge import FEATURES, PARAMETERS, Judge, features
from checker.models import DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL, embedder, nli_scorer
from checker.records import Claim, TimeRef

# Each set's total weight in training, relative to its size: the news pairs are few but are
# the distribution checker meets; without this SNLI's 9,842 pairs would decide everything.
NEWS = "News candidates"
CHANGED = "Changed figures"
# More BASIL cross-outlet pairs labelled by ../shared/data/labels/GUIDE.md (branch pairs6,
# bench/labels/README.md; sentences named by file and id, texts read back from BASIL):
# trained on where present, folded by event with basil_pairs.jsonl, so that no test fold's
# event is in training.
EXTRA = "BASIL extra"
EXTRA_PATH = Path(__file__).resolve().parent / "labels" / "basil_extra.jsonl"
SET_WEIGHT = {
    "BASIL pairs": 4.0, EXTRA: 1.0, "VitaminC half": 3.0, "SNLI dev": 2.0, "SICK": 0.5, NEWS: 0.2,
    CHANGED: 1.0,
}  # fmt: skip
FOLDS = 5
# Features that can be left out of the fit (weight 0). Tried: without the similarity features
# (cosine, lemma and entity overlap, length ratio, related_nli), which SNLI teaches to read as
# "less similar, more contradictory" (its contradictions are mostly another scene: mean cosine
# 0.33 against 0.59); but BASIL's conflicts are also less similar than its compatible pairs
# (which were picked as the most similar), and out-of-fold BASIL AUC fell from 0.77 to 0.66,
# SNLI F1 from 0.87 to 0.77. So all features stay in (bench/judge.md).
UNUSED: tuple[str, ...] = ()
# bench/judge_corpora.py's VitaminC corpus is the pages from row 2,000 (what is trained on
# first) to this row; VITAMINC_EXTRA more rows are trained on from the pages after it
# (out of fold, VitaminC AUC 0.755 with 3,000 of them, 0.790 with 6,000: bench/judge.md).
VITAMINC_CORPUS_END = 4000
VITAMINC_EXTRA = 6000


UNKNOWN = TimeRef(None, None, "unknown")


@dataclass(frozen=True)
class Text:
    """A claim record for a bare sentence, as the NLI and BASIL sets give them: the
    extractor's entities, lemmas and polarity of the whole sentence, no speaker, no time."""

    text: str
    entities: tuple[str, ...]
    lemmas: tuple[str, ...]
    polarity: str
    speaker: str | None = None
    time: TimeRef = UNKNOWN


def records(texts: list[str], cache_dir: Path) -> dict[str, Text]:
    """What checker.claims.describe gives each text, parsed in batches; kept in
    cache_dir/records.json, since parsing is most of a run's time."""
    from checker.attribution import SpeakerState, frames
    from checker.claims import lemmas, names, polarity
    from checker.models import nlp

    path = cache_dir / "records.json"
    known: dict[str, list[Any]] = json.loads(path.read_text()) if path.exists() else {}
    missing = [t for t in texts if t not in known]
    for text, sent in zip(missing, nlp.parse(missing), strict=True):
        frame = frames(sent, SpeakerState())[0]
        known[text] = [
            list(names(sent, [(0, len(sent))], SpeakerState(), text)),
            list(lemmas(sent)),
            str(polarity(frame.head, frame.verb)),
        ]
    if missing:
        path.write_text(json.dumps(known), encoding="utf-8")
    return {t: Text(t, tuple(known[t][0]), tuple(known[t][1]), known[t][2]) for t in texts}


def news_candidates(cache_dir: Path) -> list[tuple[Claim, Claim, str]]:
    """The pairs checker's candidate stage gives on ECB+ train topics (each subtopic, one real
    event, taken as one story), as claim records: (a, b, topic). Unlabelled; real conflicts
    among them are rare (about 3 in 100 related BASIL pairs), so they stand in for what the
    judge must mostly not flag on news. Kept in cache_dir/ecb_candidates.json."""
    path = cache_dir / "ecb_candidates.json"
    if path.exists():
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [(claim_from(a), claim_from(b), t) for a, b, t in raw]
    from stories_data import DEV_TOPICS, ecb_rows

    from checker import candidates, contradict, ingest, stagework
    from checker.models import DEFAULT_EMBEDDING_MODEL

    rows = [r for r in ecb_rows() if r["topic"] not in DEV_TOPICS and r["topic"] <= 35]
    subtopic = {r["doc"]: r["subtopic"] for r in rows}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "ecb.jsonl"
        feed.write_text(
            "".join(
                json.dumps({"id": r["doc"], "text": "\n\n".join(s["text"] for s in r["sentences"])})
                + "\n"
                for r in rows
            ),
            encoding="utf-8",
        )
        corpus = ingest.ingest([feed])
    cache = embed.EmbeddingCache(cache_dir)
    claims = sorted(stagework.extract_claims(corpus, cache=cache), key=lambda c: c.id)
    model = embedder(DEFAULT_EMBEDDING_MODEL, cache_dir / "models")
    vectors = embed.embed([c.text for c in claims], model, cache)
    cache.close()
    story_of = {d.id: subtopic[d.id.rsplit("/", 1)[1]] for d in corpus.documents}
    read = contradict.readings(claims)
    pairs = candidates.candidates(claims, vectors, read, story_of)
    out = [(claims[p.i], claims[p.j], story_of[claims[p.i].doc].rstrip("ecbplus")) for p in pairs]
    path.write_text(
        json.dumps([[claim_json(a), claim_json(b), t] for a, b, t in out]), encoding="utf-8"
    )
    return out


def matrix(
    sets: dict[str, list[Pair]], cache_dir: Path, known: dict[str, Any] | None = None
) -> tuple[NDArray[np.float64], list[dict[str, str]]]:
    cache = embed.EmbeddingCache(cache_dir)
    scorer = nli_scorer(DEFAULT_NLI_MODEL, cache_dir / "models")
    model = embedder(DEFAULT_EMBEDDING_MODEL, cache_dir / "models")
    pairs = [p for ps in sets.values() for p in ps]
    texts = sorted({t for p in pairs for t in (p.a, p.b)})
    vectors: dict[str, NDArray[np.float32]] = {}
    for start in range(0, len(texts), 2000):
        chunk = texts[start : start + 2000]
        vectors.update(zip(chunk, embed.embed(chunk, model, cache), strict=True))
    print(f"embedded {len(texts)} texts", file=sys.stderr)
    given = known or {}
    parsed = records([t for t in texts if t not in given], cache_dir)
    readings = {t: rules.read(given.get(t) or parsed[t]) for t in texts}
    print(f"parsed {len(texts)} texts", file=sys.stderr)
    forward, backward = both(scorer, pairs, cache)
    rows, details = [], []
    for p, f, b in zip(pairs, forward, backward, strict=True):
        b = b if f >= NLI_FLOOR else f  # what checker.contradict scores: see nli_pairs
        cos = float(vectors[p.a] @ vectors[p.b])
        feats = features(readings[p.a], readings[p.b], (f, b), cos)
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
        if name in ("BASIL pairs", EXTRA):
            basil_sweep(p[sl], gold)
        if name == NEWS:
            rates = ", ".join(f"{np.mean(p[sl] >= t):.1%} at {t}" for t in (0.5, 0.6, 0.7, 0.8))
            print(f"|  | flagged: {rates} |  |  |  |  |")


def basil_sweep(p: NDArray[np.float64], gold: NDArray[np.bool_]) -> None:
    neg = ~gold
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        flag = p >= t
        print(
            f"|  | at p >= {t}: compatible flagged {int((flag & neg).sum())} / {int(neg.sum())} "
            f"({(flag & neg).sum() / max(neg.sum(), 1):.1%}); conflict+temporal flagged "
            f"{int((flag & gold).sum())} / {int(gold.sum())} |  |  |  |  |"
        )


def changed_figures(
    news: list[tuple[Claim, Claim, str]], limit: int = 800
) -> list[tuple[Claim, Claim, str]]:
    """Claims of the news candidates with one figure changed, as VitaminC's revisions change
    a number or a date: (claim, the claim with that figure changed, topic), contradictions
    by construction. The figure is the first number or year written in digits with two or
    more context words; it moves by 1-3 (years, small counts) or by 20-60%, so rounding
    (rules.ROUNDING) never hides it."""
    seen: dict[str, tuple[Claim, str]] = {}
    for a, b, topic in news:
        for c in (a, b):
            seen.setdefault(c.text, (c, topic))
    ordered = sorted(seen, key=lambda t: hashlib.sha256(t.encode()).hexdigest())
    out = []
    for text in ordered:
        claim, topic = seen[text]
        numbers, years = rules.numbers_in(text)
        found = [
            n for n in (*numbers, *years) if n.text.replace(",", "").replace(".", "").isdigit()
        ]
        found = [n for n in found if len(n.context) >= rules.SLOT_WORDS and n.value >= 1]
        if not found or text.count(found[0].text) != 1:
            continue
        n, k = found[0], int(hashlib.sha256(text.encode()).hexdigest(), 16)
        year = n in years
        if year or n.value < 10:
            value = n.value + 1 + k % 3
        else:
            value = round(n.value * (1.2 + 0.1 * (k % 5)))
        written = f"{value:,.0f}" if "," in n.text else f"{value:.0f}"
        changed = text.replace(n.text, written)
        lemmas = tuple(written if x == n.text else x for x in claim.lemmas)
        out.append((claim, replace(claim, text=changed, lemmas=lemmas), topic))
        if len(out) >= limit:
            break
    return out


def training_sets(
    snli_limit: int,
    sick_limit: int,
    vitaminc_rows: int,
    cache_dir: Path,
    vitaminc_extra: int = 0,
    basil_extra: bool = True,
) -> tuple[dict[str, list[Pair]], dict[str, Any]]:
    """The labelled dev sets plus the news candidates (negatives), and the claim records of
    the news candidates' texts. vitaminc_extra: VitaminC rows from the pages after
    bench/judge_corpora.py's VitaminC corpus (pages from row vitaminc_rows to
    VITAMINC_CORPUS_END), so training never sees a corpus page."""
    sets = dataset(snli_limit, sick_limit, vitaminc_rows)
    if vitaminc_extra:
        after = len(vitaminc(VITAMINC_CORPUS_END))
        sets["VitaminC half"] += vitaminc(VITAMINC_CORPUS_END + vitaminc_extra)[after:]
    if basil_extra and EXTRA_PATH.exists():
        sets[EXTRA] = extra_pairs()
    news = news_candidates(cache_dir)
    sets[NEWS] = [Pair(a.text, b.text, False, topic, "candidate") for a, b, topic in news]
    changed = changed_figures(news)
    sets[CHANGED] = [Pair(a.text, b.text, True, topic, "changed figure") for a, b, topic in changed]
    known = {c.text: c for a, b, _ in (*news, *changed) for c in (a, b)}
    return sets, known


def extra_pairs() -> list[Pair]:
    """bench/labels/basil_extra.jsonl with its texts read back from BASIL
    (label_pairs.with_texts): conflict and temporal against compatible, unrelated left out."""
    from label_pairs import with_texts

    rows = [
        json.loads(line)
        for line in EXTRA_PATH.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [
        Pair(
            r["a"]["text"],
            r["b"]["text"],
            r["label"] in ("conflict", "temporal"),
            r["event"],
            r["label"],
        )
        for r in with_texts(rows)
        if r["label"] != "unrelated"
    ]


def evaluate(
    args: argparse.Namespace,
) -> tuple[dict[str, list[Pair]], NDArray[np.float64], NDArray[np.float64], Any]:
    sets, known = training_sets(
        args.snli_limit, args.sick_limit, args.vitaminc_rows, args.cache_dir,
        getattr(args, "vitaminc_extra", VITAMINC_EXTRA), getattr(args, "basil_extra", True),
    )  # fmt: skip
    x, _ = matrix(sets, args.cache_dir, known)
    y = np.array([q.positive for ps in sets.values() for q in ps])
    # A changed figure's claim is in the news candidates too: one topic, one fold; both
    # BASIL sets' pairs of one event are one fold.
    fold = {NEWS: "ecb", CHANGED: "ecb", "BASIL pairs": "basil", EXTRA: "basil"}
    groups = [f"{fold.get(name, name)}:{q.group}" for name, ps in sets.items() for q in ps]
    w = np.concatenate([np.full(len(ps), SET_WEIGHT[name]) for name, ps in sets.items()])
    p = cross_validate(x, y, w, groups)
    return sets, x, p, (y, w, groups)


def basil_figures(
    threshold: float | None = None, cache_dir: Path = DEFAULT_CACHE, extra: bool = True
) -> dict[str, Any]:
    """BASIL pairs out of fold at the shipped threshold: counts, precision and recall
    (extra: with bench/labels/basil_extra.jsonl in training, where present; its own pairs'
    out-of-fold figures then under EXTRA)."""
    args = argparse.Namespace(
        snli_limit=4000, sick_limit=1000, vitaminc_rows=2000, cache_dir=cache_dir,
        vitaminc_extra=VITAMINC_EXTRA, basil_extra=extra,
    )  # fmt: skip
    sets, _, p, _ = evaluate(args)
    threshold = Judge.load().threshold if threshold is None else threshold
    out = _figures(sets["BASIL pairs"], p[: len(sets["BASIL pairs"])], threshold)
    if EXTRA in sets:
        names = list(sets)
        start = sum(len(sets[n]) for n in names[: names.index(EXTRA)])
        out[EXTRA] = _figures(sets[EXTRA], p[start : start + len(sets[EXTRA])], threshold)
    return out


def _figures(pairs: list[Pair], p: NDArray[np.float64], threshold: float) -> dict[str, Any]:
    gold = np.array([q.positive for q in pairs])
    flag = p >= threshold
    labels = [q.label for q in pairs]
    return {
        "threshold": threshold,
        "compatible": int((~gold).sum()),
        "compatible_flagged": int((flag & ~gold).sum()),
        "positives": int(gold.sum()),
        "positives_flagged": int((flag & gold).sum()),
        "flagged_labels": [lab for lab, f in zip(labels, flag, strict=True) if f],
        "precision": prf(flag, gold)[0],
        "recall": prf(flag, gold)[1],
        "auc": auc(p, gold),
        "sweep": {
            str(t): [int((p >= t)[~gold].sum()), int((p >= t)[gold].sum())]
            for t in (0.3, 0.4, 0.5, 0.6, 0.7)
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vitaminc-rows", type=int, default=2000)
    parser.add_argument("--vitaminc-extra", type=int, default=VITAMINC_EXTRA)
    parser.add_argument("--no-basil-extra", dest="basil_extra", action="store_false",
                        help="leave bench/labels/basil_extra.jsonl out")  # fmt: skip
    parser.add_argument("--snli-limit", type=int, default=4000)
    parser.add_argument("--sick-limit", type=int, default=1000)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--confident", type=float, default=0.8)
    parser.add_argument("--write", action="store_true", help="write checker/data/judge.json")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    sets, x, p, (y, w, groups) = evaluate(args)
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
                    "confident": args.confident,
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
