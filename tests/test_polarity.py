"""Polarity from the parse: what negates a claim's own clause and what only looks like it.

Every sentence here was written for this file (bench/judge.md, fifth session, counts the
misreads on BASIL and ECB+ that each case stands for)."""

from __future__ import annotations

import pytest

from checker import claims
from checker.records import Polarity

NEG, POS = Polarity.NEGATIVE, Polarity.POSITIVE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A number sign is a noun, not a negative determiner.
        ("The Tigers will play No. 4 seed Riverton in the final.", POS),
        ("Her No. 9 jersey hangs in the hall.", POS),
        # A compound noun made of "no".
        ("Leaving early is widely considered a social no-no.", POS),
        # An interjection stands outside the clause.
        ('The driver shouted, "No, no!" and braked hard.', POS),
        # A negative pronoun coordinated with the clause's argument is not one of its own.
        ("There were a few scuffles at dusk, and none of the arson seen last week.", POS),
        # "not only X but (also) Y" states X.
        ("The merger is not only a gamble on prices but also a bet on demand.", POS),
        # A contrast after the predicate and a negated adjective leave the clause stated.
        ("The town wants new schools, not more car parks.", POS),
        ("Not guilty verdicts were returned for both men.", POS),
        # "no doubt" and "no matter what" are not negations of the clause.
        ("The rally was no doubt boosted by the warm weather.", POS),
        ("The council will build the bridge no matter what it costs.", POS),
        # The parser's root has no subject and hangs the sentence's own clause before it.
        (
            "Union leaders and city officials dug in Thursday for a long strike in a divided"
            " council after a late meeting — the third in ten days — could not settle a"
            " dispute over pensions.",
            POS,
        ),
        (
            "There was no sign the protest, or the anger about who may have ordered the"
            " closure, was fading.",
            NEG,
        ),
        # What the parse must still read as negative.
        ("The ferry did not sail on Monday.", NEG),
        ("The minister has never visited the plant.", NEG),
        ("No passengers were hurt.", NEG),
        ("Nobody answered the door.", NEG),
        ("No-one was hurt in the blaze.", NEG),
        ("Not every member backed the motion.", NEG),
        ("Not much remained of the old mill.", NEG),
        ("The firm will no longer sell the drug.", NEG),
        ("Nor is the mayor a candidate.", NEG),
        ("The company denied that the plant was unsafe.", NEG),
        # A reporting verb whose whole content is "no" reports a refusal.
        ("The mayor said no.", NEG),
    ],
)
def test_polarity_from_the_parse(text: str, expected: Polarity) -> None:
    assert claims.describe(text)[2] == expected, text
