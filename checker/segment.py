"""Rule-based sentence and clause segmentation that keeps character offsets.

Sentences end at . ! ? (and closing quotes after them) followed by a capital, digit or
opening quote, unless the period ends an abbreviation ("U.S.", "Feb.", "Mr.", "E.").
Clauses split a sentence where it joins independent statements (", adding that",
"; ", ", but he ...").
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "capt",
        "sgt",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "etc",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "ave",
        "blvd",
        "dept",
        "est",
        "approx",
        "fig",
        "op",
        "rev",
        "hon",
        "pres",
        "gov't",
        "adm",
        "cmdr",
        "maj",
    ]
)
# Capitalised words that open sentences and never start a name.
FUNCTION_WORDS = frozenset([
    "The", "He", "She", "It", "They", "We", "I", "But", "And", "In", "On", "At", "This",
    "That", "These", "Those", "A", "An", "His", "Her", "Its", "Their", "There", "However",
])  # fmt: skip
# After "U.S." these words start a new sentence rather than continue a noun phrase.
_STARTERS = FUNCTION_WORDS | {"Meanwhile", "Still", "Yet", "So"}
_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)")
_OPENERS = "\"“‘'(["


def _is_abbreviation(text: str, dot: int, next_word: str) -> bool:
    """Whether the period at text[dot] ends an abbreviation, not a sentence."""
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENERS:
        start -= 1
    token = text[start : dot + 1]
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", token):  # U.S., a.m., D.C.
        return next_word not in _STARTERS
    if re.fullmatch(r"[A-Z]\.", token):  # an initial
        return True
    return token[:-1].lower() in ABBREVIATIONS


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end]."""
    out: list[tuple[int, int]] = []
    begin = start
    for m in _END.finditer(text, start, end):
        after = m.end()
        nxt = after
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end:
            break
        ch = text[nxt]
        if not (ch.isupper() or ch.isdigit() or ch in _OPENERS):
            continue
        if m.group(0).rstrip("\"”’')]") == ".":
            next_word = re.match(r"[\w’']+", text[nxt:end])
            if _is_abbreviation(text, m.start(), next_word.group(0) if next_word else ""):
                continue
        if m.group(0).startswith("...") or m.group(0).startswith("…"):
            # An ellipsis before a capital is usually an elision inside a quote.
            continue
        out.append((begin, after))
        begin = nxt
    if begin < end:
        out.append((begin, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in out) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_SUBJECT = (
    r"(?:[A-Z][\w’'\-]*|he|she|they|it|we|i|you|those|these|this|that|the|its|his|her|their)\b"
)
# (pattern, whether the second part keeps the first part's speaker)
CLAUSE_BREAKS: tuple[tuple[re.Pattern[str], bool], ...] = (
    (
        re.compile(
            r",\s+(?:adding|noting|saying|stressing|insisting|arguing|warning)\s+(?:that\s+)?"
        ),
        True,
    ),
    (re.compile(r";\s+(?:but\s+|and\s+)?"), False),
    (re.compile(rf",?\s+but\s+(?={_SUBJECT}\s+\w)"), False),
    (re.compile(rf",\s+(?:while|whereas|and|because)\s+(?={_SUBJECT}\s+\w)"), False),
)
MIN_CLAUSE_WORDS = 4


def _quote_depth(text: str, start: int, pos: int) -> int:
    """Open curly/straight quotes between start and pos (odd straight quotes count as open)."""
    chunk = text[start:pos]
    curly = chunk.count("“") - chunk.count("”")
    straight = chunk.count('"') % 2
    return max(curly, 0) + straight


def clauses(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Split a sentence span into clause spans; the flag says a clause inherits the speaker
    of the clause before it (", adding that ...")."""
    for pattern, inherit in CLAUSE_BREAKS:
        for m in pattern.finditer(text, start, end):
            after_quote = text[m.start() - 1 : m.start()] in ("”", '"')
            if _quote_depth(text, start, m.start()) or (after_quote and not inherit):
                continue
            left, right = _trim(text, start, m.start()), _trim(text, m.end(), end)
            if min(_words(text, *left), _words(text, *right)) < MIN_CLAUSE_WORDS:
                continue
            head = clauses(text, *left)
            tail = clauses(text, *right)
            return [*head, (tail[0][0], tail[0][1], inherit), *tail[1:]]
    return [(start, end, False)]


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())
