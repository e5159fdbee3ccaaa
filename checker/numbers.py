"""Numbers and years as a text writes them, each with the words around it (its slot): what
a contradiction between two figures can turn on.

No word list is written here: stop words come from spaCy (`spacy.lang.en.stop_words`), number
words from spaCy's own lexical attributes (`spacy.lang.en.lex_attrs`); BOUNDS are English
comparatives and prepositions.
"""

from __future__ import annotations

import ast
import re
import runpy
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from checker.models import nlp

# Words on each side of a number that describe what it counts (checker.rules.SLOT_WORDS of
# them must be shared for two numbers to count the same thing).
CONTEXT = 3
SCALES = {
    "dozen": 12.0,
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
# Digits with thousands separators and decimals, never a trailing comma ("2003, and").
_NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TOKEN = re.compile(_NUMERAL + r"|[A-Za-z]+(?:['’][A-Za-z]+)*|[$%€£]|[^\sA-Za-z\d]")
_DIGITS = re.compile(_NUMERAL)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
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


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (spacy/lang/en/stop_words.py)."""
    found = runpy.run_path(str(nlp.english_file("stop_words.py")))["STOP_WORDS"]
    return frozenset(str(w) for w in found)


@lru_cache(maxsize=1)
def number_words() -> dict[str, float]:
    """English number words from spaCy's list (spacy/lang/en/lex_attrs.py, `_num_words`):
    zero..twenty, then the tens; the scales are SCALES."""
    source = nlp.english_file("lex_attrs.py").read_text(encoding="utf-8")
    _num_words = next(
        [str(w) for w in ast.literal_eval(node.value)]
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "_num_words" for t in node.targets)
    )
    values = {w: float(i) for i, w in enumerate(_num_words[:21])}
    tens = _num_words[21:28]  # thirty .. ninety; the scales (hundred ...) follow
    values.update({w: float(10 * (i + 3)) for i, w in enumerate(tens)})
    return values


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def tokens(text: str) -> list[str]:
    """The text's words, numerals and punctuation marks, as numbers_in reads them."""
    return list(_TOKEN.findall(text))


def is_year(word: str) -> bool:
    """Whether a word is written as a year (1800-2099)."""
    return bool(_YEAR.match(word))


_ANY_DIGIT = re.compile(r"\d")


def _may_hold_numbers(text: str) -> bool:
    """A cheap superset test (a digit, or a number word not inside a longer run of letters,
    as a token would be): most claims hold neither (about 5 in 6 on AllSides), and
    numbers_in need not tokenise those. A bare substring test also let through every
    "someone", "often" and "money" (half the claims it passed)."""
    return bool(_ANY_DIGIT.search(text) or _number_word().search(text.lower()))


@lru_cache(maxsize=1)
def _number_word() -> re.Pattern[str]:
    words = sorted(number_words(), key=lambda w: (-len(w), w))
    return re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, words)) + r")(?![a-z])")


def _is_number(token: str) -> bool:
    return bool(_DIGITS.fullmatch(token)) or token.lower() in number_words()


def numbers_in(text: str) -> tuple[list[Number], list[Number]]:
    """The numbers (digits or words, "1.5 million", "twenty-one") and the years a text
    states, each with its context: up to CONTEXT content words either side, the word just
    before it (marked "<", so "since 2002" keeps "since") and units ($, %)."""
    if not _may_hold_numbers(text):
        return [], []
    tokens = _TOKEN.findall(text)
    # Words written capitalised after the first token and never in lower case: parts of a
    # name (Number.capitalised).
    upper = {_stem(t) for t in tokens[1:] if t[:1].isupper() and not t.isupper()}
    lower = {_stem(t) for t in tokens if t[:1].islower()}
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
            elif (
                word == "-"
                and j + 1 < len(tokens)
                and (tokens[j + 1].lower() in number_words() or tokens[j + 1].lower() in SCALES)
            ):
                pass  # twenty-one, two-dozen
            else:
                break
            j += 1
        written = " ".join(tokens[i:j])
        clock = _clock(tokens, i, j)
        if clock:  # a time of day ("8:30 p.m.", "4 pm") counts nothing
            i = clock
            continue
        # "one" alone is mostly a pronoun ("one of them"), not a count.
        if written.lower() != "one":
            year = j == i + 1 and bool(_YEAR.match(written))
            bound, phrase = _bound(tokens, i, year)
            near = _context(tokens, i, j, phrase)
            value = (total + current) * _range_scale(tokens, i, j, total + current)
            found = Number(
                written, value, frozenset(near), near,
                frozenset(w for w in near if w in upper and w not in lower),
                bound, _unit(tokens, i, j), _head(tokens, j),
            )  # fmt: skip
            (years if year else numbers).append(found)
        i = j
    return numbers, years


def _clock(tokens: Sequence[str], start: int, end: int) -> int:
    """Where a time of day that a number begins ends, else 0: an hour and its minutes joined
    by a colon ("8:30", "8 : 30"), or an hour of at most two digits before the English
    clock's "a.m." or "p.m." ("4 p.m.", "8: 30 p. m.", "7pm")."""
    k = end
    if (
        end == start + 1
        and k + 1 < len(tokens)
        and tokens[k] == ":"
        and _MINUTES.fullmatch(tokens[k + 1])
    ):
        k += 2
    word = [t.lower() for t in tokens[k : k + 4]]
    hour = end == start + 1 and tokens[start].isdigit() and len(tokens[start]) <= 2
    if hour and word[:1] in (["am"], ["pm"]):
        return k + 1
    if hour and len(word) >= 3 and word[0] in ("a", "p") and word[1:3] == [".", "m"]:
        return k + 4 if word[3:4] == ["."] else k + 3
    return k if k > end else 0


_MINUTES = re.compile(r"[0-5]\d")


def _bound(tokens: Sequence[str], start: int, year: bool) -> tuple[str, int]:
    """The bound the words before a number give it (BOUNDS), a currency sign between, and
    where the bound's words begin (start where there is none). "after" and "before" bound a
    year ("after 2010") but not a count: "ended after two days" gives the duration, two
    days, not more than two."""
    k = start
    while k and tokens[k - 1] in _UNITS:
        k -= 1
    before = [t.lower() for t in tokens[max(0, k - 3) : k]]
    for n in (3, 2, 1):
        words = " ".join(before[-n:])
        if len(before) >= n and words in BOUNDS and (year or words not in _ORDER):
            return BOUNDS[words], k - n
    return "", start


# Bounds of time order: a year's only.
_ORDER = frozenset({"after", "before"})


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


def _context(tokens: Sequence[str], start: int, end: int, phrase: int) -> tuple[str, ...]:
    """The context words, nearest first. The words on the left are read from before
    phrase (where a bound's words begin, or start), which would otherwise fill the window
    with function words: "a worldwide total of more than $ 253 million" counts a total."""
    stop = stop_words()
    out: list[str] = []
    kept = [*tokens[:phrase], *(t for t in tokens[phrase:start] if t in _UNITS)]
    left = [t for t in kept if t.isalpha() or t in _UNITS][-CONTEXT:][::-1]
    right = [t for t in tokens[end:] if t.isalpha() or t in _UNITS][:CONTEXT]
    if start and (tokens[start - 1].isalpha()):
        out.append("<" + tokens[start - 1].lower())
    for k in range(CONTEXT):
        for side in (right, left):
            if k < len(side) and (side[k] in _UNITS or side[k].lower() not in stop):
                out.append(_stem(side[k]))
    return tuple(dict.fromkeys(out))
