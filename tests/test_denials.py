"""A reported denial against the account that states what was denied (checker.denials)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from checker import contradict, denials, pipeline, rules
from checker.embed import EmbeddingCache
from checker.records import Claim, Contradiction, Polarity, TimeRef
from tests.conftest import FixedScorer, Text, flat_judge

STATED = Text("The plant will close in May.", lemmas=("plant", "close", "may"))
# "A spokesman denied that the plant will close in May." as the extractor gives it.
DENIED = Text("The plant will close in May.", "a spokesman", lemmas=("plant", "close", "may"),
              polarity="negative", verb="deny")  # fmt: skip


def test_a_denied_report_against_its_statement_is_evidence_either_way_round() -> None:
    assert rules.read(DENIED).denied_report and not rules.read(STATED).denied_report
    assert denials.denied_report(rules.read(DENIED), rules.read(STATED), 0.95)
    assert denials.denied_report(rules.read(STATED), rules.read(DENIED), 0.95)


def test_a_denial_of_a_noun_is_a_sentence_about_denying_not_a_denied_report() -> None:
    # "The man denies arson" keeps its verb: he denies a charge, not the other claim.
    denies = Text("The man denies arson.", "the man", lemmas=("man", "deny", "arson"),
                  polarity="negative", verb="deny")  # fmt: skip
    charged = Text("The man was charged with arson.", lemmas=("man", "charge", "arson"))
    assert not rules.read(denies).denied_report
    assert denials.denied_report(rules.read(denies), rules.read(charged), 0.9) is None
    # Without lemmas, the text's words tell: "rejected" holds "reject".
    bare = Text("The minister rejected the plan.", "the minister", polarity="negative",
                verb="reject")  # fmt: skip
    assert not rules.read(bare).denied_report


@pytest.mark.parametrize(
    ("other", "cosine"),
    [
        (STATED, 0.7),  # not close enough to be one proposition
        (Text("The plant will hire staff.", lemmas=("plant", "hire", "staff")), 0.9),
        (
            Text(
                "The plant will not close in May.",
                lemmas=("plant", "close", "may"),
                polarity="negative",
            ),
            0.95,
        ),  # both deny it: they agree
        (DENIED, 0.99),  # two reports of the same denial
    ],
)
def test_no_evidence_where_the_two_do_not_state_and_deny_one_thing(
    other: Text, cosine: float
) -> None:
    assert denials.denied_report(rules.read(DENIED), rules.read(other), cosine) is None


def _feed(folder: Path, pairs: list[tuple[str, str]]) -> Path:
    rows = []
    for k, (a, b) in enumerate(pairs):
        rows.append({"id": f"p{k}a", "text": a, "source": "Wire One", "date": "2024-03-04"})
        rows.append({"id": f"p{k}b", "text": b, "source": "Wire Two", "date": "2024-03-04"})
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return feed


@pytest.mark.slow
def test_short_accounts_that_differ_are_findings_and_never_one_cluster(tmp_path: Path) -> None:
    # One-sentence accounts from two wires, all of one day (no date tells the pairs apart).
    pairs = [
        ("Russia attacked Ukraine on Monday.", "Russia did not attack Ukraine on Monday."),
        ("Stock prices are rising sharply today.", "Stock prices are falling sharply today."),
        ("Klaebo has won 9 gold medals.", "Klaebo has won 10 gold medals."),
        ("The CEO confirmed the deal is approved.", "The CEO denied the deal is approved."),
        ("The company offers 15 days of paid leave.",
         "The new rule covers employees who have worked 90 days."),
        ("The museum reopened on Tuesday after renovations.",
         "After a long renovation, the museum opened its doors again on Tuesday."),
    ]  # fmt: skip
    report = pipeline.run([_feed(tmp_path, pairs)], pipeline.Options(cache_dir=tmp_path / "c"))
    docs = sorted(sorted(c.split(":")[0].rsplit("/", 1)[1] for c in f.claims)
                  for f in report.contradictions)  # fmt: skip
    assert docs == [["p0a", "p0b"], ["p1a", "p1b"], ["p2a", "p2b"], ["p3a", "p3b"]]
    assert {f.kind for f in report.contradictions} == {"conflict"}
    together = [{c.split(":")[0].rsplit("/", 1)[1] for c in k.claims} for k in report.clusters]
    assert {"p5a", "p5b"} in together
    for k in range(4):
        assert not any({f"p{k}a", f"p{k}b"} <= t for t in together)


# The parse can undermine the override (checker.denials.undermined): each rule with a pair it
# must no longer flag and one it must still leave to the override. Sentences written here.
@pytest.mark.parametrize(
    ("denial", "statement", "headlines", "why"),
    [
        # A headline's summary drops what the body's speakers qualify.
        ("The council cannot close the library.", "Council Wants To Close Library",
         (False, True), denials.HEADLINE),
        ("The council will not close the library.", "The council will close the library.",
         (False, False), None),
        ("Council Will Not Close Library", "Council Will Close Library", (True, True), None),
        # A restriction: some are allowed, most are not; an exception likewise.
        ("Visitors are not allowed to enter the old wing.",
         "Only members are allowed to enter the old wing.", (False, False), denials.RESTRICTED),
        ("All staff, except nurses, will not get the bonus.", "Staff will get the bonus.",
         (False, False), denials.RESTRICTED),
        ("Visitors are not allowed to enter the old wing.",
         "Visitors are allowed to enter the old wing.", (False, False), None),
        # "not only X but Y" states X: no restriction.
        ("The bridge did not close.", "Not only did the bridge close, but the ferry stopped.",
         (False, False), None),
        # Not knowing whether X is true does not deny X.
        ("The mayor has no idea whether the plant will close.", "The plant will close.",
         (False, False), denials.ASKS),
        ("The mayor said the plant will not close.", "The plant will close.",
         (False, False), None),
        # A statement that denies something itself is no plain statement of what is denied.
        ("The plant will not close.", "The plant will close, but the mill will never reopen.",
         (False, False), denials.MIXED),
        # A negation inside a clause describing a noun is that noun's description.
        ("The plant will not close.", "The plant, which has not made a profit, will close.",
         (False, False), None),
    ],
)  # fmt: skip
def test_the_parse_undermines_a_denial_that_is_not_the_statement_denied(
    denial: str, statement: str, headlines: tuple[bool, bool], why: str | None
) -> None:
    assert denials.undermined(denial, statement, headlines) == why


# What a denial negates must be in the other claim (checker.clauses): for each tightened check a
# pair it must no longer flag and one the override must still decide. Sentences written here.
@pytest.mark.parametrize(
    ("denial", "statement", "why"),
    [
        # Neither the negated act nor what it is of is in the other claim.
        ("The coach did not meet the referee.", "The coach was a close friend of the umpire.",
         denials.UNALIGNED),
        ("The coach did not meet the referee.", "The coach met the referee on Friday.", None),
        # An intransitive light verb denies nothing the other claim names.
        ("For them, Smith would not do.", "Smith can win the seat.", denials.UNALIGNED),
        # A copula's subject, a passive's agent, a preposition's object are what is denied of.
        ("Such a tax would not be legal.", "They say we can raise it with a tax.", None),
        ("It is not covered by the new law.", "The new law is very clear.", None),
        ("The letters did not speak for all the members.",
         "The letters do represent the members' view.", None),
        # A pronoun or an existential's noun: the clause describing it says what is denied.
        ("This is not something the council had ever approved.",
         "It has been approved by the council twice.", None),
        ("There is no man painting the fence.", "The fence is being painted by a boy.", None),
        # Uncertainty about a clause is no denial of it.
        ("I am not sure the three men were armed.", "The three men were armed.",
         denials.UNALIGNED),
        # A demonstrative with nothing predicated of it points outside the claim.
        ("This is not about the mayor.", "The mayor was said to be well qualified for the post.",
         denials.DEICTIC),
        ("That is not a rumour.", "It is a rumour.", None),
        # A condition or manner the other claim does not state qualifies the denied act.
        ("Farmers will not be able to sell the grain as if it were organic.",
         "Farmers will be allowed to sell the grain.", denials.CONDITIONED),
        ("The firm will not pay the fine unless the court orders it.", "The firm will pay the fine.",
         denials.CONDITIONED),
        ("Farmers will not be able to sell the grain.",
         "Farmers will be allowed to sell the grain.", None),
        ("The firm will not pay the fine if the court orders it.",
         "The firm will pay the fine if the court orders it.", None),
        # A catenative chain carries the denied act ("going to ask her to quit").
        ("I'm not going to ask her to quit the board.", "She should be made to quit the board.",
         None),
        # Coordinated verbs share the negation and the last one's object.
        ("The clerk did not open or read the letters.", "The clerk read the letters.", None),
        ("The clerk did not open or read the letters.", "The clerk was a friend of the sender.",
         denials.UNALIGNED),
        # A denied act is found only as an act, not as a noun of the same word.
        ("The aide did not leak.", "The aide had started the leak inquiry.", denials.UNALIGNED),
        ("The aide did not leak.", "The aide leaked the memo.", None),
        # "not just X" states X; "not just anyone" is about the subject.
        ("The museum is not merely a library.", "The museum is a library.", denials.FOCUSED),
        ("The museum is not a library.", "The museum is a library.", None),
        ("Not just anyone can enter the club.", "Anyone can enter the club.", None),
        # A denial carried by a denial verb has no negated clause of its own: left alone.
        ("The plant will close.", "The plant will close.", None),
    ],
)  # fmt: skip
def test_what_a_denial_negates_must_be_in_the_other_claim(
    denial: str, statement: str, why: str | None
) -> None:
    assert denials.undermined(denial, statement) == why


@pytest.mark.parametrize(
    ("denial", "statement", "found"),
    [
        ("The province will never pay for the new bridge.",
         "The province will pay for the new bridge.", "'pay', of 'bridge', 'province'"),
        ("The union says the strike is not a hoax.", "The strike is a hoax.",
         "'hoax', of 'strike'"),
        # The same predicate of different things.
        ("The inquiry is not politically motivated.", "The dismissal was politically motivated.",
         None),
        # A modal standing alone, a copula with no complement: nothing to compare.
        ("She would not.", "She would run for mayor.", None),
        ("This is not about the mayor.", "The plan was for the mayor to stay.", None),
        # Roles: a passive's subject is the object, a catenative verb's subject its
        # complement's; a noun in another role is another matter.
        ("The plan was not approved by the council.", "The council approved the plan.",
         "'approve', of 'council', 'plan'"),
        ("The mayor will not support the plan.", "The mayor has pledged to support the plan.",
         "'support', of 'mayor', 'plan'"),
        ("The unions will not support the mayor.",
         "The mayor has pledged to support the winner.", None),
        # A light verb aligns nothing.
        ("The board has no idea what the staff do with the money.",
         "The board has control over the money.", None),
        # Different predicates; a catenative verb's complement is what it predicates.
        ("The province will not build the bridge.", "The province will pay for the bridge.",
         None),
        ("Many agencies do not have the staff to judge the risks.",
         "Agencies will have to consult the staff of the museum.", None),
        ("The agencies do not have to consult the staff.",
         "The agencies have to consult the staff.", "'consult', of 'agency', 'staff'"),
    ],
)  # fmt: skip
def test_an_opposed_predicate_is_one_denied_and_stated_of_the_same_thing(
    denial: str, statement: str, found: str | None
) -> None:
    assert denials.opposed(denial, statement) == found


def _claim(cid: str, text: str, speaker: str | None, negative: bool = False,
           headline: bool = False) -> Claim:  # fmt: skip
    polarity = Polarity.NEGATIVE if negative else Polarity.POSITIVE
    when = TimeRef(dt.date(2024, 3, 4), dt.date(2024, 3, 4), "publication")
    doc, at = cid.split(":")
    return Claim(cid, doc, text, (int(at), 1), speaker, when, headline=headline, polarity=polarity)


def _find(claims: list[Claim], angles: list[float]) -> list[Contradiction]:
    judge = flat_judge(-1.0, 0.5, 0.8)
    v = np.array([[np.cos(t), np.sin(t)] for t in angles], dtype=np.float32)
    found, _ = contradict.find(claims, v, [], FixedScorer(0.97), judge=judge)
    return found


def test_two_speakers_of_one_article_denying_and_stating_one_predicate_are_a_conflict() -> None:
    # The judge alone gives 0.27 (below its 0.5), the texts are too far apart (cosine 0.54)
    # for a denied restatement: the opposed predicate decides.
    stated = _claim("a:1", "The province will pay for the new bridge.", "the minister")
    denied = _claim("a:2", "Ottawa will never pay for that bridge.", "the mayor", negative=True)
    (found,) = _find([stated, denied], [0.0, 1.0])
    assert found.rule == denials.OPPOSED and found.kind == "conflict"
    assert (
        "the minister and the mayor differ" in found.reason and "'pay', of 'bridge'" in found.reason
    )
    # One speaker saying both, or a different predicate: no finding.
    same = _claim("a:2", "Ottawa will never pay for that bridge.", "the minister", negative=True)
    assert _find([stated, same], [0.0, 1.0]) == []
    other = _claim("a:2", "Ottawa will never build that bridge.", "the mayor", negative=True)
    assert _find([stated, other], [0.0, 1.0]) == []


def test_a_denied_restatement_against_a_headline_is_left_to_the_judge() -> None:
    body = _claim("a:2", "The council will not close the library.", "a spokesman", negative=True)
    headline = _claim("a:0", "Council To Close Library", None, headline=True)
    assert _find([body, _claim("b:1", "The council will close the library.", None)], [0.0, 0.1])
    assert _find([body, headline], [0.0, 0.1]) == []


def test_only_two_named_speakers_one_denying_with_words_in_common_could_oppose() -> None:
    pays = rules.read(Text("The province will pay for the bridge.", "the minister",
                           lemmas=("province", "pay", "bridge")))  # fmt: skip
    never = rules.read(Text("The province will never pay for the bridge.", "the mayor",
                            lemmas=("province", "pay", "bridge"), polarity="negative"))  # fmt: skip
    assert denials.could_oppose("document", pays, never)
    assert denials.could_oppose("story", never, pays)
    assert not denials.could_oppose("brief", pays, never)  # not one document or story
    assert not denials.could_oppose("document", pays, pays)  # nobody denies
    unnamed = rules.read(Text(never.text, None, lemmas=("province", "pay", "bridge"),
                              polarity="negative"))  # fmt: skip
    assert not denials.could_oppose("document", pays, unnamed)
    # Only a light verb in common ("have" is one of spaCy's stop words): nothing to align.
    has = rules.read(Text("The mayor has no budget.", "the mayor", lemmas=("mayor", "budget"),
                          polarity="negative"))  # fmt: skip
    assert not denials.could_oppose("document", pays, has)


def test_the_parse_checks_outcomes_are_kept_in_the_run_cache(tmp_path: Path) -> None:
    asked: list[str] = []

    def compute(why: str | None) -> Callable[[denials.Parses], str | None]:
        def run(_: denials.Parses) -> str | None:
            asked.append(str(why))
            return why

        return run

    first = EmbeddingCache(tmp_path)
    outcomes = denials.Outcomes(first, denials.Parses())
    assert outcomes.get(("opposed", "a", "b"), compute("'pay', of 'wall'")) == "'pay', of 'wall'"
    assert outcomes.get(("undermined", "a", "b", "--"), compute(None)) is None
    first.close()
    # A later run reads both outcomes, the None too, and parses nothing.
    again = denials.Outcomes(EmbeddingCache(tmp_path), denials.Parses())
    assert again.get(("opposed", "a", "b"), compute("other")) == "'pay', of 'wall'"
    assert again.get(("undermined", "a", "b", "--"), compute("other")) is None
    assert asked == ["'pay', of 'wall'", "None"]
    # Other inputs are asked.
    assert again.get(("opposed", "a", "c"), compute(None)) is None and len(asked) == 3
