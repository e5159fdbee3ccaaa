"""Contradictions: differing accounts of the same thing, told apart from a story moving on.

Candidate pairs come from checker.candidates (within a story, within a document by different
speakers, across the stories of one thread, and a brief document's claim with its partner
across the corpus), with per-claim caps so the work grows
linearly with the corpus. The NLI model scores each pair in both directions; the judge
(checker.judge) weighs that with what the claims state (numbers in their slots, years,
names, polarity, similarity) into a calibrated probability. The severity comes from that
probability, the kind from the claims' times, and the reason names the evidence that
decided, the speakers and the times. `separate` (checker.separate) splits a cluster that
holds two claims the judge calls contradictory, so a contradiction is never shown as
agreement.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
from numpy.typing import NDArray

from checker import accounts, aligned, denials, flagged, rules
from checker import candidates as candidate_stage
from checker import judge as judge_stage
from checker.candidates import NEIGHBOURS, Band, same_time
from checker.cluster import Neighbours
from checker.embed import EmbeddingCache
from checker.finding import (
    BRIEF_CLAIMS,
    DATED,
    MODEL_ALONE,
    OVERRIDES,
    SLOT_EVIDENCE,
    decide,
    document_overrides,
    judged,
)  # fmt: skip
from checker.findingtext import fingerprint
from checker.models import NLIScorer
from checker.nliscores import NLI_CHUNK, nli_pairs, nli_scores, pair_key
from checker.progress import Progress
from checker.records import Claim, Cluster, Contradiction
from checker.separate import separate

__all__ = [
    "BRIEF_CLAIMS",
    "DATED",
    "MODEL_ALONE",
    "NEIGHBOURS",
    "NLI_CHUNK",
    "OVERRIDES",
    "SLOT_EVIDENCE",
    "Band",
    "candidate_pairs",
    "decide",
    "find",
    "fingerprint",
    "nli_pairs",
    "nli_scores",
    "one_holder",
    "pair_key",
    "same_time",
    "separate",
    "thresholds",
]  # fmt: skip

# The second NLI direction is scored only where the first reaches this (the judge is
# trained with the same rule, bench/train_judge.py).
NLI_FLOOR = 0.5


@dataclass(frozen=True)
class Settings:
    """What decides which pairs are compared and how they are judged."""

    band: Band = field(default_factory=Band)
    floor: float = NLI_FLOOR
    # The probability a finding decided by the model's score alone needs (None: the judge's
    # confident one).
    model_alone: float | None = None
    # Documents of more claims than this are articles, where the model's score alone decides
    # nothing (None: it decides everywhere, from model_alone).
    brief_claims: int | None = BRIEF_CLAIMS
    # The probability a finding of the brief source needs (a claim of a one- or two-claim
    # document against its nearest claims of other outlets), the model-alone bar included:
    # on such pairs the judge ranks as well as the bare model, but 0.7 and the bar, set for
    # the aligned sentences of long articles, keep 4 in 10 of their contradictions
    # (bench/judge.md, fourth session). Out of fold on the judge's one-sentence training sets
    # (bench/train_judge.py's folds) the best bar is 0.3 for SNLI and VitaminC (F1 0.899,
    # 0.381) and 0.7 for SICK (0.634); on real news cut brief (BASIL's headlines and leads,
    # `judge_corpora.py --only basil-briefs`) every step down adds mostly dismissable `info`
    # findings (10 at 0.5, 18 at 0.4, 26 at 0.3 of 600 documents). 0.4: SNLI 0.882, SICK
    # 0.516, VitaminC 0.311 out of fold (bench/judge.md, fifth session).
    brief: float = 0.4


def readings(claims: Sequence[Claim]) -> list[rules.Reading]:
    """Each claim's reading, surnames resolved within its document."""
    names: dict[str, list[str]] = {}
    for c in claims:
        names.setdefault(c.doc, []).extend(c.entities)
    resolve = {doc: rules.resolver(found) for doc, found in names.items()}
    return [rules.read(c, resolve[c.doc]) for c in claims]


