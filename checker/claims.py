"""Split documents into atomic, attributed, dated claims.

Sentences come from the rule segmenter (checker.segment); each is parsed by spaCy as one
sentence. A claim is a headline, or a body sentence (or a coordinated clause of one) with a
verb; its speaker and reporting verb come from the parse (checker.attribution), its polarity
from negation and denial verbs, its time from checker.timeexpr. What gives no claim is kept
as a Drop with its reason: boilerplate blocks, questions, sentences without a verb, and
reported content without one ("“Absolutely,” he said.").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from checker import segment, timeexpr
from checker.attribution import (
    Frame,
    SpeakerState,
    clause_frame,
    frames,
    polarity,
    quote_regions,
    referents,
    strip_titles,
)
from checker.boilerplate import dropped as boilerplate_drops
from checker.furniture import dateline_prefix
from checker.models import nlp
from checker.records import Block, Claim, Document, Drop, Polarity, TimeRef

_QUOTES = "“”\"‘’'"
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_VERB_POS = ("VERB", "AUX")
_JOIN_EDGE = " ,;:—–-\"'"


@dataclass(frozen=True)
class Extraction:
    """A document's claims and what of it gave none."""

    claims: tuple[Claim, ...]
    dropped: tuple[Drop, ...]


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    headline: bool
    inner: bool = False  # a heading inside the article, below its first paragraph


def _clean(text: str, speaker: str | None, person: bool = True) -> str:
    """Whitespace tidied, stray quote marks dropped, a leading he/she for the speaker named."""
    text = " ".join(text.split()).strip(" ,;:—–")
    if text.count("“") != text.count("”") or text.startswith(("“", '"')) or text.count('"') % 2:
        text = text.strip('“”" ,')
    if speaker and re.match(r"(?:he|she)\s" if person else r"it\s", text):
        text = f"{speaker}{text[text.index(' ') :]}"
    return text[:1].upper() + text[1:] if text else text


def lemmas(tokens: Any) -> tuple[str, ...]:
    """Content-word lemmas in reading order, once each: what two claims about one event share."""
    seen: dict[str, None] = {}
    for t in tokens:
        if t.pos_ in _CONTENT_POS and not t.is_stop and (t.is_alpha or t.like_num):
            seen.setdefault(t.lemma_.lower(), None)
    return tuple(seen)


def entities(sent: Any) -> list[tuple[int, int, str, str]]:
    """A parsed sentence's entities as (start, end, label, text), read once: spaCy builds new
    Span objects on every `doc.ents`."""
    found: list[tuple[int, int, str, str]] | None = sent.user_data.get("checker.ents")
    if found is None:
        found = [(e.start, e.end, e.label_, e.text) for e in sent.ents]
        sent.user_data["checker.ents"] = found
    return found


