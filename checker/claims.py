"""Split documents into atomic, attributed, dated claims."""

from __future__ import annotations

import re

from checker import segment, timeexpr
from checker.attribution import ENDS_WITH_VERB, NAME, SpeakerState, attribute, strip_titles
from checker.records import Block, Claim, Document

MIN_WORDS = 4
_QUOTES = "“”\"‘’'"
# Capitalised words that open a sentence or clause rather than a name.
_NOT_ENTITY = segment.FUNCTION_WORDS | {
    "Despite", "Since", "After", "Before", "Earlier", "Later", "Some", "Other", "As", "If",
    "While", "When", "Speaking", "Joining", "Discussing", "Participants", "According", "Weeks",
    "Negotiations", "Trump's",
}  # fmt: skip


def _quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quotations (curly or straight double quotes) within a block."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“" or (ch == '"' and open_at is None):
            open_at = i
        elif (ch == "”" or ch == '"') and open_at is not None:
            regions.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        regions.append((open_at, end))
    return regions


def _inside(span: tuple[int, int], region: tuple[int, int]) -> bool:
    overlap = min(span[1], region[1]) - max(span[0], region[0])
    return overlap >= 0.5 * (span[1] - span[0])


def entities(text: str) -> tuple[str, ...]:
    """Capitalised names in a claim (titles dropped), for matching and guards."""
    found: set[str] = set()
    for match in re.finditer(NAME, text):
        name = strip_titles(match.group(0).rstrip("."))
        tokens = [t for t in name.split() if t not in _NOT_ENTITY]
        if tokens and (match.start() > 0 or len(tokens) > 1):
            found.add(" ".join(tokens).replace("’s", "").replace("'s", ""))
    found |= set(re.findall(r"\b(?:19|20)\d\d\b", text))
    return tuple(sorted(found))


def _clean(text: str, speaker: str | None, person: bool) -> str:
    """Whitespace tidied, stray quote marks dropped, a leading pronoun for the speaker named."""
    text = " ".join(text.split()).strip(" ,;:")
    if text.count("“") != text.count("”") or text.startswith(("“", '"')):
        text = text.strip('“”" ,')
    pronoun = r"(?:he|she)\s" if person else r"it\s"
    if speaker and re.match(pronoun, text):
        text = f"{speaker}{text[text.index(' ') :]}"
    return text[:1].upper() + text[1:] if text else text


class _Extractor:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.state = SpeakerState()
        self.claims: list[Claim] = []

    def run(self) -> list[Claim]:
        for block in self.doc.blocks:
            if block.kind != "boilerplate":
                self.state.observe(self.text[block.start : block.end])
        self.state.last_person = None
        for block in self.doc.blocks:
            if block.kind in ("headline", "deck"):
                self._headline(block)
            elif block.kind == "body":
                self._body(block)
        return self.claims

    def _emit(
        self,
        span: tuple[int, int],
        content: tuple[int, int],
        speaker: str | None,
        headline: bool = False,
        quote: bool = False,
    ) -> None:
        text = _clean(self.text[content[0] : content[1]], speaker, speaker in self.state.names)
        if len(text.split()) < MIN_WORDS or text.rstrip(_QUOTES + " ").endswith("?"):
            return
        time = timeexpr.claim_time(
            self.text[span[0] : span[1]], self.doc.published, prefer_after=content[0] - span[0]
        )
        ordinal = len(self.claims) + 1
        self.claims.append(
            Claim(
                f"{self.doc.id}:{ordinal}",
                self.doc.id,
                text,
                span,
                speaker,
                time,
                headline,
                quote,
                entities(text),
            )
        )

    def _headline(self, block: Block) -> None:
        # A headline keeps its whole text: its frame ("X says") is part of what it claims.
        found = attribute(self.text[block.start : block.end], self.state)
        span = (block.start, block.end)
        self._emit(
            span, (block.start, block.start + found.content_end), found.speaker, headline=True
        )

    def _quote_speakers(
        self, block: Block, sentences: list[tuple[int, int]]
    ) -> dict[tuple[int, int], str]:
        """Attribute each quotation in a block from the sentence that opens or closes it."""
        speakers: dict[tuple[int, int], str] = {}
        previous: str | None = None
        for region in _quote_regions(self.text, block.start, block.end):
            closing = next((s for s in sentences if s[0] < region[1] <= s[1]), None)
            opening = next((s for s in sentences if s[0] <= region[0] < s[1]), None)
            speaker = None
            if closing:
                found = attribute(self.text[region[0] : closing[1]], self.state)
                speaker = found.speaker if found.content_end < closing[1] - region[0] else None
            if speaker is None and opening and region[0] > opening[0]:
                lead = re.sub(r"[\s,:]+$", "", self.text[opening[0] : region[0]])
                speaker = (
                    attribute(lead, self.state).speaker if ENDS_WITH_VERB.search(lead) else None
                )
            speaker = speaker or previous
            if speaker:
                speakers[region] = previous = speaker
        return speakers

    def _body(self, block: Block) -> None:
        sentences = segment.sentences(self.text, block.start, block.end)
        quotes = self._quote_speakers(block, sentences)
        for sentence in sentences:
            last: str | None = None
            for start, end, inherit in segment.clauses(self.text, *sentence):
                region = next((r for r in quotes if _inside((start, end), r)), None)
                found = attribute(self.text[start:end], self.state)
                speaker: str | None
                if region is not None:
                    speaker, quote = quotes[region], True
                    content = (
                        max(start, region[0]),
                        min(end, start + found.content_end, region[1]),
                    )
                else:
                    speaker = last if inherit else found.speaker
                    quote = False
                    content = (start + found.content_start, start + found.content_end)
                    if inherit:
                        content = (start, end)
                if speaker:
                    self.state.last_speaker = last = speaker
                self._emit((start, end), content, speaker, quote=quote)


def extract(doc: Document) -> list[Claim]:
    """The claims of one document, in reading order, with ids doc:1, doc:2, ..."""
    return _Extractor(doc).run()
