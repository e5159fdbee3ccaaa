"""A disputed account: one claim says a report is wrong, the other publishes or stands by it.

"The ministry disputed the newspaper's report" against "The newspaper published the story";
"The paper's description of the talks is not accurate" against "We stand by our reporting".
Neither claim states what the report says, so the NLI model, reading the two texts, sees
two different events; the disagreement is that one side rejects an account the other side
makes or keeps to (GUIDE.md: two speakers who assert incompatible things about the same
matter are a conflict).

Read from the parse of each claim's own words, with closed lists of words named for the
classes they stand for:

- an account: nouns of a text or a statement that can be true or false (FrameNet's Text,
  Statement and Communicate_categorization frames: report, story, account, article,
  statement, claim, allegation, assertion, description, characterization; "reporting", the
  gerund a newsroom uses for its own);
- disputing it: a verb of denial taking the account as its object (checker.polarity.DENIAL:
  deny, dispute, reject, refute, rebut, rebuff, dismiss), or a copula saying of the account
  that it is not accurate / correct / true / right, or that it is inaccurate / incorrect /
  false / untrue / wrong (FrameNet's Correctness frame, and "true"/"false");
- making or keeping to it: the account as the object of a verb that makes it public
  (publish, print, air, broadcast) or keeps to it ("stand by", "stick by / to", defend).

Both claims must come from one document or one story, from two different speakers (a claim
with no speaker is the outlet's own account), and neither clause may be negated itself.
Measured on BASIL's labelled pairs, the extra labels and BASIL end to end (bench/judge.md,
26 Nov, disp8).
"""

from __future__ import annotations

from typing import Any

from checker import clauses, polarity
from checker.denials import Outcomes, Parse, Parses
from checker.judge import Verdict
from checker.rules import Reading

DISPUTED = "disputed_account"

ACCOUNT = frozenset({"report", "reporting", "story", "account", "article", "statement", "claim",
                     "allegation", "assertion", "description", "characterization"})  # fmt: skip
TRUE = frozenset({"accurate", "correct", "true", "right"})
FALSE = frozenset({"inaccurate", "incorrect", "false", "untrue", "wrong"})
DISPUTING = polarity.DENIAL
# A verb that makes an account public, or keeps to it, with the preposition it takes (""
# for a direct object).
UPHOLDING = frozenset({("publish", ""), ("print", ""), ("air", ""), ("broadcast", ""),
                       ("defend", ""), ("stand", "by"), ("stick", "by"), ("stick", "to")})  # fmt: skip
_UPHOLD_VERBS = frozenset(v for v, _ in UPHOLDING)
# The words that may call an account wrong: a denial verb or a truth adjective.
_CALLS_WRONG = DISPUTING | TRUE | FALSE


def could_dispute(source: str, a: Reading, b: Reading) -> bool:
    """Whether two claims could be an account and its dispute (disputed), without a parse:
    one document or story, two speakers (or one and the outlet), an account noun on both
    sides, a word that disputes on one and a word that makes or keeps to it on the other."""
    if source not in ("document", "story") or (a.speaker is not None and a.speaker == b.speaker):
        return False
    if not (a.lemmas & ACCOUNT and b.lemmas & ACCOUNT):
        return False
    return bool(
        (a.lemmas & _CALLS_WRONG and b.lemmas & _UPHOLD_VERBS)
        or (b.lemmas & _CALLS_WRONG and a.lemmas & _UPHOLD_VERBS)
    )


def could_call_wrong(claim: Reading) -> bool:
    """Whether a claim could be the side that calls an account wrong (no parse): an account
    noun and a word that disputes it."""
    return bool(claim.lemmas & ACCOUNT and claim.lemmas & _CALLS_WRONG)


def disputed(first: str, second: str, parse: Parse | None = None) -> str | None:
    """The evidence when one text disputes an account that the other makes public or keeps
    to, else None. parse: texts -> spaCy Docs (denials.Parses() by default)."""
    docs = list((parse or Parses())([first, second]))
    for one, other in ((docs[0], docs[1]), (docs[1], docs[0])):
        said = _disputes(one)
        kept = _upholds(other) if said else None
        if said and kept:
            return f"one side calls {said} wrong, the other {kept}"
    return None


def _disputes(doc: Any) -> str | None:
    """'the report' when the claim disputes an account ("denied the report", "the report is
    not accurate", "the story is false"), else None."""
    for t in doc:
        if _described(t):
            continue
        lemma = t.lemma_.lower()
        negated = polarity.negated(t)
        if lemma in DISPUTING and t.pos_ == "VERB" and not negated:
            found = _objects(t, "")
            if found:
                return f"the {found}"
        if lemma == "be" and t.dep_ in ("ROOT", "ccomp"):
            said = {c.lemma_.lower() for c in t.children if c.dep_ in ("acomp", "attr")}
            wrong = bool(said & FALSE) if not negated else bool(said & TRUE)
            subject = _account(c for c in t.children if c.dep_ == "nsubj")
            if wrong and subject:
                return f"the {subject}"
    return None


def _upholds(doc: Any) -> str | None:
    """'keeps to the story ('publish')' when the claim makes an account public or keeps to it, else
    None."""
    for t in clauses.own(doc):
        if t.pos_ != "VERB" or polarity.negated(t):
            continue
        lemma = t.lemma_.lower()
        for verb, prep in UPHOLDING:
            found = _objects(t, prep) if lemma == verb else None
            if found:
                return f"keeps to the {found} ('" + f"{verb} {prep}".strip() + "')"
    return None


def _objects(verb: Any, prep: str) -> str | None:
    """The account noun a verb takes: with prep "", its direct object, else that
    preposition's object. A preposition given two objects is the parser's reading of a
    direct object after a time ("disputed on Friday a report": "on" takes "Friday" and
    "report"), so its second object is the verb's direct object."""
    if prep:
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == prep]
        return _account(g for p in preps for g in p.children if g.dep_ == "pobj")
    direct = _account(c for c in verb.children if c.dep_ == "dobj")
    if direct or any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
        return direct
    stray = [p for p in verb.children if p.dep_ == "prep"]
    objects = [[g for g in p.children if g.dep_ == "pobj"] for p in stray]
    return _account(found[-1] for found in objects if len(found) > 1)


def _account(nouns: Any) -> str | None:
    """The first account noun among nouns and the nouns coordinated with them."""
    for noun in nouns:
        for n in (noun, *noun.conjuncts):
            if n.pos_ == "NOUN" and n.lemma_.lower() in ACCOUNT:
                return str(n.lemma_.lower())
    return None


def _described(token: Any) -> bool:
    """Inside a clause describing a noun ("the man who denied the report"): not the claim's
    own assertion."""
    return any(a.dep_ == "relcl" for a in (token, *token.ancestors))


def disputed_between(a: Reading, b: Reading, outcomes: Outcomes) -> str | None:
    """The evidence when one of two claims disputes an account the other makes or keeps to
    (disputed), its outcome kept in the run's cache."""
    found = outcomes.get(("disputed", a.text, b.text), lambda p: disputed(a.text, b.text, p))
    return f"a disputed account: {found}" if found else None


def verdict(a: Reading, b: Reading, given: Verdict, outcomes: Outcomes) -> Verdict:
    """The judge's verdict on a pair, or a contradiction decided by a disputed account where
    the parse finds one (the judge's probability kept, as the other overrides keep it)."""
    found = disputed_between(a, b, outcomes)
    return Verdict(given.probability, found, DISPUTED, True) if found else given
