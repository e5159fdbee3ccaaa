"""Contradictions: candidates, NLI scores, the judge's verdict turned into findings (kind,
severity, reason), and clusters split where the judge finds a contradiction. Fakes only: the
real models run in tests/test_pipeline_models.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from checker import candidates, contradict, rules
from checker.embed import EmbeddingCache
from checker.judge import FEATURES, Judge, Verdict
from checker.models.fakes import TableScorer
from checker.records import Claim, Cluster, Polarity, TimeRef


def day(y: int, m: int, d: int, source: str = "publication", expr: str | None = None) -> TimeRef:
    return TimeRef(dt.date(y, m, d), dt.date(y, m, d), source, expr)


JULY_7 = day(2020, 7, 7, "expression", "Tuesday")
JULY_10 = day(2020, 7, 10)
YEAR_2020 = TimeRef(dt.date(2020, 1, 1), dt.date(2020, 12, 31), "expression", "this year")
NOV_2018 = day(2018, 11, 9)
UNKNOWN = TimeRef(None, None, "unknown")


def claim(
    cid: str,
    text: str,
    speaker: str | None = None,
    time: TimeRef = JULY_10,
    negative: bool = False,
    entities: tuple[str, ...] = (),
) -> Claim:
    polarity = Polarity.NEGATIVE if negative else Polarity.POSITIVE
    return Claim(
        cid, cid.split(":")[0], text, (int(cid.split(":")[1]), 1), speaker, time,
        entities=entities, polarity=polarity,
    )  # fmt: skip


def unit_angles(*angles: float) -> NDArray[np.float32]:
    return np.array([[np.cos(t), np.sin(t)] for t in angles], dtype=np.float32)


def toy_judge(weights: dict[str, float], bias: float = -1.0) -> Judge:
    w = np.array([weights.get(n, 0.0) for n in FEATURES])
    n = len(FEATURES)
    return Judge(FEATURES, np.zeros(n), np.ones(n), w, bias, (1.0, 0.0), 0.5, 0.8)


JUDGE = toy_judge({})


def verdict(p: float, feature: str = "nli_low", evidence: str = "the model scores 0.97") -> Verdict:
    return Verdict(p, evidence, feature, p >= 0.5)


def test_same_time_allows_days_of_one_week_but_not_other_years() -> None:
    assert contradict.same_time(JULY_7, JULY_10) is True
    assert contradict.same_time(JULY_7, YEAR_2020) is True
    assert contradict.same_time(NOV_2018, YEAR_2020) is False
    last_year = TimeRef(dt.date(2019, 1, 1), dt.date(2019, 12, 31), "expression", "2019")
    assert contradict.same_time(last_year, YEAR_2020) is False  # adjacent years do not merge
    assert contradict.same_time(UNKNOWN, JULY_10) is None


WANT = claim("vo:7", "I understand they want to meet", "Donald Trump", JULY_7)
NO_SUMMIT = claim("vo:4", "A summit will not take place this year", "Kim Yo Jong", YEAR_2020, True)


def test_a_confident_verdict_at_one_time_is_an_error_conflict_naming_speakers_and_evidence() -> (
    None
):
    found = contradict.decide(WANT, NO_SUMMIT, verdict(0.9), "document", JUDGE, (0.97, 0.99))
    assert found is not None
    assert (found.kind, found.severity, found.rule, found.score) == (
        "conflict",
        "error",
        "nli_low",
        0.9,
    )
    assert found.reason.startswith("Donald Trump and Kim Yo Jong differ: the model scores 0.97")
    assert "the judge gives 0.90" in found.reason and "same time" in found.reason
    assert found.reason.endswith(".")


def test_other_evidence_is_followed_by_the_model_score_and_low_confidence_is_info() -> None:
    clash = verdict(0.6, "number_clash", "different numbers for one thing ('oath'): 35 against 38")
    found = contradict.decide(WANT, NO_SUMMIT, clash, "story", JUDGE, (0.4, 0.7))
    assert found is not None and found.severity == "info" and found.rule == "number_clash"
    assert "35 against 38, and the NLI model scores 0.40 read both ways" in found.reason
    assert contradict.decide(WANT, NO_SUMMIT, verdict(0.4), "story", JUDGE) is None


def test_a_verdict_from_the_model_score_alone_needs_the_confident_probability() -> None:
    # JUDGE: a finding from 0.5, confident from 0.8; the model's score alone needs 0.8.
    assert contradict.decide(WANT, NO_SUMMIT, verdict(0.7, "related_nli"), "story", JUDGE) is None
    assert contradict.decide(WANT, NO_SUMMIT, verdict(0.7), "story", JUDGE) is None
    kept = contradict.decide(WANT, NO_SUMMIT, verdict(0.7), "story", JUDGE, model_alone=0.5)
    assert kept is not None and kept.severity == "info"
    other = verdict(0.7, "polarity_differs_related", "'meet' is affirmed in one and denied")
    assert contradict.decide(WANT, NO_SUMMIT, other, "story", JUDGE) is not None


def test_between_two_articles_the_model_score_alone_is_no_finding() -> None:
    assert contradict.decide(WANT, NO_SUMMIT, verdict(0.9), "story", JUDGE, articles=True) is None
    other = verdict(0.9, "polarity_differs_related", "'meet' is affirmed in one and denied")
    assert contradict.decide(WANT, NO_SUMMIT, other, "story", JUDGE, articles=True) is not None


def test_between_two_articles_slot_evidence_needs_the_confident_probability() -> None:
    loose = verdict(0.7, "bound_clash", "one claim bounds the figure ('more than 2')")
    assert contradict.decide(WANT, NO_SUMMIT, loose, "story", JUDGE, articles=True) is None
    # Between one-sentence items (articles=False) the same verdict is a finding; so is a
    # confident one between articles.
    assert contradict.decide(WANT, NO_SUMMIT, loose, "story", JUDGE) is not None
    sure = verdict(0.85, "bound_clash", "one claim bounds the figure ('more than 2')")
    assert contradict.decide(WANT, NO_SUMMIT, sure, "story", JUDGE, articles=True) is not None


def test_find_lets_the_model_score_alone_decide_only_where_a_document_is_brief() -> None:
    a = claim("vo:7", "I understand they want to meet", "Donald Trump", JULY_7)
    b = claim("vo:4", "A summit will not take place", "Kim Yo Jong", YEAR_2020, True)
    # Three more claims in each document, far from the pair: both are articles now.
    more = [
        claim(f"{d}:{k}", f"Unrelated remark number {k} from {d}", None)
        for d in ("vo",)
        for k in (1, 2, 3)
    ] + [claim(f"vx:{k}", f"Another aside {k}", None) for k in (1, 2, 3)]
    b2 = replace(b, id="vx:4", doc="vx")
    judge = toy_judge({"nli_low": 4.0})
    scorer = TableScorer({}, default=0.97)
    v = unit_angles(0.0, 0.3, *[1.0 + 0.1 * k for k in range(6)])
    brief, _ = contradict.find([a, b], v[:2].copy(), [], scorer, judge=judge)
    assert len(brief) == 1 and brief[0].rule in contradict.MODEL_ALONE
    long, _ = contradict.find([a, b2, *more], v, [], scorer, judge=judge)
    assert long == []
    anywhere = contradict.Settings(brief_claims=None)
    kept, _ = contradict.find([a, b2, *more], v, [], scorer, judge=judge, settings=anywhere)
    assert ("vo:7", "vx:4") in {f.claims for f in kept}  # (the asides meet one another too)


def test_the_story_moving_on_is_temporal_unless_the_evidence_is_the_dates() -> None:
    before = claim("hk:2", "Trump expects to meet Kim early next year", "Donald Trump", NOV_2018)
    after = claim("hn:3", "Trump does not wish to meet Kim", "Donald Trump", YEAR_2020, True)
    moved = contradict.decide(before, after, verdict(0.9), "story", JUDGE)
    assert moved is not None and (moved.kind, moved.severity) == ("temporal", "warning")
    assert "moved on" in moved.reason and "2018-11-09 (published)" in moved.reason
    dated = contradict.decide(before, after, verdict(0.9, "year_clash"), "story", JUDGE)
    assert dated is not None and dated.kind == "conflict"
    assert "date one thing differently" in dated.reason


def test_a_changed_word_that_is_each_claims_own_date_is_a_conflict_not_a_moved_story() -> None:
    november = TimeRef(dt.date(2023, 11, 1), dt.date(2023, 11, 30), "expression", "in November")
    june = TimeRef(dt.date(2024, 6, 1), dt.date(2024, 6, 30), "expression", "in June")
    a = claim("va:1", "The vote was held in November.", time=november)
    b = claim("vb:1", "The vote was held in June.", time=june)
    dated = contradict.decide(a, b, verdict(0.9, "diff_name"), "brief", JUDGE)
    assert dated is not None and dated.kind == "conflict"
    # The changed word is not the date: the story moved on between the two months.
    c = claim("vc:1", "The vote was won by Ruiz in June.", time=june)
    d = claim("vd:1", "The vote was won by Ortega in November.", time=november)
    moved = contradict.decide(c, d, verdict(0.9, "diff_name"), "brief", JUDGE)
    assert moved is not None and moved.kind == "temporal"


def test_a_thread_across_stories_is_only_ever_temporal_and_needs_a_confident_verdict() -> None:
    before = claim("hk:2", "Trump expects to meet Kim early next year", "Donald Trump", NOV_2018)
    after = claim("hn:3", "Trump does not wish to meet Kim", "Donald Trump", YEAR_2020, True)
    found = contradict.decide(before, after, verdict(0.85), "thread", JUDGE)
    assert found is not None and found.kind == "temporal"
    assert contradict.decide(before, after, verdict(0.7), "thread", JUDGE) is None  # < 0.8
    same = replace(after, time=NOV_2018)
    assert contradict.decide(before, same, verdict(0.99), "thread", JUDGE) is None


def test_a_thread_pair_of_two_named_speakers_is_no_position_that_moved() -> None:
    # Two people's own statements ("I am not running" / another's "I am a candidate") are
    # not one position that changed; one speaker's, or the outlet's, can be.
    mine = claim("a:1", "I am not running for governor of the state", "Ann Lee", NOV_2018, True)
    theirs = claim("b:1", "I am a candidate for governor of the state", "Bo Park", YEAR_2020)
    again = replace(theirs, speaker="Ann Lee")
    read = contradict.readings([mine, theirs, again])
    assert not contradict.one_holder(read[0], read[1])
    assert contradict.one_holder(read[0], read[2])
    assert contradict.one_holder(read[0], contradict.readings([replace(theirs, speaker=None)])[0])
    claims = [mine, theirs, again]
    pairs = [candidates.Pair(0, 1, 0.99, "thread"), candidates.Pair(0, 2, 0.99, "thread")]
    judge = Judge(FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)),
                  np.ones(len(FEATURES)), 0.0, (1.0, 0.0), 0.7, 0.8)  # fmt: skip
    asked, _ = contradict._worth_asking(
        pairs, contradict.readings(claims), judge, contradict.Settings(floor=0.5)
    )
    assert [(p.i, p.j) for p in asked] == [(0, 2)]


def test_every_bar_of_the_stage_is_in_the_report_settings() -> None:
    shipped = contradict.thresholds(judge=JUDGE)
    assert shipped["model_alone"] == JUDGE.confident and shipped["info"] == JUDGE.threshold
    assert shipped["restated"] == {"cosine": 0.6, "lemma_containment": 0.6, "nli_low": 0.95}
    assert list(shipped) == sorted(shipped)  # the report's keys, in a stable order
    lower = contradict.thresholds(contradict.Settings(model_alone=0.7), JUDGE)
    assert lower != shipped and lower["model_alone"] == 0.7


def test_unknown_time_is_compared_as_same_time_and_says_so() -> None:
    a = replace(WANT, time=UNKNOWN)
    found = contradict.decide(a, NO_SUMMIT, verdict(0.9), "document", JUDGE)
    assert found is not None and found.kind == "conflict" and "time is unknown" in found.reason


def read(claims: list[Claim]) -> list[rules.Reading]:
    return contradict.readings(claims)


# These small documents would be brief ones (checker.brief, tests/test_brief.py), which the
# stories do not pair: the tests of the story source turn that source off.
NO_BRIEF = candidates.Band(brief_claims=0)


def test_story_candidates_are_the_mutually_most_similar_claims_of_two_documents() -> None:
    claims = [
        claim("a:1", "Six people were injured"),
        claim("a:2", "The park was closed"),
        claim("b:1", "Five people were injured"),
        claim("b:2", "Police closed the park"),
        claim("c:1", "An unrelated report"),
    ]
    v = unit_angles(0.0, 1.0, 0.1, 1.05, 2.5)
    story = {"a": "s1", "b": "s1", "c": "s2"}
    pairs = candidates.candidates(claims, v, read(claims), story, band=NO_BRIEF)
    got = {(claims[p.i].id, claims[p.j].id, p.source) for p in pairs}
    assert got == {("a:1", "b:1", "story"), ("a:2", "b:2", "story")}  # c is another story


def test_each_story_claim_keeps_the_partner_it_chose_most_similar() -> None:
    # a:1 and b:1 choose each other (closest); c:1 (a newer article, say) chooses a:1, whose own
    # choice is b:1: the pair stays, so a new article's claim is never left without its best.
    claims = [
        claim("a:1", "Six injured"),
        claim("b:1", "Five injured"),
        claim("c:1", "Seven injured"),
    ]
    v = unit_angles(0.0, 0.1, -0.3)
    story = {"a": "s", "b": "s", "c": "s"}
    pairs = candidates.candidates(claims, v, read(claims), story, band=NO_BRIEF)
    assert {(claims[p.i].id, claims[p.j].id) for p in pairs} == {("a:1", "b:1"), ("a:1", "c:1")}
    two = candidates.candidates(
        claims, v, read(claims), story, band=candidates.Band(story_cap=2, brief_claims=0)
    )
    got = {(claims[p.i].id, claims[p.j].id) for p in two}
    assert got == {("a:1", "b:1"), ("a:1", "c:1"), ("b:1", "c:1")}


def test_document_candidates_need_two_named_speakers_and_a_denial_or_a_number_clash() -> None:
    claims = [
        claim("a:1", "North Korea wants talks", "Trump"),
        claim("a:2", "North Korea has no interest in talks", "KCNA", negative=True),
        claim("a:3", "North Korea has no interest in meetings", "Trump", negative=True),
        claim("a:4", "North Korea has no interest at all", None, negative=True),
        claim("b:1", "Police counted 12 people at the rally", "police"),
        claim("b:2", "Organisers counted 40 people at the rally", "organisers"),
        claim("b:3", "The rally was peaceful", "mayor"),
    ]
    v = unit_angles(0.0, 0.1, 0.15, 0.12, 1.0, 1.05, 1.02)
    pairs = candidates.within_documents(claims, v, read(claims), candidates.Band())
    got = {(claims[p.i].id, claims[p.j].id) for p in pairs}
    # a:3 is Trump again, a:4 the outlet itself; b:3 neither denies nor counts.
    assert got == {("a:1", "a:2"), ("b:1", "b:2")}


def test_thread_candidates_join_stories_of_the_same_actors_whose_positions_changed() -> None:
    names = ("Donald Trump", "Kim Jong Un")

    def story(doc: str, time: TimeRef, negative: bool) -> list[Claim]:
        return [
            claim(f"{doc}:1", "Trump will meet Kim", "Donald Trump", time, negative, names),
            claim(f"{doc}:2", "Trump and Kim talked", None, time, False, names),
        ]

    earlier, later = story("old", NOV_2018, False), story("new", YEAR_2020, True)
    unchanged, same_week = story("calm", YEAR_2020, False), story("now", day(2018, 11, 12), True)
    v = unit_angles(0.0, 0.3, 0.05, 0.32)

    def threads(a: list[Claim], b: list[Claim]) -> set[tuple[str, str]]:
        claims = a + b
        story_of = {a[0].doc: "s1", b[0].doc: "s2"}
        found = candidates.threads(claims, v, read(claims), story_of, candidates.Band())
        return {(claims[p.i].id, claims[p.j].id) for p in found}

    assert threads(earlier, later) == {("old:1", "new:1")}  # the talks did not change
    assert threads(earlier, unchanged) == set()  # the same position: nothing moved
    assert threads(earlier, same_week) == set()  # one time: not the story moving on
    strangers = [replace(c, entities=("Moon Jae-in",)) for c in later]
    assert threads(earlier, strangers) == set()  # other actors: another story


def test_candidate_pairs_per_claim_do_not_grow_with_the_corpus() -> None:
    rng = np.random.default_rng(0)
    per_claim = []
    for n in (200, 800):
        claims = [
            claim(
                f"d{i // 8}:{i}",
                f"Statement {i} was made",
                f"speaker {i % 3}",
                JULY_10,
                bool(i % 2),
            )
            for i in range(n)
        ]
        v = rng.normal(size=(n, 16)).astype(np.float32) + 3.0
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        story = {c.doc: f"s{int(c.doc[1:]) // 4}" for c in claims}
        per_claim.append(len(candidates.candidates(claims, v, read(claims), story)) / n)
    assert per_claim[0] > 0 and per_claim[1] <= per_claim[0] * 1.2


def test_nli_scores_take_the_lower_direction_and_come_from_the_cache(tmp_path: Path) -> None:
    scorer = TableScorer({("x", "y"): 0.9, ("y", "x"): 0.4})
    cache = EmbeddingCache(tmp_path)
    assert contradict.nli_pairs([("x", "y")], scorer, cache) == [
        (pytest.approx(0.9), pytest.approx(0.4))
    ]
    assert sorted(scorer.asked) == [("x", "y"), ("y", "x")]
    again = TableScorer({})
    assert contradict.nli_scores([("y", "x")], again, cache) == [pytest.approx(0.4)]
    assert again.asked == []
    cache.close()


def test_the_second_direction_is_scored_only_where_the_first_reaches_the_floor() -> None:
    scorer = TableScorer({("x", "y"): 0.3, ("u", "v"): 0.9, ("v", "u"): 0.8})
    got = contradict.nli_pairs([("x", "y"), ("u", "v")], scorer, None, floor=0.5)
    assert got == [
        (pytest.approx(0.3), pytest.approx(0.3)),
        (pytest.approx(0.9), pytest.approx(0.8)),
    ]
    assert ("y", "x") not in scorer.asked and ("v", "u") in scorer.asked
    # Where needed says the second could not matter, it is not asked and equals the first.
    scorer = TableScorer({("u", "v"): 0.9, ("v", "u"): 0.8})
    got = contradict.nli_pairs([("u", "v")], scorer, None, 0.5, None, lambda f: [False] * len(f))
    assert got == [(pytest.approx(0.9), pytest.approx(0.9))] and ("v", "u") not in scorer.asked


# Two story partners a claim, so that one claim meets two others in these small stories (of
# documents so small that the brief source would otherwise pair them instead).
TWO_A_CLAIM = contradict.Settings(band=candidates.Band(story_cap=2, brief_claims=0))


def test_find_asks_the_second_direction_only_where_it_could_make_a_finding() -> None:
    # A judge that needs the model sure both ways: a first score of 0.6 settles it.
    judge = toy_judge({"nli_low": 8.0}, bias=-7.0)
    a = claim("a:1", "Kim wants a summit", "Kim")
    b = claim("b:1", "Kim wants no summit soon", "Moon")
    c = claim("c:1", "Moon wants a summit", "Moon")
    v = unit_angles(0.0, 0.05, 1.2)
    scorer = TableScorer({(a.text, b.text): 0.6, (b.text, c.text): 0.99}, default=0.99)
    contradict.find([a, b, c], v, [], scorer, judge=judge, settings=TWO_A_CLAIM)
    assert (a.text, b.text) in scorer.asked and (b.text, a.text) not in scorer.asked
    assert (c.text, b.text) in scorer.asked  # 0.99 one way: the other way decides


def test_find_reports_each_pair_once_with_a_stable_fingerprint() -> None:
    a = claim("vo:7", "I understand they want to meet", "Donald Trump", JULY_7)
    b = claim("vo:4", "A summit will not take place", "Kim Yo Jong", YEAR_2020, True)
    v = unit_angles(0.0, 0.3)
    judge = toy_judge({"nli_low": 4.0})
    scorer = TableScorer({}, default=0.97)
    first, pairs = contradict.find([a, b], v, [], scorer, judge=judge)
    second, _ = contradict.find([b, a], v[::-1].copy(), [], scorer, judge=judge)
    assert pairs == 1 and len(first) == 1 and first == second
    moved = claim("vo:9", "I understand they want to meet  ", "Donald Trump", JULY_7)
    assert contradict.fingerprint("conflict", moved, b) == first[0].id


def test_the_model_is_not_asked_about_pairs_no_score_could_make_findings() -> None:
    # A judge for which a near-paraphrase can never contradict, whatever the model says.
    judge = toy_judge({"nli_low": 2.0, "cosine": -12.0}, bias=4.0)
    a = claim("a:1", "Kim wants a summit", "Kim", negative=False)
    far = claim("b:1", "Moon will not meet anyone", "Moon", negative=True)
    # Close and of one polarity: no denied restatement either (that override needs the model).
    close = claim("c:1", "Kim wants a summit now", "Trump", negative=False)
    v = unit_angles(0.0, 1.2, 0.05)
    scorer = TableScorer({}, default=0.99)
    found, asked = contradict.find(
        [a, far, close], v, [], scorer, judge=judge, settings=TWO_A_CLAIM
    )
    assert asked == 2 and len(scorer.asked) == 4  # (a, far) and (far, close), both ways
    assert (a.text, close.text) not in scorer.asked and (close.text, a.text) not in scorer.asked
    # (far, close) gets 0.74 from the model's score alone, which needs the confident 0.8.
    assert {f.claims for f in found} == {("a:1", "b:1")}


def test_separate_splits_a_cluster_that_holds_both_sides_of_a_finding() -> None:
    claims = [
        claim("a:1", "The talks will resume"),
        claim("b:1", "The talks will resume soon"),
        claim("c:1", "The talks will not resume", negative=True),
        claim("d:1", "The talks won't resume", negative=True),
        claim("e:1", "Ports reopened"),
        claim("f:1", "The ports reopened"),
    ]
    v = unit_angles(0.0, 0.02, 0.1, 0.12, 1.0, 1.01)
    mixed = Cluster("k-mixed", ("a:1", "b:1", "c:1", "d:1"), "a:1", ("A", "B", "C", "D"), 0.9)
    calm = Cluster("k-calm", ("e:1", "f:1"), "e:1", ("E", "F"), 0.9)
    finding = contradict.decide(claims[0], claims[2], verdict(0.9), "story", JUDGE)
    assert finding is not None
    outlets = {c.doc: c.doc.upper() for c in claims}
    out = contradict.separate([mixed, calm], [finding], claims, v, outlets)
    parts = sorted(tuple(c.claims) for c in out)
    assert parts == [("a:1", "b:1"), ("c:1", "d:1"), ("e:1", "f:1")]
    assert calm in out and all(c.id.startswith("k-") for c in out)
    split = next(c for c in out if c.claims == ("c:1", "d:1"))
    assert split.outlets == ("C", "D") and split.representative in split.claims
    lonely = contradict.separate([mixed], [finding], claims, v, outlets)
    assert all(len({cid.split(":")[0] for cid in c.claims}) >= 2 for c in lonely)
