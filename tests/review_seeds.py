"""The seeds' report from one real run of the pipeline, shared by the review tests (slow)."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from checker import pipeline
from checker.report import to_dict

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@functools.cache
def seeds_report() -> dict[str, Any]:
    """The plain report of `checker compare seeds/`, run once per test process."""
    cache = tempfile.mkdtemp(prefix="checker-review-")
    atexit.register(shutil.rmtree, cache, True)
    return to_dict(pipeline.run([SEEDS], pipeline.Options(cache_dir=Path(cache))))


def claim_with(report: dict[str, Any], words: str) -> str:
    """The id of the one claim whose text holds words (in any case)."""
    found = [c["id"] for c in report["claims"] if words.lower() in c["text"].lower()]
    assert len(found) == 1, f"{len(found)} claims hold {words!r}"
    return str(found[0])


HOSTILE = (
    "<script>alert('script')</script> Officials said the talks would resume in March.\n"
    "A caption read <img src=x onerror=\"alert('onerror')\"> and a link "
    "<a href=\"javascript:alert('link')\">click</a>.\n"
    "The minister denied that talks would resume. </textarea><script>alert('textarea')</script>\n"
    "Both sides agreed the port reopened on Monday.\n"
)
PLAIN = (
    "Talks will not resume in March, a spokesperson said.\n"
    "The port reopened on Monday, the harbour office confirmed.\n"
)
EARLIER = "In January the government expected talks to resume by spring.\n"


def _claim(
    doc: str, n: int, text: str, sentence: str, speaker: str | None, day: str
) -> dict[str, Any]:
    start = text.index(sentence)
    return {
        "id": f"{doc}:{n}",
        "doc": doc,
        "text": sentence,
        "span": [start, start + len(sentence)],
        "speaker": speaker,
        "time": {"expression": None, "start": day, "end": day, "source": "publication"},
    }


def hand_report() -> tuple[dict[str, Any], dict[str, str]]:
    """A small /1 report with articles that try to run script, and the articles' texts."""
    texts = {"a": HOSTILE, "b": PLAIN, "c": EARLIER}
    a = [
        _claim(
            "a",
            1,
            HOSTILE,
            "Officials said the talks would resume in March.",
            "Officials <b>",
            "2021-03-01",
        ),
        _claim(
            "a",
            2,
            HOSTILE,
            "The minister denied that talks would resume. </textarea><script>alert('textarea')</script>",
            'The "minister" onmouseover=alert(1)',
            "2021-03-01",
        ),
        _claim(
            "a", 3, HOSTILE, "Both sides agreed the port reopened on Monday.", None, "2021-03-01"
        ),
    ]
    b = [
        _claim(
            "b",
            1,
            PLAIN,
            "Talks will not resume in March, a spokesperson said.",
            "a spokesperson",
            "2021-03-02",
        ),
        _claim(
            "b",
            2,
            PLAIN,
            "The port reopened on Monday, the harbour office confirmed.",
            "the harbour office",
            "2021-03-02",
        ),
    ]
    c = [
        _claim(
            "c",
            1,
            EARLIER,
            "In January the government expected talks to resume by spring.",
            "the government",
            "2021-01-10",
        )
    ]
    docs = [
        {
            "id": "a",
            "path": "a.txt",
            "outlet": "Daily <script>alert('outlet')</script>",
            "published": "2021-03-01",
            "title": "<img src=x onerror=alert('title')>",
            "url": "javascript:alert('url')",
            "sha256": "0",
        },
        {
            "id": "b",
            "path": "b.txt",
            "outlet": "Wire & Co",
            "published": "2021-03-02",
            "title": "Talks",
            "url": "https://example.org/b",
            "sha256": "0",
        },
        {
            "id": "c",
            "path": "c.txt",
            "outlet": "Wire & Co",
            "published": "2021-01-10",
            "title": None,
            "url": None,
            "sha256": "0",
        },
    ]
    findings = [
        {
            "id": "c-0000000001",
            "kind": "conflict",
            "severity": "error",
            "claims": ["a:1", "b:1"],
            "score": 0.95,
            "rule": "nli",
            "reason": "<script>alert('reason')</script>",
            "status": "new",
        },
        {
            "id": "c-0000000002",
            "kind": "conflict",
            "severity": "warning",
            "claims": ["a:1", "a:2"],
            "score": 0.8,
            "rule": "negation",
            "reason": "negated",
            "status": "baselined",
        },
        {
            "id": "c-0000000003",
            "kind": "temporal",
            "severity": "info",
            "claims": ["b:1", "c:1"],
            "score": 0.5,
            "rule": "nli",
            "reason": "moved on",
            "status": "new",
        },
    ]
    report = {
        "schema": "checker-report/1",
        "documents": docs,
        "skipped": [],
        "claims": a + b + c,
        "clusters": [
            {
                "id": "k-1",
                "claims": ["a:3", "b:2"],
                "representative": "a:3",
                "outlets": [docs[0]["outlet"], "Wire & Co"],
            }
        ],
        "contradictions": findings,
        "summary": {"documents": 3, "claims": 6, "clusters": 1, "contradictions": 3},
    }
    return report, texts
