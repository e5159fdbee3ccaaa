from __future__ import annotations

from pathlib import Path

from checker import claimcache
from checker.claims import extract, extract_all
from checker.embed import EmbeddingCache
from checker.ingest import ingest
from checker.records import Claim, Document

from .conftest import SEEDS, checker_imports


def test_cached_claims_equal_fresh_ones_and_only_changed_documents_are_extracted(
    tmp_path: Path,
) -> None:
    docs = list(ingest([SEEDS]).documents)
    conn = EmbeddingCache(tmp_path)
    calls: list[str] = []

    def counting(batch: list[Document]) -> list[list[Claim]]:
        calls.extend(doc.id for doc in batch)
        return claimcache.extract_standard(batch)

    first = claimcache.extract_cached(docs, counting, conn)
    assert first == [c for d in docs for c in extract(d)] and len(calls) == len(docs)
    calls.clear()
    assert claimcache.extract_cached(docs, counting, conn) == first and calls == []
    edited = Document(
        **{**docs[0].__dict__, "text": docs[0].text + "\nKim said the talks will resume."}
    )
    claimcache.extract_cached([edited, *docs[1:]], counting, conn)
    assert calls == [docs[0].id]


def test_a_damaged_cache_row_is_extracted_again_with_a_warning(tmp_path: Path) -> None:
    docs = list(ingest([SEEDS]).documents)[:1]
    conn = EmbeddingCache(tmp_path)
    fresh = claimcache.extract_cached(docs, claimcache.extract_standard, conn)
    with conn.conn:
        conn.conn.execute("UPDATE extracted SET data = '[[1, 2]]'")
    warnings: list[str] = []
    assert (
        claimcache.extract_cached(docs, claimcache.extract_standard, conn, warnings.append) == fresh
    )
    assert warnings and "extracting again" in warnings[0]


def test_a_line_another_article_of_the_outlet_repeats_changes_the_cache_key(
    tmp_path: Path,
) -> None:
    """The corpus-level decision (lines repeated across an outlet's articles) changes a
    document's kept text without changing its text: its key changes with it."""
    rows = [
        f'{{"id": "{n}", "source": "Daily", "title": "Story {n}", "content": '
        f'"{what} hit the town on Monday.\\n\\nPrint edition page A4\\n\\n'
        f'Officials counted {what.lower()} damage.\\n"}}\n'
        for n, what in enumerate(["A fire", "A flood", "A storm"])
    ]
    for folder, count in (("two", 2), ("three", 3)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "feed.jsonl").write_text("".join(rows[:count]), encoding="utf-8")
    alone = ingest([tmp_path / "two" / "feed.jsonl"]).documents[0]
    among = ingest([tmp_path / "three" / "feed.jsonl"]).documents[0]
    assert (alone.id, alone.text) == (among.id, among.text)
    assert "repeated-in-outlet" in [b.rule for b in among.blocks]
    assert claimcache.document_key(alone) != claimcache.document_key(among)
    line = "Print edition page A4"

    def fate(doc: Document) -> str:
        found = extract_all(doc)
        if line in [c.text for c in found.claims]:
            return "claim"
        return next(d.reason for d in found.dropped if doc.text[d.span[0] : d.span[1]] == line)

    # alone, a line inside the article: a heading (without a verb it states nothing), never
    # boilerplate; among three articles of the outlet, the outlet's furniture
    assert fate(alone) in ("claim", "heading")
    assert fate(among) == "repeated-in-outlet"


def test_the_cache_key_covers_every_module_extraction_imports() -> None:
    """A module of the extraction left out of the key would serve stale claims after a change
    to it (checker.misread, referents and gapped were missing once)."""
    assert checker_imports("claims") - {"errors"} <= set(claimcache.MODULES)
