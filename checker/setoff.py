"""An attribution set off by punctuation, or opening the sentence: who speaks the rest.

"The talks stalled, officials said." / "The issues, Holder said, have simmered …" / "“I'm a
New Yorker,” he said, “and …”" / "As the director has said, …" / "On Thursday, Pence said on
Fox News that …": the parser may hang such an attribution anywhere; its punctuation and place
say it frames the rest of the sentence (checker.attribution reads the other shapes).
"""

from __future__ import annotations

from typing import Any

from checker.embedded import RELATIVE
from checker.reporting import (
    Frame,
    adjacent_subject,
    clause_extent,
    is_reporting,
    quoted_subject,
    speaker_from,
    speaker_of,
    subject_of,
)
from checker.segment import joined, own_subject
from checker.speakers import SpeakerState

# What an attribution set off by punctuation holds besides its verb ("said Reid on the
# Senate floor on Tuesday", "he told reporters").
_ATTRIBUTION_PARTS = frozenset(
    {"nsubj", "aux", "neg", "advmod", "npadvmod", "prep", "dative", "dobj", "agent", "tmod"}
)
_EDGE_PUNCT = frozenset({",", "—", "–", "-", "“", "”", '"', "‘", "’", "'", ":"})


def set_off(sent: Any, verb: Any, state: SpeakerState) -> Frame | None:
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
    if not (is_reporting(verb) or is_quotative(sent, verb, subject)):
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
            return Frame(speaker, verb, (end + 1, len(sent)), root_of(sent)) if speaker else None
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
        return Frame(speaker, verb, (0, start), root_of(sent))
    while end < len(sent) and sent[end].text in ",—–-":
        end += 1
    return Frame(speaker, verb, (0, len(sent)), root_of(sent), ((start, end),))


def is_quotative(sent: Any, verb: Any, subject: Any) -> bool:
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


def root_of(sent: Any) -> Any:
    return next((t for t in sent if t.dep_ == "ROOT"), sent[0])
