"""Webhooks against a real HTTP receiver: signatures, retries with backoff, failing for good,
an admin's retry, no duplicates, who gets what, and the admin services that manage webhooks."""

import http.server
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from servicedesk.accounts.models import Role
from servicedesk.audit import AuditEntry
from servicedesk.errors import PermissionDenied, ValidationError
from servicedesk.extensions import db
from servicedesk.notifications import outbox, webhook_admin, webhooks
from servicedesk.notifications.models import (
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    WebhookEvent,
)

T0 = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)
RETRY_SECONDS = 60
SETTINGS = outbox.Settings(max_attempts=3, retry_seconds=RETRY_SECONDS)
OPENED = WebhookEvent.TICKET_OPENED.value


# --- a real receiver -----------------------------------------------------------------------


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int

    @property
    def event(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What a receiving system saw; answers 500 to the next ``failures`` requests."""

    port: int = 0
    failures: int = 0
    deliveries: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/hooks/desk") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def accepted(self) -> list[Delivery]:
        return [d for d in self.deliveries if 200 <= d.answered < 300]


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                failing = state.failures > 0
                state.failures -= failing
                answer = 500 if failing else 200
                state.deliveries.append(Delivery(self.path, dict(self.headers), body, answer))
            reply = b"receiver is down for maintenance" if failing else b"ok"
            self.send_response(answer)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(5)


def deliver(at: datetime) -> outbox.DrainReport:
    transports = {OutboxKind.WEBHOOK: webhooks.WebhookTransport(timeout=5)}
    return outbox.drain(transports, "test-worker", SETTINGS, clock=lambda: at)


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, name="Ada Admin")


@pytest.fixture
def make_webhook(admin):
    def make(url, events=(OPENED,), is_active=True, name="Asset register"):
        hook = webhook_admin.create_webhook(
            actor=admin, name=name, url=url, events=list(events), is_active=is_active, now=T0
        )
        db.session.commit()
        return hook

    return make


def queue(event_id="evt_1", event=WebhookEvent.TICKET_OPENED, **data) -> int:
    queued = webhooks.queue_event(event, event_id, {"reference": "SD-000042"} | data, now=T0)
    db.session.commit()
    return queued


def rows_for(hook) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.webhook_id == hook.id))
    )


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


# --- delivery ------------------------------------------------------------------------------


def test_the_receiver_verifies_the_signature_over_the_raw_body(receiver, make_webhook):
    hook = make_webhook(receiver.url())
    assert queue(subject="Streetlight out") == 1
    assert deliver(T0).sent == 1
    [delivery] = receiver.deliveries
    header = delivery.headers[webhooks.SIGNATURE_HEADER]
    assert webhooks.verify(hook.secret, header, delivery.body, now=time.time())
    assert delivery.headers[webhooks.EVENT_ID_HEADER] == "evt_1"
    assert delivery.headers["Content-Type"] == "application/json"
    assert delivery.event["type"] == OPENED
    assert delivery.event["data"] == {"reference": "SD-000042", "subject": "Streetlight out"}
    # A changed body, another secret, or an old timestamp is refused.
    assert not webhooks.verify(hook.secret, header, delivery.body + b" ", now=time.time())
    assert not webhooks.verify("whsec_other", header, delivery.body, now=time.time())
    assert not webhooks.verify(hook.secret, header, delivery.body, now=time.time() + 3600)


def test_a_500_is_retried_after_a_backoff_and_then_delivered(receiver, make_webhook):
    hook = make_webhook(receiver.url())
    receiver.failures = 1
    queue()
    report = deliver(T0)
    assert (report.sent, report.retrying) == (0, 1)
    [row] = rows_for(hook)
    assert row.status == OutboxStatus.PENDING and row.attempts == 1
    assert row.last_error == "HTTP 500: receiver is down for maintenance"
    wait = (row.next_attempt_at - T0).total_seconds()
    assert RETRY_SECONDS * 0.8 <= wait <= RETRY_SECONDS * 1.2

    # Not due yet: nothing is sent before the backoff is over.
    assert deliver(T0 + timedelta(seconds=RETRY_SECONDS * 0.5)).sent == 0
    assert len(receiver.deliveries) == 1

    assert deliver(row.next_attempt_at).sent == 1
    db.session.refresh(row)
    assert row.status == OutboxStatus.SENT and row.attempts == 2 and row.last_error == ""
    assert [(a.ok, a.detail) for a in row.attempts_log] == [
        (False, "HTTP 500: receiver is down for maintenance"),
        (True, "HTTP 200"),
    ]
    # The retry repeats the same event id and the same bytes, so the receiver can tell.
    first, second = receiver.deliveries
    assert first.body == second.body
    assert {d.headers[webhooks.EVENT_ID_HEADER] for d in receiver.deliveries} == {"evt_1"}
    assert [d.event["id"] for d in receiver.accepted] == ["evt_1"]


def test_the_wait_doubles_after_each_failure(receiver, make_webhook):
    hook = make_webhook(receiver.url())
    receiver.failures = 2
    queue()
    deliver(T0)
    [row] = rows_for(hook)
    second_try = row.next_attempt_at
    deliver(second_try)
    db.session.refresh(row)
    wait = (row.next_attempt_at - second_try).total_seconds()
    assert 2 * RETRY_SECONDS * 0.8 <= wait <= 2 * RETRY_SECONDS * 1.2
    assert row.attempts == 2 and row.status == OutboxStatus.PENDING


def test_after_the_last_attempt_the_row_fails_and_an_admin_retry_sends_it(
    receiver, make_webhook, admin
):
    hook = make_webhook(receiver.url())
    receiver.failures = SETTINGS.max_attempts
    queue()
    [row] = rows_for(hook)
    now = T0
    for _ in range(SETTINGS.max_attempts):
        deliver(now)
        db.session.refresh(row)
        now = row.next_attempt_at
    assert row.status == OutboxStatus.FAILED and row.attempts == SETTINGS.max_attempts
    assert "HTTP 500" in row.last_error
    # Failed rows are not picked up again, however long the worker waits.
    assert deliver(T0 + timedelta(days=7)).sent == 0
    assert len(receiver.deliveries) == SETTINGS.max_attempts

    outbox.retry(row, actor=admin, now=T0 + timedelta(days=7))
    db.session.commit()
    assert deliver(T0 + timedelta(days=7)).sent == 1
    db.session.refresh(row)
    assert row.status == OutboxStatus.SENT
    assert [d.event["id"] for d in receiver.accepted] == ["evt_1"]
    assert len(receiver.deliveries) == SETTINGS.max_attempts + 1
    assert audit_actions()[-1] == "outbox.retried"


def test_an_event_id_is_queued_once_per_webhook(receiver, make_webhook):
    first = make_webhook(receiver.url("/first"))
    second = make_webhook(receiver.url("/second"), name="GIS")
    assert queue("evt_7") == 2
    assert queue("evt_7") == 0  # in a later transaction
    assert webhooks.queue_event(WebhookEvent.TICKET_OPENED, "evt_8", {}, now=T0) == 2
    assert webhooks.queue_event(WebhookEvent.TICKET_OPENED, "evt_8", {}, now=T0) == 0  # same one
    db.session.commit()
    assert len(rows_for(first)) == len(rows_for(second)) == 2
    deliver(T0)
    deliver(T0 + timedelta(hours=1))
    seen = sorted((d.path, d.event["id"]) for d in receiver.accepted)
    assert seen == [("/first", "evt_7"), ("/first", "evt_8"), ("/second", "evt_7"),
                    ("/second", "evt_8")]  # fmt: skip


def test_only_active_webhooks_subscribed_to_the_event_receive_it(receiver, make_webhook):
    make_webhook(receiver.url("/subscribed"))
    make_webhook(receiver.url("/switched-off"), is_active=False)
    make_webhook(receiver.url("/other-events"), events=[WebhookEvent.SLA_BREACHED.value])
    assert queue() == 1
    deliver(T0)
    assert [d.path for d in receiver.deliveries] == ["/subscribed"]


def test_a_deleted_webhooks_waiting_delivery_fails_for_good(receiver, make_webhook, admin):
    hook = make_webhook(receiver.url())
    queue()
    [row] = rows_for(hook)
    assert webhook_admin.delete_webhook(hook, actor=admin) == 1
    db.session.commit()
    report = deliver(T0)
    db.session.refresh(row)
    assert (report.sent, report.failed) == (0, 1)
    assert row.status == OutboxStatus.FAILED and row.attempts == 1
    assert row.last_error == "The webhook was deleted or switched off."
    assert receiver.deliveries == []


def test_switching_a_webhook_off_stops_what_waits(receiver, make_webhook, admin):
    hook = make_webhook(receiver.url())
    queue()
    webhook_admin.update_webhook(
        hook, actor=admin, name=hook.name, url=hook.url, events=hook.events, is_active=False
    )
    db.session.commit()
    deliver(T0)
    [row] = rows_for(hook)
    assert row.status == OutboxStatus.FAILED and "switched off" in row.last_error
    assert receiver.deliveries == []


def test_an_edited_url_receives_what_still_waits(receiver, make_webhook, admin):
    hook = make_webhook(receiver.url("/old"))
    queue()
    webhook_admin.update_webhook(
        hook,
        actor=admin,
        name=hook.name,
        url=receiver.url("/new"),
        events=hook.events,
        is_active=True,
    )
    db.session.commit()
    deliver(T0)
    assert [d.path for d in receiver.deliveries] == ["/new"]


def test_an_unreachable_receiver_is_retried(make_webhook):
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler) as s:
        closed_port = s.server_address[1]  # nothing listens there once the server is closed
    hook = make_webhook(f"http://127.0.0.1:{closed_port}/hooks")
    queue()
    assert deliver(T0).retrying == 1
    [row] = rows_for(hook)
    assert row.status == OutboxStatus.PENDING and row.last_error.startswith("Could not reach")


# --- administration services ---------------------------------------------------------------


def test_creating_a_webhook_gives_it_a_secret_and_audits_without_it(admin):
    hook = webhook_admin.create_webhook(
        actor=admin,
        name=" Asset register ",
        url="https://assets.example.org/hooks",
        events=[WebhookEvent.SLA_BREACHED.value, OPENED],
    )
    db.session.commit()
    assert hook.name == "Asset register"
    assert hook.events == [OPENED, WebhookEvent.SLA_BREACHED.value]  # in the list's order
    assert hook.secret.startswith("whsec_") and len(hook.secret) > 30
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.object_id, entry.actor_id) == ("webhook.created", hook.id, admin.id)
    assert "https://assets.example.org/hooks" in entry.summary
    assert hook.secret not in entry.summary


def test_each_webhook_gets_its_own_secret(make_webhook):
    first = make_webhook("https://a.example.org/")
    second = make_webhook("https://b.example.org/")
    assert first.secret != second.secret


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "A URL is required."),
        ("ftp://files.example.org/drop", "Use an http:// or https:// URL."),
        ("javascript:alert(1)", "Use an http:// or https:// URL."),
        ("assets.example.org/hooks", "Use an http:// or https:// URL."),
        ("https://", "The URL needs a host name"),
        ("https://assets.example.org:99999/", "This is not a valid URL."),
        ("https://bob:hunter2@assets.example.org/", "Leave user names and passwords out"),
        ("https://assets.example.org/a b", "A URL cannot contain spaces."),
        ("https://example.org/" + "x" * 500, "Use at most 500 characters."),
    ],
)
def test_a_bad_url_is_refused(admin, url, message):
    with pytest.raises(ValidationError) as refused:
        webhook_admin.create_webhook(actor=admin, name="Hook", url=url, events=[OPENED])
    assert message in refused.value.fields["url"]


@pytest.mark.parametrize(
    ("events", "message"),
    [([], "Choose at least one event"), (["ticket.deleted"], "Unknown event 'ticket.deleted'")],
)
def test_events_come_from_the_list(admin, events, message):
    with pytest.raises(ValidationError) as refused:
        webhook_admin.create_webhook(
            actor=admin, name="Hook", url="https://example.org/", events=events
        )
    assert message in refused.value.fields["events"]


def test_only_admins_manage_webhooks(make_user, make_webhook):
    hook = make_webhook("https://example.org/")
    lead = make_user(Role.LEAD)
    with pytest.raises(PermissionDenied):
        webhook_admin.create_webhook(actor=lead, name="X", url="https://x.org/", events=[OPENED])
    with pytest.raises(PermissionDenied):
        webhook_admin.rotate_secret(hook, actor=lead)
    with pytest.raises(PermissionDenied):
        webhook_admin.delete_webhook(hook, actor=None)


def test_updates_are_audited_field_by_field(make_webhook, admin):
    hook = make_webhook("https://example.org/hooks")
    webhook_admin.update_webhook(
        hook,
        actor=admin,
        name="Asset register",
        url="https://example.org/v2/hooks",
        events=[OPENED],
        is_active=False,
    )
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "webhook.updated"
    assert entry.summary == (
        "URL: 'https://example.org/hooks' -> 'https://example.org/v2/hooks'; active: yes -> no"
    )


def test_a_rotated_secret_signs_the_next_delivery(receiver, make_webhook, admin):
    hook = make_webhook(receiver.url())
    old = hook.secret
    queue()
    new = webhook_admin.rotate_secret(hook, actor=admin)
    db.session.commit()
    assert new != old and hook.secret == new
    deliver(T0)
    [delivery] = receiver.deliveries
    header = delivery.headers[webhooks.SIGNATURE_HEADER]
    assert webhooks.verify(new, header, delivery.body, now=time.time())
    assert not webhooks.verify(old, header, delivery.body, now=time.time())
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "webhook.secret_rotated" and new not in entry.summary


def test_a_test_event_goes_to_that_webhook_only(receiver, make_webhook, admin):
    hook = make_webhook(receiver.url("/tested"))
    make_webhook(receiver.url("/other"), name="Other")
    webhook_admin.send_test_event(hook, actor=admin, now=T0)
    webhook_admin.send_test_event(hook, actor=admin, now=T0)  # each click is a new event
    db.session.commit()
    deliver(T0)
    assert [d.path for d in receiver.accepted] == ["/tested", "/tested"]
    events = [d.event for d in receiver.accepted]
    assert {e["type"] for e in events} == {"webhook.test"}
    assert events[0]["id"] != events[1]["id"]
    assert events[0]["data"]["webhook"] == {"id": hook.id, "name": hook.name}
    header = receiver.accepted[0].headers[webhooks.SIGNATURE_HEADER]
    assert webhooks.verify(hook.secret, header, receiver.accepted[0].body, now=time.time())
    assert audit_actions().count("webhook.test_sent") == 2


def test_a_switched_off_webhook_cannot_be_tested(make_webhook, admin):
    hook = make_webhook("https://example.org/", is_active=False)
    with pytest.raises(ValidationError, match="switched off"):
        webhook_admin.send_test_event(hook, actor=admin)
    assert rows_for(hook) == []


# --- ticket events -------------------------------------------------------------------------


def test_ticket_changes_reach_subscribed_systems_without_personal_data(
    receiver, make_webhook, make_team, make_user, sla_policy
):
    from servicedesk.tickets import service as tickets
    from servicedesk.tickets.lifecycle import Status
    from servicedesk.tickets.models import Channel

    every_event = [event.value for event in WebhookEvent]
    make_webhook(receiver.url(), events=every_event)
    team = make_team("Public Works")
    agent = make_user(Role.AGENT, teams=[team])
    ticket = tickets.open_ticket(
        actor=agent,
        channel=Channel.AGENT,
        subject="Pothole on Elm",
        team=team,
        contact_name="Rosa Resident",
        contact_email="rosa@example.net",
        now=T0,
    )
    tickets.add_internal_note(ticket, "Caller sounded upset.", actor=agent, now=T0)
    tickets.change_status(ticket, Status.RESOLVED, actor=agent, now=T0)
    tickets.add_reply(  # the requester answers: not fixed, which reopens the ticket
        ticket,
        "Still there.",
        actor=None,
        channel=Channel.EMAIL,
        author_email="rosa@example.net",
        now=T0,
    )
    db.session.commit()
    deliver(outbox.utcnow() + timedelta(seconds=1))  # the signals queue at the real time

    events = [delivery.event for delivery in receiver.accepted]
    assert [event["type"] for event in events] == [
        "ticket.opened",
        "ticket.status_changed",
        "ticket.status_changed",  # the requester's reply reopened it
        "ticket.message_added",
    ]
    assert events[0]["data"]["ticket"]["reference"] == ticket.reference
    assert (events[2]["data"]["old_status"], events[2]["data"]["new_status"]) == (
        "resolved",
        "open",
    )
    for delivery in receiver.accepted:
        assert b"rosa" not in delivery.body.lower()  # no requester name or email
        assert b"upset" not in delivery.body  # internal notes never leave
    assert len({event["id"] for event in events}) == 4
