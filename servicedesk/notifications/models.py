"""Notification tables: the outbox and its delivery log, webhooks, preferences, inbound mail.

Only ``outbox.py`` changes outbox rows; every row is written in the transaction of the change
that caused it (see ``events.py``), so a rolled back change never sends anything.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Team
from ..dbtypes import EnumText
from ..extensions import db
from ..timeutils import UTCDateTime, utcnow


class OutboxKind(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting for a worker (or for its next attempt)
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; an admin may retry it

    @property
    def label(self) -> str:
        return self.value.capitalize()


class OutboxMessage(db.Model):
    """One message to one person or system, delivered by the worker at most once."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OutboxKind] = mapped_column(EnumText(OutboxKind, 10))
    # The same key is never queued twice, so a repeated event or a retried job sends nothing new.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    event: Mapped[str] = mapped_column(String(40))
    # An email address or a webhook URL: what the admin's outbox page shows.
    recipient: Mapped[str] = mapped_column(String(500))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), index=True
    )
    webhook_id: Mapped[int | None] = mapped_column(
        ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    # The email's Message-ID: a reply names it in In-Reply-To, which finds the ticket again.
    message_id: Mapped[str | None] = mapped_column(String(255), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(
        EnumText(OutboxStatus, 10), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    webhook: Mapped["Webhook | None"] = relationship(back_populates="deliveries")
    attempts_log: Mapped[list["DeliveryAttempt"]] = relationship(
        back_populates="message", order_by="DeliveryAttempt.id", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at", "id"),)


class DeliveryAttempt(db.Model):
    """One try at delivering an outbox row: the delivery log admins read."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean)
    # "250 OK", "HTTP 500: ...", "connection refused"; never a secret.
    detail: Mapped[str] = mapped_column(String(500), default="")
    duration_ms: Mapped[int] = mapped_column(default=0)

    message: Mapped[OutboxMessage] = relationship(back_populates="attempts_log")


class WebhookEvent(StrEnum):
    TICKET_OPENED = "ticket.opened"
    STATUS_CHANGED = "ticket.status_changed"
    MESSAGE_ADDED = "ticket.message_added"
    SLA_BREACHED = "ticket.sla_breached"
    BOOKING_CHANGED = "booking.changed"

    @property
    def label(self) -> str:
        return {
            "ticket.opened": "Ticket opened",
            "ticket.status_changed": "Status changed",
            "ticket.message_added": "Public message added",
            "ticket.sla_breached": "SLA breached",
            "booking.changed": "Booking changed",
        }[self.value]


class Webhook(db.Model):
    """An admin-registered URL that receives signed JSON events."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    # Signs each body (HMAC-SHA256); the receiver holds the same value. Shown to admins only.
    secret: Mapped[str] = mapped_column(String(128))
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    deliveries: Mapped[list[OutboxMessage]] = relationship(
        back_populates="webhook", order_by="OutboxMessage.id.desc()", lazy="dynamic"
    )

    def __str__(self) -> str:
        return self.name


class NotificationPreference(db.Model):
    """A user's choice for one kind of notice; no row means the default (on)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    notice: Mapped[str] = mapped_column(String(40), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)


class EmailOptOut(db.Model):
    """An address that asked (by the link in an email) to hear nothing more from the desk."""

    __tablename__ = "email_opt_outs"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamAlertRule(db.Model):
    """KPI alerts for a team's leads: a backlog or a breach rate over a threshold."""

    __tablename__ = "team_alert_rules"

    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    backlog_threshold: Mapped[int | None]
    breach_rate_percent: Mapped[int | None]

    team: Mapped[Team] = relationship()


class InboundOutcome(StrEnum):
    REPLY = "reply"  # became a public message on a ticket
    NEW_TICKET = "new_ticket"
    AUTO_REPLY = "auto_reply"  # out-of-office and other machine mail: dropped
    BOUNCE = "bounce"  # a delivery report: dropped
    STRANGER = "stranger"  # a sender who may not post into the ticket it names: refused
    DUPLICATE = "duplicate"  # the same Message-ID arrived before
    REJECTED = "rejected"  # empty, unreadable, or a closed ticket: refused with a reason

    @property
    def label(self) -> str:
        return {
            "reply": "Reply added",
            "new_ticket": "New ticket",
            "auto_reply": "Auto-reply dropped",
            "bounce": "Bounce dropped",
            "stranger": "Refused: unknown sender",
            "duplicate": "Duplicate ignored",
            "rejected": "Refused",
        }[self.value]


class InboundEmail(db.Model):
    """What became of each email the desk received (SMTP receiver or IMAP fetch)."""

    __tablename__ = "inbound_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), default="", index=True)
    sender: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(10), default="smtp")
    outcome: Mapped[InboundOutcome] = mapped_column(EnumText(InboundOutcome, 20))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    detail: Mapped[str] = mapped_column(String(500), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
