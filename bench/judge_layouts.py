"""How the findings on pairs turned into a corpus depend on the corpus's layout.

    python bench/judge_layouts.py [--pairs snli,short] [--layouts bench,sameday-AB,...]

judge_corpora.py builds its NLI corpora one way: the first text of each pair from "Outlet A",
the second from "Outlet B", each pair on a day of its own. A corpus built another way by
someone else is the same pairs with other outlets and dates, and a one-sentence document
(checker.brief) finds its partner by the date, then by its place in two equally long feeds,
then by similarity. The layouts:

- bench: as judge_corpora.py (A/B, a day per pair);
- sameday-AB / nodate-AB: A/B, every pair on one day / with no dates;
- interleave: four outlets taking turns (pair k: outlets k mod 4 and k+1 mod 4), one day; the
  outlets are equally long, but their k-th items are not one pair's;
- sameday-random: each document an outlet drawn from six (a pair's two differ), one day;
- sameday-unique: each document an outlet of its own, one day;
- context2 / context5: as bench, the first text followed by 2 / 5 other pairs' first texts
  (a document of several sentences, as MNLI's and RTE's premises are: the document-level
  sources, not only the brief one, must find the pair).

Pairs: SNLI dev (the 2,000 after the judge's training rows, as judge_corpora.py) and
bench/labels/short_pairs.jsonl (80 pairs written and labelled for this bench, 40 conflicts in
the style of other checkers' README examples and test cases, 40 compatible; half the
compatible pairs reuse a conflict pair's first sentence). A finding counts by the labelled
pair its two documents' texts make; any other is across pairs (false). Writes
bench/judge_layouts.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from judge_corpora import BASE, SNLI_TRAINED, _doc_of, run
from nli_survey import DEFAULT_CACHE, Pair, snli

HERE = Path(__file__).parent
LAYOUTS = ("bench", "sameday-AB", "nodate-AB", "interleave", "sameday-random", "sameday-unique",
           "context2", "context5")  # fmt: skip
OUTLETS = [f"Outlet {c}" for c in "ABCDEF"]


def short_pairs() -> list[Pair]:
    rows = [json.loads(line) for line in (HERE / "labels" / "short_pairs.jsonl").open()]
    return [Pair(r["a"], r["b"], r["label"] != "compatible", str(k), r["label"]) for k, r in
            enumerate(rows)]  # fmt: skip


def context_of(pairs: list[Pair], extra: int) -> list[list[str]]:
    """For each pair, the sentences of its first document: its first text followed by
    `extra` first texts of other pairs (far apart in the list, never its own)."""
    firsts = sorted({p.a for p in pairs})
    out = []
    for k, p in enumerate(pairs):
        others = [firsts[(7 * k + 31 * (t + 1)) % len(firsts)] for t in range(extra)]
        out.append([p.a, *(o for o in others if o != p.a)])
    return out


def rows_for(pairs: list[Pair], name: str, layout: str) -> list[dict[str, Any]]:
    rng = random.Random(3)
    rows: list[dict[str, Any]] = []
    for k, p in enumerate(pairs):
        day = (BASE + dt.timedelta(days=k)).isoformat()
        first = ""
        for side, text in (("a", p.a), ("b", p.b)):
            row: dict[str, Any] = {"id": f"{name}{k:05d}{side}", "text": text}
            if layout in ("bench", "sameday-AB", "nodate-AB") or layout.startswith("context"):
                row["source"] = OUTLETS[side == "b"]
            elif layout == "interleave":
                row["source"] = OUTLETS[(k + (side == "b")) % 4]
            elif layout == "sameday-random":
                row["source"] = rng.choice([o for o in OUTLETS if o != first])
                first = row["source"]
            else:
                row["source"] = f"Outlet {k}{side}"
            if layout != "nodate-AB":
                row["date"] = (
                    day if layout in ("bench", "context2", "context5") else BASE.isoformat()
                )
            rows.append(row)
    return rows


def measure(pairs: list[Pair], name: str, layout: str, cache: Path) -> dict[str, Any]:
    """A finding counts by the labelled pair its two claims' sentences make: in the context
    layouts a first document holds other pairs' first texts, and a finding between one of
    them and its own pair's second text is that pair's."""
    extra = int(layout[len("context") :]) if layout.startswith("context") else 0
    sentences = context_of(pairs, extra)
    laid = [replace(p, a=" ".join(t.rstrip(".") + "." for t in sentences[k])) if extra else p
            for k, p in enumerate(pairs)]  # fmt: skip
    report, wall = run(rows_for(laid, name, layout), name, cache)
    said = {c.id: " ".join(c.text.lower().split()) for c in report.claims}

    def text(claim_id: str) -> str:
        doc = _doc_of(claim_id)
        k = int(doc[len(name) : -1])
        if doc.endswith("b"):
            return pairs[k].b
        head = said.get(claim_id, "")[:40].rstrip(".")
        return next((t for t in sentences[k] if head in " ".join(t.lower().split())), pairs[k].a)

    label = {frozenset((p.a, p.b)): p.positive for p in pairs}
    found: set[frozenset[str]] = set()
    hits = across = 0
    for f in report.contradictions:
        key = frozenset(text(c) for c in f.claims)
        if key in label:
            hits += label[key]
            found |= {key} if label[key] else set()
        else:
            across += 1
    positives = {k for k, v in label.items() if v}
    findings = len(report.contradictions)
    precision = hits / max(findings, 1)
    recall = len(found) / max(len(positives), 1)
    return {
        "pairs": len(pairs),
        "positives": len(positives),
        "findings": findings,
        "across": across,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 3),
        "nli_pairs": report.nli_pairs,
        "wall_s": round(wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", default="snli,short")
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    sets = {"snli": lambda: snli(SNLI_TRAINED + 2000)[SNLI_TRAINED:], "short": short_pairs}
    path = HERE / "judge_layouts.json"
    out: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    for name in args.pairs.split(","):
        pairs = sets[name]()
        for layout in args.layouts.split(","):
            got = measure(pairs, name, layout, args.cache_dir)
            out.setdefault(name, {})[layout] = got
            print(name, layout, got, file=sys.stderr, flush=True)
            path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
