"""Accounts that disagree where the model and the judge see none: a disputed account
(checker.reports) and opposed accounts of what one person does (checker.plans). Both are
read from the parse of the two claims, only for the pairs their cheap tests let through,
and kept in the run's cache (denials.Outcomes), so a warm run parses nothing for them.

Such a pair is seldom a claim's nearest neighbour ("The ministry disputed the report" /
"The paper stands by its reporting": cosine about 0.5), so the candidate stage, which pairs
a claim with its most similar claims of its story, rarely proposes it. Each claim that one
side of a rule could be is therefore also paired with its most similar claim of its story
that the other side could be (one partner a claim, like the story source's cap: the number
of pairs stays linear in the corpus)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from checker import plans, reports
from checker.brief import brief_documents
from checker.candidates import Pair, Source
from checker.denials import Outcomes
from checker.judge import Verdict
from checker.records import Claim
from checker.rules import Reading

RULES = (reports.DISPUTED, plans.OPPOSED_PLAN)
# The least cosine of a pair the accounts add: the story source's lower bound (Band).
LOW = 0.35
# Partners a claim gets: one that could dispute an account, or one that could deny what a
# person does (bench/judge.md, 26 Nov, disp8: the parse cost and the findings of each).
# A claim with a negation gets none: on 1,000 AllSides articles its 2 partners cost a
# parse of some 20,000 texts on a cold cache (about 180 s contended) and added no finding
# kept on a reading.
DISPUTES, PLANS = 4, 0
# How many of a claim's most similar claims are looked at for its partners: the work stays
# linear in the corpus however large a story grows.
SCAN = 50


class Accounts:
    """The pairs either rule could decide, and the verdict it gives them."""

    def __init__(
        self, claims: Sequence[Claim], read: Sequence[Reading], pairs: Iterable[Pair],
        outcomes: Outcomes,
    ) -> None:  # fmt: skip
        self._claims, self._read, self._outcomes = claims, read, outcomes
        self._titles = plans.titles(claims)
        self._pairs = [p for p in pairs if self.could(p.source, p.i, p.j)]

    def could(self, source: str, i: int, j: int) -> bool:
        """Whether either rule could decide the pair of claims i and j (no parse)."""
        a, b = self._read[i], self._read[j]
        docs = (self._claims[i].doc, self._claims[j].doc)
        return reports.could_dispute(source, a, b) or plans.could_oppose(
            source, a, b, docs, self._titles
        )

    def partners(
        self, vectors: NDArray[np.float32], story_of: Mapping[str, str] | None, most: int | None
    ) -> list[Pair]:
        """Each claim's most similar claims of its story (cosine >= LOW, among its SCAN
        nearest) that a rule could decide with it, DISPUTES or PLANS of them; documents of
        at most `most` claims (briefs) left out."""
        short = brief_documents(self._claims, most) if most is not None else set()
        stories: dict[str, list[int]] = {}
        for k, c in enumerate(self._claims):
            if c.doc not in short:
                stories.setdefault((story_of or {}).get(c.doc, ""), []).append(k)
        found: dict[tuple[int, int], Source] = {}
        for members in stories.values():
            rows = vectors[members]
            for at, i in enumerate(members):
                cap = self._cap(i)
                if not cap:
                    continue
                near = rows @ vectors[i]
                near[at] = -1.0
                taken = 0
                for k in np.argsort(-near, kind="stable")[:SCAN]:
                    if near[k] < LOW or taken >= cap:
                        break
                    j = members[int(k)]
                    same = self._claims[i].doc == self._claims[j].doc
                    source: Source = "document" if same else "story"
                    if self.could(source, i, j):
                        found[(min(i, j), max(i, j))] = source
                        taken += 1
        return [
            Pair(i, j, round(float(vectors[i] @ vectors[j]), 4), source)
            for (i, j), source in sorted(found.items())
        ]

    def _cap(self, k: int) -> int:
        """How many partners claim k gets: DISPUTES if it could dispute an account (such
        claims are few), PLANS if it could deny what a person does, else none."""
        r = self._read[k]
        if reports.could_call_wrong(r):
            return DISPUTES
        return PLANS if PLANS and plans.negates(r) else 0

    def unasked(self, asked: Iterable[Pair], more: Iterable[Pair] = ()) -> list[Pair]:
        """The pairs either rule could decide that the NLI model was not asked about (the
        rules do not need its scores), the candidate pairs' first, then more."""
        seen = {(p.i, p.j) for p in asked}
        out = []
        for p in [*self._pairs, *more]:
            if (p.i, p.j) not in seen:
                seen.add((p.i, p.j))
                out.append(p)
        return out

    def verdict(self, source: str, i: int, j: int, given: Verdict) -> Verdict:
        """given, or a contradiction decided by either rule where the parse finds one."""
        if given.contradiction or not self.could(source, i, j):
            return given
        a, b = self._read[i], self._read[j]
        found = reports.verdict(a, b, given, self._outcomes)
        if found is not given:
            return found
        if self._claims[i].headline != self._claims[j].headline:
            return given  # a headline summarises a plan its body qualifies (denials.HEADLINE)
        docs = (self._claims[i].doc, self._claims[j].doc)
        return plans.verdict(a, b, docs, self._titles, given, self._outcomes)
