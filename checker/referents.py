"""What "they" and "it" may stand for after a sentence, read from its parse and its frame:
a plural speaker or subject for "they", a speaker that is no person or a common-noun main
subject for "it" (checker.speakers keeps them for the next sentences).
"""

from __future__ import annotations

from typing import Any

from checker.reporting import Frame, speaker_from, subject_of
from checker.speakers import SpeakerState


def _root(sent: Any) -> Any:
    return next((t for t in sent if t.dep_ == "ROOT"), sent[0])


def _plural(subject: Any) -> bool:
    return bool(
        subject.tag_ in ("NNS", "NNPS")
        or any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") for c in subject.children)
    )


def _common_noun(tok: Any) -> bool:
    """A singular common noun, or an adjective used as one ("the original")."""
    return bool(
        tok.tag_ == "NN" or (tok.pos_ == "ADJ" and any(c.dep_ == "det" for c in tok.children))
    )


def referents(sent: Any, frame: Frame, state: SpeakerState) -> tuple[str | None, str | None]:
    """What "they" and "it" may stand for after this sentence: its speaker or main subject
    when plural ("Five senators urged Akin to step aside."), else a plural noun subject
    elsewhere in it ("Romney added his voice after five senators urged Akin …"); its
    speaker when no person ("the hospital said"), else the main clause's subject when it is
    a common noun ("But the original called for …. It said …")."""
    subject = subject_of(frame.verb) if frame.verb is not None else None
    group = thing = None
    if subject is not None and frame.speaker:
        if _plural(subject):
            return frame.speaker, None
        if subject.pos_ in ("NOUN", "PROPN") and frame.speaker not in state.people:
            thing = frame.speaker
    subjects = [t for t in sent if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN")]
    plural = [t for t in subjects if _plural(t)]
    if plural:  # "… after five senators urged Akin to go."
        group = speaker_from(plural[0], state)
    main = subject_of(_root(sent))
    if thing is None and not frame.speaker and main is not None and _common_noun(main):
        thing = speaker_from(main, state)
    return group, thing
