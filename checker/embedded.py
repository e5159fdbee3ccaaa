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
    cut_before,
    is_reporting,
    name_phrase,
    speaker_from,
    speaker_of,
    subject_of,
)
from checker.speakers import SpeakerState

RELATIVE = frozenset({"who", "which"})
# Clauses that only frame the time or cause of the main one; "if" and "unless" make the
# report hypothetical, "as" sets off an attribution ("as the mayor said").
# "even though X have said …", "while X has said …": a concession states the report as a fact.
_FRAMING_MARKS = frozenset(
    {"when", "after", "since", "before", "once", "until", "as", "though", "although", "while",
     "whereas"}
)  # fmt: skip


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


_RELATIVE_WORDS = frozenset({"that", "which", "who", "whom"})
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
        or subject.lower_ in _RELATIVE_WORDS
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
    relword = None if mark is not None else next(
        (
            t
            for t in (*verb.doc[between.start : between.stop], *clause.subtree)
            if t.lower_ in _RELATIVE_WORDS and (t.tag_ in ("WDT", "WP") or t.dep_ in _GAP_DEPS)
        ),
        None,
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


# Marks that make a report hypothetical or open: "if he said …", "whether she said …".
_HEDGES = frozenset({"if", "whether", "unless"})


def _open_question(clause: Any) -> bool:
    """ "… have questioned [whether Trump has other priorities]": no statement."""
    return any(c.dep_ == "mark" and c.lower_ in _HEDGES for c in clause.children)


def _participle(verb: Any, root: Any) -> bool:
    """A reporting participle after the main clause, without a subject or mark of its own."""
    return bool(
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.head.i == root.i
        and verb.i > root.i
        and subject_of(verb) is None
        and not any(c.dep_ == "mark" for c in verb.children)
    )


def _as_report(verb: Any, root: Any) -> bool:
    """ "as X said" set off inside a clause below the main one, saying nothing of its own."""
    return bool(
        verb.dep_ == "advcl"
        and verb.head.i != root.i
        and verb.head.pos_ in ("VERB", "AUX")
        and subject_of(verb) is not None
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children)
    )


def _hung_report(verb: Any) -> bool:
    """A report with a subject of its own hung as the complement (or a noun's clause) of a
    word that reports nothing, not hypothetical ("if", "whether" above it) and no free relative ("what he
    said …": the writer's)."""
    subject = subject_of(verb)
    return bool(
        # a finite clause with a subject of its own hung on a noun ("CORRECTION: This
        # article originally said …") is no participle: a misparse like a complement's
        verb.dep_ in ("ccomp", "acl")
        and subject is not None
        and subject.lower_ not in _RELATIVE_WORDS | {"what"}
        and not is_reporting(verb.head)
        and not any(t.tag_ in ("WP", "WDT") for t in verb.doc[verb.left_edge.i : verb.i])
        and not any(
            c.dep_ == "mark" and c.lower_ in _HEDGES
            for a in (verb, *verb.ancestors)
            for c in a.children
        )
    )


def _complete(head: Any, clause: Any) -> bool:
    """Whether a word is whole without the clause hung on it: no verb, or a verb with an
    object or complement of its own before the clause."""
    return head.pos_ not in ("VERB", "AUX") or any(
        c.dep_ in ("dobj", "attr", "acomp", "oprd") and c.i < clause.i for c in head.children
    )


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
        if verb.i == root.i or not is_reporting(verb):
            continue
        if (report := gapped(verb, state)) is not None:
            out.append(report)  # the writer's sentence keeps the noun, not the report
            gaps.append(_span_with_commas(sent, verb) or (verb.left_edge.i, verb.right_edge.i + 1))
            continue
        if not inner and _as_report(verb, root):
            # "… the theme that, as Axelrod said, Biden showed “passion”": the clause the
            # attribution hangs on is what the speaker said; it leaves the writer's sentence
            speaker = speaker_of(verb, state)
            if speaker:
                gap = _span_with_commas(sent, verb) or (verb.left_edge.i, verb.right_edge.i + 1)
                out.append(Frame(speaker, verb, clause_extent(verb.head), verb.head, (gap,)))
                gaps.append(gap)
            continue
        if not inner:
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
                # the report leaves the writer's sentence, which keeps the noun: "The paper
                # found three other women [who said they had been pursued …]"
                gap = _span_with_commas(sent, verb) or (verb.left_edge.i, verb.right_edge.i + 1)
                gaps.append(gap)
        elif _participle(verb, root) and not _open_question(inner[0]):
            # "Romney released a statement late Tuesday saying: “…”": the participle's
            # speaker is the main clause's subject; the writer's sentence ends before it
            speaker = speaker_of(root, state)
            if speaker:
                out.append(Frame(speaker, verb, content, inner[0]))
                end = min(end, cut_before(sent, verb))
        elif _hung_report(verb) and not _open_question(inner[0]):
            # "… grown so heated that this month, Bishop Jenky said in a homily that …": a
            # report the parser hung as the complement of a word that reports nothing; when
            # it ends the sentence, it leaves the writer's sentence
            speaker = speaker_of(verb, state)
            if speaker:
                out.append(Frame(speaker, verb, content, inner[0]))
                # only where the writer's clause is whole without it ("so heated [that …]",
                # "has become such a part of his biography [that …]"), not where it is the
                # object ("didn't like [that the draft said …]")
                if _complete(verb.head, verb) and all(
                    t.is_punct for t in sent[verb.right_edge.i + 1 : end]
                ):
                    end = min(end, cut_before(sent, verb))
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
