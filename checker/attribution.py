"""Who a sentence attributes its statement to, read from the dependency parse.

A reporting verb gives the speaker (its nominal subject) and the reported content (its
clausal complement, kept whole): "The minister said [the rebels gave mixed signals]",
"“[We will not],” said Hilary Shelton, director of …", "X told Y [that …]". A reporting verb
with a noun object ("Officials confirmed the report") keeps the whole sentence as content.
A trailing ", officials said" or "according to X" names the speaker of the rest.

The reporting verbs are the members of the VerbNet 3.3 communication classes (Kipper
Schuler 2005; https://verbs.colorado.edu/verbnet/): say-37.7, tell-37.2, transfer_mesg-37.1.1,
inquire-37.1.2, manner_speaking-37.3, complain-37.8, advise-37.9, lecture-37.11,
confess-37.10, promise-13.3 (the verbs of promising), and of the classes of attitude verbs
that PARC 3.0 (Pareti 2016, "PARC 3.0: A Corpus of Attribution Relations", LREC) annotates as
attribution cues: declare-29.4 and conjecture-29.5 (believe, think, expect …). The denial
verbs, whose content their speaker rejects, are VerbNet's deny/refute senses (conjecture-29.5-2
deny, dispute; reject/dismiss of the PARC cue list). Pronouns resolve to the most recent
speaker, else the most recent named person (checker.speakers).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from checker.polarity import DENIAL, negated, polarity, quote_regions
from checker.segment import joined, own_subject
from checker.speakers import SpeakerState, strip_titles

__all__ = [
    "DENIAL",
    "Frame",
    "SpeakerState",
    "clause_frame",
    "frames",
    "negated",
    "polarity",
    "quote_regions",
    "referents",
    "strip_titles",
]

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
    (an attribution or a relative clause inside it: "The issues, [Holder said,] have …")."""

    speaker: str | None
    verb: Any  # the reporting verb's token, or None ("according to")
    content: tuple[int, int]
    head: Any  # the head token of the content
    gaps: tuple[tuple[int, int], ...] = ()


def is_reporting(token: Any) -> bool:
    return bool(token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in REPORTING)


def _subject(verb: Any) -> Any:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def _phrase(head: Any) -> str:
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


def _loose_subject(verb: Any) -> Any:
    """The speaker of a reporting root the parser gave no subject: the name set off by commas
    just before it, hung elsewhere ("In a statement Thursday, Mark Sheridan, a partner with
    the firm, said …", "Senator Harry Reid, a Democrat facing a difficult fight, said …")."""
    sent = verb.doc

    def opens(tok: Any) -> bool:  # the phrase starts the sentence or follows a comma
        return tok.left_edge.i == 0 or sent[tok.left_edge.i - 1].text == ","

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
        tok = tok.head
    if found is not None:
        return found
    for clause in verb.children:  # the subject taken by a clause before the verb
        subject = _subject(clause) if clause.i < verb.i and clause.dep_ in ("advcl", "ccomp") else None
        if subject is not None and subject.pos_ in ("PROPN", "NOUN") and opens(subject):
            return subject
    return None


def _adjacent_subject(verb: Any) -> Any:
    """ "…, the committee's senior Democrat said on Wednesday": a noun phrase set off by a
    comma just before a verb without a subject, which the parser hung on the phrase before."""
    sent, k = verb.doc, verb.i - 1
    if k < 1 or sent[k].pos_ not in ("NOUN", "PROPN") or sent[k].right_edge.i != k:
        return None
    first = sent[k].left_edge.i
    return sent[k] if first > 0 and sent[first - 1].text == "," else None


def speaker_of(verb: Any, state: SpeakerState) -> str | None:
    subject = _subject(verb)
    if subject is None and verb.dep_ == "ROOT":
        subject = _loose_subject(verb)
    return _speaker(subject, state)


