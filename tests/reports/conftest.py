"""A small desk whose every dashboard figure is worked out by hand in test_metrics.py.

Policy "Quick": first response within 60 business minutes, resolution within 240, on the
office-hours calendar (New York, weekdays 08:00-17:00). Every ticket is filed on Tuesday
2026-11-17 at 10:00 New York (15:00 UTC):

- A (IT, agent channel, an employee's): answered 10:30, resolved 13:00 -> both met; 180 min;
  rated 5.
- B (IT, citizen portal, a resident's): answered 11:30 (first response breached), waiting on
  the resident 11:30-15:30 (paused), the resident answers, resolved 16:30: 150 business
  minutes used -> resolution met only thanks to the pause; 390 min; rated 2.
- C (Roads, citizen portal): never answered, resolved Wednesday 11:00, reopened by the
  resident 12:00, resolved again 13:00 -> both breached; 27 h = 1620 min; reopened once.
- D (Roads, email): still open, assigned to Agent Smith, no answer -> both clocks run past
  their due times (11:00 and 14:00 Tuesday): breached by the minute, with no event.
- E (Roads, email): cancelled at 10:15 -> counts nowhere in SLA or resolution figures.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.knowledge import service as knowledge
from servicedesk.tickets import service as tickets
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Channel, SlaPolicy


def ny(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026 in New York (UTC-5 then) as aware UTC."""
    return datetime(2026, 11, day, hour + 5, minute, tzinfo=UTC)


@dataclass
class Desk:
    it: object
    roads: object
    streets: object
    parks: object
    agent: object
    lead: object
    admin: object
    employee: object
    resident: object
    tickets: dict


@pytest.fixture
def desk(make_team, make_user, make_category, calendar):
    db.session.add(
        SlaPolicy(
            name="Quick",
            is_fallback=True,
            first_response_minutes=60,
            resolution_minutes=240,
            calendar=calendar,
        )
    )
    it, roads = make_team("IT"), make_team("Roads")
    streets = make_category("Streets")
    parks = make_category("Parks")
    agent = make_user(Role.AGENT, teams=[it, roads], name="Agent Smith")
    lead = make_user(Role.LEAD, teams=[it], name="Lead Lee")
    admin = make_user(Role.ADMIN, name="Admin Ada")
    employee = make_user(Role.EMPLOYEE, name="Erin Employee", email="erin@example.org")
    resident = make_user(Role.RESIDENT, name="Rosa Resident", email="rosa@example.net")
    filed = ny(17, 10)

    a = tickets.open_ticket(
        actor=agent,
        channel=Channel.AGENT,
        subject="Laptop will not start",
        team=it,
        requester=employee,
        category=parks,
        now=filed,
    )
    b = tickets.open_ticket(
        actor=None,
        channel=Channel.CITIZEN_PORTAL,
        subject="Pothole on Elm",
        team=it,
        requester=resident,
        category=streets,
        description="Deep pothole near 12 Elm St",
        location={"lat": 40.712345, "lon": -74.006789, "address": "12 Elm St"},
        now=filed,
    )
    c = tickets.open_ticket(
        actor=None,
        channel=Channel.CITIZEN_PORTAL,
        subject="Streetlight out",
        team=roads,
        requester=resident,
        category=streets,
        contact_phone="555-0199",
        location={"lat": 40.7201, "lon": -74.0102, "address": "3 Oak Ave"},
        now=filed,
    )
    d = tickets.open_ticket(
        actor=None,
        channel=Channel.EMAIL,
        subject="Broken bench",
        team=roads,
        contact_name="Carl Contact",
        contact_email="carl@example.com",
        category=parks,
        location={"lat": 40.73, "lon": -74.0, "address": "Central Park bench 4"},
        now=filed,
    )
    e = tickets.open_ticket(
        actor=None,
        channel=Channel.EMAIL,
        subject="Never mind",
        team=roads,
        contact_email="nobody@example.com",
        now=filed,
    )
    tickets.add_reply(a, "Looking at it.", actor=agent, now=ny(17, 10, 30))
    tickets.change_status(a, Status.RESOLVED, actor=agent, now=ny(17, 13))
    tickets.rate(a, 5, actor=employee, now=ny(17, 14))

    tickets.add_reply(b, "Which side of the street?", actor=agent, now=ny(17, 11, 30))
    tickets.change_status(b, Status.WAITING, actor=agent, now=ny(17, 11, 30))
    tickets.add_reply(b, "The north side.", actor=resident, now=ny(17, 15, 30))
    tickets.change_status(b, Status.RESOLVED, actor=agent, now=ny(17, 16, 30))
    tickets.rate(b, 2, actor=resident, now=ny(18, 9))

    tickets.change_status(c, Status.RESOLVED, actor=agent, now=ny(18, 11))
    tickets.reopen(
        c,
        "Still dark.",
        actor=resident,
        author_email=resident.email,
        channel=Channel.CITIZEN_PORTAL,
        now=ny(18, 12),
    )
    tickets.change_status(c, Status.RESOLVED, actor=agent, now=ny(18, 13))

    tickets.assign(d, agent, actor=admin, now=ny(17, 10, 5))
    tickets.change_status(e, Status.CANCELLED, actor=admin, now=ny(17, 10, 15))

    # Searches: 3 in the citizen portal (one then filed a ticket, two found nothing), one in
    # the employee portal, one by an agent (never counted).
    knowledge.log_search(
        portal="citizen", query="pothole", result_count=3, visit="v1", now=ny(17, 9)
    )
    knowledge.log_ticket_filed("v1", None, now=ny(17, 9, 10))
    knowledge.log_search(
        portal="citizen", query="zeppelin", result_count=0, visit="v2", now=ny(17, 9)
    )
    knowledge.log_search(
        portal="citizen", query="zeppelin", result_count=0, visit="v3", now=ny(18, 9)
    )
    knowledge.log_search(portal="employee", query="vpn", result_count=2, visit="v4", now=ny(18, 9))
    knowledge.log_search(portal="agent", query="nothing here", result_count=0, now=ny(18, 9))
    db.session.flush()
    return Desk(
        it,
        roads,
        streets,
        parks,
        agent,
        lead,
        admin,
        employee,
        resident,
        {"A": a, "B": b, "C": c, "D": d, "E": e},
    )
