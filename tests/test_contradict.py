from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from checker import contradict
from checker.embed import EmbeddingCache
from checker.records import Claim, Cluster, TimeRef


def day(y: int, m: int, d: int, source: str = "publication", expr: str | None = None) -> TimeRef:
    return TimeRef(dt.date(y, m, d), dt.date(y, m, d), source, expr)


JULY_7 = day(2020, 7, 7, "expression", "Tuesday")
JULY_10 = day(2020, 7, 10)
YEAR_2020 = TimeRef(dt.date(2020, 1, 1), dt.date(2020, 12, 31), "expression", "this year")
NOV_2018 = day(2018, 11, 9)
UNKNOWN = TimeRef(None, None, "unknown")

WANT = "I understand they want to meet, and we would certainly do that"
NO_SUMMIT = "A summit between the U.S. and North Korea will not take place this year"


def claim(cid: str, text: str, speaker: str | None, time: TimeRef) -> Claim:
    return Claim(cid, cid.split(":")[0], text, (0, 1), speaker, time)


def unit_angles(*angles: float) -> NDArray[np.float32]:
    return np.array([[np.cos(t), np.sin(t)] for t in angles], dtype=np.float32)


class FakeScorer:
    """Scores from a table keyed by (premise, hypothesis); records what it was asked."""

    name = "fake-nli"

    def __init__(self, table: dict[tuple[str, str], float], default: float = 0.0) -> None:
        self.table, self.default, self.asked = table, default, []  # type: list[tuple[str, str]]

    def contradiction(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]:
        self.asked.extend(pairs)
        return np.array([self.table.get(p, self.default) for p in pairs], dtype=np.float32)


def test_same_time_allows_days_of_one_week_but_not_other_years() -> None:
    assert contradict.same_time(JULY_7, JULY_10) is True
    assert contradict.same_time(JULY_7, YEAR_2020) is True
    assert contradict.same_time(NOV_2018, YEAR_2020) is False
    last_year = TimeRef(dt.date(2019, 1, 1), dt.date(2019, 12, 31), "expression", "2019")
    assert contradict.same_time(last_year, YEAR_2020) is False  # adjacent years do not merge
    assert contradict.same_time(UNKNOWN, JULY_10) is None


def test_opposed_accounts_at_one_time_are_an_error_conflict_naming_both_speakers() -> None:
    a = claim("vo:7", WANT, "Donald Trump", JULY_7)
    b = claim("vo:4", NO_SUMMIT, "Kim Yo Jong", YEAR_2020)
    found = contradict.judge(a, b, 0.95, model="fake-nli")
    assert found is not None
    assert (found.kind, found.severity, found.rule) == ("conflict", "error", "nli")
    assert "Donald Trump and Kim Yo Jong" in found.reason and "same time" in found.reason
    assert found.reason.endswith(".") and "0.95" in found.reason


def test_the_story_moving_on_is_temporal_and_low_confidence_is_info() -> None:
    a = claim(
        "hk:2",
        "Trump expects to meet Kim for a second summit early next year.",
        "Donald Trump",
        NOV_2018,
    )
    b = claim(
        "hn:3", "Trump does not wish to pursue another summit with Kim.", "Donald Trump", YEAR_2020
    )
    temporal = contradict.judge(a, b, 0.95)
    assert temporal is not None and (temporal.kind, temporal.severity) == ("temporal", "warning")
    assert "moved on" in temporal.reason
    weak = contradict.judge(a, b, 0.65)
    assert weak is not None and weak.severity == "info"
    assert contradict.judge(a, b, 0.3) is None


def test_unknown_time_is_compared_as_same_time_and_says_so() -> None:
    a = claim("a:1", WANT, "Donald Trump", UNKNOWN)
    b = claim("a:2", NO_SUMMIT, "Kim Yo Jong", JULY_10)
    found = contradict.judge(a, b, 0.95)
    assert found is not None and found.kind == "conflict" and "time is unknown" in found.reason


def test_model_scores_without_opposed_stances_are_not_findings() -> None:
    a = claim("a:1", "Trump and Kim met again in February of 2019 in Hanoi.", None, JULY_10)
    b = claim("b:1", "The talks began to break down in February 2019 in Hanoi.", None, JULY_10)
    assert contradict.judge(a, b, 0.99) is None


def test_rules_decide_numbers_whatever_the_model_says() -> None:
    a = claim("a:1", "Trump and Kim have met three times since 2018.", None, JULY_10)
    b = claim("b:1", "Trump and Kim have met twice since 2018.", None, JULY_10)
    found = contradict.judge(a, b, 0.01)
    assert found is not None and found.rule == "number" and found.severity == "error"


