"""An act one claim denies "yet" and the other states done (checker.notyet)."""

from __future__ import annotations

import datetime as dt

import pytest

from checker import aligned, contradict, notyet, rules
from checker.judge import features
from checker.records import Claim, TimeRef
from tests.conftest import flat_judge

from .conftest import Text


def _clash(a: str, b: str) -> tuple[str, str] | None:
    return notyet.clash(rules.read(Text(a)), rules.read(Text(b)), aligned._parsed)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A noun the negation governs, and the verb it derives from.
        ("No arrests have been made yet after the warehouse fire.",
         "Police arrested two teenagers over the warehouse fire."),
        ("No charges have been brought yet in the fraud case.",
         "The former treasurer has been charged with fraud, prosecutors said."),
        ("The council still has not approved the new bus routes.",
         "The council approved the new bus routes on Tuesday."),
        ("Investigators have not yet identified the driver.",
         "The driver was identified as a 34-year-old man from Leeds."),
        ("The club has yet to appoint a new coach.", "The club appointed Mara Holt as coach."),
    ],
)  # fmt: skip
def test_an_act_denied_yet_against_it_done_clashes(a: str, b: str) -> None:
    found = _clash(a, b)
    assert found is not None and found[0] == notyet.NOT_YET
    assert _clash(b, a) == found  # either order


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Another act done, or the act done to another thing, or a participle of a noun.
        ("Investigators have not yet identified the driver.",
         "Investigators recovered the car on Monday."),
        ("Investigators have not yet identified the driver.",
         "Doctors identified the second victim on Monday."),
        ("No decision had yet been made on the new stadium.",
         "The council was reversing a zoning change made in the mayor's last weeks."),
        # Both pending, or the other claim's act only expected.
        ("The council still has not approved the routes.",
         "The council has not yet approved the routes either."),
        ("No charges have been brought yet in the case.",
         "Prosecutors said charges could be brought next week."),
        ("No charges have been brought yet in the case.",
         "Prosecutors are expected to bring charges next week."),
        # "still" without a negation is no denial.
        ("The council still approves the bus routes every year.",
         "The council approved the new bus routes on Tuesday."),
        # Not clear yet: no act is denied.
        ("It is not yet clear who drove the car.", "Police said the car was driven by a man."),
    ],
)  # fmt: skip
def test_no_act_denied_yet_and_done_gives_nothing(a: str, b: str) -> None:
    assert _clash(a, b) is None


def test_it_follows_the_claims_times() -> None:
    judge = flat_judge()
    texts = ("The council still has not approved the new bus routes.",
             "The council approved the new bus routes, the mayor said.")  # fmt: skip
    # Reports two months apart (more than candidates.TIME_SLACK), then of one day.
    for months, kind in (((3, 5), "temporal"), ((3, 3), "conflict")):
        a, b = (
            Claim(f"{d}:1", d, t, (0, len(t)), None,
                  TimeRef(dt.date(2024, m, 4), dt.date(2024, m, 4), "publication"))
            for d, t, m in zip("ab", texts, months, strict=True)
        )  # fmt: skip
        verdict = judge.decide(features(rules.read(a), rules.read(b), (0.1, 0.1), 0.8))
        assert verdict.contradiction and verdict.feature == notyet.NOT_YET
        found = contradict.decide(a, b, verdict, "story", judge, (0.1, 0.1), articles=True)
        assert found is not None and found.kind == kind
