"""Reports the tagger or the parser hid (checker.misread), the conjunct reattached by tense
(checker.embedded) and "he"/"she" read as the previous sentence's one named subject
(checker.referents, checker.speakers). Hand-built parses hold the tagger's errors exactly;
the rest runs the real model."""

from __future__ import annotations

from typing import Any

import pytest

from checker.attribution import Frame, SpeakerState, frames
from checker.models import nlp
from checker.referents import referents

Row = tuple[str, str, str, str, str, int]  # word, pos, tag, dep, morph, head


def parsed(rows: list[Row]) -> Any:
    """A Doc with the given tags and dependencies, lemmas as the model gives them (an
    auxiliary keeps its form: "said")."""
    from spacy.tokens import Doc

    model = nlp.load()
    words = [r[0] for r in rows]
    lemmas = [
        r[0].lower()
        if r[1] in ("AUX", "PUNCT", "PROPN")
        else nlp.verb_lemma(r[0])
        if r[1] == "VERB"
        else r[0].lower()
        for r in rows
    ]
    return Doc(
        model.vocab,
        words=words,
        pos=[r[1] for r in rows],
        tags=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        morphs=[r[4] for r in rows],
        heads=[r[5] for r in rows],
        lemmas=lemmas,
        sent_starts=[True] + [False] * (len(rows) - 1),
    )


PAST, PRES = "Tense=Past|VerbForm=Fin", "Tense=Pres|VerbForm=Fin"


def _asked(verb: tuple[str, str], comma: bool = True) -> list[Row]:
    """ "Asked about the permits for farmers critical of the plan, Water Commissioner Ruth
    Ames said she did not know.", "said" tagged as an auxiliary of "Asked"."""
    rows: list[Row] = [
        ("Asked", "VERB", "VBN", "ROOT", "VerbForm=Part", 0),
        ("about", "ADP", "IN", "prep", "", 0),
        ("the", "DET", "DT", "det", "", 3),
        ("permits", "NOUN", "NNS", "pobj", "", 1),
        ("for", "ADP", "IN", "prep", "", 3),
        ("farmers", "NOUN", "NNS", "pobj", "", 4),
        ("critical", "ADJ", "JJ", "amod", "", 5),
        ("of", "ADP", "IN", "prep", "", 6),
        ("the", "DET", "DT", "det", "", 9),
        ("plan", "NOUN", "NN", "nmod", "", 14),
        (",", "PUNCT", ",", "punct", "", 9),
        ("Water", "PROPN", "NNP", "compound", "", 12),
        ("Commissioner", "PROPN", "NNP", "compound", "", 14),
        ("Ruth", "PROPN", "NNP", "compound", "", 14),
        ("Ames", "PROPN", "NNP", "pobj", "", 7),
        (verb[0], "AUX", "VBD", verb[1], PAST, 0),
        ("she", "PRON", "PRP", "nsubj", "", 19),
        ("did", "AUX", "VBD", "aux", PAST, 19),
        ("not", "PART", "RB", "neg", "", 19),
        ("know", "VERB", "VB", "ccomp", "VerbForm=Inf", 15),
        (".", "PUNCT", ".", "punct", "", 0),
    ]
    if not comma:  # "… of the plan Water Commissioner …": the name is not set off
        rows[10] = ("and", "CCONJ", "CC", "cc", "", 9)
    return rows


def _speaking(found: list[Frame]) -> list[Frame]:
    return [f for f in found if f.speaker]


def test_a_reporting_verb_tagged_as_an_auxiliary_reports_its_clause() -> None:
    sent = parsed(_asked(("said", "auxpass")))
    (frame,) = frames(sent, SpeakerState())
    assert frame.speaker == "Ruth Ames"
    assert frame.verb.lemma_ == "say"  # the claim's verb, not the form "said"
    assert sent[frame.content[0] : frame.content[1]].text == "she did not know ."


@pytest.mark.parametrize(("verb", "comma"), [(("had", "aux"), True), (("said", "auxpass"), False)])
def test_an_auxiliary_that_reports_nothing_or_has_no_name_set_off_is_no_report(
    verb: tuple[str, str], comma: bool
) -> None:
    assert not _speaking(frames(parsed(_asked(verb, comma)), SpeakerState()))


