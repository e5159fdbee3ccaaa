"""Tell article text from page boilerplate: each block of a document marked headline, deck,
body or boilerplate (with the rule that dropped it).

The cues (checker.boilercues) say what a block looks like; here where it stands decides:
before the article's first sentence, inside it, or after its last. The text is never
changed: blocks keep offsets into it, so claim spans still index the original document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from checker.boilercues import RELATED, heading, headline_shape, strong, title, weak
from checker.records import Block, Document, Drop
from checker.textblocks import is_prose, split_blocks, word_count


def _rule(text: str, prose: bool, edge: bool, repeat: bool) -> str:
    """Why a block is boilerplate ("" when it is not). edge: before the article's first
    or after its last sentence; repeat: the same text as a neighbouring block."""
    rule = strong(text)
    if not rule and not prose:
        rule = weak(text)
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
    if prose[first + 1] or not headline_shape(title) or strong(title) or weak(title):
        return None
    before = [c for c in chunks[:first] if headline_shape(c) and not (strong(c) or weak(c))]
    return None if before else first


def _title(chunks: list[str], prose: list[bool], repeats: list[bool], first: int) -> int | None:
    """The article's title when it is a short line ("SEACOM downtime explained", "Michael
    Steele Criticized for Afghanistan Comments") standing right above its first sentence
    (date lines aside) with no title above it, which the short-line rule would take for a
    menu entry. Below a title, such a line is mostly an outlet's name or a widget ("Des
    Moines Register", "Link Copied") and stays dropped; so does a line after another short
    menu-like line, an item of a list or menu ("Deputy Sheriff" / "Jerry Ortiz"); lines
    repeated across an outlet's articles are dropped later (repeated_across_outlet)
    whatever they are here."""
    i = first - 1
    while i >= 0 and strong(chunks[i]) == "dateline":
        i -= 1
    if i < 0 or prose[i] or repeats[i] or not title(chunks[i]):
        return None
    if any(headline_shape(c) and not (strong(c) or weak(c)) for c in chunks[:i]):
        return None  # a title above it: this is no title
    if strong(chunks[i]) not in ("", "navigation"):
        return None
    if i > 0 and not prose[i - 1] and strong(chunks[i - 1]) == "navigation":
        return None
    return i


def classify(text: str, start: int = 0, end: int | None = None) -> tuple[Block, ...]:
    """Blocks of text[start:end], each marked headline, deck, body or boilerplate."""
    spans = split_blocks(text, start, end)
    chunks = [text[s:e] for s, e in spans]
    prose = [is_prose(c) for c in chunks]
    # A second copy is dropped; a first copy too when it is a sentence (a caption printed
    # twice), not when it is a title (a headline the body repeats stays the headline).
    repeats = [
        (i > 0 and c == chunks[i - 1]) or (i + 1 < len(chunks) and c == chunks[i + 1] and prose[i])
        for i, c in enumerate(chunks)
    ]
    article = [i for i, c in enumerate(chunks) if prose[i] and not strong(c) and not repeats[i]]
    first = article[0] if article else len(spans)
    kicker = _kicker(chunks, prose, first)
    if kicker is not None:  # the article starts after the title below the short sentence
        first = next((i for i in article if i > kicker + 1), len(spans))
    title_at = _title(chunks, prose, repeats, first)
    # A "Related stories" heading only ends the article in its second half.
    tail_from = next(
        (
            i
            for i in range(first + 1, len(spans))
            if i >= len(spans) / 2 and RELATED.match(chunks[i])
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
        inner = heading(chunk) if rule == "navigation" and first <= i <= last else ""
        if i == kicker:
            blocks.append(Block(s, e, "body"))
        elif inner == "heading":  # a claim of its own, as a headline is (checker.claims)
            blocks.append(Block(s, e, "deck"))
        elif inner == "dateline":
            blocks.append(Block(s, e, "boilerplate", "dateline"))
        elif i < first and (i == title_at or (not rule and headline_shape(chunk))):
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
    not repeated) or is no sentence; a repeated sentence inside the body stays, and so does a
    document's only block that is not boilerplate by itself: with nothing around it, the
    repeated line is the article (a headline-only item or brief the outlet printed again, a
    benchmark's premise reused by several pairs), not its furniture. A corpus
    step between ingest and extraction (checker.ingest runs it): it changes blocks, so the
    claim cache's per-document key changes with it."""
    seen: dict[tuple[str, str], set[str]] = {}
    for doc in documents:
        for b in doc.blocks:
            if b.kind != "boilerplate" and doc.outlet:
                seen.setdefault((doc.outlet, shape(doc.text[b.start : b.end])), set()).add(doc.id)
    return tuple(drop_repeated(doc, seen, least) for doc in documents)


def drop_repeated(doc: Document, seen: dict[tuple[str, str], set[str]], least: int) -> Document:
    """doc with the blocks its outlet repeats in at least `least` articles (`seen`: the
    articles of each outlet and block shape) marked as boilerplate; also called one document
    at a time by the streaming reader."""
    if not doc.outlet or sum(b.kind != "boilerplate" for b in doc.blocks) < 2:
        return doc
    chunks = [doc.text[b.start : b.end] for b in doc.blocks]
    repeated = [
        b.kind != "boilerplate" and len(seen[(doc.outlet, shape(c))]) >= least
        for b, c in zip(doc.blocks, chunks, strict=True)
    ]
    own = [
        i
        for i, (b, c) in enumerate(zip(doc.blocks, chunks, strict=True))
        if b.kind == "body" and not repeated[i] and is_prose(c)
    ]
    blocks = tuple(
        replace(b, kind="boilerplate", rule="repeated-in-outlet")
        if repeated[i] and (not is_prose(c) or (own and not own[0] <= i <= own[-1]))
        else b
        for i, (b, c) in enumerate(zip(doc.blocks, chunks, strict=True))
    )
    return replace(doc, blocks=blocks) if blocks != doc.blocks else doc


def dropped(doc: Document) -> tuple[Drop, ...]:
    """The document's blocks judged boilerplate, each with the rule that dropped it."""
    return tuple(
        Drop(doc.id, (b.start, b.end), b.rule) for b in doc.blocks if b.kind == "boilerplate"
    )
