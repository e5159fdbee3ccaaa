"""One judged pair's finding: whether it is one, its kind (a conflict, or the story moving on)
and severity, and the reason a reviewer reads (checker.contradict judges the pairs)."""

from __future__ import annotations

from collections.abc import Callable

from checker import accounts, aligned, denials, flagged, slots, spans
from checker import candidates as candidate_stage
from checker import judge as judge_stage
from checker.candidates import same_time
from checker.findingtext import fingerprint, when, who
from checker.records import Claim, Contradiction
from checker.rules import Reading

Override = Callable[[judge_stage.Verdict], judge_stage.Verdict]

# Evidence that is about the claims' own dates: differing dates of one event are a conflict,
# not the story moving on.
DATED = frozenset(
    {"year_clash", "years_disjoint", "year_unmatched", "year_bound_clash", "diff_year",
     aligned.YEAR, spans.YEAR_SPAN}
)  # fmt: skip
# Evidence that is the NLI model's score alone: on news the model scores >= 0.95 both ways for
# a fifth of compatible related pairs, so such a finding needs the confident probability
# (bench/judge.md: on BASIL they were most of what a reviewer dismissed).
MODEL_ALONE = frozenset({"nli_low", "nli_high", "nli_low_logit", "related_nli"})
# Aligned-slot evidence (checker.slots) is precise between one-sentence items (VitaminC) but
# between articles a loose figure ("more than two years ago" / "a two-year investigation")
# reads as a clash: such a finding needs the confident probability there (bench/judge.md,
# sixth session: BASIL 21 -> 19 findings, the two gone both dismissable; VitaminC unchanged).
SLOT_EVIDENCE = frozenset({"bound_clash", "related_bound_clash", "year_bound_clash",
                           "diff_number", "diff_year", "diff_name", "diff_word"})  # fmt: skip
# Between two documents of more claims than this (articles, not one-line items), the model's
# score alone decides nothing: a reviewer dismissed all 11 such findings read on BASIL in four
# sessions, and on the ECB+ news candidates it flagged none; pairs of one-sentence documents
# (the NLI sets as corpora) are judged as before (bench/judge.md, fifth session).
BRIEF_CLAIMS = 2
# The verdicts an override decides whatever the judge's probability: the parse of the two
# claims can still undermine them (checker.denials.undermined).
OVERRIDES = frozenset(
    {judge_stage.RESTATED, denials.DENIED_REPORT, denials.OPPOSED, flagged.FLAGGED, *accounts.RULES}
)


def decide(
    a: Claim,
    b: Claim,
    verdict: judge_stage.Verdict,
    source: candidate_stage.Source,
    judge: judge_stage.Judge,
    nli: tuple[float, float] = (0.0, 0.0),
    model_alone: float | None = None,
    articles: bool = False,
    same_day: bool = False,
) -> Contradiction | None:
    """The finding for one judged pair, or None. A pair across stories (a thread) is only
    ever the story moving on, and needs a confident verdict; so does a pair decided by the
    model's score alone (unless model_alone says otherwise), which between two articles
    (articles: both documents longer than Settings.brief_claims) is no finding at all.
    same_day: both documents were published on one day, so a plan given two dates is one
    plan dated twice (GUIDE.md: a correction on the same day is still a conflict)."""
    p = verdict.probability
    alone = judge.confident if model_alone is None else model_alone
    together = same_time(a.time, b.time)
    restated = verdict.feature in OVERRIDES
    if source == "thread":
        if together is not False or (p < judge.confident and not restated):
            return None
        kind = "temporal"
    elif (
        not verdict.contradiction
        or (verdict.feature in MODEL_ALONE and source != "brief" and (articles or p < alone))
        or (verdict.feature in SLOT_EVIDENCE and articles and p < judge.confident)
    ):
        return None
    else:
        dated = verdict.feature in DATED or slots.dated_change(
            a.text, b.text, (a.time.expression, b.time.expression), verdict.feature
        )
        # A plan's two dates are the claims' times: whether the story moved on between them
        # is told by the reports' days.
        replanned = verdict.feature == spans.DATED_PLAN and same_day
        moved = together is False and not dated and not replanned
        kind = "temporal" if moved else "conflict"
    severity = "info" if p < judge.confident else "warning" if kind == "temporal" else "error"
    evidence = verdict.evidence
    if verdict.feature not in ("nli_low", "related_nli", *OVERRIDES):
        evidence += f", and the NLI model scores {min(nli):.2f} read both ways"
    # The override decides whatever the judge's probability: the reason says which.
    decides = (
        "the article's own words decide"
        if verdict.feature == flagged.FLAGGED
        else "a denied statement decides"
    )
    judged = f"the judge gives {p:.2f}" + (f", but {decides}" if restated else "")
    reason = f"{who(a, b)}: {evidence}; {judged}; {when(a, b, together, kind)}."
    return Contradiction(
        fingerprint(kind, a, b), kind, severity, (a.id, b.id), p, reason, verdict.feature
    )


def judged(
    pair: tuple[Claim, Claim],
    read: tuple[Reading, Reading],
    verdict: judge_stage.Verdict,
    nli: tuple[float, float],
    source: candidate_stage.Source,
    judge: judge_stage.Judge,
    outcomes: denials.Outcomes,
    opposing: bool = False,
    overrides: Override = lambda v: v,
    model_alone: float | None = None,
    articles: bool = False,
    same_day: bool = False,
) -> Contradiction | None:
    """The finding for a pair given the judge's verdict: checker.contradict.find's steps
    after the judge, in its order (bench/pairs_decided.py takes them from here too).
    opposing: two named speakers could oppose on the pair (denials.could_oppose), asked
    once the model is sure of it; overrides: the verdicts read from the document or the
    parse that no denial's reading undermines (an article's flag, an account disputed)."""
    (a, b), (ra, rb) = pair, read
    if not verdict.contradiction and opposing and min(nli) >= judge_stage.RESTATED_AT["nli_low"]:
        opposed = denials.opposed_between(ra, rb, outcomes)
        if opposed:
            evidence = f"{opposed}, the NLI model scores {min(nli):.2f} read both ways"
            verdict = judge_stage.Verdict(verdict.probability, evidence, denials.OPPOSED, True)
    if verdict.feature in OVERRIDES and denials.claims_undermined(a, b, ra.negative, outcomes):
        return None
    return decide(a, b, overrides(verdict), source, judge, nli, model_alone, articles, same_day)


def document_overrides(
    disputes: accounts.Accounts, flags: flagged.Flagged, pair: candidate_stage.Pair,
    nli: tuple[float, float], given: judge_stage.Verdict,
) -> judge_stage.Verdict:  # fmt: skip
    """contradict.find's overrides for judged: an article's flag (checker.flagged), then a
    disputed or opposed account (checker.accounts)."""
    return disputes.verdict(pair.source, pair.i, pair.j, flags.verdict(pair.i, pair.j, nli, given))
