"""Aligned slots of two claims: the figures, dates, names and words on which two near-identical
statements differ, and the bounds one claim puts on a figure the other states.

Two readings of one fact often differ in one place only ("more than 1,000 cases" / "fewer than
500 cases"; "founded in 1955" / "founded after 1956"; "won by Smith" / "won by Jones"), which
an NLI model trained on captions barely sees. The tokens of both claims are aligned
(difflib's longest matching blocks) and each replaced stretch is read: numbers that differ,
capitalised words (a name) that differ, one content word for another. A number with a bound
("more than", "at most": rules.BOUNDS, English function words) is an interval, and a bound
that no comparable figure of the other claim meets is a clash. No list of any data set's
words: stop words are spaCy's, the bound words the language's comparatives.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from checker import rules
from checker.rules import Number

# A replaced stretch longer than this is a rewording, not one slot changed.
STRETCH = 3
# "about 500" stands for a figure within this share of 500.
APPROXIMATE = 0.1
# A multiple of this is a round figure, which writers bound loosely ("more than 800,000").
ROUND = 100
# ... and written with at most this many significant digits: "$78.6 million" is exact.
SIGNIFICANT = 2


@dataclass(frozen=True)
class Interval:
    """The values a figure allows; an open end excludes its own value ("more than 71")."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low and (self.high_open or other.low_open):
            return False
        return not (other.high == self.low and (other.high_open or self.low_open))


def interval(n: Number, exact: bool = False) -> Interval:
    """The values a figure allows. A strict bound on a round figure (_round) keeps its own
    value unless exact: news writes "more than 800,000" and "an estimated 800,000" of one
    count (BASIL's end-to-end findings, read: bench/judge.md); "more than 71 critics"
    against 71 is a clash."""
    v = n.value
    strict = exact or not _round(v)
    if n.bound in (">", ">="):
        return Interval(v, math.inf, low_open=n.bound == ">" and strict)
    if n.bound in ("<", "<="):
        return Interval(-math.inf, v, high_open=n.bound == "<" and strict)
    if n.bound == "~":
        return Interval(v * (1 - APPROXIMATE), v * (1 + APPROXIMATE))
    return Interval(v, v)


def _round(v: float) -> bool:
    """Whether a figure is round as writers round: a multiple of ROUND with at most
    SIGNIFICANT significant digits ("800,000", "1,500", "$250 million"), not a figure
    given to the last digit it can ("$78.6 million", "1,626,205")."""
    if v < ROUND or v % ROUND:
        return False
    digits = str(int(v)).rstrip("0")
    return len(digits) <= SIGNIFICANT


def _slot(n: Number) -> frozenset[str]:
    return frozenset(w for w in n.context if not w.startswith("<") and w not in "$%€£")


def comparable(
    x: Number,
    y: Number,
    xs: Sequence[Number],
    ys: Sequence[Number],
    least: int = rules.SLOT_WORDS,
    dated: bool = False,
) -> bool:
    """Two figures of one thing: one unit, and a context word in common, or one sign ($,
    %) of which each is its claim's only figure (bare counts alone are not enough: "about
    600 supporters" / "the 12-nation deal"). Years (dated) are held so where one bounds its
    year: each claim's only year dates one thing ("built before 2017" / "In 2018 it was
    said that it had been built")."""
    if x.unit != y.unit:
        return False
    alone = sum(n.unit == x.unit for n in xs) == 1 and sum(n.unit == y.unit for n in ys) == 1
    comparative = x.bound in (">", ">=", "<", "<=")
    if x.unit or (dated and comparative):
        # An approximation is held against the other claim's only sum of money only where
        # they share a word: "repaid about $60,000" / "converting $250,000" are two sums.
        return (alone and comparative) or bool(_slot(x) & _slot(y))
    # Bare counts need what they count in common ("206 goals" / "less than 206 goals"), or
    # `least` context words (rules.SLOT_WORDS, as rules.clash asks), or one where a
    # comparative bounds a figure ("scored less than 206" / "With 206 goals, he scored"); an
    # approximation ("about two hours" / "9 families") is not held so against a bare count.
    # Years date one thing where they share a word: bounds() is called with least 1.
    if comparative:
        least = 1
    return (bool(x.head) and x.head == y.head) or len(_slot(x) & _slot(y)) >= least


def _kinship(x: Number, y: Number) -> tuple[bool, int]:
    """How surely y gives what x bounds: the same counted noun ("more than 28 critics" /
    "28 critics", not "69 out of 100 ... critics"), then the context words in common."""
    return bool(x.head) and x.head == y.head, len(_slot(x) & _slot(y))


@dataclass(frozen=True)
class Bounds:
    """A bounded figure no comparable figure of the other claim meets (clash), or one that
    some comparable figure meets (agrees)."""

    clash: tuple[Number, Number] | None
    agrees: bool


def bounds(
    a: Sequence[Number], b: Sequence[Number], least: int = rules.SLOT_WORDS, dated: bool = False
) -> Bounds:
    """A bounded figure is held against the other claim's comparable figures that count
    the same noun or share the most context words with it (a total against a total, not
    against a part)."""
    agrees = False
    for xs, ys in ((a, b), (b, a)):
        for x in xs:
            if not x.bound:
                continue
            others = [y for y in ys if comparable(x, y, xs, ys, least, dated)]
            if not others:
                continue
            most = max(_kinship(x, y) for y in others)
            others = [y for y in others if _kinship(x, y) == most]
            if any(_meet(x, y) for y in others):
                agrees = True
            else:
                return Bounds((x, others[0]), agrees)
    return Bounds(None, agrees)


