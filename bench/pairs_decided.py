"""What `checker compare` decides for each labelled BASIL pair, out of fold by event.

    python bench/pairs_decided.py [--cache-dir DIR] [--out FILE]

bench/train_judge.basil_figures measures the classifier's probability alone on each labelled
pair of sentences. The product decides more: the overrides (a denied restatement, a report a
speaker denies, two speakers opposed on one predicate) and contradict.decide's gates between
two articles (a finding of the model's score alone is dropped; aligned-slot evidence needs the
confident probability). Here each labelled sentence is replaced by the claims the pipeline
extracts from it in its article (speaker, reporting verb, polarity and time as the pipeline
reads them; surnames resolved within the document), each pair of claims across the two
sentences is judged as checker.contradict.find judges a pair of source "story" between two
articles, by the judge fitted on the folds that do not hold the pair's event (the same
GroupKFold folds as train_judge.cross_validate, Platt calibration inside the fold), and a
labelled pair counts as flagged where any of its claim pairs gives a finding. Whether the
candidate stage would pair the two claims is not asked: this measures the decision only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_judge
from common import basil_articles
from nli_survey import DATA, DEFAULT_CACHE

from checker import accounts, contradict, denials, finding, ingest, stagework
from checker import judge as judge_stage
from checker.embed import EmbeddingCache, embed
from checker.models import DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL, embedder, nli_scorer
from checker.records import Claim

BASIL_PAIRS = DATA / "labels" / "basil_pairs.jsonl"
# The evidence whose firings are counted on every labelled pair (precision of each rule).
RULES = (*judge_stage.ALIGNED, "number_clash", "year_clash", "bound_clash", "year_bound_clash",
         judge_stage.RESTATED, denials.DENIED_REPORT, denials.OPPOSED, *accounts.RULES)  # fmt: skip
RESTATED = judge_stage.RESTATED


@dataclass(frozen=True)
class Labelled:
    """One labelled pair of sentences: each side's (file stem, sentence id) and text."""

    id: str
    event: str
    label: str
    a: tuple[str, str]
    b: tuple[str, str]
    text_a: str
    text_b: str

    @property
    def positive(self) -> bool:
        return self.label in ("conflict", "temporal")


def labelled() -> dict[str, list[Labelled]]:
    """basil_pairs.jsonl and bench/labels/basil_extra.jsonl (texts read back from BASIL),
    unrelated pairs left out as the training sets leave them."""
    from label_pairs import with_texts

    def rows(path: Path) -> list[dict[str, Any]]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    extra = with_texts(rows(train_judge.EXTRA_PATH)) if train_judge.EXTRA_PATH.exists() else []
    out: dict[str, list[Labelled]] = {}
    for name, found in (("BASIL pairs", rows(BASIL_PAIRS)), (train_judge.EXTRA, extra)):
        out[name] = [
            Labelled(
                r["id"],
                r["event"],
                r["label"],
                (Path(r["a"]["file"]).stem, r["a"]["sentence"]),
                (Path(r["b"]["file"]).stem, r["b"]["sentence"]),
                r["a"]["text"],
                r["b"]["text"],
            )
            for r in found
            if r["label"] != "unrelated"
        ]
    return out


