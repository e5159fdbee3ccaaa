"""Reporting verbs, and the speaker and content they give, read from the dependency parse.

The reporting verbs are the members of the VerbNet 3.3 communication classes (Kipper
Schuler 2005; https://verbs.colorado.edu/verbnet/): say-37.7, tell-37.2, transfer_mesg-37.1.1,
inquire-37.1.2, manner_speaking-37.3, complain-37.8, advise-37.9, lecture-37.11,
confess-37.10, promise-13.3 (the verbs of promising), and of the classes of attitude verbs
that PARC 3.0 (Pareti 2016, "PARC 3.0: A Corpus of Attribution Relations", LREC) annotates as
attribution cues: declare-29.4 and conjecture-29.5 (believe, think, expect …).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.speakers import SpeakerState

REPORTING = frozenset([
    "say", "tell", "state", "declare", "announce", "report", "claim", "assert", "affirm",
    "allege", "maintain", "insist", "contend", "argue", "confirm", "deny", "acknowledge",
    "admit", "concede", "confess", "disclose", "reveal", "explain", "note", "observe",
    "remark", "comment", "mention", "add", "stress", "emphasize", "emphasise", "underline",
    "reiterate", "repeat", "write", "tweet", "post", "warn", "caution", "urge", "advise",
    "recommend", "suggest", "propose", "predict", "promise", "vow", "pledge", "guarantee",
    "swear", "assure", "threaten", "ask", "inquire", "question", "reply", "respond", "answer",
    "retort", "counter", "rebut", "complain", "protest", "lament", "object", "criticize",
    "criticise", "accuse", "charge", "blame", "describe", "recall", "recount", "testify",
    "indicate", "signal", "hint", "imply", "believe", "think", "expect", "hope", "fear",
    "estimate", "reckon", "conclude", "express", "dispute", "reject", "dismiss", "refute",
    "rebuff", "announce", "proclaim", "decry", "concur", "agree",
])  # fmt: skip
_SUBJECTS = ("nsubj", "nsubjpass")
# Dependents of a speaker's head noun that belong to its name ("head of the agency").
_NAME_PARTS = ("compound", "flat", "prep", "pobj", "nummod", "amod", "det", "poss", "case")


@dataclass(frozen=True)
class Frame:
    """A reporting frame in a parsed sentence: who speaks, with which verb, and the token
    range (start, end: token indices) of what they say, less the token ranges in `gaps`
    (an attribution or a relative clause inside it: "The issues, [Holder said,] have …"),
    with `insert` (start, end, at) the token range start..end read before token `at`: the
    antecedent of a relative clause put back into the gap it left in the report ("the bill,
    which he said threatens …" -> "the bill threatens …")."""

    speaker: str | None
    verb: Any  # the reporting verb's token, or None ("according to")
    content: tuple[int, int]
    head: Any  # the head token of the content
    gaps: tuple[tuple[int, int], ...] = ()
    insert: tuple[int, int, int] | None = None


def is_reporting(token: Any) -> bool:
    return bool(token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in REPORTING)


def subject_of(verb: Any) -> Any:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def name_phrase(head: Any) -> str:
    """A speaker's name: the head noun with its left modifiers and name-like dependents,
    without appositions or relative clauses ("Shelton, director of …" -> "Shelton")."""
    parts = (
        [head] if head.dep_ == "conj" else [head, *(c for c in head.children if c.dep_ == "conj")]
    )
    names = []
    for part in parts:
        keep = [part]
        stack = [c for c in part.children if c.dep_ in _NAME_PARTS]
        while stack:
            tok = stack.pop()
            if tok.dep_ == "prep" and (tok.lower_ != "of" or tok.i < part.i):
                continue
            keep.append(tok)
            stack.extend(c for c in tok.children if c.dep_ in _NAME_PARTS and c.pos_ != "VERB")
        first, last = min(t.i for t in keep), max(t.i for t in keep)
        if last - first > 10:
            first = min(
                (t.i for t in keep if t.i <= part.i and t.dep_ in ("compound", "flat")),
                default=part.i,
            )
            first, last = min(first, part.i), part.i
        phrase = part.doc[first : last + 1]
        text = phrase.text
        common = phrase[0].pos_ == "DET" or phrase[0].tag_ == "NNS"
        if phrase[0].is_sent_start and common and not text[1:2].isupper():
            text = text[:1].lower() + text[1:]  # "Officials said" -> "officials"
        names.append(text)
    return " and ".join(names)


def loose_subject(verb: Any) -> Any:
    """The speaker of a reporting root the parser gave no subject: the name set off by commas
    just before it, hung elsewhere ("In a statement Thursday, Mark Sheridan, a partner with
    the firm, said …", "Senator Harry Reid, a Democrat facing a difficult fight, said …")."""
    sent = verb.doc

    def opens(tok: Any) -> bool:  # the phrase starts the sentence or follows a comma
        return bool(tok.left_edge.i == 0 or sent[tok.left_edge.i - 1].text == ",")

    k = verb.i - 1  # over punctuation and the verb's own "had", "also"
    while k >= 0 and (
        sent[k].is_punct or (sent[k].head.i == verb.i and sent[k].dep_ in ("aux", "neg", "advmod"))
    ):
        k -= 1
    if k < 0:
        return None
    found, tok = None, sent[k]
    while tok.i != verb.i and tok.head.i != tok.i:
        if tok.dep_ in ("conj", "appos", "attr") and tok.pos_ in ("PROPN", "NOUN") and opens(tok):
            found = tok
        # "In the papers, prosecutors and lawyers for … said": the name a conjunct of a
        # phrase on the path, its own words hung elsewhere
        found = next(
            (
                c
                for c in tok.children
                if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") and c.i < k and opens(c)
            ),
            found,
        )
        tok = tok.head
    if found is not None:
        return found
    for clause in verb.children:  # the subject taken by a clause before the verb
        subject = (
            subject_of(clause) if clause.i < verb.i and clause.dep_ in ("advcl", "ccomp") else None
        )
        if subject is not None and subject.pos_ in ("PROPN", "NOUN") and opens(subject):
            return subject
    return None


def quoted_subject(verb: Any) -> Any:
    """ "“His conduct should concern every American,” House Freedom Caucus Chairman Mark
    Meadows, R-N.C., said …": the name right after a quotation's closing mark (and its comma)
    before a reporting verb without a subject, which the parser hung inside the quotation.
    Nothing but names, commas and their appositions may stand between."""
    sent, k = verb.doc, verb.i - 1
    while k >= 0 and not sent[k].is_quote:
        if sent[k].pos_ in ("VERB", "AUX", "PRON", "SCONJ", "ADP"):
            return None
        k -= 1
    if k < 1 or sent[k - 1].text not in (",", "!", "?", "."):
        return None  # an opening quotation mark, not a closing one
    end = next((t.i for t in sent[k + 1 : verb.i] if t.text == ","), verb.i)
    head = sent[end - 1] if end - 1 > k else None
    return head if head is not None and head.pos_ in ("PROPN", "NOUN") else None


def adjacent_subject(verb: Any) -> Any:
    """ "…, the committee's senior Democrat said on Wednesday": a noun phrase set off by a
    comma just before a verb without a subject, which the parser hung on the phrase before."""
    sent, k = verb.doc, verb.i - 1
    if k < 1 or sent[k].pos_ not in ("NOUN", "PROPN") or sent[k].right_edge.i != k:
        return None
    first = sent[k].left_edge.i
    return sent[k] if first > 0 and sent[first - 1].text == "," else None


def speaker_of(verb: Any, state: SpeakerState) -> str | None:
    subject = subject_of(verb)
    if subject is None and verb.dep_ == "ROOT":
        subject = loose_subject(verb)
    return speaker_from(subject, state)


def _antecedent(pronoun: Any) -> Any:
    """The subject earlier in the same sentence that "they" or "it" stands for ("Liberal groups
    prepared for a march that they said could draw …"): the nearest plural noun subject for
    "they", singular for "it", of a clause the pronoun's clause hangs under or of an adverbial
    clause hung on one; a named person for "he" and "she" ("Former Rep. Jane Roe, who led the
    review, appeared to ease off -- she said …")."""
    plural = pronoun.lower_ == "they"
    person = pronoun.lower_ in ("he", "she")
    above = {a.i for a in pronoun.ancestors}  # a clause the pronoun's own clause hangs under
    for tok in reversed(pronoun.doc[: pronoun.i]):
        # or of a time or cause clause hung on one ("when a national outlet produced a
        # profile …, it said …")
        clause = tok.head.i in above or (tok.head.dep_ == "advcl" and tok.head.head.i in above)
        if tok.dep_ == "nsubj" and tok.pos_ in ("NOUN", "PROPN") and clause:
            many = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)
            if many == plural and (not person or tok.ent_type_ == "PERSON"):
                return tok
    return None


