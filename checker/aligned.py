"""Two figures for one thing, aligned by the dependency parse: the counted noun, or the verb
and preposition that govern a sum or a year, must be the same lemma in both claims.

A differing number in one slot of words (rules.clash) is a real conflict in only 2 of 37
labelled news pairs: "repaid about $60,000" / "illegally converting $250,000" are two sums
with words in common. Here a figure is read where the parse puts it: a count by the noun it
counts ("the 35-word oath": oath, measured in words), a sum or a year by the verb and
preposition that govern it ("led ... since 2002": lead, since). Two claims clash where one
such slot holds values no rounding or bound reconciles, neither stated anywhere in the other
claim, and the slot is one thing: a count's noun with the same governing verb, a modifier in
common or both definite ("the 35-word oath" / "the 38-word oath"); a sum's or a year's verb
with no two different named subjects ("Smith scored 20" / "Jones scored 25"). No word list:
the parse is spaCy's (checker.models.nlp), only asked about pairs whose figures could clash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from checker import notyet, remembered, rules, slots, spans
from checker.rules import Number, Reading

# The evidence names (the verdict's feature when the override decides).
NUMBER = "aligned_number"
YEAR = "aligned_year"
# Dependencies that attach a figure to the noun it counts or measures ("35-word oath").
_COUNTS = frozenset({"nummod", "compound", "quantmod", "nmod"})
# Dependencies of a noun's own modifiers that say which thing it is.
_MODIFIERS = frozenset({"amod", "compound", "poss"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_COMPARATIVES = frozenset({">", ">=", "<", "<="})

if TYPE_CHECKING:
    from checker.embed import EmbeddingCache

Parse = Callable[[Iterable[str]], Iterator[Any]]
Found = tuple[str, str] | None


@dataclass(frozen=True)
class Outcome:
    """What the parse says of a pair's figures: a clash in one slot (clash()), and whether
    the bound clash slots.bounds finds is between two sums other verbs govern (two_sums())."""

    clash: Found = None
    two_sums: bool = False


# The check checker.evidence.features is handed: check, or a Remembered one.
Figures = Callable[[Reading, Reading], Outcome]


@dataclass(frozen=True)
class Slot:
    """Where the parse puts a figure: the counted noun's lemmas ("word oath", "" for a bare
    figure), the preposition before it, the governing word's lemma and part of speech, that
    word's subject, the noun's modifiers and whether it is definite."""

    noun: str
    prep: str
    governor: str
    verb: bool
    subject: str
    modifiers: frozenset[str]
    definite: bool

    def describe(self) -> str:
        if self.noun:
            return self.noun.split()[-1]
        return " ".join(w for w in (self.governor, self.prep) if w)


def could_clash(a: Reading, b: Reading) -> bool:
    """Whether some figure of one claim differs from every figure of the other and shares a
    context word with it, without a parse: the pairs worth parsing."""
    return _pairs(a.numbers, b.numbers, rules.ROUNDING) or _pairs(a.years, b.years, 0.0)


def _pairs(xs: Sequence[Number], ys: Sequence[Number], tolerance: float) -> bool:
    return any(True for _ in _candidates(xs, ys, tolerance))


def _candidates(
    xs: Sequence[Number], ys: Sequence[Number], tolerance: float
) -> Iterator[tuple[Number, Number]]:
    """Figure pairs of one unit whose values differ, neither stated in the other claim nor
    bounded by a comparative (slots.bounds weighs "more than 300" against 325)."""
    for x in xs:
        if x.bound in _COMPARATIVES or any(rules.same(x.value, y.value, tolerance) for y in ys):
            continue
        for y in ys:
            if (
                x.unit != y.unit
                or y.bound in _COMPARATIVES
                or any(rules.same(y.value, n.value, tolerance) for n in xs)
            ):
                continue
            if tolerance and slots.interval(x).meets(slots.interval(y)):
                continue
            # Figures with no context word in common (a name's parts aside) are not parsed.
            if (x.context & y.context) - (x.capitalised & y.capitalised):
                yield x, y


@lru_cache(maxsize=1 << 12)
def _parsed(text: str) -> Any:
    from checker.models import nlp

    return next(nlp.parse([text]))


def clash(a: Reading, b: Reading, parse: Callable[[str], Any] = _parsed) -> tuple[str, str] | None:
    """(evidence name, the words a reviewer checks) where one parse-aligned slot holds two
    figures, else None."""
    if not could_clash(a, b):
        return None
    da, db = parse(a.text), parse(b.text)
    for kind, xs, ys, tolerance in ((NUMBER, a.numbers, b.numbers, rules.ROUNDING),
                                    (YEAR, a.years, b.years, 0.0)):  # fmt: skip
        for x, y in _candidates(xs, ys, tolerance):
            sx, sy = _slot_of(da, x), _slot_of(db, y)
            # A year that modifies a noun names which thing ("the 2016 election"); only a
            # year a verb governs dates one event ("led ... since 2002").
            if kind == YEAR and ((sx and sx.noun) or (sy and sy.noun)):
                continue
            if sx and sy and aligned(sx, sy):
                return kind, (
                    f"different figures for one thing ('{sx.describe()}', aligned by the "
                    f"parse): {x.text} against {y.text}"
                )
    return None


def two_sums(
    a: Reading, x: Number, b: Reading, y: Number, parse: Callable[[str], Any] = _parsed
) -> bool:
    """Whether two sums or shares ($, %) are governed by different verbs, no noun between
    ("repaid about $60,000" / "illegally converting $250,000"): two amounts, which no bound
    on one holds against the other."""
    if not (x.unit and y.unit):
        return False
    sx, sy = _slot_of(parse(a.text), x), _slot_of(parse(b.text), y)
    if sx is None or sy is None or sx.noun or sy.noun or not (sx.verb and sy.verb):
        return False
    return sx.governor != sy.governor


@lru_cache(maxsize=1)
def version() -> str:
    """What a remembered outcome depends on: this module, the figures' reading and the spaCy
    model; a change to any of them parses again."""
    from checker.models import nlp

    return (
        "aligned:"
        + nlp.results_version(("aligned", "notyet", "numbers", "rules", "slots", "spans"))[:16]
    )


def check(a: Reading, b: Reading, parse: Callable[[str], Any] = _parsed) -> Outcome:
    """Both parse checks of a pair (each parses only where its cheap test passes); the
    dates one holder is given (checker.spans) or an act denied yet against it done
    (checker.notyet) where no figure clashes."""
    found = slots.bounds(a.numbers, b.numbers).clash
    sums = False
    if found:
        x, y = found if found[0] in a.numbers else (found[1], found[0])
        sums = two_sums(a, x, b, y, parse)
    found_clash = clash(a, b, parse) or spans.clash(a, b, parse) or notyet.clash(a, b, parse)
    return Outcome(found_clash, sums)


def _parses(a: Reading, b: Reading) -> bool:
    """Whether check() would parse: figures that could clash, or a bound clash of sums."""
    found = slots.bounds(a.numbers, b.numbers).clash
    sums = bool(found and found[0].unit and found[1].unit)
    return could_clash(a, b) or sums or spans.could_clash(a, b) or notyet.could_clash(a, b)


class Remembered:
    """check() with each pair's outcome kept in the run's cache (checker.remembered, as
    checker.denials.Outcomes keeps its checks'), so that a warm run parses nothing and never
    loads spaCy for it."""

    def __init__(self, cache: EmbeddingCache | None) -> None:
        self._texts = remembered.Texts(cache, version) if cache is not None else None

    def __call__(self, a: Reading, b: Reading) -> Outcome:
        if self._texts is None or not _parses(a, b):
            return check(a, b)
        kind, evidence, sums = self._texts.get((a.text, b.text), lambda: _record(a, b)).split("\t")
        return Outcome((kind, evidence) if kind else None, sums == "1")


def _record(a: Reading, b: Reading) -> str:
    """check()'s outcome as the cache keeps it: kind, evidence and two sums, tab-separated."""
    found = check(a, b)
    kind, evidence = found.clash or ("", "")
    return "\t".join((kind, evidence, "1" if found.two_sums else ""))


def aligned(x: Slot, y: Slot) -> bool:
    """Whether two slots are one thing (see the module's docstring)."""
    if x.noun != y.noun:
        return False
    if x.noun and (x.modifiers & y.modifiers or (x.definite and y.definite)):
        return True
    if x.prep != y.prep or x.governor != y.governor or not (x.verb and y.verb):
        return False
    return not (x.subject and y.subject and x.subject != y.subject)


def _token(doc: Any, n: Number) -> Any:
    """The parse's token for a figure: the one written as its last word."""
    last = n.text.split()[-1].lower()
    return next((t for t in doc if t.text.lower() == last), None)


def _subject(verb: Any, top: Any) -> Any:
    """A verb's subject, or the subject of the verb it is conjoined to ("The film opened in
    two theaters and grossed $61,560": the film); None where there is none."""
    while True:
        found = next((c for c in verb.children if c.dep_ in _SUBJECTS and c is not top), None)
        if found is not None or verb.dep_ != "conj" or verb.head is verb:
            return found
        verb = verb.head


def _ratio(token: Any) -> bool:
    """Whether a figure is a side of a ratio ("two-in-three", "1 in 3"): odds, not a count."""
    for c in token.children:
        if (
            c.dep_ == "prep"
            and c.lower_ in ("in", "out")
            and any(p.like_num for p in c.subtree if p is not c)
        ):
            return True
    head = token.head
    return token.dep_ == "pobj" and head.lower_ in ("in", "of") and head.head.like_num


def _slot_of(doc: Any, n: Number) -> Slot | None:
    token = _token(doc, n)
    if token is None or _ratio(token):
        return None
    top, nouns, chain = token, [], {token.i}
    while top.dep_ in _COUNTS and top.head is not top and top.head.pos_ in ("NOUN", "SYM"):
        top = top.head
        chain.add(top.i)
        if top.pos_ == "NOUN":
            nouns.append(top.lemma_.lower())
    # A count whose noun lists its members ("two senators, Flake and McCain") is of those
    # members, not a figure two accounts give for one group.
    if nouns and any(c.dep_ == "appos" for c in top.children):
        return None
    governor, prep = top.head, ""
    if top.dep_ == "pobj" and governor.dep_ == "prep":
        prep, governor = governor.lemma_.lower(), governor.head
    if governor is top:
        return None
    modifiers = frozenset(
        c.lemma_.lower()
        for c in (top.children if nouns else ())
        if c.dep_ in _MODIFIERS and c.i not in chain and not c.like_num
    ) | frozenset(
        p.lemma_.lower()
        for c in (top.children if nouns else ())
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    )
    subject = _subject(governor, top)
    return Slot(
        noun=" ".join(nouns),
        prep=prep,
        governor=governor.lemma_.lower(),
        # A copula ("$5 billion is ...", "there is a chance") governs nothing in particular.
        verb=governor.pos_ == "VERB" and governor.lemma_.lower() != "be",
        subject="" if subject is None or subject.pos_ == "PRON" else subject.lemma_.lower(),
        modifiers=modifiers,
        definite=any(c.dep_ == "det" and c.lower_ == "the" for c in top.children) and bool(nouns),
    )
