"""Where the per-item work of a run happens: in this process (the default) or on workers.

A run's heavy work is independent per item: extraction per document, embedding per claim
text, matching per story, NLI per pair. The pipeline hands it to an Executor as batches of one Job; a Workbench
does the work with each model loaded once, in this process or inside each Ray worker
(checker.distributed). Results come back in order, so the report does not depend on where
the work ran: every model scores each item alone (see checker.models), and the driver alone
writes the cache and the report.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from checker.errors import CheckerError

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from checker.models import Embedder, NLIScorer

LOCAL = "local"


class Job(StrEnum):
    """Kinds of per-item work."""

    EXTRACT = "extract"  # Document -> its claims
    EMBED = "embed"  # claim text -> vector
    NLI = "nli"  # (premise, hypothesis) -> contradiction score
    MATCH = "match"  # one story's claims (match.StoryClaims) -> its clusters


@dataclass(frozen=True)
class ModelSpec:
    """What a worker needs to load the run's models itself."""

    embedding_model: str
    nli_model: str
    models_dir: Path
    threads: int = 0  # 0: every core of the machine the worker runs on


class Workbench:
    """The work of each Job, with each model loaded once, on first use."""

    def __init__(
        self,
        spec: ModelSpec,
        embedder: Embedder | None = None,
        scorer: NLIScorer | None = None,
        warn: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.spec = spec
        self.warn = warn
        self._embedder = embedder
        self._scorer = scorer

    def embedder(self) -> Embedder:
        if self._embedder is None:
            from checker.models import embedder

            spec = self.spec
            self._embedder = embedder(
                spec.embedding_model, spec.models_dir, self.warn, spec.threads
            )
        return self._embedder

    def scorer(self) -> NLIScorer:
        if self._scorer is None:
            from checker.models import nli_scorer

            self._scorer = nli_scorer(self.spec.nli_model, self.spec.models_dir, self.spec.threads)
        return self._scorer

    def run(self, job: Job, batch: list[Any]) -> list[Any]:
        if job is Job.EXTRACT:
            from checker.claimcache import extract_standard

            return list(extract_standard(batch))
        if job is Job.EMBED:
            return list(self.embedder().encode(batch))
        if job is Job.NLI:
            scores: list[Any] = self.scorer().contradiction(batch).tolist()
            return scores
        if job is Job.MATCH:
            from checker.match import cluster_story

            return [cluster_story(story) for story in batch]
        raise CheckerError(f"unknown job {job!r}; expected one of {', '.join(Job)}")


# Batches in flight per worker: enough to keep each busy while a result travels back, few
# enough that a stream of batches (read as they come) is never all in memory at once.
IN_FLIGHT = 2


class Executor(Protocol):
    """Runs batches of one job and yields their results in the batches' order. batches may
    be a stream: it is read as results come back, at most IN_FLIGHT per worker ahead."""

    name: str
    workers: int

    def map(self, job: Job, batches: Iterable[list[Any]]) -> Iterator[list[Any]]: ...

    def close(self) -> None: ...


def _extract_batch(batch: list[Any]) -> list[Any]:
    from checker.claimcache import extract_standard

    return list(extract_standard(batch))


class InProcess:
    """The default: the work runs on this machine. Embedding and NLI run here (their models
    already use every core); extraction, whose parser holds one core, goes to one process per
    core when there is more than one batch. A document's claims do not depend on the batch
    it is parsed in, so the result is the same either way."""

    name = LOCAL
    workers = 1

    def __init__(self, bench: Workbench, processes: int = 0) -> None:
        self.bench = bench
        self.processes = processes or os.cpu_count() or 1

    def map(self, job: Job, batches: Iterable[list[Any]]) -> Iterator[list[Any]]:
        items = iter(batches)
        # As many batches as there are processes tell whether processes are worth starting.
        first = list(itertools.islice(items, self.processes))
        if job is Job.EXTRACT and len(first) > 1:
            return self._parallel(len(first), itertools.chain(first, items))
        return (self.bench.run(job, batch) for batch in itertools.chain(first, items))

    def _parallel(self, workers: int, batches: Iterator[list[Any]]) -> Iterator[list[Any]]:
        import multiprocessing
        from concurrent.futures import Future, ProcessPoolExecutor

        # spawn, not fork: the parent may already run model threads that a fork would copy
        # mid-flight.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            ahead = itertools.islice(batches, IN_FLIGHT * workers)
            queue: deque[Future[list[Any]]] = deque(pool.submit(_extract_batch, b) for b in ahead)
            while queue:
                done = queue.popleft().result()
                for batch in itertools.islice(batches, 1):
                    queue.append(pool.submit(_extract_batch, batch))
                yield done

    def close(self) -> None:
        return None


def batches(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


class RemoteEmbedder:
    """An Embedder whose texts are embedded by the executor's workers, in batches."""

    def __init__(self, executor: Executor, name: str, batch: int = 64) -> None:
        self.executor = executor
        self.name = name
        self.batch = batch

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        rows = [
            v for part in self.executor.map(Job.EMBED, batches(texts, self.batch)) for v in part
        ]
        return np.stack(rows).astype(np.float32)


class RemoteScorer:
    """An NLIScorer whose pairs are scored by the executor's workers, in batches."""

    def __init__(self, executor: Executor, name: str, batch: int = 16) -> None:
        self.executor = executor
        self.name = name
        self.batch = batch

    def contradiction(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]:
        parts = self.executor.map(Job.NLI, batches(pairs, self.batch))
        return np.array([s for part in parts for s in part], dtype=np.float32)


def executor_for(
    where: str, bench: Workbench, warn: Callable[[str], None] = lambda _: None
) -> Executor:
    """The executor named by --executor: "local", "ray" (a Ray started here) or
    "ray://HOST:PORT" (a running Ray cluster)."""
    if where == LOCAL:
        return InProcess(bench)
    if where == "ray" or where.startswith("ray://"):
        from checker.distributed import RayExecutor

        return RayExecutor(where, bench.spec, warn)
    raise CheckerError(f"unknown executor {where!r}; expected 'local', 'ray' or 'ray://HOST:PORT'")
