"""Who a clause attributes its statement to: reported speech, quotations, "according to".

Rules, tried in order on a clause:
1. a quotation the clause sits in, attributed before or after the quote;
2. a subject followed by a speech verb ("Pompeo said …", "X told Y that …");
3. a trailing attribution (", she said", ", the network reported, citing …");
4. "according to X".
Pronouns resolve to the most recent speaker, else the most recent named person; a
surname resolves to the fullest form of the name seen earlier in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stressed|noted|wrote|writes|reported|reports|insisted|"
    "warned|argued|claimed|announced|stated|indicated|expressed|declared|explained|acknowledged|"
    "admitted|denied|suggested|confirmed|tweeted|described|believes|thinks|expects|hopes|urged|"
    "asked|replied|maintained|emphasized|emphasised|predicted|promised|vowed|complained|signaled|"
    "signalled|questioned|cautioned|conceded|contended|observed|remarked"
)
# Verbs after which the rest of the clause is the reported content ("said (that) …").
CONTENT_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "adds",
        "stressed",
        "noted",
        "wrote",
        "writes",
        "reported",
        "reports",
        "insisted",
        "warned",
        "argued",
        "claimed",
        "announced",
        "stated",
        "declared",
        "explained",
        "acknowledged",
        "admitted",
        "suggested",
        "confirmed",
        "tweeted",
        "believes",
        "thinks",
        "expects",
        "hopes",
        "predicted",
        "promised",
        "vowed",
        "maintained",
        "emphasized",
    ]
)
TITLES = frozenset(
    [
        "president",
        "secretary",
        "adviser",
        "advisor",
        "minister",
        "leader",
        "chairman",
        "chairwoman",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "director",
        "senator",
        "sen.",
        "rep.",
        "gov.",
        "governor",
        "general",
        "gen.",
        "chancellor",
        "professor",
        "prof.",
        "dr.",
        "mr.",
        "mrs.",
        "ms.",
        "chief",
        "editor",
        "commissioner",
        "mayor",
        "speaker",
        "king",
        "queen",
        "pope",
        "premier",
        "officer",
        "correspondent",
        "representative",
        "congressman",
        "congresswoman",
        "judge",
        "justice",
        "attorney",
        "analyst",
        "deputy",
        "vice",
        "sister",
        "brother",
        "wife",
        "husband",
    ]
)
PLACE_WORDS = frozenset(
    [
        "korea",
        "korean",
        "koreas",
        "states",
        "america",
        "american",
        "united",
        "nations",
        "house",
        "union",
        "agency",
        "news",
        "washington",
        "pyongyang",
        "seoul",
        "china",
        "chinese",
        "japan",
        "russia",
        "russian",
        "iran",
        "europe",
        "european",
        "department",
        "ministry",
        "council",
        "congress",
        "senate",
        "pentagon",
        "kremlin",
        "network",
        "government",
        "administration",
    ]
)
_NAME_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'\-]*\.?|[A-Z]\.)"
NAME = rf"{_NAME_TOKEN}(?:\s+(?:of\s+|de\s+|van\s+|von\s+|bin\s+|al-)?{_NAME_TOKEN})*"
_GENERIC = (
    r"(?:[Aa]n?|[Tt]he|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Oo]ther)\s+(?:[\w’'\-]+\s+){0,6}?"
    r"(?i:official|officials|spokesman|spokeswoman|spokesperson|source|sources|analyst|analysts|"
    r"adviser|advisers|observer|observers|expert|experts|diplomat|diplomats|report|network|agency|"
    r"newspaper|ministry|statement|government|administration)(?:\s+\([A-Z]{2,6}\))?"
    r"(?:\s+(?:closely\s+)?[\w’'\-]+\s+(?:with|to|of|in|from)\s+(?:the\s+)?(?:[\w’'\-]+\s+){0,4}?"
    r"(?:process|talks|matter|negotiations|issue|administration))?"
)
SUBJECT = rf"(?P<subject>{NAME}|he|she|they|it|we|I|{_GENERIC})"
_APPOSITIVE = r"(?:,\s+[^,“”\"]{1,90},)?"
_AUX = r"(?:\s+(?:has|had|have|also|further|later|earlier|again|reportedly|repeatedly|previously|then|has\s+also|had\s+also))*"
LEADING = re.compile(
    rf"(?:^|,\s+|^[^,]{{0,60}},\s+){SUBJECT}{_APPOSITIVE}{_AUX}\s+(?P<verb>(?i:{SPEECH_VERBS}))\b"
)
REPORTING_VERBS = (
    "said|says|added|adds|told|tells|wrote|writes|reported|reports|stressed|noted|insisted|warned|"
    "explained|tweeted|asked|replied|continued|recalled|argued"
)
TRAILING = re.compile(
    rf"[,”\"]\s*(?:{SUBJECT}{_APPOSITIVE}\s+(?P<verb>{REPORTING_VERBS})"
    rf"|(?P<verb2>said|says|added|wrote)\s+(?P<subject2>{NAME}))"
    r"(?:\s+[^\s,“”\"]+){0,8}(?:,\s+citing\b[^.]*)?[.,]?$"
)
ENDS_WITH_VERB = re.compile(rf"\b(?:{REPORTING_VERBS})(?:\s+\w+){{0,2}}$")
ACCORDING = re.compile(rf"\baccording to\s+(?P<subject>{NAME}|{_GENERIC})", re.I)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
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

    def observe(self, text: str) -> None:
        """Learn the named people and media in a stretch of text."""
        for match in re.finditer(NAME, text):
            name = strip_titles(match.group(0))
            if _is_person(name):
                canonical = self.canonical(name)
                if len(canonical.split()) >= 2 and canonical not in self.names:
                    self.names.append(canonical)
                self.last_person = canonical
        for match in re.finditer(r"\b(?:[A-Z]{2,6})\b", text):
            if match.group(0) not in {"US", "UN", "EU", "KST", "TV"}:
                self.last_media = match.group(0)

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
            if lower in ("he", "she"):
                return self.last_speaker or self.last_person
            return None
        ref = _REFERRING.match(subject)
        if ref:
            if (
                ref.group(1).lower() in ("network", "report", "agency", "newspaper")
                and self.last_media
            ):
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


def _is_person(name: str) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= 4 or any(t.lower().strip(".’'") in PLACE_WORDS for t in tokens):
        return False
    if tokens[0].endswith("ing") or any(t.isupper() and len(t) > 1 for t in tokens):
        return False
    return len(tokens) >= 2 and all(t[:1].isupper() for t in tokens)


@dataclass(frozen=True)
class Attribution:
    """A clause's speaker and where its reported content starts (offset into the clause)."""

    speaker: str | None
    content_start: int
    content_end: int


