"""The Ray executor: a run's per-item work on Ray actors that each load the models once.

`--executor ray` starts a local Ray with one worker per core; `--executor ray://HOST:PORT`
joins a running cluster, whose workers must have checker installed (the same version, so
that every item is worked out the same way). Workers only compute: results come back to
the driver in order, and the driver alone reads and writes the cache and the report.

A worker that dies is restarted and its batch retried (Ray's max_restarts and
max_task_retries), so the run finishes with the same report. What a worker's models warn
about (a model that falls back to another back-end, say) comes back with its batch and is
said once on the driver, however many workers say it.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from checker.concurrency import IN_FLIGHT, Job, ModelSpec, Workbench
from checker.errors import CheckerError

INSTALL_HINT = "pip install 'checker[ray]'"
RETRIES = 3


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise CheckerError(
            f"--executor ray needs Ray, which is not installed; install it with: {INSTALL_HINT}"
        ) from exc
    return ray


class Worker:
    """What runs inside each Ray actor: a Workbench on one core. A batch's results come back
    with the warnings said while it ran (a worker has no terminal of its own)."""

    def __init__(self, spec: ModelSpec) -> None:
        self.said: list[str] = []
        self.bench = Workbench(spec, warn=self.said.append)

    def run(self, job: Job, batch: list[Any]) -> tuple[list[Any], list[str]]:
        results = self.bench.run(job, batch)
        said = list(self.said)
        self.said.clear()  # in place: the Workbench's models hold self.said.append
        return results, said


class RayExecutor:
    """Batches of work spread over Ray actors; results in the batches' order."""

    def __init__(
        self,
        where: str,
        spec: ModelSpec,
        warn: Callable[[str], None] = lambda _: None,
        workers: int = 0,
        worker: type[Any] = Worker,
    ) -> None:
        ray = _ray()
        self.name = where
        self.warn = warn
        self._said: set[str] = set()
        self._started = False
        if not ray.is_initialized():
            quiet = {"logging_level": logging.ERROR, "log_to_driver": False}
            try:
                if where == "ray":
                    ray.init(include_dashboard=False, **quiet)
                else:
                    ray.init(address=where, **quiet)
            except Exception as exc:  # Ray raises many kinds; one line for the user
                raise CheckerError(f"cannot start or reach Ray at {where!r}: {exc}") from exc
            self._started = True
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = workers or max(1, cpus)
        remote = ray.remote(num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES)(worker)
        one_core = dataclasses.replace(spec, threads=1)
        self._actors = [remote.remote(one_core) for _ in range(self.workers)]
        from ray.util import ActorPool

        self._pool: Any = ActorPool(self._actors)

    def map(self, job: Job, batches: Iterable[list[Any]]) -> Iterator[list[Any]]:
        items = iter(batches)
        pool = self._pool

        def submit(batch: list[Any]) -> None:
            pool.submit(lambda actor, b: actor.run.remote(job, b), batch)

        for batch in itertools.islice(items, IN_FLIGHT * self.workers):
            submit(batch)
        try:
            while pool.has_next():
                results, said = pool.get_next()  # in the order submitted
                for batch in itertools.islice(items, 1):
                    submit(batch)
                self._say(said)
                yield results
        finally:
            if pool.has_next():
                # Left unread (the caller stopped): later maps must not get these results.
                from ray.util import ActorPool

                self._pool = ActorPool(self._actors)

    def _say(self, said: list[str]) -> None:
        for message in said:
            if message not in self._said:
                self._said.add(message)
                self.warn(message)

    def close(self) -> None:
        """Stop the workers this run started (also on Ctrl-C) and a Ray it started itself."""
        ray = _ray()
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._started:
            ray.shutdown()
            self._started = False
