"""Stories: grouping on hand-made vectors (no model), ids, dates, order; and a real-model check
on ECB+ dev documents."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np
import pytest

from checker import stories, storyfeatures
from checker.records import Claim, Document, TimeRef
from tests.conftest import ecb_corpus

# Only the claim-centroid cosine counts: p = 0.5 at cosine 0.7.
COSINE_ONLY = stories.StoryModel((20.0,) + (0.0,) * (len(stories.FEATURES) - 1), -14.0, 0.5, 7)
UNKNOWN = TimeRef(None, None, "unknown")


def _doc(doc_id: str, title: str, published: dt.date | None = None) -> Document:
    return Document(doc_id, doc_id, title, "0" * 64, f"outlet-{doc_id}", published, title, None, ())


def _corpus(
    layout: dict[str, int], dates: dict[str, dt.date] | None = None, seed: int = 0
) -> tuple[list[Document], list[Claim], np.ndarray]:
    """Documents whose two claims lie near the axis of their event (layout: doc -> event)."""
    rng = np.random.default_rng(seed)
    docs, claims, rows = [], [], []
    for doc_id, event in layout.items():
        docs.append(_doc(doc_id, f"headline {doc_id}", (dates or {}).get(doc_id)))
        for n in range(2):
            v = np.zeros(8)
            v[event] = 1.0
            v += rng.normal(0, 0.05, 8)
            rows.append(v / np.linalg.norm(v))
            claims.append(Claim(f"{doc_id}:{n + 1}", doc_id, f"claim {n} of {doc_id}", (0, 1),
                                None, UNKNOWN))  # fmt: skip
    return docs, claims, np.array(rows, dtype=np.float32)


def _members(found: list[stories.Story]) -> set[tuple[str, ...]]:
    return {s.documents for s in found}


def test_documents_of_one_event_form_one_story_and_a_lone_article_its_own() -> None:
    docs, claims, vectors = _corpus({"a": 0, "b": 0, "c": 0, "d": 1, "e": 1, "f": 2})
    found = stories.stories(docs, claims, vectors, COSINE_ONLY)
    assert _members(found) == {("a", "b", "c"), ("d", "e"), ("f",)}
    assert sorted(d for s in found for d in s.documents) == ["a", "b", "c", "d", "e", "f"]


def test_articles_published_weeks_apart_are_different_stories() -> None:
    day = dt.date(2021, 3, 1)
    dates = {"a": day, "b": day + dt.timedelta(days=2), "c": day + dt.timedelta(days=30)}
    docs, claims, vectors = _corpus({"a": 0, "b": 0, "c": 0}, dates)
    found = stories.stories(docs, claims, vectors, COSINE_ONLY)
    assert _members(found) == {("a", "b"), ("c",)}
    two = next(s for s in found if len(s.documents) == 2)
    assert (two.start, two.end) == (day, day + dt.timedelta(days=2))


def test_an_undated_article_does_not_bridge_dates_weeks_apart() -> None:
    day = dt.date(2021, 3, 1)
    dates = {"a": day, "c": day + dt.timedelta(days=60)}
    docs, claims, vectors = _corpus({"a": 0, "b": 0, "c": 0}, dates)
    lenient = dataclasses.replace(COSINE_ONLY, linkage=0.3)  # the mean alone would merge
    found = stories.stories(docs, claims, vectors, lenient)
    assert ("a", "c") not in _members(found) and ("a", "b", "c") not in _members(found)


def test_a_document_without_claims_is_a_story_of_its_own() -> None:
    docs, claims, vectors = _corpus({"a": 0, "b": 0})
    docs.append(_doc("empty", "nothing here"))
    found = stories.stories(docs, claims, vectors, COSINE_ONLY)
    assert ("empty",) in _members(found)


def test_ids_come_from_members_and_do_not_depend_on_input_order() -> None:
    docs, claims, vectors = _corpus({"a": 0, "b": 0, "c": 1, "d": 1, "e": 3})
    first = stories.stories(docs, claims, vectors, COSINE_ONLY)
    order = list(range(len(claims)))
    random.Random(7).shuffle(order)
    shuffled_docs = docs[::-1]
    again = stories.stories(shuffled_docs, [claims[i] for i in order], vectors[order], COSINE_ONLY)
    assert first == again
    ids = {s.id for s in first}
    assert len(ids) == len(first)
    _, _, moved = _corpus({"a": 0, "b": 0, "c": 1, "d": 1, "e": 3}, seed=1)
    assert {s.id for s in stories.stories(docs, claims, moved, COSINE_ONLY)} == ids


def test_the_lead_is_read_in_text_order_not_input_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storyfeatures, "LEAD_CLAIMS", 1)
    docs, claims, vectors = _corpus({"a": 0, "b": 0, "c": 1})
    claims = [
        Claim(c.id, c.doc, c.text, (10 * int(c.id[-1]), 10 * int(c.id[-1]) + 5), None, UNKNOWN)
        for c in claims
    ]
    p1 = storyfeatures.profiles(docs, claims, vectors)
    p2 = storyfeatures.profiles(docs, claims[::-1], vectors[::-1])
    assert np.array_equal(p1.lead, p2.lead) and np.array_equal(p1.centroid, p2.centroid)
    assert np.allclose(p1.lead[0], vectors[0])  # a:1 opens a


def test_label_is_the_most_central_headline() -> None:
    docs, claims, vectors = _corpus({"a": 0, "b": 0, "c": 0})
    vectors[0:2] = vectors[2:4] * 0.8 + np.eye(8, dtype=np.float32)[5] * 0.6  # a leans away
    found = stories.stories(docs, claims, vectors, COSINE_ONLY)
    assert found[0].label in {"headline b", "headline c"}


def test_shipped_model_loads() -> None:
    model = stories.default_model()
    assert len(model.weights) == len(stories.FEATURES)
    assert 0 < model.threshold < 1


@pytest.mark.slow
def test_real_model_separates_two_events_of_one_kind_on_ecb_dev_documents() -> None:
    # Topic 2 (a dev topic): two different Oscar-host announcements, four articles each.
    gold, docs, claims, vectors = ecb_corpus({"2ecb": 4, "2plus": 4})
    found = stories.stories(docs, claims, vectors)
    for s in found:
        assert len({gold[d] for d in s.documents}) == 1, f"story mixes subtopics: {s.documents}"
    assert len(found) <= 4, f"too fragmented: {[s.documents for s in found]}"


def _kind_corpus() -> tuple[list[Document], list[Claim], np.ndarray]:
    """Two events of one kind: every article says "earthquake" and "magnitude"; the place
    tells them apart. All claim vectors alike, so only the names and words can."""
    docs, claims = [], []
    for doc_id, place in [("a", "Lima"), ("b", "Lima"), ("c", "Lima"), ("d", "Quito"),
                          ("e", "Quito"), ("f", "Quito")]:  # fmt: skip
        docs.append(_doc(doc_id, f"Earthquake near {place}"))
        for n in range(2):
            claims.append(Claim(f"{doc_id}:{n}", doc_id, f"A magnitude earthquake shook {place}",
                                (10 * n, 10 * n + 5), None, UNKNOWN, entities=(place,),
                                lemmas=("earthquake", "magnitude", "shake", place.lower())))  # fmt: skip
    vectors = np.tile(np.eye(8, dtype=np.float32)[0], (len(claims), 1))
    return docs, claims, vectors


def test_neighbourhood_weights_tell_two_events_of_one_kind_apart() -> None:
    docs, claims, vectors = _kind_corpus()
    p, pairs = storyfeatures.prepare(docs, claims, vectors)
    feature = dict(zip(stories.FEATURES, range(len(stories.FEATURES)), strict=True))
    same = storyfeatures.features(p, 0, 1)  # a, b: Lima
    other = storyfeatures.features(p, 0, 3)  # a, d: Lima, Quito
    for name in ("local_words", "local_entities"):
        assert same[feature[name]] > 0.9 and other[feature[name]] < 0.1, name
    # The words every article of the kind uses weigh less than the place.
    assert p.local_words[0]["lima"] > p.local_words[0]["earthquake"]
    assert (0, 3) in pairs


def test_local_weights_alone_split_the_two_events() -> None:
    docs, claims, vectors = _kind_corpus()
    weights = [0.0] * len(stories.FEATURES)
    weights[stories.FEATURES.index("local_words")] = 10.0
    model = stories.StoryModel(tuple(weights), -5.0, 0.5, 7)
    found = stories.stories(docs, claims, vectors, model)
    assert _members(found) == {("a", "b", "c"), ("d", "e", "f")}


def _with_undated(dates: dict[str, dt.date]) -> list[stories.Story]:
    """Event-0 articles a, b, c dated as given, and u, undated, of the same event."""
    docs, claims, vectors = _corpus({"a": 0, "b": 0, "c": 0, "u": 0}, dates)
    return stories.stories(docs, claims, vectors, COSINE_ONLY)


def test_an_undated_article_joins_where_similar_dated_articles_share_a_week() -> None:
    day = dt.date(2021, 3, 1)
    assert _members(_with_undated({"a": day, "b": day, "c": day})) == {("a", "b", "c", "u")}


def test_an_undated_article_stays_alone_where_similar_dated_articles_are_years_apart() -> None:
    day = dt.date(2021, 3, 1)
    years = {"a": day, "b": day + dt.timedelta(days=400), "c": day + dt.timedelta(days=800)}
    # Every dated pair as similar as u is to them falls outside the window: u's probability
    # is discounted to a quarter ((0 + 1) / (3 + 1)), under the threshold.
    assert _members(_with_undated(years)) == {("a",), ("b",), ("c",), ("u",)}
    without = dataclasses.replace(COSINE_ONLY, discount_undated=False)
    docs, claims, vectors = _corpus({"a": 0, "b": 0, "c": 0, "u": 0}, years)
    assert any("u" in s.documents and len(s.documents) == 2
               for s in stories.stories(docs, claims, vectors, without))  # fmt: skip


def test_shipped_model_discounts_undated_pairs() -> None:
    assert stories.default_model().discount_undated
