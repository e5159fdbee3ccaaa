"""What boilerplate looks like: the cues a block of page furniture shows.

The rules describe boilerplate's shape (navigation strings, share prompts, captions, bylines,
datelines, contact lines, "Related stories" headings), not the strings of any one site.
checker.boilerplate decides from them, with where a block stands, what is boilerplate.
"""

from __future__ import annotations

import re
from functools import lru_cache

from checker.furniture import LINK, echo, gallery
from checker.textblocks import TERMINAL, word_count

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_PATTERN = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}})?|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b"
)
_SHARE = re.compile(
    r"\b(join (?:our|us)|follow us|subscribe|sign up|newsletter|telegram|whatsapp|"
    r"add to favou?rites|click here|tap here|share (?:this|on|via)|download (?:our|the) app|"
    r"read more|continue reading|support our journalism|donate)\b",
    re.I,
)
_COOKIE = re.compile(
    r"\b(cookies?|privacy policy|terms of (?:use|service)|all rights reserved)\b|©", re.I
)
RELATED = re.compile(
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
_UI_WORDS = re.compile(
    r"\b(button|menu|toggle|navigation|skip to|accessibility|log ?in|sign in|print this|"
    r"email this|comments?|loading|please wait)\b",
    re.I,
)
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
    if TERMINAL.search(text) and not text.endswith("..."):
        return words <= 6 and bool(_UI_WORDS.search(text))
    return words <= 3 or (words <= 12 and bool(_UI_WORDS.search(text)))


def _caption(text: str) -> bool:
    return bool(_CREDIT_PAREN.search(text) or _CAPTION_WORDS.search(text))


def _byline(text: str) -> bool:
    if word_count(text) > 12:
        return False
    return bool(_BYLINE.search(text)) or (bool(_STAFF.search(text)) and not TERMINAL.search(text))


def _dateline(text: str) -> bool:
    words = word_count(text)
    if words > 20:  # more than five dates' worth of words: never a date line
        return False
    if words <= 16 and _DATELINE.search(text):
        return True
    stripped = DATE_PATTERN.sub("", text).strip(" ,.-|:")
    return word_count(stripped) <= 1 and bool(DATE_PATTERN.search(text))


# classify asks for each block's strong rule more than once (the article's bounds, each
# block's rule, the title): a pure function of the text, kept for the blocks of a document.
@lru_cache(maxsize=4096)
def strong(text: str) -> str:
    """The rule a block breaks wherever it stands (a news sentence never does)."""
    words = word_count(text)
    if gallery(text):
        return "caption"
    if words <= 60 and LINK.match(text) and not TERMINAL.search(text):
        return "link"
    if words <= 25 and _SHARE_STRONG.search(text):
        return "share-prompt"
    if words <= 40 and _COOKIE_STRONG.search(text):
        return "cookie-notice"
    if words <= 25 and _CONTACT_STRONG.search(text):
        return "contact"
    if _CREDIT_PAREN.search(text) and "/" in text.rsplit("(", 1)[-1]:
        return "caption"
    if words <= 60 and _CAPTION_WORDS.search(text):
        return "caption"
    if _dateline(text):
        return "dateline"
    if echo(text):
        return "repeated-phrase"
    return "navigation" if _short_ui(text) else ""


def weak(text: str) -> str:
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


def heading(text: str) -> str:
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
        or weak(text)
        or text.rstrip().endswith(":")
    ):
        return ""
    return "heading"


def title(text: str) -> bool:
    """A line that may be an article's title where it stands right above the body ("SEACOM
    downtime explained", "Michael Steele Criticized for Afghanistan Comments"): two words or
    more, no final stop or colon (a sentence or a lead-in), no list marker or credit, not a
    menu, none of the cues a line that is no sentence may hold (byline, share …), and no
    interface word ("toggle caption", "Log in"), but for "comments" in a longer line, a news
    word too ("Comments" alone is a link; "… Criticized for Afghanistan Comments" a title)."""
    words = word_count(text)
    stripped = text.rstrip()
    return bool(
        words >= 2
        and len(_REAL_WORD.findall(text)) >= 2
        and not stripped.endswith((".", ":", ";", ","))
        and not _NOT_HEADING.search(text)
        and not _MENU.search(text)
        and not LINK.match(text)
        and not weak(text)
        and not any(
            words <= 3 or not m.group(0).lower().startswith("comment")
            for m in _UI_WORDS.finditer(text)
        )
    )


def headline_shape(text: str) -> bool:
    """A title rather than a menu entry: four words or more, or three with a lower-case
    word ("Putin denies report", not "Deal of Century")."""
    words = word_count(text)
    return words >= 4 or (words == 3 and bool(re.search(r"\b[a-z]{4,}", text)))
