"""The one write path: each verb audits exactly one event per ticket, checks its rules."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from servicedesk.accounts.models import Role
from servicedesk.errors import Conflict, InvalidTransition, PermissionDenied, ValidationError
from servicedesk.extensions import db
from servicedesk.tickets import service as tickets
from servicedesk.tickets.escalation import escalate
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import EventKind, Message, Subscription, Ticket, TicketEvent

from ..conftest import TUESDAY_10AM_NY

LATER = TUESDAY_10AM_NY + timedelta(minutes=30)


def event_count(ticket) -> int:
    return db.session.scalar(
        select(func.count()).select_from(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
    )


@pytest.fixture
def desk(make_team, make_user, sla_policy):
    team = make_team("Public Works")
    other_team = make_team("IT")
    agent = make_user(Role.AGENT, teams=[team])
    colleague = make_user(Role.AGENT, teams=[team])
    return {"team": team, "other_team": other_team, "agent": agent, "colleague": colleague}


def test_opening_writes_one_event_and_starts_sla_clocks(desk, make_ticket):
    ticket = make_ticket(actor=desk["agent"])
    assert event_count(ticket) == 1
    assert ticket.events[0].kind == EventKind.OPENED
    # 240 business minutes from Tuesday 10:00 New York is 14:00 the same day (19:00 UTC).
    assert ticket.first_response_due_at == TUESDAY_10AM_NY + timedelta(hours=4)
    assert ticket.queue_due_at == ticket.first_response_due_at
    assert ticket.reference == f"SD-{ticket.id:06d}"


VERBS = {
    "reply": lambda t, d: tickets.add_reply(t, "We are on it.", actor=d["agent"], now=LATER),
    "note": lambda t, d: tickets.add_internal_note(
        t, "Crew booked for Thursday.", actor=d["agent"], now=LATER
    ),
    "status": lambda t, d: tickets.change_status(
        t, Status.IN_PROGRESS, actor=d["agent"], now=LATER
    ),
    "assign": lambda t, d: tickets.assign(t, d["colleague"], actor=d["agent"], now=LATER),
    "team": lambda t, d: tickets.change_team(t, d["other_team"], actor=d["agent"], now=LATER),
    "priority": lambda t, d: tickets.change_priority(
        t, "high", "high", actor=d["agent"], now=LATER
    ),
    "category": lambda t, d: tickets.change_category(
        t, None if t.category else d["category"], actor=d["agent"], now=LATER
    ),
}


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_writes_exactly_one_event(verb, desk, make_ticket, make_category):
    desk["category"] = make_category("Potholes")
    ticket = (
        make_ticket(actor=desk["agent"], team_id=None)
        if False
        else make_ticket(actor=desk["agent"])
    )
    ticket.team = desk["team"]
    db.session.flush()
    before = event_count(ticket)
    VERBS[verb](ticket, desk)
    db.session.flush()
    assert event_count(ticket) == before + 1


def test_merge_moves_messages_and_followers_and_writes_one_event_each(desk, make_ticket, make_user):
    resident = make_user(Role.RESIDENT)
    original = make_ticket(actor=desk["agent"], subject="Pothole on Elm St")
    duplicate = make_ticket(
        actor=resident, requester=resident, channel="citizen_portal", subject="Hole in Elm St"
    )
    for ticket in (original, duplicate):
        ticket.team = desk["team"]
    tickets.add_reply(duplicate, "It is getting bigger", actor=resident, now=LATER)
    before = (event_count(original), event_count(duplicate))
    tickets.merge(duplicate, original, actor=desk["agent"], now=LATER)
    db.session.flush()
    assert (event_count(original), event_count(duplicate)) == (before[0] + 1, before[1] + 1)
    assert duplicate.duplicate_of == original and duplicate.status == Status.CLOSED
    assert [m.body for m in original.messages] == ["It is getting bigger"]
    followers = db.session.scalars(
        select(Subscription.user_id).where(Subscription.ticket_id == original.id)
    ).all()
    assert resident.id in followers


def test_link_and_child_task_are_audited(desk, make_ticket):
    first, second = (
        make_ticket(actor=desk["agent"]),
        make_ticket(actor=desk["agent"], subject="Second"),
    )
    for ticket in (first, second):
        ticket.team = desk["team"]
    tickets.link(first, second, actor=desk["agent"], now=LATER)
    assert [t.id for t in tickets.linked_tickets(second)] == [first.id]
    with pytest.raises(InvalidTransition):
        tickets.link(second, first, actor=desk["agent"], now=LATER)
    child = tickets.add_child(
        first, actor=desk["agent"], subject="Order a new lamp head", now=LATER
    )
    assert child.parent == first and first.events[-1].kind == EventKind.CHILD_ADDED


def test_stale_status_change_is_refused_with_who_changed_what(desk, make_ticket):
    ticket = make_ticket(actor=desk["agent"])
    ticket.team = desk["team"]
    db.session.flush()
    seen_version = ticket.version
    tickets.change_status(ticket, Status.IN_PROGRESS, actor=desk["colleague"], now=LATER)
    db.session.flush()
    with pytest.raises(Conflict) as raised:
        tickets.change_status(
            ticket, Status.RESOLVED, actor=desk["agent"], expected_version=seen_version, now=LATER
        )
    assert desk["colleague"].name in raised.value.message
    assert (
        "In progress".lower() in raised.value.message.lower()
        or "in_progress" in raised.value.message
    )


def test_a_colleagues_note_does_not_block_a_status_change(desk, make_ticket):
    ticket = make_ticket(actor=desk["agent"])
    ticket.team = desk["team"]
    db.session.flush()
    seen_version = ticket.version
    tickets.add_internal_note(ticket, "Called the caller back", actor=desk["colleague"], now=LATER)
    db.session.flush()
    tickets.change_status(
        ticket, Status.IN_PROGRESS, actor=desk["agent"], expected_version=seen_version, now=LATER
    )
    assert ticket.status == Status.IN_PROGRESS


def test_forbidden_transition_is_refused(desk, make_ticket):
    ticket = make_ticket(actor=desk["agent"])
    ticket.team = desk["team"]
    tickets.change_status(ticket, Status.RESOLVED, actor=desk["agent"], now=LATER)
    tickets.change_status(ticket, Status.CLOSED, actor=desk["agent"], now=LATER)
    with pytest.raises(InvalidTransition):
        tickets.change_status(ticket, Status.OPEN, actor=desk["agent"], now=LATER)


def test_agent_of_another_team_cannot_change_a_ticket(desk, make_ticket, make_user):
    outsider = make_user(Role.AGENT, teams=[desk["other_team"]])
    ticket = make_ticket(actor=desk["agent"])
    ticket.team = desk["team"]
    with pytest.raises(PermissionDenied):
        tickets.change_status(ticket, Status.IN_PROGRESS, actor=outsider, now=LATER)


def test_requester_cannot_add_internal_notes(desk, make_ticket, make_user):
    resident = make_user(Role.RESIDENT)
    ticket = make_ticket(actor=resident, requester=resident, channel="citizen_portal")
    with pytest.raises(PermissionDenied):
        tickets.add_internal_note(ticket, "sneaky", actor=resident, now=LATER)
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_missing_subject_is_a_field_error(desk):
    with pytest.raises(ValidationError) as raised:
        tickets.open_ticket(actor=desk["agent"], channel="agent", subject="  ")
    assert "subject" in raised.value.fields


def test_waiting_on_requester_pauses_and_reply_resumes(desk, make_ticket, make_user):
    resident = make_user(Role.RESIDENT)
    ticket = make_ticket(actor=resident, requester=resident, channel="citizen_portal")
    ticket.team = desk["team"]
    tickets.add_reply(ticket, "Which pole?", actor=desk["agent"], now=LATER)
    tickets.change_status(ticket, Status.WAITING, actor=desk["agent"], now=LATER)
    assert ticket.resolution_due_at is None
    tickets.add_reply(ticket, "Pole 42", actor=resident, now=LATER + timedelta(hours=1))
    assert ticket.status == Status.OPEN
    # Paused one business hour: the resolution target moves one hour later than without pause.
    assert ticket.resolution_due_at is not None


def test_escalation_records_each_breach_once(desk, make_ticket):
    ticket = make_ticket(actor=desk["agent"])
    ticket.team = desk["team"]
    db.session.flush()
    much_later = TUESDAY_10AM_NY + timedelta(days=14)
    first = escalate(much_later)
    second = escalate(much_later)
    assert (first.breaches, first.warnings) == (2, 0)
    assert (second.breaches, second.warnings) == (0, 0)
    kinds = [e.kind for e in db.session.get(Ticket, ticket.id).events]
    assert kinds.count(EventKind.SLA_BREACH) == 2


def test_escalate_command_is_idempotent(desk, make_ticket, make_user, app):
    lead = make_user(Role.LEAD, teams=[desk["team"]], name="Lee Lead")
    ticket = make_ticket(actor=desk["agent"], now=TUESDAY_10AM_NY - timedelta(days=30))
    ticket.team = desk["team"]
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["tickets", "escalate"])
    second = runner.invoke(args=["tickets", "escalate"])
    assert first.exit_code == 0 and "0 warning(s), 2 breach(es)" in first.output
    assert "0 warning(s), 0 breach(es)" in second.output
    breach = next(
        e for e in db.session.get(Ticket, ticket.id).events if e.kind == EventKind.SLA_BREACH
    )
    assert lead.name in breach.detail


def test_sweep_before_the_due_time_warns_and_later_breaches(desk, make_ticket):
    ticket = make_ticket(actor=desk["agent"])  # first response due 4 business hours later
    ticket.team = desk["team"]
    db.session.flush()
    warned = escalate(TUESDAY_10AM_NY + timedelta(hours=3, minutes=30))
    breached = escalate(TUESDAY_10AM_NY + timedelta(hours=4, minutes=1))
    assert (warned.warnings, warned.breaches) == (1, 0)
    assert (breached.warnings, breached.breaches) == (0, 1)


def test_child_task_sent_to_a_team_skips_routing(desk, make_ticket):
    parent = make_ticket(actor=desk["agent"], subject="Onboard Jo")
    parent.team = desk["team"]
    child = tickets.add_child(
        parent, actor=desk["agent"], subject="Laptop for Jo", team=desk["other_team"], now=LATER
    )
    assert child.team == desk["other_team"] and child.assignee is None
    assert "Sent straight to IT" in child.events[0].detail
