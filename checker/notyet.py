"""An act one claim says has not happened yet, which the other says is done: "no formal
charges have been filed yet" against "X has been charged". Reports of different days give
the story as it moved on (temporal); of one time, two accounts that disagree (conflict): the
kind follows the claims' times as any evidence's does (checker.contradict.decide).

The denied act is read from the parse: a verb with "yet" or "still" (the language's adverbs
of an expected change, closed-class) and a negation ("not", "never", or "no" on its subject
or object), or "has yet to" a verb. Its acts are that verb's lemma and the lemma of a noun the
negation's "no" governs, so a noun and its verb share one (spaCy lemmatizes "charges" and
"charged" to "charge"). The done act is an affirmed verb of the other claim in a past or
perfect form with no modal, whose lemma is one of those acts. No word list of any story: the
adverbs, negations and modals are English function words; lemmas and tags are spaCy's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from checker.rules import Reading

# The evidence name (the verdict's feature when the override decides).
NOT_YET = "not_yet_done"
# Adverbs that say an expected act has not come about (with a negation).
_PENDING = frozenset({"yet", "still"})
_NEGATIONS = frozenset({"not", "n't", "never"})
_NO = frozenset({"no", "neither"})
# Verbs that carry grammar, not an act ("is not yet clear", "has not yet any").
_LIGHT = frozenset({"be", "have", "do", "get"})
_CORE = frozenset({"nsubj", "nsubjpass", "dobj"})
# A participle that modifies a noun states no act of its own ("a rule change made in May").
_MODIFIER = frozenset({"amod", "acl", "relcl"})
_GATE = re.compile(r"\b(?:yet|still)\b", re.IGNORECASE)
_DENIAL_WORD = re.compile(r"\b(?:not|no|never|neither|yet to)\b|n['’]t\b", re.IGNORECASE)


def could_clash(a: Reading, b: Reading) -> bool:
    """Whether one claim, and not the other, holds a pending adverb and a negation (or
    "yet to")."""
    return _pending(a) != _pending(b)


def _pending(claim: Reading) -> bool:
    """Whether a claim's text holds a pending adverb and a negation (no parse)."""
    return bool(_GATE.search(claim.text) and _DENIAL_WORD.search(claim.text))


def clash(a: Reading, b: Reading, parse: Callable[[str], Any]) -> tuple[str, str] | None:
    """(evidence name, the words a reviewer checks) where one claim denies an act "yet" that
    the other states done, else None."""
    if not could_clash(a, b):
        return None
    pending, other = (a, b) if _pending(a) else (b, a)
    denied = list(pending_acts(parse(pending.text)))
    for verb in done(parse(other.text)):
        act, held = verb.lemma_.lower(), _arguments(verb)
        for lemma, needs, words in denied:
            if lemma == act and (needs & held if needs else True):
                return NOT_YET, (
                    f"one claim says it has not happened yet ('{words}'), the other that it "
                    f"has ('{_phrase(verb)}')"
                )
    return None


def pending_acts(doc: Any) -> Iterator[tuple[str, frozenset[str], str]]:
    """(act lemma, the argument lemmas one of which the done verb must share, the words
    that deny it) for each act the text denies yet. A noun "no" governs is an act of its own
    ("no charges": charge) that needs no argument; a verb needs one of its own arguments in
    the other claim's verb ("not yet arrested a suspect" / "police arrested the man": police),
    so that another act of one verb ("no decision was made" / "a rule change made") does not
    count."""
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        kids = list(verb.children)
        if not any(c.dep_ == "advmod" and c.lower_ in _PENDING for c in kids):
            continue
        xcomp = next((c for c in kids if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if verb.lemma_.lower() == "have" and xcomp is not None:  # "has yet to decide"
            needs = _arguments(verb) | _arguments(xcomp)
            yield xcomp.lemma_.lower(), needs, f"{_phrase(verb)} to {xcomp.text}"
            continue
        nouns = [c for c in kids if c.dep_ in _CORE and any(d.lower_ in _NO for d in c.children)]
        if not nouns and not any(c.dep_ == "neg" and c.lower_ in _NEGATIONS for c in kids):
            continue
        words, held = _phrase(verb), _arguments(verb)
        if verb.lemma_.lower() not in _LIGHT and held:
            yield verb.lemma_.lower(), held, words
        for noun in nouns:
            yield noun.lemma_.lower(), frozenset(), words


def done(doc: Any) -> Iterator[Any]:
    """The affirmed verbs of a text in a past or perfect form with no modal and no pending
    adverb, each the head of a clause (not a participle modifying a noun: "a change made")."""
    for verb in doc:
        if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBN") or verb.dep_ in _MODIFIER:
            continue
        kids = list(verb.children)
        # A modal is an auxiliary tagged MD (the tagger gives stray punctuation MD too).
        modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in kids)
        if modal or any(c.dep_ == "neg" or c.lower_ in _PENDING for c in kids):
            continue
        if verb.lemma_.lower() not in _LIGHT:
            yield verb


def _arguments(verb: Any) -> frozenset[str]:
    """The lemmas of a verb's subject and object (a pronoun says nothing of which)."""
    return frozenset(
        c.lemma_.lower() for c in verb.children if c.dep_ in _CORE and c.pos_ != "PRON"
    )


def _phrase(verb: Any) -> str:
    """The verb with its auxiliaries, negation and core arguments' heads, in text order."""
    kept = [verb] + [
        c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", *_CORE)
    ]
    for c in list(kept):
        kept += [d for d in c.children if d.dep_ == "det" and d.lower_ in _NO]
    return " ".join(t.text for t in sorted(kept, key=lambda t: t.i))
