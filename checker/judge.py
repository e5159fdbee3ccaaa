"""The contradiction judge: evidence about a pair of claims, weighed by a calibrated model.

Features come from the NLI model (both directions), the embedding cosine and spaCy's parse of
each claim: negation and modality of the main verb, numbers, dates, places and agents that
differ on aligned slots (the same head word or the same main verb), entity and speaker
overlap, and the time relation. A logistic regression trained by bench/train_judge.py weighs
them; its parameters live in checker/data/judge.json and run here in numpy. Every verdict
names the evidence that contributed most to it, in words a reviewer can check.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from checker import params

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from spacy.tokens import Doc, Span, Token

    from checker.records import TimeRef

PARAMETERS = Path(__file__).parent / "data" / "judge.json"
Polarity = Literal["positive", "negative"]

# The English negative determiner, which spaCy parses as `det` rather than `neg` (Universal
# Dependencies' English guidelines give it PronType=Neg, which en_core_web_sm omits).
NEGATIVE_DETERMINERS = frozenset({"no"})
# Penn Treebank: MD is the modal tag; `neg` is spaCy's (ClearNLP) negation label.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
AGENT_LABELS = frozenset({"PERSON", "ORG", "NORP"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")

FEATURES = (
    "nli_low",
    "nli_high",
    "nli_low_logit",
    "cosine",
    "lemma_overlap",
    "negated_shared_event",
    "negation_differs",
    "modality_differs",
    "number_slot_differs",
    "numbers_disjoint",
    "years_disjoint",
    "places_disjoint",
    "agent_differs",
    "entity_overlap",
    "same_speaker",
    "different_speakers",
    "times_disjoint",
    "length_ratio",
    "related_nli",
    "related_numbers_disjoint",
    "number_unmatched",
    "year_unmatched",
    "name_unmatched",
)


class ClaimLike(Protocol):
    """What the judge reads from a claim; polarity is optional (taken from the parse)."""

    @property
    def text(self) -> str: ...
    @property
    def speaker(self) -> str | None: ...
    @property
    def time(self) -> TimeRef: ...


@dataclass(frozen=True)
class Features:
    """One pair's feature vector (in FEATURES order) and the details behind it."""

    values: tuple[float, ...]
    details: dict[str, str] = field(default_factory=dict, compare=False)

    def named(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.values, strict=True))


@dataclass(frozen=True)
class Verdict:
    """The calibrated probability that two claims contradict, and the evidence that decided."""

    probability: float
    evidence: str
    contradiction: bool


@dataclass(frozen=True)
class Reading:
    """What the parse says about one claim."""

    root: str
    negated: frozenset[str]
    modal: bool
    polarity: Polarity
    numbers: dict[str, float]
    values: frozenset[float]
    years: frozenset[str]
    places: frozenset[str]
    entities: frozenset[str]
    subject: str | None
    lemmas: frozenset[str]
    length: int
    text: str


def number_values(text: str) -> list[float]:
    """Each number in text, written in digits or English words ("three", "1.5 million");
    any other word ends a number, so "500,000 to 1.6 million" is two."""
    values: list[float] = []
    total, current, seen = 0.0, 0.0, False
    for word in [*text.lower().replace(",", "").replace("-", " ").split(), ""]:
        word = word.strip("$%~()")
        if re.fullmatch(r"\d+(\.\d+)?", word):
            current += float(word)
        elif word in SCALES:
            current = max(current, 1.0) * SCALES[word]
            if SCALES[word] >= 1e3:
                total, current = total + current, 0.0
        elif word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        else:
            if seen:
                values.append(total + current)
            total, current, seen = 0.0, 0.0, False
            continue
        seen = True
    return values


def number_value(text: str) -> float | None:
    """The first number in text, or None."""
    found = number_values(text)
    return found[0] if found else None


def _word_values() -> dict[str, float]:
    """English number words from spaCy's own list (spacy.lang.en.lex_attrs)."""
    from spacy.lang.en.lex_attrs import _num_words

    # spaCy lists zero..twenty, then tens, then scales: the index gives the value up to twenty.
    values = {w: float(i) for i, w in enumerate(_num_words[:21])}
    values.update({w: float(10 * (i + 3)) for i, w in enumerate(_num_words[21:29])})
    return values


_WORD_VALUES = _word_values()


