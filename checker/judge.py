"""The contradiction judge: evidence about a pair of claims, weighed by a calibrated model.

Features come from the NLI model (both directions), the embedding cosine and what each
claim's record states (checker.rules: numbers in their slots, years, names, polarity from the
extractor's parse, content lemmas), so judging needs no second parse. A logistic regression
trained by bench/train_judge.py (cross-validated by event) weighs them, and a Platt fit
calibrates it; its parameters live in checker/data/judge.json and run here in numpy. Every
verdict names the evidence that pushed hardest towards it, in words a reviewer can check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from checker import aligned, denials, notyet, params, spans
from checker.evidence import FEATURES, RESTATED, Features, features, logit

# The evidence (checker.evidence) is part of the judge's interface: callers build a pair's
# Features through the judge they hand it to.
__all__ = [
    "ALIGNED", "FEATURES", "PARAMETERS", "RESTATED", "RESTATED_AT", "Features", "Judge", "Verdict",
    "could_restate", "default_judge", "denied_restatement", "features",
]  # fmt: skip

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

PARAMETERS = Path(__file__).parent / "data" / "judge.json"

# Features that are the NLI model's lower score times a feature named here: the ceilings
# below recompute them for each trial score.
_TIMES_LOW = {"related_nli": "cosine", "related_bound_clash": "bound_either",
              "related_bound_agrees": "bound_agrees"}  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    """The calibrated probability that two claims contradict, and the evidence that decided."""

    probability: float
    evidence: str
    feature: str
    contradiction: bool


# The same statement, denied: an override of the model where it is precise. One claim denies
# (the extractor's polarity, from the parse) what the other states, with most of the shorter
# claim's content lemmas in the other, similar embeddings and an NLI model sure both ways.
# Measured (bench/judge.md): SICK 104 of 109 flagged pairs are contradictions, BASIL pairs 0 of
# 310 compatible flagged, SNLI dev 5 flagged (all contradictions); on ECB+ news candidates 19
# of 6,476 flagged, 10 of them differing accounts or a position that changed on a reading.
# A denial carried by a reporting verb ("Man denies arson" / "Man charged with arson";
# "rejected it"; "dismissed X as Y") denies a charge or a proposal, not the other claim's
# statement: 0 of the 5 such pairs it flagged (3 ECB+ news candidates, 2 BASIL findings) were
# kept on a reading, so it does not count (bench/judge.md, 26 Nov).
RESTATED_AT = {"nli_low": 0.95, "lemma_containment": 0.6, "cosine": 0.6}


# Two figures for one thing, aligned by the parse (checker.aligned), two dates for one
# holder's tenure or planned act (checker.spans) and an act denied yet against it done
# (checker.notyet): overrides, their precision measured by
# bench/pairs_decided.py (bench/judge.md, seventh and eighth sessions).
ALIGNED = (aligned.NUMBER, aligned.YEAR, spans.YEAR_SPAN, spans.DATED_PLAN, notyet.NOT_YET)


def denied_restatement(pair: Features) -> bool:
    """Whether one claim's own clause denies what the other states, by the RESTATED_AT
    bounds."""
    named = pair.named()
    return (
        named["polarity_differs"] == 1.0
        and not pair.denial_verb
        and all(named[k] >= v for k, v in RESTATED_AT.items())
    )


def could_restate(values: Sequence[float]) -> bool:
    """Whether some NLI scores would make a pair (whose NLI is not known yet) a denied
    restatement: the override needs the model, so such a pair is always asked."""
    if getattr(values, "aligned", False):
        return True  # a parse-aligned figure clash decides (checker.aligned)
    named = dict(zip(FEATURES, values, strict=True))
    return named["polarity_differs"] == 1.0 and all(
        named[k] >= v for k, v in RESTATED_AT.items() if k != "nli_low"
    )


@dataclass(frozen=True)
class Judge:
    """A logistic regression on standardised features, then a Platt calibration.

    threshold: the calibrated probability from which a pair is a finding; confident: from
    which it is more than a low-confidence one (bench/train_judge.py chooses both on
    out-of-fold probabilities)."""

    names: tuple[str, ...]
    mean: np.ndarray[Any, np.dtype[np.float64]]
    scale: np.ndarray[Any, np.dtype[np.float64]]
    weights: np.ndarray[Any, np.dtype[np.float64]]
    bias: float
    platt: tuple[float, float]
    threshold: float
    confident: float
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
            confident=float(data.get("confident", data["threshold"])),
            trained_on=str(data.get("trained_on", "")),
        )

    def probabilities(self, rows: ArrayLike) -> np.ndarray[Any, Any]:
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        z = x @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-(self.platt[0] * z + self.platt[1]))))

    def ceiling(self, rows: ArrayLike, floor: float) -> np.ndarray[Any, Any]:
        """For feature rows whose NLI values are not known yet, the highest probability any
        NLI scores could give each (the second direction taken to equal the first below
        floor, as checker.contradict scores them): a pair whose ceiling is below a
        threshold is decided without asking the model."""
        x = np.array(rows, dtype=np.float64, ndmin=2)
        factors = _factors(x)
        # The probability is monotone in the higher score for a given lower one, so the
        # higher is at one of its bounds: the lower itself, the floor or 1.
        grid = [*np.linspace(0.0, 1.0, 101).tolist(), 1 - 1e-4]
        levels = {(low, high) for low in grid for high in (low, max(low, floor), 1.0)}
        best = np.zeros(len(x))
        for low, high in sorted(levels):
            x[:, FEATURES.index("nli_low")] = low
            x[:, FEATURES.index("nli_high")] = high
            x[:, FEATURES.index("nli_low_logit")] = logit(low)
            _times_low(x, factors, low)
            best = np.maximum(best, self.probabilities(x))
        return best

    def ceiling_given(self, rows: ArrayLike, first: Sequence[float]) -> np.ndarray[Any, Any]:
        """For feature rows whose first NLI direction is known (first) and whose second is
        not, the highest probability any second score could give each: a pair below its
        threshold need not be asked the second way."""
        x = np.array(rows, dtype=np.float64, ndmin=2)
        factors = _factors(x)
        best = np.zeros(len(x))
        f = np.asarray(first, dtype=np.float64)
        for b in [*np.linspace(0.0, 1.0, 101).tolist(), None]:
            second = f if b is None else np.full(len(x), b)  # None: the second equal to the first
            low, high = np.minimum(f, second), np.maximum(f, second)
            x[:, FEATURES.index("nli_low")] = low
            x[:, FEATURES.index("nli_high")] = high
            x[:, FEATURES.index("nli_low_logit")] = [logit(v) for v in low]
            _times_low(x, factors, low)
            best = np.maximum(best, self.probabilities(x))
        return best

    def decide(self, pair: Features) -> Verdict:
        """The verdict and the one piece of evidence that pushed hardest towards it; a
        denied restatement, a report one claim's speaker denies (checker.denials) or two
        figures in one parse-aligned slot (checker.aligned) is a contradiction whatever the
        probability."""
        p = float(self.probabilities([pair.values])[0])
        if p < self.threshold and denied_restatement(pair):
            return Verdict(round(p, 4), pair.details[RESTATED], RESTATED, True)
        if p < self.threshold and denials.DENIED_REPORT in pair.details:
            evidence = pair.details[denials.DENIED_REPORT]
            return Verdict(round(p, 4), evidence, denials.DENIED_REPORT, True)
        figure = next((n for n in ALIGNED if n in pair.details), None)
        if figure:
            # It decides at any probability, so it is the evidence named: a probability over
            # the threshold must not hand the verdict to a weaker feature that
            # checker.finding gates between articles (Pelosi "since 2002" / "since 2003" at
            # 0.76 was named by its aligned tokens and dropped there).
            return Verdict(round(p, 4), pair.details[figure], figure, True)
        x = (np.asarray(pair.values) - self.mean) / self.scale
        push = x * self.weights * (1.0 if p >= self.threshold else -1.0)
        order = [self.names[i] for i in np.argsort(-push, kind="stable")]
        name = next((n for n in order if n in pair.details), "nli_low")
        return Verdict(round(p, 4), pair.details.get(name, ""), name, p >= self.threshold)


def _factors(x: np.ndarray[Any, Any]) -> dict[str, np.ndarray[Any, Any]]:
    """What each of _TIMES_LOW's features multiplies the lower NLI score by, per row."""
    column = {n: x[:, FEATURES.index(n)].copy() for n in ("cosine", "bound_agrees")}
    column["bound_either"] = np.maximum(
        x[:, FEATURES.index("bound_clash")], x[:, FEATURES.index("year_bound_clash")]
    )
    return {name: column[factor] for name, factor in _TIMES_LOW.items()}


def _times_low(x: np.ndarray[Any, Any], factors: dict[str, np.ndarray[Any, Any]], low: Any) -> None:
    for name, factor in factors.items():
        x[:, FEATURES.index(name)] = low * factor


@lru_cache(maxsize=1)
def default_judge() -> Judge:
    return Judge.load()
