"""A clash the article itself points out (checker.flagged). The sentences are written for
these tests."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from checker import contradict, denials, flagged
from checker.claimtext import lemmas
from checker.models.nlp import parse
from checker.records import Claim, Polarity, TimeRef
from tests.conftest import FixedScorer, flat_judge

WHEN = TimeRef(dt.date(2024, 3, 4), dt.date(2024, 3, 4), "publication")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The comments were puzzling", "The comments were puzzling"),
        ("His remarks surprised analysts", "His remarks surprised"),
        ("Those statements are at odds with the record", "Those statements are at odds"),
        ("The minister's account contradicts the records", "The minister's account contradicts"),
        ("These claims were inconsistent with her testimony", "These claims were inconsistent"),
    ],
)
def test_remarks_taken_up_and_called_puzzling_or_at_odds_are_a_flag(text: str, words: str) -> None:
    assert flagged.flags(text, denials.Outcomes(None)) == words


@pytest.mark.parametrize(
    "text",
    [
        "The comments were not surprising",  # negated
        "Comments were puzzling",  # no remarks taken up from before
        "The results were puzzling",  # no remarks at all
        "The comments were welcome",  # neither puzzling nor at odds
        "Analysts were puzzled by the comments",  # the remarks are not what the clause is about
    ],
)
def test_no_flag(text: str) -> None:
    assert flagged.flags(text, denials.Outcomes(None)) is None


def _article(*parts: tuple[str, str | None] | str) -> tuple[str, list[Claim]]:
    """An article's text and its claims: a part is a claim's (text, speaker), or the words
    between claims."""
    text, claims = "", []
    for part in parts:
        if isinstance(part, str):
            text += part
            continue
        said, speaker = part
        span = (len(text), len(text) + len(said))
        negative = " not " in f" {said} " or " no " in f" {said} "
        claims.append(
            Claim(f"a:{len(claims) + 1}", "a", said, span, speaker, WHEN,
                  lemmas=lemmas(next(parse([said]))),
                  polarity=Polarity.NEGATIVE if negative else Polarity.POSITIVE)
        )  # fmt: skip
        text += said
    return text, claims


FLAG = ("The comments were puzzling", None)
ACCOUNT = ("The union has no interest in more talks.", "the union")


def _pairs(text: str, claims: list[Claim]) -> list[tuple[str, str]]:
    found = flagged.pairs(claims, contradict.readings(claims), {"a": text}, denials.Outcomes(None))
    return sorted((claims[i].id, claims[j].id) for i, j in found)


def test_the_remarks_before_a_flag_are_set_against_the_account_after_it() -> None:
    text, claims = _article(
        ("The board met on Monday.", None), " ",
        ("We want more talks", "the chairman"), ", the chairman said. ",
        ("We will talk this week", "the chairman"), ".\n\n",
        FLAG, ", because ", ACCOUNT,
    )  # fmt: skip
    assert _pairs(text, claims) == [("a:2", "a:5"), ("a:3", "a:5")]


@pytest.mark.parametrize(
    "parts",
    [
        # The account is a sentence of its own, not the flag's.
        (("We want more talks", "the chairman"), ".\n\n", FLAG, ". ", ACCOUNT),
        # The account is the remarks' speaker's own.
        (("We want more talks", "the union"), ".\n\n", FLAG, ", because ", ACCOUNT),
        # The remarks are the outlet's, not someone's.
        (("Talks were planned", None), ".\n\n", FLAG, ", because ", ACCOUNT),
        # The remarks are two paragraphs back: "the comments" take up the paragraph before.
        (("We want more talks", "the chairman"), ".\n\nA.\n\n", FLAG, ", because ", ACCOUNT),
        # No connective gives the account.
        (("We want more talks", "the chairman"), ".\n\n", FLAG, ", and ", ACCOUNT),
    ],
)
def test_no_pair_without_remarks_a_flag_and_an_account_in_its_sentence(
    parts: tuple[tuple[str, str | None] | str, ...],
) -> None:
    assert _pairs(*_article(*parts)) == []


@pytest.mark.parametrize(("score", "found"), [(0.9, 1), (0.4, 0)])
def test_a_flagged_pair_is_a_finding_where_the_model_agrees(score: float, found: int) -> None:
    text, claims = _article(
        ("We want more talks", "the chairman"), ".\n\n", FLAG, ", because ", ACCOUNT, "\n\n",
        ("Rain fell over the hills.", None), " ", ("Prices of bread rose.", None),
    )  # fmt: skip
    # Far apart (cosine 0): no candidate pair but the article's.
    v = np.array([[np.cos(t), np.sin(t)] for t in (0.0, 0.7, 1.57, 2.4, 3.1)], dtype=np.float32)
    judge = flat_judge()
    args = (claims, v, [], FixedScorer(score))
    got, _ = contradict.find(*args, judge=judge, articles_text={"a": text})
    assert len(got) == found
    if got:
        assert got[0].claims == ("a:1", "a:3") and got[0].rule == flagged.FLAGGED
        assert got[0].kind == "conflict" and got[0].severity == "info"
        assert "The chairman and the union differ" not in got[0].reason  # speakers as given
        assert "the chairman and the union differ" in got[0].reason
        assert "'The comments were puzzling'" in got[0].reason
        assert "the article's own words decide" in got[0].reason
    assert contradict.find(*args, judge=judge)[0] == []  # no texts, no flagged pairs


def test_a_document_with_a_possible_flag_keeps_its_text() -> None:
    _, claims = _article(("We want more talks", "the chairman"), ".\n\n", FLAG)
    assert flagged.needs_text(claims)
    assert not flagged.needs_text(claims[:1])
