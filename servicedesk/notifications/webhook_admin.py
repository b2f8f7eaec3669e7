"""Webhook administration: register, edit and delete webhooks, rotate secrets, send a test.

Admins only. Every change records an audit entry in the caller's transaction (these functions
flush and never commit); the signing secret never appears in the audit log. Deleting a webhook
keeps its delivery history in the outbox: the rows lose their webhook, and any that still wait
then fail for good with a message saying the webhook was deleted.
"""

import secrets
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..accounts.models import User
from ..errors import PermissionDenied, ValidationError
from ..extensions import db
from ..tickets import policy
from ..timeutils import utcnow
from . import outbox, webhooks
from .models import OutboxKind, OutboxMessage, OutboxStatus, Webhook, WebhookEvent

# Only an admin's "send a test event" queues this type; subscriptions cannot ask for it.
TEST_EVENT = "webhook.test"
MAX_NAME = 120
MAX_URL = 500


def _require_admin(actor: User | None) -> None:
    if not policy.can_administer(actor):
        raise PermissionDenied("Only admins manage webhooks.")


def _check(name: str, url: str, events: list[str]) -> dict:
    """The cleaned values, or a ValidationError naming each bad field."""
    name, url = (name or "").strip(), (url or "").strip()
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "A name is required."
    elif len(name) > MAX_NAME:
        problems["name"] = f"Use at most {MAX_NAME} characters."
    url_problem = _url_problem(url)
    if url_problem:
        problems["url"] = url_problem
    known = {event.value for event in WebhookEvent}
    unknown = [event for event in events if event not in known]
    if unknown:
        problems["events"] = f"Unknown event {unknown[0]!r}: choose events from the list."
    elif not events:
        problems["events"] = "Choose at least one event to send."
    if problems:
        raise ValidationError("The webhook has errors.", problems)
    # Stored in the list's order, so an edit that only reorders the choices changes nothing.
    chosen = [event.value for event in WebhookEvent if event.value in events]
    return {"name": name, "url": url, "events": chosen}


def _url_problem(url: str) -> str | None:
    if not url:
        return "A URL is required."
    if len(url) > MAX_URL:
        return f"Use at most {MAX_URL} characters."
    if any(character.isspace() for character in url):
        return "A URL cannot contain spaces."
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number 0-65535)
    except ValueError:
        return "This is not a valid URL."
    if parts.scheme.lower() not in ("http", "https"):
        return "Use an http:// or https:// URL."
    if not parts.hostname:
        return "The URL needs a host name, as in https://example.org/hooks/desk."
    if parts.username is not None or parts.password is not None:
        # The desk would not send them, and every admin page would show them.
        return "Leave user names and passwords out of the URL; receivers check the signature."
    return None


def _facts(hook: Webhook) -> dict:
    return {
        "name": hook.name,
        "URL": hook.url,
        "events": list(hook.events or []),
        "active": hook.is_active,
    }


def create_webhook(
    *,
    actor: User | None,
    name: str,
    url: str,
    events: list[str],
    is_active: bool = True,
    now: datetime | None = None,
) -> Webhook:
    """Register a webhook with a new signing secret.

    :raises ValidationError: naming each bad field.
    """
    _require_admin(actor)
    values = _check(name, url, events)
    hook = Webhook(
        **values,
        secret=webhooks.new_secret(),
        is_active=is_active,
        created_at=now or utcnow(),
    )
    db.session.add(hook)
    audit.record(actor, "webhook.created", hook, audit.describe(_facts(hook)), now=now)
    return hook


def update_webhook(
    hook: Webhook,
    *,
    actor: User | None,
    name: str,
    url: str,
    events: list[str],
    is_active: bool,
    now: datetime | None = None,
) -> Webhook:
    """Edit a webhook. Deliveries still waiting go to the new URL, or fail if it is now off.

    :raises ValidationError: naming each bad field.
    """
    _require_admin(actor)
    values = _check(name, url, events)
    before = _facts(hook)
    hook.name, hook.url, hook.events = values["name"], values["url"], values["events"]
    hook.is_active = is_active
    audit.record(actor, "webhook.updated", hook, audit.changes(before, _facts(hook)), now=now)
    return hook


def delete_webhook(hook: Webhook, *, actor: User | None, now: datetime | None = None) -> int:
    """Delete a webhook; return how many of its deliveries were still waiting (they fail)."""
    _require_admin(actor)
    waiting = waiting_deliveries(hook)
    summary = audit.describe(_facts(hook) | {"deliveries waiting": waiting})
    audit.record(actor, "webhook.deleted", hook, summary, now=now)
    db.session.delete(hook)
    db.session.flush()
    return waiting


def rotate_secret(hook: Webhook, *, actor: User | None, now: datetime | None = None) -> str:
    """Give the webhook a new signing secret and return it.

    Every delivery from now on, a retry of an older event included, is signed with it.
    """
    _require_admin(actor)
    hook.secret = webhooks.new_secret()
    audit.record(actor, "webhook.secret_rotated", hook, "A new signing secret.", now=now)
    return hook.secret


def send_test_event(
    hook: Webhook, *, actor: User | None, now: datetime | None = None
) -> OutboxMessage:
    """Queue a ``webhook.test`` event for this webhook alone, signed like every other.

    :raises ValidationError: if the webhook is switched off (it would receive nothing).
    """
    _require_admin(actor)
    if not hook.is_active:
        raise ValidationError(
            "This webhook is switched off and receives nothing. Activate it to send a test event."
        )
    now = now or utcnow()
    event_id = f"evt_test_{secrets.token_hex(8)}"
    body = {
        "id": event_id,
        "type": TEST_EVENT,
        "created_at": now.isoformat(),
        "data": {
            "webhook": {"id": hook.id, "name": hook.name},
            "message": "A test event sent from the service desk's administration.",
        },
    }
    row = outbox.enqueue(
        kind=OutboxKind.WEBHOOK,
        key=f"webhook:{hook.id}:{event_id}",
        event=TEST_EVENT,
        recipient=hook.url,
        payload=body,
        webhook_id=hook.id,
        now=now,
    )
    audit.record(actor, "webhook.test_sent", hook, f"event id: {event_id!r}", now=now)
    return row


def waiting_deliveries(hook: Webhook) -> int:
    """How many deliveries to this webhook wait for a (first or next) attempt."""
    return db.session.scalar(
        select(func.count()).where(
            OutboxMessage.webhook_id == hook.id, OutboxMessage.status == OutboxStatus.PENDING
        )
    )


def deliveries(hook: Webhook) -> Select:
    """The outbox rows for this webhook, newest first, with their attempts loaded."""
    return (
        select(OutboxMessage)
        .where(OutboxMessage.webhook_id == hook.id)
        .options(selectinload(OutboxMessage.attempts_log))
        .order_by(OutboxMessage.id.desc())
    )
