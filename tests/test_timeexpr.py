from __future__ import annotations

import datetime as dt

import pytest

from checker import timeexpr

REF = dt.date(2020, 2, 12)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("a summit will not take place this year", "2020-01-01", "2020-12-31"),
        ("he expects to meet sometime early next year", "2021-01-01", "2021-05-02"),
        ("he was disappointed late last year", "2019-09-01", "2019-12-31"),
        ("Trump said Tuesday", "2020-02-11", "2020-02-11"),
        ("CNN reported on Feb. 10", "2020-02-10", "2020-02-10"),
        ("until after the election this November", "2020-11-01", "2020-11-30"),
        ("they met in June 2018 in Singapore", "2018-06-01", "2018-06-30"),
        ("met again in February of 2019", "2019-02-01", "2019-02-28"),
        ("talks on Dec. 31, 2019", "2019-12-31", "2019-12-31"),
        ("earlier this week", "2020-02-10", "2020-02-16"),
        ("the talks ended in 2019", "2019-01-01", "2019-12-31"),
    ],
)
def test_expressions_resolve_against_publication_date(text: str, start: str, end: str) -> None:
    time = timeexpr.claim_time(text, REF)
    assert (str(time.start), str(time.end), time.source) == (start, end, "expression")


def test_no_expression_takes_the_publication_date() -> None:
    time = timeexpr.claim_time("North Korea rejected the offer.", REF)
    assert (time.start, time.end, time.source) == (REF, REF, "publication")


def test_relative_expression_without_publication_date_is_unknown() -> None:
    time = timeexpr.claim_time("a summit will not take place this year", None)
    assert time.source == "unknown" and time.start is None


def test_expression_in_the_content_beats_one_in_the_frame() -> None:
    text = "Trump said Tuesday a summit would happen next year"
    time = timeexpr.claim_time(text, REF, prefer_after=text.index("a summit"))
    assert time.expression == "next year"


def test_overlap() -> None:
    a = timeexpr.claim_time("this year", REF)
    b = timeexpr.claim_time("on Feb. 10", REF)
    c = timeexpr.claim_time("in June 2018", REF)
    assert a.overlaps(b) is True and a.overlaps(c) is False
