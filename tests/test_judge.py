"""The contradiction judge: the features of a pair read from claim records, verdicts that
name their evidence, the calibration and the NLI ceiling."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from checker import aligned, rules
from checker.judge import FEATURES, PARAMETERS, Features, Judge, features

from .conftest import Text


def pair(a: Text, b: Text, nli: tuple[float, float] = (0.2, 0.3), cosine: float = 0.9) -> Features:
    return features(rules.read(a), rules.read(b), nli, cosine)


OATH_35 = Text("Mr. Trump took the 35-word oath at noon.", lemmas=("Trump", "take", "oath"))
OATH_38 = Text("Mr. Trump took the 38-word oath at noon.", lemmas=("Trump", "take", "oath"))


def test_different_numbers_in_one_slot_are_evidence_named_for_a_reviewer() -> None:
    f = pair(OATH_35, OATH_38)
    named = f.named()
    assert named["number_clash"] == named["numbers_disjoint"] == 1.0
    assert named["related_number_clash"] == pytest.approx(0.9)
    assert f.details["number_clash"].endswith("35 against 38")
    assert "'word'" in f.details["number_clash"] and "'oath'" in f.details["number_clash"]
    same = pair(OATH_35, OATH_35).named()
    assert same["number_clash"] == 0.0 and same["number_agrees"] == 1.0
    assert len(f.values) == len(FEATURES)


def test_denial_years_names_and_the_model_become_evidence() -> None:
    a = Text("Pelosi has led House Democrats since 2002.", entities=("Pelosi", "House"),
             lemmas=("Pelosi", "lead", "House", "Democrats"))  # fmt: skip
    b = Text("Pelosi has not led House Democrats since 2003.", entities=("Pelosi", "House"),
             lemmas=("Pelosi", "lead", "House", "Democrats"), polarity="negative")  # fmt: skip
    f = pair(a, b, (0.9, 0.8), 0.8)
    named = f.named()
    assert named["polarity_differs"] == 1.0 and named["polarity_differs_related"] == 1.0
    assert named["year_clash"] == named["years_disjoint"] == 1.0
    assert named["nli_low"] == pytest.approx(0.8) and named["nli_high"] == pytest.approx(0.9)
    assert named["entity_jaccard"] == 1.0 and named["lemma_jaccard"] == 1.0
    assert f.details["polarity_differs"] == (
        "one claim denies what the other affirms ('Pelosi has not led House Democrats since 2003.')"
    )
    assert "2002 against 2003" in f.details["year_clash"]
    assert f.details["nli_low"] == "the NLI model scores 0.80 for contradiction read both ways"


def toy_judge(weights: dict[str, float], threshold: float = 0.5, confident: float = 0.8) -> Judge:
    w = np.array([weights.get(n, 0.0) for n in FEATURES])
    n = len(FEATURES)
    return Judge(FEATURES, np.zeros(n), np.ones(n), w, -1.0, (1.0, 0.0), threshold, confident)


def unparsed(a: Text, b: Text) -> Features:
    """A pair's features with no parse-aligned figure (checker.aligned) found."""
    return features(rules.read(a), rules.read(b), (0.2, 0.3), 0.9, lambda x, y: aligned.Outcome())


def test_a_verdict_names_the_evidence_that_pushed_hardest() -> None:
    judge = toy_judge({"number_clash": 3.0, "nli_low": 1.0, "cosine": 0.5})
    verdict = judge.decide(unparsed(OATH_35, OATH_38))
    assert verdict.contradiction and verdict.probability > 0.9
    assert verdict.feature == "number_clash" and verdict.evidence.endswith("35 against 38")
    agree = judge.decide(pair(OATH_35, OATH_35))
    assert not agree.contradiction and agree.evidence.startswith("the NLI model scores 0.20")


def test_a_figure_aligned_by_the_parse_is_named_at_any_probability() -> None:
    # It decides below the threshold; above it, it is still the evidence named, not a
    # feature that pushed harder (which checker.finding may gate between articles).
    for weights in ({"diff_year": 4.0}, {"cosine": -4.0}):
        a = Text("The trust has run the museum since 1998.", lemmas=("trust", "run", "museum"))
        b = Text("The trust has run the museum since 1996.", lemmas=("trust", "run", "museum"))
        verdict = toy_judge(weights, threshold=0.7).decide(pair(a, b, (0.9, 0.9)))
        assert verdict.contradiction and verdict.feature == aligned.YEAR
        assert (verdict.probability >= 0.7) == ("diff_year" in weights)


def test_the_same_statement_denied_is_a_contradiction_whatever_the_probability() -> None:
    will = Text("Trump will meet Kim Jong Un for a summit next year.", "Donald Trump",
                lemmas=("Trump", "meet", "Kim", "summit", "year"))  # fmt: skip
    wont = Text("Trump will not meet Kim Jong Un for a summit until after the election.",
                "Donald Trump", lemmas=("Trump", "meet", "Kim", "summit", "election"),
                polarity="negative")  # fmt: skip
    judge = toy_judge({"cosine": -3.0}, threshold=0.7)  # reads similar claims as agreement
    found = judge.decide(pair(will, wont, (0.97, 0.99), 0.8))
    assert found.contradiction and found.feature == "denied_restatement"
    assert found.probability < 0.7 and found.evidence.startswith("one claim denies what the other")
    assert "'Trump will not meet Kim" in found.evidence and "0.97 read both ways" in found.evidence
    # Each bound matters: the model unsure, other content, or no denial at all.
    assert not judge.decide(pair(will, wont, (0.9, 0.99), 0.8)).contradiction
    assert not judge.decide(pair(will, wont, (0.97, 0.99), 0.5)).contradiction
    assert not judge.decide(
        pair(will, Text(will.text, lemmas=will.lemmas), (0.97, 0.99), 0.8)
    ).contradiction
    other = Text(
        "Nobody will attend the parade.", lemmas=("nobody", "attend", "parade"), polarity="negative"
    )
    assert not judge.decide(pair(will, other, (0.97, 0.99), 0.8)).contradiction


