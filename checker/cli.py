"""The command line: `checker compare` and `checker extract`.

stdout carries only the report; progress, warnings and the summary go to stderr.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

import click

from checker import __version__
from checker.clioptions import compare_options
from checker.errors import CheckerError, ExitCode


def _warn(message: str) -> None:
    click.secho(f"warning: {message}", fg="yellow", err=True)


paths_argument = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)


@click.group()
@click.version_option(__version__, prog_name="checker")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Settings file (default: checker.yaml, or [tool.checker] in pyproject.toml, "
    "found from the current folder up).",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, config_file: Path | None) -> None:
    """Compare news coverage across outlets: claims, corroboration, contradictions."""
    from checker import config

    ctx.obj = {"debug": debug}
    found = config_file or config.find(Path.cwd())
    if found is not None:
        settings = config.load(found, CONFIGURABLE)
        # Values from the file become defaults: a flag on the command line still wins.
        ctx.default_map = {"compare": settings}


CONFIGURABLE = (
    "output",
    "format",
    "fail_on",
    "baseline",
    "claims_dir",
    "max_file_size",
    "embedding_model",
    "cache_dir",
    "no_cache",
    "cluster_threshold",
    "nli_model",
    "executor",
    "quiet",
)


@cli.command()
@paths_argument
@compare_options
def compare(
    paths: tuple[Path, ...],
    output: str | None,
    fmt: str,
    fail_on: str,
    baseline: Path | None,
    update_baseline: bool,
    claims_dir: Path | None,
    max_file_size: int,
    embedding_model: str,
    cache_dir: Path | None,
    no_cache: bool,
    cluster_threshold: float | None,
    nli_model: str,
    executor: str,
    timings: bool,
    quiet: bool,
) -> ExitCode:
    """Read the articles under PATHS and write the report.

    Exit 0 when clean, 1 when a new finding is at or above --fail-on, 2 on errors."""
    import dataclasses

    from checker import baseline as baseline_stage
    from checker import pipeline
    from checker.files import check_writable, write_atomic
    from checker.formats import render
    from checker.outputs import DEFAULT_OUTPUT, NEEDS_TEXT, Format
    from checker.report import summary_table
    from checker.terminal import progress_for

    baseline_path = baseline or Path(baseline_stage.DEFAULT_NAME)
    accepted = baseline_stage.load(baseline_path)  # a broken baseline stops the run here
    target = output or DEFAULT_OUTPUT.get(Format(fmt), "-")
    # An output that cannot be written fails now, not after minutes of work.
    if target != "-":
        check_writable(Path(target))
    if update_baseline:
        check_writable(baseline_path)

    options = pipeline.Options(
        max_file_bytes=max_file_size,
        claims_dir=claims_dir,
        embedding_model=embedding_model,
        cache_dir=cache_dir,
        use_cache=not no_cache,
        cluster_threshold=cluster_threshold,
        nli_model=nli_model,
        executor=executor,
        keep_texts=Format(fmt) in NEEDS_TEXT,
    )
    report = pipeline.run(list(paths), options, progress_for(quiet), _warn)
    if not report.corpus.documents:
        raise CheckerError(f"no readable articles under {', '.join(map(str, paths))}")
    if update_baseline:
        claims = {c.id: c for c in report.claims}
        n = baseline_stage.write(baseline_path, report.contradictions, claims, accepted)
        _note(quiet, f"baseline written to {baseline_path} ({n} findings)")
        accepted = baseline_stage.load(baseline_path)
    if accepted is not None:
        statuses, stale = baseline_stage.statuses(report.contradictions, accepted)
        report = dataclasses.replace(
            report, statuses=tuple(sorted(statuses.items())), stale=stale, baseline=accepted.path
        )
    started = time.perf_counter()
    text = render(report, fmt, fail_on)
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(Path(target), text)
    if timings:
        laps = ", ".join(
            f"{name} {seconds:.2f} s"
            for name, seconds in [*report.timings, ("report", time.perf_counter() - started)]
        )
        click.echo(f"timings: {laps}; NLI pairs scored: {report.nli_pairs}", err=True)
    if not quiet:
        click.echo(summary_table(report, report.corpus.documents), err=True)
        for entry in report.stale:
            _warn(f"{baseline_path}: baseline entry {entry} no longer matches a finding (stale)")
        if target != "-":
            click.echo(f"report written to {target}", err=True)
    return report.exit_code(fail_on)


def _note(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(message, err=True)


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
    from checker import claimfiles, ingest, stagework
    from checker.terminal import progress_for

    corpus = ingest.ingest(list(paths))
    for skipped in corpus.skipped:
        _warn(f"{skipped.path}: skipped: {skipped.reason}")
    for message in corpus.warnings:
        _warn(message)
    if not corpus.documents:
        raise CheckerError(f"no readable articles under {', '.join(map(str, paths))}")
    found = stagework.extract_claims(corpus, progress_for(quiet))
    written = claimfiles.write(out_dir, corpus.documents, found)
    if not quiet:
        click.echo(
            f"{len(found)} claims from {len(written)} documents written to {out_dir}/", err=True
        )


@cli.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    default="review.html",
    show_default=True,
    help="The page to write, or - for stdout.",
)
@click.option(
    "--input",
    "root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder the report's articles came from, to show them with the claims "
    "highlighted (without it the page shows the claims alone).",
)
@click.option("-q", "--quiet", is_flag=True, help="No warnings or summary on stderr.")
def review(report: Path, output: str, root: Path | None, quiet: bool) -> None:
    """Render REPORT (a report.yaml from `checker compare`) as one self-contained HTML page."""
    from checker.files import write_atomic
    from checker.review import review as review_page

    page, warnings = review_page(report, root)
    for message in warnings if not quiet else []:
        _warn(message)
    if output == "-":
        sys.stdout.write(page)
        sys.stdout.flush()
        return
    write_atomic(Path(output), page)
    _note(quiet, f"review page written to {output}")


def main() -> None:
    """Entry point: user errors become one red line and exit 2, never a traceback."""
    debug = "--debug" in sys.argv[1:]
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        sys.exit(exc.exit_code)
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
    sys.exit(int(code) if isinstance(code, ExitCode) else ExitCode.OK)
