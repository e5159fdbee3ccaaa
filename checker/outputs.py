"""The report formats, in a module light enough for the CLI to import at start-up (the
renderers in checker.formats import the report and its dependencies)."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """The report formats; --format's choices come from here."""

    YAML = "yaml"
    JSON = "json"
    TEXT = "text"
    SARIF = "sarif"
    GITHUB = "github"
    JUNIT = "junit"
    HTML = "html"


FORMATS = tuple(f.value for f in Format)
# Where a format goes without -o: files for what people open, stdout for what tools read.
DEFAULT_OUTPUT = {Format.YAML: "report.yaml", Format.HTML: "review.html"}
# Formats that quote or locate the articles' own text (line:column, the review page's
# highlights): a run for the others need not keep any document's text.
NEEDS_TEXT = frozenset({Format.TEXT, Format.SARIF, Format.GITHUB, Format.JUNIT, Format.HTML})