def _speaker(subject: Any, state: SpeakerState) -> str | None:
    if subject is None or subject.dep_ == "nsubjpass":
        return None
    phrase = _phrase(subject)
    if " and " in phrase and phrase[:1].isupper():
        return " and ".join(filter(None, (state.resolve(p) for p in phrase.split(" and "))))
    return state.resolve(phrase)


def _extent(head: Any) -> tuple[int, int]:
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


def _cut_before(sent: Any, head: Any) -> int:
    """Where the content before a trailing clause ends (its commas and dashes left out)."""
    end: int = head.left_edge.i
    while end > 0 and sent[end - 1].is_punct and sent[end - 1].text in ",—–-":
        end -= 1
    return end


def _cut_at(sent: Any, at: int) -> int:
    """Where a clause ends before token `at`: the commas and conjunction between left out."""
    while at > 0 and (sent[at - 1].is_punct or sent[at - 1].dep_ == "cc"):
        at -= 1
    return at


def _nested(frame: Frame, state: SpeakerState) -> Frame:
    """ "Kim said X, KCNA reported": the inner speaker says X; the outer is the channel."""
    head = frame.head
    inner = [c for c in head.children if c.dep_ == "ccomp"]
    if is_reporting(head) and inner:
        speaker = speaker_of(head, state)
        if speaker:
            return Frame(speaker, head, _extent(inner[0]), inner[0])
    return frame


def clause_frame(head: Any, state: SpeakerState) -> Frame | None:
    """A clause's own reporting frame ("…, while the mayor declared he was in no rush")."""
    inner = [c for c in head.children if c.dep_ == "ccomp"]
    speaker = speaker_of(head, state) if is_reporting(head) and inner else None
    return Frame(speaker, head, _extent(inner[0]), inner[0]) if speaker else None


def _reported(sent: Any, root: Any, state: SpeakerState) -> list[Frame]:
    """The frames of a sentence whose root reports: "X said [A] and [B]", "X said A, adding
    that B", "X confirmed the report" (the whole sentence, by X)."""
    whole = (0, len(sent))
    speaker = speaker_of(root, state)
    complements = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")]
    if complements and speaker:
        found = [_nested(Frame(speaker, root, _extent(c), c), state) for c in complements]
    elif speaker:
        found = [Frame(speaker, root, whole, root)]
    else:
        return [Frame(None, root if complements else None, whole, root)]
    # "…, adding that …": a second reporting verb of the same speaker; "X said A, but Y has
    # since done B": a clause of the writer's own.
    for other in root.children:
        subject = own_subject(sent, other) if other.dep_ == "conj" else None
        if subject is not None and not is_reporting(other) and other.pos_ in ("VERB", "AUX"):
            start = min(subject.left_edge.i, other.i)
            found.append(Frame(None, None, (start, len(sent)), other))
            if found[0].content[1] > start:
                found[0] = replace(found[0], content=(found[0].content[0], _cut_at(sent, start)))
        elif other.dep_ in ("advcl", "conj", "xcomp") and is_reporting(other):
            inner = [c for c in other.children if c.dep_ == "ccomp"]
            if inner:
                if found[0].content == whole:
                    found[0] = replace(found[0], content=(0, _cut_before(sent, other)))
                found.append(
                    Frame(speaker_of(other, state) or speaker, other, _extent(inner[0]), inner[0])
                )
    return found


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
    subject = _subject(verb)
    if subject is None and verb.dep_ in ("conj", "parataxis"):
        subject = _adjacent_subject(verb)
    if subject is None or subject.dep_ == "nsubjpass" or not is_reporting(verb):
        return None
    if verb.dep_ == "relcl" or subject.lower_ in _RELATIVE:  # "…, who said …": see embedded
        return None
    parts = [subject, *(c for c in verb.children if c.dep_ in _ATTRIBUTION_PARTS)]
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
        return _leading(sent, verb, end, state)
    opened = start > 0 and sent[start - 1].is_punct and sent[start - 1].text in _EDGE_PUNCT
    if not (opened or as_clause):
        return None
    # "…, the Democrat said on Wednesday, escalating the inquiry.": the attribution's own
    # clauses run to the end, so it trails too
    rest = sent[max(end, verb.right_edge.i + 1) :] if _no_complement(verb) else sent[end:]
    trailing = all(t.is_punct for t in rest)
    if not trailing and sent[end].text not in _EDGE_PUNCT:
        return None
    speaker = _speaker(subject, state)
    if not speaker:
        return None
    while start > 0 and sent[start - 1].text in ",—–-":
        start -= 1
    if trailing:
        return Frame(speaker, verb, (0, start), _root(sent))
    while end < len(sent) and sent[end].text in ",—–-":
        end += 1
    return Frame(speaker, verb, (0, len(sent)), _root(sent), ((start, end),))


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
    start = _extent(inner[0])[0]
    return Frame(speaker, verb, (start, len(sent)), inner[0])


