"""Employees' booking pages over HTTP: find, book, conflicts, bad input, change, cancel, iCal."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import select

from servicedesk.bookings.models import Reservation, ReservationStatus
from servicedesk.extensions import db

NY = ZoneInfo("America/New_York")


def next_weekday(days_ahead: int = 1) -> date:
    """A working day at least *days_ahead* days from today (no US holiday near the tests)."""
    day = datetime.now(NY).date() + timedelta(days=days_ahead)
    while day.weekday() >= 5 or (day.month, day.day) in {(12, 25), (1, 1), (7, 4), (11, 26)}:
        day += timedelta(days=1)
    return day


def form(resource, day, start="10:00", end="11:00", **more):
    return {
        "resource_id": str(resource.id),
        "day": day.isoformat(),
        "start": start,
        "end": end,
        "attendees": "4",
        "purpose": "Planning",
    } | more


@pytest.fixture
def signed_in(login_as, employee):
    return login_as(employee)


def test_find_lists_the_free_room_with_a_book_button(signed_in, room, make_resource):
    make_resource(name="Tiny room", capacity=2)
    day = next_weekday()
    page = signed_in.get(
        f"/employee/bookings/find?kind=room&day={day}&start=10:00&end=11:00&capacity=6"
        "&features=projector"
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Book Room A1" in html and "Tiny room" not in html


def test_book_then_see_it_in_my_bookings_then_cancel(signed_in, room):
    day = next_weekday()
    response = signed_in.post("/employee/bookings/new", data=form(room, day))
    assert response.status_code == 302
    reservation = db.session.scalar(select(Reservation))
    assert reservation.starts_at == datetime.combine(day, time(10), NY).astimezone(UTC)
    home = signed_in.get("/employee/bookings/").get_data(as_text=True)
    assert "Room A1: Planning" in home
    signed_in.post(f"/employee/bookings/{reservation.id}/cancel")
    db.session.refresh(reservation)
    assert reservation.status == ReservationStatus.CANCELLED


def test_a_taken_time_answers_409_naming_the_next_free_times(signed_in, room, make_user, login_as):
    day = next_weekday()
    signed_in.post("/employee/bookings/new", data=form(room, day))
    other = login_as(make_user("employee"))
    response = other.post("/employee/bookings/new", data=form(room, day, "10:30", "11:30"))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Room A1 is already booked at that time. Next free:" in html
    assert f"Book {day:%a %Y-%m-%d} 11:00–12:00" in html
    assert db.session.scalar(select(db.func.count(Reservation.id))) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": "11:00", "end": "10:00"}, "The end is before the start."),
        ({"start": "10:00", "end": "10:00"}, "The end must be later than the start."),
        ({"day": "2020-01-07"}, "That time has already passed."),
        ({"day": "2099-01-07"}, "Bookings open at most 60 days ahead."),
        ({"attendees": "40"}, "Room A1 holds at most 8 people."),
        ({"start": "06:00", "end": "07:00"}, "Outside opening hours"),
        ({"end": "16:00"}, "A booking may last at most 240 minutes."),
        ({"day": "not a day"}, "Not a valid date value."),
        ({"weeks": "99"}, "From 1 to 26 weeks."),
    ],
)
def test_bad_input_gets_a_clear_message_never_a_500(signed_in, room, changes, message):
    response = signed_in.post("/employee/bookings/new", data=form(room, next_weekday()) | changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Reservation.id))) == 0


def test_an_unknown_resource_is_a_404_with_words(signed_in, room):
    response = signed_in.post(
        "/employee/bookings/new", data=form(room, next_weekday()) | {"resource_id": "999"}
    )
    assert response.status_code == 404
    assert "There is no such resource." in response.get_data(as_text=True)
    assert signed_in.post("/employee/bookings/new", data={"resource_id": "x"}).status_code == 404


def test_a_weekly_series_flashes_the_weeks_it_could_not_book(
    signed_in, room, make_user, login_as, employee
):
    day = next_weekday(3)
    taken = day + timedelta(days=7)
    login_as(make_user("employee")).post("/employee/bookings/new", data=form(room, taken))
    login_as(employee)
    response = signed_in.post(
        "/employee/bookings/new", data=form(room, day, weeks="3"), follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert f"Not booked: {taken}: Room A1 is already booked at that time." in html
    mine = db.session.scalars(select(Reservation).where(Reservation.requester_id == employee.id))
    assert len(mine.all()) == 2


def test_someone_elses_booking_is_forbidden(signed_in, room, make_user, login_as):
    day = next_weekday()
    signed_in.post("/employee/bookings/new", data=form(room, day))
    reservation = db.session.scalar(select(Reservation))
    other = login_as(make_user("employee"))
    assert other.get(f"/employee/bookings/{reservation.id}").status_code == 403
    assert other.post(f"/employee/bookings/{reservation.id}/cancel").status_code == 403
    assert other.get(f"/employee/bookings/{reservation.id}.ics").status_code == 403


def test_change_moves_the_booking(signed_in, room):
    day = next_weekday()
    signed_in.post("/employee/bookings/new", data=form(room, day))
    reservation = db.session.scalar(select(Reservation))
    response = signed_in.post(
        f"/employee/bookings/{reservation.id}/change",
        data={"day": day.isoformat(), "start": "14:00", "end": "15:30", "attendees": "5"},
    )
    assert response.status_code == 302
    db.session.refresh(reservation)
    assert reservation.ends_at - reservation.starts_at == timedelta(minutes=90)
    assert reservation.attendees == 5


def test_ics_file_parses_with_its_timezone(signed_in, room):
    day = next_weekday()
    signed_in.post("/employee/bookings/new", data=form(room, day))
    reservation = db.session.scalar(select(Reservation))
    response = signed_in.get(f"/employee/bookings/{reservation.id}.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/New_York"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART") == datetime.combine(day, time(10), NY)
    assert event.decoded("DTSTART").astimezone(UTC) == reservation.starts_at
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["UID"]) == f"booking-{reservation.id}@desk.test"  # stable across refreshes
    assert "Room A1" in str(event["LOCATION"]) or "City Hall" in str(event["LOCATION"])


def test_private_feed_lists_my_bookings_and_a_new_link_revokes_the_old(signed_in, room, client):
    day = next_weekday()
    signed_in.post("/employee/bookings/new", data=form(room, day))
    signed_in.post("/employee/bookings/feed/renew")
    html = signed_in.get("/employee/bookings/").get_data(as_text=True)
    old_url = html.split('id="feed-url" readonly value="')[1].split('"')[0]
    path = old_url.split("desk.test", 1)[1]
    signed_in.post("/auth/logout")
    feed = client.get(path)
    assert feed.status_code == 200
    assert len(icalendar.Calendar.from_ical(feed.data).walk("VEVENT")) == 1
    assert client.get(path.replace(".ics", "x.ics")).status_code == 404


def test_residents_cannot_reach_employee_bookings(login_as, make_user, room):
    resident = login_as(make_user("resident"))
    assert resident.get("/employee/bookings/").status_code == 403


def test_a_resources_day_and_week_show_what_is_booked(signed_in, room, vehicle):
    day = next_weekday()
    signed_in.post("/employee/bookings/new", data=form(room, day))
    html = signed_in.get(f"/employee/bookings/resources/{room.id}?day={day}").get_data(as_text=True)
    day_part = html.split('id="day-view"')[1].split('id="week"')[0]
    assert '<th scope="row">10:00–10:30</th><td>Booked</td>' in day_part
    assert '<th scope="row">11:00–11:30</th><td><span class="empty">Free</span>' in day_part
    assert "08:00–17:00" in html.split('id="week"')[1]  # the week's opening hours
    vehicle_page = signed_in.get(f"/employee/bookings/resources/{vehicle.id}?day={day}")
    assert "Around the clock" in vehicle_page.get_data(as_text=True)
