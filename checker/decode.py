"""Bytes to the document text that spans index, and the per-document length limit.

UTF-8 is expected; UTF-16 and UTF-32 with a byte-order mark (as Windows tools write them)
and UTF-16 without one (recognised by its NUL bytes) are decoded too. Control characters
other than tab and newline become spaces, so that no article can put terminal escapes,
bells or characters XML 1.0 forbids into a report, and offsets stay one character each.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from checker.metadata import InputError

# spaCy's default max_length. A news article is 5,000-50,000 characters; a document past
# this is a dump or a mistake, and reading it whole would cost minutes for nothing.
MAX_DOCUMENT_CHARS = 1_000_000
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SAMPLE = 8192


def _bom(raw: bytes) -> tuple[str, int] | None:
    for mark, codec in _BOMS:
        if raw.startswith(mark):
            return codec, len(mark)
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """utf-16-le/be when every other byte is NUL, as in mostly-ASCII UTF-16 text."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    if odd >= 0.9 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.9 * pairs and odd == 0:
        return "utf-16-be"
    return None


def decode(raw: bytes, where: str) -> str:
    """The text of raw, or an InputError saying what it is instead."""
    found = _bom(raw)
    codec, skip = found if found else (None, 0)
    if codec is None and b"\x00" in raw[:_SAMPLE]:
        codec = _utf16_without_bom(raw[:_SAMPLE])
        if codec is None:
            raise InputError(f"{where}: binary file, not text")
    codec = codec or "utf-8"
    try:
        text = raw[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: skip + exc.start].count(b"\n") + 1
        if codec != "utf-8":
            raise InputError(
                f"{where}: not {codec.upper()} text (byte {skip + exc.start}, line {line}, "
                "cannot be decoded)"
            ) from exc
        raise InputError(
            f"{where}: not UTF-8 text (byte {exc.start}, line {line}, cannot be decoded); "
            "convert it to UTF-8, e.g. iconv -f latin1 -t utf-8"
        ) from exc
    if codec != "utf-8" and not _looks_like_text(text):
        raise InputError(f"{where}: binary file, not text")
    return text


def _looks_like_text(text: str) -> bool:
    """Any byte pair is some UTF-16 character, so a file that starts with FF FE (or holds
    NULs) is taken as UTF-16 only where the result reads as text: it has whitespace, and
    almost no control, private-use or unassigned characters."""
    sample = text[:_SAMPLE]
    odd = sum(
        1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cn") and not c.isspace()
    )
    return any(c.isspace() for c in sample) and odd <= len(sample) // 100


def normalise(raw: bytes, where: str) -> str:
    """The text spans index: decoded, BOM dropped, every newline a single \\n, control
    characters spaces."""
    text = decode(raw, where).removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)


def clean(text: str) -> str:
    """Text from a structured source (JSONL, HTML) under the same rules as a file; a lone
    surrogate (JSON can spell one, "\\ud800") becomes U+FFFD, as it could not be written."""
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def limit(text: str, where: str, start: int = 0, most: int = 0) -> tuple[str, str | None]:
    """text cut to at most `most` characters at the last paragraph break (else line break,
    else space) before the limit, and a warning naming the file; text itself when short."""
    most = most or MAX_DOCUMENT_CHARS
    if len(text) <= most:
        return text, None
    floor = max(start, most // 2)
    cut = next(
        (at for sep in ("\n\n", "\n", " ") if (at := text.rfind(sep, floor, most)) > 0), most
    )
    kept = text[:cut].rstrip() + "\n"
    return kept, (
        f"{where}: {len(text):,} characters is over the {most:,}-character limit per "
        f"document; only the first {len(kept):,} were read"
    )
