"""Which pairs of a story's claims the matcher reads: every pair of different documents, and
the pairs about different times, which count against a merge (checker.match)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from checker.matchscore import ClaimView
from checker.records import Claim

# Two claims whose resolved times lie more than this many days apart report different event
# instances (a trial and the crime it judges; two elections; Tuesday's remark and Friday's
# answer). One day of slack: outlets date one event by their own day ("yesterday", "today").
APART_DAYS = 1


def cross_pairs(docs: Sequence[str]) -> list[tuple[int, int]]:
    """Every pair (i < j) of rows of different documents."""
    ids = np.unique(np.asarray(docs), return_inverse=True)[1] if docs else np.zeros(0, int)
    i, j = np.triu_indices(len(docs), k=1)
    keep = ids[i] != ids[j]
    return list(zip(i[keep].tolist(), j[keep].tolist(), strict=True))


def apart_pairs(claims: Sequence[Claim], claim_views: Sequence[ClaimView]) -> set[tuple[int, int]]:
    """Pairs (i < j) of claims of different documents about different times: both name years
    and share none, or both times were resolved from an expression and lie more than
    APART_DAYS apart. Only claims with a time are compared, in one matrix each."""
    out: set[tuple[int, int]] = set()
    dated = [k for k, v in enumerate(claim_views) if v.years]
    if len(dated) >= 2:
        names = sorted({y for k in dated for y in claim_views[k].years})
        col = {y: n for n, y in enumerate(names)}
        member = np.zeros((len(dated), len(names)), dtype=np.float32)
        for r, k in enumerate(dated):
            member[r, [col[y] for y in claim_views[k].years]] = 1.0
        out |= _pairs(claims, dated, (member @ member.T) == 0)
    timed = [
        k for k, c in enumerate(claims)
        if c.time.source == "expression" and c.time.start and c.time.end
    ]  # fmt: skip
    if len(timed) >= 2:
        start = np.array([claims[k].time.start.toordinal() for k in timed])  # type: ignore[union-attr]
        end = np.array([claims[k].time.end.toordinal() for k in timed])  # type: ignore[union-attr]
        gap = np.maximum(start[None, :] - end[:, None], start[:, None] - end[None, :])
        out |= _pairs(claims, timed, gap > APART_DAYS)
    return out


def _pairs(
    claims: Sequence[Claim], rows: Sequence[int], hit: NDArray[np.bool_]
) -> set[tuple[int, int]]:
    """The pairs of rows (as claim indices) marked in the upper triangle of hit, of different
    documents."""
    a, b = np.nonzero(np.triu(hit, k=1))
    return {
        (rows[x], rows[y]) for x, y in zip(a.tolist(), b.tolist(), strict=True)
        if claims[rows[x]].doc != claims[rows[y]].doc
    }  # fmt: skip
