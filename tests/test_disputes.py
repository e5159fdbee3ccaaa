from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.disputes import Dispute, describe, dispute_id, group, to_dict
from checker.records import Claim, Cluster, Contradiction, TimeRef


def claim(cid: str, day: int = 1) -> Claim:
    date = dt.date(2020, 7, day)
    return Claim(
        cid, cid.split(":")[0], f"text of {cid}", (0, 1), None, TimeRef(date, date, "publication")
    )


def finding(
    a: str, b: str, kind: str = "conflict", severity: str = "error", score: float = 0.9
) -> Contradiction:
    return Contradiction(f"c-{a}-{b}", kind, severity, (a, b), score, "why", "nli")


def claims_of(*findings: Contradiction) -> list[Claim]:
    ids = sorted({c for f in findings for c in f.claims})
    return [claim(c, day=1 + n % 28) for n, c in enumerate(ids)]


def sides_of(d: Dispute) -> dict[str, int]:
    return {c: n for n, side in enumerate(d.sides) for c in side}


def test_one_statement_against_its_denials_is_one_dispute_with_two_sides() -> None:
    # "we would meet" (a:1) against two denials, and an ally (b:1) against one of them.
    found = [finding("a:1", "b:2"), finding("a:1", "c:1"), finding("b:1", "c:1", severity="info")]
    disputes = group(found, claims_of(*found), [], {})
    assert len(disputes) == 1
    (d,) = disputes
    assert d.point == "a:1"  # most findings are about it
    assert d.sides[0] == ("a:1", "b:1")
    assert set(d.sides[1]) == {"b:2", "c:1"}
    assert d.severity == "error" and d.kind == "conflict"
    assert set(d.findings) == {f.id for f in found}
    assert d.id == dispute_id(f.id for f in found)


def test_kinds_stories_and_unrelated_points_stay_apart() -> None:
    found = [
        finding("a:1", "b:1"),
        finding("a:1", "c:1", kind="temporal", severity="warning"),  # shares a:1, other kind
        finding("d:1", "e:1"),  # shares nothing
        finding("f:1", "a:1"),  # shares a:1, but f is in another story
    ]
    stories = {"a": "s1", "b": "s1", "c": "s1", "d": "s1", "e": "s1", "f": "s0"}
    disputes = group(found, claims_of(*found), [], stories)
    assert sorted(len(d.findings) for d in disputes) == [1, 1, 1, 1]
    # A finding across two stories goes with the first of their ids.
    assert {d.story for d in disputes if "c-f:1-a:1" in d.findings} == {"s0"}
    assert [d.severity for d in disputes] == ["error", "error", "error", "warning"]


def test_claims_of_one_cluster_join_disputes_and_stand_on_one_side() -> None:
    found = [finding("a:1", "b:1"), finding("c:1", "d:1")]
    cluster = Cluster("k-1", ("a:1", "c:1"), "a:1", ("A", "C"), 0.9)
    (d,) = group(found, claims_of(*found), [cluster], {})
    side = sides_of(d)
    assert side["a:1"] == side["c:1"] != side["b:1"] == side["d:1"]


def test_a_cluster_set_against_itself_is_split_into_its_claims() -> None:
    # A rule (a date, a number) can set two paraphrases against each other.
    found = [finding("a:1", "c:1")]
    cluster = Cluster("k-1", ("a:1", "c:1"), "a:1", ("A", "C"), 0.9)
    (d,) = group(found, claims_of(*found), [cluster], {})
    assert sides_of(d)["a:1"] != sides_of(d)["c:1"]


def test_an_odd_cycle_opens_a_third_side_rather_than_a_wrong_one() -> None:
    found = [finding("a:1", "b:1"), finding("b:1", "c:1"), finding("a:1", "c:1")]
    (d,) = group(found, claims_of(*found), [], {})
    assert len(d.sides) == 3
    side = sides_of(d)
    assert all(side[a] != side[b] for a, b in (f.claims for f in found))


def test_sides_follow_time_and_missing_claims_do_not_fail() -> None:
    found = [finding("a:1", "b:1"), finding("a:1", "x:9")]  # x:9 is not among the claims
    claims = [claim("a:1", 5), claim("b:1", 3)]
    (d,) = group(found, claims, [], {})
    assert d.sides == (("a:1",), ("b:1", "x:9"))


