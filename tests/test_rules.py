"""What a claim states that a contradiction can turn on: numbers in their slots, years,
names and polarity, read from the claim record."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from checker import rules
from checker.records import Claim, Polarity, TimeRef

from .conftest import Text, need_data


def values(text: str) -> list[float]:
    return [n.value for n in rules.numbers_in(text)[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Klaebo has won 9 gold medals", [9.0]),
        ("three people died", [3.0]),
        ("twenty-one boats", [21.0]),
        ("as many as 1.5 million women", [1.5e6]),
        ("1,200 troops and 15 tanks", [1200.0, 15.0]),
        ("two hundred thousand votes", [2e5]),
        ("one of them left", []),  # "one" alone is a pronoun more often than a count
        ("several ministers", []),
    ],
)
def test_numbers_are_read_in_digits_and_words(text: str, expected: list[float]) -> None:
    assert values(text) == expected


def test_years_are_apart_from_counts_and_no_trailing_comma_sticks() -> None:
    numbers, years = rules.numbers_in("Pelosi has led House Democrats since 2003, and 40 others")
    assert [y.text for y in years] == ["2003"] and [n.value for n in numbers] == [40.0]
    assert "<since" in years[0].context and "democrat" in years[0].context


def test_a_slot_clash_is_two_values_for_the_same_words_neither_stated_by_the_other() -> None:
    oath = lambda n: rules.numbers_in(f"Mr. Trump took the {n}-word oath at noon")[0]  # noqa: E731
    clash = rules.clash(oath(35), oath(38), "number")
    assert clash is not None and (clash.left, clash.right) == ("35", "38")
    assert "'oath'" in clash.slot and "'word'" in clash.slot
    assert rules.clash(oath(35), oath(35), "number") is None
    assert rules.agree(oath(35), oath(35)) and not rules.agree(oath(35), oath(38))
    # Different things counted: no shared words around the numbers.
    leave = rules.numbers_in("employees get 15 days of paid leave")[0]
    worked = rules.numbers_in("staff who have worked 90 days qualify")[0]
    assert rules.clash(leave, worked, "number") is None
    # A value the other claim states elsewhere is a different quantity, not a changed one.
    both = rules.numbers_in("the 38-word oath, 35 minutes later")[0]
    assert rules.clash(oath(35), both, "number") is None


def test_unmatched_needs_the_other_claim_to_state_numbers_of_its_own() -> None:
    five = rules.numbers_in("five people were hurt")[0]
    six = rules.numbers_in("six people were hurt in the park")[0]
    assert rules.unmatched(five, six) == five[0]
    assert rules.unmatched(five, []) is None


def test_a_reading_takes_polarity_and_names_from_the_record() -> None:
    claim = Claim(
        "d:1", "d", "The U.S. will not meet North Korea.", (0, 1), "Pompeo",
        TimeRef(dt.date(2020, 7, 1), dt.date(2020, 7, 1), "publication"),
        entities=("U.S.", "North Korea", "2020"), polarity=Polarity.NEGATIVE,
        lemmas=("meet", "North", "Korea"),
    )  # fmt: skip
    resolve = rules.resolver(["Mike Pompeo", "U.S."])
    r = rules.read(claim, resolve)
    assert r.negative and r.speaker == "mike pompeo"
    # Countries normalised the generic way (checker.entities): "U.S." is the United States.
    assert r.names == {"united states", "north korea"}
    assert r.lemmas == {"meet", "north", "korea"}
    other = rules.read(Text("The United States would meet.", entities=("United States",)))
    assert other.names & r.names == {"united states"} and not other.negative


def test_a_name_unmatched_is_one_the_other_claim_neither_names_nor_writes() -> None:
    a = rules.read(Text("Cowan follows Edward Brooke", entities=("Cowan", "Edward Brooke")))
    b = rules.read(Text("Cowan follows John Kerry in the seat", entities=("Cowan", "John Kerry")))
    assert rules.name_unmatched(a, b) == "edward brooke"
    c = rules.read(Text("Cowan will serve", entities=("Cowan",)))
    assert rules.name_unmatched(c, rules.read(Text("A senator will serve"))) is None


def test_on_basil_the_slot_rules_find_the_labelled_tenure_and_oath_conflicts() -> None:
    """The slot rules on labelled news other than the seeds: the conflicts they find are the
    ones a reader sees (years of one tenure, words of one oath), and they stay quiet on most
    compatible pairs."""
    path = need_data("labels", "basil_pairs.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    def clashes(r: dict[str, dict[str, str]]) -> bool:
        (na, ya), (nb, yb) = rules.numbers_in(r["a"]["text"]), rules.numbers_in(r["b"]["text"])
        return bool(rules.clash(na, nb, "number") or rules.clash(ya, yb, "year"))

    found = {r["point"] for r in rows if r["label"] == "conflict" and clashes(r)}
    assert any("2002" in p for p in found) and any("35 words" in p for p in found)
    compatible = [r for r in rows if r["label"] == "compatible"]
    assert sum(clashes(r) for r in compatible) <= 0.1 * len(compatible)


def test_a_rounded_figure_is_the_same_figure_but_years_must_match() -> None:
    exact = rules.numbers_in("the Clintons earned $140,937,785 over eight years")[0]
    rounded = rules.numbers_in("the Clintons earned roughly $141 million over eight years")[0]
    assert rules.clash(exact, rounded, "number") is None and rules.agree(exact, rounded)
    more = rules.numbers_in("the Clintons earned roughly $180 million over eight years")[0]
    assert rules.clash(exact, more, "number") is not None
    since = lambda y: rules.numbers_in(f"Pelosi has led House Democrats since {y}")[1]  # noqa: E731
    assert rules.clash(since(2002), since(2003), "year") is not None


def test_a_range_gives_its_scale_to_its_first_number() -> None:
    assert values("offers of $140- $150 million") == [1.4e8, 1.5e8]
    assert values("from 500,000 to 1.6 million women") == [5e5, 1.6e6]
    assert values("between 3 and 5 people") == [3.0, 5.0]


def test_a_slot_of_name_words_only_is_no_slot() -> None:
    # Two years beside one name ("the Supreme Court") date two different things; two years
    # in the slot "chaired ... since" date one thing, names around them or not.
    bid = rules.numbers_in("Jones launches a 2024 Supreme Court challenge to the ruling")[1]
    ruled = rules.numbers_in("The case first went to the Supreme Court in 1973.")[1]
    assert {"supreme", "court"} <= bid[0].context & ruled[0].context
    assert rules.clash(bid, ruled, "year") is None
    since = rules.numbers_in("Smith has chaired the Senate Finance Committee since 2009.")[1]
    later = rules.numbers_in("Smith Has Chaired The Senate Finance Committee Since 2011")[1]
    found = rules.clash(since, later, "year")
    assert found is not None and (found.left, found.right) == ("2009", "2011")
    # Lower-case slot words still make a slot, whatever else the claims capitalise.
    hired = rules.numbers_in("Acme Corp hired 40 engineers in Ohio last year.")[0]
    fewer = rules.numbers_in("Acme Corp hired 55 engineers in Ohio last year.")[0]
    assert rules.clash(hired, fewer, "number") is not None
    # Two title-case headlines capitalise every word; the word just before the figure still
    # makes the slot.
    passes = rules.numbers_in("Senate Passes 2019 Budget Bill")[1]
    passes_later = rules.numbers_in("Senate Passes 2020 Budget Bill")[1]
    assert rules.clash(passes, passes_later, "year") is not None


def test_the_number_filter_takes_whole_number_words_only() -> None:
    from checker import numbers

    for text in ("Someone often has money.", "It was done at the station."):
        assert not numbers._may_hold_numbers(text)
        assert numbers.numbers_in(text) == ([], [])
    for text in ("They hurt two men.", "Twenty-one were hurt.", "It cost 5 dollars."):
        assert numbers._may_hold_numbers(text)
        assert numbers.numbers_in(text)[0]


def test_the_word_lists_are_spacys_own() -> None:
    from spacy.lang.en.lex_attrs import _num_words
    from spacy.lang.en.stop_words import STOP_WORDS

    from checker import numbers

    assert numbers.stop_words() == frozenset(STOP_WORDS)
    assert list(numbers.number_words()) == _num_words[:28]


def test_after_and_before_bound_a_year_but_not_a_duration() -> None:
    (days,), _ = rules.numbers_in("The strike ended after two days.")
    _, (year,) = rules.numbers_in("Prices have risen after 2010.")
    (more,), _ = rules.numbers_in("It sold more than 5 million copies.")
    assert (days.bound, year.bound, more.bound) == ("", ">", ">")
