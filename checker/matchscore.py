"""The same-event pair scorer of checker.match: what it compares of a claim (ClaimView), a
pair's FEATURES, and the trained logistic model over them (trained by bench/train_matcher.py
on ECB+ train topics plus MRPC and STS-B; weights in checker/data/matcher.json, inference here
in numpy).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from checker import entities as entity_norm
from checker import params
from checker.records import Claim

DATA = Path(__file__).resolve().parent / "data" / "matcher.json"
FEATURES = (
    "cosine", "entities_shared", "entities_differ", "numbers_agree", "numbers_differ",
    "years_agree", "years_differ", "time_overlaps", "time_apart", "same_speaker",
    "other_speaker", "lemma_jaccard", "lemma_containment",
)  # fmt: skip
_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_WORD = re.compile(r"[a-z][a-z'’-]+")
# Spelled cardinals, so "three people" and "3 people" agree.
_SPELLED = dict(
    one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10,
    eleven=11, twelve=12, twenty=20, thirty=30, forty=40, fifty=50, hundred=100,
    thousand=1000, dozen=12,
)  # fmt: skip


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@dataclass(frozen=True)
class ClaimView:
    """What the scorer compares of one claim: computed once per claim."""

    entities: frozenset[str]
    numbers: frozenset[str]
    years: frozenset[str]
    lemmas: frozenset[str]
    speaker: str | None


def lemmas_of(claim: Claim) -> frozenset[str]:
    """The claim's content lemmas: the record's own where the extractor gives them, else its
    lower-cased content words (stop words and one-letter words dropped)."""
    given = getattr(claim, "lemmas", None)
    words = given if given else _WORD.findall(claim.text.lower())
    stop = _stop_words()
    return frozenset(w.lower() for w in words if w.lower() not in stop and len(w) > 1)


def _numbers(text: str) -> tuple[frozenset[str], frozenset[str]]:
    found = {m.group(0).replace(",", "") for m in _NUMBER.finditer(text)}
    found |= {str(_SPELLED[w]) for w in _WORD.findall(text.lower()) if w in _SPELLED}
    years = frozenset(n for n in found if _YEAR.match(n))
    return frozenset(found - years), years


def view(
    claim: Claim, article: Iterable[str] = (), resolve: Mapping[str, str] | None = None
) -> ClaimView:
    """article: every entity the claim's document names, to resolve surnames; resolve: its
    surnames already found (entities.surnames(article)), which replaces it."""
    if resolve is None:
        resolve = entity_norm.surnames(article)
    names = [e for e in claim.entities if not e.isdigit()]
    numbers, years = _numbers(claim.text)
    years |= {e for e in claim.entities if _YEAR.match(e)}
    speaker = entity_norm.resolved([claim.speaker], resolve) if claim.speaker else frozenset()
    return ClaimView(
        entity_norm.resolved(names, resolve),
        numbers,
        frozenset(years),
        lemmas_of(claim),
        next(iter(speaker)) if speaker else None,
    )


def views(claims: Sequence[Claim]) -> list[ClaimView]:
    """One view per claim, surnames resolved within each claim's document."""
    by_doc: dict[str, list[str]] = {}
    for c in claims:
        by_doc.setdefault(c.doc, []).extend(e for e in c.entities if not e.isdigit())
    resolve = {doc: entity_norm.surnames(names) for doc, names in by_doc.items()}
    return [view(c, resolve=resolve[c.doc]) for c in claims]


def _agree(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    if not a or not b:
        return 0.0, 0.0
    return float(bool(a & b)), float(not a & b)


def features(
    a: Claim, b: Claim, va: ClaimView, vb: ClaimView, cosine: float
) -> NDArray[np.float64]:
    """The pair's values of FEATURES."""
    overlap = a.time.overlaps(b.time) if "expression" == a.time.source == b.time.source else None
    shared = va.lemmas & vb.lemmas
    union = va.lemmas | vb.lemmas
    smaller = min(len(va.lemmas), len(vb.lemmas))
    same_speaker = va.speaker is not None and va.speaker == vb.speaker
    other = va.speaker is not None and vb.speaker is not None and va.speaker != vb.speaker
    return np.array(
        [
            cosine,
            *_agree(va.entities, vb.entities),
            *_agree(va.numbers, vb.numbers),
            *_agree(va.years, vb.years),
            float(overlap is True),
            float(overlap is False),
            float(same_speaker),
            float(other),
            len(shared) / len(union) if union else 0.0,
            len(shared) / smaller if smaller else 0.0,
        ]
    )


@dataclass(frozen=True)
class Scorer:
    """Logistic weights over FEATURES; threshold: the probability from which two claims
    report one event; cluster_threshold: the mean probability from which claims are merged
    into one event cluster, -1 for threshold; apart: what a pair of claims about different
    times counts in that mean, negated, in place of its probability (checker.match)."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    cluster_threshold: float = -1.0
    apart: float = 2.0

    @property
    def merge_at(self) -> float:
        return self.cluster_threshold if self.cluster_threshold >= 0 else self.threshold

    @classmethod
    def load(cls, path: Path = DATA) -> Scorer:
        raw = params.load(path, FEATURES, "bench/train_matcher.py")
        return cls(
            tuple(raw["weights"]), float(raw["bias"]), float(raw["threshold"]),
            float(raw.get("cluster_threshold", -1.0)), float(raw.get("apart", 2.0)),
        )  # fmt: skip

    def probability(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Rows of features -> probability that each pair reports one event."""
        z = x @ np.asarray(self.weights, dtype=np.float64) + self.bias
        out: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
        return out


@lru_cache(maxsize=1)
def default_scorer() -> Scorer:
    return Scorer.load()


def score_pairs(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    pairs: Sequence[tuple[int, int]],
    scorer: Scorer | None = None,
    claim_views: Sequence[ClaimView] | None = None,
) -> NDArray[np.float64]:
    """Probability per pair (i, j) of rows of claims/vectors."""
    scorer = scorer or default_scorer()
    if not pairs:
        return np.zeros(0)
    vs = claim_views or views(claims)
    x = np.array(
        [
            features(claims[i], claims[j], vs[i], vs[j], float(vectors[i] @ vectors[j]))
            for i, j in pairs
        ]
    )
    return scorer.probability(x)
