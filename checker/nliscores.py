"""NLI scores of claim pairs, both directions, cached per model and text pair.

Each pair is scored alone (checker.models: a pair's score never depends on its batch), so
the cache and the chunking change no score. The second direction is asked only where the
first reaches a floor and, where the caller says so, where it could still matter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from checker.embed import EmbeddingCache
from checker.models import NLIScorer
from checker.progress import NullProgress, Progress, reused


def pair_key(model: str, a: str, b: str) -> str:
    return hashlib.sha256(f"{model}\n{a}\n{b}".encode()).hexdigest()


# Pairs a call to the NLI model: progress moves between calls; scores never depend on them.
NLI_CHUNK = 64


def nli_pairs(
    pairs: Sequence[tuple[str, str]],
    scorer: NLIScorer,
    cache: EmbeddingCache | None,
    floor: float = 0.0,
    progress: Progress | None = None,
    needed: Callable[[list[float]], list[bool]] | None = None,
) -> list[tuple[float, float]]:
    """(P(a contradicts b), P(b contradicts a)) for each pair, cached per direction. The
    second direction is scored only where the first reaches floor (and, where needed is
    given, where needed(first scores) says it could still matter); otherwise it is taken
    to equal the first."""
    progress = progress or NullProgress()
    forward, fresh = _directed(list(pairs), scorer, cache, progress, "NLI, one way")
    wanted = needed(forward) if needed else [True] * len(forward)
    ask = [
        (b, a)
        for (a, b), s, want in zip(pairs, forward, wanted, strict=True)
        if s >= floor and want
    ]
    scored, fresh_back = _directed(ask, scorer, cache, progress, "NLI, other way")
    backward = dict(zip(ask, scored, strict=True))
    asked = len(set(pairs)) + len(set(ask))
    if cache is not None and fresh + fresh_back < asked:
        progress.note(reused("NLI scores", asked, fresh + fresh_back, "directed pairs"))
    return [(s, backward.get((b, a), s)) for (a, b), s in zip(pairs, forward, strict=True)]


def nli_scores(
    pairs: Sequence[tuple[str, str]],
    scorer: NLIScorer,
    cache: EmbeddingCache | None,
    floor: float = 0.0,
    progress: Progress | None = None,
) -> list[float]:
    """The lower of both directions' contradiction scores for each pair."""
    return [min(f, b) for f, b in nli_pairs(pairs, scorer, cache, floor, progress)]


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
