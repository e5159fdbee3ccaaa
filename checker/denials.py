"""A report that one speaker denies and another account states: "The CEO denied that the deal
is approved" against "The deal is approved".

The extractor gives a reported denial as its content ("The deal is approved.", polarity
negative, verb "deny", speaker the CEO), so the two claims' texts state the same thing and the
NLI model, reading the texts, sees agreement. The disagreement is in the record: one side's
speaker rejects the proposition the other side states. A denial whose object is a noun phrase
("The man denies arson", "The minister rejected the proposal") keeps its verb in the claim's
text and is not such a report: it denies a charge or a proposal, and the judge's
restatement rule already leaves it alone (bench/judge.md, 26 Nov).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from checker import polarity
from checker.rules import Reading

DENIED_REPORT = "denied_report"
# The two texts state one proposition: most of the shorter text's content lemmas in the
# longer, and embeddings nearly as close as a paraphrase's (MRPC's threshold is 0.72).
CONTAINED = 0.8
COSINE = 0.8


def denied_report(a: Reading, b: Reading, cosine: float) -> str | None:
    """The evidence when one claim is a reported denial of what the other states, else None."""
    if a.denied_report == b.denied_report or cosine < COSINE:
        return None
    denial, other = (a, b) if a.denied_report else (b, a)
    if other.negative:
        return None
    smaller = min(len(denial.lemmas), len(other.lemmas))
    if not smaller or len(denial.lemmas & other.lemmas) / smaller < CONTAINED:
        return None
    return f"one claim's speaker denies what the other states ('{_cut(denial.text)}')"


def _cut(text: str, words: int = 10) -> str:
    cut = text.split()
    return " ".join(cut[:words]) + (" …" if len(cut) > words else "")


# Why a denial is not the other claim's statement denied, read from the parse of the two
# texts (bench/judge.md, 26 Nov, sixth session). The words named are closed-class grammar:
# the exclusive focus word "only" and the exceptive prepositions (CGEL 6.7, 7.5), and the
# interrogative subordinator "whether" (CGEL 11.5).
HEADLINE = "a headline's summary against a body claim"
RESTRICTED = "one claim restricts what it states to some ('only', 'except')"
ASKS = "the denial leaves open whether, rather than denying"
MIXED = "the stating claim denies something itself"
EXCLUSIVE = frozenset({"only"})
EXCEPTIVE = frozenset({"except", "excluding", "excepting"})
# Dependencies that open a clause modifying a noun: what is restricted or negated there is
# the noun's description, not the claim's own statement.
NOUN_CLAUSES = frozenset({"relcl", "acl"})


def undermined(
    denial: str,
    statement: str,
    headlines: tuple[bool, bool] = (False, False),
    parse: Callable[[Iterable[str]], Iterator[Any]] | None = None,
) -> str | None:
    """Why a denied restatement (or a denied report) is not one: denial is the negative
    claim's text, statement the other's, headlines whether each is its article's headline.
    None when nothing undermines it. parse: texts -> spaCy Docs (checker.models.nlp's)."""
    if headlines[0] != headlines[1]:
        return HEADLINE
    if parse is None:
        from checker.models import nlp

        parse = nlp.parse
    said, stated = parse([denial, statement])
    if _restricted(said) or _restricted(stated):
        return RESTRICTED
    # Wherever it stands ("I have no idea whether X is true"): the denial asks about X.
    if any(t.lower_ == "whether" for t in said):
        return ASKS
    if any(t.pos_ in ("VERB", "AUX") and polarity.negated(t) for t in _own(stated)):
        return MIXED
    return None


def _own(doc: Any) -> list[Any]:
    """The tokens of a claim outside the clauses that modify its nouns."""
    inside = {s.i for t in doc if t.dep_ in NOUN_CLAUSES for s in t.subtree}
    return [t for t in doc if t.i not in inside]


def _restricted(doc: Any) -> bool:
    """An exclusive "only" on one of the claim's own words ("only special categories are
    allowed", "far from the only emergency") or an exceptive preposition ("all foreigners,
    except residents")."""
    return any(
        (t.lower_ in EXCLUSIVE and t.dep_ in ("advmod", "amod") and not _correlative(t))
        or (t.lower_ in EXCEPTIVE and t.dep_ in ("prep", "mark"))
        for t in _own(doc)
    )


def _correlative(only: Any) -> bool:
    """"Not only X but Y" states X and Y (checker.polarity reads it so): no restriction."""
    return bool(only.i > 0 and only.doc[only.i - 1].lower_ == "not")