def _pieces(tokens: tuple[int, int], gaps: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The token range tokens less the gaps, as ranges in order."""
    out, at = [], tokens[0]
    for a, b in gaps:
        if b <= at or a >= tokens[1]:
            continue
        if a > at:
            out.append((at, a))
        at = max(at, b)
    if at < tokens[1]:
        out.append((at, tokens[1]))
    return out or [tokens]


def _inserted(pieces: list[tuple[int, int]], insert: tuple[int, int, int]) -> list[tuple[int, int]]:
    """The pieces with the token range insert[:2] read before token insert[2] (when the
    pieces reach it: a clause split off elsewhere keeps its own words)."""
    a, b, at = insert
    if not pieces[0][0] <= at <= pieces[-1][1]:
        return pieces
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if s <= at < e and (a, b) not in out:
            out += [(s, at), (a, b), (at, e)] if s < at else [(a, b), (s, e)]
        else:
            out.append((s, e))
            if e == at:
                out.append((a, b))
    return out


def names(
    sent: Any, pieces: list[tuple[int, int]], state: SpeakerState, text: str
) -> tuple[str, ...]:
    """Named entities within the token ranges (people by their fullest name) and years."""
    found: set[str] = set()
    for e_start, e_end, label, e_text in entities(sent):
        if label in NAME_LABELS and any(a <= e_start and e_end <= b for a, b in pieces):
            name = re.sub(r"^(?:the|The)\s+|[’']s$", "", e_text).strip()
            found.add(state.canonical(strip_titles(name)) if label == "PERSON" else name)
    found |= set(re.findall(r"\b(?:19|20)\d\d\b", text))
    return tuple(sorted(n for n in found if n))


class _Extractor:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.state = SpeakerState()
        self.claims: list[Claim] = []
        self.drops: list[Drop] = list(boilerplate_drops(doc))
        # sentence start -> (weekdays pointing ahead, sentence end)
        self.sentence_info: dict[int, tuple[frozenset[int], int]] = {}

    def units(self) -> Iterator[_Unit]:
        first = True
        for block in self.doc.blocks:
            if block.kind in ("headline", "deck"):
                yield _Unit(block.start, block.end, True, not first)
            elif block.kind == "body":
                for s, e in segment.sentences(self.text, block.start, block.end):
                    if first:  # "WASHINGTON — The committee …": the place is no part of it
                        first, at = False, dateline_prefix(self.text, s, e)
                        if at > s:
                            self.drops.append(Drop(self.doc.id, (s, at), "dateline"))
                            s = at
                    for cs in range(s, e, nlp.MAX_CHARS):  # a runaway "sentence" in pieces
                        yield _Unit(cs, min(e, cs + nlp.MAX_CHARS), False)

    def run(self, units: list[_Unit], parsed: list[Any]) -> Extraction:
        for sent in parsed:
            for _, _, label, text in entities(sent):
                if label == "PERSON":
                    self.state.observe_person(text)
                elif label == "ORG":
                    self.state.observe_organisation(text)
        self.state.last_person = None
        blocks = [b for b in self.doc.blocks if b.kind == "body"]
        starts = [b.start for b in blocks]
        i = 0
        while i < len(units):
            if units[i].headline:
                self._headline(units[i], parsed[i])
                i += 1
                continue
            block = blocks[bisect.bisect_right(starts, units[i].start) - 1]
            j = i
            while j < len(units) and not units[j].headline and units[j].end <= block.end:
                j += 1
            self._block(block, units[i:j], parsed[i:j])
            i = j
        return Extraction(tuple(self.claims), tuple(sorted(self.drops, key=lambda d: d.span)))

    def _observe(self, sent: Any, found: list[Frame]) -> None:
        """What a sentence read tells the next ones: its speaker, the last person it names,
        and what "they" and "it" may stand for."""
        if found[0].speaker:
            self.state.last_speaker = found[0].speaker
        for _, _, label, text in entities(sent):
            if label == "PERSON":
                self.state.last_person = self.state.canonical(strip_titles(text))
        self.state.next_sentence(*referents(sent, found[0], self.state))

    def _headline(self, unit: _Unit, sent: Any) -> None:
        # A headline keeps its whole text: its frame ("X says") is part of what it claims.
        if self.text[unit.start : unit.end].rstrip(_QUOTES + " ").endswith("?"):
            self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "question"))
            return
        if unit.inner and not any(t.pos_ in _VERB_POS for t in sent):
            # a section heading ("Early Years") names a topic and states nothing
            self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "heading"))
            return
        if unit.inner and sent[0].tag_ == "VB" and not any(t.dep_ == "nsubj" for t in sent):
            # "Add to favorites", "Watch the video": an instruction to the reader
            self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "instruction"))
            return
        found = frames(sent, self.state)
        span = (unit.start, unit.end)
        self._emit(sent, span, (0, len(sent)), found[0], found[0].head, headline=True)
        self._observe(sent, found)

    def _block(self, block: Block, units: list[_Unit], parsed: list[Any]) -> None:
        found = []
        for sent in parsed:  # each sentence's pronouns read after the sentences before it
            found.append(frames(sent, self.state))
            self._observe(sent, found[-1])
        speakers = self._quote_speakers(block, units, parsed, found)
        for unit, sent, fs in zip(units, parsed, found, strict=True):
            text = self.text[unit.start : unit.end]
            if text.rstrip(_QUOTES + " )").endswith("?"):
                self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "question"))
                continue
            if not any(t.pos_ in _VERB_POS for t in sent):
                self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "no verb"))
                continue
            for frame in fs:
                self._frame(unit, sent, frame, speakers)

    def _quote_speakers(
        self, block: Block, units: list[_Unit], parsed: list[Any], found: list[list[Frame]]
    ) -> list[tuple[int, int, str]]:
        """Each quotation of the block with its speaker, from the sentence that closes or
        opens it, else the quotation before (a quote running over several sentences)."""
        out: list[tuple[int, int, str]] = []
        starts = [u.start for u in units]
        previous: str | None = None
        for q_start, q_end in quote_regions(self.text, block.start, block.end):
            speaker = None
            for at in (q_end - 1, q_start):
                k = bisect.bisect_right(starts, at) - 1
                if k < 0:
                    continue
                frame, base = found[k][0], units[k].start
                if frame.speaker and frame.verb is not None:
                    verb_at = base + frame.verb.idx
                    if not q_start <= verb_at < q_end:
                        speaker = frame.speaker
                        break
            speaker = speaker or previous
            if speaker:
                out.append((q_start, q_end, speaker))
                previous = speaker
        return out

    def _frame(
        self, unit: _Unit, sent: Any, frame: Frame, quotes: list[tuple[int, int, str]]
    ) -> None:
        start, end = frame.content
        if start >= end:
            return
        c_start = unit.start + sent[start].idx
        c_end = unit.start + sent[end - 1].idx + len(sent[end - 1].text)
        speaker, quote = frame.speaker, False
        for q_start, q_end, q_speaker in quotes:
            if min(c_end, q_end) - max(c_start, q_start) >= 0.5 * (c_end - c_start):
                quote = True
                speaker = speaker or q_speaker
                break
        if speaker and frame.speaker is None and frame.verb is None:
            frame = replace(frame, speaker=speaker)
        clauses = segment.clauses(sent, start, end, frame.head)
        for c_start_tok, c_end_tok, head in clauses:
            whole = len(clauses) == 1
            span = (
                (unit.start, unit.end) if whole else self._chars(unit, sent, c_start_tok, c_end_tok)
            )
            own = (
                None
                if head.i == frame.head.i
                else clause_frame(head, self.state, (c_start_tok, c_end_tok))
            )
            if own is not None:  # the clause reports someone: its speaker and content
                self._emit(sent, span, own.content, own, own.head, quote=quote, unit=unit)
                continue
            self._emit(
                sent,
                span,
                (c_start_tok, c_end_tok),
                frame,
                head,
                quote=quote,
                unit=unit,
                speaker=speaker,
            )

    def _chars(self, unit: _Unit, sent: Any, start: int, end: int) -> tuple[int, int]:
        last = sent[end - 1]
        return unit.start + sent[start].idx, unit.start + last.idx + len(last.text)

    def _emit(
        self,
        sent: Any,
        span: tuple[int, int],
        tokens: tuple[int, int],
        frame: Frame,
        head: Any,
        headline: bool = False,
        quote: bool = False,
        unit: _Unit | None = None,
        speaker: str | None = None,
    ) -> None:
        speaker = speaker or frame.speaker
        base = unit.start if unit else span[0]
        pieces = [] if headline else _pieces(tokens, frame.gaps)
        if pieces and frame.insert is not None:
            pieces = _inserted(pieces, frame.insert)
        content = (
            [t for a, b in pieces for t in sent[a:b]] if pieces else list(sent[slice(*tokens)])
        )
        if not headline and not any(t.pos_ in _VERB_POS for t in content):
            c = (base + content[0].idx, base + content[-1].idx + len(content[-1].text))
            self.drops.append(Drop(self.doc.id, c, "fragment"))
            return
        if headline:
            text = _clean(self.text[span[0] : span[1]], speaker)
        else:
            text = _clean(
                self._joined(base, sent, pieces),
                speaker,
                speaker in self.state.people or speaker in self.state.names,
            )
        if not text:
            return
        time = self._time(sent, span, tokens, base)
        self.claims.append(
            Claim(
                id=f"{self.doc.id}:{len(self.claims) + 1}",
                doc=self.doc.id,
                text=text,
                span=span,
                speaker=speaker,
                time=time,
                headline=headline,
                quote=quote,
                entities=names(sent, pieces or [tokens], self.state, text),
                verb=frame.verb.lemma_.lower() if frame.verb is not None else None,
                polarity=polarity(head, frame.verb),
                lemmas=lemmas(content),
            )
        )

    def _joined(self, base: int, sent: Any, pieces: list[tuple[int, int]]) -> str:
        """The text of token ranges, joined over what lies between them (an attribution
        "…, Holder said, …" or a relative clause) without its commas and quote marks."""
        parts = [
            self.text[base + sent[a].idx : base + sent[b - 1].idx + len(sent[b - 1].text)]
            for a, b in pieces
        ]
        text = parts[0]
        for part in parts[1:]:
            part = part.lstrip(_JOIN_EDGE + "“‘")
            space = "" if part[:1] in ".!?…" else " "
            text = f"{text.rstrip(_JOIN_EDGE + '”’')}{space}{part}"
        return text

    def _time(
        self, sent: Any, span: tuple[int, int], tokens: tuple[int, int], base: int
    ) -> TimeRef:
        """The clause's own time expression, else the sentence's (shared by its clauses)."""
        if base not in self.sentence_info:  # once per sentence, not per clause
            self.sentence_info[base] = (timeexpr.forward_weekdays(sent), base + len(sent.text))
        forward, sent_end = self.sentence_info[base]
        published = self.doc.published
        content_at = base + sent[tokens[0]].idx if tokens[0] < len(sent) else base
        own = timeexpr.claim_time(
            self.text[span[0] : span[1]],
            published,
            prefer_after=max(0, content_at - span[0]),
            forward=frozenset(base + f - span[0] for f in forward),
        )
        if own.source == "expression" or span == (base, sent_end):
            return own
        return timeexpr.claim_time(
            self.text[base:sent_end],
            published,
            prefer_after=content_at - base,
            forward=forward,
        )


def extract_all(doc: Document) -> Extraction:
    """The claims of one document, in reading order (ids doc:1, doc:2, ...), and its drops."""
    return extract_many([doc])[0]


def extract_many(docs: Sequence[Document]) -> list[Extraction]:
    """extract_all for many documents, their sentences parsed in one stream (batched across
    documents). To use more cores, callers hand batches of documents to worker processes
    (checker.concurrency): parsing in spaCy's own processes was slower (the parent
    serialises every one-sentence Doc)."""
    extractors = [_Extractor(doc) for doc in docs]
    units = [list(x.units()) for x in extractors]
    texts = (x.text[u.start : u.end] for x, us in zip(extractors, units, strict=True) for u in us)
    parsed = nlp.parse(texts)
    return [
        x.run(us, list(itertools.islice(parsed, len(us))))
        for x, us in zip(extractors, units, strict=True)
    ]


def extract(doc: Document) -> list[Claim]:
    """The claims of one document, in reading order, with ids doc:1, doc:2, ..."""
    return list(extract_all(doc).claims)


def unclaimed(doc: Document, found: list[Claim]) -> tuple[Drop, ...]:
    """What of a document gave no claim, from its claims alone (no parse): its boilerplate
    blocks, and each body sentence no claim starts in ("question", else "no claim")."""
    starts = sorted(c.span[0] for c in found if c.doc == doc.id)
    out = list(boilerplate_drops(doc))
    for block in doc.blocks:
        if block.kind != "body":
            continue
        for s, e in segment.sentences(doc.text, block.start, block.end):
            k = bisect.bisect_left(starts, s)
            if k < len(starts) and starts[k] < e:
                continue
            question = doc.text[s:e].rstrip(_QUOTES + " )").endswith("?")
            out.append(Drop(doc.id, (s, e), "question" if question else "no claim"))
    return tuple(sorted(out, key=lambda d: d.span))


def describe(text: str) -> tuple[tuple[str, ...], tuple[str, ...], Polarity]:
    """Entities, lemmas and polarity of a claim's text alone (for reviewed claim files)."""
    sent = next(nlp.parse([text]))
    frame = frames(sent, SpeakerState())[0]
    return (
        names(sent, [(0, len(sent))], SpeakerState(), text),
        lemmas(sent),
        polarity(frame.head, frame.verb),
    )
