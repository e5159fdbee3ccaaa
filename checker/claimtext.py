"""A claim's text and features from the tokens of its parsed sentence: the token ranges it
keeps, their text joined and tidied, the names it holds and its content-word lemmas.
"""

from __future__ import annotations

import re
from typing import Any

from checker.attribution import SpeakerState, strip_titles

QUOTES = "“”\"‘’'"
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
VERB_POS = ("VERB", "AUX")
_JOIN_EDGE = " ,;:—–-\"'"


def clean(text: str, speaker: str | None, person: bool = True) -> str:
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


def content_ranges(
    tokens: tuple[int, int], gaps: tuple[tuple[int, int], ...]
) -> list[tuple[int, int]]:
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


def with_insert(
    pieces: list[tuple[int, int]], insert: tuple[int, int, int]
) -> list[tuple[int, int]]:
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


def joined(text: str, base: int, sent: Any, pieces: list[tuple[int, int]]) -> str:
    """The text of token ranges, joined over what lies between them (an attribution
    "…, Holder said, …" or a relative clause) without its commas and quote marks."""
    parts = [
        text[base + sent[a].idx : base + sent[b - 1].idx + len(sent[b - 1].text)] for a, b in pieces
    ]
    out = parts[0]
    for part in parts[1:]:
        part = part.lstrip(_JOIN_EDGE + "“‘")
        space = "" if part[:1] in ".!?…" else " "
        out = f"{out.rstrip(_JOIN_EDGE + '”’')}{space}{part}"
    return out
