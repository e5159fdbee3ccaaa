"""Immutable records that flow between the pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Block:
    """A stretch of a document's text (a line or paragraph) and what it was judged to be.

    kind is one of: headline, deck (sub-headline), body, boilerplate.
    rule names the boilerplate rule that dropped it ("" for content).
    """

    start: int
    end: int
    kind: str
    rule: str = ""


@dataclass(frozen=True)
class Document:
    """One article: its normalised text and where its metadata came from."""

    id: str
    path: str
    text: str
    sha256: str
    outlet: str | None
    published: dt.date | None
    title: str | None
    url: str | None
    # field name -> manifest | front matter | html | jsonl | text | none
    provenance: tuple[tuple[str, str], ...]
    blocks: tuple[Block, ...] = ()

    def source_of(self, name: str) -> str:
        return dict(self.provenance).get(name, "none")


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class TimeRef:
    """The time a claim is about: a closed date interval.

    source: "expression" (resolved from text), "publication" (no expression; the
    publication date stands in) or "unknown" (neither).
    """

    start: dt.date | None
    end: dt.date | None
    source: str
    expression: str | None = None

    def overlaps(self, other: TimeRef) -> bool | None:
        """True/False when both intervals are known; None when either is unknown."""
        if None in (self.start, self.end, other.start, other.end):
            return None
        assert self.start and self.end and other.start and other.end
        return self.start <= other.end and other.start <= self.end


class Polarity(StrEnum):
    """Whether a claim asserts its content or denies it (negated, or denied by its speaker)."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


@dataclass(frozen=True)
class Claim:
    """An atomic statement, where it comes from, who says it and when it is about."""

    id: str
    doc: str
    text: str
    span: tuple[int, int]
    speaker: str | None
    time: TimeRef
    headline: bool = False
    quote: bool = False
    entities: tuple[str, ...] = field(default=())
    verb: str | None = None  # the reporting verb's lemma ("say", "deny"), None when unreported
    polarity: Polarity = Polarity.POSITIVE
    lemmas: tuple[str, ...] = field(default=())  # content-word lemmas, for matching events


@dataclass(frozen=True)
class Drop:
    """A stretch of a document that gave no claim, and why (a boilerplate rule or a
    sentence-level reason such as "question" or "fragment")."""

    doc: str
    span: tuple[int, int]
    reason: str


@dataclass(frozen=True)
class Corpus:
    """What ingest returns: the readable documents and the skipped inputs."""

    root: str
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cluster:
    """Equivalent claims from two or more documents."""

    id: str
    claims: tuple[str, ...]
    representative: str
    outlets: tuple[str, ...]
    similarity: float


@dataclass(frozen=True)
class Contradiction:
    """Two claims that give differing accounts of the same thing."""

    id: str
    kind: str  # conflict | temporal
    severity: str  # error | warning | info
    claims: tuple[str, str]
    score: float
    reason: str
    rule: str
