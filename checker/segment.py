"""Rule-based sentence and clause segmentation that keeps character offsets.

Sentences end at . ! ? (and closing quotes after them) followed by a capital, digit or
opening quote, unless the period ends an abbreviation ("U.S.", "Feb.", "Mr.", "E.", and the
lower-case ones spaCy's English tokenizer exceptions list: "v.", "vs.", "e.g.").
Clauses come from spaCy's parse of a sentence: coordinated verbs with subjects of their own.
"""

from __future__ import annotations

import re
from typing import Any

from checker.models import nlp

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
    if token[:-1].lower() in ABBREVIATIONS:
        return True
    # spaCy's lower-case ones ("Roe v. Wade", "e.g. China") never end a sentence before a
    # capital; its capitalised ones are mostly places, which often do ("in Concord, Calif.
    # Dukes is …": 9 of 14 such breaks on BASIL and AllSides), so they are not taken.
    word = text[: dot + 1].rsplit(maxsplit=1)[-1]  # the whole word: "don't." is no "t."
    return word[0].islower() and word in nlp.abbreviations()


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


_SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj")
# Words that join two clauses: "and", "but", ";" (and a comma before them).
_JOINS = frozenset({"cc", "punct"})
# "…, while the mayor declared …", "…, because X has said …": such a clause states
# something of its own.
_CONTRAST = frozenset({"while", "whereas", "because"})


def own_subject(sent: Any, verb: Any) -> Any:
    """A coordinated verb's own subject; also where the parser hung it on the object before
    ("attacked the town and Ukraine did not attack": "Ukraine" as a conjunct of "town")."""
    subject = next((g for g in verb.children if g.dep_ in _SUBJECTS), None)
    if subject is not None:
        return subject
    before = verb.left_edge.i - 1
    if (
        before > 0
        and sent[before].dep_ == "conj"
        and sent[before].pos_ in ("PROPN", "NOUN", "PRON")
        and sent[sent[before].left_edge.i - 1].dep_ == "cc"
        and verb.left_edge.i < verb.i
    ):
        return sent[before]
    return None


def joined(sent: Any, at: int, end: int) -> bool:
    """Whether a clause ending before token `at` is joined to the next by ";" or by
    ", but" / ", and" (a conjunction: the next clause states something of its own)."""
    if sent[at].text == ";":
        return True
    nxt = at + 1 if sent[at].text == "," else at
    return nxt < end and sent[nxt].dep_ == "cc" and sent[nxt].lower_ in ("but", "and", "yet")


def clauses(sent: Any, start: int, end: int, head: Any) -> list[tuple[int, int, Any]]:
    """Token ranges (start, end, head) of the clauses of a parsed sentence's tokens
    start..end whose head is head: coordinated ("and", "but") or ";"-joined verbs with a
    subject of their own are clauses of their own; "X came and left" stays one."""
    heads: list[Any] = []
    stack = [head]
    while stack:
        for child in stack.pop().children:
            contrast = child.dep_ == "advcl" and any(
                g.dep_ == "mark" and g.lower_ in _CONTRAST for g in child.children
            )
            if (
                (child.dep_ in ("conj", "parataxis") or contrast)
                and child.pos_ in ("VERB", "AUX")
                and start < child.left_edge.i
                and child.i < end
                and own_subject(sent, child) is not None
            ):
                heads.append(child)
                stack.append(child)
    out: list[tuple[int, int, Any]] = []
    begin, current = start, head
    for child in head.children:
        # "Analysts doubt it; the mayor is trailing": a clause before a ";" the parser hung
        # on the verb after it.
        after = child.right_edge.i + 1
        if (
            child.i < head.i
            and child.dep_ in ("ccomp", "parataxis")
            and child.left_edge.i == start
            and after < end
            and joined(sent, after, end)
            and own_subject(sent, child) is not None
        ):
            out.append((start, after, child))
            begin = after + 1
            while begin < end and sent[begin].dep_ in _JOINS:
                begin += 1
    for conj in sorted(heads, key=lambda t: t.i):
        at = min(own_subject(sent, conj).left_edge.i, conj.i)
        # A misparsed "Lima, Peru but the mayor indicated": the "but" sits in the subject.
        at = next((t.i + 1 for t in sent[at : conj.i] if t.lower_ in ("but", "yet")), at)
        cut = at
        while (
            cut > begin
            and sent[cut - 1].text != '"'
            and (sent[cut - 1].dep_ in _JOINS or sent[cut - 1].lower_ in _CONTRAST)
        ):
            cut -= 1
        if cut == at or (conj.dep_ == "parataxis" and sent[at - 1].text != ";"):
            continue  # nothing joins them ("he said they left"), or a quote's "she said"
        out.append((begin, cut, current))
        begin, current = at, conj
    out.append((begin, end, current))
    return [c for c in out if c[1] > c[0]]