def candidate_pairs(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    clusters: Sequence[Cluster] = (),
    settings: Settings = Settings(),
    found: Neighbours | None = None,
    story_of: Mapping[str, str] | None = None,
) -> list[tuple[float, int, int]]:
    """(cosine, i, j) of every candidate pair (checker.candidates), most similar first.
    clusters are not consulted: cluster mates are compared like any claims."""
    del clusters
    pairs = candidate_stage.candidates(
        claims, vectors, readings(claims), story_of, found, settings.band
    )
    return sorted(((p.cosine, p.i, p.j) for p in pairs), key=lambda t: (-t[0], t[1], t[2]))


def find(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    clusters: Sequence[Cluster],
    scorer: NLIScorer,
    cache: EmbeddingCache | None = None,
    settings: Settings = Settings(),
    found: Neighbours | None = None,
    progress: Progress | None = None,
    story_of: Mapping[str, str] | None = None,
    judge: judge_stage.Judge | None = None,
    outlets: Mapping[str, str] | None = None,
    published: Mapping[str, dt.date] | None = None,
    articles_text: Mapping[str, str] | None = None,
) -> tuple[list[Contradiction], int]:
    """The contradictions among claims, and how many pairs the NLI model was asked about.

    story_of: document -> story (None: all one story); found: each claim's nearest
    neighbours within its story, already searched, for claims already in id order;
    outlets: document -> outlet (None: each document its own); published: document ->
    publication date (the brief source's window); articles_text: document -> its text (for the
    clashes an article points out, checker.flagged).
    clusters are not consulted: a cluster's members are compared like any claims, and
    `separate` splits a cluster where the judge finds a contradiction."""
    del clusters
    judge = judge or judge_stage.default_judge()
    order = sorted(range(len(claims)), key=lambda i: claims[i].id)
    if found is not None and order != list(range(len(claims))):
        raise ValueError("neighbours given for claims that are not in id order")
    claims = [claims[i] for i in order]
    vectors = vectors[order] if order else vectors
    read = readings(claims)
    pairs = candidate_stage.candidates(
        claims, vectors, read, story_of, found, settings.band, outlets, published
    )
    brief = dataclasses.replace(judge, threshold=settings.brief)
    outcomes = denials.Outcomes(cache)
    flags = flagged.Flagged(claims, read, articles_text, outcomes)
    pairs = [*pairs, *flags.new(pairs, vectors)]
    figures = aligned.Remembered(cache)  # the parse-aligned figures, kept in the run's cache
    # Pairs two named speakers could oppose on: parsed only once the model is sure of them.
    opposing = {(p.i, p.j) for p in pairs if denials.could_oppose(p.source, read[p.i], read[p.j])}
    # The model is asked only about pairs whose verdict its scores could still change.
    asked, rows = _worth_asking(pairs, read, judge, settings, {*opposing, *flags.evidence}, figures)
    texts = [(claims[p.i].text, claims[p.j].text) for p in asked]
    sure = judge_stage.RESTATED_AT["nli_low"]  # the overrides' bar for the model

    def needed(first: list[float]) -> list[bool]:
        # The second direction only where some score could still make a finding: about
        # 1 in 40 of those past the floor on BASIL. Skipped, it equals the first, which
        # gives no finding either.
        top = judge.ceiling_given(rows, first) if rows else np.zeros(0)
        return [
            t >= _bar(p.source, judge, settings)
            or (f >= sure and (judge_stage.could_restate(row) or (p.i, p.j) in opposing))
            or (f > flagged.MODEL_AGREES and (p.i, p.j) in flags.evidence)
            for p, row, t, f in zip(asked, rows, top, first, strict=True)
        ]

    scored = nli_pairs(texts, scorer, cache, settings.floor, progress, needed)
    size = Counter(c.doc for c in claims)
    most = settings.brief_claims

    def articles(a: Claim, b: Claim) -> bool:
        return most is not None and min(size[a.doc], size[b.doc]) > most

    unique: dict[str, Contradiction] = {}
    # Accounts disputed or opposed (checker.accounts) need no NLI score: the pairs the model
    # was not asked about are decided by those rules alone.
    disputes = accounts.Accounts(claims, read, pairs, outcomes)
    more = disputes.partners(vectors, story_of, most)
    unasked = [(p, None) for p in disputes.unasked(asked, more)]
    for pair, scores in [*zip(asked, scored, strict=True), *unasked]:
        a, b = claims[pair.i], claims[pair.j]
        nli = scores or (0.0, 0.0)
        chosen = brief if pair.source == "brief" else judge
        pair_features = judge_stage.features(read[pair.i], read[pair.j], nli, pair.cosine, figures)
        verdict = chosen.decide(pair_features)
        if scores is None:
            verdict = dataclasses.replace(verdict, contradiction=False)
        day = (published or {}).get(a.doc)
        finding = judged(
            (a, b), (read[pair.i], read[pair.j]), verdict, nli, pair.source, chosen, outcomes,
            opposing=(pair.i, pair.j) in opposing,
            overrides=partial(document_overrides, disputes, flags, pair, nli),
            model_alone=settings.model_alone, articles=articles(a, b),
            same_day=day is not None and day == (published or {}).get(b.doc),
        )  # fmt: skip
        if finding and finding.id not in unique:
            unique[finding.id] = finding
    ranked = sorted(unique.values(), key=lambda c: (_SEVERITY[c.severity], -c.score, c.id))
    return ranked, len(asked)


