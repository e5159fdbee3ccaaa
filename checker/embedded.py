"""Reports inside the writer's own sentence, each a claim of its own.

"DeMint would not go that far but said Steele must apologize": DeMint says "Steele must
apologize", the writer the rest. "Scalia, who said he was whipsawed, …": the relative
pronoun's antecedent speaks; a clause set off by commas (or after a name) leaves the
writer's sentence. "… since a session when he said he would insist …": a time clause's
report leaves the writer's sentence too. "Reid broke with Obama, saying …": a participle
speaks for the main clause's subject. "… the theme that, as Axelrod said, Biden showed …":
the clause "as X said" hangs on is X's. Reports the parser hung as the complement of a word
that reports nothing ("so heated that … Bishop Jenky said …") are claims of their own; a
relative clause's report whose complement holds the noun's gap: checker.gapped.
"""

from __future__ import annotations

from typing import Any

from checker.gapped import RELATIVE_WORDS, gapped
from checker.reporting import (
    Frame,
    clause_extent,
    cut_before,
    is_reporting,
    name_phrase,
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


# Marks that make a report hypothetical or open: "if he said …", "whether she said …".
_HEDGES = frozenset({"if", "whether", "unless"})


def open_question(clause: Any) -> bool:
    """A complement that states nothing: an open question ("… have questioned [whether
    the minister has other priorities]") or a free relative ("described [what he called …]")."""
    return clause.left_edge.tag_ == "WP" or any(
        c.dep_ == "mark" and c.lower_ in _HEDGES for c in clause.children
    )


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
    word that reports nothing, not hypothetical ("if", "whether" above it) and no free
    relative ("what he said …": the writer's)."""
    subject = subject_of(verb)
    return bool(
        # an infinitive reports nothing said ("Do not allow anyone to tell you that …")
        not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        # a finite clause with a subject of its own hung on a noun ("CORRECTION: This
        # article originally said …") is no participle: a misparse like a complement's
        and verb.dep_ in ("ccomp", "acl")
        and subject is not None
        and subject.lower_ not in RELATIVE_WORDS | {"what"}
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


def _tense(verb: Any) -> str:
    return ",".join(verb.morph.get("Tense")) if "Fin" in verb.morph.get("VerbForm") else ""


def _conj_root(verb: Any) -> int:
    """The first verb of a chain of coordinated verbs ("stormed back, leaned in and said").
    A verb the parser coordinated with a relative clause's verb of another tense, in the
    main verb's tense, is the main verb's ("He called the plan that allows … “reckless” and
    said …": "said" goes with "called", not with "allows")."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        head, root = verb.head, verb.sent.root
        if (
            head.dep_ in ("relcl", "acl")
            and _tense(verb) not in ("", _tense(head))
            and _tense(root) == _tense(verb)
            and subject_of(root) is not None
        ):
            return int(root.i)
        verb = head
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
        elif _participle(verb, root) and not open_question(inner[0]):
            # "Romney released a statement late Tuesday saying: “…”": the participle's
            # speaker is the main clause's subject; the writer's sentence ends before it
            speaker = speaker_of(root, state)
            if speaker:
                out.append(Frame(speaker, verb, content, inner[0]))
                end = min(end, cut_before(sent, verb))
        elif _hung_report(verb) and not open_question(inner[0]):
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
