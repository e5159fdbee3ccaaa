"""Claims from the frames of a parsed sentence: a frame's content split into its coordinated
clauses, each made a claim (its speaker, quotation, time, names, verb and polarity) or, when
it holds no verb, dropped as a fragment.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from checker import segment, timeexpr
from checker.attribution import Frame, SpeakerState, clause_frame, polarity
from checker.claimtext import VERB_POS, clean, content_ranges, joined, lemmas, names, with_insert
from checker.records import Claim, Document, Drop, TimeRef


@dataclass(frozen=True)
class Unit:
    """A span parsed as one sentence: a headline, a heading or a body sentence (a runaway
    one in pieces)."""

    start: int
    end: int
    headline: bool
    inner: bool = False  # a heading inside the article, below its first paragraph


class ClaimAssembler:
    """One document's claims, numbered in the order they are made (ids doc:1, doc:2, ...)."""

    def __init__(self, doc: Document, state: SpeakerState, drops: list[Drop]) -> None:
        self.doc = doc
        self.text = doc.text
        self.state = state
        self.claims: list[Claim] = []
        self.drops = drops  # the reader's list too: one list, in the order things are dropped
        # sentence start -> (weekdays pointing ahead, sentence end)
        self.sentence_info: dict[int, tuple[frozenset[int], int]] = {}

    def add_frame(
        self, unit: Unit, sent: Any, frame: Frame, quotes: list[tuple[int, int, str]]
    ) -> None:
        """A frame's content as claims, one per coordinated clause: a clause that reports
        someone has its own speaker; content mostly inside a quotation is a quote, its
        speaker the quotation's when the frame names none."""
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
                self.emit(sent, span, own.content, own, own.head, quote=quote, unit=unit)
                continue
            self.emit(
                sent,
                span,
                (c_start_tok, c_end_tok),
                frame,
                head,
                quote=quote,
                unit=unit,
                speaker=speaker,
            )

    def _chars(self, unit: Unit, sent: Any, start: int, end: int) -> tuple[int, int]:
        last = sent[end - 1]
        return unit.start + sent[start].idx, unit.start + last.idx + len(last.text)

    def emit(
        self,
        sent: Any,
        span: tuple[int, int],
        tokens: tuple[int, int],
        frame: Frame,
        head: Any,
        headline: bool = False,
        quote: bool = False,
        unit: Unit | None = None,
        speaker: str | None = None,
        whole: bool | None = None,
    ) -> None:
        """One claim of the token range (less the frame's gaps), or a "fragment" drop when
        what is left holds no verb. whole (a headline's default): the span's text as it
        stands, frame and all, verb or not."""
        speaker = speaker or frame.speaker
        base = unit.start if unit else span[0]
        whole = headline if whole is None else whole
        pieces = [] if whole else content_ranges(tokens, frame.gaps)
        if pieces and frame.insert is not None:
            pieces = with_insert(pieces, frame.insert)
        content = (
            [t for a, b in pieces for t in sent[a:b]] if pieces else list(sent[slice(*tokens)])
        )
        if not whole and not any(t.pos_ in VERB_POS for t in content):
            c = (base + content[0].idx, base + content[-1].idx + len(content[-1].text))
            self.drops.append(Drop(self.doc.id, c, "fragment"))
            return
        if whole:
            text = clean(self.text[span[0] : span[1]], speaker)
        else:
            text = clean(
                joined(self.text, base, sent, pieces),
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
