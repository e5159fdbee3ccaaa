"""Reports inside the writer's own sentence, each a claim of its own.

"DeMint would not go that far but said Steele must apologize": DeMint says "Steele must
apologize", the writer the rest. "Scalia, who said he was whipsawed, …": the relative
pronoun's antecedent speaks; a clause set off by commas (or after a name) leaves the
writer's sentence. "… since a session when he said he would insist …": a time clause's
report leaves the writer's sentence too.
"""

from __future__ import annotations

from typing import Any

from checker.reporting import (
    Frame,
    clause_extent,
    is_reporting,
    name_phrase,
    speaker_of,
    subject_of,
)
from checker.speakers import SpeakerState

RELATIVE = frozenset({"who", "which"})
# Clauses that only frame the time or cause of the main one; "if" and "unless" make the
# report hypothetical, "as" sets off an attribution ("as the mayor said").
_FRAMING_MARKS = frozenset({"when", "after", "since", "before", "once", "until", "as"})


def _span_with_commas(sent: Any, tok: Any) -> tuple[int, int] | None:
    """A clause's tokens with the comma before it (and one after), when commas set it off."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    if start == 0 or sent[start - 1].text != ",":
        return None
    if end < len(sent) and sent[end].text == ",":
        end += 1
    return start - 1, end


def sent_before(tok: Any) -> Any:
    """The word before a token, over commas."""
    at = tok.i - 1
    while at >= 0 and tok.doc[at].text == ",":
        at -= 1
    return tok.doc[at] if at >= 0 else None


def _relative_speaker(verb: Any, state: SpeakerState) -> str | None:
    """Who speaks in a relative clause with a report: the antecedent of "who" or "which"
    ("Scalia, who said he was …", "a report that said …"), or the clause's own subject when the relative word is
    its own ("the comment in which he said he doesn't …"). A report whose complement holds
    the relative's gap ("the bill which he said he would sign") says nothing whole."""
    subject = subject_of(verb)
    if subject.lower_ == "that" and verb.head.pos_ == "NOUN":  # "a report that said …"
        return state.resolve(name_phrase(verb.head))
    if subject.lower_ in RELATIVE:
        before = sent_before(subject)
        antecedent = verb.head
        if antecedent.pos_ != "PROPN" and before is not None and before.pos_ == "PROPN":
            antecedent = before  # "the ire of Scalia who said": the name just before
        return state.resolve(name_phrase(antecedent))
    own = [c for c in verb.children if c.dep_ != "ccomp"]
    if any(t.tag_ in ("WDT", "WP", "WP$", "WRB") for c in own for t in c.subtree):
        return speaker_of(verb, state)
    return None


def _conj_root(verb: Any) -> int:
    """The first verb of a chain of coordinated verbs ("stormed back, leaned in and said")."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return int(verb.i)


def embedded(sent: Any, main: Frame, state: SpeakerState) -> list[Frame]:
    """The writer's sentence and the reports inside it, each a frame of its own:
    "DeMint would not go that far but [said] Steele must apologize" (a verb sharing the
    subject: DeMint says "Steele must apologize", the writer the rest), "Scalia, who [said]
    he was whipsawed, …" (the relative pronoun's antecedent speaks; a clause set off by
    commas leaves the writer's sentence), "… since a session when he [said] he would insist …"
    (a time clause's report: the clause leaves the writer's sentence)."""
    root, (start, end) = main.head, main.content
    gaps: list[tuple[int, int]] = []
    out: list[Frame] = []
    for verb in sent:
        inner = [c for c in verb.children if c.dep_ == "ccomp"] or [
            c  # ", and said, “Let me be clear …”": a quotation the parser hung otherwise
            for c in verb.children
            if c.dep_ in ("xcomp", "parataxis") and c.i > verb.i and sent[c.i - 1].is_punct
        ]
        if verb.i == root.i or not inner or not is_reporting(verb):
            continue
        content = clause_extent(inner[0])
        if verb.dep_ == "conj" and _conj_root(verb) == root.i and subject_of(verb) is None:
            speaker = speaker_of(root, state)
            if speaker:
                out.append(Frame(speaker, verb, content, inner[0]))
                cut = verb.left_edge.i
                while cut > start and (sent[cut - 1].is_punct or sent[cut - 1].dep_ == "cc"):
                    cut -= 1
                end = min(end, cut)
        elif verb.dep_ == "relcl" and subject_of(verb) is not None:
            speaker = _relative_speaker(verb, state)
            if speaker:
                out.append(Frame(speaker, verb, content, inner[0]))
                gap = _span_with_commas(sent, verb)
                if gap is None and (sent_before(verb.left_edge) or verb).pos_ == "PROPN":
                    # "Scalia who said …": a relative after a name is not restrictive
                    gap = (verb.left_edge.i, verb.right_edge.i + 1)
                gaps.extend([gap] if gap else [])
        elif verb.dep_ == "advcl" and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in _FRAMING_MARKS for c in verb.children
        ):
            speaker = speaker_of(verb, state)
            if speaker:
                out.append(Frame(speaker, verb, content, inner[0]))
                gaps.append(
                    _span_with_commas(sent, verb) or (verb.left_edge.i, verb.right_edge.i + 1)
                )
    kept = tuple(sorted((a, min(b, end)) for a, b in gaps if start <= a < end))
    return [Frame(None, None, (start, end), root, kept), *out]
