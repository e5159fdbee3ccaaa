"""What the candidate sources share: their bands and caps, the pair they give, and when two
claims are about the same time (checker.candidates, checker.threads, checker.contradict)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from checker.records import TimeRef

Source = Literal["story", "document", "thread", "brief"]
NEIGHBOURS = 30
# Reports of the same week describe the same state of affairs.
TIME_SLACK = dt.timedelta(days=14)


@dataclass(frozen=True)
class Band:
    """Similarity bands and caps of the three sources."""

    story_low: float = 0.35
    story_cap: int = 1
    document_low: float = 0.15
    thread_low: float = 0.6
    # A document longer than this many claims (a transcript, a dump) compares each claim
    # with the `near` claims around it only.
    window: int = 100
    near: int = 20
    # Stories a story is compared with for threads: its most similar ones by centroid.
    thread_stories: int = 3
    thread_actors: int = 2
    # Brief documents (at most brief_claims claims): each claim and its brief_cap partners
    # texts of other outlets across the corpus (checker.brief).
    brief_claims: int = 2
    brief_cap: int = 1
    brief_low: float = 0.0


@dataclass(frozen=True)
class Pair:
    """Rows i < j of the claims, their cosine and where the pair comes from."""

    i: int
    j: int
    cosine: float
    source: Source


def same_time(a: TimeRef, b: TimeRef) -> bool | None:
    """Whether two claims are about the same time; None when either time is unknown.

    Day-sized times (a weekday, a publication date) count as the same within TIME_SLACK;
    longer ones (a month, a year) must overlap.
    """
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return None
    slack_a = TIME_SLACK if a.end - a.start < TIME_SLACK else dt.timedelta(0)
    slack_b = TIME_SLACK if b.end - b.start < TIME_SLACK else dt.timedelta(0)
    return a.start - slack_a <= b.end + slack_b and b.start - slack_b <= a.end + slack_a
