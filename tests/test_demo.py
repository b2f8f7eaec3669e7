"""The demo city: sign-ins, idempotence, what the tickets cover, SLA escalations, the demo
agent's queue, and the ``demo`` command."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from servicedesk.accounts.models import Role, Team, User
from servicedesk.accounts.service import authenticate, find_user_by_email
from servicedesk.demo import CATALOG, DEMO_PASSWORD, DEMO_SIGN_INS, seed_demo
from servicedesk.extensions import db
from servicedesk.tickets import catalog, policy, queues
from servicedesk.tickets.escalation import escalate
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import (
    Calendar,
    CalendarClosure,
    CannedResponse,
    CatalogItem,
    Category,
    Channel,
    EventKind,
    Message,
    RoutingRule,
    SlaPolicy,
    Ticket,
    TicketEvent,
    TicketLink,
)

TUESDAY_10AM_NY = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)
SUNDAY_NIGHT_NY = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
TICKETS = 40  # enough for every status, channel, merge, link and child task
ROLES = {
    "admin": Role.ADMIN,
    "team lead": Role.LEAD,
    "agent": Role.AGENT,
    "employee": Role.EMPLOYEE,
    "resident": Role.RESIDENT,
}
COUNTED = [
    User,
    Team,
    Category,
    CatalogItem,
    Calendar,
    CalendarClosure,
    SlaPolicy,
    RoutingRule,
    CannedResponse,
    Ticket,
    TicketEvent,
    Message,
    TicketLink,
]


@pytest.fixture
def seeded(app):
    summary = seed_demo(ticket_count=TICKETS, now=TUESDAY_10AM_NY)
    db.session.commit()
    return summary


def row_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in COUNTED
    }


def test_demo_sign_ins_use_the_demo_password_and_have_their_roles(seeded):
    assert DEMO_PASSWORD == "demo"
    assert [email for email, _ in DEMO_SIGN_INS] == [
        "admin@example.org",
        "lead@example.org",
        "agent@example.org",
        "employee@example.org",
        "resident@example.net",
        "approver@example.org",
    ]
    for email, label in DEMO_SIGN_INS:
        user = authenticate(email, "demo")
        assert user is not None, email
        assert user.role == ROLES[label]
    assert authenticate("agent@example.org", "not-demo") is None


def test_demo_staff_sit_in_the_right_teams(seeded):
    teams = {team.name for team in db.session.scalars(select(Team))}
    assert {"IT", "Facilities", "Public Works", "Parks", "Customer Service"} <= teams
    admin = find_user_by_email("admin@example.org")
    assert {team.name for team in admin.teams} == teams
    for email in ("lead@example.org", "agent@example.org"):
        user = find_user_by_email(email)
        assert {team.name for team in user.teams} == {"Public Works", "Customer Service"}
    for team in db.session.scalars(select(Team)):
        assert any(member.role in (Role.AGENT, Role.LEAD) for member in team.members), team.name


def test_only_the_demo_sign_ins_have_a_password(seeded):
    with_password = db.session.scalars(select(User.email).where(User.password_hash.is_not(None)))
    assert set(with_password) == {email for email, _ in DEMO_SIGN_INS}
    assert db.session.scalar(select(func.count(User.id))) > 60


def test_seeding_again_creates_nothing(seeded):
    assert "created 6 teams" in seeded and f"created {TICKETS} tickets" in seeded
    assert "already present: nothing" in seeded
    before = row_counts()
    summary = seed_demo(ticket_count=TICKETS, now=TUESDAY_10AM_NY + timedelta(hours=3))
    db.session.commit()
    assert row_counts() == before
    assert "created nothing" in summary
    assert "Demo tickets already exist" in summary


def test_tickets_cover_every_status_and_every_channel(seeded):
    assert db.session.scalar(select(func.count(Ticket.id))) == TICKETS
    assert set(db.session.scalars(select(Ticket.status).distinct())) == set(Status)
    assert set(db.session.scalars(select(Ticket.channel).distinct())) == set(Channel)


def test_the_history_lies_in_the_past_in_order(seeded):
    oldest = TUESDAY_10AM_NY - timedelta(days=62)
    for ticket in db.session.scalars(select(Ticket)):
        assert oldest <= ticket.created_at <= TUESDAY_10AM_NY
        times = [event.created_at for event in ticket.events]
        assert times == sorted(times), ticket.reference
        assert times[-1] <= TUESDAY_10AM_NY
        assert ticket.events[0].kind == EventKind.OPENED
        if ticket.status in (Status.RESOLVED, Status.CLOSED) and ticket.duplicate_of is None:
            assert ticket.first_responded_at is not None, ticket.reference


def test_the_sla_sweep_has_caught_up_with_breaches_and_warnings(seeded):
    kinds = set(db.session.scalars(select(TicketEvent.kind)))
    assert {EventKind.SLA_BREACH, EventKind.SLA_WARNING} <= kinds
    report = escalate(TUESDAY_10AM_NY)
    assert (report.warnings, report.breaches) == (0, 0)


def test_some_running_tickets_are_overdue_and_some_due_soon(seeded):
    running = list(
        db.session.scalars(
            select(Ticket).where(Ticket.status.in_([Status.NEW, Status.OPEN, Status.IN_PROGRESS]))
        )
    )
    assert any(ticket.queue_due_at < TUESDAY_10AM_NY for ticket in running)
    soon = TUESDAY_10AM_NY + queues.BREACHING_SOON
    assert any(TUESDAY_10AM_NY <= ticket.queue_due_at <= soon for ticket in running)


@pytest.mark.parametrize("now", [TUESDAY_10AM_NY, SUNDAY_NIGHT_NY], ids=["tuesday", "sunday"])
def test_the_demo_agent_has_new_tickets_to_take_in_the_default_queue(app, now):
    seed_demo(ticket_count=TICKETS, now=now)
    db.session.commit()
    agent = find_user_by_email("agent@example.org")
    page = queues.fetch_page(agent, queues.QueueFilters(), now, 100)
    new = [ticket for ticket in page.tickets if ticket.status == Status.NEW]
    assert len(new) >= 3
    assert all(policy.can_update(agent, ticket) for ticket in new)
    assert db.session.scalar(
        select(func.count(TicketEvent.id)).where(TicketEvent.kind == EventKind.SLA_BREACH)
    )


def test_merges_links_and_onboarding_child_tasks(seeded):
    merged = list(db.session.scalars(select(Ticket).where(Ticket.duplicate_of_id.is_not(None))))
    assert merged and all(ticket.status == Status.CLOSED for ticket in merged)
    assert db.session.scalar(select(func.count(TicketLink.id))) >= 1
    children = list(db.session.scalars(select(Ticket).where(Ticket.parent_id.is_not(None))))
    assert {child.team.name for child in children} == {"IT", "Facilities"}
    assert all(child.parent.catalog_item.name == "Onboarding a new employee" for child in children)


def test_catalog_forms_and_the_values_filed_with_them_are_valid(seeded):
    items = {item.name: item for item in db.session.scalars(select(CatalogItem))}
    assert set(CATALOG) <= set(items)
    for item in items.values():
        assert catalog.check_schema(item.form_schema) == item.form_schema
    with_forms = list(db.session.scalars(select(Ticket).where(Ticket.catalog_item_id.is_not(None))))
    assert with_forms
    for ticket in with_forms:
        schema = ticket.catalog_item.form_schema
        assert catalog.clean_submission(schema, ticket.field_values) == ticket.field_values


def test_resident_reports_from_apps_are_located_in_riverton(seeded):
    reports = list(
        db.session.scalars(select(Ticket).where(Ticket.channel.in_([Channel.OPEN311, Channel.API])))
    )
    assert reports
    for ticket in reports:
        assert ticket.has_location and ticket.location_address
        assert abs(ticket.location_lat - 41.93) < 0.05 and abs(ticket.location_lon + 73.99) < 0.05


def test_seeding_refuses_a_naive_now(app):
    with pytest.raises(ValueError):
        seed_demo(ticket_count=1, now=datetime(2026, 11, 17, 10, 0))


def test_demo_command_seeds_and_lists_the_sign_ins(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--tickets", "40"])
    assert result.exit_code == 0, result.output
    assert "City of Riverton demo" in result.output
    assert "created 40 tickets" in result.output
    for email, role in DEMO_SIGN_INS:
        assert email in result.output and role in result.output
    assert "password 'demo'" in result.output

    again = runner.invoke(args=["demo", "--tickets", "40"])
    assert again.exit_code == 0, again.output
    assert "Demo tickets already exist" in again.output
    assert db.session.scalar(select(func.count(Ticket.id))) == 40


def test_seeding_emails_nobody(seeded):
    from servicedesk.notifications.models import OutboxMessage

    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
