"""Aligned slots (checker.slots) and the judge features built on them, on sentences written
for these tests: a changed figure, year, name or word is caught; the same figure reworded,
or a bound the other claim's figure meets, is not."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from checker import rules, slots
from checker.judge import features
from checker.records import TimeRef


def reading(text: str) -> rules.Reading:
    claim = SimpleNamespace(
        text=text, speaker=None, time=TimeRef(None, None, "unknown"), entities=(), lemmas=(),
        polarity="positive",
    )  # fmt: skip
    return rules.read(claim)


def named(a: str, b: str) -> dict[str, float]:
    return features(reading(a), reading(b), (0.1, 0.1), 0.8).named()


@pytest.mark.parametrize(
    ("text", "bound"),
    [("More than 1,000 people came", ">"), ("at least 12 ships sank", ">="),
     ("fewer than 500 cases", "<"), ("no more than 20 seats", "<="), ("up to $5 million", "<="),
     ("about 300 workers", "~"), ("it opened after 1956", ">"), ("it sold 300 copies", "")],
)  # fmt: skip
def test_the_words_before_a_number_bound_it(text: str, bound: str) -> None:
    numbers, years = rules.numbers_in(text)
    assert [n.bound for n in (*numbers, *years)] == [bound]


def test_a_bound_the_other_figure_breaks_is_a_clash_and_one_it_meets_agrees() -> None:
    broken = named("The river flooded more than 1,000 homes.", "The river flooded 600 homes.")
    assert broken["bound_clash"] == 1.0 and broken["bound_agrees"] == 0.0
    met = named("The river flooded more than 1,000 homes.", "The river flooded 1,400 homes.")
    assert met["bound_clash"] == 0.0 and met["bound_agrees"] == 1.0
    # Two bounds that leave no value in common; and an approximation that covers the figure.
    assert (
        named("Sales topped $80 million", "Sales were less than $79 million")["bound_clash"] == 1.0
    )
    assert named("About 1,000 fans came", "Officials counted 980 fans")["bound_clash"] == 0.0


def test_figures_of_different_things_are_not_compared() -> None:
    # Bare counts with no word in common count different things.
    found = named("She spoke to about 600 supporters.", "She backs the 12-nation trade pact.")
    assert found["bound_clash"] == 0.0 and found["bound_agrees"] == 0.0


def test_a_year_bound_the_other_year_breaks() -> None:
    found = named("The bakery was founded in 1955 in Leeds.", "The bakery was founded after 1956.")
    assert found["year_bound_clash"] == 1.0
    assert (
        named("The bakery was founded in 1958.", "The bakery was founded after 1956.")[
            "year_bound_clash"
        ]
        == 0.0
    )


def test_a_changed_figure_in_the_same_sentence_is_caught_and_a_reworded_one_is_not() -> None:
    changed = named("The skier has won 9 gold medals.", "The skier has won 10 gold medals.")
    assert changed["diff_number"] > 0.8
    same = named("The skier has won 9 gold medals.", "The skier has won nine gold medals.")
    assert same["diff_number"] == 0.0
    reworded = named("Since 2002 she has led the party.", "She has led the party since 2002.")
    assert reworded["diff_number"] == reworded["diff_year"] == 0.0


def test_a_changed_year_name_and_word_are_caught() -> None:
    assert named("The bridge opened in 1998.", "The bridge opened in 2001.")["diff_year"] > 0.7
    name = named(
        "The prize went to Anna Berg last year.", "The prize went to Maria Lund last year."
    )
    assert name["diff_name"] > 0.7
    word = named("Fuel prices are rising sharply.", "Fuel prices are falling sharply.")
    assert word["diff_word"] > 0.7
    # A name followed by a rewording: its leading capitalised words are the name swapped.
    assert slots.diff(
        "In 2008 she began dating the banker Tom Reed and they married in 2010.",
        "In 2008 she began dating the banker Paul Hart.",
    ).name == ("Tom Reed", "Paul Hart")


def test_an_unchanged_sentence_has_no_difference() -> None:
    diff = slots.diff("The mill closed in 1990.", "The mill closed in 1990.")
    assert diff.similarity == 1.0 and diff == slots.Diff(1.0)


def test_the_reason_names_the_bound_and_the_figures() -> None:
    found = features(
        reading("Ticket sales were over $80 million."), reading("Ticket sales were under $79 million."),
        (0.1, 0.1), 0.8,
    )  # fmt: skip
    assert "more than $ 80 million" in found.details["bound_clash"]
    assert "less than $ 79 million" in found.details["bound_clash"]


def test_names_added_elsewhere_make_no_swap() -> None:
    # One claim lists other people: not one name put in another's place.
    diff = slots.diff(
        "Ms. Berg and Mr. Lund met on Friday to discuss a deal.",
        "Ms. Berg spoke to Mr. Holm, Ms. Dahl and Mr. Sund on Friday about a deal.",
    )
    assert diff.name is None


def test_bare_counts_need_two_words_in_common_to_be_compared() -> None:
    # "nearly two dozen actions" is 24, which 23 actions meets; bare counts sharing one word
    # are not held against each other.
    assert rules.numbers_in("He signed nearly two-dozen executive actions.")[0][0].value == 24.0
    found = named("He signed nearly two-dozen executive actions.", "It adds 23 executive actions.")
    assert found["bound_clash"] == 0.0
    assert (
        named("He stayed about two hours in town.", "He met 9 families in town.")["bound_clash"]
        == 0.0
    )


def test_an_approximate_sum_is_not_held_against_another_sum_of_the_case() -> None:
    # Two different sums of one case; a comparative against the only other sum still is.
    two_sums = named("The pair repaid about $60,000.", "They were charged with taking $250,000.")
    assert two_sums["bound_clash"] == 0.0
    assert (
        named("Sales were over $80 million.", "It earned less than $79 million.")["bound_clash"]
        == 1.0
    )


def test_a_figure_given_to_its_last_digit_is_no_round_figure() -> None:
    # "$41.2 million" is exact: "less than" it excludes it. "800,000" is round: a strict
    # bound on it still allows it ("more than 800,000" / "an estimated 800,000").
    exact = named("The film grossed less than $41.2 million.", "The film grossed $41.2 million.")
    assert exact["bound_clash"] == 1.0
    rough = named("More than 800,000 people marched.", "An estimated 800,000 people marched.")
    assert rough["bound_clash"] == 0.0 and rough["bound_agrees"] == 1.0


def test_a_bound_is_held_against_the_figure_that_counts_its_noun() -> None:
    # "more than 40 judges" is held against "40 judges", not against "90 out of 100"
    # (which shares a context word but counts marks).
    found = named(
        "The panel gave the wine 90 out of 100 marks, based on 40 judges.",
        "Based on more than 40 judges, the wine scored 90 out of 100 marks.",
    )
    assert found["bound_clash"] == 1.0


def test_opposite_bounds_on_one_round_figure_clash() -> None:
    found = named(
        "The clip has drawn over 30 million plays.", "The clip has fewer than 30 million plays."
    )
    assert found["bound_clash"] == 1.0
    assert (
        named("The clip has drawn over 30 million plays.", "The clip has 30 million plays.")[
            "bound_clash"
        ]
        == 0.0
    )


def test_a_bounded_figure_keeps_the_words_before_its_bound() -> None:
    # The bound's own function words do not fill its context window.
    numbers, _ = rules.numbers_in("The tour earned a worldwide total of more than $ 96.4 million.")
    assert "total" in numbers[0].context
    found = named(
        "The tour earned $ 50.1 million at home and $ 46.3 million abroad, a worldwide total of"
        " $ 96.4 million.",
        "The tour earned a worldwide total of more than $ 96.4 million.",
    )
    assert found["bound_clash"] == 1.0


def test_a_bounded_year_is_held_against_the_other_claims_only_year() -> None:
    found = named(
        "In 2019 the council said the new library had opened.",
        "The new library opened before 2018.",
    )
    assert found["year_bound_clash"] == 1.0
    # Unbounded, two years of otherwise different words are not compared.
    assert (
        named(
            "In 2019 the council said the new library had opened.",
            "The new library opened in 2017.",
        )["year_bound_clash"]
        == 0.0
    )


@pytest.mark.parametrize(
    "text", ["The march began at 8:30 p.m.", "The march began at 8 : 30.", "It began around 4 pm.",
             "It began around 7p. m. sharp", "It began at 11 a.m."],
)  # fmt: skip
def test_a_time_of_day_counts_nothing(text: str) -> None:
    assert rules.numbers_in(text) == ([], [])


def test_a_bounded_count_is_not_held_against_a_time_of_day() -> None:
    # Read as counts, "8" and "30" would share "began" with the bounded count.
    assert (
        named(
            "The march began soon after more than 200 people gathered.",
            "The march began around 8:30 p.m., police said.",
        )["bound_clash"]
        == 0.0
    )
    assert rules.numbers_in("The march began at 8:30 p.m. with 300 people.")[0][0].text == "300"
