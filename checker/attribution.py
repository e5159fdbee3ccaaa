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
speaker, else the most recent named person; a surname to the fullest form of the name seen
earlier in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from checker.records import Polarity

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
DENIAL = frozenset({"deny", "dispute", "reject", "dismiss", "refute", "rebuff", "rebut"})
NEGATIVE_WORDS = frozenset({"no", "never", "nobody", "nothing", "none", "neither", "nor"})
TITLES = frozenset([
    "president", "secretary", "adviser", "advisor", "minister", "leader", "chairman",
    "chairwoman", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy",
    "director", "senator", "sen.", "rep.", "gov.", "governor", "general", "gen.", "chancellor",
    "professor", "prof.", "dr.", "mr.", "mrs.", "ms.", "chief", "editor", "commissioner",
    "mayor", "speaker", "king", "queen", "pope", "premier", "officer", "correspondent",
    "representative", "congressman", "congresswoman", "judge", "justice", "attorney",
    "analyst", "deputy", "vice", "sister", "brother", "wife", "husband", "lt.", "col.", "sgt.",
    "capt.", "rev.",
])  # fmt: skip
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her"})
_REFERRING = re.compile(
    r"^the\s+(?:same\s+)?(official|source|network|report|agency|newspaper|statement)\b", re.I
)
_SUBJECTS = ("nsubj", "nsubjpass")
# Dependents of a speaker's head noun that belong to its name ("head of the agency").
_NAME_PARTS = ("compound", "flat", "prep", "pobj", "nummod", "amod", "det", "poss", "case")


@dataclass
class SpeakerState:
    """What earlier sentences of a document tell us about names and speakers."""

    names: list[str] = field(default_factory=list)
    last_speaker: str | None = None
    last_person: str | None = None
    last_media: str | None = None
    people: set[str] = field(default_factory=set)  # every person named, short forms too

    def observe_person(self, name: str) -> None:
        canonical = self.canonical(strip_titles(name))
        self.people.add(canonical)
        if len(canonical.split()) >= 2 and canonical not in self.names:
            self.names.append(canonical)
        self.last_person = canonical

    def observe_organisation(self, name: str) -> None:
        if name.isupper() and 2 <= len(name) <= 6:
            self.last_media = name

    def canonical(self, name: str) -> str:
        """The fullest form seen of a name, earliest first: "Pompeo" -> "Mike Pompeo"."""
        if len(name.split()) == 1:
            for known in self.names:
                if known.split()[-1] == name:
                    return known
        return name

    def resolve(self, subject: str) -> str | None:
        lower = subject.lower()
        if lower in _PRONOUNS:
            return self.last_speaker or self.last_person if lower in ("he", "she") else None
        ref = _REFERRING.match(subject)
        if ref:
            media = ref.group(1).lower() in ("network", "report", "agency", "newspaper")
            if media and self.last_media:
                return self.last_media
            return self.last_speaker if "same" in lower else _tidy(subject)
        if subject[:1].islower() or re.match(
            r"(?i)(an?|the|one|two|several|some|other)\s", subject
        ):
            return _tidy(subject)
        return self.canonical(strip_titles(subject))


def _tidy(subject: str) -> str:
    return re.sub(r"^an\s+(?=[^aeiouAEIOU])", "a ", subject.strip())


def strip_titles(name: str) -> str:
    """Drop leading titles and roles: "U.S. Secretary of State Mike Pompeo" -> "Mike Pompeo"."""
    name = re.sub(r"[’']s$", "", name.strip())
    tokens = name.split()
    if tokens and len(tokens[-1]) > 2 and tokens[-1].endswith(".") and tokens[-1].count(".") == 1:
        tokens[-1] = tokens[-1][:-1]  # a sentence's full stop, not an abbreviation
        name = " ".join(tokens)
    last_title = -1
    for i, token in enumerate(tokens):
        if token.lower().rstrip(",") in TITLES:
            last_title = i
    if last_title < 0 or last_title == len(tokens) - 1:
        return name
    rest = tokens[last_title + 1 :]
    while len(rest) > 2 and rest[0] == "of":
        rest = rest[2:]
    return " ".join(rest) if rest and rest[0] != "of" else name


@dataclass(frozen=True)
class Frame:
    """A reporting frame in a parsed sentence: who speaks, with which verb, and the token
    range (start, end: token indices) of what they say."""

    speaker: str | None
    verb: Any  # the reporting verb's token, or None ("according to")
    content: tuple[int, int]
    head: Any  # the head token of the content


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


def speaker_of(verb: Any, state: SpeakerState) -> str | None:
    subject = _subject(verb)
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


def frames(sent: Any, state: SpeakerState) -> list[Frame]:
    """The reporting frames of a parsed sentence, in order; one frame without a speaker
    (the whole sentence) when nothing reports it."""
    whole = (0, len(sent))
    root = next((t for t in sent if t.dep_ == "ROOT"), sent[0])
    if is_reporting(root):
        speaker = speaker_of(root, state)
        complements = [c for c in root.children if c.dep_ in ("ccomp", "parataxis")]
        if complements and speaker:
            found = [_nested(Frame(speaker, root, _extent(c), c), state) for c in complements]
        elif speaker:
            found = [Frame(speaker, root, whole, root)]
        else:
            found = [Frame(None, root if complements else None, whole, root)]
        # "…, adding that …": a second reporting verb of the same speaker.
        for other in root.children:
            if other.dep_ in ("advcl", "conj", "xcomp") and is_reporting(other) and speaker:
                inner = [c for c in other.children if c.dep_ == "ccomp"]
                if inner:
                    if found[0].content == whole:
                        found[0] = replace(found[0], content=(0, _cut_before(sent, other)))
                    found.append(
                        Frame(
                            speaker_of(other, state) or speaker, other, _extent(inner[0]), inner[0]
                        )
                    )
        return found
    for child in root.children:
        # "The talks stalled, officials said." : the reporting verb trails the content.
        if (
            child.dep_ in ("parataxis", "advcl", "ccomp")
            and child.i > root.i
            and is_reporting(child)
            and not any(c.dep_ == "ccomp" for c in child.children)
        ):
            speaker = speaker_of(child, state)
            if speaker:
                return [Frame(speaker, child, (0, _cut_before(sent, child)), root)]
    according = next(
        (t for t in sent if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children)),
        None,
    )
    if according is not None:
        to = next(c for c in according.children if c.lower_ == "to")
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is not None:
            return [Frame(state.resolve(_phrase(obj)), None, whole, root)]
    return [Frame(None, None, whole, root)]


def quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quotations (curly or straight double quotes) within a block."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“" or (ch == '"' and open_at is None):
            open_at = i
        elif (ch == "”" or ch == '"') and open_at is not None:
            regions.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        regions.append((open_at, end))
    return regions


def negated(head: Any) -> bool:
    """Whether a clause's head is negated: "not", "never", or a negative determiner or
    pronoun among its arguments ("no troops were sent", "nobody came")."""
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in NEGATIVE_WORDS:
            return True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(
            g.dep_ == "det" and g.lower_ in NEGATIVE_WORDS for g in child.children
        ):
            return True
    return False


def polarity(head: Any, verb: Any) -> Polarity:
    flips = negated(head)
    if verb is not None:
        flips ^= verb.lemma_.lower() in DENIAL
        if verb.i != head.i:
            flips ^= negated(verb)
    return Polarity.NEGATIVE if flips else Polarity.POSITIVE
