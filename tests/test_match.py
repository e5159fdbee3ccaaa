"""Event-level matching: features and scorer on hand-made claims (no model), clustering within
stories, determinism."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from checker import match
from checker.records import Claim, TimeRef

UNKNOWN = TimeRef(None, None, "unknown")
# Only cosine counts: p = 0.5 at cosine 0.6.
COSINE_ONLY = match.Scorer((20.0,) + (0.0,) * (len(match.FEATURES) - 1), -12.0, 0.5)


def _claim(cid: str, text: str, entities: tuple[str, ...] = (), speaker: str | None = None,
           time: TimeRef = UNKNOWN) -> Claim:  # fmt: skip
    return Claim(cid, cid.split(":")[0], text, (0, len(text)), speaker, time, entities=entities)


def _features(a: Claim, b: Claim, cosine: float = 0.5) -> dict[str, float]:
    vs = match.views([a, b])
    return dict(zip(match.FEATURES, match.features(a, b, vs[0], vs[1], cosine), strict=True))


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
    vs = match.views([a, a2, b])
    assert vs[1].entities == {"william ruto"}
    assert vs[0].entities == {"kenya", "william ruto"}
    assert vs[2].entities == {"kenya", "ruto"}  # no full name in b's own article
    f = dict(zip(match.FEATURES, match.features(a, b, vs[0], vs[2], 0.5), strict=True))
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
    assert match.lemmas_of(claim) == {"talks", "held", "capital"}


def test_scorer_is_a_logistic_model() -> None:
    x = np.zeros((2, len(match.FEATURES)))
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
    scorer = match.default_scorer()
    a = _claim("a:1", "Police arrested 12 protesters in Nairobi on Tuesday", ("Nairobi",))
    b = _claim("b:1", "Twelve protesters were arrested by Kenyan police on Tuesday", ("Kenyan",))
    c = _claim("c:1", "The central bank raised interest rates by half a point")
    vs = match.views([a, b, c])
    same = match.features(a, b, vs[0], vs[1], 0.8)
    other = match.features(a, c, vs[0], vs[2], 0.1)
    prob = scorer.probability(np.array([same, other]))
    # Clusters merge at merge_at (one fact); threshold ("same event") is for pairs of a story.
    assert prob[0] >= scorer.merge_at > prob[1]
    assert scorer.merge_at >= scorer.threshold
