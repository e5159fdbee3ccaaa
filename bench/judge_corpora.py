"""The contradiction judge end to end, on corpora: every figure of issue 15's "Done when".

    python bench/judge_corpora.py [--only snli,vitaminc,basil-pairs,basil,basil-briefs,seeds,ecb,allsides]
                                  [--allsides 1000] [--cache-dir DIR] [--cold]

- SNLI dev and VitaminC half as corpora: each pair two one-sentence documents from two
  outlets ("Outlet A" the premise or evidence, "Outlet B" the hypothesis or claim), pair k
  published on day k (so a week holds about fifteen pairs: stories must keep them apart), all
  pairs in one corpus. The pairs are those the judge was NOT trained on: SNLI dev pairs
  4,000-5,999, VitaminC pages from row 2,000 to train_judge.VITAMINC_CORPUS_END
  (bench/train_judge.py trains on the rows before and on rows of the pages after; the step
  checks that no page or pair is shared). Contradiction (REFUTES) F1 over findings, the share
  of findings that join documents of different pairs, the bare model's F1 on the same pairs
  (the lower of both directions >= 0.5), and where the positives are lost (`losses`: no
  claim, never a candidate, not asked, rejected by the judge).
- BASIL pairs: out-of-fold figures from bench/train_judge.py (folds by event), with and
  without bench/labels/basil_extra.jsonl in training; and (`decided`) what `checker compare`
  decides for each pair and each extra pair as two articles' claims (bench/pairs_decided.py).
- BASIL end to end (300 articles, 100 events): findings within one event, findings per event,
  and 30 findings drawn at random (fixed seed) for reading by hand (bench/judge_reading.md).
- BASIL cut brief: each article's headline and first paragraph as two documents of its
  outlet and date (real news for the brief source, checker.brief).
- Seeds: the named conflicts and the 2018-against-2020 prospects, every finding listed.
- ECB+ train and dev topics (never 36-45): each subtopic (one real event) published on its
  own day, the two subtopics of a topic 30 days apart; findings that join two subtopics (two
  different events of one kind) are false.
- AllSides: NLI pairs per claim at 500 and at N articles (growth), the contradict stage's
  time and share of a run.

Writes bench/judge_corpora.json; bench/judge.md quotes it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ALLSIDES, DATA, basil_articles, write_articles
from nli_survey import DEFAULT_CACHE, Pair, prf, snli, vitaminc

from checker import contradict, pipeline
from checker.contradict import NLI_FLOOR, Settings, nli_pairs, nli_scores, readings
from checker.embed import EmbeddingCache, embed
from checker.judge import Judge, features
from checker.models import (
    DEFAULT_EMBEDDING_MODEL,
    DEFAULT_NLI_MODEL,
    NLIScorer,
    embedder,
    nli_scorer,
)
from checker.records import Claim
from checker.report import Report

HERE = Path(__file__).resolve().parent
ECB = DATA / "events" / "ecbplus_topics_1-35.jsonl.gz"
SEEDS = HERE.parent / "seeds"
BASE = dt.date(2001, 1, 1)
# What bench/train_judge.py trains on; the corpora below start after it.
SNLI_TRAINED, VITAMINC_TRAINED = 4000, 2000
READ = 30


def run(
    rows: list[dict[str, Any]], name: str, cache: Path, got: dict[str, Any] | None = None
) -> tuple[Report, float]:
    """One checker run over rows written as a JSONL feed; the report and its wall time.
    got, where given, receives what the contradict stage was handed (`args`, `kw`)."""
    find = contradict.find

    def spy(*a: Any, **kw: Any) -> Any:
        if got is not None:
            got.update(args=a, kw=kw)
        return find(*a, **kw)

    contradict.find = spy  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            feed = Path(tmp) / f"{name}.jsonl"
            feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
            start = time.perf_counter()
            report = pipeline.run([feed], pipeline.Options(cache_dir=cache))
            return report, time.perf_counter() - start
    finally:
        contradict.find = find


def _doc_of(claim_id: str) -> str:
    return claim_id.rsplit(":", 1)[0].rsplit("/", 1)[-1]


def pairs_corpus(pairs: list[Pair], name: str, cache: Path) -> dict[str, Any]:
    """Pairs as a corpus: F1 of findings, findings across pairs, against the bare model."""
    rows = []
    for k, p in enumerate(pairs):
        day = (BASE + dt.timedelta(days=k)).isoformat()
        rows.append({"id": f"{name}{k:05d}a", "text": p.a, "source": "Outlet A", "date": day})
        rows.append({"id": f"{name}{k:05d}b", "text": p.b, "source": "Outlet B", "date": day})
    got: dict[str, Any] = {}
    report, wall = run(rows, name, cache, got)
    # SNLI gives each premise three hypotheses: a premise is then one story's document
    # three times over, and a finding counts by the labelled pair its two texts make.
    label = {(p.a, p.b): p.positive for p in pairs}
    label.update({(p.b, p.a): p.positive for p in pairs})

    def text(doc: str) -> str:
        k = int(doc[len(name) : -1])
        return pairs[k].a if doc.endswith("a") else pairs[k].b

    sides = Counter(_doc_of(c.id)[:-1] for c in {c.doc: c for c in report.claims}.values())
    found: set[tuple[str, str]] = set()
    within = across = hits = 0
    for f in report.contradictions:
        x, y = (text(_doc_of(c)) for c in f.claims)
        if (x, y) in label:
            within += 1
            hits += label[(x, y)]
            found.add((x, y) if (x, y) in {(p.a, p.b) for p in pairs} else (y, x))
        else:
            across += 1
    positives = {(p.a, p.b) for p in pairs if p.positive}
    story_of = {d: s.id for s in report.stories for d in s.documents}
    together = {
        (p.a, p.b)
        for k, p in enumerate(pairs)
        if story_of.get(f"{name}/{name}{k:05d}a") == story_of.get(f"{name}/{name}{k:05d}b")
    }
    gold = np.array([p.positive for p in pairs])
    tp = len(found & positives)
    findings = len(report.contradictions)
    precision = hits / max(findings, 1)  # a finding across pairs is a false one
    recall = tp / max(len(positives), 1)
    cache_db = EmbeddingCache(cache)
    scorer = nli_scorer(DEFAULT_NLI_MODEL, cache / "models")
    bare = np.array(nli_scores([(p.a, p.b) for p in pairs], scorer, cache_db))
    alone = judged_alone(report, name, len(pairs), scorer, cache_db, cache)
    cache_db.close()
    bp, br, bf = prf(bare >= 0.5, gold)
    scored = np.array([k in alone for k in range(len(pairs))])
    flagged = np.array([alone.get(k, 0.0) >= Judge.load().threshold for k in range(len(pairs))])
    # The same at the brief source's bar (checker.brief: one-claim documents are brief).
    at_brief = np.array([alone.get(k, 0.0) >= Settings().brief for k in range(len(pairs))])
    return {
        "pairs": len(pairs),
        "positives": len(positives),
        "pairs_with_claims_on_both_sides": sum(1 for v in sides.values() if v == 2),
        "findings": findings,
        "within_pair_findings": within,
        "across_pairs": across,
        "across_share": across / max(findings, 1),
        "true_positives": tp,
        "positives_in_one_story": len(positives & together),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "bare_model": {"precision": bp, "recall": br, "f1": bf},
        # The judge on each labelled pair whose two documents gave one claim each, as if
        # every pair were a candidate: what the stories and candidates cost, apart.
        "judge_alone": dict(
            zip(("precision", "recall", "f1"), prf(flagged[scored], gold[scored]), strict=True),
            pairs=int(scored.sum()),
        ),
        "judge_alone_at_brief_bar": dict(
            zip(("precision", "recall", "f1"), prf(at_brief[scored], gold[scored]), strict=True),
            bar=Settings().brief,
        ),
        "nli_pairs": report.nli_pairs,
        "claims": len(report.claims),
        "losses": losses(got, pairs, name),
        "wall_s": wall,
    }


def handed(got: dict[str, Any]) -> tuple[list[Any], list[Any], list[Any], Any, Any]:
    """What `run` caught the contradict stage being handed (got), replayed to the
    candidates: the claims in id order, their readings, the candidate pairs, the NLI scorer
    and the run's cache."""
    from checker import candidates as candidate_stage

    claims, vectors, _, scorer, cache_db = got["args"][:5]
    kw = got["kw"]
    order = sorted(range(len(claims)), key=lambda i: claims[i].id)
    claims = [claims[i] for i in order]
    read = readings(claims)
    found = candidate_stage.candidates(
        claims, vectors[order], read, kw.get("story_of"), kw.get("found"), Settings().band,
        kw.get("outlets"), kw.get("published"),
    )  # fmt: skip
    return claims, read, found, scorer, cache_db


