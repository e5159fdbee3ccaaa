"""A clash the article itself points out: '"We are ready to sign," the minister said. The
comments were puzzling, because the union has said for weeks that it will not negotiate.'
The writer (or a speaker) calls someone's remarks puzzling, or at odds with an account, and
gives that account in the same sentence. The remarks are often a pronoun away from the
account they clash with ("they want to sign"), so the candidate stage, pairing claims by
similarity, seldom proposes them, and two named speakers' opposite accounts are no finding
on the model's word alone.

The pairs come from the document's order of claims, not from similarity:

- the flag: a claim whose main clause says of remarks taken up from before (an account noun
  with "the", "these", "such" or a possessive) that they are puzzling or surprising
  (FrameNet's Stimulus_focus frame; "puzzled", "surprised" as verbs) or at odds,
  inconsistent or in contradiction (its Compatibility frame: "at odds", "inconsistent", "incompatible", "contradictory";
  "contradict", "conflict", "clash"), not negated;
- the account it sets them against: a claim of the flag's sentence that follows the flag
  (a split-off clause of the same sentence, or the next clause, joined by a connective such
  as "because", "since", "given", "considering", "with");
- the remarks: the claims just before the flag by one speaker (the speaker of the claim
  right before it), in the flag's paragraph or the one before (what "the comments" takes
  up), not the account's speaker.

A remark and the account are a contradiction only where the NLI model, read both ways, also
calls them one (above 0.5, its decision boundary): which of the remarks clashes is the
model's to say (of "We hope to sign" and "We will sign this week", only the second may
clash with "it will not negotiate"). Measured in bench/judge.md (26 Nov, ninth session).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from checker import polarity, reports
from checker.denials import Outcomes
from checker.judge import Verdict
from checker.pairing import Pair
from checker.records import Claim, Polarity
from checker.rules import Reading, lemmas_of

FLAGGED = "flagged_contrast"
# Remarks and accounts: checker.reports' account nouns and FrameNet's Statement frame's
# "comment" and "remark" (with "testimony", its Testimony frame).
REMARKS = reports.ACCOUNT | frozenset({"comment", "remark", "testimony"})
# FrameNet Stimulus_focus (the puzzled reader) and Compatibility (the accounts disagree).
PUZZLING = frozenset({"puzzling", "surprising", "baffling", "perplexing", "confusing",
                      "bewildering", "mystifying"})  # fmt: skip
# The same as verbs: "the comments puzzled analysts", and the parser's reading of "the
# comments were puzzling" (a progressive "puzzle").
PUZZLE = frozenset({"puzzle", "surprise", "baffle", "perplex", "confuse", "bewilder",
                    "mystify"})  # fmt: skip
INCOMPATIBLE = frozenset({"inconsistent", "incompatible", "contradictory"})
CLASHING = frozenset({"contradict", "conflict", "clash"})
_FLAG_WORDS = PUZZLING | PUZZLE | INCOMPATIBLE | CLASHING | {"odds"}
# Determiners that take up something said before ("the comments", "these remarks").
_TAKEN_UP = frozenset({"the", "these", "those", "this", "that", "such"})
# Connectives that give the account the remarks are set against.
_CONNECTIVE = re.compile(r"^[\s,;:—–-]*(because|since|given|considering|as|with)\b", re.I)
# How far the account may start after the flag ends, and how many paragraph breaks back
# the remarks may lie (the paragraph before the flag's).
_GAP, _PARAGRAPHS = 40, 1
# A sentence or paragraph ending between the flag and a claim: not the flag's sentence.
_ENDS = re.compile(r"[.!?]\s|\n")
# The model's decision boundary: its contradiction probability above the rest.
MODEL_AGREES = 0.5


def could_flag(claim: Reading) -> bool:
    """Whether a claim could be a flag, without a parse."""
    return _may_flag(claim.lemmas, claim.negative)


def needs_text(claims: Iterable[Claim]) -> bool:
    """Whether a document's text must be kept for this rule: a claim of it could be a flag
    (the text between the flag and the account is read)."""
    return any(_may_flag(lemmas_of(c), c.polarity == Polarity.NEGATIVE) for c in claims)


def _may_flag(lemmas: frozenset[str], negative: bool) -> bool:
    return bool(lemmas & REMARKS and lemmas & _FLAG_WORDS and not negative)


def flags(text: str, outcomes: Outcomes) -> str | None:
    """The flag's words ("the comments were puzzling") when the text is one, else None."""
    return outcomes.get(("flagged", text), lambda parse: _flag(next(parse([text]))))