def test_candidates_skip_one_speaker_in_one_document_and_cluster_mates_and_are_capped() -> None:
    claims = [
        claim("a:1", "Kim wants a summit.", "Kim", JULY_10),
        claim("a:2", "Kim will not hold a summit.", "Kim", JULY_10),  # same document, same speaker
        claim("b:1", "Kim wants talks with Seoul.", None, JULY_10),  # clustered with a:2
        claim("c:1", "Kim will not hold any summit.", None, JULY_10),
    ]
    v = unit_angles(0.0, 0.5, 0.8, 0.25)
    clusters = [Cluster("k-1", ("a:2", "b:1"), "a:2", ("A", "B"), 0.95)]
    pairs = {
        (claims[i].id, claims[j].id) for _, i, j in contradict.candidate_pairs(claims, v, clusters)
    }
    assert ("a:1", "a:2") not in pairs and ("a:2", "b:1") not in pairs
    assert {("a:1", "c:1"), ("a:2", "b:1")} <= {
        (claims[i].id, claims[j].id) for _, i, j in contradict.candidate_pairs(claims, v, [])
    }
    assert ("a:1", "c:1") in pairs
    capped = contradict.candidate_pairs(claims, v, clusters, contradict.Settings(cap=1))
    per_claim_and_doc = [(claims[i].id, claims[j].doc) for _, i, j in capped]
    per_claim_and_doc += [(claims[j].id, claims[i].doc) for _, i, j in capped]
    assert len(capped) >= 2 and len(set(per_claim_and_doc)) == len(per_claim_and_doc)


def test_pairs_scored_grow_linearly_with_the_corpus() -> None:
    rng = np.random.default_rng(0)
    counts = []
    for n in (200, 800):
        claims = [
            claim(
                f"d{i // 4}:{i}",
                ("Kim wants a summit." if i % 2 else "Kim will not meet."),
                None,
                JULY_10,
            )
            for i in range(n)
        ]
        v = rng.normal(size=(n, 16)).astype(np.float32) + 3.0
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        counts.append(len(contradict.candidate_pairs(claims, v, [])))
    assert counts[0] > 0 and counts[1] <= 4 * counts[0] * 1.2
    assert counts[1] <= 800 * contradict.NEIGHBOURS


def test_nli_scores_take_the_lower_direction_and_come_from_the_cache(tmp_path: Path) -> None:
    scorer = FakeScorer({("x", "y"): 0.9, ("y", "x"): 0.4})
    cache = EmbeddingCache(tmp_path)
    assert contradict.nli_scores([("x", "y")], scorer, cache) == [0.4000000059604645]
    assert sorted(scorer.asked) == [("x", "y"), ("y", "x")]
    again = FakeScorer({})
    assert contradict.nli_scores([("y", "x")], again, cache) == [0.4000000059604645]
    assert again.asked == []
    cache.close()


def test_find_reports_each_pair_once_with_a_stable_fingerprint() -> None:
    a = claim("vo:7", WANT, "Donald Trump", JULY_7)
    b = claim("vo:4", NO_SUMMIT, "Kim Yo Jong", YEAR_2020)
    v = unit_angles(0.0, 0.3)
    scorer = FakeScorer({}, default=0.97)
    first, pairs = contradict.find([a, b], v, [], scorer)
    second, _ = contradict.find([b, a], v[::-1].copy(), [], scorer)
    assert pairs == 1 and len(first) == 1 and first == second
    moved = claim("vo:9", WANT + "  ", "Donald Trump", JULY_7)  # same text, new ordinal
    assert contradict.fingerprint("conflict", moved, b) == first[0].id


def test_the_second_direction_is_scored_only_where_the_first_reaches_the_floor() -> None:
    scorer = FakeScorer({("x", "y"): 0.3, ("u", "v"): 0.9, ("v", "u"): 0.8})
    assert contradict.nli_scores(
        [("x", "y"), ("u", "v")], scorer, None, floor=0.5
    ) == pytest.approx([0.3, 0.8])
    assert ("y", "x") not in scorer.asked and ("v", "u") in scorer.asked


def test_the_model_is_not_asked_about_pairs_a_guard_dismisses_whatever_it_says() -> None:
    def named(cid: str, text: str, *names: str) -> Claim:
        return replace(claim(cid, text, None, JULY_10), entities=names)

    want = named("a:1", "Kim wants a summit with Trump this year.", "Kim", "Trump")
    moon = named("b:1", "Moon will not hold a summit this year.", "Moon")  # other names
    no_kim = named("c:1", "Kim will not hold a summit with Trump this year.", "Kim", "Trump")
    v = unit_angles(0.0, 0.5, 0.9)
    scorer = FakeScorer({}, default=0.99)
    assert len(contradict.candidate_pairs([want, moon, no_kim], v, [])) == 2
    found, asked = contradict.find([want, moon, no_kim], v, [], scorer)
    texts = {t for pair in scorer.asked for t in pair}
    assert moon.text not in texts and {want.text, no_kim.text} <= texts
    assert asked == 1 and [f.claims for f in found] == [("a:1", "c:1")]
