from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import segment

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "segment.yaml").read_text()
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_sentences(case: dict[str, Any]) -> None:
    text = case["text"]
    got = [text[s:e] for s, e in segment.sentences(text, 0, len(text))]
    assert got == case["sentences"]


def test_clauses_split_independent_statements_and_keep_offsets() -> None:
    text = "Pompeo indicated little interest in a summit, adding that Trump would only go if progress was likely."
    parts = segment.clauses(text, 0, len(text))
    assert [text[s:e] for s, e, _ in parts] == [
        "Pompeo indicated little interest in a summit",
        "Trump would only go if progress was likely.",
    ]
    assert [inherit for _, _, inherit in parts] == [False, True]


def test_clauses_split_on_semicolon_and_but() -> None:
    text = "Some analysts doubt his priorities; Trump is trailing in the polls, but the talks could still resume soon."
    got = [text[s:e] for s, e, _ in segment.clauses(text, 0, len(text))]
    assert got == [
        "Some analysts doubt his priorities",
        "Trump is trailing in the polls",
        "the talks could still resume soon.",
    ]


def test_clauses_do_not_split_inside_quotes_or_short_pieces() -> None:
    text = '"We are not saying no, but we cannot do it now," she said.'
    assert segment.clauses(text, 0, len(text)) == [(0, len(text), False)]
    short = "He came, but he left early today."
    assert len(segment.clauses(short, 0, len(short))) == 1