def basil_claims(cache: EmbeddingCache) -> tuple[list[Claim], dict[tuple[str, str], list[int]]]:
    """Every BASIL article's claims as the pipeline extracts them (ids in order), and the
    claims whose span lies within each sentence, by (file stem, pPsS id)."""
    rows, _ = basil_articles()
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "basil.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        corpus = ingest.ingest([feed])
    claims = sorted(stagework.extract_claims(corpus, cache=cache), key=lambda c: c.id)
    by_doc: dict[str, list[int]] = {}
    for k, c in enumerate(claims):
        by_doc.setdefault(c.doc.rsplit("/", 1)[-1], []).append(k)
    texts = {d.id.rsplit("/", 1)[-1]: d.text for d in corpus.documents}
    within: dict[tuple[str, str], list[int]] = {}
    for path in sorted((DATA / "news" / "basil" / "articles").glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        text, at = texts.get(path.stem, ""), 0
        for p, para in enumerate(d["body-paragraphs"]):
            for s, sentence in enumerate(para):
                start = text.find(sentence, at) if sentence else -1
                if start < 0:
                    continue
                end, at = start + len(sentence), start + len(sentence)
                within[path.stem, f"p{p}s{s}"] = [
                    k
                    for k in by_doc.get(path.stem, [])
                    if claims[k].span[0] < end and claims[k].span[1] > start
                ]
    return claims, within


def fold_judges(
    x: NDArray[np.float64], y: NDArray[np.bool_], w: NDArray[np.float64], groups: list[str]
) -> dict[str, judge_stage.Judge]:
    """The judge of each train_judge.cross_validate fold, by the groups its test part holds:
    fitted on the other folds, calibrated on their inner out-of-fold scores, with the
    shipped judge's bars."""
    from sklearn.model_selection import GroupKFold

    shipped = judge_stage.default_judge()
    out: dict[str, judge_stage.Judge] = {}
    for train, test in GroupKFold(train_judge.FOLDS).split(x, y, groups):
        sub = [groups[i] for i in train]
        inner = train_judge.oof_decision(x[train], y[train], w[train], sub)
        a, b = train_judge.platt(inner, y[train], w[train])
        model = train_judge.fit(x[train], y[train], w[train])
        scaler, lr = model[0], model[1]
        judge = judge_stage.Judge(
            names=judge_stage.FEATURES,
            mean=np.asarray(scaler.mean_, dtype=np.float64),
            scale=np.asarray(scaler.scale_, dtype=np.float64),
            weights=np.asarray(lr.coef_[0], dtype=np.float64),
            bias=float(lr.intercept_[0]),
            platt=(a, b),
            threshold=shipped.threshold,
            confident=shipped.confident,
        )
        out.update({groups[i]: judge for i in test})
    return out


def judged(
    a: Claim, b: Claim, ra: Any, rb: Any, nli: tuple[float, float], cosine: float,
    judge: judge_stage.Judge, outcomes: denials.Outcomes,
    disputes: Callable[[judge_stage.Verdict], judge_stage.Verdict] | None = None,
) -> Any:  # fmt: skip
    """The finding checker.contradict.find gives a pair of source "story" between two
    articles (checker.finding.judged: its per-pair steps after the judge), or None.
    disputes: the pair's accounts.Accounts.verdict. An article's flag (checker.flagged)
    needs the article's order of claims, not one pair: it is not measured here."""
    verdict = judge.decide(judge_stage.features(ra, rb, nli, cosine))
    return finding.judged(
        (a, b), (ra, rb), verdict, nli, "story", judge, outcomes,
        opposing=denials.could_oppose("story", ra, rb),
        overrides=disputes or (lambda v: v), articles=True,
    )  # fmt: skip


def decided(cache_dir: Path = DEFAULT_CACHE) -> dict[str, Any]:
    """The product's decision on every labelled pair, out of fold: counts per set, and each
    flagged pair with its texts and the evidence that decided."""
    args = argparse.Namespace(
        snli_limit=4000, sick_limit=1000, vitaminc_rows=2000, cache_dir=cache_dir,
        vitaminc_extra=train_judge.VITAMINC_EXTRA, basil_extra=True,
    )  # fmt: skip
    sets, known = train_judge.training_sets(
        args.snli_limit, args.sick_limit, args.vitaminc_rows, cache_dir, args.vitaminc_extra
    )
    x, _ = train_judge.matrix(sets, cache_dir, known)
    y = np.array([q.positive for ps in sets.values() for q in ps])
    fold = {train_judge.NEWS: "ecb", train_judge.CHANGED: "ecb", "BASIL pairs": "basil",
            train_judge.EXTRA: "basil"}  # fmt: skip
    groups = [f"{fold.get(n, n)}:{q.group}" for n, ps in sets.items() for q in ps]
    w = np.concatenate([np.full(len(ps), train_judge.SET_WEIGHT[n]) for n, ps in sets.items()])
    judges = fold_judges(x, y, w, groups)
    cache = EmbeddingCache(cache_dir)
    claims, within = basil_claims(cache)
    read = contradict.readings(claims)
    sets_l = labelled()
    pairs = sorted(
        {
            (min(i, j), max(i, j))
            for ps in sets_l.values()
            for q in ps
            for i in within.get(q.a, [])
            for j in within.get(q.b, [])
            if i != j
        }
    )
    texts = [(claims[i].text, claims[j].text) for i, j in pairs]
    scorer = nli_scorer(DEFAULT_NLI_MODEL, cache_dir / "models")
    scored = dict(zip(pairs, contradict.nli_pairs(texts, scorer, cache, contradict.NLI_FLOOR),
                      strict=True))  # fmt: skip
    unique = sorted({t for pair in texts for t in pair})
    model = embedder(DEFAULT_EMBEDDING_MODEL, cache_dir / "models")
    vectors = dict(zip(unique, embed(unique, model, cache), strict=True))
    outcomes = denials.Outcomes(cache)
    disputes = accounts.Accounts(claims, read, (), outcomes)
    out: dict[str, Any] = {}
    for name, ps in sets_l.items():
        rows = []
        evidence: list[tuple[Labelled, set[str]]] = []
        for q in ps:
            judge = judges[f"basil:{q.event}"]
            found: list[dict[str, Any]] = []
            fired: set[str] = set()
            for i, j in _claim_pairs(q, within):
                a, b = claims[i], claims[j]
                cos = float(vectors[a.text] @ vectors[b.text])
                feats = judge_stage.features(read[i], read[j], scored[i, j], cos)
                fired.update(n for n in RULES if n in feats.details and n != RESTATED)
                if judge_stage.denied_restatement(feats):
                    fired.add(RESTATED)
                f = judged(a, b, read[i], read[j], scored[i, j], cos, judge, outcomes,
                           partial(disputes.verdict, "story", i, j))  # fmt: skip
                if f and f.rule in (denials.OPPOSED, *accounts.RULES):
                    fired.add(f.rule)
                if f:
                    found.append({"a": a.text, "b": b.text, "feature": f.rule,
                                  "kind": f.kind, "score": round(f.score, 3)})  # fmt: skip
            rows.append((q, found, bool(within.get(q.a)) and bool(within.get(q.b))))
            evidence.append((q, fired))
        out[name] = {**_summary(rows), "rules": _rules(evidence)}
    cache.close()
    return out


def _rules(evidence: Sequence[tuple[Labelled, set[str]]]) -> dict[str, Any]:
    """Each precise rule's firings on the labelled pairs (whatever the verdict): on how many
    positives and compatible pairs, and the ids."""
    out: dict[str, Any] = {}
    for name in RULES:
        hit = [q for q, fired in evidence if name in fired]
        out[name] = {
            "positives": sum(q.positive for q in hit),
            "compatible": sum(not q.positive for q in hit),
            "ids": [f"{q.id}:{q.label}" for q in hit],
        }
    return out


def _claim_pairs(q: Labelled, within: dict[tuple[str, str], list[int]]) -> list[tuple[int, int]]:
    return sorted(
        {(min(i, j), max(i, j)) for i in within.get(q.a, []) for j in within.get(q.b, []) if i != j}
    )


def _summary(rows: Sequence[tuple[Labelled, list[dict[str, Any]], bool]]) -> dict[str, Any]:
    pos = [r for r in rows if r[0].positive]
    neg = [r for r in rows if not r[0].positive]
    tp, fp = sum(bool(f) for _, f, _ in pos), sum(bool(f) for _, f, _ in neg)
    return {
        "compatible": len(neg),
        "compatible_flagged": fp,
        "positives": len(pos),
        "positives_flagged": tp,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / len(pos) if pos else 0.0,
        "without_claims": sum(not has for _, _, has in rows),
        "positives_without_claims": sum(not has for _, _, has in pos),
        "flagged": [
            {"id": q.id, "label": q.label, "a": q.text_a, "b": q.text_b, "findings": f}
            for q, f, _ in rows
            if f
        ],
        "positives_missed": [
            {"id": q.id, "label": q.label, "a": q.text_a, "b": q.text_b} for q, f, _ in pos if not f
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "pairs_decided.json")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    result = decided(args.cache_dir)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, r in result.items():
        print(
            f"{name}: compatible flagged {r['compatible_flagged']} / {r['compatible']}, "
            f"positives flagged {r['positives_flagged']} / {r['positives']} "
            f"(precision {r['precision']:.3f}; {r['without_claims']} pairs with a side "
            f"without claims, {r['positives_without_claims']} of them positive)"
        )
        for rule, hit in r["rules"].items():
            print(
                f"  {rule}: fires on {hit['positives']} positives, {hit['compatible']} compatible"
            )


if __name__ == "__main__":
    main()
