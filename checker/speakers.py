"""Who a document's pronouns and short names stand for, from the sentences read so far.

"He" or "she" resolves to the person named as the previous sentence's main subject, when that
sentence names no other person ("Director Jane Roe issued a statement. She called the leak …"),
else to the most recent speaker, else the most recent named person; "they" to
the latest plural speaker or subject ("Republicans welcomed the e-mails. They also said …"),
"it" to the latest speaker that is no person ("the hospital said …. It said …"), both only
within a few sentences; a surname to the fullest form of the name seen earlier in the
document; "the network" to the last media outlet named. Titles and roles are not part of a name ("Finance Minister Jane Doe").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
# How many sentences back "they" and "it" may reach.
RECENT = 3
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her"})
_REFERRING = re.compile(
    r"^the\s+(?:same\s+)?(official|source|network|report|agency|newspaper|statement)\b", re.I
)


@dataclass
class SpeakerState:
    """What earlier sentences of a document tell us about names and speakers."""

    names: list[str] = field(default_factory=list)
    last_speaker: str | None = None
    last_person: str | None = None
    last_media: str | None = None
    people: set[str] = field(default_factory=set)  # every person named, short forms too
    sentences: int = 0  # sentences read so far
    last_group: tuple[str, int] | None = None  # for "they": the name and its sentence
    last_thing: tuple[str, int] | None = None  # for "it"
    last_subject: tuple[str, int] | None = None  # for "he" and "she" in the next sentence

    def next_sentence(
        self, group: str | None = None, thing: str | None = None, person: str | None = None
    ) -> None:
        """Move on a sentence, remembering what "they", "it", "he" and "she" may stand for."""
        if group:
            self.last_group = (group, self.sentences)
        if thing:
            self.last_thing = (thing, self.sentences)
        if person:
            self.last_subject = (person, self.sentences)
        self.sentences += 1

    def _recent(self, seen: tuple[str, int] | None) -> str | None:
        return seen[0] if seen and self.sentences - seen[1] <= RECENT else None

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
        """The fullest form seen of a name, earliest first: "Doe" -> "Jane Doe"."""
        if len(name.split()) == 1:
            for known in self.names:
                if known.split()[-1] == name:
                    return known
        return name

    def resolve(self, subject: str) -> str | None:
        lower = subject.lower()
        if lower in ("he", "she"):
            # the subject of the sentence just before wins over an earlier speaker
            previous = self.last_subject
            if previous and self.sentences - previous[1] == 1:
                return previous[0]
            return self.last_speaker or self.last_person
        if lower == "they":
            return self._recent(self.last_group)
        if lower == "it":
            return self._recent(self.last_thing)
        if lower in _PRONOUNS:
            return None
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
    """Drop leading titles and roles: "U.K. Finance Minister Jane Doe" -> "Jane Doe"."""
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
