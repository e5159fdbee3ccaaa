"""The extraction cases of issue 13 (tests/cases/claims.yaml), with the real spaCy model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import boilerplate, claims
from checker.records import Claim, Document

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "claims.yaml").read_text(encoding="utf-8")
)


def make_doc(text: str, published: dt.date | None = None) -> Document:
    return Document(
        id="d",
        path="d.txt",
        text=text,
        sha256="0",
        outlet=None,
        published=published,
        title=None,
        url=None,
        provenance=(),
        blocks=boilerplate.classify(text),
    )


def _fields(claim: Claim) -> dict[str, Any]:
    return {
        "text": claim.text,
        "speaker": claim.speaker,
        "verb": claim.verb,
        "polarity": str(claim.polarity),
        "headline": claim.headline,
        "quote": claim.quote,
        "time": claim.time.start,
    }


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_extraction_cases(case: dict[str, Any]) -> None:
    found = claims.extract_all(make_doc(case["text"], case.get("published")))
    got = [_fields(c) for c in found.claims]
    for expected in case["claims"]:
        assert any(all(g[k] == v for k, v in expected.items()) for g in got), (
            f"missing {expected}; got {got}"
        )
    text = case["text"]
    drops = {(d.reason, text[d.span[0] : d.span[1]]) for d in found.dropped}
    for reason, dropped in case.get("dropped", []):
        assert (reason, dropped) in drops, drops


def test_attacked_and_did_not_attack_share_the_lemma_with_opposite_polarity() -> None:
    doc = make_doc("Troops attacked the village.\n\nTroops did not attack the village.\n")
    first, second = claims.extract(doc)
    assert "attack" in first.lemmas and "attack" in second.lemmas
    assert set(first.lemmas) == set(second.lemmas)
    assert (first.polarity, second.polarity) == ("positive", "negative")


def test_entities_come_from_the_named_entity_recogniser_with_full_names() -> None:
    doc = make_doc(
        "Chancellor Angela Merkel visited Paris in 2015.\n\n"
        "Merkel said the European Union would act.\n"
    )
    first, second = claims.extract(doc)
    assert {"Angela Merkel", "Paris", "2015"} <= set(first.entities)
    assert second.speaker == "Angela Merkel"
    assert "European Union" in second.entities


def test_every_claim_span_indexes_the_document_text() -> None:
    text = (
        "Talks stall\n\n“We are ready,” the minister said, adding that the other side was not.\n\n"
        "Russia attacked the town and Ukraine did not attack the city.\n"
    )
    for claim in claims.extract(make_doc(text)):
        source = text[claim.span[0] : claim.span[1]]
        assert claim.text.rstrip(".")[-8:].lower() in source.lower(), (claim.text, source)


def test_unclaimed_lists_boilerplate_and_sentences_without_a_claim() -> None:
    text = "Ministers agree on a pact\n\nThe ministers met in Brussels on Monday.\n\nWhy now?\n"
    doc = make_doc(text)
    drops = claims.unclaimed(doc, claims.extract(doc))
    assert [(d.reason, text[d.span[0] : d.span[1]]) for d in drops] == [("question", "Why now?")]


def test_a_long_runaway_sentence_is_parsed_in_pieces() -> None:
    text = "The committee met and " + "the members talked and " * 2000 + "they left."
    found = claims.extract(make_doc(text))
    assert found and found[-1].span[1] <= len(text)


def test_a_weekday_under_a_verbless_root_resolves_without_hanging() -> None:
    text = (
        "Police said the suspect, a man in his forties, on Friday.\n\nA quiet Friday in the city.\n"
    )
    found = claims.extract(make_doc(text, dt.date(2016, 4, 7)))
    assert found and found[0].time.start == dt.date(2016, 4, 1)
