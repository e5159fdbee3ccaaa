"""Split a document's text into blocks (paragraphs, or lines) and tell prose from what is not.

The text is never changed: blocks are offsets into it, so claim spans still index the
original document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$|[\"”]$")
_INNER_END = re.compile(r"[a-z0-9][.!?][\"”’)]*\s+[\"“A-Z]")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@lru_cache(maxsize=8192)
def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank line in text[start:end], stripped of spaces."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        s, e = pos, line_end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e
        pos = line_end + 1


def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped prose: every line but the last is long and breaks mid-sentence."""
    if len(lines) < 2:
        return False
    return all(len(line) >= 50 and re.search(r"[a-z,;:\-]$", line) for line in lines[:-1])


def split_blocks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Paragraphs separated by blank lines; a paragraph of unwrapped lines gives one block a line."""
    end = len(text) if end is None else end
    blocks: list[tuple[int, int]] = []
    para: list[tuple[int, int]] = []
    for s, e in iter_lines(text, start, end):
        if para and text.count("\n", para[-1][1], s) > 1:
            blocks.extend(_close(text, para))
            para = []
        para.append((s, e))
    if para:
        blocks.extend(_close(text, para))
    return blocks


def _close(text: str, para: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if _is_wrapped([text[s:e] for s, e in para]):
        return [(para[0][0], para[-1][1])]
    return list(para)


def is_prose(text: str) -> bool:
    """A sentence or paragraph: words in lower case and a sentence end (or length)."""
    words = word_count(text)
    if words < 2 or not re.search(r"\b[a-z]{2,}", text) or text.endswith("?"):
        return False
    return bool(TERMINAL.search(text) or _INNER_END.search(text)) or words >= 20
