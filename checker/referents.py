"""What "they", "it", "he" and "she" may stand for after a sentence, read from its parse and
its frame: a plural speaker or subject for "they", a speaker that is no person or a
common-noun main subject for "it", the one person the sentence names when that person is
its main subject for "he" and "she" (checker.speakers keeps them for the next sentences).
"""

from __future__ import annotations

from typing import Any

from checker.reporting import Frame, speaker_from, subject_of
from checker.speakers import TITLES, SpeakerState, strip_titles


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


def _person_subject(sent: Any, state: SpeakerState) -> str | None:
    """The person the sentence's main subject names, when it names no other person
    ("Director of Intelligence Jane Roe issued a statement late Thursday.")."""
    from checker.claimtext import entities  # claimtext imports this module's package

    main = subject_of(_root(sent))
    if main is None or main.pos_ != "PROPN" or main.dep_ != "nsubj":
        return None
    people = [(a, b, text) for a, b, label, text in entities(sent) if label == "PERSON"]
    if len({text for *_, text in people}) != 1:
        return None
    start, end, _ = people[0]
    if not start <= main.i < end and not (
        # "Director of National Intelligence Jane Roe": a title heads the name
        main.lower_ in TITLES
        and end == main.right_edge.i + 1
        and main.i < start
        and not any(t.pos_ == "ADP" and t.lower_ != "of" for t in sent[main.i : start])
    ):
        return None
    name = strip_titles(people[0][2])
    last = state.last_speaker
    if last and len(name.split()) == 1 and last.split()[-1] == name:
        return last  # "Mr. Roe" after "Jim Roe said": not an earlier "Ann Roe"
    return state.canonical(name)


def _spoken_of(verb: Any) -> Any:
    """The people a speaker speaks of ("said of the governor and his deputy"), when more
    than one: whom a "they" in the quote that follows most likely means."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "about")):
        for noun in (g for g in prep.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")):
            if _plural(noun):
                return noun
    return None


def referents(
    sent: Any, frame: Frame, state: SpeakerState
) -> tuple[str | None, str | None, str | None]:
    """What "they" and "it" may stand for after this sentence: its speaker or main subject
    when plural ("Five senators urged Akin to step aside."), else a plural noun subject
    elsewhere in it ("Romney added his voice after five senators urged Akin …"); its
    speaker when no person ("the hospital said"), else the main clause's subject when it is
    a common noun ("But the original called for …. It said …"); the person the main subject
    names, alone among the people it names ("Jane Roe issued a statement. She said …")."""
    subject = subject_of(frame.verb) if frame.verb is not None else None
    group = thing = None
    person = _person_subject(sent, state)
    if subject is not None and frame.speaker:
        if _plural(subject):
            return frame.speaker, None, person
        if subject.pos_ in ("NOUN", "PROPN") and frame.speaker not in state.people:
            thing = frame.speaker
    subjects = [t for t in sent if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN")]
    plural = [t for t in subjects if _plural(t)]
    if plural:  # "… after five senators urged Akin to go."
        group = speaker_from(plural[0], state)
    spoken_of = _spoken_of(frame.verb) if frame.verb is not None else None
    if spoken_of is not None:  # '"…," the mayor said of the governor and his deputy. "They …"'
        group = speaker_from(spoken_of, state)
    main = subject_of(_root(sent))
    if thing is None and not frame.speaker and main is not None and _common_noun(main):
        thing = speaker_from(main, state)
    return group, thing, person
