from __future__ import annotations

from pathlib import Path

from checker import claimcache
from checker.claims import extract
from checker.embed import EmbeddingCache
from checker.ingest import ingest
from checker.records import Claim, Document

from .conftest import SEEDS


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
    assert claimcache.extract_cached(docs, claimcache.extract_standard, conn, warnings.append) == fresh
    assert warnings and "extracting again" in warnings[0]
