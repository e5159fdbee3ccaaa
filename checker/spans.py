"""Dates attached by the parse to one named holder: two year ranges of one person's tenure,
and one planned act given two dates.

A year range ("served from 1967 to 1979") belongs to the name its clause hangs on: the noun a
relative clause modifies ("Edward Brooke, who served ..."), the verb's named subject, or else
the name nearest the verb within its clause ("... since Edward Brooke, a Republican, held the
seat from 1966 to 1978", where the parse makes another noun the subject). Two claims that give
one holder two overlapping ranges, both ends differing, give two accounts of one tenure: a
conflict whatever the claims' times (checker.contradict.DATED).

A planned act ("X will be leaving ... on January 1" / "X would be retiring at the end of
February") is a verb with a modal of the future (will, would, shall: closed-class words) whose
named subject is one holder in both claims, each verb carrying a calendar date (a spaCy DATE
entity naming a month) that shares neither month nor day with the other. The kind follows the
claims' times: reports of different days give the plan as it moved on (temporal).

No word list: entity labels, dependencies and lemmas are spaCy's (checker.models.nlp), month
names the standard library's calendar; the parse is only asked about pairs whose years or
month names could clash (could_clash).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from checker.rules import Reading

# The evidence names (the verdict's feature when the override decides).
YEAR_SPAN = "year_span_clash"
DATED_PLAN = "dated_plan_changed"
# Entity labels that name a holder of a tenure or a plan (spaCy's label scheme).
HOLDERS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# The modals that put an act in the future (English closed-class words).
_FUTURE = frozenset({"will", "would", "shall", "'ll", "’ll"})
# The prepositions that open and close a range of years.
_OPENS = frozenset({"from", "between"})
_CLOSES = frozenset({"to", "until", "through", "till", "and"})
_MONTHS = frozenset(m.lower() for m in calendar.month_name if m)
_MONTH_WORD = re.compile(r"\b(" + "|".join(sorted(m.title() for m in _MONTHS)) + r")\b")
_FUTURE_WORD = re.compile(r"\b(?:will|would|shall)\b|['’]ll\b", re.IGNORECASE)

Found = tuple[str, str] | None


@dataclass(frozen=True)
class Span:
    """A year range and the key of the name it hangs on (the name's last word, lowered)."""

    holder: str
    first: int
    last: int
    words: str


@dataclass(frozen=True)
class Plan:
    """A future act's verb lemma, its named subject's key and the date it carries."""

    holder: str
    verb: str
    date: str
    tokens: frozenset[str]


def could_clash(a: Reading, b: Reading) -> bool:
    """Whether the parse could find a clash: two years in each claim, some not shared; or a
    month named in each claim, not the same ones, each with a future modal."""
    if len(a.year_values) >= 2 and len(b.year_values) >= 2 and a.year_values != b.year_values:
        return True
    ma, mb = _months(a.text), _months(b.text)
    future = bool(_FUTURE_WORD.search(a.text) and _FUTURE_WORD.search(b.text))
    return bool(ma and mb and ma != mb and future)


def _months(text: str) -> frozenset[str]:
    return frozenset(m.lower() for m in _MONTH_WORD.findall(text))


def clash(a: Reading, b: Reading, parse: Callable[[str], Any]) -> Found:
    """(evidence name, the words a reviewer checks) where one holder has two ranges of years
    or one planned act two dates, else None."""
    if not could_clash(a, b):
        return None
    da, db = parse(a.text), parse(b.text)
    for x in spans(da):
        for y in spans(db):
            if x.holder == y.holder and _differ(x, y):
                return YEAR_SPAN, (
                    f"two ranges of years for one holder ('{x.holder}', by the parse): "
                    f"{x.words} against {y.words}"
                )
    for p in plans(da):
        for q in plans(db):
            if p.holder == q.holder and not p.tokens & q.tokens:
                return DATED_PLAN, (
                    f"one planned act of '{p.holder}' given two dates ({p.verb} {p.date} "
                    f"against {q.verb} {q.date})"
                )
    return None


def _differ(x: Span, y: Span) -> bool:
    """Two accounts of one tenure: the ranges overlap and both ends differ."""
    overlap = x.first <= y.last and y.first <= x.last
    return overlap and x.first != y.first and x.last != y.last


def spans(doc: Any) -> Iterator[Span]:
    """Each range of years "from Y1 to Y2" ("between Y1 and Y2") a verb governs, with the
    name it hangs on."""
    for opener in doc:
        if opener.lower_ not in _OPENS or opener.dep_ != "prep":
            continue
        first = _year(opener)
        if first is None:
            continue
        ends = [
            (t, _year(first) if t.dep_ == "cc" else _year(t))  # "and 1995": first's conj
            for t in (*opener.head.children, *opener.children, *first.children)
            if t.lower_ in _CLOSES and t.i > opener.i
        ]
        closer, last = next(((t, y) for t, y in ends if y is not None), (None, None))
        if closer is None or last is None or int(last.text) < int(first.text):
            continue
        holder = _holder(opener.head)
        if holder:
            words = f"{opener.text} {first.text} {closer.text} {last.text}"
            yield Span(holder, int(first.text), int(last.text), words)


def _year(token: Any) -> Any:
    """The year a preposition (or a coordinating "and") takes as its object, or None."""
    for t in token.children:
        if t.dep_ in ("pobj", "conj") and len(t.text) == 4 and t.text.isdigit():
            return t
    return None


def _holder(verb: Any) -> str:
    """The key of the name a verb's clause hangs on: the named noun a relative or reduced
    clause modifies, the verb's named subject, else the nearest name within the clause."""
    if verb.dep_ in ("relcl", "acl") and _named(verb.head):
        return _key(verb.head)
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subject is not None and _named(subject):
        return _key(subject)
    # A compound is part of a longer name, an appositive describes the name it hangs on.
    names = [t for t in verb.subtree if _named(t) and t.dep_ not in ("compound", "appos")]
    nearest = min(names, key=lambda t: abs(t.i - verb.i), default=None)
    return _key(nearest) if nearest is not None else ""


def _named(token: Any) -> bool:
    return bool(token.ent_type_ in HOLDERS and token.pos_ == "PROPN")


def _key(token: Any) -> str:
    return str(token.text).lower()


def plans(doc: Any) -> Iterator[Plan]:
    """Each verb with a future modal and a named subject that carries a month's date."""
    for verb in doc:
        if verb.pos_ != "VERB" or not any(
            c.dep_ == "aux" and c.lower_ in _FUTURE for c in verb.children
        ):
            continue
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is None or not _named(subject):
            continue
        for date in doc.ents:
            if date.label_ == "DATE" and _months(date.text) and _attached(date, verb):
                words = frozenset(t.lower_ for t in date if t.lower_ in _MONTHS or t.like_num)
                head = date.root.head
                said = f"{head.text} {date.text}" if head.dep_ == "prep" else date.text
                yield Plan(_key(subject), verb.lemma_.lower(), said, words)


def _attached(date: Any, verb: Any) -> bool:
    """Whether a date phrase modifies the verb itself: its root hangs on the verb, directly
    or through one preposition."""
    root = date.root
    head = root.head
    return bool(head.i == verb.i or (head.dep_ == "prep" and head.head.i == verb.i))
