"""The booking service on both databases: rules, conflicts, series, approval, appointments."""

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from servicedesk.audit import AuditEntry
from servicedesk.bookings import links, notify, schedule
from servicedesk.bookings import service as bookings
from servicedesk.bookings.models import Reservation, ReservationStatus, ResourceKind
from servicedesk.errors import InvalidTransition, PermissionDenied, ValidationError
from servicedesk.extensions import db
from servicedesk.notifications.models import OutboxMessage, Webhook

from .conftest import NOW, ny


def book(resource, start, end, actor, **more):
    return bookings.book_resource(resource, start, end, actor=actor, now=NOW, **more)


def test_a_free_room_is_confirmed_audited_and_mailed(room, employee):
    reservation = book(room, ny(18, 10), ny(18, 11), employee, purpose="Budget", attendees=6)
    db.session.commit()
    assert reservation.status == ReservationStatus.CONFIRMED
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.object_type == "reservation"))
    assert entry.action == "reservation.created" and entry.actor_id == employee.id
    (mail,) = db.session.scalars(select(OutboxMessage)).all()
    assert mail.recipient == employee.email
    assert "Booked: Room A1" in mail.payload["subject"]


def test_an_overlap_is_a_conflict_naming_the_next_free_times(room, employee, make_user):
    book(room, ny(18, 10), ny(18, 11), employee)
    with pytest.raises(bookings.SlotTaken) as caught:
        book(room, ny(18, 10, 30), ny(18, 11, 30), make_user("employee"))
    assert caught.value.next_free[0] == (ny(18, 11), ny(18, 12))
    assert "Next free: 2026-11-18 11:00 EST" in caught.value.message
    assert db.session.scalar(select(db.func.count(Reservation.id))) == 1


def test_back_to_back_bookings_both_stand(room, employee):
    book(room, ny(18, 10), ny(18, 11), employee)
    book(room, ny(18, 11), ny(18, 12), employee)
    assert db.session.scalar(select(db.func.count(Reservation.id))) == 2


def test_a_cancelled_booking_frees_its_time(room, employee):
    first = book(room, ny(18, 10), ny(18, 11), employee)
    bookings.cancel_reservation(first, actor=employee, now=NOW)
    assert book(room, ny(18, 10), ny(18, 11), employee).status == ReservationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (ny(18, 11), ny(18, 10), "end", "before the start"),
        (ny(18, 10), ny(18, 10), "end", "later than the start"),
        (ny(16, 10), ny(16, 11), "start", "already passed"),
        (ny(18, 9), ny(18, 14), "end", "at most 240 minutes"),
        (
            ny(20, 10, month=1) + timedelta(days=365),
            ny(20, 11, month=1) + timedelta(days=365),
            "start",
            "at most 60 days ahead",
        ),
        (ny(18, 6), ny(18, 7), "start", "Outside opening hours"),
        (ny(26, 10), ny(26, 11), "start", "Thanksgiving"),
    ],
)
def test_bad_times_are_refused_with_a_message(room, employee, start, end, field, words):
    with pytest.raises(ValidationError) as caught:
        book(room, start, end, employee)
    assert words in caught.value.fields[field]


def test_more_attendees_than_the_room_holds_is_refused(room, employee):
    with pytest.raises(ValidationError) as caught:
        book(room, ny(18, 10), ny(18, 11), employee, attendees=9)
    assert caught.value.fields["attendees"] == "Room A1 holds at most 8 people."


def test_a_resident_account_cannot_book_a_room(room, make_user):
    with pytest.raises(PermissionDenied):
        book(room, ny(18, 10), ny(18, 11), make_user("resident"))


def test_a_weekly_series_reports_which_weeks_conflict(room, employee, make_user):
    other = make_user("employee")
    book(room, ny(1, 10, month=12), ny(1, 11, month=12), other)  # the second Tuesday is taken
    result = bookings.book_series(room, ny(24, 10), ny(24, 11), 4, actor=employee, now=NOW)
    assert [r.starts_at for r in result.booked] == [
        ny(24, 10),
        ny(8, 10, month=12),
        ny(15, 10, month=12),
    ]
    ((refused, reason),) = result.refused
    assert refused == (ny(1, 10, month=12), ny(1, 11, month=12))
    assert "already booked" in reason
    assert len({r.series_id for r in result.booked}) == 1


def test_a_series_in_which_no_week_fits_books_nothing(room, employee):
    with pytest.raises(ValidationError, match="No week could be booked"):
        bookings.book_series(room, ny(18, 18), ny(18, 19), 3, actor=employee, now=NOW)
    assert db.session.scalar(select(db.func.count(Reservation.id))) == 0


