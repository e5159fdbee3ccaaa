"""Denials the judge's features cannot read: a report one speaker denies (denied_report), what
undermines a denial's override (undermined), and two speakers denying and stating one
predicate (opposed). The last two read a parse of the two texts, only for the few pairs they
concern.

A report that one speaker denies and another account states: "The CEO denied that the deal
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
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from checker import clauses, polarity, remembered
from checker.records import Claim
from checker.rules import Reading

if TYPE_CHECKING:
    from checker.embed import EmbeddingCache

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
# What the denial negates has no counterpart in the other claim (checker.clauses).
UNALIGNED, DEICTIC, CONDITIONED = clauses.UNALIGNED, clauses.DEICTIC, clauses.CONDITIONED
FOCUSED = clauses.FOCUSED
EXCLUSIVE = frozenset({"only"})
EXCEPTIVE = frozenset({"except", "excluding", "excepting"})

Parse = Callable[[Iterable[str]], Iterator[Any]]


class Parses:
    """Each text parsed once (checker.models.nlp, or the parse given), for the checks below."""

    def __init__(self, parse: Parse | None = None) -> None:
        self._parse = parse
        self._docs: dict[str, Any] = {}

    def __call__(self, texts: Iterable[str]) -> Iterator[Any]:
        texts = list(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self._docs]
        if todo:
            if self._parse is None:
                from checker.models import nlp

                self._parse = nlp.parse
            self._docs.update(zip(todo, self._parse(todo), strict=True))
        return iter([self._docs[t] for t in texts])


# The modules whose rules decide the outcomes kept (Outcomes).
_CHECKS = ("denials", "clauses", "polarity", "reports", "plans", "flagged")


@lru_cache(maxsize=1)
def version() -> str:
    """What the parse checks' outcomes depend on: this module, the clause reading, the
    polarity rules, the account rules (checker.reports, checker.plans) and the spaCy
    model; a change to any of them asks again."""
    from checker.models import nlp

    return "denials:" + nlp.results_version(_CHECKS)[:16]


class Outcomes:
    """The parse checks' outcomes kept in the run's cache (the embedding cache's text table,
    beside the NLI scores), so a warm run parses nothing and never loads spaCy for them."""

    def __init__(self, cache: EmbeddingCache | None, parses: Parses | None = None) -> None:
        self._texts = remembered.Texts(cache, version) if cache is not None else None
        self.parses = parses or Parses()

    def get(self, parts: Iterable[str], compute: Callable[[Parses], str | None]) -> str | None:
        """compute(parses)'s outcome for the check named by parts (its name and inputs)."""
        if self._texts is None:
            return compute(self.parses)
        return self._texts.get(parts, lambda: compute(self.parses) or "") or None


def undermined(
    denial: str,
    statement: str,
    headlines: tuple[bool, bool] = (False, False),
    parse: Parse | None = None,
) -> str | None:
    """Why a denied restatement (or a denied report) is not one: denial is the negative
    claim's text, statement the other's, headlines whether each is its article's headline.
    None when nothing undermines it. parse: texts -> spaCy Docs (Parses() by default)."""
    if headlines[0] != headlines[1]:
        return HEADLINE
    said, stated = (parse or Parses())([denial, statement])
    if _restricted(said) or _restricted(stated):
        return RESTRICTED
    # Wherever it stands ("I have no idea whether X is true"): the denial asks about X.
    if any(t.lower_ == "whether" for t in said):
        return ASKS
    if any(t.pos_ in ("VERB", "AUX") and polarity.negated(t) for t in clauses.own(stated)):
        return MIXED
    return clauses.unaligned(said, stated)


def _restricted(doc: Any) -> bool:
    """An exclusive "only" on one of the claim's own words ("only special categories are
    allowed", "far from the only emergency") or an exceptive preposition ("all foreigners,
    except residents")."""
    return any(
        (t.lower_ in EXCLUSIVE and t.dep_ in ("advmod", "amod") and not _correlative(t))
        or (t.lower_ in EXCEPTIVE and t.dep_ in ("prep", "mark"))
        for t in clauses.own(doc)
    )


