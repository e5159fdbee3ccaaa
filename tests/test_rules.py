from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from checker import rules
from checker.records import Claim, TimeRef

PUB = TimeRef(dt.date(2020, 7, 10), dt.date(2020, 7, 10), "publication")


def claim(
    text: str, cid: str = "a:1", time: TimeRef = PUB, entities: tuple[str, ...] = ()
) -> Claim:
    return Claim(cid, cid.split(":")[0], text, (0, 1), None, time, entities=entities)


def test_number_rule_sees_different_counts_of_the_same_thing() -> None:
    hit = rules.number_rule(
        claim("Trump and Kim have met three times."), claim("Trump and Kim have met twice.", "b:1")
    )
    assert hit is not None and hit.rule == "number" and "3 vs 2" in hit.detail


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Trump and Kim have met three times.", "Trump and Kim have met three times in all."),
        ("Trump and Kim met in 2018.", "Trump and Kim met in 2019."),  # years are dates
        ("Three people were hurt in Seoul.", "Kim fired two missiles on Friday."),  # other things
    ],
)
def test_number_rule_stays_quiet_without_a_differing_count(left: str, right: str) -> None:
    assert rules.number_rule(claim(left), claim(right, "b:1")) is None


def test_negation_rule_needs_the_same_statement_once_denied() -> None:
    yes = claim("North Korea will attend the summit in Singapore.")
    no = claim("North Korea will not attend the summit in Singapore.", "b:1")
    other = claim("South Korea will not send troops abroad.", "b:1")
    hit = rules.negation_rule(yes, no)
    assert hit is not None and "b:1" in hit.detail
    assert rules.negation_rule(yes, other) is None
    assert rules.negation_rule(no, no) is None


def test_date_rule_needs_stated_dates_that_cannot_both_hold() -> None:
    june = TimeRef(dt.date(2018, 6, 12), dt.date(2018, 6, 12), "expression", "June 12")
    may = TimeRef(dt.date(2018, 5, 12), dt.date(2018, 5, 12), "expression", "May 12")
    a = claim("The first summit took place in Singapore on June 12.", time=june)
    b = claim("The first summit took place in Singapore on May 12.", "b:1", time=may)
    assert rules.date_rule(a, b) is not None
    c = claim("Talks with Seoul resumed on May 12.", "b:1", time=may)
    assert rules.date_rule(a, c) is None
    assert rules.date_rule(a, claim(b.text, "b:1")) is None  # one date only from publication


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I understand they want to meet, and we would certainly do that", 1),
        ("A summit between the U.S. and North Korea will not take place this year", -1),
        ("North Korea has no interest in resuming dialogue with the United States.", -1),
        ("Trump and Kim met again in February of 2019 in Hanoi", 0),
        (
            "In August Pompeo cancelled a trip after Trump said there was unlikely to be progress.",
            0,
        ),
        ("Despite Trump's lack of interest, officials signaled their readiness to negotiate.", 1),
    ],
)
def test_stance_reads_the_main_clause(text: str, expected: int) -> None:
    assert rules.stance(text) == expected


def test_guard_dismisses_different_people_and_mere_added_detail() -> None:
    a = claim("Pompeo will not travel to Pyongyang.", entities=("Pompeo", "Pyongyang"))
    b = claim("Moon wants to visit Tokyo.", "b:1", entities=("Moon", "Tokyo"))
    assert rules.guard(a, b) == "they name different people or places"
    c = claim("Kim wants a summit.", entities=("Kim",))
    d = claim("Kim wants a summit, but not before the election.", "b:1", entities=("Kim",))
    assert rules.guard(c, d) == "one only adds detail to the other"
    e = claim("The U.S. wants talks.", entities=("U.S.",))
    f = claim(
        "The United States has no interest in talks with anyone.",
        "b:1",
        entities=("United States",),
    )
    assert rules.guard(e, f) is None  # aliases name the same country; the stances are opposed


def test_across_articles_a_model_finding_needs_a_shared_name() -> None:
    a = Claim("a:1", "a", "The talks will resume soon.", (0, 1), "Mike Pompeo", PUB, entities=())
    b = Claim(
        "b:1", "b", "The bill will not pass the Senate.", (0, 1), None, PUB, entities=("Senate",)
    )
    assert rules.guard(a, b) == "across articles, they share no named person, place or organisation"
    c = Claim(
        "c:1",
        "c",
        "Pompeo will not resume the talks.",
        (0, 1),
        None,
        PUB,
        entities=("Pompeo", "Mike Pompeo"),
    )
    assert rules.guard(a, c) is None  # Pompeo is a's speaker and named in c
    same_doc = Claim(
        "a:2", "a", "The bill will not pass the Senate.", (0, 1), None, PUB, entities=("Senate",)
    )
    assert rules.guard(a, same_doc) is None  # one article's speakers are on one story


def test_could_decide_holds_for_every_pair_a_rule_or_opposed_stance_decides() -> None:
    from pathlib import Path

    from checker import claims as claims_stage
    from checker import ingest

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    claims = [c for d in ingest.ingest([seeds]).documents for c in claims_stage.extract(d)]
    varied = [
        claim("Trump and Kim have met three times."),
        claim("Trump and Kim have met twice.", "b:1"),
        claim("North Korea will attend the summit in Singapore.", "c:1"),
        claim("North Korea will not attend the summit in Singapore.", "d:1"),
    ]
    claims += varied
    traits = rules.traits(claims)
    mask = rules.could_decide(traits[:, None, :], traits[None, :, :])
    decided = np.array(
        [
            [rules.opposed(a, b) or rules.apply_rules(a, b) is not None for b in claims]
            for a in claims
        ]
    )
    assert decided.sum() > len(varied) and not (decided & ~mask).any()
    assert mask.mean() < 0.5  # it is worth checking first