def test_a_vehicle_waits_for_approval_by_facilities_staff(vehicle, employee, facilities_agent):
    reservation = book(vehicle, ny(18, 8), ny(18, 18), employee)
    assert reservation.status == ReservationStatus.PENDING
    with pytest.raises(PermissionDenied):
        bookings.approve_reservation(reservation, actor=employee, now=NOW)
    bookings.approve_reservation(reservation, actor=facilities_agent, comment="Keys at desk 3")
    assert reservation.status == ReservationStatus.CONFIRMED
    assert reservation.decided_by == facilities_agent
    with pytest.raises(InvalidTransition):
        bookings.reject_reservation(reservation, actor=facilities_agent, comment="no")
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["reservation.created", "reservation.confirmed"]


def test_a_pending_vehicle_already_holds_its_time(vehicle, employee, make_user):
    book(vehicle, ny(18, 8), ny(18, 18), employee)
    with pytest.raises(bookings.SlotTaken):
        book(vehicle, ny(18, 12), ny(18, 13), make_user("employee"))


def test_a_rejection_needs_a_reason_and_frees_the_time(vehicle, employee, facilities_agent):
    reservation = book(vehicle, ny(18, 8), ny(18, 18), employee)
    with pytest.raises(ValidationError):
        bookings.reject_reservation(reservation, actor=facilities_agent, comment=" ")
    bookings.reject_reservation(reservation, actor=facilities_agent, comment="Van in service")
    assert reservation.status == ReservationStatus.REJECTED
    assert book(vehicle, ny(18, 8), ny(18, 18), employee).status == ReservationStatus.PENDING


def test_changing_a_booking_checks_the_new_time_but_not_against_itself(room, employee):
    reservation = book(room, ny(18, 10), ny(18, 11), employee)
    book(room, ny(18, 13), ny(18, 14), employee)
    bookings.change_reservation(
        reservation, ny(18, 10, 30), ny(18, 11, 30), actor=employee, now=NOW
    )
    assert reservation.starts_at == ny(18, 10, 30)
    with pytest.raises(bookings.SlotTaken):
        bookings.change_reservation(
            reservation, ny(18, 12, 30), ny(18, 13, 30), actor=employee, now=NOW
        )
    db.session.refresh(reservation)
    assert reservation.starts_at == ny(18, 10, 30)


def test_someone_else_cannot_cancel_my_booking(room, employee, make_user):
    reservation = book(room, ny(18, 10), ny(18, 11), employee)
    with pytest.raises(PermissionDenied):
        bookings.cancel_reservation(reservation, actor=make_user("employee"), now=NOW)


def test_an_appointment_takes_a_free_counter_then_the_other_then_none(permits):
    first, token = bookings.book_appointment(
        permits, ny(18, 9), name="Ana", email="ana@example.net", language="es", now=NOW
    )
    second, _ = bookings.book_appointment(
        permits, ny(18, 9), name="Bo", email="bo@example.net", now=NOW
    )
    assert {first.resource_id, second.resource_id} == {c.id for c in permits.counters}
    with pytest.raises(bookings.SlotTaken) as caught:
        bookings.book_appointment(permits, ny(18, 9), name="Cy", email="cy@example.net", now=NOW)
    assert caught.value.next_free[0] == (ny(18, 9, 15), ny(18, 9, 30))
    assert links.find_appointment(token) == first
    assert links.find_appointment(token + "x") is None
    assert first.token_hash != token  # only the hash is kept
    mail = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "ana@example.net")
    )
    assert mail.payload["subject"].startswith(f"[{first.reference}] Reservado: Permisos")
    assert f"/citizen/appointments/manage/{token}" in str(mail.payload["notice"]["actions"])


@pytest.mark.parametrize(
    ("start", "fields"),
    [
        (ny(18, 9, 5), {"slot"}),  # between slots
        (ny(17, 10, 30), {"start"}),  # less than an hour's notice
        (ny(21, 9), {"start"}),  # Saturday
    ],
)
def test_appointments_only_at_offered_times(permits, start, fields):
    with pytest.raises(ValidationError) as caught:
        bookings.book_appointment(permits, start, name="A", email="a@example.net", now=NOW)
    assert set(caught.value.fields) == fields


def test_appointments_need_a_name_and_an_email(permits):
    with pytest.raises(ValidationError) as caught:
        bookings.book_appointment(permits, ny(18, 9), name=" ", email="nope", now=NOW)
    assert set(caught.value.fields) == {"name", "email"}


def test_service_slots_skip_full_times(permits):
    for name in ("a", "b"):
        bookings.book_appointment(permits, ny(18, 8), name=name, email=f"{name}@x.net", now=NOW)
    slots = schedule.service_slots(permits, now=ny(17, 17), limit=2)
    assert [slot.start for slot in slots] == [ny(18, 8, 15), ny(18, 8, 30)]


