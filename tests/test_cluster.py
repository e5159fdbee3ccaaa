from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from checker.cluster import candidate_pairs, cluster
from checker.records import Claim, TimeRef

PUB = TimeRef(dt.date(2020, 1, 1), dt.date(2020, 1, 1), "publication")


def claim(cid: str, speaker: str | None = None, time: TimeRef = PUB) -> Claim:
    doc = cid.split(":")[0]
    return Claim(cid, doc, f"text {cid}", (0, 1), speaker, time)


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_equivalent_claims_from_two_documents_form_one_cluster() -> None:
    claims = [claim("a:1"), claim("b:1"), claim("b:2"), claim("c:1")]
    vectors = np.stack([unit(1, 0.05, 0), unit(1, 0, 0.05), unit(0, 1, 0), unit(0, 0, 1)])
    (found,) = cluster(claims, vectors, {"a": "Outlet A", "b": "Outlet B"}, threshold=0.9)
    assert found.claims == ("a:1", "b:1")
    assert found.outlets == ("Outlet A", "Outlet B")
    assert found.similarity > 0.99


def test_single_document_repeats_are_not_a_cluster() -> None:
    claims = [claim("a:1"), claim("a:2")]
    vectors = np.stack([unit(1, 0), unit(1, 0.01)])
    assert cluster(claims, vectors, {}, threshold=0.9) == []


def test_non_overlapping_stated_times_never_merge() -> None:
    june_2018 = TimeRef(dt.date(2018, 6, 1), dt.date(2018, 6, 30), "expression", "June 2018")
    feb_2019 = TimeRef(dt.date(2019, 2, 1), dt.date(2019, 2, 28), "expression", "February 2019")
    claims = [
        claim("a:1", time=june_2018),
        claim("b:1", time=feb_2019),
        claim("c:1", time=june_2018),
    ]
    vectors = np.stack([unit(1, 0), unit(1, 0.02), unit(1, 0.01)])
    (found,) = cluster(claims, vectors, {}, threshold=0.9)
    assert found.claims == ("a:1", "c:1")


def test_claims_naming_different_years_never_merge() -> None:
    claims = [
        Claim("a:1", "a", "Trump and Kim met in 2018.", (0, 1), None, PUB, entities=("2018",)),
        Claim("b:1", "b", "Trump and Kim met in 2019.", (0, 1), None, PUB, entities=("2019",)),
        Claim("c:1", "c", "Trump and Kim met, 2018.", (0, 1), None, PUB, entities=("2018", "Kim")),
    ]
    vectors = np.stack([unit(1, 0), unit(1, 0.01), unit(1, 0.02)])
    assert [c.claims for c in cluster(claims, vectors, {}, threshold=0.9)] == [("a:1", "c:1")]


def test_different_named_speakers_never_merge() -> None:
    claims = [claim("a:1", "Kim Yo Jong"), claim("b:1", "Donald Trump"), claim("c:1", None)]
    vectors = np.stack([unit(1, 0), unit(1, 0.01), unit(1, 0.02)])
    found = cluster(claims, vectors, {}, threshold=0.9)
    assert [c.claims for c in found] == [("b:1", "c:1")]  # c joins its nearest; a never joins b


def test_average_linkage_stops_chaining() -> None:
    # a-b and b-c are similar, a-c is not: average linkage keeps c out.
    claims = [claim("a:1"), claim("b:1"), claim("c:1")]
    vectors = np.stack([unit(1, 0), unit(np.cos(0.4), np.sin(0.4)), unit(np.cos(0.8), np.sin(0.8))])
    found = cluster(claims, vectors, {}, threshold=0.9)
    assert [c.claims for c in found] == [("a:1", "b:1")]


def test_same_clusters_and_ids_whatever_the_input_order() -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(5, 16))
    claims, rows = [], []
    for i in range(40):
        claims.append(claim(f"d{i % 7}:{i}"))
        v = centres[i % 5] + rng.normal(scale=0.1, size=16)
        rows.append(v / np.linalg.norm(v))
    vectors = np.array(rows, dtype=np.float32)
    first = cluster(claims, vectors, {}, threshold=0.8)
    order = list(range(len(claims)))
    random.Random(1).shuffle(order)
    second = cluster([claims[i] for i in order], vectors[order], {}, threshold=0.8)
    assert first == second and len(first) == 5


@pytest.mark.parametrize("n", [1, 2, 600])
def test_candidate_pairs_are_symmetric_free_and_thresholded(n: int) -> None:
    rng = np.random.default_rng(n)
    v = rng.normal(size=(n, 8)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    pairs = candidate_pairs(v, 0.5)
    assert all(i < j and s >= 0.5 for s, i, j in pairs)
    assert len({(i, j) for _, i, j in pairs}) == len(pairs)


def test_hnsw_search_finds_the_exact_neighbours_and_is_repeatable() -> None:
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(60, 32))
    v = np.repeat(centres, 25, axis=0) + rng.normal(scale=0.15, size=(1500, 32))
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    exact = candidate_pairs(v, 0.8)
    approx = candidate_pairs(v, 0.8, exact_limit=0)
    found = {(i, j) for _, i, j in approx}
    wanted = {(i, j) for _, i, j in exact}
    assert len(found & wanted) >= 0.98 * len(wanted)
    assert all(s >= 0.8 and abs(s - float(v[i] @ v[j])) < 1e-4 for s, i, j in approx)
    assert candidate_pairs(v, 0.8, exact_limit=0) == approx
