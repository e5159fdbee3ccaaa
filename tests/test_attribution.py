from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import attribution, boilerplate, claims
from checker.records import Document

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "attribution.yaml").read_text()
)


def make_doc(text: str, published: Any = None) -> Document:
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


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_attribution_cases(case: dict[str, Any]) -> None:
    doc = make_doc(case["text"])
    got = [{"text": c.text, "speaker": c.speaker} for c in claims.extract(doc)]
    for expected in case["claims"]:
        assert expected in got, f"missing {expected}; got {got}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("U.S. Secretary of State Mike Pompeo", "Mike Pompeo"),
        ("White House National Security Adviser Robert O’Brien", "Robert O’Brien"),
        ("South Korean President Moon Jae-in", "Moon Jae-in"),
        ("North Korea", "North Korea"),
    ],
)
def test_strip_titles(name: str, expected: str) -> None:
    assert attribution.strip_titles(name) == expected


def test_pronoun_resolves_to_last_speaker_then_last_person() -> None:
    state = attribution.SpeakerState()
    state.observe_person("Secretary of State Mike Pompeo")
    state.observe_person("Kim Yo Jong")
    assert state.resolve("he") == "Kim Yo Jong"  # no speaker yet: most recent person
    state.last_speaker = "Mike Pompeo"
    assert state.resolve("he") == "Mike Pompeo"
    assert state.resolve("they") is None
    assert state.resolve("Pompeo") == "Mike Pompeo"


def test_the_network_resolves_to_the_media_outlet_named_before() -> None:
    doc = make_doc(
        "Trump told advisers he would wait, CNN reported.\n\n"
        "Trump voiced disappointment late last year, the network reported, citing two sources.\n"
    )
    found = claims.extract(doc)
    assert found[-1].speaker == "CNN"
    assert found[-1].text.startswith("Trump voiced disappointment late last year")
