"""Rules for what NLI models handle badly, and guards against their false alarms.

Pure functions over claim texts: numbers and quantities, dates, negation and modality;
guards for claims about different people or places, and for one claim that only adds
detail to the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from checker.records import Claim

# Per-text features are cached for this many texts: a 3,000-article corpus has 131k claims,
# and a smaller cache would drop a claim's features between its partners.
CLAIMS_CACHED = 1 << 18
STOPWORDS = frozenset([
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "from", "by",
    "with", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this",
    "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their",
    "our", "my", "your", "them", "him", "has", "have", "had", "do", "does", "did", "so", "if",
    "than", "then", "there", "here", "also", "just", "about", "into", "over", "after", "before",
    "said", "says", "say", "told", "according", "which", "who", "whom", "whose", "what", "when",
    "where", "while", "would", "could", "should", "will", "shall", "can", "may", "might",
    "must",
])  # fmt: skip
NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without|refus\w*|reject\w*|"
    r"den(?:y|ies|ied)|unlikely|uninterested|unwilling|little|low)\b|n[’']t\b",
    re.IGNORECASE,
)
# Intent, expectation and modality: what a claim says will or would happen, or who wants it.
INTENT = re.compile(
    r"\b(?:will|won[’']t|wants?|wanted|wish\w*|expect\w*|plan\w*|open to|interest\w*|"
    r"desire\w*|ready|readiness|willing\w*|unwilling|hope\w*|unlikely|chances?|"
    r"intend\w*|pursue\w*|certainly|going to|take place|useful|eager\w*|prepared to)\b",
    re.IGNORECASE,
)
NUMBER_WORDS = dict(
    one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10, eleven=11,
    twelve=12, twenty=20, hundred=100, thousand=1000, dozen=12, once=1, twice=2, thrice=3,
)  # fmt: skip
QUANTITY = re.compile(
    r"\b(\d[\d,]*(?:\.\d+)?|"
    + "|".join(NUMBER_WORDS)
    + r")\b(?:\s+(?:more|other|separate))?\s*([a-z%]+)?",
    re.IGNORECASE,
)
YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
ALIASES = {
    "united states": "us",
    "u.s.": "us",
    "us": "us",
    "america": "us",
    "washington": "us",
    "dprk": "north korea",
    "pyongyang": "north korea",
    "seoul": "south korea",
    "kim jong-un": "kim jong un",
    "kim jong un": "kim jong un",
}
# Jaccard overlaps of content words from which two claims count as one statement.
NEGATION_OVERLAP = 0.7
NUMBER_OVERLAP = 0.3
DATE_OVERLAP = 0.6
WORD = re.compile(r"[a-z][a-z\-’']+")


@dataclass(frozen=True)
class RuleHit:
    """A rule that decided a pair: its name, its confidence and a reason fragment."""

    rule: str
    score: float
    detail: str


@lru_cache(maxsize=CLAIMS_CACHED)  # the same claim meets many partners
def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words, negation cues and stopwords left out."""
    words = WORD.findall(NEGATION.sub(" ", text.lower()))
    return frozenset(w.strip("’'") for w in words if w not in STOPWORDS and len(w) > 2)


def overlap(a: str, b: str, at_least: float = 0.0) -> float:
    """Jaccard overlap of the two texts' content words (0 when it cannot reach at_least)."""
    wa, wb = content_words(a), content_words(b)
    small, large = sorted((len(wa), len(wb)))
    if large and small / large < at_least:  # Jaccard <= |small| / |large|
        return 0.0
    return len(wa & wb) / max(len(wa | wb), 1)


@lru_cache(maxsize=CLAIMS_CACHED)  # the same claim meets many partners
def negated(text: str) -> bool:
    return bool(NEGATION.search(text))


SUBORDINATE = re.compile(
    r"(?:^|,\s*|\s)(?:after|as|because|since|although|though|while|despite|whether|amid)\b[^,]*(?:,|$)",
    re.IGNORECASE,
)


def main_clause(text: str) -> str:
    """The text without its adverbial clauses ("after Trump said ...", "Despite ...,")."""
    return SUBORDINATE.sub(" ", text).strip() or text


@lru_cache(maxsize=CLAIMS_CACHED)  # the same claim meets many partners
def stance(text: str) -> int:
    """+1 when a text's main clause affirms an intent or prospect, -1 when it denies one,
    0 for neither (a report of past events, say)."""
    core = main_clause(text)
    if not INTENT.search(core):
        return 0
    return -1 if negated(core) else 1


def opposed(a: Claim, b: Claim) -> bool:
    """One claim affirms a prospect or intent that the other denies."""
    return stance(a.text) * stance(b.text) == -1


@lru_cache(maxsize=CLAIMS_CACHED)  # the same claim meets many partners
def quantities(text: str) -> dict[str, set[float]]:
    """Counted things in a text: unit word -> the numbers given for it ("met three times"
    -> {"times": {3}}; "twice" and "once" count times). Years are dates, not counts."""
    found: dict[str, set[float]] = {}
    for match in QUANTITY.finditer(text):
        raw, unit = match.group(1).lower(), (match.group(2) or "").lower()
        if YEAR.match(raw) and not unit.startswith("%"):
            continue
        if raw in ("once", "twice", "thrice"):
            unit = "times"
        try:
            value = float(NUMBER_WORDS.get(raw, raw.replace(",", "")))
        except ValueError:
            continue
        if unit:
            found.setdefault(unit, set()).add(value)
    return found


