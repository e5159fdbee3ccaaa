from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import segment
from checker.models import nlp

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "segment.yaml").read_text()
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_sentences(case: dict[str, Any]) -> None:
    text = case["text"]
    got = [text[s:e] for s, e in segment.sentences(text, 0, len(text))]
    assert got == case["sentences"]


def _clauses(text: str) -> list[str]:
    sent = next(nlp.parse([text]))
    root = next(t for t in sent if t.dep_ == "ROOT")
    return [sent[s:e].text for s, e, _ in segment.clauses(sent, 0, len(sent), root)]


def test_coordinated_clauses_with_their_own_subjects_are_split() -> None:
    assert _clauses("Russia attacked the town and Ukraine did not attack the city.") == [
        "Russia attacked the town",
        "Ukraine did not attack the city.",
    ]


def test_clauses_split_on_semicolon_and_but() -> None:
    text = "Some analysts doubt his priorities; Trump is trailing in the polls, but the talks could still resume soon."
    assert _clauses(text) == [
        "Some analysts doubt his priorities",
        "Trump is trailing in the polls",
        "the talks could still resume soon.",
    ]


def test_a_shared_subject_keeps_one_clause() -> None:
    assert _clauses("The troops crossed the border and attacked the town.") == [
        "The troops crossed the border and attacked the town."
    ]
