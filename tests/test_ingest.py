from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from checker.errors import CheckerError
from checker.ingest import ingest

from .conftest import SEEDS

BODY = (
    "Officials from both countries met in Geneva on Tuesday to discuss the new agreement on "
    "fishing rights, which has been under negotiation for three years.\n"
)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def reasons(root: Path) -> dict[str, str]:
    return {s.path: s.reason for s in ingest([root]).skipped}


def test_seeds_have_outlets_and_dates_from_the_manifest() -> None:
    corpus = ingest([SEEDS])
    got = {d.id: (d.outlet, d.published) for d in corpus.documents}
    assert got == {
        "000_d8c2ccedf805ca08": ("American Military News", dt.date(2020, 7, 15)),
        "002_8a038210e1aca5d9": ("Voice of America", dt.date(2020, 7, 10)),
        "003_2322f362d8bce71e": ("Al-Manar English", dt.date(2018, 11, 9)),
        "004_f2090fd74a2eb533": ("The Hankyoreh", dt.date(2020, 2, 12)),
    }
    assert corpus.skipped == ()
    titles = {d.id: d.title for d in corpus.documents}
    assert (
        titles["003_2322f362d8bce71e"] == "Trump Expects to Meet Kim Next Year as Nuke Talks Stall"
    )
    assert (
        titles["002_8a038210e1aca5d9"]
        == "North Korea Says It's Not Interested in Another Trump-Kim Summit"
    )


def test_dates_and_titles_inferred_from_text_without_a_manifest(tmp_path: Path) -> None:
    for name in ("000_d8c2ccedf805ca08.txt", "004_f2090fd74a2eb533.txt"):
        write(tmp_path / name, (SEEDS / name).read_bytes())
    docs = {d.id: d for d in ingest([tmp_path]).documents}
    amn, hani = docs["000_d8c2ccedf805ca08"], docs["004_f2090fd74a2eb533"]
    assert amn.published == dt.date(2020, 7, 15) and amn.source_of("published") == "text"
    assert hani.published == dt.date(2020, 2, 12)
    assert (
        amn.title
        == "Trump open to new North Korean summit only if ‘real progress’ likely, Pompeo says"
    )
    assert amn.outlet is None and amn.source_of("outlet") == "none"


def test_markdown_front_matter(tmp_path: Path) -> None:
    write(
        tmp_path / "a.md",
        f"---\noutlet: Example Times\npublished: 2021-05-01\ntitle: Fish deal\n---\n{BODY}",
    )
    (doc,) = ingest([tmp_path]).documents
    assert (doc.outlet, doc.published, doc.title) == (
        "Example Times",
        dt.date(2021, 5, 1),
        "Fish deal",
    )
    assert doc.source_of("outlet") == "front matter"


def test_manifest_beats_front_matter(tmp_path: Path) -> None:
    write(tmp_path / "a.md", f"---\noutlet: Front Matter Times\n---\n{BODY}")
    write(tmp_path / "sources.yaml", "a.md:\n  outlet: Manifest Post\n")
    (doc,) = ingest([tmp_path]).documents
    assert doc.outlet == "Manifest Post" and doc.source_of("outlet") == "manifest"


def test_html_main_text_is_extracted(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Fish deal signed</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/world'>World</a></nav><article><h1>Fish deal signed</h1>"
        f"<p>{BODY}</p><p>{BODY.replace('Tuesday', 'Wednesday')}</p></article>"
        "<footer>Copyright 2021 Example. All rights reserved.</footer></body></html>"
    )
    write(tmp_path / "a.html", html)
    (doc,) = ingest([tmp_path]).documents
    assert "Geneva on Tuesday" in doc.text and "All rights reserved" not in doc.text
    assert "World" not in doc.text.split("\n")[0] or doc.title == "Fish deal signed"


