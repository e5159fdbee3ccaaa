"""Split a document's text into blocks and tell article text from page boilerplate.

The rules describe what boilerplate looks like (navigation strings, share prompts,
captions, bylines, datelines, contact lines, "Related stories" tails), not the strings
of any one site. The text is never changed: blocks keep offsets into it, so claim
spans still index the original document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from checker.furniture import LINK, echo, gallery
from checker.records import Block, Document, Drop

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
    r"(?<!\()pictured|in this (?:photo|image|picture)|credit:)",
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
# "WASHINGTON —", "FERGUSON, Mo. —", "LONDON (Reuters) -": the place (and agency) an article
# opens with, before its first sentence.
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


def _is_prose(text: str) -> bool:
    """A sentence or paragraph: words in lower case and a sentence end (or length)."""
    words = word_count(text)
    if words < 2 or not re.search(r"\b[a-z]{2,}", text) or text.endswith("?"):
        return False
    return bool(_TERMINAL.search(text) or _INNER_END.search(text)) or words >= 20


_INNER_END = re.compile(r"[a-z0-9][.!?][\"”’)]*\s+[\"“A-Z]")
# Cues that hold anywhere: they address the reader or credit a picture, which no news
# sentence does ("Join our channel", "We use cookies … you", "(Jane Roe/Reuters)").
_SHARE_STRONG = re.compile(
    r"^\W*(?:(?:join|follow|subscribe|sign up|click|tap|share|download|like|support|donate|"
    r"add)\b.*\b(?:our|us|this (?:article|story|page))\b|(?:read more|continue reading)\b)"
    r"|\badd to favou?rites\b",
    re.I,
)
_COOKIE_STRONG = re.compile(
    r"\bcookies?\b.*\byou|\byou\b.*\bcookies?\b|©|\ball rights reserved\b", re.I
)
_CONTACT_STRONG = re.compile(r"^\W*(?:please|send|contact|email|write|direct)\b.*@", re.I)
_MENU = re.compile(r"(?:\s[|•·»›]\s.*){2,}")


def _short_ui(text: str) -> bool:
    words = word_count(text)
    if _MENU.search(text):
        return True
    if _TERMINAL.search(text) and not text.endswith("..."):
        return words <= 6 and bool(_UI_WORDS.search(text))
    return words <= 3 or (words <= 12 and bool(_UI_WORDS.search(text)))


def _caption(text: str) -> bool:
    return bool(_CREDIT_PAREN.search(text) or _CAPTION_WORDS.search(text))


def _byline(text: str) -> bool:
    if word_count(text) > 12:
        return False
    return bool(_BYLINE.search(text)) or (bool(_STAFF.search(text)) and not _TERMINAL.search(text))


def _dateline(text: str) -> bool:
    if _DATELINE.search(text) and word_count(text) <= 16:
        return True
    stripped = DATE_PATTERN.sub("", text).strip(" ,.-|:")
    return word_count(stripped) <= 1 and bool(DATE_PATTERN.search(text))


def _strong(text: str) -> str:
    """The rule a block breaks wherever it stands (a news sentence never does)."""
    words = word_count(text)
    if gallery(text):
        return "caption"
    if LINK.match(text) and words <= 60 and not _TERMINAL.search(text):
        return "link"
    if _SHARE_STRONG.search(text) and words <= 25:
        return "share-prompt"
    if _COOKIE_STRONG.search(text) and words <= 40:
        return "cookie-notice"
    if _CONTACT_STRONG.search(text) and words <= 25:
        return "contact"
    if _CREDIT_PAREN.search(text) and "/" in text.rsplit("(", 1)[-1]:
        return "caption"
    if _CAPTION_WORDS.search(text) and words <= 60:
        return "caption"
    if _dateline(text):
        return "dateline"
    if echo(text):
        return "repeated-phrase"
    return "navigation" if _short_ui(text) else ""


def _weak(text: str) -> str:
    """The rule a line that is not a sentence breaks: cues that a sentence may also hold
    ("Russia blocked Telegram", "its privacy policy") count only on such lines."""
    words = word_count(text)
    if _SHARE.search(text) and words <= 25:
        return "share-prompt"
    if _COOKIE.search(text) and words <= 40:
        return "cookie-notice"
    if _CONTACT.search(text) and words <= 25:
        return "contact"
    if _byline(text):
        return "byline"
    return "caption" if _caption(text) else ""


# A list item or byline ("- Jane Roe"), a picture credit ("Jane Roe/Staff", "Image
# copyright Reuters"): short lines inside an article that are no heading.
_NOT_HEADING = re.compile(r"^\s*[-–—•*·]|/|\bcopyright\b", re.I)
_REAL_WORD = re.compile(r"[^\W\d_]{3,}")
_MONTH_WORD = re.compile(rf"^{_MONTH}$", re.I)


def _heading(text: str) -> str:
    """What a short line inside the article is: "dateline" when it holds digits and no word
    but a month's name ("05 / 02 / 2013", "APR 28"), "heading" when it is a section or
    sub-heading ("No injuries reported", "Early Years"): not a menu, no interface word and
    none of the cues that a line that is no sentence may hold (share, byline …)."""
    words = [w for w in _REAL_WORD.findall(text) if not _MONTH_WORD.match(w)]
    if not words:
        return "dateline" if re.search(r"\d", text) else ""
    if (
        word_count(text) < 2
        or _NOT_HEADING.search(text)
        or _MENU.search(text)
        or _UI_WORDS.search(text)
        or _weak(text)
        or text.rstrip().endswith(":")
    ):
        return ""
    return "heading"


def _headline_shape(text: str) -> bool:
    """A title rather than a menu entry: four words or more, or three with a lower-case
    word ("Putin denies report", not "Deal of Century")."""
    words = word_count(text)
    return words >= 4 or (words == 3 and bool(re.search(r"\b[a-z]{4,}", text)))


def _rule(text: str, prose: bool, edge: bool, repeat: bool) -> str:
    """Why a block is boilerplate ("" when it is not). edge: before the article's first
    or after its last sentence; repeat: the same text as a neighbouring block."""
    rule = _strong(text)
    if not rule and not prose:
        rule = _weak(text)
    if not rule and repeat and (edge or not prose):
        rule = "repeated-line"
    return rule


def _kicker(chunks: list[str], prose: list[bool], first: int) -> int | None:
    """A short sentence above the title ("This article is more than 2 years old.",
    "Watch the video.") is no lede: when no title came before it, and a title-shaped line
    then the article's prose follow it, the header goes on to that title. The sentence
    stays a sentence of the article."""
    if first + 2 >= len(chunks) or word_count(chunks[first]) > 12 or not prose[first + 2]:
        return None
    title = chunks[first + 1]
    if prose[first + 1] or not _headline_shape(title) or _strong(title) or _weak(title):
        return None
    before = [c for c in chunks[:first] if _headline_shape(c) and not (_strong(c) or _weak(c))]
    return None if before else first


def classify(text: str, start: int = 0, end: int | None = None) -> tuple[Block, ...]:
    """Blocks of text[start:end], each marked headline, deck, body or boilerplate."""
    spans = split_blocks(text, start, end)
    chunks = [text[s:e] for s, e in spans]
    prose = [_is_prose(c) for c in chunks]
    # A second copy is dropped; a first copy too when it is a sentence (a caption printed
    # twice), not when it is a title (a headline the body repeats stays the headline).
    repeats = [
        (i > 0 and c == chunks[i - 1]) or (i + 1 < len(chunks) and c == chunks[i + 1] and prose[i])
        for i, c in enumerate(chunks)
    ]
    article = [i for i, c in enumerate(chunks) if prose[i] and not _strong(c) and not repeats[i]]
    first = article[0] if article else len(spans)
    kicker = _kicker(chunks, prose, first)
    if kicker is not None:  # the article starts after the title below the short sentence
        first = next((i for i in article if i > kicker + 1), len(spans))
    # A "Related stories" heading only ends the article in its second half.
    tail_from = next(
        (
            i
            for i in range(first + 1, len(spans))
            if i >= len(spans) / 2 and _RELATED.match(chunks[i])
        ),
        len(spans),
    )
    last = max((i for i in article if i < tail_from), default=first)
    blocks: list[Block] = []
    headline_seen = False
    for i, (s, e) in enumerate(spans):
        chunk = chunks[i]
        edge = i < first or i > last
        rule = "related-tail" if i > tail_from else _rule(chunk, prose[i], edge, repeats[i])
        # above the article a short line is a menu entry; inside it, a heading
        inner = _heading(chunk) if rule == "navigation" and first <= i <= last else ""
        if i == kicker:
            blocks.append(Block(s, e, "body"))
        elif inner == "heading":  # a claim of its own, as a headline is (checker.claims)
            blocks.append(Block(s, e, "deck"))
        elif inner == "dateline":
            blocks.append(Block(s, e, "boilerplate", "dateline"))
        elif i < first and not rule and _headline_shape(chunk):
            blocks.append(Block(s, e, "deck" if headline_seen else "headline"))
            headline_seen = True
        elif i < first and not rule:
            blocks.append(Block(s, e, "boilerplate", "navigation"))
        elif rule:
            blocks.append(Block(s, e, "boilerplate", rule))
        else:
            blocks.append(Block(s, e, "body"))
    return tuple(blocks)


def shape(text: str) -> str:
    """A line as its outlet's template would print it: spacing, case and numbers left out
    ("Copyright © 2019 …" and "Copyright © 2020 …" are one line)."""
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def repeated_across_outlet(documents: Sequence[Document], least: int = 3) -> tuple[Document, ...]:
    """The documents with each block that recurs (see shape) in `least` or more articles of
    the same outlet marked boilerplate ("repeated-in-outlet"): page furniture no rule names
    ("Story continued below", "Advertisement", "The Associated Press contributed to this
    report."). Structure decides, not the words: a repeated block goes where it stands
    outside the article's own prose (before its first or after its last sentence that is
    not repeated) or is no sentence; a repeated sentence inside the body stays. A corpus
    step between ingest and extraction (checker.ingest runs it): it changes blocks, so the
    claim cache's per-document key changes with it."""
    seen: dict[tuple[str, str], set[str]] = {}
    for doc in documents:
        for b in doc.blocks:
            if b.kind != "boilerplate" and doc.outlet:
                seen.setdefault((doc.outlet, shape(doc.text[b.start : b.end])), set()).add(doc.id)
    return tuple(_drop_repeated(doc, seen, least) for doc in documents)


def _drop_repeated(doc: Document, seen: dict[tuple[str, str], set[str]], least: int) -> Document:
    if not doc.outlet:
        return doc
    chunks = [doc.text[b.start : b.end] for b in doc.blocks]
    repeated = [
        b.kind != "boilerplate" and len(seen[(doc.outlet, shape(c))]) >= least
        for b, c in zip(doc.blocks, chunks, strict=True)
    ]
    own = [
        i
        for i, (b, c) in enumerate(zip(doc.blocks, chunks, strict=True))
        if b.kind == "body" and not repeated[i] and _is_prose(c)
    ]
    blocks = tuple(
        replace(b, kind="boilerplate", rule="repeated-in-outlet")
        if repeated[i] and (not _is_prose(c) or (own and not own[0] <= i <= own[-1]))
        else b
        for i, (b, c) in enumerate(zip(doc.blocks, chunks, strict=True))
    )
    return replace(doc, blocks=blocks) if blocks != doc.blocks else doc


def dropped(doc: Document) -> tuple[Drop, ...]:
    """The document's blocks judged boilerplate, each with the rule that dropped it."""
    return tuple(
        Drop(doc.id, (b.start, b.end), b.rule) for b in doc.blocks if b.kind == "boilerplate"
    )
