from __future__ import annotations

import base64
import hashlib
import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import baseline
from checker.errors import CheckerError
from checker.ingest import ingest
from checker.review import load_texts, render, review
from checker.review.load import claims_of, findings_of
from checker.review.view import excerpt, safe_url, segments
from checker.serialize import dump_yaml
from tests.review_seeds import SEEDS, hand_report


class Elements(HTMLParser):
    """Every element the browser would build from the page, with its attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def test_nothing_from_an_article_becomes_markup() -> None:
    report, texts = hand_report()
    page = render(report, texts)
    found = parse(page)
    # One script and one style, both ours; no element carries an event handler or a
    # javascript: link, and no image, frame or form control came from the articles.
    assert [t for t, _ in found.tags].count("script") == 1
    assert [t for t, _ in found.tags].count("style") == 1
    assert not any(k.startswith("on") for _, attrs in found.tags for k in attrs)
    links = [attrs.get("href") or "" for t, attrs in found.tags if t == "a"]
    assert not any(link.strip().lower().startswith("javascript") for link in links)
    assert "https://example.org/b" in links
    assert not {"img", "textarea", "iframe", "object", "embed"} & {t for t, _ in found.tags}
    assert "alert(" not in found.scripts[0]
    # ... and the articles' words are still there to read, escaped.
    assert "&lt;script&gt;alert(&#39;script&#39;)&lt;/script&gt;" in page
    assert "&lt;/textarea&gt;" in page
    assert "onerror=&#34;alert(&#39;onerror&#39;)&#34;" in page
    assert "javascript:alert(&#39;url&#39;)" in page  # shown as text, not a link


def test_the_page_runs_only_its_own_script_and_fetches_nothing() -> None:
    report, texts = hand_report()
    page = render(report, texts)
    found = parse(page)
    policy = next(
        a["content"] or ""
        for t, a in found.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )

    def digest(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert "default-src 'none'" in policy
    assert f"script-src '{digest(found.scripts[0])}'" in policy
    assert f"style-src '{digest(found.styles[0])}'" in policy
    fetching = [(t, a) for t, a in found.tags if {"src", "srcset"} & set(a) or t == "link"]
    assert fetching == []
    assert "url(" not in found.styles[0] and "@import" not in found.styles[0]


def test_a_report_without_stories_is_one_story_with_its_disputes_grouped_here() -> None:
    report, texts = hand_report()
    page = render(report, texts)
    assert page.count('class="story"') == 1 and "All documents" in page
    # a:1 against b:1 and a:2 is one conflict dispute; b:1 against c:1 a temporal one.
    assert len(re.findall(r'<article class="dispute sev-error" id="d-', page)) == 1
    assert len(re.findall(r'<article class="dispute sev-info" id="d-', page)) == 1
    assert '<ol class="timeline">' in page
    for fid in ("c-0000000001", "c-0000000002", "c-0000000003"):
        assert f'id="{fid}"' in page and f'href="#{fid}"' in page
    assert 'data-status="baselined"' in page
    # The cluster both outlets report is corroborated by both.
    row = re.search(r'<tr id="cluster-k-1">(.*?)</tr>', page, re.S)
    assert row and row.group(1).count('class="cell-corroborated"') == 2


def two_stories(report: dict[str, Any]) -> dict[str, Any]:
    """The hand report as /2: articles a and b one story, c one of its own."""
    return {
        **report,
        "schema": "checker-report/2",
        "stories": [
            {"id": "s-1", "label": "Talks", "documents": ["a", "b"], "only_in": {}},
            {"id": "s-2", "label": "January", "documents": ["c"], "only_in": {}},
        ],
    }


def test_a_v2_report_keeps_its_stories_and_disputes() -> None:
    report, texts = hand_report()
    report = {
        **two_stories(report),
        "disputes": [
            {
                "id": "d-given",
                "story": "s-1",
                "kind": "conflict",
                "severity": "error",
                "point": "a:1",
                "sides": [{"claims": ["a:1"]}, {"claims": ["b:1", "a:2"]}],
                "findings": ["c-0000000001", "c-0000000002"],
            }
        ],
    }
    page = render(report, texts)
    assert page.count('class="story"') == 3  # two stories and the findings in no dispute
    assert 'id="d-given"' in page
    other = page[page.index('id="other-findings"') :]
    assert 'id="c-0000000003"' in other


def test_rendering_is_deterministic_and_keeps_highlighted_spans() -> None:
    report, texts = hand_report()
    page = render(report, texts)
    assert render(report, dict(reversed(list(texts.items())))) == page
    assert "<mark>Talks will not resume in March, a spokesperson said.</mark>" in page
    assert 'id="claim-b:1"' in page


def test_without_texts_the_claims_are_shown_alone() -> None:
    report, _ = hand_report()
    page = render(report, None)
    assert 'id="no-texts"' in page
    assert "<mark>Talks will not resume in March, a spokesperson said.</mark>" in page
    assert 'href="#claim-' not in page  # no link to an article that is not there


def test_the_copied_baseline_entry_is_what_the_baseline_writes(tmp_path: Path) -> None:
    report, texts = hand_report()
    page = render(report, texts)
    path = tmp_path / "checker-baseline.yaml"
    claims = {c.id: c for c in claims_of(report)}
    baseline.write(path, tuple(findings_of(report)), claims, None)
    written = {e["id"]: e for e in yaml.safe_load(path.read_text())["findings"]}
    for fid, entry in written.items():
        block = re.search(rf'<pre id="entry-{fid}">(.*?)</pre>', page, re.S)
        assert block is not None
        assert yaml.safe_load(html.unescape(block.group(1))) == [entry]


def _report_of(root: Path) -> dict[str, Any]:
    docs = ingest([root]).documents
    return {"documents": [{"id": d.id, "path": d.path, "sha256": d.sha256} for d in docs]}


def test_texts_are_read_again_from_the_input_root_and_changed_files_left_out(
    tmp_path: Path,
) -> None:
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root)
    report = _report_of(root)
    (root / "002_8a038210e1aca5d9.txt").write_text("Rewritten since.\n")
    (root / "003_2322f362d8bce71e.txt").unlink()
    texts, warnings = load_texts(report, root)
    assert sorted(texts) == ["000_d8c2ccedf805ca08", "004_f2090fd74a2eb533"]
    assert any("002_8a038210e1aca5d9" in w and "changed" in w for w in warnings)
    assert any("003_2322f362d8bce71e" in w and "not found" in w for w in warnings)


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        (None, False),
    ],
)
def test_only_web_urls_become_links(url: str | None, link: bool) -> None:
    assert (safe_url(url) is not None) is link


def test_overlapping_spans_are_cut_into_pieces_with_their_claims() -> None:
    text = "one two three four"
    pieces = segments(text, [(0, 7, "x"), (4, 13, "y")])
    assert "".join(p["text"] for p in pieces) == text
    assert [(p["text"], p["claims"]) for p in pieces] == [
        ("one ", ["x"]),
        ("two", ["x", "y"]),
        (" three", ["y"]),
        (" four", []),
    ]
    assert excerpt("a\nbb cc\nd", (5, 7)) == {"before": "bb ", "mark": "cc", "after": ""}
    assert excerpt("short", (3, 99)) is None


def test_a_written_report_renders_with_its_articles_read_again(tmp_path: Path) -> None:
    report, texts = hand_report()
    root = tmp_path / "articles"
    root.mkdir()
    for doc, text in texts.items():
        (root / f"{doc}.txt").write_text(text)
    docs = {d.id: d for d in ingest([root]).documents}
    for d in report["documents"]:
        d["sha256"] = docs[d["id"]].sha256
    path = tmp_path / "report.yaml"
    path.write_text(dump_yaml(report))
    page, warnings = review(path, root)
    assert warnings == [] and page == render(report, texts)
    alone, warnings = review(path)
    assert 'id="no-texts"' in alone and "records no input root" in warnings[0]
    page, warnings = review(path, tmp_path / "none")
    assert 'id="no-texts"' in page and "not a folder" in warnings[0]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("schema: checker-baseline/1\n", "expected a checker report"),
        ("documents: [\n", "line 2: the report is not valid YAML"),
        ("- a list\n", "no schema"),
    ],
)
def test_a_file_that_is_no_report_is_named_with_its_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(content)
    with pytest.raises(CheckerError, match=re.escape(problem)) as caught:
        review(path)
    assert str(path) in str(caught.value)


@pytest.mark.slow
def test_the_seeds_report_renders_the_same_from_memory_and_from_its_yaml(tmp_path: Path) -> None:
    from tests.review_seeds import seeds_report

    report = seeds_report()
    path = tmp_path / "report.yaml"
    path.write_text(dump_yaml(report))
    texts, _ = load_texts(report, SEEDS)
    page, warnings = review(path, SEEDS)
    assert warnings == [] and page == render(report, texts)
    assert 1 <= len(re.findall(r'<article class="dispute ', page)) <= len(report["contradictions"])


hostile_text = st.text(
    alphabet=st.sampled_from(list("<>&\"'/=:; \nabcjavscriptonerr()")) | st.characters(),
    min_size=1,
    max_size=40,
)


def _fill(value: str, like: str) -> str:
    """A harmless string of the same length: where value differs, only the markup can."""
    return "".join("\n" if ch == "\n" else "x" for ch in value) or like


@settings(max_examples=40, deadline=None)
@given(outlet=hostile_text, speaker=hostile_text, text=hostile_text, article=hostile_text)
def test_no_article_text_changes_the_page_structure(
    outlet: str, speaker: str, text: str, article: str
) -> None:
    def page(o: str, s: str, t: str, a: str) -> list[tuple[str, list[str]]]:
        report, texts = hand_report()
        report["documents"][1]["outlet"] = "Wire & Co" + o  # keeps the outlets' order
        report["documents"][1]["title"] = t
        report["claims"][0]["speaker"] = s
        report["claims"][3]["text"] = t
        report["contradictions"][0]["reason"] = t
        texts["b"] = a + texts["b"]
        return [(tag, sorted(attrs)) for tag, attrs in parse(render(report, texts)).tags]

    assert page(outlet, speaker, text, article) == page(
        _fill(outlet, "x"), _fill(speaker, "x"), _fill(text, "x"), _fill(article, "x")
    )


def test_a_bare_report_still_renders() -> None:
    page = render({"schema": "checker-report/1"})
    assert "0 findings in 0 disputes" in page
    dangling = {
        "schema": "checker-report/1",
        "claims": [{"id": "x:1", "doc": "gone", "text": "orphan", "span": [0, 6]}],
        "contradictions": [
            {"id": "c-1", "kind": "conflict", "severity": "error", "claims": ["x:1", "y:1"]}
        ],
    }
    page = render(dangling)
    assert 'id="c-1"' in page and "orphan" in page


def test_a_story_one_outlet_covers_says_so_instead_of_counting_its_own_claims() -> None:
    report, texts = hand_report()
    page = render(two_stories(report), texts)
    alone = page[page.index('id="story-s-2"') :]
    shared = page[page.index('id="story-s-1"') : page.index('id="story-s-2"')]
    assert "Only this outlet covers the story" in alone
    assert "Claims only this outlet reports" not in alone
    assert "Claims only this outlet reports" in shared
