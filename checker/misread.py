"""Reports the tagger or the parser hid: reporting verbs not tagged as verbs, and a
quotation whose reporting verb the parser hung below a verb that reports nothing. Read from
the verb's lemma and the shape of the parse around it, not from its part of speech.

The small English model tags a reporting verb as an auxiliary when a long participial
clause opens the sentence ("Asked about the delay, the city's chief engineer said it was
unavoidable": "said" an `auxpass` of "Asked", the name a stray prepositional object), and
as a noun in an infinitive before a colon ("The minister was quick to retort: “…”": "to" a
preposition, "retort" its object). Both still head what is said: the first has a clause
of its own (a `ccomp`), the second the words after the colon. A quotation opening
the sentence is what a reporting verb after it says when that verb hangs, with a subject of
its own, below the main verb ("“We will win,” the footage showed the mayor telling
supporters."). These rules take the lemma (one of checker.reporting's verbs) and the
dependency shape, never the sentence's words.
"""

from __future__ import annotations

from typing import Any

from checker.models import nlp
from checker.reporting import (
    REPORTING,
    Frame,
    clause_extent,
    is_reporting,
    name_phrase,
    speaker_from,
    subject_of,
)
from checker.speakers import SpeakerState

# what a name's head noun may carry on its left and still be read as the speaker
_NAME_LEFT = frozenset({"compound", "flat", "amod", "det", "poss", "case", "nmod"})


def _reporting_lemma(tok: Any) -> bool:
    return bool(tok.lemma_.lower() in REPORTING or nlp.verb_lemma(tok.text) in REPORTING)


def _name_before(tok: Any) -> Any:
    """The head of the noun phrase that ends right before a token and is set off before it
    by a comma (or opens the sentence): "…, Attorney General Jane Roe said"."""
    sent = tok.doc
    k = tok.i - 1
    if k < 0 or sent[k].pos_ not in ("PROPN", "NOUN") or sent[k].right_edge.i != k:
        return None
    head = sent[k]
    first = k  # over the noun's own left words, not over a clause hung on it
    while first > 0 and sent[first - 1].head.i == head.i and sent[first - 1].dep_ in _NAME_LEFT:
        first -= 1
    while (
        first > 0
        and sent[first - 1].head.i in range(first, k + 1)
        and (sent[first - 1].dep_ in ("compound", "flat"))
    ):
        first -= 1
    return head if first == 0 or sent[first - 1].text == "," else None


def auxiliary_report(sent: Any, state: SpeakerState) -> Frame | None:
    """ "Asked about the delay, the city's chief engineer said it was unavoidable.": a
    reporting verb tagged as an auxiliary, hung on the sentence's opening participle, that
    heads a clause of its own; the speaker is the name set off right before it."""
    for tok in sent:
        if tok.dep_ not in ("aux", "auxpass") or tok.head.i >= tok.i:
            continue  # an auxiliary stands before its verb
        if tok.head.dep_ != "ROOT" or tok.head.tag_ != "VBN" or not _reporting_lemma(tok):
            continue  # only on an opening participle ("Asked …, X said")
        inner = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
        subject = _name_before(tok)
        if not inner or subject is None:
            continue
        speaker = state.resolve(name_phrase(subject))
        if speaker:
            tok.lemma_ = nlp.verb_lemma(tok.text)  # the claim's verb: "say", not "said"
            return Frame(speaker, tok, clause_extent(inner[0]), inner[0])
    return None


def _clause_subject(tok: Any) -> Any:
    """The subject of the nearest clause above a token ("Biden was quick [to retort]")."""
    for above in tok.ancestors:
        if above.pos_ in ("VERB", "AUX"):
            return subject_of(above)
    return None


def infinitive_report(sent: Any, state: SpeakerState) -> Frame | None:
    """ "The minister was quick to retort: “…”": an infinitive of a reporting verb (tagged
    as a verb or, wrongly, as a noun after "to") with nothing of its own after it but a
    colon reports what follows the colon; the speaker is the subject of the clause above."""
    for tok in sent[1:-2]:
        before, after = sent[tok.i - 1], sent[tok.i + 1]
        if before.lower_ != "to" or after.text != ":" or not _reporting_lemma(tok):
            continue
        if tok.lower_ != tok.lemma_.lower() or tok.pos_ not in ("VERB", "NOUN"):
            continue  # the base form only: "to reports:" is no infinitive
        if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
            continue
        subject = _clause_subject(before if tok.pos_ == "NOUN" else tok)
        if subject is None or subject.dep_ == "nsubjpass" or subject.i > tok.i:
            continue
        speaker = speaker_from(subject, state)
        root = next((t for t in sent if t.dep_ == "ROOT"), sent[0])
        if speaker:
            return Frame(speaker, tok, (after.i + 1, len(sent)), root)
    return None


def _closing_quote(sent: Any) -> int | None:
    """Where the quotation opening the sentence closes after its comma ("“…,” the …"),
    when no other quotation opens after it."""
    if not sent[0].is_quote:
        return None
    marks = [t.i for t in sent[1:] if t.is_quote]
    if len(marks) != 1 or marks[0] < 2 or sent[marks[0] - 1].text not in (",", "!", "?"):
        return None
    return int(marks[0])


def shown_report(sent: Any, state: SpeakerState) -> Frame | None:
    """ "“We will win,” the footage showed the mayor telling supporters.": after a
    quotation opening the sentence, a reporting verb with a subject of its own, hung below
    the main verb with nothing to report of its own, says the quotation."""
    close = _closing_quote(sent)
    root = next((t for t in sent if t.dep_ == "ROOT"), sent[0])
    if close is None or root.i < close or is_reporting(root):
        return None
    for tok in sent[root.i + 1 :]:
        if not is_reporting(tok) or tok.head.i != root.i or tok.dep_ not in ("ccomp", "xcomp"):
            continue
        subject = subject_of(tok)
        if subject is None or subject.dep_ == "nsubjpass" or subject.i < root.i:
            continue
        if any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in tok.children):
            continue
        if not all(t.is_punct for t in sent[tok.right_edge.i + 1 :]):
            continue
        speaker = speaker_from(subject, state)
        if speaker:
            end = close + 1 if close > 0 else close
            return Frame(speaker, tok, (0, end), root)
    return None


def misread(sent: Any, state: SpeakerState) -> Frame | None:
    """A report the tagger or the parser hid, if the sentence holds one."""
    return (
        auxiliary_report(sent, state) or infinitive_report(sent, state) or shown_report(sent, state)
    )
