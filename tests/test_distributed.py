"""The executor seam: the same report in-process and on Ray, a dying worker retried, and a
clear message where Ray is not installed."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker import concurrency, pipeline, stagework
from checker.errors import CheckerError
from checker.formats import render

from .conftest import SEEDS, allsides_sample


def test_without_ray_the_cli_says_how_to_install_it(tmp_path: Path) -> None:
    program = (
        "import sys; sys.modules['ray'] = None\n"
        "from checker.cli import main\n"
        f"sys.argv = ['checker', 'compare', {str(SEEDS)!r}, '--executor', 'ray', '-o', '-']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "pip install 'checker[ray]'" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_the_executor_can_come_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.checker]\nexecutor = "dask"\n', "utf-8")
    program = (
        "import sys\n"
        "from checker.cli import main\n"
        f"sys.argv = ['checker', 'compare', {str(SEEDS)!r}, '-o', '-']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 2 and "unknown executor 'dask'" in result.stderr


def test_an_unknown_executor_names_the_valid_ones() -> None:
    spec = concurrency.ModelSpec("m", "n", Path("models"))
    with pytest.raises(CheckerError, match="expected 'local', 'ray' or 'ray://HOST:PORT'"):
        concurrency.executor_for("dask", concurrency.Workbench(spec))


def test_in_process_is_the_default_and_keeps_batches_in_order() -> None:
    spec = concurrency.ModelSpec("m", "n", Path("models"))
    executor = concurrency.executor_for(concurrency.LOCAL, concurrency.Workbench(spec))
    assert isinstance(executor, concurrency.InProcess)
    assert pipeline.Options().executor == concurrency.LOCAL
    assert concurrency.batches(list(range(5)), 2) == [[0, 1], [2, 3], [4]]


def test_a_workbench_gives_its_models_the_threads_it_was_given(tmp_path: Path) -> None:
    # A Ray actor holds one core: its models must not start a thread per core of the machine.
    from checker.models import DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL

    spec = concurrency.ModelSpec(DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL, tmp_path, threads=1)
    bench = concurrency.Workbench(spec)
    assert getattr(bench.embedder(), "threads", None) == 1  # named, not loaded: models load lazily
    assert getattr(bench.scorer(), "threads", None) == 1
    assert not any(tmp_path.iterdir())


# --- with Ray: a local Ray of 2 CPUs started by the tests -------------------------------


@pytest.fixture(scope="module")
def ray_local() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    import logging

    # Workers inherit the environment Ray starts with: where DiesOnce leaves its markers.
    os.environ["CHECKER_TEST_MARKERS"] = tempfile.mkdtemp(prefix="checker-ray-markers-")
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def report_bytes(paths: list[Path], cache: Path | None, **kwargs: Any) -> str:
    options = pipeline.Options(cache_dir=cache, use_cache=cache is not None)
    return render(pipeline.run(paths, options, **kwargs), "yaml")


class DiesOnce:
    """A worker that kills its own process on its first batch of each job, once per folder."""

    def __init__(self, spec: concurrency.ModelSpec) -> None:
        from checker.distributed import Worker

        self.inner = Worker(spec)

    def run(self, job: concurrency.Job, batch: list[Any]) -> Any:
        marker = Path(os.environ["CHECKER_TEST_MARKERS"]) / f"died-{job}"
        try:
            marker.touch(exist_ok=False)
        except FileExistsError:
            return self.inner.run(job, batch)
        os._exit(1)


class WarningEmbedder:
    """Embeds a text as (its length, 1, 1) and warns each time, as a model falling back to
    another back-end does."""

    name = "warning-embedder"

    def __init__(self, warn: Any) -> None:
        self.warn = warn

    def encode(self, texts: list[str]) -> Any:
        import numpy as np

        self.warn("warning-embedder: fell back to a slower back-end")
        return np.array([[len(t), 1, 1] for t in texts], dtype=np.float32)


class WarnsWorker:
    """A Ray worker whose embedder warns on every batch."""

    def __init__(self, spec: concurrency.ModelSpec) -> None:
        from checker.distributed import Worker

        self.inner = Worker(spec)
        self.inner.bench._embedder = WarningEmbedder(self.inner.bench.warn)

    def run(self, job: concurrency.Job, batch: list[Any]) -> Any:
        return self.inner.run(job, batch)


def test_what_workers_warn_is_said_once_on_the_driver(ray_local: Any, tmp_path: Path) -> None:
    from checker.distributed import RayExecutor

    said: list[str] = []
    spec = concurrency.ModelSpec("m", "n", tmp_path)
    executor = RayExecutor("ray", spec, warn=said.append, worker=WarnsWorker)
    try:
        parts = list(executor.map(concurrency.Job.EMBED, [["a"], ["b", "c"], ["d"], ["e"]]))
    finally:
        executor.close()
    assert [len(p) for p in parts] == [1, 2, 1, 1]
    # Every batch warned, on whichever worker ran it; the driver said it once.
    assert said == ["warning-embedder: fell back to a slower back-end"]


def test_ray_reads_a_stream_of_batches_a_few_ahead_and_keeps_its_order(
    ray_local: Any, tmp_path: Path
) -> None:
    from checker.distributed import RayExecutor

    read: list[int] = []

    def stream() -> Iterator[list[str]]:
        for i in range(1, 21):
            read.append(i)
            yield ["x" * i]

    executor = RayExecutor("ray", concurrency.ModelSpec("m", "n", tmp_path), worker=WarnsWorker)
    try:
        results = executor.map(concurrency.Job.EMBED, stream())
        first = next(results)
        # The driver holds what is in flight, never the whole stream.
        assert len(read) <= concurrency.IN_FLIGHT * executor.workers + 1
        rest = list(results)
        again = list(executor.map(concurrency.Job.EMBED, [["abc"]]))
    finally:
        executor.close()
    assert [int(part[0][0]) for part in [first, *rest]] == list(range(1, 21))
    assert int(again[0][0][0]) == 3


def test_stories_are_clustered_on_ray_workers_as_in_one_call(
    ray_local: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checker import match
    from checker.distributed import RayExecutor

    from .test_streaming import two_story_seeds

    claims, vectors, story_of, outlets, scorer = two_story_seeds()
    whole = match.cluster(claims, vectors, story_of, outlets, scorer)
    executor = RayExecutor("ray", concurrency.ModelSpec("m", "n", Path("models")))
    monkeypatch.setattr(stagework, "MATCH_BATCH", 1)  # a batch per story, on both workers
    try:
        found = stagework.cluster_stories(claims, vectors, story_of, outlets, scorer, executor)
    finally:
        executor.close()
    assert whole and found == whole


def test_in_process_reads_a_stream_of_batches_as_it_goes(tmp_path: Path) -> None:
    spec = concurrency.ModelSpec("m", "n", tmp_path)
    bench = concurrency.Workbench(spec, embedder=WarningEmbedder(lambda _: None))
    read: list[int] = []

    def stream() -> Iterator[list[str]]:
        for i in range(1, 6):
            read.append(i)
            yield ["x" * i]

    results = concurrency.InProcess(bench, processes=1).map(concurrency.Job.EMBED, stream())
    assert int(next(results)[0][0]) == 1 and len(read) <= 2
    assert [int(p[0][0]) for p in results] == [2, 3, 4, 5]


@pytest.mark.slow
def test_ray_gives_the_report_of_the_in_process_run(ray_local: Any, tmp_path: Path) -> None:
    from checker.distributed import RayExecutor

    local = report_bytes([SEEDS], tmp_path / "cache")
    spec = pipeline.model_spec(pipeline.Options(cache_dir=tmp_path))
    executor = RayExecutor("ray", spec)
    try:
        assert executor.workers == 2
        # No cache: every vector and score of this run comes from the workers.
        assert report_bytes([SEEDS], None, executor=executor) == local
    finally:
        executor.close()
    assert ray_local.is_initialized()  # a Ray the run did not start is left running


@pytest.mark.slow
def test_ray_on_200_articles_gives_the_same_report(ray_local: Any, tmp_path: Path) -> None:
    from checker.distributed import RayExecutor

    folder = allsides_sample(tmp_path / "articles", 200)
    local = report_bytes([folder], tmp_path / "cache")
    spec = pipeline.model_spec(pipeline.Options(cache_dir=tmp_path))
    executor = RayExecutor("ray", spec)
    try:
        assert report_bytes([folder], None, executor=executor) == local
    finally:
        executor.close()


@pytest.mark.slow
def test_a_worker_that_dies_is_retried_and_the_report_is_the_same(
    ray_local: Any, tmp_path: Path
) -> None:
    from checker.distributed import RayExecutor

    local = report_bytes([SEEDS], tmp_path / "cache")
    markers = Path(os.environ["CHECKER_TEST_MARKERS"])
    spec = pipeline.model_spec(pipeline.Options(cache_dir=tmp_path))
    executor = RayExecutor("ray", spec, worker=DiesOnce)
    try:
        assert report_bytes([SEEDS], None, executor=executor) == local
    finally:
        executor.close()
    assert {p.name for p in markers.iterdir()} >= {"died-embed", "died-nli"}


@pytest.mark.slow
def test_local_extraction_over_processes_gives_the_claims_of_one_process(tmp_path: Path) -> None:
    from checker.ingest import ingest

    folder = tmp_path / "articles"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(2 * stagework.EXTRACT_BATCH + 3):  # three batches
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"a{i:02d}.txt").write_text(f"{text}\nUpdate {i}.\n", encoding="utf-8")
    corpus = ingest([folder])
    spec = pipeline.model_spec(pipeline.Options(cache_dir=tmp_path))
    one = concurrency.InProcess(concurrency.Workbench(spec), processes=1)
    two = concurrency.InProcess(concurrency.Workbench(spec), processes=2)
    alone = stagework.extract_claims(corpus, executor=one)
    assert stagework.extract_claims(corpus, executor=two) == alone
    assert len({c.doc for c in alone}) == len(corpus.documents)
