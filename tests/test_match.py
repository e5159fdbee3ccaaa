"""Event-level matching: features and scorer on hand-made claims (no model), clustering within
stories, determinism."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from checker import match, matchscore
from checker.records import Claim, TimeRef

UNKNOWN = TimeRef(None, None, "unknown")
# Only cosine counts: p = 0.5 at cosine 0.6.
COSINE_ONLY = matchscore.Scorer((20.0,) + (0.0,) * (len(matchscore.FEATURES) - 1), -12.0, 0.5)


def _claim(cid: str, text: str, entities: tuple[str, ...] = (), speaker: str | None = None,
           time: TimeRef = UNKNOWN) -> Claim:  # fmt: skip
    return Claim(cid, cid.split(":")[0], text, (0, len(text)), speaker, time, entities=entities)


def _features(a: Claim, b: Claim, cosine: float = 0.5) -> dict[str, float]:
    vs = matchscore.views([a, b])
    return dict(
        zip(matchscore.FEATURES, matchscore.features(a, b, vs[0], vs[1], cosine), strict=True)
    )


def test_numbers_agree_and_differ_spelled_or_written() -> None:
    a = _claim("a:1", "Three people died in the flood")
    b = _claim("b:1", "3 people died in the flood")
    c = _claim("c:1", "Seven people died in the flood")
    assert _features(a, b)["numbers_agree"] == 1.0
    assert _features(a, c)["numbers_differ"] == 1.0


def test_entities_meet_through_normalisation_and_surnames() -> None:
    a = _claim("a:1", "Kenyan police detained William Ruto aides", ("Kenyan", "William Ruto"))
    a2 = _claim("a:2", "Ruto spoke later", ("Ruto",))
    b = _claim("b:1", "Police in Nairobi detained Ruto aides", ("Nairobi", "Ruto"))
    vs = matchscore.views([a, a2, b])
    assert vs[1].entities == {"william ruto"}
    assert vs[0].entities == {"kenya", "william ruto"}
    assert vs[2].entities == {"kenya", "ruto"}  # no full name in b's own article
    f = dict(zip(matchscore.FEATURES, matchscore.features(a, b, vs[0], vs[2], 0.5), strict=True))
    assert f["entities_shared"] == 1.0


def test_speakers_and_times() -> None:
    may = TimeRef(dt.date(2020, 5, 1), dt.date(2020, 5, 31), "expression", "May")
    june = TimeRef(dt.date(2020, 6, 1), dt.date(2020, 6, 30), "expression", "June")
    a = _claim("a:1", "The minister said talks would resume", speaker="Jane Doe", time=may)
    b = _claim("b:1", "Talks would resume, the minister said", speaker="Jane Doe", time=may)
    c = _claim("c:1", "Talks would resume, an aide said", speaker="John Roe", time=june)
    assert _features(a, b)["same_speaker"] == 1.0 and _features(a, b)["time_overlaps"] == 1.0
    assert _features(a, c)["other_speaker"] == 1.0 and _features(a, c)["time_apart"] == 1.0


def test_content_lemmas_fall_back_to_words_without_stop_words() -> None:
    claim = _claim("a:1", "The talks were held in the capital")
    assert matchscore.lemmas_of(claim) == {"talks", "held", "capital"}


def test_scorer_is_a_logistic_model() -> None:
    x = np.zeros((2, len(matchscore.FEATURES)))
    x[:, 0] = [0.6, 0.9]
    prob = COSINE_ONLY.probability(x)
    assert prob[0] == pytest.approx(0.5)
    assert prob[1] > 0.99


def _story_corpus() -> tuple[list[Claim], np.ndarray, dict[str, str]]:
    axis = np.eye(6, dtype=np.float32)
    claims = [
        _claim("a:1", "Fact one from a"), _claim("b:1", "Fact one from b"),
        _claim("c:1", "Fact one from c"), _claim("a:2", "Fact two from a"),
        _claim("b:2", "Fact two from b"), _claim("a:3", "Only a says this"),
        _claim("x:1", "Fact one from another story"),
    ]  # fmt: skip
    rows = [0, 0, 0, 1, 1, 2, 0]
    vectors = np.array([axis[r] for r in rows])
    story_of = {"a": "s1", "b": "s1", "c": "s1", "x": "s2"}
    return claims, vectors, story_of


def test_clusters_hold_claims_of_two_documents_of_one_story() -> None:
    claims, vectors, story_of = _story_corpus()
    found = match.cluster(claims, vectors, story_of, {}, COSINE_ONLY)
    assert [k.claims for k in found] == [("a:1", "b:1", "c:1"), ("a:2", "b:2")]
    assert found[0].outlets == ("a", "b", "c")


def test_clustering_does_not_depend_on_input_order() -> None:
    claims, vectors, story_of = _story_corpus()
    first = match.cluster(claims, vectors, story_of, {}, COSINE_ONLY)
    order = list(range(len(claims)))
    random.Random(3).shuffle(order)
    again = match.cluster([claims[i] for i in order], vectors[order], story_of, {}, COSINE_ONLY)
    assert first == again


def test_shipped_scorer_loads_and_ranks_a_restatement_above_an_unrelated_claim() -> None:
    scorer = matchscore.default_scorer()
    a = _claim("a:1", "Police arrested 12 protesters in Nairobi on Tuesday", ("Nairobi",))
    b = _claim("b:1", "Twelve protesters were arrested by Kenyan police on Tuesday", ("Kenyan",))
    c = _claim("c:1", "The central bank raised interest rates by half a point")
    vs = matchscore.views([a, b, c])
    same = matchscore.features(a, b, vs[0], vs[1], 0.8)
    other = matchscore.features(a, c, vs[0], vs[2], 0.1)
    prob = scorer.probability(np.array([same, other]))
    # The restatement merges; the unrelated claim is no same-event pair, and at cosine 0.1 it
    # lies below the floor under which the scorer's probability (its prior for a story, 0.33
    # here) never merges anything.
    assert prob[0] >= scorer.merge_at and prob[0] > 2 * prob[1]
    assert prob[0] >= scorer.threshold > prob[1]
    assert match.FLOOR_COSINE > 0.1


def _brute_average_linkage(
    docs: list[int], prob: dict[tuple[int, int], float], t: float
) -> list[list[int]]:
    """The definition: greedy, most probable pair first; merge when the mean over every pair
    of claims of different documents between the two clusters (unscored: 0) reaches t."""
    groups = [[i] for i in range(len(docs))]
    for (i, j), p in sorted(prob.items(), key=lambda x: (-x[1], x[0])):
        if p < t:
            break
        a = next(g for g in groups if i in g)
        b = next(g for g in groups if j in g)
        if a is b:
            continue
        cross = [(min(x, y), max(x, y)) for x in a for y in b if docs[x] != docs[y]]
        if sum(prob.get(c, 0.0) for c in cross) / len(cross) >= t:
            groups.remove(b)
            a.extend(b)
    return sorted(sorted(g) for g in groups)


@pytest.mark.parametrize("seed", range(5))
def test_incremental_linkage_is_average_linkage(seed: int) -> None:
    rng = random.Random(seed)
    docs = [rng.randrange(5) for _ in range(30)]
    prob = {
        (i, j): round(rng.random(), 3) for i in range(30) for j in range(i + 1, 30)
        if docs[i] != docs[j] and rng.random() < 0.5
    }  # fmt: skip
    assert match._link(docs, prob, 0.4) == _brute_average_linkage(docs, prob, 0.4)


def test_an_unscored_pair_counts_against_a_merge() -> None:
    # a-b and b-c are sure, a-c was never scored: average linkage over the three documents
    # is (1 + 1 + 0) / 3 for the last merge... and (0.9 + 0) / 2 < 0.6 keeps c out.
    docs = [0, 1, 2]
    assert match._link(docs, {(0, 1): 1.0, (1, 2): 0.9}, 0.6) == [[0, 1], [2]]
    assert match._link(docs, {(0, 1): 1.0, (1, 2): 0.9, (0, 2): 0.8}, 0.6) == [[0, 1, 2]]


def test_each_claim_is_scored_against_its_k_nearest_claims_of_other_documents() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(60, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    docs = [f"d{i % 6}" for i in range(60)]
    pairs = match.story_pairs(docs, vectors, k=3)
    assert len(pairs) <= 60 * 3
    assert all(docs[i] != docs[j] and i < j for i, j in pairs)
    sims = vectors @ vectors.T
    for i in range(60):
        others = [j for j in range(60) if docs[j] != docs[i]]
        nearest = sorted(others, key=lambda j: -sims[i, j])[:3]
        assert all((min(i, j), max(i, j)) in pairs for j in nearest)


def test_clusters_do_not_depend_on_input_order_when_few_neighbours_are_scored() -> None:
    rng = np.random.default_rng(1)
    axis = np.eye(4, dtype=np.float32)
    claims, rows = [], []
    for d in "abcdef":
        for n in range(4):
            claims.append(_claim(f"{d}:{n}", f"fact {n} told by {d}"))
            v = axis[n] + rng.normal(0, 0.1, 4).astype(np.float32)
            rows.append(v / np.linalg.norm(v))
    vectors = np.array(rows)
    story_of = {d: "s" for d in "abcdef"}
    # full_limit 0: the story is too large to score every pair, so each claim meets its nearest.
    first = match.cluster(claims, vectors, story_of, {}, COSINE_ONLY, neighbours=2, full_limit=0)
    order = list(range(len(claims)))
    random.Random(5).shuffle(order)
    again = match.cluster([claims[i] for i in order], vectors[order], story_of, {}, COSINE_ONLY,
                          neighbours=2, full_limit=0)  # fmt: skip
    assert first == again
    # With each claim's five nearest of other documents scored (its fact in every other
    # outlet), one cluster per fact from every outlet; the same when every pair is scored.
    found = match.cluster(claims, vectors, story_of, {}, COSINE_ONLY, neighbours=5, full_limit=0)
    assert sorted(len(k.claims) for k in found) == [6, 6, 6, 6]
    assert match.cluster(claims, vectors, story_of, {}, COSINE_ONLY) == found


@pytest.mark.slow
def test_real_models_cluster_ecb_dev_documents_within_their_event() -> None:
    from checker import stories
    from tests.conftest import ecb_corpus

    # Topic 18 (a dev topic): two office shootings, in Vancouver and in Michigan.
    gold, docs, claims, vectors = ecb_corpus({"18ecb": 3, "18plus": 3}, outlets=True)
    story_of = stories.story_of(stories.stories(docs, claims, vectors))
    found = match.cluster(claims, vectors, story_of, {d.id: d.id for d in docs})
    doc_of = {c.id: c.doc for c in claims}
    assert found, "no cluster across three articles on each of two shootings"
    for k in found:
        assert len({gold[doc_of[c]] for c in k.claims}) == 1, f"cluster mixes events: {k.claims}"
        assert len({doc_of[c] for c in k.claims}) >= 2


def _unit(*v: float) -> np.ndarray:
    x = np.array(v, dtype=np.float32)
    return x / np.linalg.norm(x)


def test_a_document_may_give_several_claims_to_one_event_cluster() -> None:
    # a:1 and a:2 both restate b:1: one event told twice by a, so all three meet (pairs within
    # a are not counted: a document does not corroborate itself).
    claims = [_claim("a:1", "x"), _claim("a:2", "y"), _claim("b:1", "z")]
    vectors = np.stack([_unit(1, 0.1, 0), _unit(1, 0.25, 0), _unit(1, 0.05, 0)])
    found = match.cluster(claims, vectors, {"a": "s", "b": "s"}, {"a": "A", "b": "B"}, COSINE_ONLY)
    assert [c.claims for c in found] == [("a:1", "a:2", "b:1")]
    assert found[0].outlets == ("A", "B")


def _dated(cid: str, start: dt.date, end: dt.date, expression: str) -> Claim:
    return _claim(cid, f"{cid} happened", time=TimeRef(start, end, "expression", expression))


def test_claims_about_different_times_are_apart() -> None:
    feb = _dated("a:1", dt.date(2019, 2, 1), dt.date(2019, 2, 28), "February 2019")
    june = _dated("b:1", dt.date(2019, 6, 1), dt.date(2019, 6, 30), "June 2019")
    year = _dated("c:1", dt.date(2019, 1, 1), dt.date(2019, 12, 31), "in 2019")
    same_doc = _dated("a:2", dt.date(2018, 6, 1), dt.date(2018, 6, 30), "June 2018")
    named = _claim("d:1", "The 2017 accord was signed")
    named2 = _claim("e:1", "Talks of 2018 and 2019 broke down")
    undated = _claim("f:1", "Talks broke down")
    claims = [feb, june, year, same_doc, named, named2, undated]
    apart = match.apart_pairs(claims, matchscore.views(claims))
    # Months apart; the year holds both months; same document never; named years that share
    # none; no time, no constraint.
    assert (0, 1) in apart and (0, 2) not in apart and (1, 2) not in apart
    assert (0, 3) not in apart and (1, 3) in apart and (2, 3) in apart
    assert (4, 5) in apart and (2, 5) not in apart
    assert not any(6 in pair for pair in apart)


def _two_summits() -> tuple[list[Claim], np.ndarray, dict[str, str], dict[str, str]]:
    """Two outlets each report a 2018 and a 2019 meeting in near words (cosine 0.95 across
    the years; the cosine-only scorer would merge everything)."""
    y18 = (dt.date(2018, 6, 1), dt.date(2018, 6, 30), "June 2018")
    y19 = (dt.date(2019, 2, 1), dt.date(2019, 2, 28), "February 2019")
    claims = [_dated("a:1", *y18), _dated("a:2", *y19), _dated("b:1", *y18), _dated("b:2", *y19)]
    vectors = np.stack([_unit(1, 0.1), _unit(1, 0.3), _unit(1, 0.12), _unit(1, 0.32)])
    return claims, vectors, {"a": "s", "b": "s"}, {"a": "A", "b": "B"}


def test_two_meetings_a_year_apart_are_two_clusters() -> None:
    claims, vectors, stories, outlets = _two_summits()
    found = match.cluster(claims, vectors, stories, outlets, COSINE_ONLY)
    assert sorted(k.claims for k in found) == [("a:1", "b:1"), ("a:2", "b:2")]


def test_one_stray_date_does_not_split_what_the_rest_agrees_on() -> None:
    # Eight outlets restate one fact; one dates it 2019, another 2015. The pair's penalty is a
    # share of the mean, not a veto: the cluster holds, the stray claim in it.
    outlets = "abcdefgh"
    claims = [_claim(f"{d}:1", "the fact") for d in outlets]
    claims[0] = _dated("a:1", dt.date(2019, 1, 1), dt.date(2019, 12, 31), "in 2019")
    claims[-1] = _dated("h:1", dt.date(2015, 1, 1), dt.date(2015, 12, 31), "in 2015")
    vectors = np.stack([_unit(1, 0.01 * k) for k in range(len(outlets))])
    stories = {d: "s" for d in outlets}
    assert match.apart_pairs(claims, matchscore.views(claims)) == {(0, 7)}
    found = match.cluster(claims, vectors, stories, {d: d for d in outlets}, COSINE_ONLY)
    assert [len(k.claims) for k in found] == [8]


def test_pairs_below_the_cosine_floor_never_merge_whatever_the_scorer_says() -> None:
    # A scorer sure of every pair: the pair below the floor is no evidence of one event.
    sure = matchscore.Scorer((0.0,) * len(matchscore.FEATURES), 10.0, 0.5)
    claims = [_claim("a:1", "x"), _claim("b:1", "y")]
    below = np.stack([_unit(1, 0), _unit(0.2, np.sqrt(0.96))])
    above = np.stack([_unit(1, 0), _unit(0.3, np.sqrt(0.91))])
    stories, outlets = {"a": "s", "b": "s"}, {"a": "A", "b": "B"}
    assert 0.2 < match.FLOOR_COSINE <= 0.3
    assert match.cluster(claims, below, stories, outlets, sure) == []
    assert len(match.cluster(claims, above, stories, outlets, sure)) == 1


@pytest.mark.parametrize("seed", range(3))
def test_event_clusters_with_times_do_not_depend_on_input_order(seed: int) -> None:
    # Two meetings a year apart, told by three outlets each, plus undated restatements: the
    # time penalty and the several-claims-a-document merges give the same clusters in any order.
    rng = np.random.default_rng(seed)
    y18 = (dt.date(2018, 6, 1), dt.date(2018, 6, 30), "June 2018")
    y19 = (dt.date(2019, 2, 1), dt.date(2019, 2, 28), "February 2019")
    claims, rows = [], []
    for d in "abc":
        for n, when in enumerate((y18, y19)):
            claims.append(_dated(f"{d}:{n}", *when))
            claims.append(_claim(f"{d}:{n + 2}", f"meeting {n} again, as {d} tells it"))
            for _ in range(2):
                v = np.array([1.0, 0.3 * n, 0.0]) + rng.normal(0, 0.05, 3)
                rows.append(v / np.linalg.norm(v))
    vectors = np.array(rows, dtype=np.float32)
    stories = {d: "s" for d in "abc"}
    outlets = {d: d.upper() for d in "abc"}
    first = match.cluster(claims, vectors, stories, outlets, COSINE_ONLY)
    order = list(range(len(claims)))
    random.Random(seed).shuffle(order)
    again = match.cluster([claims[i] for i in order], vectors[order], stories, outlets, COSINE_ONLY)
    assert first == again
    assert first and all(len(k.outlets) >= 2 for k in first)
    dated = {c.id: c.time.expression for c in claims if c.time.source == "expression"}
    for k in first:
        assert len({dated[c] for c in k.claims if c in dated}) <= 1, k.claims