def test_to_dict_follows_the_contract() -> None:
    found = [finding("a:1", "b:1")]
    (d,) = group(found, claims_of(*found), [], {"a": "s-1", "b": "s-1"})
    assert to_dict(d) == {
        "id": d.id,
        "story": "s-1",
        "kind": "conflict",
        "severity": "error",
        "point": d.point,
        "sides": [{"claims": [c]} for c in sorted(found[0].claims, key=lambda c: c != d.point)],
        "findings": ["c-a:1-b:1"],
    }
    assert d.id.startswith("d-") and len(d.id) == 12


pairs = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda p: p[0] != p[1]),
    min_size=1,
    max_size=14,
)


def build(edges: list[tuple[int, int]], kinds: list[str]) -> list[Contradiction]:
    out: dict[str, Contradiction] = {}
    for (a, b), kind in zip(edges, kinds, strict=False):
        f = finding(
            f"d{a % 3}:{a}", f"d{b % 3}:{b}", kind=kind, severity="error", score=0.5 + a / 20
        )
        out[f.id] = f
    return list(out.values())


@settings(max_examples=150, deadline=None)
@given(
    edges=pairs,
    kinds=st.lists(st.sampled_from(["conflict", "temporal"]), min_size=14, max_size=14),
    seed=st.integers(0, 99),
)
def test_every_finding_in_one_dispute_across_sides_whatever_the_input_order(
    edges: list[tuple[int, int]], kinds: list[str], seed: int
) -> None:
    found = build(edges, kinds)
    claims = claims_of(*found)
    disputes = group(found, claims, [], {})
    assert sorted(f for d in disputes for f in d.findings) == sorted(f.id for f in found)
    by_id = {f.id: f for f in found}
    for d in disputes:
        side = sides_of(d)
        assert {by_id[f].kind for f in d.findings} == {d.kind}
        assert all(side[a] != side[b] for a, b in (by_id[f].claims for f in d.findings))
        assert d.point in d.sides[0]
    shuffled = found[:]
    random.Random(seed).shuffle(shuffled)
    assert group(shuffled, claims[::-1], [], {}) == disputes


def _seeds() -> dict[str, Any]:
    from tests.review_seeds import seeds_report

    return seeds_report()


@pytest.mark.slow
def test_the_seeds_findings_read_as_disputes_with_their_sides() -> None:
    from checker.review.load import disputes_of, stories_of
    from tests.review_seeds import claim_with

    report = _seeds()
    disputes = disputes_of(report, stories_of(report))
    assert 1 <= len(disputes) <= len(report["contradictions"])
    # 2018 to 2020: a second summit expected early next year, then none until after the
    # election: one temporal dispute, the two positions on two sides. (The 2020 accounts of
    # one week, Trump's "we would certainly do that" against Kim Yo Jong's "will not take
    # place this year", are a known miss: test_pipeline_models.)
    before_id = claim_with(report, "sometime early next year")
    after_id = claim_with(report, "until after the presidential election")
    (dispute,) = [
        d for d in disputes if d["kind"] == "temporal"
        and any(before_id in side["claims"] for side in d["sides"])
    ]  # fmt: skip
    sides = {
        n
        for n, side in enumerate(dispute["sides"])
        for c in side["claims"]
        if c in (before_id, after_id)
    }
    assert len(sides) == 2


def test_describe_gives_the_point_then_each_side_with_who_where_and_when() -> None:
    found = [finding("a:1", "b:1"), finding("a:1", "c:1", severity="warning")]
    claims = {c.id: c for c in claims_of(*found)}
    claims["b:1"] = Claim("b:1", "b", "No meeting.", (0, 1), "Kim", claims["b:1"].time)
    (d,) = group(found, list(claims.values()), [], {})
    lines = describe(d, claims, {"a": "Wire", "b": "Daily"})
    assert lines[0] == f"error conflict {d.id} (2 findings): text of a:1"
    assert lines[1] == "  A  Wire, 2020-07-01: text of a:1"
    assert lines[2] == "  B  Kim, Daily, 2020-07-02: No meeting."
    assert lines[3] == "  B  c, 2020-07-03: text of c:1"  # no outlet known: the document
