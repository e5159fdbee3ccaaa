"""Two accounts of what one person does, one denying it (checker.plans). The sentences are
written for these tests."""

from __future__ import annotations

import pytest

from checker import plans, rules
from checker.records import Claim
from tests.conftest import Text
from tests.test_reports import _claim, _find

MAYOR = {"mayor": frozenset({"ana ortiz"})}


@pytest.mark.parametrize(
    ("denial", "statement", "found"),
    [
        # The negation sits in a clause the claim reports; the subjects are a name and a title.
        ("Several donors concluded that Ms. Ortiz will not seek a third term.",
         "The mayor would be seeking another term.", "seek|ortiz|the mayor"),
        ("Ms. Ortiz was never asked about the contract.",
         "Ortiz was asked about the contract twice.", "ask|ortiz|ortiz"),
        # A condition or a question asserts nothing.
        ("If Ms. Ortiz does not seek a third term, the party will split.",
         "The mayor would be seeking another term.", ""),
        ("Donors wonder whether Ms. Ortiz will not seek a third term.",
         "The mayor would be seeking another term.", ""),
        # Denied of someone named after "to": the statement names no one after "to".
        ("Ms. Ortiz has not apologized to the drivers.",
         "Ms. Ortiz has apologized for her remarks.", ""),
        # "No longer" grants that it held before; a denial of a ruling "on whether" is
        # restricted to that question, which the statement does not name.
        ("Ms. Ortiz no longer supports the plan.", "Ms. Ortiz initially supported the plan.",
         ""),
        ("The court has never ruled on whether the law applies to tenants.",
         "The court ruled in 2001 that the law was valid.", ""),
        # Only a fact or a plan ("will", "would") is opposed: not a possibility, an
        # obligation, a counterfactual, a wish, or a copula's property.
        ("Mr. Diaz will not attend the summit.", "Diaz would be attending the summit.",
         "attend|diaz|diaz"),
        ("Mr. Diaz might not attend the summit.", "Mr. Diaz will attend the summit.", ""),
        ("Mr. Diaz should not attend the summit.", "Mr. Diaz will attend the summit.", ""),
        ("If the fund had existed, Mr. Diaz would not have had to resign.", "Mr. Diaz resigned.",
         ""),
        ("Mr. Diaz did not want to risk losing the vote.", "Mr. Diaz lost the vote.", ""),
        ("Mr. Diaz is not eligible.", "Mr. Diaz is eligible.", ""),
        # A pronoun or an indefinite subject names no one; different predicates align nothing.
        ("She will not seek a third term.", "The mayor would be seeking another term.", ""),
        ("Ms. Ortiz will not seek a third term.", "The mayor would be leaving office.", ""),
        # Several people are no one person: a plural subject names no one.
        ("The mayors will not seek a third term.", "Ms. Ortiz would be seeking another term.",
         ""),
        # A negated comparison denies a degree, not the act ("not as much as", "not more
        # often than" grant that it happened).
        ("Mr. Diaz did not mention the budget as much as the other speakers did.",
         "Diaz mentioned the budget twice.", ""),
        ("Mr. Diaz did not visit the school more often than the governor.",
         "Mr. Diaz visited the school.", ""),
    ],
)  # fmt: skip
def test_a_predicate_denied_and_stated_with_both_subjects(
    denial: str, statement: str, found: str
) -> None:
    assert plans.opposed(denial, statement) == found


def test_a_title_names_the_person_its_document_writes_it_before() -> None:
    assert plans.one_person("ortiz", "the mayor", (frozenset(), frozenset()), ({}, MAYOR))
    assert plans.one_person("the mayor", "ortiz", (frozenset(), frozenset()), (MAYOR, {}))
    # The title in the other claim's document, or another holder of it: not one person.
    assert not plans.one_person("ortiz", "the mayor", (frozenset(), frozenset()), (MAYOR, {}))
    other = {"mayor": frozenset({"li wei"})}
    assert not plans.one_person("ortiz", "the mayor", (frozenset(), frozenset()), ({}, other))
    assert plans.one_person("ortiz", "ortiz", (frozenset(), frozenset()), ({}, {}))
    assert not plans.one_person("the mayor", "the mayor", (frozenset(), frozenset()), ({}, {}))


def test_titles_are_read_from_the_words_before_a_full_name() -> None:
    opened = Claim("b:1", "b", "City Mayor Ana Ortiz opened the session.", (0, 1), None,
                   _claim("b:1", "x", ()).time, entities=("Ana Ortiz",))  # fmt: skip
    lower = Claim("c:1", "c", "the mayor Ana Ortiz spoke.", (0, 1), None,
                  opened.time, entities=("Ana Ortiz", "Ortiz"))  # fmt: skip
    assert plans.titles([opened, lower]) == {"b": MAYOR}


def test_the_cheap_test_asks_for_one_negation_a_shared_lemma_and_a_person_in_common() -> None:
    denies = rules.read(Text("Ms. Ortiz will not seek a third term.", None,
                             entities=("Ana Ortiz",), lemmas=("ortiz", "seek", "term")))  # fmt: skip
    states = rules.read(Text("The mayor would be seeking another term.", "an aide",
                             lemmas=("mayor", "seek", "term")))  # fmt: skip
    docs = ("a", "b")
    assert plans.could_oppose("story", denies, states, docs, {"b": MAYOR})
    assert not plans.could_oppose("story", denies, states, docs, {})  # no title link
    assert not plans.could_oppose("brief", denies, states, docs, {"b": MAYOR})
    both = rules.read(Text("The mayor would not be seeking another term.", "an aide",
                           lemmas=("mayor", "seek", "term")))  # fmt: skip
    assert not plans.could_oppose("story", denies, both, docs, {"b": MAYOR})


def test_opposed_accounts_of_one_persons_plan_are_a_finding_between_two_articles() -> None:
    denies = _claim("a:1", "Several donors concluded that Ms. Ortiz will not seek a third term.",
                    ("donor", "conclude", "ortiz", "seek", "term"))  # fmt: skip
    denies = Claim(denies.id, denies.doc, denies.text, denies.span, None, denies.time,
                   entities=("Ana Ortiz",), lemmas=denies.lemmas)  # fmt: skip
    states = _claim("b:1", "The mayor would be seeking another term.", ("mayor", "seek", "term"),
                    "an aide")  # fmt: skip
    titled = Claim("b:2", "b", "Mayor Ana Ortiz opened the session.", (2, 3), None,
                   states.time, entities=("Ana Ortiz",))  # fmt: skip
    found = [f for f in _find([denies, states, titled], [0.0, 1.0, 3.0]) if "a:1" in f.claims]
    assert [f.rule for f in found] == [plans.OPPOSED_PLAN]
    assert "(ortiz / the mayor)" in found[0].reason
    # Without the title written before her name, "the mayor" names no one.
    untitled = Claim("b:2", "b", "Ana Ortiz opened the session.", (2, 3), None, states.time,
                     entities=("Ana Ortiz",))  # fmt: skip
    assert [
        f for f in _find([denies, states, untitled], [0.0, 1.0, 3.0]) if "a:1" in f.claims
    ] == []