def _plural(subject: Any) -> bool:
    return bool(
        subject.tag_ in ("NNS", "NNPS")
        or any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") for c in subject.children)
    )


def referents(sent: Any, frame: Frame, state: SpeakerState) -> tuple[str | None, str | None]:
    """What "they" and "it" may stand for after this sentence: its speaker or main subject
    when plural ("Five senators urged Akin to step aside."), its speaker when no person
    ("the hospital said")."""
    subject = _subject(frame.verb) if frame.verb is not None else None
    if subject is not None and frame.speaker:
        if _plural(subject):
            return frame.speaker, None
        if subject.pos_ in ("NOUN", "PROPN") and frame.speaker not in state.people:
            return None, frame.speaker
        return None, None
    subjects = [t for t in sent if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN")]
    if subjects and _plural(subjects[-1]):  # "… after five senators urged Akin to go."
        return _speaker(subjects[-1], state), None
    return None, None


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
    if obj is None:
        return None
    return Frame(state.resolve(_phrase(obj)), None, (0, len(sent)), _root(sent))


def frames(sent: Any, state: SpeakerState) -> list[Frame]:
    """The reporting frames of a parsed sentence, in order; when nothing reports the
    sentence, one frame without a speaker (the whole sentence, less what it reports of
    others, which gets frames of its own: see embedded)."""
    root = _root(sent)
    found = _reported(sent, root, state) if is_reporting(root) else []
    if found and found[0].speaker:
        return found
    for verb in reversed(sent):
        if verb.i != root.i and verb.pos_ in ("VERB", "AUX"):
            set_off = _set_off(sent, verb, state)
            if set_off is not None:
                return [set_off]
    according = _according(sent, state)
    if according is not None:
        return [according]
    if found:  # a reporting root without a speaker: its verb still gives the polarity
        return found
    return embedded(sent, Frame(None, None, (0, len(sent)), root), state)


_RELATIVE = frozenset({"who", "which"})
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
    subject = _subject(verb)
    if subject.lower_ == "that" and verb.head.pos_ == "NOUN":  # "a report that said …"
        return state.resolve(_phrase(verb.head))
    if subject.lower_ in _RELATIVE:
        before = sent_before(subject)
        antecedent = verb.head
        if antecedent.pos_ != "PROPN" and before is not None and before.pos_ == "PROPN":
            antecedent = before  # "the ire of Scalia who said": the name just before
        return state.resolve(_phrase(antecedent))
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
        content = _extent(inner[0])
        if verb.dep_ == "conj" and _conj_root(verb) == root.i and _subject(verb) is None:
            speaker = speaker_of(root, state)
            if speaker:
                out.append(Frame(speaker, verb, content, inner[0]))
                cut = verb.left_edge.i
                while cut > start and (sent[cut - 1].is_punct or sent[cut - 1].dep_ == "cc"):
                    cut -= 1
                end = min(end, cut)
        elif verb.dep_ == "relcl" and _subject(verb) is not None:
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
                gaps.append(_span_with_commas(sent, verb) or (verb.left_edge.i, verb.right_edge.i + 1))
    kept = tuple(sorted((a, min(b, end)) for a, b in gaps if start <= a < end))
    return [Frame(None, None, (start, end), root, kept), *out]


