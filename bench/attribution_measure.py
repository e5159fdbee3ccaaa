"""The attribution measure's second definition (bench/extraction.md): a claim whose every
"said" reports nothing is the writer's statement about a report not made, and leaves the
measure (numerator and denominator alike)."""

from __future__ import annotations

from typing import Any

from checker.models import nlp
from checker.records import Claim


def _reports_nothing(said: Any) -> bool:
    """A "said" that gives no words of anyone's: negated ("has not said", "did not say"),
    with an open question for its only complement ("has not yet said whether …"), or with a
    quantity or an indefinite pronoun for its object and no clause of its own ("said nothing
    new", "has said little about", "neither said much")."""
    if any(c.dep_ == "neg" for c in said.children):
        return True
    clauses = [c for c in said.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
    if clauses:
        return all(
            any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children)
            for c in clauses
        )
    return any(
        c.dep_ == "dobj" and (c.pos_ == "ADJ" or "Ind" in c.morph.get("PronType"))
        for c in said.children
    )


def reporting_nothing(found: list[Claim]) -> set[str]:
    """The claims (ids) whose every "said" reports nothing and that hold no "according to":
    the writer's own statements about a report not made (left out of the measure's second
    definition, numerator and denominator alike)."""
    texts = [c.text for c in found]
    out = set()
    for c, sent in zip(found, nlp.parse(texts), strict=True):
        said = [t for t in sent if t.lower_ == "said"]
        if said and "according to" not in c.text.lower() and all(map(_reports_nothing, said)):
            out.add(c.id)
    return out
