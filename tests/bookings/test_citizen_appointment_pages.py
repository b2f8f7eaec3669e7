"""Residents book a counter appointment over HTTP and manage it through its private link."""

import re
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import select

from servicedesk.bookings.models import Reservation, ReservationStatus
from servicedesk.extensions import db
from servicedesk.notifications.models import OutboxMessage


def first_slot(client, service) -> str:
    page = client.get(f"/citizen/appointments/{service.id}").get_data(as_text=True)
    return re.search(r'name="slot" value="([^"]+)"', page).group(1)


def book(client, service, slot=None, **more):
    data = {
        "slot": slot or first_slot(client, service),
        "name": "Ana Díaz",
        "email": "ana@example.net",
        "website": "",
    } | more
    return client.post(f"/citizen/appointments/{service.id}", data=data)


def test_the_list_names_each_service(client, permits):
    html = client.get("/citizen/appointments/").get_data(as_text=True)
    assert "Permits" in html and "Each appointment lasts 15 minutes." in html


def test_book_a_slot_and_land_on_the_private_page(client, permits):
    response = book(client, permits)
    assert response.status_code == 302
    manage = response.headers["Location"]
    assert "/citizen/appointments/manage/" in manage
    html = client.get(manage).get_data(as_text=True)
    assert "Your appointment" in html and "Ana Díaz" in html
    reservation = db.session.scalar(select(Reservation))
    assert reservation.contact_email == "ana@example.net"
    mail = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "ana@example.net")
    )
    assert manage.split("/manage/")[1] in str(mail.payload["notice"]["actions"])


def test_the_private_link_opens_only_its_own_appointment(client, permits):
    first = book(client, permits).headers["Location"]
    second = book(client, permits, email="zed@example.net", name="Zed Quill").headers["Location"]
    assert "Zed Quill" not in client.get(first).get_data(as_text=True)
    assert "Ana Díaz" not in client.get(second).get_data(as_text=True)
    token = first.split("/manage/")[1]
    for wrong in (token[:-1], token + "A", "x" * 101, "nothing"):
        assert client.get(f"/citizen/appointments/manage/{wrong}").status_code == 404


def test_a_full_slot_answers_409_with_the_next_free_times(client, permits):
    slot = first_slot(client, permits)
    book(client, permits, slot)
    book(client, permits, slot, email="bo@example.net")
    response = book(client, permits, slot, email="cy@example.net")
    assert response.status_code == 409
    assert "That time was just taken. Next free:" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter your name."),
        ({"email": "not-an-address"}, "Enter an email address like name@example.com."),
        ({"slot": "tomorrow-ish"}, "Choose one of the times offered."),
        ({"slot": "2020-01-07T14:00:00+00:00"}, "That time has already passed."),
    ],
)
def test_bad_input_is_named_beside_its_field(client, permits, data, message):
    response = book(client, permits, **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Reservation.id))) == 0


def test_a_filled_honeypot_books_nothing(client, permits):
    assert book(client, permits, website="http://spam.example").status_code == 400
    assert db.session.scalar(select(db.func.count(Reservation.id))) == 0


def test_cancel_through_the_link(client, permits):
    manage = book(client, permits).headers["Location"]
    token = manage.split("/manage/")[1]
    client.post(f"/citizen/appointments/manage/{token}/cancel")
    assert db.session.scalar(select(Reservation.status)) == ReservationStatus.CANCELLED
    html = client.get(manage).get_data(as_text=True)
    assert "Cancelled" in html and "Cancel my appointment" not in html


def test_the_ics_of_an_appointment_parses(client, permits):
    token = book(client, permits).headers["Location"].split("/manage/")[1]
    response = client.get(f"/citizen/appointments/manage/{token}/appointment.ics")
    event = icalendar.Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").astimezone(UTC) == db.session.scalar(
        select(Reservation.starts_at)
    )


def test_spanish_pages_and_email(client, permits):
    client.post("/language", data={"language": "es"})
    html = client.get(f"/citizen/appointments/{permits.id}").get_data(as_text=True)
    assert "Permisos" in html and "Elija una hora" in html
    book(client, permits)
    mail = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "ana@example.net")
    )
    assert mail.payload["subject"].startswith("[BK-000001] Reservado: Permisos")
    assert mail.payload["language"] == "es"


def test_an_unknown_or_inactive_service_is_a_404(client, permits):
    assert client.get("/citizen/appointments/999").status_code == 404
    permits.is_active = False
    db.session.commit()
    assert client.get(f"/citizen/appointments/{permits.id}").status_code == 404


def test_writes_are_rate_limited(app, client, permits):
    app.config["PUBLIC_WRITE_LIMIT"] = "2 per minute"
    codes = [book(client, permits, slot="x").status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def test_slots_respect_the_minimum_notice(client, permits):
    html = client.get(f"/citizen/appointments/{permits.id}").get_data(as_text=True)
    offered = [datetime.fromisoformat(v) for v in re.findall(r'name="slot" value="([^"]+)"', html)]
    assert offered and min(offered) >= datetime.now(UTC) + timedelta(minutes=59)
