"""Input files as a careless or hostile user hands them over: each is read or refused with
one reason naming it, the rest of the folder is still read, nothing outside the root is."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checker import decode
from checker.ingest import ingest
from checker.records import Corpus

from .test_ingest import BODY, write

SECRET = "root:x:0:0:the secret line nobody may read\n"


def skipped(corpus: Corpus) -> dict[str, str]:
    return {s.path: s.reason for s in corpus.skipped}


def texts(corpus: Corpus) -> str:
    return "\n".join(d.text + (d.title or "") for d in corpus.documents)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-32", b"")],
)
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    write(tmp_path / "win.txt", bom + ("Caf\u00e9 headline\r\n\r\n" + BODY).encode(encoding))
    (doc,) = ingest([tmp_path]).documents
    assert doc.text == "Caf\u00e9 headline\n\n" + BODY


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_recognised(tmp_path: Path, encoding: str) -> None:
    write(tmp_path / "nobom.txt", BODY.encode(encoding))
    (doc,) = ingest([tmp_path]).documents
    assert doc.text == BODY


def test_binary_latin1_nul_empty_and_whitespace_are_skipped_with_reasons(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", BODY)
    write(tmp_path / "fffe.txt", b"\xff\xfe\x00bad")  # a UTF-16 BOM, then no text
    write(tmp_path / "pairs.txt", bytes([0xE0, 0]) * 64)  # reads as "ààà…": no whitespace
    write(tmp_path / "bin.txt", bytes(range(256)) * 40)
    write(tmp_path / "latin1.txt", ("First line\nCaf\xe9 owners met.").encode("latin-1"))
    write(tmp_path / "nul.txt", b"The minister said\x00\x00 prices rose on Monday.")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.md", " \n\t\r\n  ")
    corpus = ingest([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"]
    got = skipped(corpus)
    assert got["bin.txt"] == got["nul.txt"] == "binary file, not text"
    assert got["fffe.txt"] == got["pairs.txt"] == "binary file, not text"
    assert got["latin1.txt"].startswith("not UTF-8 text (byte 14, line 2, cannot be decoded)")
    assert got["empty.txt"] == got["blank.md"] == "empty file"


def test_control_characters_never_reach_the_document_text(tmp_path: Path) -> None:
    write(tmp_path / "esc.txt", "The minister \x1b[31msaid\x1b[0m prices\x07 rose\x0c.\x85\n")
    (doc,) = ingest([tmp_path]).documents
    assert doc.text == "The minister  [31msaid [0m prices  rose . \n"


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", BODY)
    with (tmp_path / "dump.txt").open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: 60 MB on paper, nothing to read
    got = skipped(ingest([tmp_path]))
    assert got["dump.txt"].startswith("62914560 bytes is over the 52428800-byte limit per file")


def test_a_document_over_the_character_limit_is_cut_at_a_paragraph_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert decode.MAX_DOCUMENT_CHARS == 1_000_000  # spaCy's max_length; the README says so
    monkeypatch.setattr(decode, "MAX_DOCUMENT_CHARS", 100_000)  # the same rule, faster
    paragraph = "The minister said the bridge will cost more than planned. " * 20 + "\n\n"
    write(tmp_path / "long.txt", paragraph * 100)
    write(tmp_path / "line.txt", "word " * 40_000)  # 200,000 characters, no newline
    corpus = ingest([tmp_path])
    by_id = {d.id: d for d in corpus.documents}
    assert set(by_id) == {"line", "long"}
    assert len(by_id["long"].text) <= decode.MAX_DOCUMENT_CHARS
    assert by_id["long"].text.endswith("planned.\n")  # a whole paragraph, never half
    assert len(by_id["line"].text) <= decode.MAX_DOCUMENT_CHARS
    assert by_id["line"].text.endswith("word\n")
    assert sorted(w.split(":")[0] for w in corpus.warnings) == ["line.txt", "long.txt"]
    assert all("100,000-character limit" in w for w in corpus.warnings)


def test_a_symlink_out_of_the_root_is_never_read(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.txt", SECRET)
    root = tmp_path / "in"
    write(root / "good.txt", BODY)
    os.symlink(outside, root / "passwd.txt")
    os.symlink(outside.parent, root / "elsewhere")
    os.symlink("/etc/passwd", root / "etc.txt")
    corpus = ingest([root])
    assert [d.id for d in corpus.documents] == ["good"]
    assert "secret line" not in texts(corpus) and "root:" not in texts(corpus)
    got = skipped(corpus)
    assert got["passwd.txt"] == got["etc.txt"]
    assert got["passwd.txt"] == "symbolic link to a file outside the input root; not read"
    assert got["elsewhere"] == "symbolic link to a folder; not followed"


def test_a_symlink_named_on_the_command_line_is_checked_too(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.txt", SECRET)
    root = tmp_path / "in"
    good = write(root / "good.txt", BODY)
    os.symlink(outside, root / "link.txt")
    corpus = ingest([good, root / "link.txt"])
    assert [d.id for d in corpus.documents] == ["good"]
    assert skipped(corpus)["link.txt"].startswith("symbolic link to a file outside")


def test_a_symlink_inside_the_root_is_read(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "a.txt", BODY)
    os.symlink(tmp_path / "sub" / "a.txt", tmp_path / "alias.txt")
    corpus = ingest([tmp_path])
    assert [d.id for d in corpus.documents] == ["alias"]
    assert skipped(corpus) == {"sub/a.txt": "byte-identical duplicate of alias.txt"}


def test_symlink_loops_dangling_links_and_pipes_do_not_hang_or_stop_the_run(
    tmp_path: Path,
) -> None:
    write(tmp_path / "good.txt", BODY)
    os.symlink("loop2.txt", tmp_path / "loop1.txt")
    os.symlink("loop1.txt", tmp_path / "loop2.txt")
    os.symlink(tmp_path, tmp_path / "sub")  # a folder loop
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block for ever
    corpus = ingest([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"]
    got = skipped(corpus)
    assert got["loop1.txt"] == got["loop2.txt"] == "cannot read: broken or looping symbolic link"
    assert got["sub"] == "symbolic link to a folder; not followed"
    assert got["pipe.txt"].startswith("not a regular file")


def test_names_with_newlines_and_unicode_are_read(tmp_path: Path) -> None:
    write(tmp_path / "new\nline.txt", BODY)
    write(tmp_path / "\u00fcn\u00efc\u00f8d\u00e9 \u8a18\u4e8b.md", BODY + "More.\n")
    ids = sorted(d.id for d in ingest([tmp_path]).documents)
    assert ids == ["new\nline", "\u00fcn\u00efc\u00f8d\u00e9 \u8a18\u4e8b"]


def test_deeply_nested_html_and_script_payloads(tmp_path: Path) -> None:
    deep = "<div>" * 5000 + "<p>The mayor said the bridge will reopen.</p>" + "</div>" * 5000
    write(tmp_path / "deep.html", f"<html><body>{deep}</body></html>")
    script = (
        "<html><head><title>Bridge</title><script>alert('The president said war.')</script>"
        "</head><body><article><p>The mayor said on Monday that the bridge will reopen on "
        "Friday after the repairs that the city began last spring are finished.</p>"
        "<script>document.write('Officials said taxes doubled.')</script></article></body></html>"
    )
    write(tmp_path / "script.html", script)
    corpus = ingest([tmp_path])
    text = texts(corpus)
    assert "war" not in text and "taxes" not in text and "alert" not in text
    assert "the bridge will reopen on Friday" in text
    got = skipped(corpus)
    assert set(got) <= {"deep.html"}
    assert all(reason.startswith("no article text found in the HTML") for reason in got.values())


def test_jsonl_bad_lines_are_skipped_one_by_one(tmp_path: Path) -> None:
    lines = [
        {"text": 5},
        {"id": "ok", "published": "not a date", "title": ["x"], "text": BODY},
        "{broken",
        [1, 2],
        {"title": "no text"},
        {"id": {"a": 1}, "text": BODY + "x"},
        {"id": "ok", "text": BODY + "y"},
        {"id": "../../../tmp/evil", "text": BODY + "z", "url": "\ud800"},
        {"text": "   "},
        "[" * 100_000,
    ]
    raw = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    write(tmp_path / "bundle.jsonl", raw + "\n")
    corpus = ingest([tmp_path])
    assert [d.id for d in corpus.documents] == ["bundle/ok", "bundle/_.._.._tmp_evil"]
    ok = corpus.documents[0]
    assert ok.published is None and ok.title is None  # the list and the non-date dropped
    got = skipped(corpus)
    assert got["bundle.jsonl:1"] == "line 1: 'text' must be a string, got a number"
    assert got["bundle.jsonl:3"].startswith("line 3: not valid JSON")
    assert got["bundle.jsonl:4"] == "line 4: expected a JSON object with a 'text' field, got a list"
    assert (
        got["bundle.jsonl:5"] == "line 5: expected a JSON object with a 'text' or 'content' field"
    )
    assert got["bundle.jsonl:6"].startswith("line 6: 'id' must be a string or a whole number")
    assert got["bundle.jsonl:7"] == "line 7: duplicate id 'ok'"
    assert got["bundle.jsonl:9"] == "line 9: 'text' is empty"
    assert got["bundle.jsonl:10"] == "line 10: not valid JSON (nested too deeply)"
    assert "bundle.jsonl:2: 'published' 'not a date' is not a date" in "\n".join(corpus.warnings)
    assert "bundle.jsonl:2: 'title' must be text, got a list; ignored" in corpus.warnings


BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        (BOMB, "sources.yaml:2: malformed YAML: aliases (*name) are not allowed here"),
        (
            "a.txt: !!python/object/apply:os.system [echo pwned]\n",
            "sources.yaml:1: malformed YAML: the tag !!python/object/apply:os.system is not allowed",
        ),
        ("a.txt:\n  outlet: [unclosed\n", "sources.yaml:2: malformed YAML"),
        ("- a.txt\n- b.txt\n", "sources.yaml:1: expected a mapping of file paths to fields"),
        ("[" * 5_000, "sources.yaml:1: malformed YAML: nested too deeply"),
        (b"\xff\xfe\x00garbage", "sources.yaml: cannot read the manifest"),
    ],
)
def test_a_broken_manifest_is_one_reason_and_the_articles_are_still_read(
    tmp_path: Path, manifest: str | bytes, reason: str
) -> None:
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "sources.yaml", manifest)
    corpus = ingest([tmp_path])
    assert [d.id for d in corpus.documents] == ["a"]
    assert corpus.skipped[0].path == "sources.yaml"
    assert corpus.skipped[0].reason.startswith(reason)


def test_bad_manifest_entries_are_refused_one_by_one(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "b.txt", BODY + "b\n")
    write(
        tmp_path / "sources.yaml",
        "../secret.txt: {outlet: X}\n/etc/passwd: {outlet: Y}\n"
        "a.txt: {outlet: Good Outlet}\nb.txt: {publisher: Z}\n",
    )
    corpus = ingest([tmp_path])
    assert corpus.documents[0].outlet == "Good Outlet"
    reasons = [s.reason for s in corpus.skipped]
    assert reasons[0].startswith("sources.yaml:1: entry '../secret.txt' points outside")
    assert reasons[1].startswith("sources.yaml:2: entry '/etc/passwd' points outside")
    assert reasons[2].startswith("sources.yaml:4: unknown field 'publisher'")


def test_a_manifest_that_links_out_of_the_root_is_not_read(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside.yaml", "a.txt: {outlet: Stolen}\n")
    write(tmp_path / "in" / "a.txt", BODY)
    os.symlink(outside, tmp_path / "in" / "sources.yaml")
    corpus = ingest([tmp_path / "in"])
    assert corpus.documents[0].outlet is None
    assert "outside the input root" in corpus.skipped[0].reason


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("---\nx: &a [1]\noutlet: *a\n---\n", "line 3: malformed YAML: aliases"),
        ("---\noutlet: !!python/name:os.system\n---\n", "line 2: malformed YAML: the tag"),
        ("---\noutlet: [1, 2]\n---\n", "line 2: outlet must be a single value"),
        ("---\npublished: not a date\n---\n", "line 2: published 'not a date' is not a date"),
        ("---\noutlet: X\n", "line 1: front matter opened with '---' but never closed"),
    ],
)
def test_hostile_front_matter_is_refused_with_its_line(
    tmp_path: Path, front: str, reason: str
) -> None:
    write(tmp_path / "good.txt", BODY)
    write(tmp_path / "a.md", front + BODY)
    corpus = ingest([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"]
    assert skipped(corpus)["a.md"].startswith(reason)


def test_publication_dates_at_the_ends_of_the_calendar_are_refused(tmp_path: Path) -> None:
    from checker import claims

    said = "The minister said the talks resume tomorrow and end next year.\n"
    rows = [
        {"id": "max", "published": "9999-12-31", "text": said},
        {"id": "min", "published": "0001-01-01", "text": said + " "},
    ]
    write(tmp_path / "b.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    write(tmp_path / "a.txt", "Talks resume\n\nDecember 31, 9999\n\n" + said)
    write(tmp_path / "c.md", "---\npublished: 9999-12-31\n---\n" + said)
    corpus = ingest([tmp_path])
    assert sorted(d.id for d in corpus.documents) == ["a", "b/max", "b/min"]
    assert all(d.published is None for d in corpus.documents)
    assert skipped(corpus)["c.md"].startswith("line 2: published '9999-12-31' is not a date")
    for doc in corpus.documents:
        claims.extract(doc)  # "tomorrow" from 9999-12-31 would overflow
