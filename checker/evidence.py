"""The evidence the judge weighs for a pair of claims: a feature vector and, for each feature
that fired, the words a reviewer can check.

Features come from the NLI model (both directions), the embedding cosine and what each
claim's record states (checker.rules: numbers in their slots, years, names, polarity from the
extractor's parse, content lemmas; checker.slots: bounds and the aligned tokens of two
near-identical claims), so judging needs no second parse.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from checker import aligned, denials, rules, slots
from checker.rules import Number, Reading

# The verdict of a denied restatement (checker.judge decides it whatever the probability).
RESTATED = "denied_restatement"

FEATURES = (
    "nli_low",
    "nli_high",
    "nli_low_logit",
    "cosine",
    "lemma_jaccard",
    "lemma_containment",
    "polarity_differs",
    "polarity_differs_related",
    "numbers_disjoint",
    "number_unmatched",
    "number_clash",
    "number_agrees",
    "years_disjoint",
    "year_unmatched",
    "year_clash",
    "name_unmatched",
    "entity_jaccard",
    "length_ratio",
    "related_nli",
    "related_number_clash",
    "bound_clash",
    "year_bound_clash",
    "bound_agrees",
    "token_similarity",
    "diff_number",
    "diff_year",
    "diff_name",
    "diff_word",
    "related_bound_clash",
    "related_bound_agrees",
)


class Values(tuple[float, ...]):
    """A pair's feature values (FEATURES order) that also say whether a parse-aligned
    figure clash (checker.aligned) decides the pair whatever the model scores: the
    contradict stage asks the judge (could_restate) from the values alone."""

    aligned: bool

    def __new__(cls, values: Iterable[float], aligned: bool = False) -> Values:
        made = super().__new__(cls, values)
        made.aligned = aligned
        return made


@dataclass(frozen=True)
class Features:
    """One pair's feature vector (in FEATURES order) and the details behind it."""

    values: tuple[float, ...]
    details: dict[str, str] = field(default_factory=dict, compare=False)
    # Whether a reporting verb of denial, not the clause, makes one claim negative: such a
    # pair is never a denied restatement (see RESTATED).
    denial_verb: bool = False

    def named(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.values, strict=True))


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    x, y = set(a), set(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def _listed(numbers: Iterable[Number]) -> str:
    return ", ".join(sorted({n.text for n in numbers}))


def features(
    ra: Reading,
    rb: Reading,
    nli: tuple[float, float],
    cosine: float,
    figures: aligned.Figures = aligned.check,
) -> Features:
    """The evidence about a pair of readings (rules.read); nli is (P(a contradicts b),
    P(b contradicts a)); figures: the parse-aligned figure check (aligned.Remembered keeps
    its outcomes in the run's cache)."""
    details: dict[str, str] = {}
    low, high = min(nli), max(nli)
    details["nli_low"] = f"the NLI model scores {low:.2f} for contradiction read both ways"
    shared = ra.lemmas & rb.lemmas
    smaller = min(len(ra.lemmas), len(rb.lemmas))
    jaccard = _jaccard(ra.lemmas, rb.lemmas)
    polarity = ra.negative != rb.negative
    if polarity:
        denial = ra if ra.negative else rb
        details["polarity_differs"] = f"one claim denies what the other affirms ({_quote(denial)})"
        if shared:
            details["polarity_differs_related"] = (
                f"'{sorted(shared)[0]}' is affirmed in one claim and denied in the other"
            )
    disjoint = bool(
        ra.numbers
        and rb.numbers
        and not any(rules.same(x.value, y.value) for x in ra.numbers for y in rb.numbers)
    )
    if disjoint:
        details["numbers_disjoint"] = (
            f"no number in common: {_listed(ra.numbers)} against {_listed(rb.numbers)}"
        )
    short, other = (ra, rb) if ra.words <= rb.words else (rb, ra)
    number = rules.unmatched(short.numbers, other.numbers)
    if number:
        details["number_unmatched"] = (
            f"{number.text} is not among the other claim's numbers ({_listed(other.numbers)})"
        )
    numbers_clash = rules.clash(ra.numbers, rb.numbers, "number")
    if numbers_clash:
        details["number_clash"] = details["related_number_clash"] = (
            f"different numbers for one thing ({numbers_clash.slot}): "
            f"{numbers_clash.left} against {numbers_clash.right}"
        )
    years_disjoint = bool(ra.years and rb.years and not ra.year_values & rb.year_values)
    if years_disjoint:
        details["years_disjoint"] = (
            f"different years: {_listed(ra.years)} against {_listed(rb.years)}"
        )
    year = rules.unmatched(short.years, other.years)
    if year:
        details["year_unmatched"] = (
            f"{year.text} is not among the other claim's years ({_listed(other.years)})"
        )
    years_clash = rules.clash(ra.years, rb.years, "year")
    if years_clash:
        details["year_clash"] = (
            f"different years for one thing ({years_clash.slot}): {years_clash.left} "
            f"against {years_clash.right}"
        )
    name = rules.name_unmatched(short, other)
    if name:
        details["name_unmatched"] = f"'{name}' is not named in the other claim"
    details["related_nli"] = details["nli_low"]
    reported = denials.denied_report(ra, rb, cosine)
    if reported:
        details[denials.DENIED_REPORT] = reported
    if polarity:
        details[RESTATED] = (
            f"one claim denies what the other states ({_quote(ra if ra.negative else rb)}), "
            f"the NLI model scores {low:.2f} read both ways"
        )
    outcome = figures(ra, rb)
    parsed = outcome.clash
    if parsed:
        details[parsed[0]] = parsed[1]
    found = _aligned(ra, rb, details, outcome.two_sums)
    values = (
        low,
        high,
        logit(low),
        cosine,
        jaccard,
        len(shared) / smaller if smaller else 0.0,
        float(polarity),
        float(polarity) * jaccard,
        float(disjoint),
        float(number is not None),
        float(numbers_clash is not None),
        float(rules.agree(ra.numbers, rb.numbers)),
        float(years_disjoint),
        float(year is not None),
        float(years_clash is not None),
        float(name is not None),
        _jaccard(ra.names, rb.names),
        min(ra.words, rb.words) / max(ra.words, rb.words, 1),
        # A model score or a clash of numbers weighs more between claims about one thing.
        low * cosine,
        float(numbers_clash is not None) * cosine,
        *found,
        # A broken bound weighs more where the model also reads a contradiction.
        low * max(found[0], found[1]),
        low * found[2],
    )
    if "bound_clash" in details or "year_bound_clash" in details:
        details["related_bound_clash"] = details.get("bound_clash") or details["year_bound_clash"]
    return Features(Values(values, parsed is not None), details, ra.denial_verb or rb.denial_verb)


def _aligned(
    ra: Reading, rb: Reading, details: dict[str, str], sums: bool = False
) -> tuple[float, ...]:
    """The aligned-slot evidence (checker.slots): bounded figures the other claim's
    figures break or meet, and what the aligned tokens differ in, each weighed by how much
    of the two claims is the same (a changed figure in an otherwise identical sentence)."""
    numbers, years = (
        slots.bounds(ra.numbers, rb.numbers),
        slots.bounds(ra.years, rb.years, 1, dated=True),
    )
    if numbers.clash and sums:  # two sums other verbs govern (aligned.two_sums)
        numbers = slots.Bounds(None, numbers.agrees)
    for name, found in (("bound_clash", numbers.clash), ("year_bound_clash", years.clash)):
        if found:
            x, y = found
            details[name] = (
                f"one claim bounds the figure ('{_bounded(x)}') where the other gives "
                f"'{_bounded(y)}'"
            )
    diff = slots.diff(ra.text, rb.text)
    changed = {"diff_number": diff.number, "diff_year": diff.year, "diff_name": diff.name,
               "diff_word": diff.word}  # fmt: skip
    what = {"diff_number": "figure", "diff_year": "year", "diff_name": "name", "diff_word": "word"}
    for name, pair in changed.items():
        if pair:
            details[name] = (
                f"the same statement with another {what[name]}: {pair[0]} against {pair[1]}"
            )
    return (
        float(numbers.clash is not None),
        float(years.clash is not None),
        float(numbers.agrees or years.agrees),
        diff.similarity,
        *(diff.similarity * float(pair is not None) for pair in changed.values()),
    )


_SAYS = {">": "more than", ">=": "at least", "<": "less than", "<=": "at most", "~": "about"}


def _bounded(n: Number) -> str:
    words = [_SAYS.get(n.bound, ""), n.unit if n.unit != "%" else "", n.text]
    return " ".join(w for w in words if w) + ("%" if n.unit == "%" else "")


def _quote(reading: Reading, words: int = 8) -> str:
    cut = reading.text.split()
    return "'" + " ".join(cut[:words]) + (" …'" if len(cut) > words else "'")


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))