def _meet(x: Number, y: Number) -> bool:
    """Whether two figures can be one value. Bounds in opposite directions on one round
    figure ("over 50 million views" / "fewer than 50 million views") exclude it: the
    leniency for round figures is for a bound against a figure stated as such."""
    exact = {x.bound[:1], y.bound[:1]} == {">", "<"} and x.value == y.value
    return interval(x, exact).meets(interval(y, exact))


@dataclass(frozen=True)
class Diff:
    """What the aligned tokens of two claims differ in: the share of tokens they share
    (difflib's ratio) and the first replaced stretch of each kind, as written."""

    similarity: float
    number: tuple[str, str] | None = None
    year: tuple[str, str] | None = None
    name: tuple[str, str] | None = None
    word: tuple[str, str] | None = None


def diff(a: str, b: str) -> Diff:
    ta, tb = rules.tokens(a), rules.tokens(b)
    matcher = difflib.SequenceMatcher(
        None, [t.lower() for t in ta], [t.lower() for t in tb], autojunk=False
    )
    found: dict[str, tuple[str, str]] = {}
    changes = [c for c in matcher.get_opcodes() if c[0] != "equal"]
    # A name swapped is one change among names: where names are also added or dropped
    # elsewhere ("X and Y met" / "X spoke to A, B and C"), the claims list different people.
    named = sum(
        _capitalised(ta[i1:i2], i1) or _capitalised(tb[j1:j2], j1) for _, i1, i2, j1, j2 in changes
    )
    for op, i1, i2, j1, j2 in changes:
        if op != "replace":
            continue
        left, right = _names(ta[i1:i2]), _names(tb[j1:j2])
        if not (left and right and i1 and j1):
            left, right = ta[i1:i2], tb[j1:j2]
        if max(len(left), len(right)) > STRETCH:
            continue
        kind = _kind(_read(ta, i1, left), _read(tb, j1, right), left, right, i1 == 0 or j1 == 0)
        if kind and kind not in found:
            found[kind] = (" ".join(left), " ".join(right))
    name = found.get("name") if named == 1 else None
    return Diff(round(matcher.ratio(), 6), found.get("number"), found.get("year"), name,
                found.get("word"))  # fmt: skip


def _capitalised(stretch: list[str], start: int) -> bool:
    """Whether a stretch holds a capitalised word that does not open its sentence."""
    return any(w[:1].isupper() and w.isalpha() for k, w in enumerate(stretch) if start + k)


def _names(stretch: list[str]) -> list[str]:
    """The capitalised words a replaced stretch begins with (a name, then whatever else the
    rewording replaced: "Wilson Fisk and in 2010 they married" / "Elon Musk")."""
    run: list[str] = []
    for w in stretch:
        if not (w.isalpha() and w[0].isupper()):
            break
        run.append(w)
    return run


Figures = tuple[list[Number], list[Number]]


def _read(tokens: list[str], start: int, stretch: list[str]) -> Figures:
    """The numbers and years of a replaced stretch, read with the words before it, so that
    a bound kept outside the stretch still bounds them ("less than $ 99" / "over $ 98")."""
    numbers, years = rules.numbers_in(" ".join(tokens[max(0, start - 3) : start + len(stretch)]))
    written = " ".join(stretch)
    return [n for n in numbers if n.text in written], [n for n in years if n.text in written]


def _kind(lf: Figures, rf: Figures, left: list[str], right: list[str], initial: bool) -> str | None:
    """What one replaced stretch changes: a number or a year (values no bound reconciles),
    a name (capitalised words, not a sentence's first), one content word; None otherwise."""
    (ln, ly), (rn, ry) = lf, rf
    if ly and ry and not {n.value for n in ly} & {n.value for n in ry}:
        return "year"
    if ln and rn and not any(interval(x).meets(interval(y)) for x in ln for y in rn):
        return "number"
    if ln or rn or ly or ry:
        return None
    words = [w for w in (*left, *right) if w.isalpha()]
    if not words or len(words) != len(left) + len(right):
        return None
    if not initial and all(w[0].isupper() for w in words):
        return "name"
    stop = rules.stop_words()
    one = len(left) == 1 and len(right) == 1
    if one and all(w.islower() and w not in stop for w in words):
        return "word"
    return None


# The aligned-slot features and the Diff field each reads.
_CHANGED = {"diff_number": "number", "diff_year": "year", "diff_name": "name", "diff_word": "word"}


def dated_change(a: str, b: str, when: tuple[str | None, str | None], feature: str) -> bool:
    """Whether the change a diff_* feature decided on is the claims' own dates: the stretch
    that differs lies inside each claim's time expression (`when`), as in "The vote was held
    in November." / "… in June.": one event dated twice, a conflict, not a story that moved
    on between two times."""
    field_name = _CHANGED.get(feature)
    if field_name is None or not (when[0] and when[1]):
        return False
    changed: tuple[str, str] | None = getattr(diff(a, b), field_name)
    return changed is not None and changed[0] in when[0] and changed[1] in when[1]
