"""The review page: a report rendered as one self-contained HTML file."""

from checker.review.load import load_texts
from checker.review.render import render

__all__ = ["load_texts", "render"]