def test_jsonl_articles_and_a_bad_line(tmp_path: Path) -> None:
    rows = [
        json.dumps(
            {"id": "a1", "text": BODY, "source": "Wire", "date": "2021-01-02", "title": "Fish"}
        ),
        "{not json",
        json.dumps({"id": "a2", "content": BODY.replace("Geneva", "Oslo")}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(rows) + "\n")
    corpus = ingest([tmp_path])
    assert [d.id for d in corpus.documents] == ["feed/a1", "feed/a2"]
    assert corpus.documents[0].outlet == "Wire" and corpus.documents[0].published == dt.date(
        2021, 1, 2
    )
    assert [(s.path, s.reason.split(":")[0]) for s in corpus.skipped] == [
        ("feed.jsonl:2", "line 2")
    ]
    assert "not valid JSON" in corpus.skipped[0].reason


def test_bad_inputs_are_skipped_with_reasons_and_the_rest_is_read(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", BODY)
    write(tmp_path / "binary.txt", b"\x89PNG\x00\x00\x01")
    write(tmp_path / "latin1.txt", "Caf\xe9 owners met on Tuesday.".encode("latin-1"))
    write(tmp_path / "empty.txt", "  \n")
    write(tmp_path / "copy.txt", BODY)
    write(tmp_path / "big.txt", BODY * 10)
    write(tmp_path / "front.md", "---\noutlet: [unclosed\n---\n" + BODY)
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    corpus = ingest([tmp_path], max_bytes=1000)
    assert [d.id for d in corpus.documents] == ["copy"]  # sorted first; good.txt is its duplicate
    got = {s.path: s.reason for s in corpus.skipped}
    assert got["binary.txt"] == "binary file, not text"
    assert got["latin1.txt"].startswith("not UTF-8 text")
    assert got["empty.txt"] == "empty file"
    assert got["good.txt"] == "byte-identical duplicate of copy.txt"
    assert "over the 1000-byte limit" in got["big.txt"]
    assert got["front.md"].startswith("line 2: malformed YAML")
    assert got["notes.pdf"].startswith("unsupported file type")
    assert got["dangling.txt"].startswith("cannot read")


def test_malformed_manifest_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "sources.yaml", "a.txt:\n  outlet: Post\n  publisher: nope\n")
    corpus = ingest([tmp_path])
    assert [d.id for d in corpus.documents] == ["a"]
    assert (
        corpus.skipped[0].reason
        == "sources.yaml:3: unknown field 'publisher'; expected one of outlet, published, title, url"
    )


def test_manifest_entries_outside_the_root_are_refused(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "sources.yaml", "../secret.txt:\n  outlet: X\n")
    corpus = ingest([tmp_path])
    assert "points outside the input root" in corpus.skipped[0].reason
    assert corpus.skipped[0].reason.startswith("sources.yaml:1:")


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(CheckerError, match="no such file or folder"):
        ingest([tmp_path / "nope"])


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", b"\xef\xbb\xbfHeadline here now\r\n\r\n" + BODY.encode())
    (doc,) = ingest([tmp_path]).documents
    assert doc.text.startswith("Headline here now\n\n") and "\r" not in doc.text


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://www.example.com/2018/01/21/opinion/fish-deal.html?ref=x", dt.date(2018, 1, 21)),
        ("https://example.org/news/2021-05-04-fish-deal", dt.date(2021, 5, 4)),
        ("https://example.org/2019/02/30/not-a-day", None),
        ("https://example.org/2019/02/fish", None),  # a month names no day
        ("https://example.org/story/20190212", None),
        (None, None),
    ],
)
def test_an_undated_article_takes_the_day_its_url_names(
    tmp_path: Path, url: str | None, day: dt.date | None
) -> None:
    row = {"id": "a1", "text": BODY, "source": "Wire", "url": url}
    write(tmp_path / "feed.jsonl", json.dumps(row) + "\n")
    doc = ingest([tmp_path]).documents[0]
    assert doc.published == day
    assert doc.source_of("published") == ("url" if day else "none")


def test_a_stated_date_beats_the_urls(tmp_path: Path) -> None:
    row = {"id": "a1", "text": BODY, "date": "2021-01-02", "url": "https://e.org/2020/03/04/x"}
    write(tmp_path / "feed.jsonl", json.dumps(row) + "\n")
    assert ingest([tmp_path]).documents[0].published == dt.date(2021, 1, 2)