def losses(got: dict[str, Any], pairs: list[Pair], name: str) -> dict[str, Any]:
    """Where the labelled contradictions are lost, from what the contradict stage was
    handed: positives with claims on both sides, whose claims became a candidate pair (by
    source), that the NLI model was asked about, and that the judge then rejected (with
    the probabilities it gave them)."""
    from checker import judge as judge_stage

    claims, read, found, scorer, cache_db = handed(got)
    settings = Settings()
    judge = judge_stage.default_judge()
    asked, _ = contradict._worth_asking(found, read, judge, settings)
    asked_keys = {(q.i, q.j) for q in asked}
    nli = nli_pairs(
        [(claims[q.i].text, claims[q.j].text) for q in asked], scorer, cache_db, NLI_FLOOR
    )
    brief = replace(judge, threshold=settings.brief)
    verdict = {}
    for q, scores in zip(asked, nli, strict=True):
        chosen = brief if q.source == "brief" else judge
        verdict[(q.i, q.j)] = chosen.decide(features(read[q.i], read[q.j], scores, q.cosine))
    by_doc: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_doc.setdefault(_doc_of(c.id), []).append(i)
    pair_of = {(q.i, q.j): q for q in found}
    out: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    rejected: list[float] = []
    for k, p in enumerate(pairs):
        if not p.positive:
            continue
        a, b = by_doc.get(f"{name}{k:05d}a", []), by_doc.get(f"{name}{k:05d}b", [])
        out["positives"] += 1
        keys = [(min(i, j), max(i, j)) for i in a for j in b]
        hit = [key for key in keys if key in pair_of]
        if not a or not b:
            out["no_claim_on_a_side"] += 1
        elif not hit:
            out["not_a_candidate"] += 1
        elif not any(key in asked_keys for key in hit):
            sources.update({pair_of[key].source for key in hit})
            out["candidate_not_asked"] += 1
        elif any(verdict[key].contradiction for key in hit if key in verdict):
            sources.update({pair_of[key].source for key in hit})
            out["judged_contradiction"] += 1
        else:
            sources.update({pair_of[key].source for key in hit})
            out["asked_rejected"] += 1
            rejected.append(max(verdict[key].probability for key in hit if key in verdict))
    quartiles = np.quantile(rejected, [0.25, 0.5, 0.75]).round(3).tolist() if rejected else []
    return {
        **out,
        "candidate_sources": dict(sources),
        "rejected_probability_quartiles": quartiles,
        "candidate_pairs": len(found),
        "asked": len(asked),
    }


