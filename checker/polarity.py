"""Whether a clause states or denies, and where a block's quotations are.

The denial verbs, whose content their speaker rejects, are VerbNet's deny/refute senses
(conjecture-29.5-2 deny, dispute; reject/dismiss of the PARC 3.0 cue list); negation is
"not", "never" or a negative determiner or pronoun among the clause's arguments.
"""

from __future__ import annotations

from typing import Any

from checker.records import Polarity

DENIAL = frozenset({"deny", "dispute", "reject", "dismiss", "refute", "rebuff", "rebut"})
NEGATIVE_WORDS = frozenset({"no", "never", "nobody", "nothing", "none", "neither", "nor"})


def quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quotations (curly or straight double quotes) within a block."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“" or (ch == '"' and open_at is None):
            open_at = i
        elif (ch == "”" or ch == '"') and open_at is not None:
            regions.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        regions.append((open_at, end))
    return regions


def negated(head: Any) -> bool:
    """Whether a clause's head is negated: "not", "never", or a negative determiner or
    pronoun among its arguments ("no troops were sent", "nobody came")."""
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in NEGATIVE_WORDS:
            return True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(
            g.dep_ == "det" and g.lower_ in NEGATIVE_WORDS for g in child.children
        ):
            return True
    return False


def polarity(head: Any, verb: Any) -> Polarity:
    flips = negated(head)
    if verb is not None:
        flips ^= verb.lemma_.lower() in DENIAL
        if verb.i != head.i:
            flips ^= negated(verb)
    return Polarity.NEGATIVE if flips else Polarity.POSITIVE
