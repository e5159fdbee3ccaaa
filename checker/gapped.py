"""Reports in relative clauses whose complement holds the noun's gap: "the bill, which he
said threatens …" -> "The bill threatens …" by him; the noun goes back into the gap.
"""

from __future__ import annotations

from typing import Any

from checker.reporting import Frame, clause_extent, is_reporting, speaker_from, subject_of
from checker.speakers import SpeakerState

RELATIVE_WORDS = frozenset({"that", "which", "who", "whom"})
# what a relative word is in its clause ("that" tagged as a conjunction still fills a gap)
_NOUN_PHRASE = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "advmod"}
)
_GAP_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
_ARGUMENTS = frozenset({"dobj", "attr", "ccomp", "xcomp", "acomp", "oprd", "dative"})


def _target(clause: Any) -> Any:
    """The verb of a reported clause whose object a relative's gap stands for: the last of its
    chain of infinitives ("did not want to hear")."""
    while True:
        nxt = next((c for c in clause.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if nxt is None:
            return clause
        clause = nxt


def _relative_that(verb: Any) -> Any:
    """The "that" opening a report the parser hung as a complement of the verb before it,
    though it follows a noun and its own complement lacks a subject: a relative clause ("for
    a march on Saturday [that they said could draw …]")."""
    if verb.dep_ != "ccomp" or verb.i < verb.head.i:
        return None
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    if mark is None or mark.i != verb.left_edge.i or mark.i == 0:
        return None
    return mark if verb.doc[mark.i - 1].pos_ in ("NOUN", "PROPN") else None


def _noun_before(mark: Any) -> Any:
    """The noun phrase that ends just before a token: its highest noun ("a march on Saturday"
    -> "march"), through the prepositions that hang on it."""
    tok, found = mark.doc[mark.i - 1], None
    while tok.right_edge.i == mark.i - 1 and tok.pos_ in ("NOUN", "PROPN", "ADP"):
        if tok.pos_ != "ADP":
            found = tok
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return found


def gapped(verb: Any, state: SpeakerState) -> Frame | None:
    """ "the bill, which he said threatens …", "a debate that two candidates said they would
    attend": a report in a relative clause whose complement lacks the noun the clause hangs
    on. The clause's subject speaks; the noun goes back into the gap (as the subject when the
    complement has none or the relative word is its subject, else after the verb that lacks
    its object)."""
    noun, subject = verb.head, subject_of(verb)
    mark = _relative_that(verb)
    if mark is not None:  # "a march on Saturday that they said could draw …" (as a ccomp)
        noun = _noun_before(mark)
    inner = [  # a finite complement the parser took for an infinitive ("said lacks") too
        c
        for c in verb.children
        if c.i > verb.i
        and (c.dep_ == "ccomp" or (c.dep_ == "xcomp" and c.tag_ in ("VBZ", "VBD", "VBP")))
    ]
    if (
        (verb.dep_ not in ("relcl", "acl") and mark is None)
        or noun is None
        or noun.pos_ not in ("NOUN", "PROPN")
        or noun.dep_ in ("ccomp", "ROOT")  # a noun heading a clause: a misparse
        or noun.i > verb.i
        or subject is None
        or subject.lower_ in RELATIVE_WORDS
        or not inner
        or not is_reporting(verb)
    ):
        return None
    clause = inner[0]
    # "… a presentation that he said [those present at a meeting] did not want to hear": an
    # object of the verb's own before a complement without a subject is that complement's
    # subject, misparsed; any other object leaves the gap unclear
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.tag_ not in ("WDT", "WP")]
    lent = objects[0] if objects and verb.i < objects[0].i < clause.i else None
    if objects and (lent is None or len(objects) > 1 or subject_of(clause) is not None):
        return None
    if mark is not None and subject_of(clause) is not None:
        return None  # "that" a complementizer after all: the complement lacks nothing
    between = range(noun.i + 1, subject.left_edge.i)
    relword = (
        None
        if mark is not None
        else next(
            (
                t
                for t in (*verb.doc[between.start : between.stop], *clause.subtree)
                if t.lower_ in RELATIVE_WORDS and (t.tag_ in ("WDT", "WP") or t.dep_ in _GAP_DEPS)
            ),
            None,
        )
    )
    if relword is not None and relword.dep_ == "pobj":  # "the comment in which he said …"
        return None
    end = relword.i if relword is not None and relword.i < subject.i else subject.left_edge.i
    if mark is not None:
        end = mark.i
    # the noun phrase's own words before the noun ("the health care law"), not a subject the
    # parser gave the noun ("made [it] a dangerous environment")
    start = min(
        [noun.i, *(c.left_edge.i for c in noun.lefts if c.dep_ in _NOUN_PHRASE)], default=noun.i
    )
    while end > start and (verb.doc[end - 1].is_punct or verb.doc[end - 1].dep_ == "mark"):
        end -= 1
    if end - start > 12 or any(t.pos_ in ("VERB", "AUX") for t in verb.doc[start:end]):
        return None
    # the relative word may open the complement's subtree before the verb: it starts after it
    content = (max(clause_extent(clause)[0], verb.i + 1), clause_extent(clause)[1])
    if lent is not None:
        content = (lent.left_edge.i, content[1])
    gaps = ((relword.i, relword.i + 1),) if relword is not None and relword.i >= content[0] else ()
    if mark is not None or (
        relword is not None
        and (relword.dep_ in ("nsubj", "nsubjpass") or subject_of(clause) is None)
    ):
        at = content[0]
    elif subject_of(clause) is None and lent is None:
        # "Not a single thing he said is accurate": without a relative word, a complement
        # without a subject is mostly the sentence's own verb hung on the report
        return None
    else:
        target = _target(clause)
        if any(
            c.dep_ in _ARGUMENTS for c in target.children if relword is None or c.i != relword.i
        ):
            return None
        at = max([target.i, *(c.i for c in target.children if c.dep_ == "prt")]) + 1
    speaker = speaker_from(subject, state)
    if not speaker:
        return None
    return Frame(speaker, verb, content, clause, gaps, (start, end, at))