def vitaminc_corpus(cache: Path) -> dict[str, Any]:
    """VitaminC pages from row VITAMINC_TRAINED to train_judge.VITAMINC_CORPUS_END as a
    corpus, with a check that none of its pages or pairs is among those the judge trains on
    (the first rows, and the extra rows of the pages after the corpus)."""
    import train_judge

    end = train_judge.VITAMINC_CORPUS_END
    pairs = vitaminc(end)[len(vitaminc(VITAMINC_TRAINED)) :]
    trained = train_judge.training_sets(0, 1, VITAMINC_TRAINED, cache, train_judge.VITAMINC_EXTRA)
    seen = trained[0]["VitaminC half"]
    pages = {p.group for p in seen} & {p.group for p in pairs}
    shared = {(p.a, p.b) for p in seen} & {(p.a, p.b) for p in pairs}
    out = pairs_corpus(pairs, "vitc", cache)
    out["trained_on"] = {
        "rows": len(seen),
        "pages_in_common": len(pages),
        "pairs_in_common": len(shared),
    }
    return out


def judged_alone(
    report: Report, name: str, n: int, scorer: NLIScorer, cache_db: EmbeddingCache, cache: Path
) -> dict[int, float]:
    """Pair index -> the judge's probability for its two claims (pairs of one claim a side)."""
    by_doc: dict[str, list[Claim]] = {}
    for c in report.claims:
        by_doc.setdefault(_doc_of(c.id), []).append(c)
    rows = []
    for k in range(n):
        a, b = by_doc.get(f"{name}{k:05d}a", []), by_doc.get(f"{name}{k:05d}b", [])
        if len(a) == 1 and len(b) == 1:
            rows.append((k, a[0], b[0]))
    texts = sorted({c.text for _, a, b in rows for c in (a, b)})
    model = embedder(DEFAULT_EMBEDDING_MODEL, cache / "models")
    vectors = dict(zip(texts, embed([*texts], model, cache_db), strict=True))
    nli = nli_pairs([(a.text, b.text) for _, a, b in rows], scorer, cache_db, NLI_FLOOR)
    judge = Judge.load()
    out = {}
    for (k, a, b), scores in zip(rows, nli, strict=True):
        read = readings([a, b])
        cosine = float(vectors[a.text] @ vectors[b.text])
        out[k] = judge.decide(features(read[0], read[1], scores, cosine)).probability
    return out


