"""Facilities staff over HTTP: approve with a comment, the counter queue, resources admin."""

from sqlalchemy import select

from servicedesk.audit import AuditEntry
from servicedesk.bookings import service as bookings
from servicedesk.bookings.models import Reservation, ReservationStatus, Resource
from servicedesk.extensions import db
from servicedesk.notifications.models import OutboxMessage
from servicedesk.timeutils import utcnow

from .test_employee_booking_pages import NY, next_weekday


def _pending_vehicle(vehicle, employee):
    from datetime import datetime, time

    day = next_weekday()
    start = datetime.combine(day, time(9), NY)
    reservation = bookings.book_resource(
        vehicle, start, start.replace(hour=17), actor=employee, purpose="Site visit"
    )
    db.session.commit()
    return reservation


def test_facilities_staff_approve_with_a_comment_and_the_booker_hears(
    login_as, facilities_agent, vehicle, employee
):
    reservation = _pending_vehicle(vehicle, employee)
    agent = login_as(facilities_agent)
    listing = agent.get("/agent/bookings/").get_data(as_text=True)
    assert "Waiting for your approval (1)" in listing
    response = agent.post(
        f"/agent/bookings/{reservation.id}/approve", data={"comment": "Keys at the front desk"}
    )
    assert response.status_code == 302
    db.session.refresh(reservation)
    assert reservation.status == ReservationStatus.CONFIRMED
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.event == "booking_approved"))
    assert "Comment: Keys at the front desk" in mail.payload["notice"]["paragraphs"]
    page = agent.get(f"/agent/bookings/{reservation.id}").get_data(as_text=True)
    assert "Keys at the front desk" in page


def test_rejecting_without_a_reason_is_a_form_error(login_as, facilities_agent, vehicle, employee):
    reservation = _pending_vehicle(vehicle, employee)
    response = login_as(facilities_agent).post(
        f"/agent/bookings/{reservation.id}/reject", data={"comment": ""}
    )
    assert response.status_code == 400
    assert "Say why, so the person can plan otherwise." in response.get_data(as_text=True)
    assert db.session.scalar(select(Reservation.status)) == ReservationStatus.PENDING


def test_an_agent_of_another_team_sees_nothing_and_decides_nothing(
    login_as, make_user, make_team, vehicle, employee
):
    reservation = _pending_vehicle(vehicle, employee)
    outsider = login_as(make_user("agent", teams=[make_team("IT")]))
    assert "Site visit" not in outsider.get("/agent/bookings/").get_data(as_text=True)
    assert outsider.get(f"/agent/bookings/{reservation.id}").status_code == 403
    assert outsider.post(f"/agent/bookings/{reservation.id}/approve").status_code == 403


def test_the_counter_queue_checks_residents_in(login_as, facilities_agent, permits):
    from servicedesk.bookings import schedule

    slot = schedule.service_slots(permits, now=utcnow(), limit=1)[0]
    reservation, _ = bookings.book_appointment(
        permits, slot.start, name="Ana Díaz", email="ana@example.net"
    )
    db.session.commit()
    agent = login_as(facilities_agent)
    day = slot.start.astimezone(NY).date()
    queue = agent.get(f"/agent/bookings/queue?day={day}").get_data(as_text=True)
    assert "Check in Ana Díaz" in queue
    if (slot.start - utcnow()).total_seconds() < 12 * 3600:
        response = agent.post(
            f"/agent/bookings/{reservation.id}/check-in",
            data={"next": f"/agent/bookings/queue?day={day}"},
        )
        assert response.headers["Location"].endswith(f"/agent/bookings/queue?day={day}")
        db.session.refresh(reservation)
        assert reservation.checked_in_at is not None
    else:  # the next slot is on a later day: too early to check in
        response = agent.post(f"/agent/bookings/{reservation.id}/check-in")
        assert response.status_code == 409
        assert "Check in on the day of the appointment." in response.get_data(as_text=True)


def test_leads_create_and_edit_resources_agents_cannot(login_as, make_user, calendar, facilities):
    lead = login_as(make_user("lead"))
    data = {
        "kind": "room",
        "name": "Room C3",
        "building": "Annex",
        "capacity": "6",
        "features": ["projector", "wheelchair"],
        "calendar_id": str(calendar.id),
        "team_id": str(facilities.id),
        "service_id": "",
        "min_notice_minutes": "0",
        "max_length_minutes": "120",
        "max_days_ahead": "30",
        "bookable_by": ["employee"],
        "is_active": "y",
    }
    assert lead.post("/agent/bookings/resources/new", data=data).status_code == 302
    resource = db.session.scalar(select(Resource))
    assert resource.features == ["projector", "wheelchair"] and resource.calendar == calendar
    edit = lead.post(f"/agent/bookings/resources/{resource.id}/edit", data=data | {"capacity": "0"})
    assert edit.status_code == 400
    assert (
        lead.post(
            f"/agent/bookings/resources/{resource.id}/edit", data=data | {"capacity": "8"}
        ).status_code
        == 302
    )
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_type == "resource")
    ).all()
    assert actions == ["resource.created", "resource.updated"]
    lead.post("/auth/logout")
    agent = login_as(make_user("agent"))
    assert agent.get("/agent/bookings/resources/new").status_code == 403
    assert agent.get("/agent/bookings/resources").status_code == 200


def test_counter_services_are_admin_data(login_as, make_user):
    lead = login_as(make_user("lead"))
    response = lead.post(
        "/agent/bookings/services/new",
        data={
            "name": "Registrations",
            "name_es": "Empadronamiento",
            "slot_minutes": "20",
            "is_active": "y",
        },
    )
    assert response.status_code == 302
    bad = lead.post("/agent/bookings/services/new", data={"name": "X", "slot_minutes": "2"})
    assert bad.status_code == 400


def test_employees_cannot_reach_the_agent_pages(login_as, employee):
    assert login_as(employee).get("/agent/bookings/").status_code == 403
