"""Who a sentence attributes its statement to, read from the dependency parse.

A reporting verb gives the speaker (its nominal subject) and the reported content (its
clausal complement, kept whole): "The minister said [the rebels gave mixed signals]",
"“[We will not],” said Hilary Shelton, director of …", "X told Y [that …]". A reporting verb
with a noun object ("Officials confirmed the report") keeps the whole sentence as content.
An attribution set off by punctuation (", officials said", "…, Holder said, …", "as the
director has said") or "according to X" names the speaker of the rest, wherever the parser
hung it. Reports inside the writer's own sentence become frames of their own
(checker.embedded). The reporting verbs and the speaker's name: checker.reporting; the
denial verbs and negation: checker.polarity; pronouns: checker.speakers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from checker.embedded import embedded, open_question
from checker.misread import misread
from checker.polarity import DENIAL, negated, polarity, quote_regions
from checker.referents import referents
from checker.reporting import (
    REPORTING,
    Frame,
    clause_extent,
    cut_at,
    cut_before,
    is_reporting,
    name_phrase,
    speaker_of,
    subject_of,
)
from checker.segment import own_subject
from checker.setoff import is_quotative, root_of, set_off
from checker.speakers import SpeakerState, strip_titles

__all__ = [
    "DENIAL",
    "REPORTING",
    "Frame",
    "SpeakerState",
    "clause_frame",
    "frames",
    "is_reporting",
    "negated",
    "polarity",
    "quote_regions",
    "referents",
    "speaker_of",
    "strip_titles",
]


def _nested(frame: Frame, state: SpeakerState) -> Frame:
    """ "Kim said X, KCNA reported": the inner speaker says X; the outer is the channel."""
    head = frame.head
    inner = [c for c in head.children if c.dep_ == "ccomp"]
    if is_reporting(head) and inner and not open_question(inner[0]):
        speaker = speaker_of(head, state)
        if speaker:
            return Frame(speaker, head, clause_extent(inner[0]), inner[0])
    return frame


def clause_frame(head: Any, state: SpeakerState, extent: tuple[int, int]) -> Frame | None:
    """A clause's own reporting frame ("…, while the mayor declared he was in no rush"); a
    reporting verb without a complement clause gives the clause (token range `extent`) its
    speaker whole ("…, and the company said in a statement that “…” by the theft", the
    complement misparsed), as a reporting root does."""
    if not is_reporting(head):
        return None
    inner = [c for c in head.children if c.dep_ == "ccomp"]
    speaker = speaker_of(head, state)
    if not speaker:
        return None
    return (
        Frame(speaker, head, clause_extent(inner[0]), inner[0])
        if inner
        else (Frame(speaker, head, extent, head))
    )


def _reported(sent: Any, root: Any, state: SpeakerState) -> list[Frame]:
    """The frames of a sentence whose root reports: "X said [A] and [B]", "X said A, adding
    that B", "X confirmed the report" (the whole sentence, by X)."""
    whole = (0, len(sent))
    speaker = speaker_of(root, state)
    complements = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")]
    if complements and speaker:
        found = [
            _nested(Frame(speaker, root, _with_subject(root, c), c), state) for c in complements
        ]
    elif speaker:
        found = [Frame(speaker, root, whole, root)]
    else:
        return [Frame(None, root if complements else None, whole, root)]
    # "…, adding that …": a second reporting verb of the same speaker; "X said A, but Y has
    # since done B": a clause of the writer's own.
    conceded: list[Frame] = []
    for other in root.children:
        subject = own_subject(sent, other) if other.dep_ == "conj" else None
        if subject is not None and not is_reporting(other) and other.pos_ in ("VERB", "AUX"):
            start = min(subject.left_edge.i, other.i)
            found.append(Frame(None, None, (start, len(sent)), other))
            if found[0].content[1] > start:
                found[0] = replace(found[0], content=(found[0].content[0], cut_at(sent, start)))
        elif complements and _concession(sent, root, other):
            # "Although no charges have been filed yet, officials said …": the writer's
            # concession states a fact of its own, outside what the speaker reports; it
            # comes first, as it is read.
            conceded.append(Frame(None, None, clause_extent(other), other))
        elif other.dep_ in ("advcl", "conj", "xcomp") and is_reporting(other):
            inner = [c for c in other.children if c.dep_ == "ccomp"]
            if inner:
                if found[0].content == whole:
                    found[0] = replace(found[0], content=(0, cut_before(sent, other)))
                found.append(
                    Frame(
                        speaker_of(other, state) or speaker,
                        other,
                        clause_extent(inner[0]),
                        inner[0],
                    )
                )
    return [*conceded, *found]


# Subordinators of concession (English closed-class words): such a clause states a fact.
_CONCESSIVE = frozenset({"although", "though"})


def _concession(sent: Any, root: Any, clause: Any) -> bool:
    """Whether a clause before a reporting verb is the writer's concession with a verb and a
    subject of its own."""
    return bool(
        clause.dep_ == "advcl"
        and clause.i < root.i
        and clause.pos_ in ("VERB", "AUX")
        and not is_reporting(clause)
        and own_subject(sent, clause) is not None
        and any(c.dep_ == "mark" and c.lower_ in _CONCESSIVE for c in clause.children)
    )


def _with_subject(root: Any, comp: Any) -> tuple[int, int]:
    """The reported clause, from its subject where the parser hung that on the reporting verb
    as a second subject ("X says the court through inaction passed …": "court" under "says")."""
    start, end = clause_extent(comp)
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in comp.children) or not any(
        c.i < root.i for c in subjects
    ):
        return start, end
    stranded = [c for c in subjects if root.i < c.i < comp.i]
    return (min(start, stranded[0].left_edge.i), end) if stranded else (start, end)


def _according(sent: Any, state: SpeakerState) -> Frame | None:
    according = next(
        (t for t in sent if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children)),
        None,
    )
    if according is None:
        return None
    to = next(c for c in according.children if c.lower_ == "to")
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None and to.i + 1 < len(sent):  # "according to one of the officials present"
        # (the parser hung the phrase elsewhere): the first noun or number after "to"
        obj = next(
            (t for t in sent[to.i + 1 : to.i + 4] if t.pos_ in ("NOUN", "PROPN", "NUM")), None
        )
    if obj is None:
        return None
    return Frame(state.resolve(name_phrase(obj)), None, (0, len(sent)), root_of(sent))


def frames(sent: Any, state: SpeakerState) -> list[Frame]:
    """The reporting frames of a parsed sentence, in order; when nothing reports the
    sentence, one frame without a speaker (the whole sentence, less what it reports of
    others, which gets frames of its own: see embedded)."""
    root = root_of(sent)
    subject = subject_of(root)
    quotative = subject is not None and is_quotative(sent, root, subject)
    found = _reported(sent, root, state) if is_reporting(root) or quotative else []
    if any(f.speaker for f in found):
        return found
    for verb in reversed(sent):
        if verb.i != root.i and verb.pos_ in ("VERB", "AUX"):
            attributed = set_off(sent, verb, state)
            if attributed is not None:
                return [attributed]
    according = _according(sent, state)
    if according is not None:
        return [according]
    hidden = misread(sent, state)
    if hidden is not None:
        return [hidden]
    if len(found) > 1:
        return found
    # a reporting root without a speaker ("The measure is not expected to …") keeps its verb
    # for the polarity; the reports inside the sentence still get frames of their own
    main, *inner = embedded(sent, Frame(None, None, (0, len(sent)), root), state)
    return [replace(main, verb=found[0].verb) if found else main, *inner]