def read(doc: Doc | Span, polarity: Polarity | None = None) -> Reading:
    """Negation, modality, numbers on their head words, years, places, agents and lemmas."""
    root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
    negated = {t.head.lemma_.lower() for t in doc if _negates(t)}
    numbers: dict[str, float] = {}
    for t in doc:
        if t.dep_ == "nummod" or (t.tag_ == "CD" and t.dep_ in ("attr", "dobj", "pobj")):
            value = number_value(_number_text(t))
            if value is not None and not YEAR.fullmatch(t.text):
                numbers[t.head.lemma_.lower()] = value
    values = {v for e in doc.ents if e.label_ in NUMBER_LABELS for v in number_values(e.text)}
    own = polarity or ("negative" if root.lemma_.lower() in negated else "positive")
    subject = next(
        (
            _phrase(t)
            for t in root.children
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("PROPN", "NOUN")
        ),
        None,
    )
    return Reading(
        root=root.lemma_.lower(),
        negated=frozenset(negated),
        modal=any(c.tag_ == "MD" for c in root.children),
        polarity=own,
        numbers=numbers,
        values=frozenset(values | set(numbers.values())),
        years=frozenset(y for e in doc.ents if e.label_ == "DATE" for y in YEAR.findall(e.text)),
        places=frozenset(e.text.lower() for e in doc.ents if e.label_ in PLACE_LABELS),
        entities=frozenset(e.text.lower() for e in doc.ents if e.label_ in AGENT_LABELS),
        subject=subject,
        lemmas=frozenset(
            t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
        ),
        length=len(doc),
        text=doc.text.lower(),
    )


def _negates(t: Token) -> bool:
    return t.dep_ == "neg" or (t.dep_ == "det" and t.text.lower() in NEGATIVE_DETERMINERS)


def _number_text(t: Token) -> str:
    parts = [c for c in t.subtree if c.tag_ == "CD" or c.text.lower() in SCALES]
    return " ".join(c.text for c in sorted(parts, key=lambda c: c.i)) or t.text


