"""The citizen portal against WCAG 2.1 AA in a real browser: axe-core on every citizen page, a
reflow check at 320 CSS pixels (a 1280-pixel window at 400% zoom), and the report flow done
with the keyboard alone.

axe-core is vendored in tests/e2e/vendor/axe-core/ by scripts/vendor-assets (the version is in
VERSION there) and injected into each page; the desk's Content-Security-Policy refuses inline
scripts, so the axe pages run in a context that bypasses it. Any violation of any impact fails.

Every page and the keyboard-only run are checked in English and in Spanish (the browser asks
for the language, as a resident's does): ``lang`` on <html> and on every passage in another
language (an English article on a Spanish page) is part of what axe checks. Map tiles cannot
load here (no internet); the map itself, its controls and its pin still run.
"""

import json
import re
from functools import partial
from pathlib import Path

import pytest

from .languages import BROWSER_LOCALES
from .test_citizen_report_flow import TRACKING, send, start_report

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
AXE_DIR = Path(__file__).parent / "vendor" / "axe-core"
AXE = AXE_DIR / "axe.min.js"
AXE_RUN = """() => axe.run(document, {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
})"""
REFLOW_WIDTH = 320


def test_vendored_axe_core_is_the_exactly_pinned_dev_dependency():
    version = json.loads((ROOT / "package.json").read_text())["devDependencies"]["axe-core"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]

    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert locked["node_modules/axe-core"]["version"] == version
    assert locked["node_modules/axe-core"]["integrity"].startswith("sha512-")
    assert (AXE_DIR / "VERSION").read_text().strip() == version
    assert AXE.read_text()[:40].startswith(f"/*! axe v{version}")
    assert "Mozilla Public License" in (AXE_DIR / "LICENSE").read_text()


@pytest.fixture
def axe_page(browser, language):
    context = browser.new_context(bypass_csp=True, locale=BROWSER_LOCALES[language])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def topic_key(page, base_url, label):
    page.goto(base_url + "/citizen/report")
    return page.get_by_label(label, exact=True).get_attribute("value")


def file_report(page, base_url, words, what, spot=None):
    """File a streetlight report (at *spot* on the map when given); land on its tracking page."""
    start_report(page, base_url, what, words)
    if spot:
        page.wait_for_selector("#report-map.leaflet-container")
        page.locator("#report-map").click(position=spot)
    page.get_by_label(words["address"]).fill("1 Accessible Way")
    send(page, words)
    different = page.get_by_role("button", name=words["different"])
    if different.count():  # an open report nearby already: not ours
        send(page, words)
    page.wait_for_url(TRACKING)


# --- the pages -----------------------------------------------------------------------------


def home(page, base_url, words):
    page.goto(base_url + "/citizen/")


def search_results(page, base_url, words):
    page.goto(base_url + f"/citizen/kb?q={words['search words']}")
    assert page.locator(".kb-results a").count()


def article(page, base_url, words):
    search_results(page, base_url, words)
    page.locator(".kb-results a").first.click()
    page.wait_for_selector("article.kb-article")


def report_start(page, base_url, words):
    page.goto(base_url + "/citizen/report")


def report_start_with_errors(page, base_url, words):
    page.goto(base_url + "/citizen/report/answers?topic=&what=")
    assert page.locator(".error-summary").is_visible()


def report_answers(page, base_url, words):
    key = topic_key(page, base_url, words["streetlights"])  # a category
    page.goto(base_url + f"/citizen/report/answers?topic={key}&what=streetlight")
    assert page.get_by_role("heading", name=words["answers"]).is_visible()


def report_form(page, base_url, words):
    key = topic_key(page, base_url, words["streetlight item"])  # its own fields
    page.goto(base_url + f"/citizen/report/new?topic={key}&what=x")
    page.wait_for_selector("#report-map.leaflet-container")


def report_form_with_errors(page, base_url, words):
    report_form(page, base_url, words)
    page.locator("#subject").fill("")
    send(page, words)
    page.wait_for_selector(".error-summary")


def report_nearby(page, base_url, words):
    spot = {"x": 160, "y": 60}
    file_report(page, base_url, words, "a11y lamp out by the library zzq", spot)
    start_report(page, base_url, "a11y library lamp dark zzq", words)
    page.wait_for_selector("#report-map.leaflet-container")
    page.locator("#report-map").click(position=spot)
    send(page, words)
    page.get_by_role("heading", name=words["nearby"]).wait_for()


def tracking(page, base_url, words):
    file_report(page, base_url, words, "a11y tracked lamp zzq")
    assert page.get_by_text(words["filed"]).is_visible()


def tracking_stop(page, base_url, words):
    file_report(page, base_url, words, "a11y lamp to stop following zzq")
    page.get_by_role("link", name=words["stop following"]).click()
    page.wait_for_url(re.compile(r".*/stop$"))


def tracking_not_found(page, base_url, words):
    page.goto(base_url + "/citizen/track/not-a-token")


def unsubscribe_not_found(page, base_url, words):
    page.goto(base_url + "/notifications/unsubscribe/not-a-token")


def accessibility_statement(page, base_url, words):
    page.goto(base_url + "/citizen/")
    page.get_by_role("link", name=words["accessibility"]).click()
    page.get_by_role("heading", name=words["statement"]).wait_for()


def account_sign_up(page, base_url, words):
    page.goto(base_url + "/citizen/account/new")


