"""Bookings in a real browser: an employee books a room, sees it, cancels it; the residents'
appointment pages pass axe-core (WCAG 2.1 AA) and reflow at 320 px; a resident books by keyboard."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from .test_agent_flow import sign_in
from .test_citizen_accessibility import REFLOW_WIDTH, axe_page, axe_violations, describe

pytestmark = pytest.mark.e2e
__all__ = ["axe_page"]  # the fixture, used by the accessibility test below


def open_day(days_ahead: int = 10):
    """A day the demo's City Hall is open: a weekday that is no New York holiday."""
    closed = holidays.country_holidays("US", subdiv="NY")
    day = datetime.now(ZoneInfo("America/New_York")).date() + timedelta(days=days_ahead)
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def test_employee_books_a_room_sees_it_and_cancels_it(page, demo_server):
    sign_in(page, demo_server, "employee@example.org")
    page.goto(demo_server + "/employee/bookings/")
    page.get_by_label("What").select_option("room")
    day = open_day()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("From").fill("13:00")
    page.get_by_label("Until").fill("14:00")
    page.get_by_label("People").fill("3")
    page.get_by_role("button", name="Find free ones").click()
    book = page.get_by_role("button", name=re.compile(r"^Book ")).first
    room = book.inner_text().removeprefix("Book ")
    book.click()
    page.wait_for_url(re.compile(r".*/employee/bookings/\d+$"))
    assert page.get_by_text(f"{room} booked:").is_visible()

    page.get_by_role("link", name="My bookings").click()
    when = f"{day:%Y-%m-%d} 13:00"
    row = page.locator("table").first.locator("tr", has_text=when)
    assert row.get_by_text(room).is_visible() and row.get_by_text("Confirmed").is_visible()
    row.get_by_role("link").first.click()
    page.get_by_role("button", name="Cancel this booking").click()
    assert page.get_by_text(f"Booking of {room} cancelled.").is_visible()
    assert page.locator("table").first.locator("tr", has_text=when).count() == 0


# The appointment pages' words in each language (the demo's service names are data).
APPOINTMENT_WORDS = {
    "en": {"permits": "Permits", "book": "Book this appointment", "name": "Your name",
           "email": "Your email"},
    "es": {"permits": "Permisos", "book": "Reservar esta cita", "name": "Su nombre",
           "email": "Su correo electrónico"},
}  # fmt: skip


def _words(page) -> dict:
    return APPOINTMENT_WORDS[page.evaluate("navigator.language").split("-")[0]]


def _services(page, base_url):
    page.goto(base_url + "/citizen/appointments/")


def _slots(page, base_url):
    _services(page, base_url)
    page.get_by_role("link", name=_words(page)["permits"]).click()


def _slots_with_errors(page, base_url):
    _slots(page, base_url)
    page.get_by_role("button", name=_words(page)["book"]).click()


def _manage(page, base_url):
    _slots(page, base_url)
    words = _words(page)
    page.locator("input[name=slot]").first.check()
    page.get_by_label(words["name"]).fill("Ana Díaz")
    page.get_by_label(words["email"]).fill("ana@example.net")
    page.get_by_role("button", name=words["book"]).click()
    page.wait_for_url(re.compile(r".*/citizen/appointments/manage/.+"))


PAGES = [_services, _slots, _slots_with_errors, _manage]


@pytest.mark.parametrize("open_page", PAGES, ids=[view.__name__[1:] for view in PAGES])
def test_appointment_pages_pass_axe_and_reflow(axe_page, demo_server, open_page):
    open_page(axe_page, demo_server)
    violations = axe_violations(axe_page)
    assert not violations, f"{axe_page.url}\n{describe(violations)}"
    axe_page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    width = axe_page.evaluate("document.documentElement.scrollWidth")
    assert width <= REFLOW_WIDTH, f"{axe_page.url} scrolls sideways at {REFLOW_WIDTH}px"
    violations = axe_violations(axe_page)
    assert not violations, f"{axe_page.url} at {REFLOW_WIDTH}px\n{describe(violations)}"


def test_a_resident_books_and_cancels_with_the_keyboard_alone(page, demo_server):
    page.goto(demo_server + "/citizen/appointments/")
    page.get_by_role("link", name="Registrations").focus()
    page.keyboard.press("Enter")
    page.locator("input[name=slot]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # "Later times"
    page.keyboard.press("Tab")
    page.keyboard.type("Omar Haddad")
    page.keyboard.press("Tab")
    page.keyboard.type("omar@example.net")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/citizen/appointments/manage/.+"))
    page.get_by_text("Your appointment is booked.").wait_for()
    page.get_by_role("button", name="Cancel my appointment").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Your appointment is cancelled.").wait_for()
