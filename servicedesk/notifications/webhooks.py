"""Webhooks: signed JSON events for other systems, delivered through the outbox.

Each delivery is a POST of a JSON body ``{"id", "type", "created_at", "data"}``. The headers
carry the event id and a signature over the timestamp and the raw body:

    Servicedesk-Event-Id: evt_1234
    Servicedesk-Signature: t=1767225600,v1=<hex HMAC-SHA256 of "1767225600.<body>">

A receiver recomputes the HMAC with its secret, compares in constant time, refuses old
timestamps, and ignores an event id it has seen (a retry after a lost answer repeats one).
"""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..timeutils import utcnow
from . import outbox
from .models import OutboxKind, OutboxMessage, Webhook, WebhookEvent
from .outbox import DeliveryFailed

SIGNATURE_HEADER = "Servicedesk-Signature"
EVENT_ID_HEADER = "Servicedesk-Event-Id"
USER_AGENT = "servicedesk-webhooks/1"


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for *body* sent at *timestamp* (seconds)."""
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, *, now: float, tolerance: int = 300) -> bool:
    """What a receiver does: check the signature and that it is recent."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return abs(now - timestamp) <= tolerance and hmac.compare_digest(expected, parts.get("v1", ""))


def queue_event(
    event_type: WebhookEvent,
    event_id: str,
    data: dict[str, Any],
    *,
    ticket_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Queue the event for every active webhook that asked for it; return how many."""
    now = now or utcnow()
    hooks = db.session.scalars(select(Webhook).where(Webhook.is_active.is_(True))).all()
    body = {"id": event_id, "type": event_type.value, "created_at": now.isoformat(), "data": data}
    queued = 0
    for hook in hooks:
        if event_type.value not in (hook.events or []):
            continue
        queued += bool(
            outbox.enqueue(
                kind=OutboxKind.WEBHOOK,
                key=f"webhook:{hook.id}:{event_id}",
                event=event_type.value,
                recipient=hook.url,
                payload=body,
                ticket_id=ticket_id,
                webhook_id=hook.id,
                now=now,
            )
        )
    return queued


class WebhookTransport:
    """POSTs each event to its webhook's URL; any 2xx answer is a delivery."""

    def __init__(self, timeout: int = 10):
        self.timeout = timeout

    def send(self, message: OutboxMessage, commit_point) -> str:
        hook = db.session.get(Webhook, message.webhook_id) if message.webhook_id else None
        if hook is None or not hook.is_active:
            raise DeliveryFailed("The webhook was deleted or switched off.", permanent=True)
        body = json.dumps(message.payload, separators=(",", ":"), sort_keys=True).encode()
        request = urllib.request.Request(
            hook.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                EVENT_ID_HEADER: message.payload["id"],
                SIGNATURE_HEADER: signature(hook.secret, int(time.time()), body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            excerpt = error.read(200).decode(errors="replace")
            raise DeliveryFailed(f"HTTP {error.code}: {' '.join(excerpt.split())}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise DeliveryFailed(f"Could not reach {hook.url}: {reason}") from None
        return f"HTTP {status}"

    def close(self) -> None:
        pass