def _phrase(t: Token) -> str:
    return " ".join(c.text for c in t.subtree if c.dep_ in ("compound", "flat") or c == t).lower()


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    x, y = set(a), set(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def features(
    a: ClaimLike,
    b: ClaimLike,
    docs: tuple[Doc | Span, Doc | Span],
    nli: tuple[float, float],
    cosine: float,
) -> Features:
    """The evidence about a pair: nli is (P(a contradicts b), P(b contradicts a))."""
    ra = read(docs[0], getattr(a, "polarity", None))
    rb = read(docs[1], getattr(b, "polarity", None))
    details: dict[str, str] = {}
    low, high = min(nli), max(nli)
    details["nli_low"] = f"the NLI model scores {low:.2f} for contradiction read both ways"
    shared_negated = sorted((ra.negated ^ rb.negated) & ra.lemmas & rb.lemmas)
    if shared_negated:
        details["negated_shared_event"] = f"'{shared_negated[0]}' is negated in only one claim"
    if ra.polarity != rb.polarity:
        details["negation_differs"] = (
            f"one claim's main verb is negated ('{ra.root}' / '{rb.root}')"
        )
    if ra.modal != rb.modal:
        details["modality_differs"] = "one claim is hedged by a modal verb, the other is not"
    slots = sorted(
        k for k in ra.numbers.keys() & rb.numbers.keys() if ra.numbers[k] != rb.numbers[k]
    )
    if slots:
        k = slots[0]
        details["number_slot_differs"] = (
            f"different numbers for '{k}': {_number(ra.numbers[k])} against {_number(rb.numbers[k])}"
        )
    numbers_disjoint = bool(ra.values and rb.values and not ra.values & rb.values)
    if numbers_disjoint:
        details["numbers_disjoint"] = (
            f"no number in common: {_listed(ra.values)} against {_listed(rb.values)}"
        )
    years_disjoint = bool(ra.years and rb.years and not ra.years & rb.years)
    if years_disjoint:
        details["years_disjoint"] = (
            f"different years: {_listed(ra.years)} against {_listed(rb.years)}"
        )
    places_disjoint = bool(ra.places and rb.places and not ra.places & rb.places)
    if places_disjoint:
        details["places_disjoint"] = (
            f"different places: {_listed(ra.places)} against {_listed(rb.places)}"
        )
    agent = ra.root == rb.root and ra.subject and rb.subject and ra.subject != rb.subject
    if agent:
        details["agent_differs"] = f"'{ra.root}' done by '{ra.subject}' against '{rb.subject}'"
    same_speaker = bool(a.speaker and b.speaker and a.speaker == b.speaker)
    different = bool(a.speaker and b.speaker and a.speaker != b.speaker)
    if different:
        details["different_speakers"] = f"said by {a.speaker} and by {b.speaker}"
    disjoint = a.time.overlaps(b.time) is False
    if disjoint:
        details["times_disjoint"] = "the claims are about times that do not overlap"
    values: tuple[float, ...] = (
        low,
        high,
        _logit(low),
        cosine,
        _jaccard(ra.lemmas, rb.lemmas),
        float(bool(shared_negated)),
        float(ra.polarity != rb.polarity),
        float(ra.modal != rb.modal),
        float(bool(slots)),
        float(numbers_disjoint),
        float(years_disjoint),
        float(places_disjoint),
        float(bool(agent)),
        _jaccard(ra.entities | ra.places, rb.entities | rb.places),
        float(same_speaker),
        float(different),
        float(disjoint),
        min(ra.length, rb.length) / max(ra.length, rb.length, 1),
        # A model score or a number clash weighs more between claims about the same thing.
        low * cosine,
        float(numbers_disjoint) * cosine,
    )
    unmatched = _unmatched(ra, rb, details)
    values = (*values, *unmatched)
    for name in ("nli", "numbers_disjoint"):
        source = "nli_low" if name == "nli" else name
        if source in details:
            details[f"related_{name}"] = details[source]
    return Features(values, details)


def _unmatched(ra: Reading, rb: Reading, details: dict[str, str]) -> tuple[float, ...]:
    """Numbers, years and names that the shorter claim states and the longer one, which
    states others of the kind, lacks: a changed figure or name rather than added detail."""
    short, other = (ra, rb) if ra.length <= rb.length else (rb, ra)
    numbers = sorted(short.values - other.values) if other.values else []
    years = sorted(short.years - other.years) if other.years else []
    own = short.entities | short.places
    names = sorted(n for n in own if n not in other.text) if other.entities | other.places else []
    if numbers:
        details["number_unmatched"] = (
            f"{_number(numbers[0])} is not among the other claim's numbers ({_listed(other.values)})"
        )
    if years:
        details["year_unmatched"] = (
            f"{years[0]} is not among the other claim's years ({_listed(other.years)})"
        )
    if names:
        details["name_unmatched"] = f"'{names[0]}' is not named in the other claim"
    return float(bool(numbers)), float(bool(years)), float(bool(names))


def _listed(items: Iterable[object]) -> str:
    ordered = sorted(
        items, key=lambda x: (isinstance(x, float), x if isinstance(x, float) else 0, str(x))
    )
    return ", ".join(_number(x) if isinstance(x, float) else str(x) for x in ordered)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Judge:
    """A logistic regression on standardised features, then a Platt calibration."""

    names: tuple[str, ...]
    mean: np.ndarray[Any, np.dtype[np.float64]]
    scale: np.ndarray[Any, np.dtype[np.float64]]
    weights: np.ndarray[Any, np.dtype[np.float64]]
    bias: float
    platt: tuple[float, float]
    threshold: float
    trained_on: str = ""

    @classmethod
    def load(cls, path: Path = PARAMETERS) -> Judge:
        data = params.load(path, FEATURES, "bench/train_judge.py")
        return cls(
            names=tuple(data["features"]),
            mean=np.array(data["mean"], dtype=np.float64),
            scale=np.array(data["scale"], dtype=np.float64),
            weights=np.array(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            platt=(float(data["platt"][0]), float(data["platt"][1])),
            threshold=float(data["threshold"]),
            trained_on=str(data.get("trained_on", "")),
        )

    def probabilities(self, rows: ArrayLike) -> np.ndarray[Any, Any]:
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        z = x @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-(self.platt[0] * z + self.platt[1]))))

    def decide(self, pair: Features) -> Verdict:
        """The verdict and the one piece of evidence that pushed hardest towards it."""
        p = float(self.probabilities([pair.values])[0])
        x = (np.asarray(pair.values) - self.mean) / self.scale
        push = x * self.weights * (1.0 if p >= self.threshold else -1.0)
        order = [self.names[i] for i in np.argsort(-push, kind="stable")]
        reason = next((pair.details[n] for n in order if n in pair.details), "")
        if not reason:
            reason = pair.details.get("nli_low", "")
        return Verdict(round(p, 4), reason, p >= self.threshold)