def _called(relative_tense: str) -> list[Row]:
    """ "She called the plan that allows the city to borrow “reckless” and said the debt
    would grow.", "said" coordinated with the relative clause's verb."""
    relative = "allows" if relative_tense == PRES else "allowed"
    return [
        ("She", "PRON", "PRP", "nsubj", "", 1),
        ("called", "VERB", "VBD", "ROOT", PAST, 1),
        ("the", "DET", "DT", "det", "", 3),
        ("plan", "NOUN", "NN", "dobj", "", 1),
        ("that", "PRON", "WDT", "nsubj", "", 5),
        (relative, "VERB", "VBZ", "relcl", relative_tense, 3),
        ("the", "DET", "DT", "det", "", 7),
        ("city", "NOUN", "NN", "nsubj", "", 9),
        ("to", "PART", "TO", "aux", "", 9),
        ("borrow", "VERB", "VB", "ccomp", "VerbForm=Inf", 5),
        ("“", "PUNCT", "``", "punct", "", 11),
        ("reckless", "ADJ", "JJ", "ccomp", "", 5),
        ("”", "PUNCT", "''", "punct", "", 11),
        ("and", "CCONJ", "CC", "cc", "", 5),
        ("said", "VERB", "VBD", "conj", PAST, 5),
        ("the", "DET", "DT", "det", "", 16),
        ("debt", "NOUN", "NN", "nsubj", "", 18),
        ("would", "AUX", "MD", "aux", "VerbForm=Fin", 18),
        ("grow", "VERB", "VB", "ccomp", "VerbForm=Inf", 14),
        (".", "PUNCT", ".", "punct", "", 1),
    ]


def test_a_conjunct_in_the_main_verbs_tense_goes_with_the_main_verb() -> None:
    state = SpeakerState()
    state.last_person = "Ruth Ames"
    sent = parsed(_called(PRES))
    (frame,) = _speaking(frames(sent, state))
    assert frame.speaker == "Ruth Ames"
    assert sent[frame.content[0] : frame.content[1]].text == "the debt would grow ."


def test_a_conjunct_in_the_relative_clauses_tense_stays_there() -> None:
    state = SpeakerState()
    state.last_person = "Ruth Ames"
    assert not _speaking(frames(parsed(_called(PAST)), state))


@pytest.mark.parametrize(
    "text",
    [
        "The council was quick to point out the error in the report.",
        "The company was slow to respond to the complaint.",
        "“It was a long night,” the video showed firefighters working until dawn.",
    ],
)
def test_no_report_without_a_colon_or_a_reporting_verb(text: str) -> None:
    assert not _speaking(frames(next(nlp.parse([text])), SpeakerState()))


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Governor Ann Miles issued a statement late Friday on the flooding.", "Ann Miles"),
        ("Director of Public Works Ann Miles issued a statement on Friday.", "Ann Miles"),
        ("Governor Ann Miles met Senator Paul Kerr on Friday.", None),  # two people
        ("The lawyer for Ann Miles filed the appeal on Friday.", None),  # not the subject
    ],
)
def test_the_one_person_named_as_the_main_subject(text: str, person: str | None) -> None:
    state = SpeakerState()
    sent = next(nlp.parse([text]))
    assert referents(sent, frames(sent, state)[0], state)[2] == person


def test_he_and_she_read_the_previous_sentences_subject_only() -> None:
    state = SpeakerState(last_speaker="the weather service")
    state.next_sentence(person="Ann Miles")
    assert state.resolve("She") == "Ann Miles"
    state.next_sentence()  # a sentence between: back to the last speaker
    assert state.resolve("She") == "the weather service"


@pytest.mark.parametrize(
    ("text", "antecedent"),
    [
        ("When Mayor Jane Roe spoke on Friday, she said the city would pay.", "Roe"),
        ("When the council met on Friday, she said the city would pay.", None),  # no person
    ],
)
def test_he_and_she_read_a_named_person_subject_above_them(
    text: str, antecedent: str | None
) -> None:
    from checker.reporting import _antecedent

    sent = next(nlp.parse([text]))
    pronoun = next(t for t in sent if t.lower_ == "she")
    found = _antecedent(pronoun)
    assert (found.text if found is not None else None) == antecedent
