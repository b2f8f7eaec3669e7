"""Email out through a real SMTP server (aiosmtpd): each event tells the right people, in
their language, once; internal notes never go out; delivery survives a server that is down."""

import socket
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.notifications import jobs, outbox, preferences
from servicedesk.notifications.email_out import SmtpTransport, reference_in_reply_address
from servicedesk.notifications.models import (
    DeliveryAttempt,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
)
from servicedesk.tickets import service as tickets
from servicedesk.tickets.escalation import escalate
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Channel, Subscription

from ..conftest import TUESDAY_10AM_NY


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """An aiosmtpd handler that keeps what it is given, or answers with a chosen code."""

    def __init__(self):
        self.messages = []
        self.answer = "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if not self.answer.startswith("250"):
            return self.answer
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def to(self, address):
        return [message for rcpts, message in self.messages if address in rcpts]


@pytest.fixture
def smtp(app):
    """A real SMTP server on a free port, and the app pointed at it."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_SECURITY="none")
    mailbox.controller = controller
    yield mailbox
    mailbox.controller.stop()  # the one running now: a test may have restarted the server


def deliver(app, at=None) -> outbox.DrainReport:
    clock = (lambda: at) if at is not None else outbox.utcnow
    return outbox.drain(
        jobs.transports(app), "test-worker", outbox.Settings.from_config(app.config), clock=clock
    )


@pytest.fixture
def desk(make_team, make_user, make_category, sla_policy):
    team = make_team("Public Works")
    agent = make_user(Role.AGENT, teams=[team], name="Alex Agent")
    colleague = make_user(Role.AGENT, teams=[team], name="Casey Colleague")
    lead = make_user(Role.LEAD, teams=[team], name="Lee Lead")
    category = make_category("Streetlights", default_team=team)
    db.session.commit()
    return {
        "team": team,
        "agent": agent,
        "colleague": colleague,
        "lead": lead,
        "category": category,
    }


def open_for_resident(desk, language="en", email="rosa@example.net"):
    ticket = tickets.open_ticket(
        actor=desk["agent"],
        channel=Channel.AGENT,
        subject="Streetlight out on Main St",
        description="Dark since Monday.",
        contact_name="Rosa Resident",
        contact_email=email,
        category=desk["category"],
        language=language,
        team=desk["team"],
        now=TUESDAY_10AM_NY,
    )
    db.session.commit()
    return ticket


def test_a_new_request_tells_the_requester_and_the_team_once(app, smtp, desk):
    ticket = open_for_resident(desk)
    deliver(app)
    deliver(app)  # a second pass finds nothing left to send

    (received,) = smtp.to("rosa@example.net")
    assert received["Subject"] == f"[{ticket.reference}] We received your request: {ticket.subject}"
    text = received.get_body(("plain",)).get_content()
    assert "Hello Rosa Resident," in text
    assert "https://desk.test/citizen/track/" in text
    assert received.get_body(("html",)) is not None
    # Everyone in the team but the agent who filed it hears of the new ticket.
    assert len(smtp.to(desk["colleague"].email)) == 1
    assert len(smtp.to(desk["lead"].email)) == 1
    assert smtp.to(desk["agent"].email) == []


def test_notices_thread_and_carry_a_signed_reply_address(app, smtp, desk):
    ticket = open_for_resident(desk)
    tickets.add_reply(ticket, "A crew comes on Thursday.", actor=desk["agent"])
    db.session.commit()
    deliver(app)

    received, reply = smtp.to("rosa@example.net")
    root = f"<{ticket.reference.lower()}@riverton.test>"
    for message in (received, reply):
        assert message["In-Reply-To"] == root and root in message["References"]
        assert reference_in_reply_address(message["Reply-To"], app.config["SECRET_KEY"]) == (
            ticket.reference
        )
    assert received["Message-ID"] != reply["Message-ID"]
    assert "A crew comes on Thursday." in reply.get_body(("plain",)).get_content()
    stored = db.session.scalar(
        select(OutboxMessage.ticket_id).where(OutboxMessage.message_id == reply["Message-ID"])
    )
    assert stored == ticket.id  # an answer naming this Message-ID finds the ticket again


def test_internal_notes_never_reach_the_requester(app, smtp, desk):
    ticket = open_for_resident(desk)
    deliver(app)
    tickets.add_internal_note(ticket, "Resident called twice, be careful.", actor=desk["agent"])
    db.session.commit()
    deliver(app)
    assert len(smtp.to("rosa@example.net")) == 1  # the "received" notice only
    for _rcpts, message in smtp.messages:
        assert "be careful" not in message.as_string()


def test_the_requester_hears_in_their_language(app, smtp, desk):
    ticket = open_for_resident(desk, language="es", email="lucia@example.net")
    tickets.change_status(ticket, Status.RESOLVED, actor=desk["agent"])
    db.session.commit()
    deliver(app)
    received, resolved = smtp.to("lucia@example.net")
    assert received["Subject"].startswith(f"[{ticket.reference}] Hemos recibido su solicitud")
    assert received["Content-Language"] == "es"
    assert resolved["Subject"] == f"[{ticket.reference}] Resuelta: {ticket.subject}"
    body = resolved.get_body(("plain",)).get_content()
    assert "Sí, está solucionado" in body and "#rating" in body and "#resolution" in body


def test_followers_hear_of_updates_without_anyone_s_personal_data(app, smtp, desk):
    ticket = open_for_resident(desk)
    db.session.add(Subscription(ticket_id=ticket.id, email="neighbour@example.net"))
    db.session.commit()
    tickets.add_reply(ticket, "Rosa, we will call you on 555-0100.", actor=desk["agent"])
    tickets.change_status(ticket, Status.RESOLVED, actor=desk["agent"])
    db.session.commit()
    deliver(app)

    update, resolved = smtp.to("neighbour@example.net")
    for message in (update, resolved):
        content = message.as_string()
        assert "555-0100" not in content and "Rosa" not in content
        assert "rosa@example.net" not in content
    assert "#rating" not in resolved.get_body(("plain",)).get_content()  # only the requester rates


def test_the_requester_replying_tells_the_assignee(app, smtp, desk):
    ticket = open_for_resident(desk)
    tickets.assign(ticket, desk["colleague"], actor=desk["agent"])
    db.session.commit()
    tickets.add_reply(
        ticket,
        "It is still dark tonight.",
        actor=None,
        channel=Channel.EMAIL,
        author_email="rosa@example.net",
    )
    db.session.commit()
    deliver(app)
    subjects = [message["Subject"] for message in smtp.to(desk["colleague"].email)]
    assert f"[{ticket.reference}] Assigned to you: {ticket.subject}" in subjects
    assert f"[{ticket.reference}] The requester replied: {ticket.subject}" in subjects


def test_sla_breach_tells_the_assignee_and_the_leads_once(app, smtp, desk):
    ticket = open_for_resident(desk)
    tickets.assign(ticket, desk["colleague"], actor=desk["agent"])
    db.session.commit()
    late = ticket.first_response_due_at + timedelta(minutes=1)
    escalate(late)
    db.session.commit()
    escalate(late + timedelta(minutes=1))  # the sweep runs every minute
    db.session.commit()
    deliver(app)

    def breaches(address):
        return [m for m in smtp.to(address) if "SLA breached: first response" in m["Subject"]]

    assert len(breaches(desk["colleague"].email)) == 1
    assert len(breaches(desk["lead"].email)) == 1
    assert breaches("rosa@example.net") == []


def test_people_choose_what_they_hear(app, smtp, desk, client):
    preferences.save_choices(
        desk["colleague"], {"team_new": False, "assigned": True}, actor=desk["colleague"]
    )
    db.session.commit()
    ticket = open_for_resident(desk)
    deliver(app)
    assert smtp.to(desk["colleague"].email) == []

    token = preferences.unsubscribe_token("rosa@example.net", app.config["SECRET_KEY"])
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 200
    tickets.add_reply(ticket, "Fixed tomorrow.", actor=desk["agent"])
    db.session.commit()
    deliver(app)
    assert len(smtp.to("rosa@example.net")) == 1  # received, before unsubscribing


def test_a_rolled_back_change_sends_nothing(app, smtp, desk):
    open_for_resident(desk)
    deliver(app)
    before = len(smtp.messages)
    ticket = tickets.open_ticket(
        actor=desk["agent"],
        channel=Channel.AGENT,
        subject="Never filed",
        contact_email="ghost@example.net",
        team=desk["team"],
    )
    assert ticket.id is not None
    db.session.rollback()
    deliver(app)
    assert len(smtp.messages) == before
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.recipient == "ghost@example.net")
        )
        == 0
    )


def test_a_server_that_is_down_costs_no_attempt_and_the_mail_waits(app, smtp, desk):
    smtp.controller.stop()
    open_for_resident(desk)
    report = deliver(app)
    assert report.sent == 0 and report.waiting >= 1
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert {row.status for row in rows} == {OutboxStatus.PENDING}
    assert all(row.attempts == 0 and "SMTP server" in row.last_error for row in rows)

    restarted = Controller(smtp, hostname="127.0.0.1", port=app.config["SMTP_PORT"])
    restarted.start()
    smtp.controller = restarted
    report = deliver(app, at=outbox.utcnow() + timedelta(minutes=10))
    assert report.sent == len(rows)
    assert len(smtp.to("rosa@example.net")) == 1


def test_a_refusal_is_retried_with_backoff_and_a_permanent_one_fails_at_once(app, smtp, desk):
    smtp.answer = "451 Try again later"
    open_for_resident(desk)
    now = outbox.utcnow()
    report = deliver(app, at=now)
    assert report.retrying >= 1 and report.sent == 0
    row = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "rosa@example.net")
    )
    assert row.attempts == 1 and row.next_attempt_at > now + timedelta(seconds=20)
    assert "451" in row.last_error

    smtp.answer = "550 No such mailbox"
    deliver(app, at=now + timedelta(hours=1))
    db.session.refresh(row)
    assert row.status == OutboxStatus.FAILED and "550" in row.last_error
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(DeliveryAttempt)
            .where(DeliveryAttempt.outbox_id == row.id)
        )
        == 2
    )

    smtp.answer = "250 OK"
    outbox.retry(row, actor=desk["lead"])
    db.session.commit()
    deliver(app, at=now + timedelta(hours=1))
    assert len(smtp.to("rosa@example.net")) == 1


def test_a_worker_that_loses_its_claim_never_finishes_the_message(app, smtp, desk):
    """The end-of-data mark goes out only after the row is marked sent: a worker whose
    claim was taken over stops before it, and the server discards the unfinished message."""
    open_for_resident(desk)
    row = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "rosa@example.net")
    )
    transport = SmtpTransport(app.config)

    def claim_was_lost():
        raise outbox.ClaimLost("taken over")

    with pytest.raises(outbox.ClaimLost):
        transport.send(row, claim_was_lost)
    transport.close()
    deliver(app)
    assert len(smtp.to("rosa@example.net")) == 1  # once, by the worker that held the claim


def test_two_workers_never_claim_the_same_row(app, desk):
    for number in range(5):
        open_for_resident(desk, email=f"resident{number}@example.net")
    now = outbox.utcnow()
    first = outbox.claim_due("worker-a", now, 8)
    second = outbox.claim_due("worker-b", now, 100)
    assert first and second and not set(first) & set(second)
    total = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert len(first) + len(second) == total


def test_a_dead_worker_s_claims_are_freed_after_the_timeout(app, desk):
    open_for_resident(desk)
    now = outbox.utcnow()
    claimed = outbox.claim_due("dead-worker", now, 100)
    settings = outbox.Settings(claim_timeout_seconds=300)
    assert outbox.free_stale_claims(now + timedelta(seconds=60), settings) == 0
    assert outbox.free_stale_claims(now + timedelta(seconds=301), settings) == len(claimed)
    assert outbox.claim_due("live-worker", now + timedelta(seconds=301), 100) == claimed


def test_switched_off_notifications_queue_nothing(app, desk):
    app.config["NOTIFICATIONS_ENABLED"] = False
    open_for_resident(desk)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_the_html_part_escapes_what_people_typed(app, smtp, desk):
    ticket = tickets.open_ticket(
        actor=desk["agent"],
        channel=Channel.AGENT,
        subject="<script>alert(1)</script> lamp",
        contact_email="rosa@example.net",
        team=desk["team"],
    )
    db.session.commit()
    deliver(app)
    (received,) = smtp.to("rosa@example.net")
    html = received.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert ticket.reference in html


def test_without_an_smtp_server_mail_lands_in_the_drop_folder(app, desk):
    from pathlib import Path

    app.config["SMTP_HOST"] = ""
    open_for_resident(desk)
    deliver(app)
    files = sorted(Path(app.config["MAIL_DROP_FOLDER"]).glob("*rosa@example.net.eml"))
    assert len(files) == 1
    assert "We received your request" in files[0].read_text()


def test_staff_choices_are_stored(app, desk):
    preferences.save_choices(desk["agent"], {"team_new": False}, actor=desk["agent"])
    db.session.commit()
    choices = preferences.choices(desk["agent"])
    assert choices["team_new"] is False and choices["assigned"] is False
    assert db.session.get(NotificationPreference, (desk["agent"].id, "team_new")) is not None


def test_stopping_to_follow_on_the_tracking_page_stops_the_emails(app, smtp, desk):
    from servicedesk.tickets.models import TrackingToken
    from servicedesk.tickets.tracking import revoke

    ticket = open_for_resident(desk)
    deliver(app)
    link = db.session.scalar(select(TrackingToken).where(TrackingToken.email == "rosa@example.net"))
    revoke(link)
    db.session.commit()
    tickets.add_reply(ticket, "Fixed tomorrow.", actor=desk["agent"])
    db.session.commit()
    deliver(app)
    assert len(smtp.to("rosa@example.net")) == 1  # "received" only


def test_the_minute_sweep_escalates_and_alerts_team_leads_once_a_day(app, smtp, desk):
    from servicedesk.notifications.models import TeamAlertRule

    db.session.add(TeamAlertRule(team_id=desk["team"].id, backlog_threshold=2))
    for number in range(3):
        open_for_resident(desk, email=f"resident{number}@example.net")
    jobs.minute_sweep(app)
    jobs.minute_sweep(app)  # the next minute: the backlog is still high, but told already

    alerts = [m for m in smtp.to(desk["lead"].email) if "open tickets" in m["Subject"]]
    assert len(alerts) == 1
    assert alerts[0]["Subject"] == "[Public Works] Public Works has 3 open tickets"
    assert smtp.to(desk["agent"].email) == []  # leads only


def test_a_breach_rate_over_the_threshold_alerts_the_leads(app, smtp, desk):
    from servicedesk.notifications import alerts
    from servicedesk.notifications.models import TeamAlertRule

    db.session.add(TeamAlertRule(team_id=desk["team"].id, breach_rate_percent=50))
    made = [open_for_resident(desk, email=f"resident{n}@example.net") for n in range(6)]
    late = made[0].first_response_due_at + timedelta(minutes=1)
    for ticket in made[:4]:  # 4 of 6 answered late: 67 %
        tickets.record_escalation(ticket, "breach", "first_response", now=late)
    db.session.commit()
    assert alerts.check_team_alerts(late) == 1
    db.session.commit()
    deliver(app)
    (alert,) = [m for m in smtp.to(desk["lead"].email) if "of its SLA targets" in m["Subject"]]
    assert "67%" in alert["Subject"] and "50%" in alert.get_body(("plain",)).get_content()


def test_a_person_chooses_their_notices_and_language_on_their_account_page(
    app, smtp, desk, login_as
):
    client = login_as(desk["colleague"])
    page = client.get("/auth/account/notifications").get_data(as_text=True)
    assert "A new ticket in your team&#39;s queue" in page or "new ticket in your team" in page
    response = client.post("/auth/account/notifications", data={"language": "es", "assigned": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    ticket = open_for_resident(desk)
    tickets.assign(ticket, desk["colleague"], actor=desk["agent"])
    db.session.commit()
    deliver(app)
    (assigned,) = smtp.to(desk["colleague"].email)  # no "new in your team": switched off
    assert assigned["Subject"] == f"[{ticket.reference}] Asignado a usted: {ticket.subject}"


def test_confirming_a_fix_sends_the_requester_nothing_more(app, smtp, desk):
    ticket = open_for_resident(desk)
    tickets.change_status(ticket, Status.RESOLVED, actor=desk["agent"])
    tickets.confirm_resolution(ticket, actor=None, via="tracking link")
    db.session.commit()
    deliver(app)
    subjects = [message["Subject"] for message in smtp.to("rosa@example.net")]
    assert subjects == [
        f"[{ticket.reference}] We received your request: {ticket.subject}",
        f"[{ticket.reference}] Resolved: {ticket.subject}",
    ]
