"""A resident reports a problem in a real browser: with JavaScript off (plain forms), with the
map (a click or the keyboard sets the point), and "me too" on a report nearby."""

import re

import pytest

pytestmark = pytest.mark.e2e

TOPIC = "Streets › Streetlights"
TRACKING = re.compile(r".*/citizen/track/.+")


def start_report(page, base_url, what):
    page.goto(base_url + "/citizen/")
    page.get_by_role("link", name="Report a problem").first.click()
    page.get_by_label(TOPIC, exact=True).check()
    page.get_by_label("In a few words, what is the problem?").fill(what)
    page.get_by_role("button", name="Continue").click()
    none_helps = page.get_by_role("link", name="None of these helps: report the problem")
    if none_helps.count():
        none_helps.click()
    page.wait_for_url(re.compile(r".*/citizen/report/new\?.*"))


def send(page):
    page.wait_for_timeout(1100)  # the form refuses answers faster than a person types
    page.get_by_role("button", name=re.compile("send my report", re.I)).click()


def test_a_report_without_javascript_lands_on_its_tracking_page(browser, demo_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    start_report(page, demo_server, "lamp post dark zzq")
    assert page.locator("#report-map.leaflet-container").count() == 0  # no map without JS
    page.get_by_label("Address or place").fill("14 Elm Street")
    page.get_by_label("Email (optional)").fill("nojs@example.net")
    send(page)
    page.wait_for_url(TRACKING)
    assert page.get_by_text("private tracking link").is_visible()
    assert re.search(r"Request SD-\d{6}", page.content())
    context.close()


def test_the_map_sets_the_point_by_click_and_by_keyboard(page, demo_server):
    start_report(page, demo_server, "streetlight flickering zzq")
    page.wait_for_selector("#report-map.leaflet-container")
    page.locator("#report-map").click(position={"x": 120, "y": 90})
    first = page.locator("#lat").input_value(), page.locator("#lon").input_value()
    assert all(re.fullmatch(r"-?\d+\.\d{1,6}", value) for value in first)
    page.locator("#report-map").focus()
    page.keyboard.press("Enter")  # drops the pin at the map's centre
    second = page.locator("#lat").input_value(), page.locator("#lon").input_value()
    assert second != first and all(second)


def test_me_too_on_a_report_nearby(page, demo_server):
    spot = {"x": 200, "y": 120}  # the same pixel of the same map view: the same point
    start_report(page, demo_server, "dark lamp by the pier zzq")
    page.wait_for_selector("#report-map.leaflet-container")
    page.locator("#report-map").click(position=spot)
    page.get_by_label("Address or place").fill("Pier 4")
    send(page)
    page.wait_for_url(TRACKING)

    start_report(page, demo_server, "lamp out at the pier zzq")
    page.wait_for_selector("#report-map.leaflet-container")
    page.locator("#report-map").click(position=spot)
    send(page)
    assert page.get_by_role("heading", name=re.compile("Open reports nearby")).is_visible()
    page.get_by_label("Your email, to hear when it is fixed (optional)").first.fill(
        "neighbour@example.net"
    )
    page.get_by_role("button", name=re.compile("Me too")).first.click()
    page.wait_for_url(TRACKING)
    assert page.get_by_text("you now follow report").is_visible()


def test_answers_are_suggested_while_the_problem_is_typed(page, demo_server):
    page.goto(demo_server + "/citizen/report")
    page.get_by_label("In a few words, what is the problem?").press_sequentially(
        "streetlight", delay=30
    )
    suggestions = page.locator(".suggestions a")
    suggestions.first.wait_for()
    assert suggestions.count() >= 1
