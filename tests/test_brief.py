"""The brief source: claims of one- or two-claim documents and their nearest claims of other
outlets across the corpus. Hand-made claims and vectors (no model); the real models run on a
few hand-written one-sentence documents in the slow test at the end."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest
from numpy.typing import NDArray

from checker import brief, candidates, contradict
from checker.models.fakes import TableScorer
from checker.records import Claim, TimeRef
from tests.test_contradict import toy_judge, unit_angles

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def on(day: int | None) -> TimeRef:
    if day is None:
        return TimeRef(None, None, "unknown")
    date = dt.date(2020, 1, 1) + dt.timedelta(days=day)
    return TimeRef(date, date, "publication")


def claim(cid: str, text: str, day: int | None = 0) -> Claim:
    doc, n = cid.split(":")
    return Claim(cid, doc, text, (int(n), 1), None, on(day))


def ids(claims: list[Claim], got: list[tuple[int, int, float]]) -> set[tuple[str, str]]:
    return {tuple(sorted((claims[i].id, claims[j].id))) for i, j, _ in got}  # type: ignore[misc]


def test_copies_of_one_text_are_one_partner_met_nearest_in_time() -> None:
    # One premise published three times (days 12, 13, 14) by outlet A, one reply by B on day 13:
    # the reply meets the day-13 copy, and the two texts are compared once.
    claims = [
        claim("p12:1", "A man plays a guitar on stage", 12),
        claim("p13:1", "A man plays a guitar on stage", 13),
        claim("p14:1", "A man plays  a guitar on stage", 14),
        claim("h13:1", "A man is asleep", 13),
    ]
    v = unit_angles(0.0, 0.0, 0.0, 1.1)
    outlets = {"p12": "A", "p13": "A", "p14": "A", "h13": "B"}
    assert ids(claims, brief.nearest(claims, v, outlets)) == {("h13:1", "p13:1")}
    # Where the copies are one day apart either way, the first by claim id stands for them.
    claims[1] = claim("p13:1", "A man plays a guitar on stage", 12)
    claims[3] = claim("h13:1", "A man is asleep", 13)
    claims[2] = claim("p14:1", "A man plays a guitar on stage", 14)
    assert ids(claims, brief.nearest(claims, v, outlets)) == {("h13:1", "p12:1")}


def test_the_same_day_comes_before_similarity_and_the_window_bounds_it() -> None:
    # h (day 10) and a (day 10) are each other's nearest in time; b is more similar but two
    # days later; c is as similar, 30 days later: outside the window (14 days a side).
    claims = [claim("h:1", "Talks failed", 10), claim("a:1", "Talks went well", 10),
              claim("b:1", "Talks failed badly", 12), claim("c:1", "Talks collapsed", 40)]  # fmt: skip
    v = unit_angles(0.0, 0.9, 0.05, 0.01)
    assert ids(claims, brief.nearest(claims, v)) == {("a:1", "h:1")}
    alone = [claims[0], claims[3]]
    assert brief.nearest(alone, v[[0, 3]]) == []
    # An unknown time can be any time.
    unknown = [claims[0], claim("c:1", "Talks collapsed", None)]
    assert ids(unknown, brief.nearest(unknown, v[[0, 3]])) == {("c:1", "h:1")}


def test_the_window_reads_publication_dates_not_the_dates_a_claim_states() -> None:
    # Two items of one day that date one founding differently: their own times (1955, 1957)
    # are years apart, but they were published together, so they meet; a third published a
    # month later does not.
    def stated(cid: str, text: str, year: int) -> Claim:
        doc, n = cid.split(":")
        time = TimeRef(dt.date(year, 1, 1), dt.date(year, 12, 31), "expression", str(year))
        return Claim(cid, doc, text, (int(n), 1), None, time)

    claims = [stated("a:1", "The firm was founded in 1955", 1955),
              stated("b:1", "The firm was founded after 1956", 1957),
              stated("c:1", "The firm was founded in 1955 in Ohio", 1955)]  # fmt: skip
    v = unit_angles(0.0, 0.1, 0.05)
    day = dt.date(2020, 3, 1)
    published = {"a": day, "b": day, "c": day + dt.timedelta(days=30)}
    assert ids(claims, brief.nearest(claims, v, published=published)) == {("a:1", "b:1")}
    # Without publication dates the stated years decide, as before: a and c (both 1955).
    assert ids(claims, brief.nearest(claims, v)) == {("a:1", "c:1")}


def test_only_other_outlets_and_only_brief_documents_choose() -> None:
    claims = [
        claim("a:1", "The bridge reopened"),
        claim("b:1", "The bridge is still closed"),
        claim("long:1", "The bridge is still closed to traffic"),
        claim("long:2", "Repairs took a year"),
        claim("long:3", "The mayor spoke"),
    ]
    v = unit_angles(0.0, 0.2, 0.21, 2.0, 3.0)
    same = {"a": "X", "b": "X", "long": "Y"}
    got = ids(claims, brief.nearest(claims, v, same))
    # a and b share an outlet; a's nearest other outlet's claim is long:1, which chooses a
    # among the brief claims of other outlets (b:1 is nearer to it).
    assert ("a:1", "b:1") not in got and ("b:1", "long:1") in got
    assert not any(x.startswith("long") and y.startswith("long") for x, y in got)


def random_corpus(n: int, seed: int) -> tuple[list[Claim], NDArray[np.float32], dict[str, str]]:
    rng = np.random.default_rng(seed)
    claims = [
        claim(f"d{k // 2 if k % 3 else k}:{k}", f"text {k % (n // 2)}", k % 20) for k in range(n)
    ]
    v = rng.normal(size=(n, 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    for k in range(n):  # a copy of a text has the text's vector
        v[k] = v[k % (n // 2)]
    outlets = {c.doc: f"o{int(c.doc[1:]) % 5}" for c in claims}
    return claims, v, outlets


@pytest.mark.parametrize("cap", [1, 2])
def test_pairs_are_capped_for_each_brief_claim_whatever_the_corpus(cap: int) -> None:
    for n in (60, 600):
        claims, v, outlets = random_corpus(n, n)
        got = brief.nearest(claims, v, outlets, cap=cap)
        assert got
        per: dict[int, int] = {}
        for i, j, _ in got:
            per[i], per[j] = per.get(i, 0) + 1, per.get(j, 0) + 1
        assert max(per.values()) <= cap
        assert len(got) <= cap * n


def test_the_choice_does_not_depend_on_the_order_of_the_input() -> None:
    claims, v, outlets = random_corpus(120, 7)
    first = ids(claims, brief.nearest(claims, v, outlets))
    order = list(range(len(claims)))
    for seed in range(3):
        random.Random(seed).shuffle(order)
        shuffled = [claims[k] for k in order]
        assert ids(shuffled, brief.nearest(shuffled, v[order], outlets)) == first


def test_candidates_pair_two_brief_documents_only_through_the_brief_source() -> None:
    # Three brief documents in one story: the story source would pair a with c; the brief
    # source pairs each claim with its nearest other outlet's claim of its day.
    claims = [
        claim("a:1", "Six hurt", 1),
        claim("b:1", "Nine hurt", 1),
        claim("c:1", "Six hurt, two badly", 2),
    ]
    v = unit_angles(0.0, 0.4, 0.01)
    story = {"a": "s", "b": "s", "c": "s"}
    read = contradict.readings(claims)
    pairs = candidates.candidates(claims, v, read, story)
    assert {(claims[p.i].id, claims[p.j].id, p.source) for p in pairs} == {("a:1", "b:1", "brief")}
    off = candidates.candidates(claims, v, read, story, band=candidates.Band(brief_claims=0))
    assert {p.source for p in off} == {"story"}


def test_a_brief_pair_is_a_finding_from_the_brief_bar_even_on_the_model_score_alone() -> None:
    # A judge giving about 0.6 when the model scores 0.97 both ways: below the story bar
    # (and the model-alone bar), above the brief one.
    judge = toy_judge({"nli_low": 1.2}, bias=-0.75)
    a, b = claim("a:1", "A woman rides a bike"), claim("b:1", "Nobody is outside")
    v = unit_angles(0.0, 1.0)
    scorer = TableScorer({}, default=0.97)
    found, asked = contradict.find([a, b], v, [], scorer, judge=judge)
    assert asked == 1 and len(found) == 1 and found[0].severity == "info"
    story_only = contradict.Settings(band=candidates.Band(brief_claims=0))
    assert contradict.find([a, b], v, [], scorer, judge=judge, settings=story_only)[0] == []
    stricter = contradict.Settings(brief=0.7)
    assert contradict.find([a, b], v, [], scorer, judge=judge, settings=stricter)[0] == []


@pytest.mark.slow
def test_real_models_pair_one_sentence_documents_and_find_the_contradiction(
    tmp_path: object,
) -> None:
    from pathlib import Path

    from checker import pipeline

    folder = Path(str(tmp_path))
    rows = [
        ("a1", "Outlet A", "2021-03-01", "A girl in a red coat is feeding ducks at the pond."),
        ("b1", "Outlet B", "2021-03-01", "The girl is asleep in her bed."),
        ("a2", "Outlet A", "2021-03-05", "Two men are repairing a roof in the rain."),
        ("b2", "Outlet B", "2021-03-05", "Two men are working on a house."),
        ("a3", "Outlet A", "2021-03-09", "An old man reads a newspaper on a park bench."),
        ("b3", "Outlet B", "2021-03-09", "A man is reading outdoors."),
    ]
    import json

    feed = folder / "pairs.jsonl"
    feed.write_text(
        "".join(
            json.dumps({"id": i, "source": s, "date": d, "text": t}) + "\n" for i, s, d, t in rows
        ),
        encoding="utf-8",
    )
    report = pipeline.run([feed], pipeline.Options(cache_dir=folder / "cache"))
    docs = {
        frozenset(c.rsplit(":", 1)[0].rsplit("/", 1)[-1] for c in f.claims)
        for f in report.contradictions
    }
    assert docs == {frozenset({"a1", "b1"})}


def test_the_dates_window_search_meets_the_same_partners_as_the_whole_corpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(3)
    n = 300
    claims = [
        claim(f"d{k}:1", f"text {k}", None if k % 17 == 0 else int(rng.integers(0, 200)))
        for k in range(n)
    ]
    v = rng.normal(size=(n, 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    whole = brief.nearest(claims, v)
    monkeypatch.setattr(brief, "CHUNK", 7)  # small chunks: each meets only its window's claims
    assert brief.nearest(claims, v) == whole and len(whole) > 50


def _feed(related: bool) -> tuple[list[Claim], NDArray[np.float32]]:
    """Six items each in outlets A and B, all of one day. related: b_k restates a_k, as in a
    paired collection, except b1, which is further from a1 than b2 is; either way a1 and b2
    are each other's nearest."""
    rng = np.random.default_rng(5)
    u = rng.normal(size=(20, 16))
    a = [u[k] for k in range(6)]
    b = [u[k] + 0.3 * u[6 + k] if related else u[6 + k] for k in range(6)]
    a[1] = u[18]
    b[1] = u[18] + 0.8 * u[13]
    b[2] = u[18] + 0.2 * u[19]
    v = np.array([*a, *b], dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    claims = [claim(f"{o}{k}:1", f"item {o}{k}") for o in "ab" for k in range(6)]
    return claims, v


def test_in_a_parallel_feed_the_kth_items_of_two_outlets_meet_where_dates_cannot_tell() -> None:
    claims, v = _feed(related=True)
    outlets = {c.doc: c.doc[0].upper() for c in claims}
    assert ("a1:1", "b1:1") in ids(claims, brief.nearest(claims, v, outlets))
    # Undated, the same.
    undated = [dataclasses.replace(c, time=on(None)) for c in claims]
    assert ("a1:1", "b1:1") in ids(undated, brief.nearest(undated, v, outlets))
    # A seventh item for outlet B: the feeds are not parallel, and similarity decides.
    more = [*claims, claim("b6:1", "item b6")]
    extra = np.vstack([v, v[7:8] * 0 + v[0:1]])
    got = ids(more, brief.nearest(more, extra, {**outlets, "b6": "B"}))
    assert ("a1:1", "b2:1") in got and ("a1:1", "b1:1") not in got
    # A document without claims still holds its place in its outlet's feed.
    shifted = ids(claims, brief.nearest(claims, v, {**outlets, "a00": "A", "b00": "B"}))
    assert ("a1:1", "b1:1") in shifted


def test_equally_long_feeds_of_unrelated_items_are_no_parallel_feed() -> None:
    # Two outlets' six headlines of one day: their k-th items are no more alike than any
    # two, so the places decide nothing and a1 meets its nearest, b2.
    claims, v = _feed(related=False)
    outlets = {c.doc: c.doc[0].upper() for c in claims}
    got = ids(claims, brief.nearest(claims, v, outlets))
    assert ("a1:1", "b2:1") in got and ("a1:1", "b1:1") not in got