def _flag(doc: Any) -> str | None:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or polarity.negated(root):
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lemma_.lower() not in REMARKS or not _taken_up(subject):
        return None
    ends = [root] if root.lemma_.lower() in CLASHING | PUZZLE else []
    ends += [
        c
        for c in root.children
        if (c.dep_ in ("acomp", "attr", "oprd") and c.lemma_.lower() in PUZZLING | INCOMPATIBLE)
        or (c.dep_ == "prep" and c.lower_ == "at" and any(g.lower_ == "odds" for g in c.children))
    ]
    if not ends:
        return None
    end = max(t.i if t.lower_ != "at" else t.i + 1 for t in ends)
    return str(doc[subject.left_edge.i : end + 1].text)


def _taken_up(noun: Any) -> bool:
    return any(
        (c.dep_ == "det" and c.lower_ in _TAKEN_UP) or c.dep_ == "poss" for c in noun.children
    )


def pairs(
    claims: Sequence[Claim],
    read: Sequence[Reading],
    texts: Mapping[str, str],
    outcomes: Outcomes,
) -> dict[tuple[int, int], str]:
    """(i, j) rows, i < j, of each remark and the account its document sets it against,
    with the evidence; texts: document -> its text (documents missing are skipped)."""
    rows: dict[str, list[int]] = {}
    for k, c in enumerate(claims):
        rows.setdefault(c.doc, []).append(k)
    found: dict[tuple[int, int], str] = {}
    for doc, members in rows.items():
        text = texts.get(doc)
        if text is None:
            continue
        members.sort(key=lambda k: (claims[k].span, claims[k].id))
        for at, f in enumerate(members):
            if not could_flag(read[f]):
                continue
            words = flags(claims[f].text, outcomes)
            if not words:
                continue
            said = f"{claims[f].speaker or 'the article'} sets them against each other ('{words}')"
            for o in _accounts(claims, members[at + 1 :], f, text):
                for r in _remarks(claims, members[:at], f, o, text):
                    found[(min(r, o), max(r, o))] = said
    return found


def _accounts(claims: Sequence[Claim], after: Sequence[int], f: int, text: str) -> list[int]:
    """The claims of the flag's sentence that follow it with the account."""
    flag = claims[f]
    out = []
    for o in after:
        c = claims[o]
        if c.span == flag.span and c.text not in flag.text:
            out.append(o)  # another clause of the flag's own sentence
        elif c.span[0] >= flag.span[1]:  # the first claim after the flag: the next clause
            between = text[flag.span[1] : c.span[0]]
            if len(between) <= _GAP and _CONNECTIVE.match(between) and not _ENDS.search(between):
                out.append(o)
            break
    return out


def _remarks(
    claims: Sequence[Claim], before: Sequence[int], f: int, o: int, text: str
) -> list[int]:
    """The claims just before the flag by the speaker of the claim right before it."""
    earlier = [k for k in before if claims[k].span[1] <= claims[f].span[0]]
    if not earlier:
        return []
    speaker = claims[earlier[-1]].speaker
    if speaker is None or speaker == claims[o].speaker:
        return []
    out = []
    for k in reversed(earlier):
        if claims[k].speaker != speaker:
            break
        if text.count("\n\n", claims[k].span[1], claims[f].span[0]) > _PARAGRAPHS:
            break
        out.append(k)
    return out


class Flagged:
    """The pairs the article sets against each other, and the verdict on them."""

    def __init__(
        self,
        claims: Sequence[Claim],
        read: Sequence[Reading],
        texts: Mapping[str, str] | None,
        outcomes: Outcomes,
    ) -> None:
        self.evidence = pairs(claims, read, texts, outcomes) if texts else {}

    def new(self, given: Sequence[Pair], vectors: NDArray[np.float32]) -> list[Pair]:
        """The flagged pairs not among the given ones (source "document")."""
        seen = {(p.i, p.j) for p in given}
        return [
            Pair(i, j, round(float(vectors[i] @ vectors[j]), 4), "document")
            for i, j in sorted(self.evidence)
            if (i, j) not in seen
        ]

    def verdict(self, i: int, j: int, nli: tuple[float, float], given: Verdict) -> Verdict:
        """given, or a contradiction where the article flags the pair and the model,
        read both ways, agrees. Called after the denial checks: the article's own words
        decide, and no reading of a denial undermines them."""
        said = self.evidence.get((i, j))
        if given.contradiction or not said or min(nli) <= MODEL_AGREES:
            return given
        evidence = f"{said}, and the NLI model scores {min(nli):.2f} read both ways"
        return Verdict(given.probability, evidence, FLAGGED, True)
