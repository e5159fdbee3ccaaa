"""Where checker.spans fires on VitaminC: the two dated-holder rules read on sentence pairs.

    python bench/spans_firings.py [--rows N]

Each VitaminC pair (evidence, claim) is read as training reads a pair of sentences
(checker.rules.read of the text alone) and checker.spans.clash is asked; every firing is
printed with its label, and the counts per rule and label are summed. The corpus rows
(judge_corpora.py's VitaminC corpus: rows VITAMINC_TRAINED to VITAMINC_CORPUS_END) and the
rows the judge trains on are counted apart. A firing on a REFUTES pair is a hit; on SUPPORTS
or NOT ENOUGH INFO the rule would flag a pair the data calls compatible as written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_judge
from judge_corpora import VITAMINC_TRAINED
from nli_survey import vitaminc

from checker import aligned, rules, spans
from checker.records import TimeRef


def _read(text: str) -> rules.Reading:
    claim = SimpleNamespace(
        text=text, speaker=None, time=TimeRef(None, None, "unknown"), entities=(),
        lemmas=(), polarity="positive",
    )  # fmt: skip
    return rules.read(claim)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=train_judge.VITAMINC_CORPUS_END)
    args = parser.parse_args()
    pairs = vitaminc(args.rows)
    trained = len(vitaminc(VITAMINC_TRAINED))
    counts: Counter[tuple[str, str, str]] = Counter()
    gated = 0
    for k, p in enumerate(pairs):
        part = "trained" if k < trained else "corpus"
        a, b = _read(p.a), _read(p.b)
        if not spans.could_clash(a, b):
            continue
        gated += 1
        found = spans.clash(a, b, aligned._parsed)
        if found:
            counts[part, found[0], p.label] += 1
            print(f"[{part}] {found[0]} {p.label}: {p.a!r} / {p.b!r}\n    {found[1]}")
    print(f"{len(pairs)} pairs ({trained} of them the judge's training rows), {gated} parsed")
    for (part, rule, label), n in sorted(counts.items()):
        print(f"  {part} {rule} {label}: {n}")


if __name__ == "__main__":
    main()
