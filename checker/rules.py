"""What a claim states that a contradiction can turn on, read from its record: numbers with
the words around them, years, names, polarity; and the clashes between two claims' slots.

A number's slot is the words around it ("the 35-word oath", "since 2002"; read by
checker.numbers): two claims that give different numbers in one slot, neither of which the
other mentions anywhere, state different values for one thing. No word list is written here:
stop words come from spaCy (`spacy.lang.en.stop_words`), names through checker.entities,
polarity from the claim record (the extractor's dependency parse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from checker import entities as entity_norm
from checker.numbers import (
    BOUNDS,
    CONTEXT,
    SCALES,
    Number,
    is_year,
    numbers_in,
    stop_words,
    tokens,
)
from checker.polarity import DENIAL
from checker.records import TimeRef

# The number reading (checker.numbers) is part of this module's interface.
__all__ = [
    "BOUNDS",
    "CONTEXT",
    "ROUNDING",
    "SCALES",
    "SLOT_WORDS",
    "ClaimLike",
    "Clash",
    "Number",
    "Reading",
    "agree",
    "clash",
    "lemmas_of",
    "name_unmatched",
    "numbers_in",
    "read",
    "resolver",
    "same",
    "stop_words",
    "tokens",
    "unmatched",
]  # fmt: skip

# How many context words two numbers must share to count the same thing ("15 days of
# leave" and "worked 90 days" share one: different things).
SLOT_WORDS = 2
# Two counts within this share of each other are one figure rounded ("about 5,000" and
# 5,200; $141 million and $140,937,785). Years must match exactly.
ROUNDING = 0.05
_WORD = re.compile(r"[a-z][a-z'’-]+")


class ClaimLike(Protocol):
    """What the judge reads of a claim: a Claim record, or a text with the same fields."""

    @property
    def text(self) -> str: ...
    @property
    def speaker(self) -> str | None: ...
    @property
    def time(self) -> TimeRef: ...
    @property
    def entities(self) -> tuple[str, ...]: ...
    @property
    def lemmas(self) -> tuple[str, ...]: ...
    @property
    def polarity(self) -> str: ...


@dataclass(frozen=True)
class Reading:
    """What one claim states, compared between claims."""

    text: str
    lemmas: frozenset[str]
    negative: bool
    names: frozenset[str]
    years: tuple[Number, ...]
    numbers: tuple[Number, ...]
    speaker: str | None
    words: int
    # Negative because a reporting verb of denial carries it ("X rejected it", "X dismissed
    # Y as Z"; checker.polarity.DENIAL), not because the clause itself is negated.
    denial_verb: bool = False
    # The claim is the content such a verb rejects ("X denied that the plant will close"
    # gives "The plant will close."), not a sentence about denying ("X denies arson").
    denied_report: bool = False

    @property
    def values(self) -> frozenset[float]:
        return frozenset(n.value for n in self.numbers)

    @property
    def year_values(self) -> frozenset[float]:
        return frozenset(n.value for n in self.years)


@dataclass(frozen=True)
class Clash:
    """One slot given two values: what it is (number or year), both as written, the slot."""

    kind: str
    left: str
    right: str
    slot: str


def lemmas_of(claim: ClaimLike) -> frozenset[str]:
    """The record's content lemmas, else its lower-cased content words."""
    given = getattr(claim, "lemmas", ())
    words = given if given else _WORD.findall(claim.text.lower())
    stop = stop_words()
    return frozenset(w.lower() for w in words if w.lower() not in stop and len(w) > 1)


@lru_cache(maxsize=1 << 16)
def _normalise(name: str) -> str:
    return entity_norm.normalise(name)


def resolver(article: Iterable[str]) -> dict[str, str]:
    """Surname -> full name for one document's entities (checker.entities.surnames)."""
    return entity_norm.surnames(article)


def _canonical(names: Iterable[str], resolve: Mapping[str, str]) -> frozenset[str]:
    """checker.entities.canonical, with the document's surnames resolved once, not per claim."""
    found = {resolve.get(k, k) for k in map(_normalise, names)}
    found.discard("")
    return frozenset(found)


def read(claim: ClaimLike, resolve: Mapping[str, str] | None = None) -> Reading:
    """resolve: resolver() of the claim's document (surnames to full names)."""
    resolve = resolve or {}
    numbers, years = numbers_in(claim.text)
    names = [e for e in getattr(claim, "entities", ()) if not is_year(e) and not e.isdigit()]
    speaker = _canonical([claim.speaker], resolve) if claim.speaker else frozenset()
    lemmas = lemmas_of(claim)
    negative = str(getattr(claim, "polarity", "positive")) == "negative"
    verb = str(getattr(claim, "verb", None) or "").lower()
    return Reading(
        text=claim.text,
        lemmas=lemmas,
        negative=negative,
        names=_canonical(names, resolve),
        years=tuple(years),
        numbers=tuple(numbers),
        speaker=min(speaker) if speaker else None,
        words=len(tokens(claim.text)),
        denial_verb=verb in DENIAL,
        denied_report=negative and verb in DENIAL and not _states(verb, claim.text, lemmas),
    )


def _states(verb: str, text: str, lemmas: frozenset[str]) -> bool:
    """Whether a claim's text holds its reporting verb (its lemma, or a word sharing all
    but the lemma's last letter, where the record has no lemmas: denied, rejects)."""
    stem = verb[:-1]
    return verb in lemmas or any(w.startswith(stem) for w in _WORD.findall(text.lower()))


def clash(a: Sequence[Number], b: Sequence[Number], kind: str) -> Clash | None:
    """Two numbers in one slot (SLOT_WORDS context words in common, not all of them parts
    of a name that both claims capitalise) with different values, neither of which the
    other claim states anywhere: "the 35-word oath" against "the 38-word oath", but not
    "a 2016 White House bid" against "won the White House in 1992" (bench/judge.md)."""
    tolerance = ROUNDING if kind == "number" else 0.0
    for x in a:
        for y in b:
            shared = x.context & y.context
            if (
                len(shared) >= SLOT_WORDS
                and shared - (x.capitalised & y.capitalised)
                and not any(same(x.value, n.value, tolerance) for n in b)
                and not any(same(y.value, n.value, tolerance) for n in a)
            ):
                ranked = [w for w in x.near if w in shared and not w.startswith("<")]
                words = ranked[:2] or [w.lstrip("<") for w in shared]
                return Clash(kind, x.text, y.text, ", ".join(f"'{w}'" for w in words))
    return None


def same(x: float, y: float, tolerance: float = ROUNDING) -> bool:
    """Two values that one figure could give, rounded ($141 million and $140,937,785)."""
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def agree(a: Sequence[Number], b: Sequence[Number]) -> bool:
    """One slot, one value (to rounding) in both claims."""
    return any(
        same(x.value, y.value) and len(x.context & y.context) >= SLOT_WORDS for x in a for y in b
    )


def unmatched(short: Sequence[Number], other: Sequence[Number]) -> Number | None:
    """A number of the shorter claim that the other, which states numbers of the kind,
    lacks: a changed figure rather than added detail."""
    if not other:
        return None
    return next((n for n in short if not any(same(n.value, o.value) for o in other)), None)


def name_unmatched(short: Reading, other: Reading) -> str | None:
    """A name of the shorter claim that the other, which names others, does not mention."""
    if not other.names:
        return None
    written = other.text.lower()
    missing = sorted(n for n in short.names - other.names if n not in written)
    return missing[0] if missing else None
