"""A short fuzz run of ingest: folders of generated files, from plausible articles to broken
bytes. Whatever a folder holds, ingest returns; every file is read or skipped with a one-line
reason; document text is clean and within the limit. bench/fuzz_ingest.py runs it longer."""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import decode
from checker.ingest import ingest
from checker.records import Corpus

ARTICLE = (
    "Ministers meet in Geneva\n\nJuly 15, 2020\n\nThe minister said on Tuesday that the "
    "talks would resume in March.\n\n\u201cWe are close,\u201d she told reporters.\n"
)
PIECES = [
    ARTICLE,
    "---\n",
    "outlet: X\n",
    "published: 2020-07-15\n",
    "published: not a date\n",
    "a: &x [1]\nb: *x\n",
    "!!python/object/apply:os.system [id]\n",
    "<html><body><article><p>",
    "</p></article></body></html>",
    "<script>alert(1)</script>",
    "<div>" * 50,
    json.dumps({"id": "x", "text": ARTICLE, "published": "2020-07-15"}) + "\n",
    json.dumps({"text": 5}) + "\n",
    "{broken\n",
    "\r\n",
    "\x00",
    "\x1b[31m",
    "\ufeff",
    "\ud800",
    "\u2028",
    "\n\n",
]
SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".bin", ""]
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-32", "latin-1", "raw"]


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(ENCODINGS))
    if kind == "raw":
        return draw(st.binary(max_size=400))
    text = "".join(draw(st.lists(st.sampled_from(PIECES) | st.text(max_size=20), max_size=12)))
    data = text.encode(kind if kind != "latin-1" else "utf-8", errors="surrogatepass")
    if kind == "latin-1":
        data = text.encode("latin-1", errors="replace")
    if draw(st.booleans()) and kind == "utf-8":
        data = codecs.BOM_UTF8 + data
    return data


names = st.text(
    st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]),
    min_size=1,
    max_size=12,
)
folders = st.dictionaries(
    st.tuples(names, st.sampled_from(SUFFIXES))
    .map("".join)
    .filter(lambda n: n not in (".", "..") and len(n.encode()) < 200),
    file_bytes(),
    min_size=1,
    max_size=6,
)


def check(files: dict[str, bytes]) -> Corpus:
    """Write files to a folder, ingest it, and check what must hold whatever they are."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).write_bytes(data)
        corpus = ingest([root])
    listed = [d.path for d in corpus.documents] + [s.path for s in corpus.skipped]
    for name in files:
        if not name.startswith(".") and name != "sources.yaml":
            assert any(p == name or p.startswith(f"{name}:") for p in listed), (name, listed)
    for doc in corpus.documents:
        assert doc.text.strip() and len(doc.text) <= decode.MAX_DOCUMENT_CHARS
        assert not any(ord(c) < 32 and c not in "\t\n" for c in doc.text)
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in doc.text)
    for item in corpus.skipped:
        assert item.reason and "\n" not in item.reason and "Traceback" not in item.reason
    return corpus


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folders)
def test_ingest_takes_any_folder(files: dict[str, bytes]) -> None:
    check(files)
