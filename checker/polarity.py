"""Whether a clause states or denies, and where a block's quotations are.

The denial verbs, whose content their speaker rejects, are VerbNet's deny/refute senses
(conjecture-29.5-2 deny, dispute; reject/dismiss of the PARC 3.0 cue list); negation is
"not", "never" or a negative determiner or pronoun among the clause's arguments.

The parse decides what is a negation, not the word alone: a "no" tagged as a noun is a
number sign ("No. 5 seed") or a compound ("a no-no"), one tagged as an interjection stands
outside the clause ("No, no, no!" he screamed) unless it is the whole of what a reporting
verb reports ("she said no"); a negative pronoun counts as one of the clause's own arguments,
not as a coordinated one ("there were problems, and none of the looting"); and the
correlative "not only X but (also) Y" (CGEL 15.2) states X as well as Y.
"""

from __future__ import annotations

from typing import Any

from checker.records import Polarity

DENIAL = frozenset({"deny", "dispute", "reject", "dismiss", "refute", "rebuff", "rebut"})
NEGATIVE_WORDS = frozenset({"no", "never", "nobody", "nothing", "none", "neither", "nor"})
# The dependents that are a clause's own arguments (ClearNLP labels, as spaCy's English
# models use them).
ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "dative", "expl"})
# Tags of a word that is not a negator: a noun ("No." before a number, "no-no") or an
# interjection.
NOT_NEGATORS = frozenset({"NN", "NNP", "NNS", "UH"})


def quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quotations (curly or straight double quotes) within a block."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“" or (ch == '"' and open_at is None):
            open_at = i
        elif (ch == "”" or ch == '"') and open_at is not None:
            regions.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        regions.append((open_at, end))
    return regions


def _not_only(neg: Any, head: Any) -> bool:
    """Whether a negation opens the correlative "not only X but (also) Y": "only" right after
    it as an adverb, and a coordinator later in the head's phrase (X and Y both stated)."""
    following = neg.nbor() if neg.i + 1 < len(neg.doc) else None
    if following is None or following.dep_ != "advmod" or following.lower_ != "only":
        return False
    return any(t.dep_ == "cc" and t.i > following.i for t in head.subtree)


def _joined_no(word: Any) -> bool:
    """ "No-one", "no-body": a "no" written onto what follows it with a hyphen, the whole an
    argument of the clause (the parser tags the "no" as a noun or an interjection; "a no-no"
    or "a no-go zone" is a compound and counts for nothing)."""
    if word.whitespace_ or word.i + 2 >= len(word.doc) or word.nbor().text != "-":
        return False
    after = word.doc[word.i + 2]
    return word.dep_ in ARGUMENTS or (word.dep_ == "intj" and after.dep_ in ARGUMENTS)


def _negator(child: Any, head: Any) -> bool:
    """Whether one of a head's dependents negates it."""
    word = child.lower_
    if word == "no":
        if _joined_no(child):
            return True
        return child.tag_ not in NOT_NEGATORS and child.dep_ in ("det", "neg")
    if child.dep_ == "neg":
        return word in NEGATIVE_WORDS or not _not_only(child, head)
    if word == "never":  # an adverb of negation whatever its label
        return True
    if word in ("neither", "nor"):  # "Nor is he ...", "neither said much"
        return child.dep_ in ("cc", "preconj", "det", *ARGUMENTS)
    return word in NEGATIVE_WORDS and child.dep_ in ARGUMENTS  # nobody, nothing, none


def _negates_argument(neg: Any, argument: Any, head: Any) -> bool:
    """Whether a negation on one of the clause's arguments denies the clause ("Not every
    voter agreed", "not a single thing is accurate", "he was not man enough"): it stands
    before the argument, not before an adjective of it ("not guilty pleas were entered"),
    and is not a contrast after the clause's head ("needs strength, not apologies")."""
    if neg.dep_ not in ("det", "neg") or neg.i > argument.i or not _negator(neg, argument):
        return False
    following = neg.doc[neg.i + 1] if neg.i + 1 < len(neg.doc) else None
    if neg.dep_ == "neg" and following is not None and following.dep_ == "amod":
        return False
    before = neg.doc[neg.i - 1] if neg.i > 0 else None
    contrast = before is not None and before.is_punct and not before.is_quote
    return not (neg.i > head.i and contrast)


def negated(head: Any) -> bool:
    """Whether a clause's head is negated: "not", "never", or a negative determiner or
    pronoun among its arguments ("no troops were sent", "nobody came", "not every voter")."""
    for child in head.children:
        if _negator(child, head):
            return True
        if child.dep_ in ARGUMENTS and any(
            _negates_argument(g, child, head) for g in child.children
        ):
            return True
        # "no longer", "no more": the negation hangs on a comparative adverb (tagged RBR, or
        # RB with the lemma of its positive, "longer" -> "long"); "no doubt", "no matter
        # what" and "not surprisingly" leave the clause as it is.
        comparative = child.tag_ == "RBR" or child.lemma_.lower() != child.lower_
        if (
            child.dep_ == "advmod"
            and comparative
            and any(g.dep_ == "neg" and g.lower_ == "no" for g in child.children)
        ):
            return True
    return False


def _answer(head: Any) -> bool:
    """A reporting verb whose whole content is the interjection "no" ("Sestak said no"):
    a refusal, as a denial verb is."""
    return any(
        c.lower_ == "no" and c.tag_ == "UH" and c.i > head.i for c in head.children
    ) and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in head.children)


SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def _main_clause(head: Any) -> Any:
    """The clause that states the claim: the head itself, unless the parser made a clause
    with no subject the root and hung the sentence's subject and verb before it as its
    complement ("Leaders dug in Wednesday after a meeting — the first in weeks — could not
    break an impasse": "break" the root, "dug" its ccomp), when it is that complement."""
    if any(c.dep_ in SUBJECTS for c in head.children):
        return head
    before = [
        c for c in head.children
        if c.dep_ == "ccomp" and c.i < head.i and any(g.dep_ in SUBJECTS for g in c.children)
    ]  # fmt: skip
    return before[0] if before else head


def polarity(head: Any, verb: Any) -> Polarity:
    if verb is None:
        head = _main_clause(head)
    flips = negated(head)
    if verb is not None:
        flips ^= verb.lemma_.lower() in DENIAL
        if verb.i != head.i:
            flips ^= negated(verb)
        else:
            flips ^= _answer(verb)
    return Polarity.NEGATIVE if flips else Polarity.POSITIVE
