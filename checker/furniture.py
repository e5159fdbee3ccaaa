"""Page furniture that structure gives away, line by line: a slide show's position counters,
a video teaser printing its title twice, a bare link, the dateline before an article's first
sentence. No word list: the shapes are those of any site's templates.
"""

from __future__ import annotations

import re

_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$|[\"”]$")

_DATELINE_PREFIX = re.compile(
    r"[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s+[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*)?"
    r"\s*(?:\([A-Za-z. ]+\)\s*)?[—–―-]{1,2}\s+(?=[\"“A-Z])"
)


_COUNTER = re.compile(r"\b(\d+) of (\d+)\b")


def gallery(text: str) -> bool:
    """A slide show printed as text: three or more position counters of one total
    ("Hide Caption 1 of 19 … Hide Caption 2 of 19 …")."""
    by_total: dict[str, set[str]] = {}
    for m in _COUNTER.finditer(text):
        by_total.setdefault(m.group(2), set()).add(m.group(1))
    return any(len(positions) >= 3 for positions in by_total.values())


def echo(text: str) -> bool:
    """A short line made mostly of one phrase printed twice ("JUST WATCHED Storm hits the
    coast Replay More Videos ... MUST WATCH Storm hits the coast 01:28"): a video player's
    teaser. The two copies, three words or more, cover at least 40% of a line of at most 40
    words that does not end as a sentence ends ("He can hold the screen and he can hold a
    stage." stays)."""
    words = text.lower().split()
    if len(words) > 40 or _TERMINAL.search(text):
        return False
    longest = 0
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            k = 0
            while j + k < len(words) and i + k < j and words[i + k] == words[j + k]:
                k += 1
            longest = max(longest, k)
    return longest >= 3 and 2 * longest >= 0.4 * len(words)


# "http: / / www. example. com / …": addresses as tokenisers print them, spaces and all.
LINK = re.compile(r"^\W*(?:https?:\s*/\s*/\s*|www\.)\S", re.I)


def dateline_prefix(text: str, start: int, end: int) -> int:
    """Where an article's first sentence starts after a dateline prefix ("WASHINGTON — The
    committee …" -> the offset of "The"), else start."""
    m = _DATELINE_PREFIX.match(text, start, end)
    return m.end() if m else start