def attribute(clause: str, state: SpeakerState) -> Attribution:
    """Find who the clause attributes its statement to, and the reported content's extent.

    With both a leading and a trailing attribution ("Kim said X, KCNA reported"), the
    leading one names the speaker when its verb introduces content; the trailing one is
    the channel and is cut from the content.
    """
    end = len(clause)
    trailing = TRAILING.search(clause)
    trailing_speaker = None
    if trailing:
        trailing_speaker = state.resolve(trailing.group("subject") or trailing.group("subject2"))
        if trailing_speaker:
            end = trailing.start() + (1 if clause[trailing.start()] in '”"' else 0)
    leading = LEADING.search(clause[:end])
    if leading and leading.start("subject") < 80:
        speaker = state.resolve(leading.group("subject"))
        content_verb = leading.group("verb").lower() in CONTENT_VERBS
        if speaker and (content_verb or not trailing_speaker):
            start = _content_start(clause, leading.end(), leading.group("verb").lower())
            return Attribution(speaker, start if content_verb else leading.start("subject"), end)
    if trailing_speaker:
        return Attribution(trailing_speaker, 0, end)
    according = ACCORDING.search(clause)
    if according:
        speaker = state.resolve(according.group("subject"))
        if speaker:
            return Attribution(speaker, 0, end)
    return Attribution(None, 0, end)


_AFTER_VERB = re.compile(
    r"^(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))?"
    r"(?:\s+in\s+an\s+interview(?:\s+with\s+[\w\s.]+?)?)?,?\s*(?:that\s+)?"
)
# "told foreign policy advisers that ...", "has said for months that ..."
_UP_TO_THAT = re.compile(r"^\s+(?:[\w’'\-]+\s+){0,5}?that\s+")


def _content_start(clause: str, pos: int, verb: str) -> int:
    """Where the reported content begins after a speech verb ("told reporters that ...")."""
    up_to = _UP_TO_THAT.match(clause[pos:])
    if up_to:
        return pos + up_to.end()
    match = _AFTER_VERB.match(clause[pos:])
    return pos + (match.end() if match else 0)