def _correlative(only: Any) -> bool:
    """The correlative "not only X but Y" states X and Y (as checker.polarity reads it): no
    restriction."""
    return bool(only.i > 0 and only.doc[only.i - 1].lower_ == "not")


# Two named speakers, one denying the predicate the other states of the same thing: "The
# province will never pay for the bridge" against "The province will pay for the bridge"
# (GUIDE.md: two speakers who assert incompatible things about the same matter are a
# conflict). Measured on BASIL and ECB+ (bench/judge.md, 26 Nov, sixth session).
OPPOSED = "opposed_predicate"


def opposed(denial: str, statement: str, parse: Parse | None = None) -> str | None:
    """The predicate the denial's own clause negates and the statement's states, with a noun
    in the same role among both predicates' arguments ("'pay', of 'bridge'"); None when there
    is none."""
    said, stated = (parse or Parses())([denial, statement])
    negated: dict[str, Any] = {}
    for head in clauses.own(said):
        word, verb = clauses.predicate(head)
        if clauses.head(head) and polarity.negated(head) and word:
            negated.setdefault(word, verb)
    for head in clauses.own(stated):
        word, verb = clauses.predicate(head)
        if not clauses.head(head) or polarity.negated(head) or word not in negated:
            continue
        shared = _arguments(negated[word], word) & _arguments(verb, word)
        if shared:
            return f"'{word}', of " + ", ".join(sorted({f"'{noun}'" for _, noun in shared}))
    return None


# A predicate's arguments by role: a passive subject is the object's role, a passive's agent
# the subject's; a preposition's object is its preposition's.
ROLES = {"nsubj": "subject", "agent": "subject", "dobj": "object", "nsubjpass": "object",
         "dative": "second object", "attr": "object"}  # fmt: skip


def _arguments(verb: Any, word: str) -> set[tuple[str, str]]:
    """(role, noun lemma) of a predicate's arguments, read from its verb's own dependents
    (a catenative verb's subject is its complement's: "pledged to support"), the predicate's
    own word aside."""
    found: set[tuple[str, str]] = set()
    for child in verb.children:
        role = "of " + child.lower_ if child.dep_ == "prep" else ROLES.get(child.dep_)
        if role is not None:
            found |= {
                (role, t.lemma_.lower()) for t in child.subtree if t.pos_ in ("NOUN", "PROPN")
            }
    controller = verb
    while controller.dep_ == "xcomp" and controller.head is not controller:
        controller = controller.head
        for child in controller.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                found |= {
                    ("subject", t.lemma_.lower())
                    for t in child.subtree
                    if t.pos_ in ("NOUN", "PROPN")
                }
    return {(role, noun) for role, noun in found if noun != word}


def claims_undermined(a: Claim, b: Claim, a_denies: bool, outcomes: Outcomes) -> bool:
    """Whether the parse of an overridden pair of claims says its denial is not the other's
    statement denied (undermined): the override then does not decide, and the judge's
    probability (below its bar, or the override would not have been asked) does."""
    denial, statement = (a, b) if a_denies else (b, a)
    headlines = (denial.headline, statement.headline)
    flags = "".join("h" if h else "-" for h in headlines)
    why = outcomes.get(
        ("undermined", denial.text, statement.text, flags),
        lambda p: undermined(denial.text, statement.text, headlines, p),
    )
    return why is not None


def could_oppose(source: str, a: Reading, b: Reading) -> bool:
    """Whether two claims could be two named speakers opposed on one predicate (opposed),
    without a parse: a pair of one document or story, two different named speakers, one
    denying, and two content lemmas in common (the predicate and a noun; a light verb,
    "have", "take", spaCy's stop words, aligns nothing)."""
    return (
        source in ("document", "story")
        and a.negative != b.negative
        and a.speaker is not None
        and b.speaker is not None
        and a.speaker != b.speaker
        and len(a.lemmas & b.lemmas) >= 2
    )


def opposed_between(a: Reading, b: Reading, outcomes: Outcomes) -> str | None:
    """The evidence when one of two claims denies the predicate the other states (opposed)."""
    denial, statement = (a, b) if a.negative else (b, a)
    found = outcomes.get(
        ("opposed", denial.text, statement.text), lambda p: opposed(denial.text, statement.text, p)
    )
    return f"one speaker denies what the other states ({found})" if found else None
