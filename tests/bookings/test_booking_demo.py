"""The demo city's bookings: two buildings of rooms, three pool vehicles, two counters."""

from sqlalchemy import func, select

from servicedesk.bookings.demo import seed_bookings
from servicedesk.bookings.models import (
    BookingService,
    Reservation,
    ReservationStatus,
    Resource,
    ResourceKind,
)
from servicedesk.demo import seed_demo
from servicedesk.extensions import db

from .conftest import NOW


def test_demo_has_rooms_vehicles_counters_and_bookings(app):
    seed_demo(ticket_count=0, now=NOW)
    rooms = db.session.scalars(select(Resource).where(Resource.kind == ResourceKind.ROOM)).all()
    assert len({room.building for room in rooms}) == 2
    vehicles = db.session.scalars(select(Resource).where(Resource.kind == ResourceKind.VEHICLE))
    assert len(vehicles.all()) == 3
    services = db.session.scalars(select(BookingService)).all()
    assert {s.name for s in services} == {"Permits", "Registrations"}
    assert all(s.counters for s in services)
    statuses = db.session.scalars(select(Reservation.status)).all()
    assert ReservationStatus.PENDING in statuses and ReservationStatus.CONFIRMED in statuses
    assert sum(1 for r in db.session.scalars(select(Reservation)) if r.service_id) >= 4
    total = db.session.scalar(select(func.count(Reservation.id)))
    assert seed_bookings(now=NOW).endswith("demo bookings already exist.")
    assert db.session.scalar(select(func.count(Reservation.id))) == total
