"""The seeds' reviewed claim files are the golden output of extraction."""

from __future__ import annotations

import re

from checker import claimfiles
from checker.claims import extract
from checker.ingest import ingest

from .conftest import ROOT, SEEDS


def test_claim_files_are_not_stale() -> None:
    corpus = ingest([SEEDS])
    for doc in corpus.documents:
        path = claimfiles.claim_file(ROOT / "claims", doc.id)
        expected = claimfiles.render(doc, extract(doc))
        assert path.read_text(encoding="utf-8") == expected, (
            f"{path} is stale: run `checker extract seeds/ -o claims/` and review the diff"
        )


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.lower())


def test_spans_point_at_the_claim_text() -> None:
    for doc in ingest([SEEDS]).documents:
        for claim in extract(doc):
            source = _words(doc.text[claim.span[0] : claim.span[1]])
            tail = _words(claim.text)[-5:]
            assert " ".join(tail) in " ".join(source), (claim.id, claim.text)


def test_quoted_statements_are_attributed() -> None:
    claims = {c.id: c for d in ingest([SEEDS]).documents for c in extract(d)}
    quoted = [c for c in claims.values() if c.quote]
    assert len(quoted) >= 15
    assert all(c.speaker for c in quoted)
    by_text = {c.text: c.speaker for c in claims.values()}
    # Coordinated clauses are claims of their own and keep the quotation's speaker.
    assert by_text["I understand they want to meet"] == "Donald Trump"
    assert by_text["We would certainly do that"] == "Donald Trump"
    assert by_text["It is my personal opinion"] == "Kim Yo Jong"
    assert (
        by_text["A summit between the U.S. and North Korea will not take place this year"]
        == "Kim Yo Jong"
    )
    assert by_text["My hope is that North Korea will come back to the table"] == "Robert O’Brien"
    assert by_text["We hope they’ll change their mind"] == "Mike Pompeo"


def test_headlines_are_claims_and_times_resolve() -> None:
    claims = [c for d in ingest([SEEDS]).documents for c in extract(d)]
    headlines = [c for c in claims if c.headline]
    assert len(headlines) == 5  # four headlines and the Hankyoreh deck
    early = next(c for c in claims if "sometime early next year" in c.text)
    assert (str(early.time.start), early.time.source) == ("2019-01-01", "expression")
    assert all(c.time.start is not None for c in claims)
