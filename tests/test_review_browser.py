"""The review page in a real headless Chromium (Debian's chromium and chromium-driver, driven
by selenium): it loads from file:// with no console message and no request, nothing from an
article runs, filters, links and the copy button work, text meets WCAG AA contrast, and it
fits a phone. Screenshots go to the test's tmp folder; CHECKER_SCREENSHOT=PATH also writes
the seeds' desktop screenshot there (the README's, bench/review-seeds.png)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.review import load_texts, render
from checker.review.load import disputes_of, stories_of
from tests.review_seeds import SEEDS, hand_report, seeds_report

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.common.exceptions import NoAlertPresentException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium reaches out at start, and on a closed network that is refused.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _find() -> tuple[str, str]:
    binary = next((p for p in map(shutil.which, BROWSERS) if p), None)
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        pytest.skip(
            f"no headless browser: chromium {'found' if binary else 'not found'} "
            f"({', '.join(BROWSERS)}), chromedriver {'found' if driver else 'not found'}; "
            "install Debian's chromium and chromium-driver"
        )
    return binary, driver


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    binary, driver = _find()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tempfile.mkdtemp(prefix="checker-chromium-")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        chrome = webdriver.Chrome(service=webdriver.ChromeService(driver), options=options)
    except WebDriverException as exc:
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"chromium would not start: {exc.msg}")
    yield chrome
    chrome.quit()
    shutil.rmtree(profile, ignore_errors=True)


def open_page(browser: Any, page: str, path: Path) -> str:
    """Load page from a file; the console and network logs start empty for it."""
    path.write_text(page, encoding="utf-8")
    browser.get_log("browser")
    browser.get_log("performance")
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    url = path.as_uri()
    browser.get(url)
    return url


def requests(browser: Any) -> list[tuple[str, str]]:
    """(the requesting document, the URL) for each request since the log was last read."""
    out = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            out.append((params.get("documentURL", ""), params["request"]["url"]))
    return out


def assert_quiet(browser: Any, url: str) -> None:
    """No console message (a CSP violation would be one) and no request but the page's own."""
    assert browser.get_log("browser") == []
    sent = requests(browser)
    # Chromium's own pages (chrome://) may load their parts; the page loads only itself.
    assert {u.split("#")[0] for d, u in sent if d.split("#")[0] == url} <= {url}
    assert [u for _, u in sent if not u.startswith(("chrome:", "file:", "data:"))] == []
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018


def shown(browser: Any, css: str) -> int:
    return sum(1 for e in browser.find_elements(By.CSS_SELECTOR, css) if e.is_displayed())


CONTRAST = """
function lum(c) {
  var v = c.match(/[\\d.]+/g).slice(0, 3).map(function (x) {
    x = x / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function background(el) {
  for (; el; el = el.parentElement) {
    var bg = getComputedStyle(el).backgroundColor, a = bg.match(/[\\d.]+/g);
    if (a && (a.length < 4 || +a[3] > 0)) { return bg; }
  }
  return "rgb(255, 255, 255)";
}
var bad = [];
document.querySelectorAll("body *").forEach(function (el) {
  var own = Array.prototype.some.call(el.childNodes, function (n) {
    return n.nodeType === 3 && n.textContent.trim(); });
  if (!own || !el.getClientRects().length) { return; }
  var s = getComputedStyle(el), a = lum(s.color), b = lum(background(el));
  var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  var large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && +s.fontWeight >= 700);
  if (ratio < (large ? 3 : 4.5)) { bad.push(el.tagName + "." + el.className + " " + ratio.toFixed(2)); }
});
return bad;
"""


