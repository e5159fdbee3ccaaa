"""The words of a finding: who differs, when, and the fingerprint that names it.

A finding's reason and id are what a reviewer reads and a baseline keys on; they depend only
on the two claims (speakers, times, document ids, normalised texts), so they are written here,
apart from how a pair is judged (checker.contradict).
"""

from __future__ import annotations

import hashlib
import re

from checker.records import Claim, TimeRef


def who(a: Claim, b: Claim) -> str:
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return f"{a.speaker} and {b.speaker} differ"
    speaker = a.speaker or b.speaker
    if a.speaker and a.speaker == b.speaker:
        return f"{speaker}'s accounts differ"
    return (
        f"Accounts differ ({speaker} and the outlet)"
        if a.speaker != b.speaker
        else "Accounts differ"
    )


def when(a: Claim, b: Claim, together: bool | None, kind: str) -> str:
    if together is None:
        return "a time is unknown, so they are compared as same-time"
    span = f"{time_of(a.time)} vs {time_of(b.time)}"
    if kind == "temporal":
        return f"their times differ ({span}), so the story may have moved on"
    if not together:
        return f"they date one thing differently ({span})"
    return f"same time ({span})"


def time_of(t: TimeRef) -> str:
    assert t.start and t.end
    days = (
        t.start.isoformat() if t.start == t.end else f"{t.start.isoformat()}..{t.end.isoformat()}"
    )
    return f"{days} from '{t.expression}'" if t.expression else f"{days} (published)"


def normalise(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def fingerprint(kind: str, a: Claim, b: Claim) -> str:
    """From the kind, the claims' normalised texts and document ids: not spans, not ordinals,
    not the order of documents, so it survives edits elsewhere in an article."""
    sides = sorted(f"{c.doc}\n{normalise(c.text)}" for c in (a, b))
    return "c-" + hashlib.sha256("\n\n".join([kind, *sides]).encode()).hexdigest()[:10]
