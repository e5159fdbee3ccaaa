"""Claims read as negative, with the tokens that made them so: for reading polarity by hand.

    python bench/polarity_sample.py [--docs 60] [--out /tmp/polarity.jsonl]

Extracts a seeded sample of BASIL articles and ECB+ documents (topics 1-35; 36-45 are not in
the file) and writes every claim that either the parse-based polarity (checker.polarity) or
the earlier one (`before` below: any "not", "never" or negative word among the head's or the
reporting verb's children) reads as negative: its text, sentence, head, reporting verb and
negating tokens. bench/judge.md ("fifth session") counts the misreads by kind from it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, basil_articles

from checker import assembly
from checker.claims import extract_many
from checker.ingest import ingest
from checker.polarity import DENIAL, NEGATIVE_WORDS

ECB = DATA / "events" / "ecbplus_topics_1-35.jsonl.gz"


def _old_negated(head: Any) -> bool:
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in NEGATIVE_WORDS:
            return True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(
            g.dep_ == "det" and g.lower_ in NEGATIVE_WORDS for g in child.children
        ):
            return True
    return False


def before(head: Any, verb: Any) -> bool:
    """The polarity of main at 744438e: True when negative."""
    flips = _old_negated(head)
    if verb is not None:
        flips ^= verb.lemma_.lower() in DENIAL
        if verb.i != head.i:
            flips ^= _old_negated(verb)
    return flips


def _triggers(*heads: Any) -> list[str]:
    return [
        f"{c.text}/{c.dep_}<{h.text}"
        for h in heads
        if h is not None
        for c in h.children
        if c.dep_ == "neg" or c.lower_ in NEGATIVE_WORDS or c.lower_.startswith("no")
    ]


def rows() -> list[dict[str, Any]]:
    basil, _ = basil_articles()
    ecb = []
    with gzip.open(ECB, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            text = "\n\n".join(s["text"] for s in r["sentences"])
            ecb.append({"id": "ecb-" + r["doc"], "text": text, "source": r["doc"],
                        "date": "2001-01-01"})  # fmt: skip
    return basil + ecb


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=60, help="per corpus; 0: all")
    parser.add_argument("--out", type=Path, default=Path("/tmp/polarity.jsonl"))
    args = parser.parse_args()
    every = rows()
    basil = [r for r in every if not r["id"].startswith("ecb-")]
    ecb = [r for r in every if r["id"].startswith("ecb-")]
    rng = random.Random(5)
    chosen = rng.sample(basil, args.docs) + rng.sample(ecb, args.docs) if args.docs else basil + ecb
    calls: list[dict[str, Any]] = []
    record = assembly.polarity

    def spy(head: Any, verb: Any) -> Any:
        got = record(head, verb)
        calls.append({
            "sentence": head.sent.text, "head": head.text,
            "verb": verb.text if verb is not None else None,
            "before": before(head, verb), "after": str(got) == "negative",
            "triggers": _triggers(head, verb),
        })  # fmt: skip
        return got

    assembly.polarity = spy  # type: ignore[assignment]
    emit = assembly.ClaimAssembler.emit

    def emit_spy(self: Any, *a: Any, **kw: Any) -> None:
        n, k = len(self.claims), len(calls)
        emit(self, *a, **kw)
        if len(self.claims) > n and len(calls) > k:
            calls[-1]["text"] = self.claims[-1].text
            calls[-1]["id"] = self.claims[-1].id

    assembly.ClaimAssembler.emit = emit_spy  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "sample.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
        corpus = ingest([feed])
        extract_many(corpus.documents)
    claims = [c for c in calls if "text" in c]
    negative = [c for c in claims if c["before"] or c["after"]]
    with args.out.open("w", encoding="utf-8") as out:
        for c in negative:
            out.write(json.dumps(c) + "\n")
    print(f"{len(claims)} claims; negative before {sum(c['before'] for c in claims)}, "
          f"after {sum(c['after'] for c in claims)}; changed "
          f"{sum(c['before'] != c['after'] for c in claims)}", file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    main()
