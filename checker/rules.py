"""What a claim states that a contradiction can turn on, read from its record: numbers with
the words around them, years, names, polarity; and the clashes between two claims' slots.

A number's slot is the words around it ("the 35-word oath", "since 2002"): two claims that
give different numbers in one slot, neither of which the other mentions anywhere, state
different values for one thing. No word list is written here: stop words come from spaCy
(`spacy.lang.en.stop_words`), number words from spaCy's own lexical attributes
(`spacy.lang.en.lex_attrs`), names through checker.entities, polarity from the claim record
(the extractor's dependency parse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from checker import entities as entity_norm
from checker.polarity import DENIAL
from checker.records import TimeRef

# Words on each side of a number that describe what it counts, and how many of them two
# numbers must share to count the same thing ("15 days of leave" and "worked 90 days" share
# one: different things).
CONTEXT = 3
SLOT_WORDS = 2
# Two counts within this share of each other are one figure rounded ("about 5,000" and
# 5,200; $141 million and $140,937,785). Years must match exactly.
ROUNDING = 0.05
SCALES = {"dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Digits with thousands separators and decimals, never a trailing comma ("2003, and").
_NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TOKEN = re.compile(_NUMERAL + r"|[A-Za-z]+(?:['’][A-Za-z]+)*|[$%€£]|[^\sA-Za-z\d]")
_DIGITS = re.compile(_NUMERAL)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_WORD = re.compile(r"[a-z][a-z'’-]+")
# Kept as context although they are punctuation: they say what a number measures.
_UNITS = frozenset("$%€£")
# English function words that bound the number after them: comparatives and prepositions
# of the language, not words of any story (checker.slots compares bounded figures). Longest
# first where one ends another ("no more than" is an upper bound, "more than" a lower one).
BOUNDS = {
    "no more than": "<=", "not more than": "<=", "no less than": ">=", "not less than": ">=",
    "no fewer than": ">=", "more than": ">", "greater than": ">", "higher than": ">",
    "larger than": ">", "at least": ">=", "less than": "<", "fewer than": "<",
    "lower than": "<", "smaller than": "<", "at most": "<=", "up to": "<=", "over": ">",
    "above": ">", "exceeding": ">", "after": ">", "under": "<", "below": "<", "before": "<",
    "about": "~", "around": "~", "approximately": "~", "roughly": "~", "nearly": "~",
    "almost": "~",
}  # fmt: skip


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
class Number:
    """A number as written, its value and the words around it."""

    text: str
    value: float
    context: frozenset[str]
    near: tuple[str, ...] = ()  # the context, nearest first
    # Context words written capitalised (not first in the text): parts of a name, which say
    # where or who ("the White House"), not what the number counts or dates.
    capitalised: frozenset[str] = frozenset()
    # What the words before it make of it (BOUNDS): ">" "more than", ">=" "at least",
    # "<" "fewer than", "<=" "at most", "~" "about"; "" a value stated as such.
    bound: str = ""
    # The currency or percent sign it is written with ("$", "%"), "" none.
    unit: str = ""
    # The content word just after it, what it counts ("206 goals": "goal"), "" none.
    head: str = ""


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


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def number_words() -> dict[str, float]:
    """English number words from spaCy's list (spacy.lang.en.lex_attrs): zero..twenty, then
    the tens; the scales are SCALES."""
    from spacy.lang.en.lex_attrs import _num_words

    values = {w: float(i) for i, w in enumerate(_num_words[:21])}
    tens = _num_words[21:28]  # thirty .. ninety; the scales (hundred ...) follow
    values.update({w: float(10 * (i + 3)) for i, w in enumerate(tens)})
    return values


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def tokens(text: str) -> list[str]:
    """The text's words, numerals and punctuation marks, as numbers_in reads them."""
    return list(_TOKEN.findall(text))


def _is_number(token: str) -> bool:
    return bool(_DIGITS.fullmatch(token)) or token.lower() in number_words()