def _worth_asking(
    pairs: Sequence[candidate_stage.Pair],
    read: Sequence[rules.Reading],
    judge: judge_stage.Judge,
    settings: Settings,
    opposing: Collection[tuple[int, int]] = (),
    figures: aligned.Figures = aligned.check,
) -> tuple[list[candidate_stage.Pair], list[tuple[float, ...]]]:
    """The pairs that some NLI scores would make findings, each with its features before the
    model is asked (NLI 0)."""
    pairs = [p for p in pairs if p.source != "thread" or one_holder(read[p.i], read[p.j])]
    if not pairs:
        return [], []
    rows = [
        judge_stage.features(read[p.i], read[p.j], (0.0, 0.0), p.cosine, figures).values
        for p in pairs
    ]
    ceiling = judge.ceiling(rows, settings.floor)
    bar = [_bar(p.source, judge, settings) for p in pairs]
    kept = [
        (p, row)
        for p, row, top, at in zip(pairs, rows, ceiling, bar, strict=True)
        if top >= at
        or judge_stage.could_restate(row)
        or denials.denied_report(read[p.i], read[p.j], p.cosine)
        or (p.i, p.j) in opposing
    ]
    return [p for p, _ in kept], [row for _, row in kept]


def _bar(source: candidate_stage.Source, judge: judge_stage.Judge, settings: Settings) -> float:
    """The probability from which a pair of this source is a finding."""
    if source == "thread":
        return judge.confident
    return settings.brief if source == "brief" else judge.threshold


def one_holder(a: rules.Reading, b: rules.Reading) -> bool:
    """Whether two claims can be one position that moved (a thread finding): not two named
    speakers' each ("I am not running for president" / another's "I am a candidate for
    president"; bench/judge.md, 26 Nov)."""
    return a.speaker is None or b.speaker is None or a.speaker == b.speaker


def thresholds(
    settings: Settings | None = None, judge: judge_stage.Judge | None = None
) -> dict[str, object]:
    """Every bar the contradict stage applies, for the report's settings: a changed bar
    changes the settings fingerprint."""
    judge = judge or judge_stage.default_judge()
    alone = (settings or Settings()).model_alone
    return {
        "brief": (settings or Settings()).brief,
        "error": judge.confident,
        "info": judge.threshold,
        "model_alone": judge.confident if alone is None else alone,
        "model_alone_brief_claims": (settings or Settings()).brief_claims,
        "nli_floor": NLI_FLOOR,
        "restated": dict(sorted(judge_stage.RESTATED_AT.items())),
    }


_SEVERITY = {"error": 0, "warning": 1, "info": 2}


def __getattr__(name: str) -> float:
    """ERROR_THRESHOLD and INFO_THRESHOLD: the shipped judge's calibrated probabilities from
    which a pair is a confident finding (error, or warning when temporal) and a finding at
    all (info below the first). Read when asked for, so that training a judge on new
    features does not need the old parameters to load."""
    if name == "ERROR_THRESHOLD":
        return judge_stage.default_judge().confident
    if name == "INFO_THRESHOLD":
        return judge_stage.default_judge().threshold
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
