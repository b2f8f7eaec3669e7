"""Notification administration over HTTP: webhooks and their delivery log, the outbox with its
Retry button, and the inbound mail log. Admins only; every change audited; no 500s."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from servicedesk.accounts.models import Role
from servicedesk.audit import AuditEntry
from servicedesk.extensions import db
from servicedesk.notifications import outbox, webhook_admin
from servicedesk.notifications.models import (
    InboundEmail,
    InboundOutcome,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    Webhook,
    WebhookEvent,
)
from servicedesk.portals.agent import notifications_admin
from servicedesk.timeutils import utcnow

OPENED = WebhookEvent.TICKET_OPENED.value
BREACHED = WebhookEvent.SLA_BREACHED.value


class StubTransport:
    """Accepts every message except those to ``refused@...``, which it refuses for good."""

    def send(self, message, commit_point) -> str:
        if message.recipient.startswith("refused@") or "refused" in message.recipient:
            raise outbox.DeliveryFailed("550 5.1.1 No such mailbox", permanent=True)
        return "250 OK"

    def close(self) -> None:
        pass


def deliver() -> outbox.DrainReport:
    stub = StubTransport()
    transports = {OutboxKind.EMAIL: stub, OutboxKind.WEBHOOK: stub}
    return outbox.drain(transports, "test-worker", outbox.Settings(), clock=utcnow)


def email(recipient: str, key: str, ticket_id: int | None = None) -> OutboxMessage:
    return outbox.enqueue(
        kind=OutboxKind.EMAIL,
        key=key,
        event="ticket.opened",
        recipient=recipient,
        payload={"subject": "Your request"},
        ticket_id=ticket_id,
    )


@pytest.fixture
def desk(make_user):
    desk = {
        "admin": make_user(Role.ADMIN, name="Ada Admin"),
        "lead": make_user(Role.LEAD, name="Lee Lead"),
        "agent": make_user(Role.AGENT, name="Avery Agent"),
    }
    desk["hook"] = webhook_admin.create_webhook(
        actor=desk["admin"],
        name="Asset register",
        url="https://assets.example.org/hooks",
        events=[OPENED],
    )
    db.session.commit()
    return desk


@pytest.fixture
def failed_row(desk):
    """A failed email (refused for good by the stub), delivered through the real outbox."""
    row = email("refused@example.org", "test:refused")
    db.session.commit()
    deliver()
    db.session.refresh(row)
    assert row.status == OutboxStatus.FAILED
    return row


def page(response) -> str:
    return response.get_data(as_text=True)


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def webhook_form(**overrides) -> dict:
    return {"name": "GIS", "url": "https://gis.example.org/desk", "events": [OPENED, BREACHED],
            "is_active": "y"} | overrides  # fmt: skip


PAGES = [
    "/agent/admin/webhooks",
    "/agent/admin/webhooks/new",
    "/agent/admin/webhooks/{hook}",
    "/agent/admin/outbox",
    "/agent/admin/outbox/{row}",
    "/agent/admin/mail",
]
ACTIONS = [
    "/agent/admin/webhooks/new",
    "/agent/admin/webhooks/{hook}",
    "/agent/admin/webhooks/{hook}/secret",
    "/agent/admin/webhooks/{hook}/test",
    "/agent/admin/webhooks/{hook}/delete",
    "/agent/admin/outbox/{row}/retry",
]


def url(template: str, desk, row) -> str:
    return template.format(hook=desk["hook"].id, row=row.id)


def test_the_tables_list_every_page(app):
    rules = {
        re.sub(r"<[^>]+>", "<>", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[-1] in vars(notifications_admin)
        and rule.rule.startswith("/agent/admin/")
    }
    listed = {re.sub(r"\{\w+\}", "<>", u) for u in PAGES + ACTIONS}
    # Team KPI alerts are for leads too: tested on their own at the end of this file.
    assert rules == listed | {"/agent/admin/alerts"}


@pytest.mark.parametrize("template", PAGES)
def test_admins_see_every_page(desk, failed_row, login_as, template):
    response = login_as(desk["admin"]).get(url(template, desk, failed_row))
    assert response.status_code == 200 and "<h1>" in page(response)


@pytest.mark.parametrize("who", ["agent", "lead"])
@pytest.mark.parametrize(
    ("method", "template"), [("GET", t) for t in PAGES] + [("POST", t) for t in ACTIONS]
)
def test_agents_and_leads_get_403(desk, failed_row, login_as, who, method, template):
    before = audit_actions()
    client = login_as(desk[who])
    response = client.open(url(template, desk, failed_row), method=method, data=webhook_form())
    assert response.status_code == 403
    assert "Only admins" in page(response)
    assert audit_actions() == before
    db.session.refresh(failed_row)
    assert failed_row.status == OutboxStatus.FAILED
    assert db.session.scalars(select(Webhook.name)).all() == ["Asset register"]


def test_anonymous_visitors_are_sent_to_sign_in(desk, client):
    response = client.get("/agent/admin/outbox")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "target",
    [
        "/agent/admin/webhooks/987654",
        "/agent/admin/webhooks/987654/delete",
        "/agent/admin/outbox/987654",
        "/agent/admin/outbox/987654/retry",
    ],
)
def test_unknown_ids_are_not_found(desk, login_as, target):
    client = login_as(desk["admin"])
    response = client.post(target) if target.endswith(("delete", "retry")) else client.get(target)
    assert response.status_code == 404


def test_the_index_links_these_pages_for_admins_only(desk, login_as):
    admin_page = page(login_as(desk["admin"]).get("/agent/admin/"))
    for link in ("/agent/admin/webhooks", "/agent/admin/outbox", "/agent/admin/mail"):
        assert f'href="{link}"' in admin_page
    lead_page = page(login_as(desk["lead"]).get("/agent/admin/"))
    assert "/agent/admin/webhooks" not in lead_page


# --- webhooks ------------------------------------------------------------------------------


def test_an_admin_creates_edits_and_deletes_a_webhook(desk, login_as):
    client = login_as(desk["admin"])
    response = client.post("/agent/admin/webhooks/new", data=webhook_form())
    hook = db.session.scalar(select(Webhook).where(Webhook.name == "GIS"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/agent/admin/webhooks/{hook.id}#secret")
    assert (hook.url, hook.events, hook.is_active) == (
        "https://gis.example.org/desk",
        [OPENED, BREACHED],
        True,
    )
    edit = client.get(f"/agent/admin/webhooks/{hook.id}")
    html = page(edit)
    assert hook.secret in html and "webhooks.verify" in html and "Servicedesk-Signature" in html
    assert edit.headers["Cache-Control"] == "no-store"  # the page shows a secret
    assert 'value="https://gis.example.org/desk"' in html

    response = client.post(
        f"/agent/admin/webhooks/{hook.id}",
        data=webhook_form(url="https://gis.example.org/v2", events=[BREACHED], is_active=""),
    )
    assert response.status_code == 302
    db.session.refresh(hook)
    assert (hook.url, hook.events, hook.is_active) == (
        "https://gis.example.org/v2",
        [BREACHED],
        False,
    )
    listing = page(client.get("/agent/admin/webhooks"))
    assert (
        "GIS" in listing and "https://gis.example.org/v2" in listing and "SLA breached" in listing
    )

    response = client.post(f"/agent/admin/webhooks/{hook.id}/delete")
    assert response.status_code == 302
    assert db.session.get(Webhook, hook.id) is None
    assert "Webhook GIS deleted." in page(client.get(response.headers["Location"]))
    assert audit_actions() == [
        "webhook.created",  # the fixture's
        "webhook.created",
        "webhook.updated",
        "webhook.deleted",
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"url": "ftp://gis.example.org/"}, "url", "Use an http:// or https:// URL."),
        ({"url": "gis.example.org"}, "url", "Use an http:// or https:// URL."),
        ({"url": ""}, "url", "A URL is required."),
        ({"name": ""}, "name", "A name is required."),
        ({"events": []}, "events", "Choose at least one event"),
        ({"events": ["ticket.exploded"]}, "events", "not a valid choice"),
    ],
)
def test_a_bad_webhook_comes_back_with_its_message(desk, login_as, data, field, message):
    response = login_as(desk["admin"]).post("/agent/admin/webhooks/new", data=webhook_form(**data))
    assert response.status_code == 400
    html = page(response)
    assert re.search(rf'<p class="error" id="{field}-error">[^<]*{re.escape(message)}', html)
    assert db.session.scalars(select(Webhook.name)).all() == ["Asset register"]
    assert audit_actions() == ["webhook.created"]


def test_a_bad_url_on_the_edit_page_keeps_what_was_typed(desk, login_as):
    hook = desk["hook"]
    response = login_as(desk["admin"]).post(
        f"/agent/admin/webhooks/{hook.id}", data=webhook_form(url="mailto:ops@example.org")
    )
    assert response.status_code == 400
    html = page(response)
    assert "Use an http:// or https:// URL." in html and 'value="mailto:ops@example.org"' in html
    db.session.refresh(hook)
    assert hook.url == "https://assets.example.org/hooks"


def test_rotating_the_secret(desk, login_as):
    hook = desk["hook"]
    old = hook.secret
    client = login_as(desk["admin"])
    response = client.post(f"/agent/admin/webhooks/{hook.id}/secret")
    assert response.status_code == 302
    db.session.refresh(hook)
    assert hook.secret != old
    html = page(client.get(response.headers["Location"]))
    assert hook.secret in html and old not in html and "new signing secret" in html
    assert audit_actions()[-1] == "webhook.secret_rotated"


def test_a_test_event_and_its_deliveries_show_in_the_log(desk, login_as):
    hook = desk["hook"]
    client = login_as(desk["admin"])
    response = client.post(f"/agent/admin/webhooks/{hook.id}/test")
    assert response.status_code == 302
    assert "Test event queued" in page(client.get(response.headers["Location"]))
    [row] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.webhook_id == hook.id))
    assert (row.event, row.recipient) == ("webhook.test", hook.url)
    deliver()
    html = page(client.get(f"/agent/admin/webhooks/{hook.id}"))
    log = html[html.index('id="deliveries"') :]
    assert "Test event" in log and row.payload["id"] in log and "Sent" in log
    assert "delivered (250 OK)" in log
    assert audit_actions()[-1] == "webhook.test_sent"


def test_a_switched_off_webhook_explains_why_it_cannot_be_tested(desk, login_as):
    hook = desk["hook"]
    hook.is_active = False
    db.session.commit()
    client = login_as(desk["admin"])
    assert "Activate it to send a test event" in page(
        client.get(f"/agent/admin/webhooks/{hook.id}")
    )
    response = client.post(f"/agent/admin/webhooks/{hook.id}/test")
    assert response.status_code == 400 and "switched off" in page(response)
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_the_delivery_log_is_newest_first_and_paged(desk, login_as):
    hook = desk["hook"]
    size = notifications_admin.DELIVERIES_PAGE_SIZE
    for _ in range(size + 3):
        webhook_admin.send_test_event(hook, actor=desk["admin"])
    db.session.commit()
    ids = [row.payload["id"] for row in db.session.scalars(webhook_admin.deliveries(hook))]
    client = login_as(desk["admin"])
    first = page(client.get(f"/agent/admin/webhooks/{hook.id}"))
    shown = re.findall(r"<code>(evt_test_\w+)</code>", first)
    assert shown == ids[:size]
    older = re.search(r'<a rel="next" href="([^"]+)"', first)[1].replace("&amp;", "&")
    second = page(client.get(older))
    assert re.findall(r"<code>(evt_test_\w+)</code>", second) == ids[size:]
    assert 'rel="next"' not in second and "First page" in second


def test_deleting_a_webhook_with_waiting_deliveries_says_they_will_not_be_sent(desk, login_as):
    hook = desk["hook"]
    webhook_admin.send_test_event(hook, actor=desk["admin"])
    db.session.commit()
    client = login_as(desk["admin"])
    response = client.post(f"/agent/admin/webhooks/{hook.id}/delete")
    assert "1 waiting delivery will not be sent." in page(client.get(response.headers["Location"]))
    # The outbox keeps the row; the worker fails it with a reason.
    [row] = db.session.scalars(select(OutboxMessage)).all()
    assert row.webhook_id is None


# --- the outbox ----------------------------------------------------------------------------


def test_the_outbox_counts_lists_and_filters(desk, make_ticket, sla_policy, login_as):
    ticket = make_ticket(actor=desk["admin"])
    mine = [
        email("rita@example.org", "test:rita", ticket_id=ticket.id),
        email("refused@example.org", "test:refused"),
    ]
    db.session.commit()
    deliver()
    mine.append(email("later@example.org", "test:later"))
    db.session.commit()
    counts = outbox.counts_by_status()
    client = login_as(desk["admin"])
    html = page(client.get("/agent/admin/outbox"))
    for status in OutboxStatus:
        assert re.search(rf'id="count-{status.value}">{counts[status]}<', html)
    assert f'href="/agent/tickets/{ticket.id}">{ticket.reference}</a>' in html
    assert html.index("later@example.org") < html.index("rita@example.org")  # newest first
    assert "550 5.1.1 No such mailbox" in html

    failed = page(client.get("/agent/admin/outbox", query_string={"status": "failed"}))
    assert "refused@example.org" in failed and "rita@example.org" not in failed
    assert failed.count(">Retry<") == counts[OutboxStatus.FAILED]
    webhooks_only = page(client.get("/agent/admin/outbox", query_string={"kind": "webhook"}))
    assert "refused@example.org" not in webhooks_only


@pytest.mark.parametrize("query", [{"status": "lost"}, {"kind": "fax"}, {"after": "x"}])
def test_a_bad_outbox_filter_is_explained(desk, login_as, query):
    response = login_as(desk["admin"]).get("/agent/admin/outbox", query_string=query)
    assert response.status_code == 400


def test_retrying_a_failed_message(desk, failed_row, login_as):
    client = login_as(desk["admin"])
    response = client.post(
        f"/agent/admin/outbox/{failed_row.id}/retry",
        data={"back": "/agent/admin/outbox?status=failed"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/agent/admin/outbox?status=failed")
    db.session.refresh(failed_row)
    assert failed_row.status == OutboxStatus.PENDING and failed_row.attempts == 0
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor_id, entry.object_id) == (
        "outbox.retried",
        desk["admin"].id,
        failed_row.id,
    )
    assert "is queued again" in page(client.get("/agent/admin/outbox"))
    # Retrying it again before it failed again is refused with a reason.
    response = client.post(f"/agent/admin/outbox/{failed_row.id}/retry")
    assert response.status_code == 409 and "Only a failed message" in page(response)


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example/x", "/auth/logout"])
def test_retry_returns_only_to_an_admin_page(desk, failed_row, login_as, back):
    response = login_as(desk["admin"]).post(
        f"/agent/admin/outbox/{failed_row.id}/retry", data={"back": back}
    )
    assert response.headers["Location"].endswith(f"/agent/admin/outbox/{failed_row.id}")


def test_a_messages_page_lists_its_attempts(desk, failed_row, login_as):
    client = login_as(desk["admin"])
    html = page(client.get(f"/agent/admin/outbox/{failed_row.id}"))
    assert "refused@example.org" in html and "Failed" in html
    assert "550 5.1.1 No such mailbox" in html and ">Retry<" in html
    client.post(f"/agent/admin/outbox/{failed_row.id}/retry")
    deliver()  # refused again: now two attempts are listed
    html = page(client.get(f"/agent/admin/outbox/{failed_row.id}"))
    assert html.count("550 5.1.1 No such mailbox</td>") == 2


# --- inbound mail --------------------------------------------------------------------------


def test_the_mail_log_lists_newest_first_and_filters_by_outcome(
    desk, make_ticket, sla_policy, login_as
):
    ticket = make_ticket(actor=desk["admin"])
    now = utcnow()
    db.session.add_all([
        InboundEmail(sender="rita@example.org", subject="Streetlight still out",
                     outcome=InboundOutcome.REPLY, ticket_id=ticket.id,
                     received_at=now - timedelta(minutes=5)),
        InboundEmail(sender="mailer-daemon@example.org", subject="Undeliverable",
                     outcome=InboundOutcome.BOUNCE, detail="A delivery report", received_at=now),
    ])  # fmt: skip
    db.session.commit()
    client = login_as(desk["admin"])
    html = page(client.get("/agent/admin/mail"))
    assert html.index("Undeliverable") < html.index("Streetlight still out")
    assert "Reply added" in html and "Bounce dropped" in html
    assert f'href="/agent/tickets/{ticket.id}">{ticket.reference}</a>' in html
    bounces = page(client.get("/agent/admin/mail", query_string={"outcome": "bounce"}))
    assert "Undeliverable" in bounces and "Streetlight still out" not in bounces
    response = client.get("/agent/admin/mail", query_string={"outcome": "spam"})
    assert response.status_code == 400


def test_the_mail_log_is_read_only(desk, login_as):
    response = login_as(desk["admin"]).post("/agent/admin/mail")
    assert response.status_code == 405


# --- CSRF ----------------------------------------------------------------------------------


def csrf_token(html: str, name: str) -> str:
    return re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]+)"', html)[1]


@pytest.mark.parametrize(
    ("action", "token_name"),
    [
        ("/agent/admin/webhooks/{hook}", "csrf_token"),
        ("/agent/admin/webhooks/{hook}/secret", "secret-csrf_token"),
        ("/agent/admin/webhooks/{hook}/test", "test-csrf_token"),
        ("/agent/admin/webhooks/{hook}/delete", "delete-csrf_token"),
    ],
)
def test_the_webhook_page_carries_the_tokens_its_forms_need(
    app, desk, failed_row, login_as, action, token_name
):
    client = login_as(desk["admin"])
    app.config["WTF_CSRF_ENABLED"] = True
    target = url(action, desk, failed_row)
    before = len(audit_actions())
    assert client.post(target, data=webhook_form()).status_code == 400  # no token
    assert len(audit_actions()) == before
    html = page(client.get(f"/agent/admin/webhooks/{desk['hook'].id}"))
    response = client.post(target, data=webhook_form() | {token_name: csrf_token(html, token_name)})
    assert response.status_code == 302, page(response)[-2000:]
    assert len(audit_actions()) == before + 1


def test_the_retry_button_carries_its_token(app, desk, failed_row, login_as):
    client = login_as(desk["admin"])
    app.config["WTF_CSRF_ENABLED"] = True
    target = f"/agent/admin/outbox/{failed_row.id}/retry"
    assert client.post(target).status_code == 400
    html = page(client.get("/agent/admin/outbox"))
    response = client.post(target, data={"csrf_token": csrf_token(html, "csrf_token")})
    assert response.status_code == 302
    assert audit_actions()[-1] == "outbox.retried"


# --- team KPI alerts -----------------------------------------------------------------------


def test_a_lead_sets_their_team_s_alerts_and_the_change_is_audited(
    app, make_team, make_user, login_as
):
    from servicedesk.audit import AuditEntry
    from servicedesk.notifications.models import TeamAlertRule

    works, parks = make_team("Public Works"), make_team("Parks")
    lead = make_user(Role.LEAD, teams=[works])
    db.session.commit()
    client = login_as(lead)
    page = client.get("/agent/admin/alerts").get_data(as_text=True)
    assert "Public Works" in page and "Parks" not in page  # only their own team

    response = client.post(
        "/agent/admin/alerts",
        data={
            "team": works.id,
            f"team{works.id}-backlog_threshold": "25",
            f"team{works.id}-breach_rate_percent": "10",
        },
    )
    assert response.status_code == 302
    rule = db.session.get(TeamAlertRule, works.id)
    assert (rule.backlog_threshold, rule.breach_rate_percent) == (25, 10)
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "team_alerts.changed")
    ).one()
    assert "backlog: — -> 25" in entry.summary

    refused = client.post("/agent/admin/alerts", data={"team": parks.id})
    assert refused.status_code == 403


def test_an_impossible_rate_is_a_form_error(app, make_team, make_user, login_as):
    works = make_team("Public Works")
    admin = make_user(Role.ADMIN)
    db.session.commit()
    response = login_as(admin).post(
        "/agent/admin/alerts",
        data={"team": works.id, f"team{works.id}-breach_rate_percent": "150"},
    )
    assert response.status_code == 400
    assert "100" in response.get_data(as_text=True)


def test_an_agent_cannot_set_alerts(app, make_team, make_user, login_as):
    make_team("Public Works")
    agent = make_user(Role.AGENT)
    db.session.commit()
    assert login_as(agent).get("/agent/admin/alerts").status_code == 403
