"""Dates the parse attaches to one named holder (checker.spans): two ranges of years of one
tenure are a conflict; one planned act given two dates moved on between reports of
different days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from checker import aligned, contradict, rules, spans
from checker.embed import EmbeddingCache
from checker.judge import could_restate, features
from checker.records import Claim, TimeRef
from tests.conftest import FixedScorer, flat_judge

from .conftest import Text


def _clash(a: str, b: str) -> tuple[str, str] | None:
    return spans.clash(rules.read(Text(a)), rules.read(Text(b)), aligned._parsed)


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        # A relative clause on the name against the name nearest a misparsed verb.
        ("The library is named after Clara Voss, who directed it from 1952 to 1971.",
         "Its first woman director since Clara Voss, a chemist, ran it from 1950 to 1969.",
         spans.YEAR_SPAN),
        # The named subject of both verbs, "between ... and".
        ("Henrik Aalto coached the club from 1988 to 1994.",
         "Henrik Aalto was in charge of the club between 1987 and 1995.", spans.YEAR_SPAN),
        # One planned act, two dates.
        ("Governor Ellen Park will step down on March 15, her office said.",
         "Ellen Park would be resigning at the end of April.", spans.DATED_PLAN),
    ],
)  # fmt: skip
def test_one_holder_given_two_dates_clashes(a: str, b: str, kind: str) -> None:
    found = _clash(a, b)
    assert found is not None and found[0] == kind


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Two holders.
        ("Clara Voss directed the library from 1952 to 1971.",
         "Anton Reyes directed the museum from 1950 to 1969."),
        # One end shared: a second role may have begun later.
        ("Henrik Aalto coached the club from 1988 to 1994.",
         "Henrik Aalto coached the youth team from 1990 to 1994."),
        # Ranges that do not overlap: two tenures.
        ("Henrik Aalto coached the club from 1988 to 1994.",
         "Henrik Aalto coached the club again from 2001 to 2004."),
        # One date in both, or a past act, or two holders' plans.
        ("Ellen Park will step down on March 15.", "Ellen Park will resign on March 15, aides said."),
        ("Ellen Park stepped down in March.", "Ellen Park resigned at the end of April."),
        ("Ellen Park will step down on March 15.", "Tom Ruiz will take over at the end of April."),
    ],
)  # fmt: skip
def test_dates_of_different_things_do_not_clash(a: str, b: str) -> None:
    assert _clash(a, b) is None


def _claim(doc: str, text: str, month: int) -> Claim:
    when = TimeRef(dt.date(2024, month, 4), dt.date(2024, month, 4), "expression")
    return Claim(f"{doc}:1", doc, text, (0, len(text)), None, when)


def test_a_tenure_is_a_conflict_and_a_plan_follows_the_claims_times() -> None:
    # Reports two months apart (more than candidates.TIME_SLACK): a plan moved on.
    judge = flat_judge()
    tenure = (_claim("a", "Henrik Aalto coached the club from 1988 to 1994.", 3),
              _claim("b", "Henrik Aalto was in charge of the club between 1987 and 1995.", 5))  # fmt: skip
    plan = (_claim("a", "Ellen Park will step down on March 15, her office said.", 3),
            _claim("b", "Ellen Park would be resigning at the end of April.", 5))  # fmt: skip
    for (a, b), rule, kind in ((tenure, spans.YEAR_SPAN, "conflict"),
                               (plan, spans.DATED_PLAN, "temporal")):  # fmt: skip
        pair = features(rules.read(a), rules.read(b), (0.1, 0.1), 0.7)
        assert could_restate(pair.values)  # the contradict stage asks such a pair
        verdict = judge.decide(pair)
        assert verdict.contradiction and verdict.feature == rule and verdict.probability < 0.7
        found = contradict.decide(a, b, verdict, "story", judge, (0.1, 0.1), articles=True)
        assert found is not None and found.kind == kind and found.rule == rule
        # Reports of one day: the plan was dated twice, not moved (GUIDE.md).
        again = contradict.decide(
            a, b, verdict, "story", judge, (0.1, 0.1), articles=True, same_day=True
        )
        assert again is not None and again.kind == "conflict"
        assert "date one thing differently" in again.reason


def test_the_contradict_stage_finds_a_tenure_and_a_warm_run_parses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = [_claim("a", "Henrik Aalto coached the club from 1988 to 1994.", 3),
              _claim("b", "Henrik Aalto was in charge of the club between 1987 and 1995.", 3)]  # fmt: skip
    vectors = np.array([[1.0, 0.0], [0.9, 0.1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    cache = EmbeddingCache(tmp_path)
    (found,) = contradict.find(claims, vectors, [], FixedScorer(0.1), cache, judge=flat_judge())[0]
    cache.close()
    assert found.rule == spans.YEAR_SPAN and found.kind == "conflict"

    # The outcome is kept with the parse-aligned figures' (aligned.Remembered).
    def refuse(*_: object) -> None:
        raise AssertionError("parsed on a warm run")

    monkeypatch.setattr(aligned, "check", refuse)
    again = EmbeddingCache(tmp_path)
    (same,) = contradict.find(claims, vectors, [], FixedScorer(0.1), again, judge=flat_judge())[0]
    again.close()
    assert same == found