def numbers_in(text: str) -> tuple[list[Number], list[Number]]:
    """The numbers (digits or words, "1.5 million", "twenty-one") and the years a text
    states, each with its context: up to CONTEXT content words either side, the word just
    before it (marked "<", so "since 2002" keeps "since") and units ($, %)."""
    tokens = _TOKEN.findall(text)
    numbers: list[Number] = []
    years: list[Number] = []
    i = 0
    while i < len(tokens):
        if not _is_number(tokens[i]):
            i += 1
            continue
        j, total, current = i, 0.0, 0.0
        while j < len(tokens):
            word = tokens[j].lower()
            if _DIGITS.fullmatch(word):
                current += float(word.replace(",", ""))
            elif word in number_words():
                current += number_words()[word]
            elif word in SCALES and j > i:
                current = max(current, 1.0) * SCALES[word]
                if SCALES[word] >= 1e3:
                    total, current = total + current, 0.0
            elif word == "-" and j + 1 < len(tokens) and (
                tokens[j + 1].lower() in number_words() or tokens[j + 1].lower() in SCALES
            ):
                pass  # twenty-one, two-dozen
            else:
                break
            j += 1
        written = " ".join(tokens[i:j])
        # "one" alone is mostly a pronoun ("one of them"), not a count.
        if written.lower() != "one":
            near = _context(tokens, i, j)
            value = (total + current) * _range_scale(tokens, i, j, total + current)
            found = Number(
                written, value, frozenset(near), near, _capitalised(tokens, near),
                _bound(tokens, i), _unit(tokens, i, j), _head(tokens, j),
            )  # fmt: skip
            year = j == i + 1 and bool(_YEAR.match(written))
            (years if year else numbers).append(found)
        i = j
    return numbers, years


def _bound(tokens: Sequence[str], start: int) -> str:
    """The bound the words before a number give it (BOUNDS), a currency sign between."""
    k = start
    while k and tokens[k - 1] in _UNITS:
        k -= 1
    before = [t.lower() for t in tokens[max(0, k - 3) : k]]
    for n in (3, 2, 1):
        if len(before) >= n and " ".join(before[-n:]) in BOUNDS:
            return BOUNDS[" ".join(before[-n:])]
    return ""


def _head(tokens: Sequence[str], end: int) -> str:
    after = tokens[end] if end < len(tokens) else ""
    return _stem(after) if after.isalpha() and after.lower() not in stop_words() else ""


def _unit(tokens: Sequence[str], start: int, end: int) -> str:
    if start and tokens[start - 1] in "$€£":
        return tokens[start - 1]
    after = tokens[end].lower() if end < len(tokens) else ""
    return "%" if after in ("%", "percent") else ""


_RANGE = frozenset({"-", "–", "to", "and", "or", "$", "€", "£"})


def _range_scale(tokens: Sequence[str], start: int, end: int, value: float) -> float:
    """The scale a range gives its first, bare number: "$140-$150 million" is 140 million,
    where the two bare numbers are of one magnitude ("500,000 to 1.6 million" is not)."""
    if any(t.lower() in SCALES for t in tokens[start:end]):
        return 1.0
    k = end
    while k < len(tokens) and tokens[k].lower() in _RANGE:
        k += 1
    if k == end or k >= len(tokens) or not _DIGITS.fullmatch(tokens[k]):
        return 1.0
    after = tokens[k + 1].lower() if k + 1 < len(tokens) else ""
    if value > 10 * float(tokens[k].replace(",", "")):
        return 1.0
    return SCALES.get(after, 1.0)


def _context(tokens: Sequence[str], start: int, end: int) -> tuple[str, ...]:
    """The context words, nearest first."""
    stop = stop_words()
    out: list[str] = []
    left = [t for t in tokens[:start] if t.isalpha() or t in _UNITS][-CONTEXT:][::-1]
    right = [t for t in tokens[end:] if t.isalpha() or t in _UNITS][:CONTEXT]
    if start and (tokens[start - 1].isalpha()):
        out.append("<" + tokens[start - 1].lower())
    for k in range(CONTEXT):
        for side in (right, left):
            if k < len(side) and (side[k] in _UNITS or side[k].lower() not in stop):
                out.append(_stem(side[k]))
    return tuple(dict.fromkeys(out))


def _capitalised(tokens: Sequence[str], near: Sequence[str]) -> frozenset[str]:
    """The context words (as _context writes them) that the text writes capitalised after
    its first token, and never in lower case."""
    upper = {_stem(t) for t in tokens[1:] if t[:1].isupper() and not t.isupper()}
    lower = {_stem(t) for t in tokens if t[:1].islower()}
    return frozenset(w for w in near if w in upper and w not in lower)


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
    names = [e for e in getattr(claim, "entities", ()) if not _YEAR.match(e) and not e.isdigit()]
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
        words=len(_TOKEN.findall(claim.text)),
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
