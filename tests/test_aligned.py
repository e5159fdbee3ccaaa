"""Figures aligned by the parse (checker.aligned): two values in one slot clash only where the
counted noun, or the verb and preposition governing a sum or a year, is the same thing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from checker import aligned, contradict, rules
from checker.aligned import Slot
from checker.embed import EmbeddingCache
from checker.judge import could_restate, features
from checker.records import Claim, TimeRef
from tests.conftest import FixedScorer, flat_judge

from .conftest import Text


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        # A count of one noun with a modifier in common.
        ("The bridge was closed for 14 days of repairs.",
         "Engineers said the bridge stayed shut for 21 days of repairs.", aligned.NUMBER),
        # Both definite: the one plan, measured in pages.
        ("The council approved the 12-page plan on Monday.",
         "The mayor presented the 15-page plan to the council.", aligned.NUMBER),
        # A year one verb and preposition govern, of one subject.
        ("The museum has been run by the trust since 1998.",
         "The museum has been run by the trust since 1996.", aligned.YEAR),
        # A sum one verb governs.
        ("The firm paid $40,000 to settle the claim.",
         "The firm paid $75,000 to settle the claim.", aligned.NUMBER),
    ],
)  # fmt: skip
def test_two_figures_in_one_parsed_slot_clash(a: str, b: str, kind: str) -> None:
    found = aligned.clash(rules.read(Text(a)), rules.read(Text(b)))
    assert found is not None and found[0] == kind
    assert "aligned by the parse" in found[1]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Two sums with words in common, governed by different verbs.
        ("The firm repaid about $40,000 to its clients.",
         "The firm was accused of diverting $310,000 from its clients."),
        # The same noun counting different things.
        ("Nurses receive 20 days of annual leave.",
         "Nurses who have worked 60 days qualify for the bonus."),
        # One verb, two named subjects.
        ("Ruiz scored 18 points in the final.", "Okafor scored 24 points in the final."),
        # A year that names which thing.
        ("The 2012 election was close in the county.", "The 2016 election was close in the county."),
        # A count whose members are listed.
        ("The council's two Green members, Ada Lane and Tom Birch, voted against the budget.",
         "Three Green members, Rosa Vale, Ivo Marsh and Lin Ko, voted against the budget."),
        # Odds, not counts; a copula governs nothing in particular.
        ("Pollsters give the mayor a two-in-five chance of winning.",
         "Pollsters give the mayor a three-in-five chance of losing."),
        ("$2 million for the library is the council's offer.",
         "$3.5 million was the lowest bid for the library."),
        # Values one rounding reconciles, or one the other claim also states.
        ("The trust raised $1.02 million for the hospital.",
         "The trust raised $1 million for the hospital."),
        ("The club sold 300 tickets, up from 250 last year.",
         "The club sold 250 tickets last year and 300 this year."),
    ],
)  # fmt: skip
def test_figures_of_different_things_do_not_clash(a: str, b: str) -> None:
    assert aligned.clash(rules.read(Text(a)), rules.read(Text(b))) is None


def slot(**given: object) -> Slot:
    fields: dict[str, object] = {"noun": "", "prep": "", "governor": "pay", "verb": True,
                                 "subject": "", "modifiers": frozenset(), "definite": False}  # fmt: skip
    fields.update(given)
    return Slot(**fields)  # type: ignore[arg-type]


def test_slots_align_by_noun_modifier_or_governing_verb_and_subject() -> None:
    assert aligned.aligned(slot(noun="day", modifiers=frozenset({"repair"}), governor="close"),
                           slot(noun="day", modifiers=frozenset({"repair"}), governor="shut"))  # fmt: skip
    assert not aligned.aligned(slot(noun="day", governor="get"), slot(noun="day", governor="work"))
    assert not aligned.aligned(slot(noun="day"), slot())
    assert aligned.aligned(slot(subject="firm"), slot(subject="firm"))
    assert aligned.aligned(slot(subject="firm"), slot())  # a pronoun or no subject: not told
    assert not aligned.aligned(slot(subject="firm"), slot(subject="bank"))
    assert not aligned.aligned(slot(prep="since"), slot(prep="until"))
    assert not aligned.aligned(slot(verb=False), slot(verb=False))


def test_a_parse_aligned_clash_decides_whatever_the_probability() -> None:
    judge = flat_judge()
    a = rules.read(Text("The bridge was closed for 14 days of repairs."))
    b = rules.read(Text("Engineers said the bridge stayed shut for 21 days of repairs."))
    pair = features(a, b, (0.1, 0.1), 0.7)
    assert could_restate(pair.values)  # the contradict stage asks such a pair
    verdict = judge.decide(pair)
    assert verdict.contradiction and verdict.feature == aligned.NUMBER
    assert verdict.probability < 0.7 and verdict.evidence.endswith("14 against 21")
    other = features(
        a, rules.read(Text("Nurses who have worked 60 days qualify.")), (0.1, 0.1), 0.7
    )
    assert not could_restate(other.values) and not judge.decide(other).contradiction


def test_a_bound_on_one_sum_is_not_held_against_a_sum_another_verb_governs() -> None:
    repaid = rules.read(Text("The treasurer repaid the club about $3,000."))
    took = rules.read(
        Text("The treasurer was charged with illegally taking $18,000 in club funds.")
    )
    for pair in (features(repaid, took, (0.5, 0.5), 0.7), features(took, repaid, (0.5, 0.5), 0.7)):
        assert "bound_clash" not in pair.details and pair.named()["bound_clash"] == 0.0
    # One verb, two amounts: the bound still clashes.
    less = rules.read(Text("The treasurer took less than $10,000 from the club."))
    more = rules.read(Text("The treasurer took $18,000 from the club."))
    found = features(less, more, (0.5, 0.5), 0.7)
    assert (
        found.named()["bound_clash"] == 1.0 and "less than $ 10,000" in found.details["bound_clash"]
    )


def _claims() -> list[Claim]:
    when = TimeRef(dt.date(2024, 3, 4), dt.date(2024, 3, 4), "publication")
    texts = ("The bridge was closed for 14 days of repairs.",
             "Engineers said the bridge stayed shut for 21 days of repairs.")  # fmt: skip
    return [
        Claim(f"{d}:1", d, t, (0, len(t)), None, when) for d, t in zip("ab", texts, strict=True)
    ]


def test_the_contradict_stage_finds_it_and_a_warm_run_parses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    judge = flat_judge()
    vectors = np.array([[1.0, 0.0], [0.9, 0.1]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    cache = EmbeddingCache(tmp_path)
    (found,) = contradict.find(_claims(), vectors, [], FixedScorer(0.1), cache, judge=judge)[0]
    cache.close()
    assert found.rule == aligned.NUMBER and found.kind == "conflict"
    assert "14 against 21" in found.reason

    # A later run over the same cache reads the outcome: the parse is never asked.
    def refuse(*_: object) -> None:
        raise AssertionError("parsed on a warm run")

    monkeypatch.setattr(aligned, "check", refuse)
    again = EmbeddingCache(tmp_path)
    (same,) = contradict.find(_claims(), vectors, [], FixedScorer(0.1), again, judge=judge)[0]
    again.close()
    assert same == found


def test_a_year_aligned_by_the_parse_is_a_conflict_whatever_the_claims_times() -> None:
    # Differing dates of one event are a conflict, not the story moving on (contradict.DATED).
    judge = flat_judge()
    months = [
        (dt.date(2024, 3, 1), dt.date(2024, 3, 31)),
        (dt.date(2024, 5, 1), dt.date(2024, 5, 31)),
    ]
    texts = ("The museum has been run by the trust since 1998.",
             "The museum has been run by the trust since 1996.")  # fmt: skip
    a, b = (
        Claim(f"{d}:1", d, t, (0, len(t)), None, TimeRef(*month, "expression"))
        for d, t, month in zip("ab", texts, months, strict=True)
    )
    verdict = judge.decide(features(rules.read(a), rules.read(b), (0.1, 0.1), 0.9))
    assert verdict.feature == aligned.YEAR
    found = contradict.decide(a, b, verdict, "story", judge, (0.1, 0.1), articles=True)
    assert found is not None and found.kind == "conflict" and "1998 against 1996" in found.reason
    number = judge.decide(features(rules.read(Text("The bridge was closed for 14 days of repairs.")),
                                   rules.read(Text("The bridge was shut for 21 days of repairs.")),
                                   (0.1, 0.1), 0.9))  # fmt: skip
    moved = contradict.decide(a, b, number, "story", judge, (0.1, 0.1), articles=True)
    assert moved is not None and moved.kind == "temporal"  # a count may have moved on
