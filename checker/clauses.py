"""A claim's own clauses read from the parse: what each predicates, and what a denial denies.

checker.denials decides from these whether an overridden pair is one statement denied. A
denial states no more than what its negated clause says: the predicate and the things it is
said of. When the other claim has none of those words, the two are not one statement, however
sure the NLI model is of the whole sentences ("He did not know the woman" against "He was a
follower of the student"; bench/judge.md, 26 Nov, seventh session). The words named are
closed-class grammar: the demonstrative pronouns (CGEL 17.5), the conditional
subordinators "if" and "unless" (CGEL 11.4, 8.14) and the restrictive focusing modifiers
(CGEL 6.7).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from checker import polarity, rules

# Dependencies that open a clause modifying a noun: what is restricted or negated there is
# the noun's description, not the claim's own statement.
NOUN_CLAUSES = frozenset({"relcl", "acl"})
DEMONSTRATIVES = frozenset({"this", "that"})
CONDITIONAL = frozenset({"if", "unless"})
# The restrictive focusing modifiers (CGEL 6.7): "not just X" says X and more.
# A denied word that is an act (a verb's lemma) carries this mark: only a verb matches it.
VERBAL = "verb:"
FOCUS = frozenset({"just", "only", "merely", "simply", "solely"})
# The dependents that say what a clause is about (its subject only where the verb is a
# copula: "the order would not be possible" denies a property of the order, "Smith did not
# know the woman" an act, not Smith).
THINGS = frozenset({"nsubjpass", "dobj", "dative", "attr", "acomp", "oprd"})

UNALIGNED = "nothing the denial negates is in the other claim"
DEICTIC = "the denial is about what 'this' or 'that' points to, outside the claim"
CONDITIONED = "the denial holds under a condition or manner the other claim does not state"
FOCUSED = "'not just X' states X, and more"


def own(doc: Any) -> list[Any]:
    """The tokens of a claim outside the clauses that modify its nouns."""
    inside = {s.i for t in doc if t.dep_ in NOUN_CLAUSES for s in t.subtree}
    return [t for t in doc if t.i not in inside]


def head(token: Any) -> bool:
    """A clause's head: a verb or the root, not a modal standing alone ("He would not.")."""
    return bool((token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT") and token.tag_ != "MD")


def predicate(verb: Any) -> tuple[str, Any]:
    """What a clause predicates, and the verb whose dependents are its arguments: a
    copula's complement ("is a hoax": hoax), a catenative verb's complement ("have to
    consult": consult), else its verb; "" for a copula with neither ("is not about X"
    predicates nothing to compare) or a light verb (spaCy's stop words: have, take, make)."""
    catenated = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
    if catenated:
        return predicate(catenated[0])
    if verb.lemma_.lower() != "be":
        word = str(verb.lemma_.lower())
        return ("" if word in rules.stop_words() else word), verb
    complements = [c for c in verb.children if c.dep_ in ("attr", "acomp")]
    return (str(complements[0].lemma_.lower()) if complements else ""), verb


def negated_clauses(doc: Any) -> list[Any]:
    """The heads of a claim's own clauses that are negated."""
    return [t for t in own(doc) if head(t) and polarity.negated(t)]


def chain(verb: Any) -> list[Any]:
    """A clause's head and the complements it hands its meaning on to: a catenative verb's
    ("going to ask him to resign") and a copula's adjective's ("be able to file")."""
    out = [verb]
    while True:
        nxt = [c for c in out[-1].children if c.dep_ == "xcomp"]
        if not nxt:
            adjectives = [c for c in out[-1].children if c.dep_ == "acomp"]
            nxt = [g for c in adjectives for g in c.children if g.dep_ == "xcomp"]
            out.extend(adjectives[:1] if nxt else [])
        if not nxt or len(out) > len(verb.doc):
            return out
        out.append(nxt[0])


def denied(clause: Any) -> set[str]:
    """The words that say what a negated clause denies: its predicate and the head nouns of
    what it is said of (objects, a passive's subject and agent, prepositions' objects, a
    copula's subject). A pronoun or an existential's noun names nothing itself: the clause
    that describes it does ("not something the state had prosecuted", "there is no woman
    cutting the meat")."""
    word, verb = predicate(clause)
    copula = verb.lemma_.lower() == "be"
    found = {(VERBAL + word if not copula else word)} if word else set()
    existential = any(c.dep_ == "expl" for c in verb.children)
    links = chain(clause)
    found |= {VERBAL + c.lemma_.lower() for c in _coordinated(links) if c not in links}
    for link in _coordinated(links):
        for child in link.children:
            if child.dep_ in THINGS or (child.dep_ == "nsubj" and copula):
                nouns = [child]
            elif child.dep_ in ("prep", "agent"):
                nouns = [g for g in child.children if g.dep_ == "pobj"]
            else:
                continue
            for noun in nouns:
                found |= _named(noun, existential)
    return {w for w in found if w.removeprefix(VERBAL) not in rules.stop_words()}


def stated_words(doc: Any) -> set[str]:
    """The words of a stating claim that a denied word can find: every lemma and form, and
    its verbs' lemmas marked as verbs (a denied act is found only as an act: "He did not
    leak" is not answered by "the leak inquiry"); where the parser found no verb at all
    (a sentence read as one noun phrase), any word."""
    found = {t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}
    acts = [t for t in doc if _act(t)] or list(doc)  # no verb found: the parse is no guide
    return found | {VERBAL + t.lemma_.lower() for t in acts}


def _act(token: Any) -> bool:
    """A verb, or a word the parser made a clause's head with its own subject though it
    tagged it otherwise ("the bridge close" read as an adjective)."""
    subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    return bool(token.pos_ in ("VERB", "AUX") or subject)


def _coordinated(links: list[Any]) -> list[Any]:
    """The verbs of a chain and the verbs coordinated with them that share their subject and
    negation ("did not hold or transmit the files": the object is the last verb's)."""
    out = list(links)
    for link in links:
        out.extend(
            c
            for c in link.children
            if c.dep_ == "conj"
            and c.pos_ in ("VERB", "AUX")
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        )
    return out


def _named(noun: Any, existential: bool) -> set[str]:
    """A noun's own words, or for a word that names nothing, its describing clause's."""
    found: set[str] = set()
    if noun.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
        found |= {noun.lemma_.lower(), noun.lower_}
        found |= {c.lemma_.lower() for c in noun.children if c.dep_ == "compound"}
    if existential or noun.is_stop or noun.pos_ == "PRON":
        for clause in noun.children:
            if clause.dep_ in NOUN_CLAUSES:
                found.add(VERBAL + clause.lemma_.lower())
                found |= {
                    g.lemma_.lower()
                    for g in clause.children
                    if g.dep_ in ("dobj", "nsubjpass") and g.pos_ in ("NOUN", "PROPN")
                }
    return found


def focused(clause: Any) -> bool:
    """Whether a clause's negation only denies that X is all there is: "not" followed by a
    focusing modifier of the clause or its complement ("is not just a broken website", "did
    not merely lose"), not of its subject ("not just anyone can enter")."""
    for neg in clause.children:
        after = neg.doc[neg.i + 1] if neg.i + 1 < len(neg.doc) else None
        if neg.dep_ != "neg" or after is None or after.lower_ not in FOCUS:
            continue
        if after.dep_ == "advmod" and (
            after.head == clause or (after.head.head == clause and after.head.dep_ in THINGS)
        ):
            return True
    return False


def deictic(clause: Any) -> bool:
    """A copula with no complement whose subject is a demonstrative pronoun ("This is not
    about the mayor"): it denies something about what the pronoun points to, which the
    claim does not say."""
    word, verb = predicate(clause)
    return not word and any(
        c.dep_ == "nsubj" and c.tag_ == "DT" and c.lower_ in DEMONSTRATIVES for c in verb.children
    )


def conditioned(clause: Any, words: Iterable[str]) -> bool:
    """Whether a negated clause holds only under a condition or manner ("will not be able
    to file as if either were single", "will not pay unless ...") none of whose content
    words the other claim has: it denies the act so qualified, not the bare act."""
    stated = set(words)
    for link in chain(clause):
        for adverbial in link.children:
            marks = {g.lower_ for g in adverbial.children if g.dep_ == "mark"}
            if adverbial.dep_ != "advcl" or not marks & CONDITIONAL:
                continue
            content = {
                t.lemma_.lower()
                for t in adverbial.subtree
                if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and not t.is_stop
            }
            if not content & stated:
                return True
    return False


def unaligned(said: Any, stated: Any) -> str | None:
    """Why the negated clauses of a denial (a parsed claim) are not what the stating claim
    (parsed) says, or None. A denial with no negated clause of its own (one carried by a
    denial verb, "denied that ...") is left alone."""
    negated = negated_clauses(said)
    clauses = [c for c in negated if not focused(c)]
    if not negated:
        return None
    if not clauses:
        return FOCUSED
    if all(deictic(c) for c in clauses):
        return DEICTIC
    words = stated_words(stated)
    aligned = [c for c in clauses if denied(c) & words]
    if not aligned:
        return UNALIGNED
    if all(conditioned(c, words) for c in aligned):
        return CONDITIONED
    return None
