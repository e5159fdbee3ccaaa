from __future__ import annotations

import datetime as dt

from checker.records import Claim, Cluster, Corpus, Document, TimeRef
from checker.report import Report, coverage, summary_table

PUB = TimeRef(dt.date(2020, 1, 1), dt.date(2020, 1, 1), "publication")


def doc(did: str, outlet: str) -> Document:
    return Document(did, f"{did}.txt", "", "0" * 64, outlet, dt.date(2020, 1, 1), None, None, ())


def small_report() -> Report:
    docs = (doc("a", "Outlet A"), doc("b", "Outlet B"), doc("c", "Outlet C"))
    claims = tuple(
        Claim(cid, cid[0], f"claim {cid}", (0, 1), None, PUB)
        for cid in ("a:1", "a:2", "a:3", "b:1", "b:2", "c:1")
    )
    clusters = (
        Cluster("k-1", ("a:1", "b:1", "c:1"), "b:1", ("Outlet A", "Outlet B", "Outlet C"), 0.9),
        Cluster("k-2", ("a:2", "b:2"), "a:2", ("Outlet A", "Outlet B"), 0.8),
    )
    return Report(Corpus("in", docs, ()), claims, clusters, (), ())


def test_coverage_lists_unclustered_claims_and_shared_cluster_counts() -> None:
    found = coverage(small_report())
    assert found["only_in_this_document"] == {"a": ["a:3"], "b": [], "c": []}
    shared = {tuple(p["outlets"]): p["clusters"] for p in found["shared_clusters"]}
    assert shared == {
        ("Outlet A", "Outlet B"): 2,
        ("Outlet A", "Outlet C"): 1,
        ("Outlet B", "Outlet C"): 1,
    }


def test_terminal_summary_shows_unique_counts_and_top_clusters_first() -> None:
    report = small_report()
    lines = summary_table(report, report.corpus.documents, top=1).splitlines()
    row_a = next(line for line in lines if line.startswith("a "))
    assert row_a.split()[-2:] == ["3", "1"]  # 3 claims, 1 only in this document
    top = [line for line in lines if "outlets" in line and "k-" in line]
    assert top == ["  3 outlets  k-1  claim b:1"]
