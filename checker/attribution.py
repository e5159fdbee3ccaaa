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

from checker.embedded import RELATIVE, embedded, open_question
from checker.misread import misread
from checker.polarity import DENIAL, negated, polarity, quote_regions
from checker.referents import referents
from checker.reporting import (
    REPORTING,
    Frame,
    adjacent_subject,
    clause_extent,
    cut_at,
    cut_before,
    is_reporting,
    name_phrase,
    quoted_subject,
    speaker_from,
    speaker_of,
    subject_of,
)
from checker.segment import joined, own_subject
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


# What an attribution set off by punctuation holds besides its verb ("said Reid on the
# Senate floor on Tuesday", "he told reporters").
_ATTRIBUTION_PARTS = frozenset(
    {"nsubj", "aux", "neg", "advmod", "npadvmod", "prep", "dative", "dobj", "agent", "tmod"}
)
_EDGE_PUNCT = frozenset({",", "—", "–", "-", "“", "”", '"', "‘", "’", "'", ":"})


def _set_off(sent: Any, verb: Any, state: SpeakerState) -> Frame | None:
    """ "The talks stalled, officials said." / "The issues, Holder said, have simmered …" /
    "“I'm a New Yorker,” he said, “and …”" / "As the director has said, your statement …":
    an attribution set off by punctuation, at the end or inside the sentence, names the
    speaker of the rest, whatever the parser hung it on."""
    subject = subject_of(verb)
    if subject is None and verb.dep_ in ("conj", "parataxis"):
        subject = adjacent_subject(verb)
    quoted = quoted_subject(verb)
    if quoted is not None and (subject is None or subject.i < quoted.i):
        subject = quoted  # the parser took a noun inside the quotation for the subject
    if subject is None or subject.dep_ == "nsubjpass":
        return None
    if not (is_reporting(verb) or _quotative(sent, verb, subject)):
        return None
    if verb.dep_ == "relcl" or subject.lower_ in RELATIVE:  # "…, who said …": see embedded
        return None
    parts = [
        subject,
        # not the noun inside the quotation the parser took for the subject
        *(c for c in verb.children if c.dep_ in _ATTRIBUTION_PARTS and c.dep_ != "nsubj"),
    ]
    as_clause = verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    )
    if as_clause:  # only of the main clause: "as X said" deeper in it frames a part
        if verb.head.dep_ != "ROOT" or any(c.dep_ == "ccomp" for c in verb.children):
            return None
        parts += [c for c in verb.children if c.dep_ == "mark"]
    start = min([verb.i, *(p.left_edge.i for p in parts)])
    end = max([verb.i, *(p.right_edge.i for p in parts)]) + 1
    if start == 0 and not as_clause:
        # "In his statement, he said; “Compromise …”": what follows the colon or semicolon,
        # or a comma and a quotation ("The mayor later confirmed at the press conference, “…”")
        follows = end < len(sent) and (
            sent[end].text in (";", ":")
            or (sent[end].text == "," and end + 1 < len(sent) and sent[end + 1].is_quote)
        )
        if follows and _no_complement(verb):
            speaker = speaker_from(subject, state)
            return Frame(speaker, verb, (end + 1, len(sent)), _root(sent)) if speaker else None
        return _leading(sent, verb, end, state)
    opened = start > 0 and sent[start - 1].is_punct and sent[start - 1].text in _EDGE_PUNCT
    if not (opened or as_clause):
        return None
    # "…, the Democrat said on Wednesday, escalating the inquiry.": the attribution's own
    # clauses run to the end, so it trails too
    rest = sent[max(end, verb.right_edge.i + 1) :] if _no_complement(verb) else sent[end:]
    trailing = all(t.is_punct for t in rest)
    # "In his statement, he said; “…”": a semicolon may close an attribution, not open one
    # ("…, but later removed; the CIA agreed with that decision")
    if not trailing and sent[end].text not in _EDGE_PUNCT | {";"}:
        return None
    speaker = speaker_from(subject, state)
    if not speaker:
        return None
    while start > 0 and sent[start - 1].text in ",—–-":
        start -= 1
    if trailing:
        return Frame(speaker, verb, (0, start), _root(sent))
    while end < len(sent) and sent[end].text in ",—–-":
        end += 1
    return Frame(speaker, verb, (0, len(sent)), _root(sent), ((start, end),))


def _quotative(sent: Any, verb: Any, subject: Any) -> bool:
    """ "“It's completely inconsistent,” summarized Senor." / "“…,” the statement
    continued.": a subject and a verb with no object of its own ending the sentence right
    after a quotation's closing mark attribute the quotation, whatever the verb."""
    left = min(subject.left_edge.i, verb.i)
    right = max(subject.right_edge.i, verb.right_edge.i)
    # the quotation opens the sentence or before it, not inside it ("The senator reasoned
    # that while the mayor's comments have the power to “impact people's lives,” the new
    # councillor's comments do not.")
    openers = [t.i for t in sent[: max(left - 1, 0)] if t.is_quote]
    return bool(
        verb.pos_ == "VERB"
        and left >= 2
        and (not openers or openers == [0])
        and sent[left - 1].is_quote
        and sent[left - 2].text in (",", "!", "?", ".")
        and all(t.is_punct for t in sent[right + 1 :])
        and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp") and c.i > left
            for c in verb.children
        )
    )


def _no_complement(verb: Any) -> bool:
    return not any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in verb.children)


def _leading(sent: Any, verb: Any, end: int, state: SpeakerState) -> Frame | None:
    """ "On Thursday, Pence said on Fox News that the terms were clear: “…”": an attribution
    opening the sentence that the parser hung below the quotation's verb reports all that
    follows it (unless ", but" or ";" starts a clause of the writer's own)."""
    inner = [c for c in verb.children if c.dep_ == "ccomp" and c.i >= end]
    if verb.dep_ == "ROOT" or not inner or own_subject(sent, verb) is None:
        return None
    after = inner[0].right_edge.i + 1
    if after < len(sent) and joined(sent, after, len(sent)):
        return None
    speaker = speaker_of(verb, state)
    if not speaker:
        return None
    start = clause_extent(inner[0])[0]
    return Frame(speaker, verb, (start, len(sent)), inner[0])


def _root(sent: Any) -> Any:
    return next((t for t in sent if t.dep_ == "ROOT"), sent[0])


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
    return Frame(state.resolve(name_phrase(obj)), None, (0, len(sent)), _root(sent))


def frames(sent: Any, state: SpeakerState) -> list[Frame]:
    """The reporting frames of a parsed sentence, in order; when nothing reports the
    sentence, one frame without a speaker (the whole sentence, less what it reports of
    others, which gets frames of its own: see embedded)."""
    root = _root(sent)
    subject = subject_of(root)
    quotative = subject is not None and _quotative(sent, root, subject)
    found = _reported(sent, root, state) if is_reporting(root) or quotative else []
    if any(f.speaker for f in found):
        return found
    for verb in reversed(sent):
        if verb.i != root.i and verb.pos_ in ("VERB", "AUX"):
            set_off = _set_off(sent, verb, state)
            if set_off is not None:
                return [set_off]
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