def speaker_from(subject: Any, state: SpeakerState) -> str | None:
    if subject is None or subject.dep_ == "nsubjpass":
        return None
    if subject.lower_ in ("they", "it", "he", "she"):
        subject = _antecedent(subject) or subject
    phrase = name_phrase(subject)
    if " and " in phrase and phrase[:1].isupper():
        return " and ".join(filter(None, (state.resolve(p) for p in phrase.split(" and "))))
    return state.resolve(phrase)


def clause_extent(head: Any) -> tuple[int, int]:
    """Token range of a clause's subtree without its leading "that" and edge punctuation."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    doc = head.doc
    while start < end and (doc[start].dep_ in ("mark", "punct") or doc[start].is_quote):
        if doc[start].dep_ == "mark" and doc[start].lower_ not in ("that",):
            break
        start += 1
    while end > start and (doc[end - 1].dep_ == "cc" or doc[end - 1].text in ",;:—–-"):
        end -= 1
    if end < len(doc) and doc[end].text in (".", "!", "…") and all(t.is_punct for t in doc[end:]):
        end += 1  # the sentence's own full stop ends the reported clause too
    return start, end


def cut_before(sent: Any, head: Any) -> int:
    """Where the content before a trailing clause ends (its commas and dashes left out)."""
    end: int = head.left_edge.i
    while end > 0 and sent[end - 1].is_punct and sent[end - 1].text in ",—–-":
        end -= 1
    return end


def cut_at(sent: Any, at: int) -> int:
    """Where a clause ends before token `at`: the commas and conjunction between left out."""
    while at > 0 and (sent[at - 1].is_punct or sent[at - 1].dep_ == "cc"):
        at -= 1
    return at