def test_a_denial_carried_by_a_reporting_verb_is_no_denied_restatement() -> None:
    # "X denies the charge" against "X was charged": a charge denied, not the other claim's
    # statement; the clause's own negation still is one.
    judge = toy_judge({"cosine": -3.0}, threshold=0.7)
    charged = Text("A driver was charged with theft after the crash.",
                   lemmas=("driver", "charge", "theft", "crash"))  # fmt: skip
    denies = Text("A driver denied theft after the crash.", "A driver",
                  lemmas=("driver", "theft", "crash"), polarity="negative", verb="deny")  # fmt: skip
    assert rules.read(denies).denial_verb and not rules.read(charged).denial_verb
    assert not judge.decide(pair(charged, denies, (0.98, 0.99), 0.8)).contradiction
    stole = Text(
        "The driver stole the van after the crash.", lemmas=("driver", "steal", "van", "crash")
    )
    did_not = Text("The driver did not steal the van after the crash.", "The driver",
                   lemmas=("driver", "steal", "van", "crash"), polarity="negative", verb="say")  # fmt: skip
    found = judge.decide(pair(stole, did_not, (0.98, 0.99), 0.8))
    assert found.contradiction and found.feature == "denied_restatement"


def test_probabilities_follow_the_weights_and_the_calibration() -> None:
    judge = toy_judge({"nli_low": 2.0})
    rows = [tuple(float(i == 0) * s for i in range(len(FEATURES))) for s in (0.0, 0.5, 1.0)]
    p = judge.probabilities(rows)
    assert np.all(np.diff(p) > 0) and p[0] == pytest.approx(1 / (1 + np.e))


def test_the_ceiling_bounds_what_any_nli_scores_could_give() -> None:
    judge = Judge.load()
    rng = np.random.default_rng(0)
    cases = [pair(OATH_35, OATH_38, cosine=c) for c in (0.3, 0.6, 0.95)]
    floor = 0.5
    for case in cases:
        top = judge.ceiling([case.values], floor)[0]
        for f, b in rng.uniform(0, 1, size=(200, 2)):
            b = b if f >= floor else f  # how checker.contradict scores a pair
            scored = features(
                rules.read(OATH_35), rules.read(OATH_38), (f, b), case.named()["cosine"]
            )
            assert judge.probabilities([scored.values])[0] <= top + 1e-9


def test_the_ceiling_given_the_first_direction_bounds_any_second() -> None:
    judge = Judge.load()
    rng = np.random.default_rng(1)
    for cosine in (0.3, 0.6, 0.95):
        case = pair(OATH_35, OATH_38, cosine=cosine)
        firsts = [0.55, 0.8, 0.97]
        tops = judge.ceiling_given([case.values] * 3, firsts)
        assert np.all(tops <= judge.ceiling([case.values], 0.5)[0] + 1e-9)
        for f, top in zip(firsts, tops, strict=True):
            for b in [f, *rng.uniform(0, 1, size=100)]:
                scored = features(rules.read(OATH_35), rules.read(OATH_38), (f, b), cosine)
                assert judge.probabilities([scored.values])[0] <= top + 1e-3


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
    assert np.all(judge.scale > 0) and 0.0 < judge.threshold <= judge.confident < 1.0
    # More NLI evidence, or a number clash between similar claims, never lowers it.
    base = np.array(judge.mean)
    for raised in (("nli_low", "nli_low_logit"), ("related_number_clash",)):
        hi = base.copy()
        for name in raised:
            hi[FEATURES.index(name)] += judge.scale[FEATURES.index(name)]
        lo_p, hi_p = judge.probabilities([base, hi])
        assert hi_p > lo_p


@pytest.mark.slow
def test_the_real_models_and_shipped_judge_flag_changed_figures_not_paraphrases(
    tmp_path: Path,
) -> None:
    """The issue's own examples, through the shipped NLI model, embedder, parse and judge."""
    from checker import claims, contradict, embed
    from checker.models import DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL, embedder, nli_scorer

    judge = Judge.load()
    model = embedder(DEFAULT_EMBEDDING_MODEL, tmp_path / "models")
    scorer = nli_scorer(DEFAULT_NLI_MODEL, tmp_path / "models")

    def record(text: str) -> Text:
        entities, lemmas, polarity = claims.describe(text)
        return Text(text, entities=entities, lemmas=lemmas, polarity=str(polarity))

    def verdict(a: str, b: str) -> tuple[float, str]:
        vectors = embed.embed([a, b], model, None)
        (nli,) = contradict.nli_pairs([(a, b)], scorer, None)
        pair = features(
            rules.read(record(a)), rules.read(record(b)), nli, float(vectors[0] @ vectors[1])
        )
        found = judge.decide(pair)
        return found.probability, found.evidence

    medals = verdict("Klaebo has won 9 gold medals.", "Klaebo has won 10 gold medals.")
    tenure = verdict(
        "Pelosi has led House Democrats since 2002.", "Pelosi has led House Democrats since 2003."
    )
    same = verdict(
        "Pelosi has led House Democrats since 2002.",
        "Since 2002, Pelosi has led the Democrats in the House.",
    )
    assert medals[0] >= judge.confident and "9 against 10" in medals[1]
    assert tenure[0] >= judge.confident and "2002 against 2003" in tenure[1]
    assert same[0] < judge.threshold