def test_check_in_and_no_show_at_the_counter(permits, facilities_agent):
    early, _ = bookings.book_appointment(permits, ny(18, 9), name="A", email="a@x.net", now=NOW)
    late, _ = bookings.book_appointment(permits, ny(18, 9, 15), name="B", email="b@x.net", now=NOW)
    arrival = ny(18, 8, 55)
    bookings.check_in(early, actor=facilities_agent, now=arrival)
    assert early.checked_in_at == arrival
    with pytest.raises(InvalidTransition):
        bookings.mark_no_show(late, actor=facilities_agent, now=arrival)
    bookings.mark_no_show(late, actor=facilities_agent, now=ny(18, 9, 40))
    assert late.status == ReservationStatus.NO_SHOW


def test_reminders_are_queued_once_a_day_ahead(permits, room, employee):
    bookings.book_appointment(permits, ny(18, 9), name="A", email="a@x.net", now=NOW)
    book(room, ny(20, 9), ny(20, 10), employee)  # three days ahead: not yet
    db.session.commit()
    assert notify.queue_reminders(ny(17, 10)) == 1
    assert notify.queue_reminders(ny(17, 10, 1)) == 0
    reminders = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.event == "booking_reminder")
    ).all()
    assert [m.recipient for m in reminders] == ["a@x.net"]


def test_every_change_reaches_booking_webhooks(room, employee):
    db.session.add(
        Webhook(
            name="Calendar sync", url="https://hooks.test/b", secret="s", events=["booking.changed"]
        )
    )
    reservation = book(room, ny(18, 10), ny(18, 11), employee, purpose="Secret plans")
    bookings.cancel_reservation(reservation, actor=employee, now=NOW)
    events = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "webhook").order_by(OutboxMessage.id)
    ).all()
    assert [e.payload["data"]["change"] for e in events] == ["confirmed", "cancelled"]
    assert "Secret plans" not in str(events[0].payload)
    assert employee.email not in str(events[0].payload)


def test_the_database_itself_refuses_an_overlap_on_postgresql(room, employee, backend):
    """Even a write that skips the service cannot double-book on PostgreSQL."""
    if backend != "postgresql":
        pytest.skip("SQLite has no exclusion constraints; the service serializes writers there")
    book(room, ny(18, 10), ny(18, 11), employee)
    db.session.commit()
    with pytest.raises(IntegrityError, match="reservations_no_overlap"):
        db.session.execute(
            text(
                "INSERT INTO reservations (resource_id, status, starts_at, ends_at, contact_name,"
                " contact_email, language, purpose, attendees, decision_comment, created_at,"
                " updated_at) VALUES (:r, 'confirmed', :s, :e, '', '', 'en', '', 1, '', now(),"
                " now())"
            ),
            {"r": room.id, "s": ny(18, 10, 30), "e": ny(18, 11, 30)},
        )
    db.session.rollback()


def test_resources_are_admin_data_and_audited(make_user, calendar):
    lead = make_user("lead")
    resource = bookings.create_resource(
        {
            "kind": ResourceKind.ROOM,
            "name": " Room B2 ",
            "capacity": 12,
            "features": ["video"],
            "bookable_by": ["employee"],
        },
        actor=lead,
    )
    bookings.update_resource(resource, {"name": "Room B2", "capacity": 14}, actor=lead)
    summaries = db.session.scalars(
        select(AuditEntry.summary)
        .where(AuditEntry.object_type == "resource")
        .order_by(AuditEntry.id)
    ).all()
    assert "capacity: 12" in summaries[0] and summaries[1] == "capacity: 12 -> 14"
    with pytest.raises(PermissionDenied):
        bookings.update_resource(resource, {"capacity": 2}, actor=make_user("agent"))
    with pytest.raises(ValidationError):
        bookings.create_resource({"kind": ResourceKind.ROOM, "name": "Room B2"}, actor=lead)


def test_a_residents_confirmation_is_delivered_in_spanish(app, permits):
    """The outbox row becomes a real email (the mail-drop transport) in the booker's language."""
    from pathlib import Path

    from servicedesk.notifications.jobs import drain_now

    bookings.book_appointment(
        permits, ny(18, 9), name="Lucía", email="lucia@example.net", language="es", now=NOW
    )
    db.session.commit()
    app.config["SMTP_HOST"] = ""
    drain_now(app)
    (sent,) = Path(app.config["MAIL_DROP_FOLDER"]).glob("*lucia@example.net.eml")
    text_of_mail = sent.read_text()
    assert "Hola, Luc" in text_of_mail and "Permisos" in text_of_mail
    assert "Ver o cancelar su reserva" in text_of_mail


def test_the_remind_command_queues_reminders(app, permits):
    bookings.book_appointment(permits, ny(18, 9), name="A", email="a@x.net", now=NOW)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["bookings", "remind"])
    assert result.exit_code == 0 and result.output.startswith("Reminders queued:")
