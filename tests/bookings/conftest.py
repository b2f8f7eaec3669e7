"""Fixtures for bookings: a facilities team, rooms, a vehicle and a counter service.

Times are on the shared ``calendar`` fixture (weekdays 08:00-17:00 New York, US holidays);
``NOW`` is Tuesday 17 November 2026, 10:00 there.
"""

from datetime import UTC, datetime, timedelta

import pytest

from servicedesk.accounts.models import Role
from servicedesk.bookings.models import BookingService, Resource, ResourceKind
from servicedesk.extensions import db

NOW = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)


def ny(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A New York wall-clock time in late 2026 (UTC-5 after 1 November)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC) + timedelta(hours=5)


@pytest.fixture
def facilities(make_team):
    return make_team("Facilities")


@pytest.fixture
def make_resource(app, calendar, facilities):
    counter = iter(range(1, 10_000))

    def make(kind=ResourceKind.ROOM, **fields):
        values = {
            "name": f"{kind.value.title()} {next(counter)}",
            "building": "City Hall",
            "capacity": 10,
            "features": ["projector"],
            "calendar": calendar,
            "team": facilities,
            "bookable_by": ["employee", "agent", "lead", "admin"],
            "min_notice_minutes": 0,
            "max_length_minutes": 240,
            "max_days_ahead": 60,
        } | fields
        resource = Resource(kind=kind, **values)
        db.session.add(resource)
        # Committed: a page that refuses a booking rolls its transaction back.
        db.session.commit()
        return resource

    return make


@pytest.fixture
def room(make_resource):
    return make_resource(name="Room A1", capacity=8)


@pytest.fixture
def vehicle(make_resource):
    return make_resource(
        ResourceKind.VEHICLE,
        name="Van 1",
        capacity=3,
        calendar=None,
        requires_approval=True,
        features=["electric"],
        max_length_minutes=24 * 60,
    )


@pytest.fixture
def permits(app, make_resource):
    service = BookingService(name="Permits", name_es="Permisos", slot_minutes=15)
    db.session.add(service)
    db.session.flush()
    for number in (1, 2):
        make_resource(
            ResourceKind.COUNTER,
            name=f"Permits counter {number}",
            service=service,
            bookable_by=[],
            min_notice_minutes=60,
            max_length_minutes=60,
        )
    db.session.commit()
    return service


@pytest.fixture
def employee(make_user):
    return make_user(Role.EMPLOYEE)


@pytest.fixture
def facilities_agent(make_user, facilities):
    return make_user(Role.AGENT, teams=[facilities])