def account_sign_in_link(page, base_url, words):
    page.goto(base_url + "/citizen/account/link")


PAGES = [
    home,
    search_results,
    article,
    report_start,
    report_start_with_errors,
    report_answers,
    report_form,
    report_form_with_errors,
    report_nearby,
    tracking,
    tracking_stop,
    tracking_not_found,
    unsubscribe_not_found,
    accessibility_statement,
    account_sign_up,
    account_sign_in_link,
]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"  - {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("open_page", PAGES, ids=[view.__name__ for view in PAGES])
def test_citizen_page_has_no_axe_violations_and_reflows_at_400_percent_zoom(
    axe_page, demo_server, open_page, words
):
    open_page(axe_page, demo_server, words)
    assert axe_page.locator("html").get_attribute("lang") == words["lang"]
    violations = axe_violations(axe_page)
    assert not violations, f"{axe_page.url}\n{describe(violations)}"

    axe_page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    overflow = axe_page.evaluate(
        """(width) => [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > width + 1
                          && getComputedStyle(el).visibility !== "hidden"
                          && !el.closest(".visually-hidden, .hp, .skip, .leaflet-container"))
          .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                       + (el.className && typeof el.className === "string"
                          ? "." + el.className.trim().split(/\\s+/).join(".") : ""))""",
        REFLOW_WIDTH,
    )
    scroll_width = axe_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= REFLOW_WIDTH and not overflow, (
        f"{axe_page.url} scrolls sideways at {REFLOW_WIDTH}px ({scroll_width}px): {overflow[:10]}"
    )
    violations = axe_violations(axe_page)
    assert not violations, f"{axe_page.url} at {REFLOW_WIDTH}px\n{describe(violations)}"


# --- the keyboard alone --------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.labels && el.labels.length ? el.labels[0].innerText
    : el.getAttribute("aria-label") || el.innerText || el.value || "";
  return {tag: el.tagName.toLowerCase(), id: el.id, type: el.type || "",
          name: label.replace(/\\s+/g, " ").trim(), checked: !!el.checked};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def _named(name, now: dict) -> bool:
    return bool(name.search(now["name"])) if isinstance(name, re.Pattern) else now["name"] == name


def tab_to(page, wanted, *, key="Tab", limit=60) -> dict:
    """Press *key* until the focused element is *wanted*: its name (a string or a pattern), or
    a test of the element's description from ``focused``."""
    matches = wanted if callable(wanted) else partial(_named, wanted)
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if matches(now):
            return now
        stops.append(now["name"] or f"<{now['tag']}#{now['id']}>")
    raise AssertionError(f"{key} never reached {wanted!r}; it went through {stops}")


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    resident_page, demo_server, words
):
    page = resident_page
    page.goto(demo_server + "/citizen/")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == words["skip"]
    assert page.locator(".skip").evaluate("el => el.getBoundingClientRect().left >= 0")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")  # the next stop is the first one in the page's content
    assert focused(page)["id"] == "home-q"


def test_a_report_made_with_the_keyboard_alone(resident_page, demo_server, words):
    page = resident_page
    page.goto(demo_server + "/citizen/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip the header
    tab_to(page, words["search"])
    tab_to(page, words["report a problem"])
    page.keyboard.press("Shift+Tab")
    assert focused(page)["name"] == words["search"]  # the focus order runs both ways
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/citizen/report$"))

    # Tab enters the radio group on its first radio; the arrow keys choose within it.
    choice = tab_to(page, lambda now: now["tag"] == "input")
    assert choice["type"] == "radio"
    for _ in range(40):
        if choice["name"] == words["streetlights"]:
            break
        page.keyboard.press("ArrowDown")
        choice = focused(page)
    assert choice["name"] == words["streetlights"] and choice["checked"]
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "what"
    page.keyboard.type(words["lamp"])
    tab_to(page, words["continue"])  # past the suggested answers, when they show
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r".*/citizen/report/answers\?.*"))  # articles match
    tab_to(page, words["none helps"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/citizen/report/new\?.*"))
    page.wait_for_selector("#report-map.leaflet-container")

    # A failed submit: the error summary takes the focus, and its link leads to the field.
    tab_to(page, words["subject"])
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    tab_to(page, words["send"])
    page.wait_for_timeout(1100)  # the form refuses answers faster than a person types
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert page.title().startswith(words["error title"])
    assert focused(page)["id"] == "problem"
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "a"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "subject"
    page.keyboard.type(words["lamp"].capitalize())

    tab_to(page, words["address"])
    page.keyboard.type("Elm Street by the school")
    tab_to(page, words["map"])
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # move away from the spot other tests pin
    page.keyboard.press("Enter")  # the pin goes to the map's centre
    assert page.locator("#lat").input_value() and page.locator("#lon").input_value()
    assert words["pinned"] in page.locator("#location-status").inner_text()
    tab_to(page, words["email"])
    page.keyboard.type("keyboard@example.net")
    tab_to(page, words["send"])
    page.wait_for_timeout(1100)
    with page.expect_navigation():  # the tracking page, or first the open reports nearby
        page.keyboard.press("Enter")
    if page.get_by_role("heading", name=words["nearby"]).count():
        tab_to(page, words["different"])
        page.wait_for_timeout(1100)
        page.keyboard.press("Enter")
    page.wait_for_url(TRACKING)
    assert page.get_by_role("heading", name=words["lamp"].capitalize()).is_visible()
    assert re.search(words["reference"], page.content())
