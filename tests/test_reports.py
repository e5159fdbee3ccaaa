"""A disputed account: one side calls a report wrong, the other publishes or keeps to it
(checker.reports). The sentences are written for these tests."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from checker import contradict, reports, rules
from checker.records import Claim, Contradiction, TimeRef
from tests.conftest import FixedScorer, Text, flat_judge


@pytest.mark.parametrize(
    ("first", "second", "found"),
    [
        # A verb of denial takes the account as its object; the other prints it.
        ("The ministry rejected the newspaper's report about the tender.",
         "The newspaper printed the story on its front page.",
         "one side calls the report wrong, the other keeps to the story ('print')"),
        # A copula says the account is not accurate; the other stands by it.
        ("The paper's account of the meeting is not accurate.", "We stand by our reporting.",
         "one side calls the account wrong, the other keeps to the reporting ('stand by')"),
        ("The editors stand by the article.", "The article is false.",
         "one side calls the article wrong, the other keeps to the article ('stand by')"),
    ],
)  # fmt: skip
def test_an_account_called_wrong_against_one_kept_to_is_a_dispute(
    first: str, second: str, found: str
) -> None:
    assert reports.disputed(first, second) == found


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Not disputed: negated, or said to be accurate.
        ("The union did not dispute the report.", "The newspaper published the report."),
        ("The report was accurate.", "The newspaper published the report."),
        # A denial of a proposition, or of something that is no account.
        ("The council denied that the bridge will close.", "The paper published the story."),
        ("Critics rejected the plan.", "The paper published the plan's story."),
        # The dispute describes a noun: not the claim's own assertion.
        ("The editor who disputed the report resigned.", "The paper published the report."),
        # Defending oneself against a report is not keeping to it.
        ("The ministry rejected the report.", "The mayor defended herself against the report."),
        # Two disputes, nobody keeps to it.
        ("The ministry rejected the report.", "The union denied the story."),
    ],
)  # fmt: skip
def test_no_dispute_without_both_sides(first: str, second: str) -> None:
    assert reports.disputed(first, second) is None


def test_the_cheap_test_asks_for_an_account_on_both_sides_and_two_speakers() -> None:
    rejects = rules.read(Text("The ministry rejected the report.", "the ministry",
                              lemmas=("ministry", "reject", "report")))  # fmt: skip
    prints = rules.read(Text("The paper printed the story.", "the editor",
                             lemmas=("paper", "print", "story")))  # fmt: skip
    assert reports.could_dispute("story", rejects, prints)
    assert reports.could_dispute("document", prints, rejects)
    assert not reports.could_dispute("brief", rejects, prints)
    same = rules.read(Text(prints.text, "the ministry", lemmas=("paper", "print", "story")))
    assert not reports.could_dispute("story", rejects, same)  # one speaker
    plan = rules.read(Text("The paper printed the plan.", None, lemmas=("paper", "print", "plan")))
    assert not reports.could_dispute("story", rejects, plan)  # no account on one side


def _claim(cid: str, text: str, lemmas: tuple[str, ...], speaker: str | None = None) -> Claim:
    when = TimeRef(dt.date(2024, 3, 4), dt.date(2024, 3, 4), "publication")
    doc, at = cid.split(":")
    return Claim(cid, doc, text, (int(at), 1), speaker, when, lemmas=lemmas)


def _find(claims: list[Claim], angles: list[float]) -> list[Contradiction]:
    """The findings among claims of two articles "a" and "b", each padded with two claims
    of its own (a one- or two-claim document is a brief, compared otherwise)."""
    judge = flat_judge(-1.0, 0.5, 0.8)
    padding = [
        _claim(f"{doc}:{k}", text, ())
        for doc in "ab"
        for k, text in ((7, "Rain fell over the hills."), (8, "Prices of bread rose."))
    ]
    angles = [*angles, 2.0, 2.5, 2.2, 2.7]
    v = np.array([[np.cos(t), np.sin(t)] for t in angles], dtype=np.float32)
    found, _ = contradict.find([*claims, *padding], v, [], FixedScorer(0.1), judge=judge)
    return found


def test_a_disputed_account_is_a_finding_between_two_articles() -> None:
    # The judge gives 0.27 (below its 0.5) and the model sees no contradiction: the parse
    # decides, and the reason says so.
    rejects = _claim("a:1", "The ministry rejected the newspaper's report about the tender.",
                     ("ministry", "reject", "newspaper", "report", "tender"), "the ministry")  # fmt: skip
    prints = _claim("b:1", "The newspaper printed the story on its front page.",
                    ("newspaper", "print", "story", "front", "page"))  # fmt: skip
    (found,) = _find([rejects, prints], [0.0, 1.0])
    assert found.rule == reports.DISPUTED and found.kind == "conflict"
    assert "calls the report wrong" in found.reason
    other = _claim("b:1", "The newspaper printed the plan on its front page.",
                   ("newspaper", "print", "plan", "front", "page"))  # fmt: skip
    assert _find([rejects, other], [0.0, 1.0]) == []


def test_a_claim_that_could_dispute_an_account_is_paired_beyond_its_nearest() -> None:
    from checker import accounts, denials

    rejects = _claim("a:1", "The ministry rejected the newspaper's report.",
                     ("ministry", "reject", "newspaper", "report"), "the ministry")  # fmt: skip
    nearer = _claim("b:1", "The ministry signed the tender.", ("ministry", "sign", "tender"))
    prints = _claim("b:2", "The newspaper printed the story.", ("newspaper", "print", "story"))
    far = _claim("b:3", "The newspaper printed the report.", ("newspaper", "print", "report"))
    claims = [rejects, nearer, prints, far]
    v = np.array([[np.cos(t), np.sin(t)] for t in (0.0, 0.2, 1.0, 1.4)], dtype=np.float32)
    found = accounts.Accounts(claims, contradict.readings(claims), (), denials.Outcomes(None))
    # The nearest claim could not be the other side; the next two could; the last is
    # below the story source's cosine (0.17 < 0.35).
    assert [(p.i, p.j, p.source) for p in found.partners(v, None, None)] == [(0, 2, "story")]
    # A document of at most `most` claims (a brief) is left out.
    assert found.partners(v, None, 3) == []
