"""Accounts that disagree where the model and the judge see none: a disputed account
(checker.reports) and opposed accounts of what one person does (checker.plans). Both are
read from the parse of the two claims, only for the pairs their cheap tests let through,
and kept in the run's cache (denials.Outcomes), so a warm run parses nothing for them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from checker import plans, reports
from checker.candidates import Pair
from checker.denials import Outcomes
from checker.judge import Verdict
from checker.records import Claim
from checker.rules import Reading

RULES = (reports.DISPUTED, plans.OPPOSED_PLAN)


class Accounts:
    """The candidate pairs either rule could decide, and the verdict it gives them."""

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

    def unasked(self, asked: Iterable[Pair]) -> list[Pair]:
        """The pairs either rule could decide that the NLI model was not asked about (the
        rules do not need its scores)."""
        seen = {(p.i, p.j) for p in asked}
        return [p for p in self._pairs if (p.i, p.j) not in seen]

    def verdict(self, source: str, i: int, j: int, given: Verdict) -> Verdict:
        """given, or a contradiction decided by either rule where the parse finds one."""
        if given.contradiction or not self.could(source, i, j):
            return given
        a, b = self._read[i], self._read[j]
        found = reports.verdict(a, b, given, self._outcomes)
        if found is not given:
            return found
        docs = (self._claims[i].doc, self._claims[j].doc)
        return plans.verdict(a, b, docs, self._titles, given, self._outcomes)
