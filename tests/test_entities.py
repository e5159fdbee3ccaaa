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


@pytest.mark.parametrize(
    "name",
    ["U.S.", "u.s.", "US", "USA", "United States", "united states", "America", "American",
     "Americans", "Washington", "Washington D.C."],
)  # fmt: skip
def test_every_way_of_naming_one_country_is_one_form(name: str) -> None:
    assert entities.normalise(name) == "united states"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("UK", "united kingdom"),  # its internet domain, not its ISO code
        ("U.K.", "united kingdom"),
        ("British", "united kingdom"),  # CLDR: British Pound
        ("Great Britain", "united kingdom"),  # the end of its official name
        ("Swiss", "switzerland"),
        ("Dutch", "netherlands"),
        ("UAE", "united arab emirates"),  # initials
        ("PRC", "china"),
        ("DPRK", "north korea"),
        ("North Korean", "north korea"),
        ("Afghan", "afghanistan"),
        ("Ukrainian", "ukraine"),
        ("Moscow", "russia"),
        ("Burmese", "myanmar"),
    ],
)
def test_codes_initials_and_currency_demonyms(name: str, expected: str) -> None:
    assert entities.normalise(name) == expected


@pytest.mark.parametrize("name", ["Korea", "Korean", "AI", "TV", "car", "can"])
def test_ambiguous_names_and_tiny_territories_codes_are_left_alone(name: str) -> None:
    # Two countries end their official names on Korea; Anguilla and Tuvalu are too small for
    # their codes to mean them; lower-case words are never codes.
    assert entities.country(name) is None


def test_hyphenated_and_spaced_names_meet() -> None:
    assert entities.key("Jean-Marie Le Pen") == entities.key("Jean Marie Le Pen")


def test_compare_entity_sets() -> None:
    assert entities.compare(["U.S.", "Pentagon"], ["Washington"]) is entities.Relation.SHARED
    assert entities.compare(["Kenyan police"], ["Nairobi"]) is entities.Relation.DISJOINT
    assert entities.compare(["Kenyan"], ["Nairobi"]) is entities.Relation.SHARED
    assert entities.compare([], ["Nairobi"]) is entities.Relation.UNKNOWN
    article = ["Emmanuel Macron", "Paris"]
    assert entities.shared(["Macron"], ["Emmanuel Macron", "Berlin"], article) == {
        "emmanuel macron"
    }
