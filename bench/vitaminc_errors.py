"""VitaminC as a corpus, error analysis: every false negative (a REFUTES pair with no finding)
and false positive (a finding on a SUPPORTS or NOT ENOUGH INFO pair), with the two claims,
the judge's probability, the NLI scores, the deciding rule and a bucket.

    python bench/vitaminc_errors.py [--cache-dir DIR] [--examples 10] [--out FILE]

Runs the corpus of bench/judge_corpora.py (`vitaminc_corpus`: the pages after those the
judge is trained on) once through checker, then judges each labelled pair's claims as the
brief source does. Buckets (`bucket`), in this order: no claim on a side, never a
candidate; a bounded figure ("more than 28 critics") whose bound clash was read, read as
met, or not compared with the other claim's figures; a figure or a year changed (both
claims give one); a name of the shorter claim not in the other; one word changed;
polarity; other wording (what only world knowledge tells). Writes the counts and every row
(the data set's sentences: kept out of the repository) to --out, by default
$TMPDIR/vitaminc_errors.json, and prints the counts and --examples rows of each bucket.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import judge_corpora as jc
import train_judge
from nli_survey import DEFAULT_CACHE, Pair, vitaminc

from checker import slots
from checker.contradict import NLI_FLOOR, Settings, nli_pairs
from checker.evidence import features
from checker.judge import default_judge
from checker.rules import Reading

# Where --dump writes the judged pairs (for trying a change to the evidence without a run).
DUMP: Path | None = None


def bucket(ra: Reading, rb: Reading, fired: set[str]) -> str:
    """What two claims differ in, as a reviewer would first name it; for a bounded figure,
    also whether the bound evidence fired (then the judge weighed it below its bar)."""
    d = slots.diff(ra.text, rb.text)
    bounded = any(n.bound for n in (*ra.numbers, *rb.numbers, *ra.years, *rb.years))
    if bounded:
        met = fired & {"bound_clash", "year_bound_clash"}
        agrees = "bound_agrees" in fired
        return "bound: " + ("clash read" if met else "read as met" if agrees else "not compared")
    if d.number or (ra.values and rb.values and ra.values != rb.values):
        return "figure changed"
    if d.year or (ra.year_values and rb.year_values and ra.year_values != rb.year_values):
        return "year changed"
    short, other = sorted((ra, rb), key=lambda r: r.words)
    if d.name or not short.names <= other.names:
        return "name not in the other"
    if d.word:
        return "one word changed"
    if ra.negative != rb.negative:
        return "polarity"
    return "other wording"


def rows(cache: Path) -> list[dict[str, Any]]:
    pairs: list[Pair] = vitaminc(train_judge.VITAMINC_CORPUS_END)[
        len(vitaminc(jc.VITAMINC_TRAINED)) :
    ]
    name = "vitc"
    records = []
    for k, p in enumerate(pairs):
        day = (jc.BASE + dt.timedelta(days=k)).isoformat()
        records.append({"id": f"{name}{k:05d}a", "text": p.a, "source": "Outlet A", "date": day})
        records.append({"id": f"{name}{k:05d}b", "text": p.b, "source": "Outlet B", "date": day})
    got: dict[str, Any] = {}
    report, _ = jc.run(records, name, cache, got)
    claims, read, found, scorer, cache_db = jc.handed(got)
    settings = Settings()
    judge = default_judge()
    brief = replace(judge, threshold=settings.brief)
    pair_of = {(q.i, q.j): q for q in found}
    nli = nli_pairs([(claims[q.i].text, claims[q.j].text) for q in found], scorer, cache_db,
                    NLI_FLOOR)  # fmt: skip
    if DUMP:
        import pickle

        DUMP.write_bytes(pickle.dumps((pairs, claims, found, nli)))
    judged = {}
    for q, scores in zip(found, nli, strict=True):
        chosen = brief if q.source == "brief" else judge
        f = features(read[q.i], read[q.j], scores, q.cosine)
        judged[(q.i, q.j)] = (chosen.decide(f), scores, f)
    by_doc: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_doc.setdefault(jc._doc_of(c.id), []).append(i)
    flagged: dict[str, str] = {}
    for f in report.contradictions:
        x, y = sorted(jc._doc_of(c)[:-1] for c in f.claims)
        if x == y:
            flagged[x] = f.rule
    out = []
    for k, p in enumerate(pairs):
        key = f"{name}{k:05d}"
        hit = key in flagged
        if hit == p.positive:
            continue
        a, b = by_doc.get(key + "a", []), by_doc.get(key + "b", [])
        row: dict[str, Any] = {"k": k, "label": p.label, "error": "FN" if p.positive else "FP",
                               "evidence": p.a, "claim": p.b, "page": p.group}  # fmt: skip
        keys = [(min(i, j), max(i, j)) for i in a for j in b]
        keys = [x for x in keys if x in pair_of]
        if not a or not b:
            row["bucket"] = "no claim on a side"
        elif not keys:
            row["bucket"] = "never a candidate"
        else:
            best = max(keys, key=lambda x: judged[x][0].probability)
            verdict, scores, f = judged[best]
            ra, rb = read[best[0]], read[best[1]]
            fired = {n for n, v in f.named().items() if v and n in f.details}
            row.update(
                bucket=bucket(ra, rb, fired),
                claim_a=ra.text,
                claim_b=rb.text,
                probability=verdict.probability,
                nli=[round(s, 3) for s in scores],
                rule=flagged.get(key, verdict.feature),
                evidence_text=verdict.evidence,
                fired=sorted(fired),
            )
        out.append(row)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--examples", type=int, default=10)
    ap.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "vitaminc_errors.json"
    )
    ap.add_argument("--dump", type=Path, help="pickle the candidates and their NLI scores here")
    args = ap.parse_args()
    global DUMP
    DUMP = args.dump
    got = rows(args.cache_dir)
    counts = Counter((r["error"], r["bucket"]) for r in got)
    rules_fp = Counter(r.get("rule") for r in got if r["error"] == "FP")
    pages = {e: Counter(r["page"] for r in got if r["error"] == e).most_common(3)
             for e in ("FN", "FP")}  # fmt: skip
    args.out.write_text(
        json.dumps({"counts": {f"{e} {b}": n for (e, b), n in sorted(counts.items())},
                    "fp_rules": dict(rules_fp), "pages": pages, "rows": got}, indent=1) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    for (e, b), n in sorted(counts.items()):
        print(f"{e} {b}: {n}")
    print("FP rules:", dict(rules_fp.most_common()))
    print("pages with most errors:", pages)
    for (e, b), n in sorted(counts.items(), key=lambda x: -x[1]):
        if n < args.examples:
            continue
        print(f"\n## {e} {b} ({n})")
        for r in [r for r in got if (r["error"], r["bucket"]) == (e, b)][:: n // args.examples][
            : args.examples
        ]:
            print(f"- p {r['probability']}, nli {r['nli']}, {r['rule']} ({r['label']})")
            print(f"  A: {r['claim_a']}\n  B: {r['claim_b']}")


if __name__ == "__main__":
    main()