def check_contrast_and_phone(browser: Any, out: Path, name: str) -> None:
    assert browser.execute_script(CONTRAST) == []
    browser.save_screenshot(str(out / f"{name}-desktop.png"))
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    width = browser.execute_script("return [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide on a {width[1]} px phone"
    browser.save_screenshot(str(out / f"{name}-phone.png"))
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_article_markup_never_runs_in_the_browser(browser: Any, tmp_path: Path) -> None:
    report, texts = hand_report()
    url = open_page(browser, render(report, texts), tmp_path / "hostile.html")
    assert_quiet(browser, url)
    counts = browser.execute_script(
        "return [document.scripts.length, document.images.length,"
        " document.querySelectorAll('textarea, iframe, [onerror], [onmouseover]').length,"
        " document.querySelectorAll('a[href^=\"javascript\" i]').length]"
    )
    assert counts == [1, 0, 0, 0]
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "<script>alert('script')</script>" in body and "</textarea>" in body


def test_filters_links_and_the_keyboard_on_a_small_report(browser: Any, tmp_path: Path) -> None:
    report, texts = hand_report()
    url = open_page(browser, render(report, texts), tmp_path / "small.html")
    assert shown(browser, ".dispute") == 2
    assert browser.find_element(By.ID, "shown").text == "3 of 3 findings shown"
    browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=temporal]").click()
    assert shown(browser, ".dispute") == 1
    browser.find_element(By.CSS_SELECTOR, "input[name=status][value=baselined]").click()
    assert browser.find_element(By.ID, "shown").text == "1 of 3 findings shown"
    # A link to a finding hidden by the filters shows it: filters reset, its list opens.
    browser.get(url + "#c-0000000003")
    target = browser.find_element(By.ID, "c-0000000003")
    assert target.is_displayed()
    assert browser.execute_script("return document.querySelector(':target').id") == "c-0000000003"
    # An outlet turned off hides the findings whose claims all come from it.
    browser.find_element(By.ID, "reset-filters").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=outlet][value='0']").click()  # Daily…
    assert browser.find_element(By.ID, "shown").text == "2 of 3 findings shown"
    assert not browser.find_element(By.ID, "c-0000000002").is_displayed()
    browser.find_element(By.ID, "reset-filters").click()
    browser.get(url + "#c-0000000003")
    # From the keyboard: Tab goes on from the finding to its own link, with a focus ring.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("href").endswith("#c-0000000003")
    assert (
        browser.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
        == "solid"
    )
    button = target.find_element(By.CSS_SELECTOR, "button.copy")
    button.send_keys(Keys.ENTER)
    assert target.find_element(By.CSS_SELECTOR, "output.copied").text in (
        "Copied",
        "Selected below: press Ctrl+C",
    )
    assert_quiet(browser, url)
    check_contrast_and_phone(browser, tmp_path, "small")


@pytest.mark.slow
def test_the_seeds_page(browser: Any, tmp_path: Path) -> None:
    report = seeds_report()
    texts, warnings = load_texts(report, SEEDS)
    assert warnings == []
    url = open_page(browser, render(report, texts), tmp_path / "seeds.html")
    assert_quiet(browser, url)
    disputes = disputes_of(report, stories_of(report))
    assert shown(browser, ".dispute") == len(disputes) <= len(report["contradictions"])
    outlets = {d["outlet"] for d in report["documents"]}
    headers = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".coverage thead th")}
    assert outlets < headers
    # One matrix per story: a row per cluster with a claim in the story (or one row saying
    # there is none), and the "only" row.
    doc_of = {c["id"]: c["doc"] for c in report["claims"]}
    rows = sum(
        1
        + max(
            1,
            sum(
                any(doc_of[c] in story["documents"] for c in k["claims"])
                for k in report["clusters"]
            ),
        )
        for story in stories_of(report)
    )
    assert shown(browser, ".coverage tbody tr") == rows
    marks = browser.find_elements(By.CSS_SELECTOR, ".dispute blockquote mark")
    assert len(marks) == sum(len(s["claims"]) for d in disputes for s in d["sides"])
    # Errors off: no dispute whose findings are all errors is left.
    browser.find_element(By.CSS_SELECTOR, "input[name=severity][value=error]").click()
    severity = {f["id"]: f["severity"] for f in report["contradictions"]}
    left = sum(1 for d in disputes if any(severity[f] != "error" for f in d["findings"]))
    assert shown(browser, ".dispute") == left
    # Every finding has a link that lands on it.
    first = report["contradictions"][0]["id"]
    browser.get(url + "#" + first)
    assert browser.find_element(By.ID, first).is_displayed()
    assert_quiet(browser, url)
    browser.find_element(By.ID, "reset-filters").click()
    browser.execute_script("window.scrollTo(0, 0)")
    check_contrast_and_phone(browser, tmp_path, "seeds")
    readme = os.environ.get("CHECKER_SCREENSHOT")
    if readme:
        browser.set_window_size(1280, 1700)
        browser.save_screenshot(readme)
        browser.set_window_size(1280, 900)
