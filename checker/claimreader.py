"""Read one document's sentences in order into claims: headlines and in-article headings
whole, body sentences by their frames (checker.assembly), each sentence's speakers and
referents carried to the next, each quotation given its speaker. What states nothing is
dropped with its reason: questions, headings, instructions, sentences without a verb.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from checker import segment
from checker.assembly import ClaimAssembler, Unit
from checker.attribution import Frame, SpeakerState, frames, quote_regions, referents, strip_titles
from checker.boilerplate import dropped as boilerplate_drops
from checker.claimtext import QUOTES, VERB_POS, entities
from checker.furniture import dateline_prefix
from checker.models import nlp
from checker.records import Block, Claim, Document, Drop


@dataclass(frozen=True)
class Extraction:
    """A document's claims and what of it gave none."""

    claims: tuple[Claim, ...]
    dropped: tuple[Drop, ...]


class Extractor:
    """One document read: units() gives the spans to parse, run() reads them parsed."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.state = SpeakerState()
        self.drops: list[Drop] = list(boilerplate_drops(doc))
        self.assembler = ClaimAssembler(doc, self.state, self.drops)
        # the speaker of the previous paragraph's quotation when it was left open at its
        # end: a paragraph that opens with a quotation goes on quoting them (news style)
        self.quoting: str | None = None

    def units(self) -> Iterator[Unit]:
        first = True
        for block in self.doc.blocks:
            if block.kind in ("headline", "deck"):
                yield Unit(block.start, block.end, True, not first)
            elif block.kind == "body":
                for s, e in segment.sentences(self.text, block.start, block.end):
                    if first:  # "WASHINGTON — The committee …": the place is no part of it
                        first, at = False, dateline_prefix(self.text, s, e)
                        if at > s:
                            self.drops.append(Drop(self.doc.id, (s, at), "dateline"))
                            s = at
                    for cs in range(s, e, nlp.MAX_CHARS):  # a runaway "sentence" in pieces
                        yield Unit(cs, min(e, cs + nlp.MAX_CHARS), False)

    def run(self, units: list[Unit], parsed: list[Any]) -> Extraction:
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
        if len(units) == 1 and not units[0].headline and not self.assembler.claims:
            self._lone(units[0], parsed[0])
        return Extraction(
            tuple(self.assembler.claims), tuple(sorted(self.drops, key=lambda d: d.span))
        )

    def _observe(self, sent: Any, found: list[Frame]) -> None:
        """What a sentence read tells the next ones: its speaker, the last person it names,
        and what "they" and "it" may stand for."""
        if found[0].speaker:
            self.state.last_speaker = found[0].speaker
        for _, _, label, text in entities(sent):
            if label == "PERSON":
                self.state.last_person = self.state.canonical(strip_titles(text))
        self.state.next_sentence(*referents(sent, found[0], self.state))

    def _headline(self, unit: Unit, sent: Any) -> None:
        # A headline keeps its whole text: its frame ("X says") is part of what it claims.
        if self.text[unit.start : unit.end].rstrip(QUOTES + " ").endswith("?"):
            self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "question"))
            return
        if unit.inner and not any(t.pos_ in VERB_POS for t in sent):
            # a section heading ("Early Years") names a topic and states nothing
            self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "heading"))
            return
        if unit.inner and sent[0].tag_ == "VB" and not any(t.dep_ == "nsubj" for t in sent):
            # "Add to favorites", "Watch the video": an instruction to the reader
            self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "instruction"))
            return
        found = frames(sent, self.state)
        span = (unit.start, unit.end)
        self.assembler.emit(sent, span, (0, len(sent)), found[0], found[0].head, headline=True)
        self._observe(sent, found)

    def _lone(self, unit: Unit, sent: Any) -> None:
        """An article of one sentence is a claim whatever the parse made of it, as a
        headline is ("A brown dog leaps into water", its verb tagged a noun; "A man on a
        horse"): it is all the article states. A question still states nothing."""
        if self.text[unit.start : unit.end].rstrip(QUOTES + " )").endswith("?"):
            return
        span = (unit.start, unit.end)
        self.drops = [d for d in self.drops if d.span != span]
        found = frames(sent, self.state)
        self.assembler.emit(sent, span, (0, len(sent)), found[0], found[0].head, whole=True)

    def _block(self, block: Block, units: list[Unit], parsed: list[Any]) -> None:
        found = []
        for sent in parsed:  # each sentence's pronouns read after the sentences before it
            found.append(frames(sent, self.state))
            self._observe(sent, found[-1])
        speakers = self._quote_speakers(block, units, parsed, found)
        for unit, sent, fs in zip(units, parsed, found, strict=True):
            text = self.text[unit.start : unit.end]
            if text.rstrip(QUOTES + " )").endswith("?"):
                self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "question"))
                continue
            if not any(t.pos_ in VERB_POS for t in sent):
                self.drops.append(Drop(self.doc.id, (unit.start, unit.end), "no verb"))
                continue
            for frame in fs:
                self.assembler.add_frame(unit, sent, frame, speakers)

    def _quote_speakers(
        self, block: Block, units: list[Unit], parsed: list[Any], found: list[list[Frame]]
    ) -> list[tuple[int, int, str]]:
        """Each quotation of the block with its speaker, from the sentence that closes or
        opens it, else the quotation before (a quote running over several sentences), or,
        for a quotation opening the paragraph, the quotation the paragraph before left open."""
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
            if speaker is None and previous is None and not self.text[block.start : q_start]:
                previous = self.quoting
            speaker = speaker or previous
            if speaker:
                out.append((q_start, q_end, speaker))
                previous = speaker
        # news style: a quotation that goes on into the next paragraph is left open at the
        # end of this one
        last = out[-1] if out else None
        open_at_end = (
            last is not None and last[1] == block.end and self.text[last[1] - 1] not in '”"'
        )
        self.quoting = last[2] if last is not None and open_at_end else None
        return out
