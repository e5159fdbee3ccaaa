"""A reported denial against the account that states what was denied (checker.denials)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker import denials, pipeline, rules
from tests.conftest import Text

STATED = Text("The plant will close in May.", lemmas=("plant", "close", "may"))
# "A spokesman denied that the plant will close in May." as the extractor gives it.
DENIED = Text("The plant will close in May.", "a spokesman", lemmas=("plant", "close", "may"),
              polarity="negative", verb="deny")  # fmt: skip


def test_a_denied_report_against_its_statement_is_evidence_either_way_round() -> None:
    assert rules.read(DENIED).denied_report and not rules.read(STATED).denied_report
    assert denials.denied_report(rules.read(DENIED), rules.read(STATED), 0.95)
    assert denials.denied_report(rules.read(STATED), rules.read(DENIED), 0.95)


def test_a_denial_of_a_noun_is_a_sentence_about_denying_not_a_denied_report() -> None:
    # "The man denies arson" keeps its verb: he denies a charge, not the other claim.
    denies = Text("The man denies arson.", "the man", lemmas=("man", "deny", "arson"),
                  polarity="negative", verb="deny")  # fmt: skip
    charged = Text("The man was charged with arson.", lemmas=("man", "charge", "arson"))
    assert not rules.read(denies).denied_report
    assert denials.denied_report(rules.read(denies), rules.read(charged), 0.9) is None
    # Without lemmas, the text's words tell: "rejected" holds "reject".
    bare = Text("The minister rejected the plan.", "the minister", polarity="negative",
                verb="reject")  # fmt: skip
    assert not rules.read(bare).denied_report


@pytest.mark.parametrize(
    ("other", "cosine"),
    [
        (STATED, 0.7),  # not close enough to be one proposition
        (Text("The plant will hire staff.", lemmas=("plant", "hire", "staff")), 0.9),
        (Text("The plant will not close in May.", lemmas=("plant", "close", "may"),
              polarity="negative"), 0.95),  # both deny it: they agree
        (DENIED, 0.99),  # two reports of the same denial
    ],
)
def test_no_evidence_where_the_two_do_not_state_and_deny_one_thing(other: Text, cosine: float) -> None:
    assert denials.denied_report(rules.read(DENIED), rules.read(other), cosine) is None


def _feed(folder: Path, pairs: list[tuple[str, str]]) -> Path:
    rows = []
    for k, (a, b) in enumerate(pairs):
        rows.append({"id": f"p{k}a", "text": a, "source": "Wire One", "date": "2024-03-04"})
        rows.append({"id": f"p{k}b", "text": b, "source": "Wire Two", "date": "2024-03-04"})
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return feed


@pytest.mark.slow
def test_short_accounts_that_differ_are_findings_and_never_one_cluster(tmp_path: Path) -> None:
    # One-sentence accounts from two wires, all of one day (no date tells the pairs apart).
    pairs = [
        ("Russia attacked Ukraine on Monday.", "Russia did not attack Ukraine on Monday."),
        ("Stock prices are rising sharply today.", "Stock prices are falling sharply today."),
        ("Klaebo has won 9 gold medals.", "Klaebo has won 10 gold medals."),
        ("The CEO confirmed the deal is approved.", "The CEO denied the deal is approved."),
        ("The company offers 15 days of paid leave.",
         "The new rule covers employees who have worked 90 days."),
        ("The museum reopened on Tuesday after renovations.",
         "After a long renovation, the museum opened its doors again on Tuesday."),
    ]  # fmt: skip
    report = pipeline.run([_feed(tmp_path, pairs)], pipeline.Options(cache_dir=tmp_path / "c"))
    docs = sorted(sorted(c.split(":")[0].rsplit("/", 1)[1] for c in f.claims)
                  for f in report.contradictions)  # fmt: skip
    assert docs == [["p0a", "p0b"], ["p1a", "p1b"], ["p2a", "p2b"], ["p3a", "p3b"]]
    assert {f.kind for f in report.contradictions} == {"conflict"}
    together = [{c.split(":")[0].rsplit("/", 1)[1] for c in k.claims} for k in report.clusters]
    assert {"p5a", "p5b"} in together
    for k in range(4):
        assert not any({f"p{k}a", f"p{k}b"} <= t for t in together)
