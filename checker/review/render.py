"""The review page: one self-contained HTML file (CSS and script inline, nothing fetched),
rendered from a report's plain dict with Jinja2, autoescaping everything from the articles."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from checker.review.load import load_texts, read_report, recorded_root
from checker.review.view import build

HERE = Path(__file__).resolve().parent


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    text = (HERE / name).read_text(encoding="utf-8")
    # Our own files, inlined raw: they must not be able to close their element early.
    if "</" in text:
        raise ValueError(f"{name}: inline assets must not contain '</'")
    return text


def _csp_hash(text: str) -> str:
    """A Content-Security-Policy source for exactly this inline text: the page runs its own
    script and style and nothing else, even if some markup ever slipped through unescaped."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def render(report: Mapping[str, Any], texts: Mapping[str, str] | None = None) -> str:
    """The review page for a report dict (checker.report.to_dict, or a report.yaml loaded
    with yaml.safe_load; schema /1 or /2). texts: document id -> its text, for excerpts and
    highlighted spans; without them the page shows the claims' own texts."""
    style, script = _asset("style.css"), _asset("page.js")
    page = build(report, texts or {})
    return (
        _environment()
        .get_template("page.html.j2")
        .render(
            **page,
            style=Markup(style),
            script=Markup(script),
            style_hash=_csp_hash(style),
            script_hash=_csp_hash(script),
        )
    )


def review(report_path: Path, root: Path | None = None) -> tuple[str, list[str]]:
    """`checker review REPORT.yaml`: the page for a written report, and warnings for stderr.

    The articles are read again from root (the input root the report's paths are relative
    to; by default the one the report records) for excerpts and highlighted spans; where
    none can be read the page shows the claims alone, with a warning."""
    report = read_report(report_path)
    root = root or recorded_root(report)
    if root is None:
        return render(report), [
            f"{report_path}: the report records no input root; pass --input DIR, the folder the articles "
            "came from to show them (claims are shown alone)"
        ]
    if not root.is_dir():
        return render(report), [f"{root}: not a folder; claims are shown alone"]
    texts, warnings = load_texts(report, root)
    return render(report, texts), warnings
