"""Entity normalisation on data other than the seeds: countries, capitals, demonyms, surnames."""

from __future__ import annotations

import pytest

from checker import entities


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("France", "france"),
        ("Paris", "france"),
        ("French", "france"),
        ("the French", "france"),
        ("Kenya", "kenya"),
        ("Nairobi", "kenya"),
        ("Kenyan", "kenya"),
        ("Kenyans", "kenya"),
        ("Egyptian", "egypt"),
        ("Cairo", "egypt"),
        ("Germany's", "germany"),
        ("Berlin", "germany"),
        ("U.S.", "united states"),
        ("United States of America", "united states"),
        ("Nigerian", "nigeria"),
        ("Sudanese", "sudan"),
        ("Israeli", "israel"),
        ("Brazilian", "brazil"),
    ],
)
def test_countries_capitals_and_demonyms(name: str, expected: str) -> None:
    assert entities.normalise(name) == expected


@pytest.mark.parametrize("name", ["Arabic", "English", "Victoria", "George Washington", "us", "it"])
def test_names_that_are_not_one_country_stay_themselves(name: str) -> None:
    # Languages of many countries, a small capital that is also a first name, a person
    # named after a capital, and lower-case codes that are English words.
    assert entities.normalise(name) == entities.key(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("  Emmanuel   Macron’s ", "emmanuel macron"),
        ("THE Guardian", "guardian"),
        ("Ruto's", "ruto"),
        ("U.N.", "un"),
        ("US", "united states"),
        ("2019", "2019"),
    ],
)
def test_surface_forms(name: str, expected: str) -> None:
    assert entities.normalise(name) == expected


def test_surname_resolves_to_the_one_full_name_in_the_article() -> None:
    article = ["William Ruto", "Ruto", "Nairobi", "Raila Odinga"]
    found = entities.canonical(["Ruto", "Odinga's", "Nairobi", "2022"], article)
    assert found == {"william ruto", "raila odinga", "kenya", "2022"}


def test_ambiguous_surname_is_left_alone() -> None:
    article = ["Marine Le Pen", "Jean-Marie Le Pen", "Pen"]
    assert entities.canonical(["Pen"], article) == {"pen"}


def test_alias_is_a_generic_alias_table() -> None:
    assert entities.alias("Nairobi") == entities.alias("Kenyan") == "kenya"
    assert entities.alias("Paris") == entities.alias("French") == "france"
