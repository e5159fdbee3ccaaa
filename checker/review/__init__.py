"""The review page: a report rendered as one self-contained HTML file.

render(report_dict, texts) for a report in memory (`checker compare --format html`);
review(report_path, root) for one already written (`checker review REPORT.yaml`)."""

from checker.review.load import load_texts, read_report
from checker.review.render import render, review

__all__ = ["load_texts", "read_report", "render", "review"]