def number_rule(a: Claim, b: Claim, min_overlap: float = NUMBER_OVERLAP) -> RuleHit | None:
    """Same counted thing, different numbers, in claims on the same topic."""
    qa, qb = quantities(a.text), quantities(b.text)
    for unit in sorted(qa.keys() & qb.keys()):
        if not qa[unit] & qb[unit] and overlap(a.text, b.text, min_overlap) >= min_overlap:
            left = ", ".join(f"{v:g}" for v in sorted(qa[unit]))
            right = ", ".join(f"{v:g}" for v in sorted(qb[unit]))
            return RuleHit(
                "number", 0.9, f"they give different numbers of {unit} ({left} vs {right})"
            )
    return None


def negation_rule(a: Claim, b: Claim, min_overlap: float = NEGATION_OVERLAP) -> RuleHit | None:
    """The same statement, once affirmed and once negated ("will" / "will not")."""
    if negated(a.text) == negated(b.text):
        return None
    shared = overlap(a.text, b.text, min_overlap)
    if shared < min_overlap:
        return None
    which = a if negated(a.text) else b
    return RuleHit(
        "negation", min(0.95, 0.6 + shared / 2), f"one negates the other ({which.id} says no)"
    )


def date_rule(a: Claim, b: Claim, min_overlap: float = DATE_OVERLAP) -> RuleHit | None:
    """The same statement with stated dates that cannot both be right."""
    if a.time.source != "expression" or b.time.source != "expression":
        return None
    if a.time.overlaps(b.time) is not False:
        return None
    if overlap(_without_time(a), _without_time(b), min_overlap) < min_overlap:
        return None
    dated = (a.time.expression or "", b.time.expression or "")
    return RuleHit(
        "date", 0.85, f"the same event is dated differently ({dated[0]!r} vs {dated[1]!r})"
    )


def _without_time(claim: Claim) -> str:
    expression = claim.time.expression
    return claim.text.replace(expression, " ") if expression else claim.text


@lru_cache(maxsize=CLAIMS_CACHED)
def _traits(text: str) -> tuple[int, bool, bool]:
    return stance(text), negated(text), bool(quantities(text))


def traits(claims: Sequence[Claim]) -> NDArray[np.int32]:
    """A row per claim of what could_decide compares: stance, negated, counts something,
    states a time, content words, content words without the time expression."""
    rows = [
        (
            *_traits(c.text),
            c.time.source == "expression",
            len(content_words(c.text)),
            len(content_words(_without_time(c))),
        )
        for c in claims
    ]
    return np.array(rows, dtype=np.int32).reshape(len(rows), 6)


def could_decide(a: NDArray[np.int32], b: NDArray[np.int32]) -> NDArray[np.bool_]:
    """For rows of traits() (any broadcastable shapes): a cheap necessary condition for
    opposed() or any rule to hold. Most pairs fail it.

    The rules need a Jaccard overlap of content words, which needs set sizes as close."""

    def close(column: int, at_least: float) -> NDArray[np.bool_]:
        small = np.minimum(a[..., column], b[..., column])
        large = np.maximum(a[..., column], b[..., column])
        out: NDArray[np.bool_] = (large > 0) & (small / np.maximum(large, 1) >= at_least)
        return out

    decides: NDArray[np.bool_] = (
        (a[..., 0] * b[..., 0] == -1)
        | ((a[..., 1] != b[..., 1]) & close(4, NEGATION_OVERLAP))
        | (((a[..., 2] & b[..., 2]) == 1) & close(4, NUMBER_OVERLAP))
        | (((a[..., 3] & b[..., 3]) == 1) & close(5, DATE_OVERLAP))
    )
    return decides


def apply_rules(a: Claim, b: Claim) -> RuleHit | None:
    """The first rule that decides the pair, or None."""
    for rule in (number_rule, date_rule, negation_rule):
        hit = rule(a, b)
        if hit:
            return hit
    return None


def _speaker(claim: Claim) -> set[str]:
    name = (claim.speaker or "").lower()
    return {ALIASES.get(name, name)} if name else set()


def _entities(claim: Claim) -> set[str]:
    names = {ALIASES.get(e.lower(), e.lower()) for e in claim.entities if not e.isdigit()}
    return names - {ALIASES.get((claim.speaker or "").lower(), (claim.speaker or "").lower())}


def guard(a: Claim, b: Claim) -> str | None:
    """Why an NLI contradiction between a and b is likely a false alarm, or None.

    On news claims the NLI model scores most related pairs as contradictions (measured on
    the seeds), so a model score counts only where one claim affirms an intent or prospect
    ("would certainly do that") and the other denies one ("will not take place").
    """
    if not opposed(a, b):
        return "neither denies an intent or prospect that the other affirms"
    ea, eb = _entities(a), _entities(b)
    if ea and eb and not ea & eb:
        return "they name different people or places"
    if a.doc != b.doc and not (ea | _speaker(a)) & (eb | _speaker(b)):
        return "across articles, they share no named person, place or organisation"
    wa, wb = content_words(a.text), content_words(b.text)
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if small and len(small & large) >= 0.9 * len(small) and large - small:
        return "one only adds detail to the other"
    return None
