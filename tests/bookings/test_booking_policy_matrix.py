"""Who may do what with a booking: a table of roles against a booking of the Facilities team."""

import pytest

from servicedesk.bookings import policy
from servicedesk.bookings.models import Reservation, ReservationStatus
from servicedesk.extensions import db

from .conftest import ny

# (who, book a room, see/manage the booking, decide on it, administer resources)
MATRIX = [
    ("booker", True, True, False, False),
    ("other employee", True, False, False, False),
    ("resident", False, False, False, False),
    ("facilities agent", True, True, True, False),
    ("facilities lead", True, True, True, True),
    ("agent of another team", True, False, False, False),
    ("admin", True, True, True, True),
    ("inactive facilities agent", False, False, False, False),
    ("nobody", False, False, False, False),
]


@pytest.fixture
def people(make_user, make_team, facilities, employee):
    it = make_team("IT")
    return {
        "booker": employee,
        "other employee": make_user("employee"),
        "resident": make_user("resident"),
        "facilities agent": make_user("agent", teams=[facilities]),
        "facilities lead": make_user("lead", teams=[facilities]),
        "agent of another team": make_user("agent", teams=[it]),
        "admin": make_user("admin"),
        "inactive facilities agent": make_user(
            "agent", teams=[facilities], is_active_account=False
        ),
        "nobody": None,
    }


@pytest.mark.parametrize(("who", "book", "manage", "decide", "administer"), MATRIX)
def test_policy_matrix(people, room, employee, who, book, manage, decide, administer):
    reservation = Reservation(
        resource=room,
        status=ReservationStatus.PENDING,
        starts_at=ny(18, 10),
        ends_at=ny(18, 11),
        requester=employee,
    )
    db.session.add(reservation)
    db.session.flush()
    user = people[who]
    assert policy.can_book(user, room) is book
    assert policy.can_view(user, reservation) is manage
    assert policy.can_manage(user, reservation) is manage
    assert policy.can_decide(user, reservation) is decide
    assert policy.can_administer(user) is administer
    visible = db.session.scalars(policy.visible_reservations(user)).all()
    assert (reservation in visible) is manage


def test_staff_never_approve_their_own_booking(room, people):
    agent = people["facilities agent"]
    own = Reservation(
        resource=room,
        status=ReservationStatus.PENDING,
        starts_at=ny(18, 10),
        ends_at=ny(18, 11),
        requester=agent,
    )
    db.session.add(own)
    db.session.flush()
    assert policy.can_manage(agent, own) and not policy.can_decide(agent, own)