def finding_rows(report: Report) -> list[dict[str, Any]]:
    by_id = {c.id: c for c in report.claims}
    out = []
    for f in report.contradictions:
        a, b = (by_id[c] for c in f.claims)
        out.append(
            {"id": f.id, "kind": f.kind, "severity": f.severity, "score": round(f.score, 3),
             "rule": f.rule, "a": [a.id, a.speaker, a.text], "b": [b.id, b.speaker, b.text],
             "reason": f.reason}
        )  # fmt: skip
    return out


def basil_end_to_end(cache: Path) -> dict[str, Any]:
    rows, event = basil_articles()
    report, wall = run(rows, "basil", cache)
    same = sum(
        event[_doc_of(f.claims[0])] == event[_doc_of(f.claims[1])] for f in report.contradictions
    )
    per_event = Counter(event[_doc_of(f.claims[0])] for f in report.contradictions)
    findings = finding_rows(report)
    sample = random.Random(15).sample(findings, min(READ, len(findings)))
    return {
        "articles": len(rows),
        "findings": len(findings),
        "within_one_event": same,
        "within_share": same / max(len(findings), 1),
        "findings_per_event": len(findings) / 100,
        "events_with_findings": len(per_event),
        "most_in_one_event": per_event.most_common(1)[0][1] if per_event else 0,
        "kinds": dict(Counter(f["kind"] for f in findings)),
        "severities": dict(Counter(f["severity"] for f in findings)),
        "nli_pairs": report.nli_pairs,
        "claims": len(report.claims),
        "sample": sample,
        "scores": sorted(f["score"] for f in findings),
        "across_events": [
            f for f in findings if event[_doc_of(f["a"][0])] != event[_doc_of(f["b"][0])]
        ],
        "wall_s": wall,
    }


def basil_briefs(cache: Path) -> dict[str, Any]:
    """BASIL's 300 articles cut to brief documents (real news for the brief source): each
    article's headline, and its first paragraph, as two one-paragraph documents of its outlet
    and date. A finding between two events is false; within one event, mostly a differing
    account or a dismissable one (read the sample)."""
    articles, event = basil_articles()
    rows, of = [], {}
    for r in articles:
        lead = r["text"].split("\n\n", 1)[0]
        for part, text in (("h", r["title"]), ("l", lead)):
            rows.append(
                {"id": f"{r['id']}-{part}", "text": text, "source": r["source"], "date": r["date"]}
            )
            of[f"{r['id']}-{part}"] = event[r["id"]]
    report, wall = run(rows, "basil-briefs", cache)
    claims_of = Counter(c.doc for c in report.claims)
    findings = finding_rows(report)
    same = [f for f in findings if of[_doc_of(f["a"][0])] == of[_doc_of(f["b"][0])]]
    return {
        "documents": len(rows),
        "documents_with_claims": len(claims_of),
        "brief_documents": sum(1 for n in claims_of.values() if n <= 2),
        "claims": len(report.claims),
        "findings": len(findings),
        "within_one_event": len(same),
        "within_share": len(same) / max(len(findings), 1),
        "nli_pairs": report.nli_pairs,
        "findings_list": findings,
        "wall_s": wall,
    }


def seeds(cache: Path) -> dict[str, Any]:
    report = pipeline.run([SEEDS], pipeline.Options(cache_dir=cache))
    return {
        "findings": finding_rows(report),
        "nli_pairs": report.nli_pairs,
        "claims": len(report.claims),
        "timings": dict(report.timings),
    }


