"""Split a document's text into blocks and tell article text from page boilerplate.

The rules describe what boilerplate looks like (navigation strings, share prompts,
captions, bylines, datelines, contact lines, "Related stories" tails), not the strings
of any one site. The text is never changed: blocks keep offsets into it, so claim
spans still index the original document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from checker.records import Block

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_PATTERN = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}})?|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b"
)
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$|[\"”]$")
_SHARE = re.compile(
    r"\b(join (?:our|us)|follow us|subscribe|sign up|newsletter|telegram|whatsapp|"
    r"add to favou?rites|click here|tap here|share (?:this|on|via)|download (?:our|the) app|"
    r"read more|continue reading|support our journalism|donate)\b",
    re.I,
)
_COOKIE = re.compile(
    r"\b(cookies?|privacy policy|terms of (?:use|service)|all rights reserved)\b|©", re.I
)
_RELATED = re.compile(
    r"^(?:related|more|recommended|most (?:read|popular|viewed)|read also|see also|trending|"
    r"popular|you may also like|latest)(?:\s+(?:stories|articles|content|news|posts|videos))?\s*:?$",
    re.I,
)
_CREDIT_PAREN = re.compile(
    r"\((?:[^()]*/[^()]*|(?:photo|image|file|credit|courtesy)[^()]*|AP|AFP|Reuters|EPA|Getty[^()]*)\)\s*$",
    re.I,
)
_CAPTION_WORDS = re.compile(
    r"\b(file (?:photo|image|picture)|photo(?:graph)? (?:by|courtesy|credit)|image caption|"
    r"pictured|in this (?:photo|image|picture)|credit:)",
    re.I,
)
_BYLINE = re.compile(
    r"^(?:by\s+[A-Z][\w.’'\-]+(?:\s+[A-Z][\w.’'\-]+){0,3}\b|"
    r"(?:source|sources|edited by|reporting by|additional reporting|writing by|editing by)\b)",
    re.I,
)
_STAFF = re.compile(
    r"\b(staff writer|correspondent|reporter|(?:local |senior )?editor|contributor)\b", re.I
)
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|\b(?:contact us|(?:direct|send) (?:your )?(?:comments|questions))\b",
    re.I,
)
_DATELINE = re.compile(
    r"^\W*(?:posted|published|updated|modified|last updated)(?:\s+on)?\s*:?\s*(?:\d|"
    + _MONTH
    + r")|^\W*\d+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago\W*$|access_time",
    re.I,
)
_UI_WORDS = re.compile(
    r"\b(button|menu|toggle|navigation|skip to|accessibility|log ?in|sign in|print this|"
    r"email this|comments?|loading|please wait)\b",
    re.I,
)
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


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


Rule = Callable[[str, "Context"], bool]


class Context:
    """What a rule may know about a block besides its text."""

    def __init__(self, index: int, in_header: bool, previous: str, in_tail: bool) -> None:
        self.index = index
        self.in_header = in_header
        self.previous = previous
        self.in_tail = in_tail


def _short_ui(text: str, ctx: Context) -> bool:
    words = word_count(text)
    return (
        words <= 4
        or (words <= 6 and not _TERMINAL.search(text))
        or (words <= 12 and bool(_UI_WORDS.search(text)) and not _TERMINAL.search(text))
    )


_CAPTION_DATE_END = re.compile(rf"(?:,|\bon)\s+{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?\.$")
_REPORTING = re.compile(r"\b(said|says|told|reported|according to|announced)\b")


def _dated_caption(text: str) -> bool:
    """A wire-style caption: a scene description ending in the date the photo was taken."""
    return bool(_CAPTION_DATE_END.search(text)) and not _REPORTING.search(text)


def _caption(text: str, ctx: Context) -> bool:
    if _CREDIT_PAREN.search(text) or _CAPTION_WORDS.search(text):
        return True
    if text == ctx.previous:
        return True
    # Wire-style captions in the page header end with the date the photo was taken.
    return ctx.in_header and _dated_caption(text)


def _byline(text: str, ctx: Context) -> bool:
    if word_count(text) > 12:
        return False
    return bool(_BYLINE.search(text)) or (bool(_STAFF.search(text)) and not _TERMINAL.search(text))


def _dateline(text: str, ctx: Context) -> bool:
    if _DATELINE.search(text) and word_count(text) <= 16:
        return True
    stripped = DATE_PATTERN.sub("", text).strip(" ,.-|:")
    return word_count(stripped) <= 1 and bool(DATE_PATTERN.search(text))


RULES: tuple[tuple[str, Rule], ...] = (
    ("related-tail", lambda text, ctx: ctx.in_tail),
    ("share-prompt", lambda text, ctx: bool(_SHARE.search(text)) and word_count(text) <= 25),
    ("cookie-notice", lambda text, ctx: bool(_COOKIE.search(text)) and word_count(text) <= 40),
    ("contact", lambda text, ctx: bool(_CONTACT.search(text)) and word_count(text) <= 25),
    ("dateline", _dateline),
    ("byline", _byline),
    ("caption", _caption),
    ("navigation", _short_ui),
)


def _is_body(text: str, following: str) -> bool:
    """The first real paragraph: long, finished, and not a photo caption."""
    if word_count(text) < 15 or not _TERMINAL.search(text) or text == following:
        return False
    return not (_CREDIT_PAREN.search(text) or _CAPTION_WORDS.search(text) or _dated_caption(text))


def _short_headline(text: str, ctx: Context, headline_seen: bool) -> bool:
    """A terse headline ("Etheridge, Caught on Video, Apologizes") opening the page."""
    return (
        ctx.in_header
        and not headline_seen
        and word_count(text) >= 4
        and not _UI_WORDS.search(text)
        and not _TERMINAL.search(text)
        and sum(1 for w in text.split() if w[:1].isupper()) >= 2
    )


def classify(text: str, start: int = 0, end: int | None = None) -> tuple[Block, ...]:
    """Blocks of text[start:end], each marked headline, deck, body or boilerplate."""
    spans = split_blocks(text, start, end)
    chunks = [text[s:e] for s, e in spans]
    first_body = next(
        (
            i
            for i, chunk in enumerate(chunks)
            if _is_body(chunk, chunks[i + 1] if i + 1 < len(chunks) else "")
        ),
        len(spans),
    )
    # A "Related stories" heading only ends the article in its second half.
    tail_from = next(
        (
            i
            for i, (s, e) in enumerate(spans)
            if i > first_body and i >= len(spans) / 2 and _RELATED.match(text[s:e])
        ),
        len(spans),
    )
    blocks: list[Block] = []
    previous = ""
    headline_seen = False
    for i, (s, e) in enumerate(spans):
        chunk = text[s:e]
        ctx = Context(i, i < first_body, previous, i > tail_from)
        previous = chunk
        rule = next((name for name, test in RULES if test(chunk, ctx)), "")
        if rule == "navigation" and _short_headline(chunk, ctx, headline_seen):
            rule = ""
        if rule:
            blocks.append(Block(s, e, "boilerplate", rule))
        elif (ctx.in_header and not _TERMINAL.search(chunk)) or (
            ctx.in_header and chunk.endswith("?")
        ):
            blocks.append(Block(s, e, "deck" if headline_seen else "headline"))
            headline_seen = True
        else:
            blocks.append(Block(s, e, "body"))
    return tuple(blocks)
