"""A resident reports a problem in a real browser, in English and in Spanish: with JavaScript
off (plain forms), with the map (a click or the keyboard sets the point), and "me too" on a
report nearby.

The browser asks for its language (Accept-Language) as a resident's does; the pages answer in
it (``languages.py``: the words the tests look for, the demo city's topic names in each
language, and the fixtures).
"""

import re

import pytest

from .languages import WORDS, browser_page

pytestmark = pytest.mark.e2e

TRACKING = re.compile(r".*/citizen/track/.+")


def start_report(page, base_url, what, words=WORDS["en"]):
    page.goto(base_url + "/citizen/")
    assert page.locator("html").get_attribute("lang") == words["lang"]
    page.get_by_role("link", name=words["report a problem"]).first.click()
    page.get_by_label(words["streetlights"], exact=True).check()
    page.get_by_label(words["what"]).fill(what)
    page.get_by_role("button", name=words["continue"]).click()
    none_helps = page.get_by_role("link", name=words["none helps"])
    if none_helps.count():
        none_helps.click()
    page.wait_for_url(re.compile(r".*/citizen/report/new\?.*"))


def send(page, words=WORDS["en"]):
    page.wait_for_timeout(1100)  # the form refuses answers faster than a person types
    page.get_by_role("button", name=words["send"]).click()


def test_a_report_without_javascript_lands_on_its_tracking_page(
    browser, demo_server, language, words
):
    page = browser_page(browser, language, java_script_enabled=False)
    start_report(page, demo_server, "lamp post dark zzq", words)
    assert page.locator("#report-map.leaflet-container").count() == 0  # no map without JS
    page.get_by_label(words["address"]).fill("14 Elm Street")
    page.get_by_label(words["email"]).fill("nojs@example.net")
    send(page, words)
    page.wait_for_url(TRACKING)
    assert page.get_by_text(words["filed"]).is_visible()
    assert re.search(words["reference"], page.content())
    page.context.close()


def test_search_then_an_article_that_did_not_help_then_a_report_with_an_address(
    resident_page, demo_server, words
):
    page = resident_page
    page.goto(demo_server + "/citizen/")
    page.get_by_role("search", name=words["search box"]).get_by_role("searchbox").fill(
        words["search words"]
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/citizen/kb\?.*"))
    page.locator(".kb-results h2 a").first.click()
    page.wait_for_url(re.compile(r".*/citizen/kb/[^?]+$"))
    page.get_by_role("link", name=words["not helped"]).click()
    page.wait_for_url(re.compile(r".*/citizen/report.*"))
    if not page.locator("input[name=topic]:checked").count():  # the article's own topic, if any
        page.get_by_label(words["streetlights"], exact=True).check()
    page.get_by_label(words["what"]).fill("deep hole after the rain zzq")
    page.get_by_role("button", name=words["continue"]).click()
    none_helps = page.get_by_role("link", name=words["none helps"])
    if none_helps.count():
        none_helps.click()
    page.wait_for_url(re.compile(r".*/citizen/report/new\?.*"))
    page.get_by_label(words["address"]).fill("220 Harbor Road")
    send(page, words)
    page.wait_for_url(TRACKING)
    assert page.get_by_text(words["filed"]).is_visible()


def test_the_map_sets_the_point_by_click_and_by_keyboard(resident_page, demo_server, words):
    page = resident_page
    start_report(page, demo_server, "streetlight flickering zzq", words)
    page.wait_for_selector("#report-map.leaflet-container")
    assert re.search(words["map"], page.locator("#report-map").get_attribute("aria-label"))
    page.locator("#report-map").click(position={"x": 120, "y": 90})
    first = page.locator("#lat").input_value(), page.locator("#lon").input_value()
    assert all(re.fullmatch(r"-?\d+\.\d{1,6}", value) for value in first)
    assert words["pinned"] in page.locator("#location-status").inner_text()
    page.locator("#report-map").focus()
    page.keyboard.press("Enter")  # drops the pin at the map's centre
    second = page.locator("#lat").input_value(), page.locator("#lon").input_value()
    assert second != first and all(second)


def test_me_too_on_a_report_nearby(resident_page, demo_server, language, words):
    page = resident_page
    # The same pixel of the same map view is the same point; each language its own spot.
    spot = {"x": 200, "y": 120} if language == "en" else {"x": 240, "y": 150}
    start_report(page, demo_server, "dark lamp by the pier zzq", words)
    page.wait_for_selector("#report-map.leaflet-container")
    page.locator("#report-map").click(position=spot)
    page.get_by_label(words["address"]).fill("Pier 4")
    send(page, words)
    page.wait_for_url(TRACKING)

    start_report(page, demo_server, "lamp out at the pier zzq", words)
    page.wait_for_selector("#report-map.leaflet-container")
    page.locator("#report-map").click(position=spot)
    send(page, words)
    assert page.get_by_role("heading", name=words["nearby"]).is_visible()
    page.get_by_label(words["me too email"]).first.fill("neighbour@example.net")
    page.get_by_role("button", name=words["me too"]).first.click()
    page.wait_for_url(TRACKING)
    assert page.get_by_text(words["following"]).is_visible()


def test_answers_are_suggested_while_the_problem_is_typed(resident_page, demo_server, words):
    page = resident_page
    page.goto(demo_server + "/citizen/report")
    page.get_by_label(words["what"]).press_sequentially(words["search words"], delay=30)
    suggestions = page.locator(".suggestions a")
    suggestions.first.wait_for()
    assert suggestions.count() >= 1