def ecb_rows() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """ECB+ topics 1-35 (train and dev; 36-45 are not in the file and never used) as feed
    rows, each document its own outlet, a topic's two subtopics 30 days apart; and each
    document's subtopic."""
    rows, subtopic = [], {}
    with gzip.open(ECB, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            second = r["subtopic"].endswith("plus")
            day = BASE + dt.timedelta(days=60 * r["topic"] + (30 if second else 0))
            text = "\n\n".join(s["text"] for s in r["sentences"])
            rows.append({"id": r["doc"], "text": text, "source": r["doc"], "date": day.isoformat()})
            subtopic[r["doc"]] = r["subtopic"]
    return rows, subtopic


def stage_inputs(rows: list[dict[str, Any]], name: str, cache: Path) -> dict[str, Any]:
    """One checker run over rows, keeping what its contradict stage was handed (`args`,
    `kw`), so that variants of the stage can run again on the same inputs."""
    got: dict[str, Any] = {}
    run(rows, name, cache, got)
    return got


def ecb(cache: Path) -> dict[str, Any]:
    """ECB+ topics 1-35 end to end: findings, and how many join two subtopics."""
    rows, subtopic = ecb_rows()
    report, wall = run(rows, "ecb", cache)
    findings = finding_rows(report)
    story_of = {d: s.id for s in report.stories for d in s.documents}
    for f in findings:
        f["across_stories"] = (
            story_of[f["a"][0].rsplit(":", 1)[0]] != story_of[f["b"][0].rsplit(":", 1)[0]]
        )
    apart = [f for f in findings if subtopic[_doc_of(f["a"][0])] != subtopic[_doc_of(f["b"][0])]]
    return {
        "documents": len(rows),
        "findings": len(findings),
        "kinds": dict(Counter(f["kind"] for f in findings)),
        "across_subtopics": len(apart),
        "across_share": len(apart) / max(len(findings), 1),
        "temporal": sum(f["kind"] == "temporal" for f in findings),
        "temporal_across_subtopics": sum(f["kind"] == "temporal" for f in apart),
        "across_stories": sum(f["across_stories"] for f in findings),
        "across_stories_and_subtopics": sum(f["across_stories"] for f in apart),
        "scores": sorted(f["score"] for f in findings),
        "across_examples": apart[:10],
        "nli_pairs": report.nli_pairs,
        "wall_s": wall,
    }


def allsides(n: int, cache: Path, cold: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for size in (500, n):
        with tempfile.TemporaryDirectory() as tmp:
            feed = Path(tmp) / "allsides.jsonl"
            write_articles(feed, 0, size)
            folder = Path(tmp) / "cache" if cold else cache
            start = time.perf_counter()
            report = pipeline.run([feed], pipeline.Options(cache_dir=folder))
            wall = time.perf_counter() - start
        laps = dict(report.timings)
        out[str(size)] = {
            "claims": len(report.claims),
            "nli_pairs": report.nli_pairs,
            "nli_pairs_per_claim": report.nli_pairs / max(len(report.claims), 1),
            "findings": len(report.contradictions),
            "severities": dict(Counter(f.severity for f in report.contradictions)),
            "wall_s": wall,
            "timings": laps,
            "contradict_share": laps.get("contradict", 0.0) / max(wall, 1e-9),
            "cold": cold,
        }
    return out


def basil_pairs(cache: Path) -> dict[str, Any]:
    import pairs_decided
    import train_judge

    # With and without the extra BASIL pairs (bench/labels/basil_extra.jsonl) in training:
    # the classifier's probability alone; and what the product decides for each pair
    # (bench/pairs_decided.py: the claims' overrides and contradict.decide's gates).
    return {
        **train_judge.basil_figures(cache_dir=cache),
        "without_extra": train_judge.basil_figures(cache_dir=cache, extra=False),
        "decided": pairs_decided.decided(cache),
    }


STEPS: dict[str, Callable[[argparse.Namespace], Any]] = {
    "snli": lambda a: pairs_corpus(snli(SNLI_TRAINED + 2000)[SNLI_TRAINED:], "snli", a.cache_dir),
    "vitaminc": lambda a: vitaminc_corpus(a.cache_dir),
    "basil-pairs": lambda a: basil_pairs(a.cache_dir),
    "basil": lambda a: basil_end_to_end(a.cache_dir),
    "seeds": lambda a: seeds(a.cache_dir),
    "basil-briefs": lambda a: basil_briefs(a.cache_dir),
    "ecb": lambda a: ecb(a.cache_dir),
    "allsides": lambda a: allsides(a.allsides, a.cache_dir, a.cold),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default=",".join(STEPS))
    parser.add_argument("--allsides", type=int, default=1000)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--cold", action="store_true", help="AllSides runs with an empty cache")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    path = HERE / "judge_corpora.json"
    results: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    for name in args.only.split(","):
        start = time.perf_counter()
        results[name] = STEPS[name](args)
        print(f"{name}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
        path.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    _ = ALLSIDES


if __name__ == "__main__":
    main()
