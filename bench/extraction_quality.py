"""Extraction quality on news nobody tuned it for: BASIL (300 articles, bodies without page
chrome) and ECB+ topics 1-35.

python bench/extraction_quality.py [--sample FILE]

Writes bench/extraction.json (the figures) and bench/extraction_drops.md (every sentence
dropped as boilerplate, and the first of each other reason); prints a summary. Figures:
- the share of body sentences that yield no claim, by reason (target: at most 0.5% dropped
  as boilerplate);
- body sentences dropped as boilerplate split into sentences (the parse finds a verb with
  a subject) and lines that are none (date lines, section headings, links);
- attribution on BASIL: claims whose text holds "said" or "according to" (any case) and
  have no speaker (the issue's measure, exactly), of those the ones whose sentence gave its
  report as a claim of its own with a speaker (the writer's sentence mentions a report:
  "a debate that only two candidates said they would attend"), and claims with a reporting
  verb and no speaker; every claim the issue's measure counts is listed in
  bench/extraction_attribution.md;
- AllSides (the first 1,000 articles, ingest only): blocks dropped by rule, and body blocks
  that still hold a slide show's "Hide Caption" or a player's "JUST WATCHED";
- with --sample FILE, 100 BASIL claims with reported speech (seeded), for reading by hand.
Runs with an older checkout too (no extract_all: drops are the boilerplate blocks only).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from attribution_measure import reporting_nothing
from common import ALLSIDES, DATA, write_articles

from checker import claims as claims_stage
from checker import segment
from checker.ingest import ingest
from checker.models import nlp
from checker.records import Claim, Document

BASIL = DATA / "news" / "basil" / "articles"
ECB = DATA / "events" / "ecbplus_topics_1-35.jsonl.gz"
HERE = Path(__file__).resolve().parent
REPORTED = re.compile(r"\b(?:said|according to)\b", re.I)


def basil_rows() -> list[dict[str, Any]]:
    rows = []
    for path in sorted(BASIL.glob("*/*.json")):
        art = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [
            " ".join(p) if isinstance(p, list) else str(p) for p in art["body-paragraphs"]
        ]
        rows.append(
            {
                "id": path.stem,
                "title": art.get("title"),
                "date": art.get("date"),
                "source": art.get("source"),
                "text": "\n\n".join(p.strip() for p in paragraphs if p.strip()),
            }
        )
    return rows


def ecb_rows() -> list[dict[str, Any]]:
    rows = []
    with gzip.open(ECB, "rt", encoding="utf-8") as src:
        for line in src:
            doc = json.loads(line)
            text = "\n\n".join(s["text"].strip() for s in doc["sentences"] if s["text"].strip())
            rows.append({"id": doc["doc"], "text": text})
    return rows


def documents(rows: list[dict[str, Any]], tmp: Path, name: str) -> tuple[Document, ...]:
    feed = tmp / f"{name}.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return ingest([feed]).documents


def extraction(docs: tuple[Document, ...]) -> list[tuple[list[Claim], list[Any]]]:
    """Claims and drops per document (an older checkout: drops are boilerplate blocks)."""
    if hasattr(claims_stage, "extract_many"):
        return [
            (list(x.claims), [(d.span, d.reason) for d in x.dropped])
            for x in claims_stage.extract_many(docs)
        ]
    return [
        (
            claims_stage.extract(doc),
            [((b.start, b.end), b.rule) for b in doc.blocks if b.kind == "boilerplate"],
        )
        for doc in docs
    ]


def sentence_fates(doc: Document, found: list[Claim], drops: list[Any], title: bool) -> list[Any]:
    """Each body sentence (the title left out) with its fate: "claim" or the drop reason."""
    out = []
    starts = sorted(c.span[0] for c in found)
    covering = [c.span for c in found if c.headline]
    blocks = list(doc.blocks)
    if title and blocks and doc.title and doc.text[blocks[0].start : blocks[0].end] == doc.title:
        blocks = blocks[1:]
    for block in blocks:
        for s, e in segment.sentences(doc.text, block.start, block.end):
            if block.kind == "boilerplate":
                fate = f"boilerplate: {block.rule}"
            elif any(starts[0] <= x < e for x in starts if x >= s) or any(
                a <= s < b for a, b in covering
            ):
                fate = "claim"
            else:
                fate = next((r for (a, b), r in drops if a < e and s < b), "no claim")
            out.append((doc.id, (s, e), doc.text[s:e], fate))
    return out


def _is_sentence(sent: Any) -> bool:
    """A sentence, not a date line or a heading: the parse finds a verb with a subject."""
    return any(
        t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and t.head.pos_ in ("VERB", "AUX")
        for t in sent
    )


def measure(docs: tuple[Document, ...], title: bool) -> dict[str, Any]:
    fates: list[Any] = []
    all_claims: list[Claim] = []
    start = time.perf_counter()
    for doc, (found, drops) in zip(docs, extraction(docs), strict=True):
        all_claims.extend(found)
        fates.extend(sentence_fates(doc, found, drops, title))
    wall = time.perf_counter() - start
    reasons = Counter(f for *_, f in fates)
    total = len(fates)
    dropped = [text for *_, text, f in fates if f.startswith("boilerplate")]
    with_a_verb = sum(1 for sent in nlp.parse(dropped) if _is_sentence(sent))
    reported = [c for c in all_claims if REPORTED.search(c.text)]
    unattributed = [c for c in reported if not c.speaker]
    spoken = {(c.doc, c.span) for c in all_claims if c.speaker}
    elsewhere = [
        c
        for c in unattributed
        if any(d == c.doc and a < c.span[1] and c.span[0] < b for d, (a, b) in spoken)
    ]
    nothing = reporting_nothing(reported)
    reporting = [c for c in reported if c.id not in nothing]
    reporting_unattributed = [c for c in reporting if not c.speaker]
    with_verb = [c for c in all_claims if getattr(c, "verb", None)]
    return {
        "documents": len(docs),
        "claims": len(all_claims),
        "sentences": total,
        "no_claim": {r: n for r, n in sorted(reasons.items()) if r != "claim"},
        "no_claim_share": round(1 - reasons["claim"] / total, 4) if total else 0.0,
        "boilerplate_share": round(
            sum(n for r, n in reasons.items() if r.startswith("boilerplate")) / total, 4
        )
        if total
        else 0.0,
        "boilerplate_sentences": with_a_verb,
        "boilerplate_sentences_share": round(with_a_verb / total, 4) if total else 0.0,
        "boilerplate_lines_not_sentences": len(dropped) - with_a_verb,
        "reported_in_text": len(reported),
        "reported_in_text_no_speaker": len(unattributed),
        "reported_in_text_no_speaker_share": round(len(unattributed) / len(reported), 4)
        if reported
        else 0.0,
        "reported_in_text_no_speaker_report_claimed": len(elsewhere),
        "reporting_in_text": len(reporting),
        "reporting_in_text_no_speaker": len(reporting_unattributed),
        "reporting_in_text_no_speaker_share": round(len(reporting_unattributed) / len(reporting), 4)
        if reporting
        else 0.0,
        "with_reporting_verb": len(with_verb),
        "with_reporting_verb_no_speaker": sum(1 for c in with_verb if not c.speaker),
        "seconds": round(wall, 1),
        "_fates": fates,
        "_claims": all_claims,
        "_unattributed": unattributed,
        "_elsewhere": {c.id for c in elsewhere},
        "_nothing": nothing,
    }


def write_drops(results: dict[str, dict[str, Any]], path: Path) -> None:
    lines = ["# Sentences that gave no claim", ""]
    for name, res in results.items():
        lines += [f"## {name}", ""]
        shown: Counter[str] = Counter()
        for doc, span, text, fate in res["_fates"]:
            if fate == "claim":
                continue
            shown[fate] += 1
            if fate.startswith("boilerplate") or shown[fate] <= 10:
                lines.append(f"- `{doc}` {list(span)} **{fate}**: {' '.join(text.split())[:300]}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def write_attribution(res: dict[str, Any], docs: tuple[Document, ...], path: Path) -> None:
    """Every BASIL claim the issue's measure counts: "said"/"according to" and no speaker."""
    text = {d.id: d.text for d in docs}
    lines = [
        '# BASIL claims holding "said" or "according to" without a speaker',
        "",
        "Marked *report claimed*: the sentence's report is a claim of its own, with a speaker;",
        "the claim listed is the writer's sentence around it. Marked *reports nothing*: every",
        '"said" in the claim is negated, asks an open question or has "nothing", "little" or',
        '"much" for its object (out of the measure\'s second definition: bench/extraction.md).',
        "",
    ]
    for c in sorted(res["_unattributed"], key=lambda c: c.id):
        sentence = " ".join(text[c.doc][c.span[0] : c.span[1]].split())
        mark = " *report claimed*" if c.id in res["_elsewhere"] else ""
        mark += " *reports nothing*" if c.id in res["_nothing"] else ""
        lines.append(f"- `{c.id}`{mark}: {' '.join(c.text.split())[:300]}")
        if sentence != " ".join(c.text.split()):
            lines.append(f"  - sentence: {sentence[:300]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def allsides(tmp: Path, n: int = 1000) -> dict[str, Any]:
    """Boilerplate on the first n AllSides articles (ingest only: blocks by rule)."""
    feed = tmp / "allsides.jsonl"
    write_articles(feed, 0, n)
    docs = ingest([feed]).documents
    rules = Counter(b.rule for d in docs for b in d.blocks if b.kind == "boilerplate")
    body = [d.text[b.start : b.end] for d in docs for b in d.blocks if b.kind == "body"]
    return {
        "documents": len(docs),
        "boilerplate_blocks": dict(sorted(rules.items())),
        "body_blocks": len(body),
        "body_blocks_with_hide_caption": sum("Hide Caption" in t for t in body),
        "body_blocks_with_just_watched": sum("JUST WATCHED" in t for t in body),
    }


def write_sample(res: dict[str, Any], docs: tuple[Document, ...], path: Path) -> None:
    """100 claims with reported speech (a reporting verb, or "said" in the sentence), seeded."""
    text = {d.id: d.text for d in docs}
    pool = [
        c
        for c in res["_claims"]
        if getattr(c, "verb", None) or REPORTED.search(text[c.doc][c.span[0] : c.span[1]])
    ]
    sample = random.Random(13).sample(pool, min(100, len(pool)))
    out = []
    for n, c in enumerate(sorted(sample, key=lambda c: c.id), start=1):
        sentence = " ".join(text[c.doc][c.span[0] : c.span[1]].split())
        out.append(
            f"{n}. `{c.id}`\n   sentence: {sentence}\n   claim: {c.text}\n"
            f"   speaker: {c.speaker} | verb: {getattr(c, 'verb', None)} | "
            f"time: {c.time.expression} -> {c.time.start}..{c.time.end} ({c.time.source})\n"
        )
    path.write_text("\n".join(out), encoding="utf-8")


def main(argv: list[str]) -> None:
    if not BASIL.exists() or not ECB.exists():
        sys.exit(f"skipped: {BASIL} or {ECB} not found")
    sample = Path(argv[argv.index("--sample") + 1]) if "--sample" in argv else None
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else HERE / "extraction.json"
    with tempfile.TemporaryDirectory() as tmp:
        basil = documents(basil_rows(), Path(tmp), "basil")
        ecb = documents(ecb_rows(), Path(tmp), "ecbplus")
        pages = allsides(Path(tmp)) if ALLSIDES.exists() else {}
    results = {"BASIL": measure(basil, True), "ECB+ topics 1-35": measure(ecb, False)}
    if sample:
        write_sample(results["BASIL"], basil, sample)
    write_drops(results, out.with_name(out.stem + "_drops.md"))
    write_attribution(results["BASIL"], basil, out.with_name(out.stem + "_attribution.md"))
    figures = {k: {f: v for f, v in r.items() if not f.startswith("_")} for k, r in results.items()}
    figures["AllSides (first 1,000)"] = pages
    out.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
