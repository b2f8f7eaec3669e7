"""An agent signs in and takes a demo ticket from new to closed in a real browser."""

import re

import pytest

pytestmark = pytest.mark.e2e


def sign_in(page, base_url, email, password="demo"):
    page.goto(base_url + "/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_agent_takes_a_new_ticket_to_closed(page, demo_server):
    sign_in(page, demo_server, "agent@example.org")
    page.wait_for_url(re.compile(r".*/agent/$"))
    page.goto(demo_server + "/agent/?view=all_open&status=new")
    first = page.locator("table.queue tbody tr a").first
    reference = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r".*/agent/tickets/\d+$"))
    assert page.locator("#ticket-status").inner_text() == "New"

    page.get_by_role("button", name="Take it").click()
    assert (
        page.locator("#ticket-assignee").inner_text() == "Alex Agent"
        or page.locator("#ticket-assignee").inner_text() != "Unassigned"
    )

    page.get_by_label("Message").fill("Thanks for the report, a crew is scheduled.")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Reply sent.").is_visible()

    for status in ("In progress", "Resolved", "Closed"):
        page.get_by_label("Status").select_option(label=status)
        page.get_by_role("button", name="Set status").click()
        assert page.locator("#ticket-status").inner_text() == status

    page.goto(demo_server + f"/agent/?view=all&q={reference}")
    assert page.locator("table.queue tbody tr").first.get_by_text("Closed").is_visible()


def test_wrong_password_shows_an_error(page, demo_server):
    sign_in(page, demo_server, "agent@example.org", password="not-it")
    assert page.get_by_text("The email or password is not right.").is_visible()
