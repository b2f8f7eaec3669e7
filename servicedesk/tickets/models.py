"""Ticket domain tables. Only ``service.py`` writes tickets, messages and events."""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    select,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..accounts.models import Team, User
from ..dbtypes import EnumText
from ..extensions import db
from ..timeutils import UTCDateTime, utcnow
from .lifecycle import Status
from .routing import TicketFacts

REFERENCE_PREFIX = "SD-"
# Sorts after every real due time: tickets with no running clock go last in the queue.
NO_DUE_TIME = datetime(2999, 1, 1, tzinfo=UTC)


class Audience(StrEnum):
    EMPLOYEES = "employees"
    RESIDENTS = "residents"
    BOTH = "both"


class Channel(StrEnum):
    AGENT = "agent"  # an agent files on behalf of a caller (phone, counter, walk-in)
    EMPLOYEE_PORTAL = "employee_portal"
    CITIZEN_PORTAL = "citizen_portal"
    EMAIL = "email"
    API = "api"
    OPEN311 = "open311"

    @property
    def label(self) -> str:
        return {
            "agent": "Agent (phone / counter)",
            "employee_portal": "Employee portal",
            "citizen_portal": "Citizen portal",
            "email": "Email",
            "api": "REST API",
            "open311": "Open311",
        }[self.value]


PATH_SEPARATOR = " › "


class Translatable:
    """Names an administrator gave in other languages than the desk's own (English):
    ``{"es": {"name": "...", "description": "..."}}``; a missing one reads as the original."""

    translations: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSON, default=dict)

    def translated(self, attribute: str, language: str) -> str:
        """*attribute* ("name" or "description") as written for readers of *language*."""
        own = ((self.translations or {}).get(language) or {}).get(attribute)
        return own or getattr(self, attribute)


class Category(Translatable, db.Model):
    """A node of the one category tree both portals share."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(500), default="")
    audience: Mapped[Audience] = mapped_column(EnumText(Audience, 20), default=Audience.BOTH)
    default_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped["Category | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Category"]] = relationship(
        back_populates="parent", order_by="Category.name"
    )
    default_team: Mapped[Team | None] = relationship()

    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    @property
    def path(self) -> list["Category"]:
        """Categories from the root down to this one."""
        node, chain = self, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def full_name(self) -> str:
        return PATH_SEPARATOR.join(node.name for node in self.path)

    def full_name_in(self, language: str) -> str:
        """The full name with each level as written for readers of *language*."""
        return PATH_SEPARATOR.join(node.translated("name", language) for node in self.path)

    def __str__(self) -> str:
        return self.full_name


def category_full_names(active_only: bool = True, language: str | None = None) -> dict[int, str]:
    """Every category's full name ("Streets › Potholes") by id, from one query of plain rows
    (pickers list them on every page; walking ``Category.parent`` costs a lookup per level);
    with *language*, each level as written for its readers."""
    rows = {
        row.id: row
        for row in db.session.execute(
            select(
                Category.id,
                Category.parent_id,
                Category.name,
                Category.is_active,
                Category.translations,
            )
        )
    }

    def name_of(row) -> str:
        own = ((row.translations or {}).get(language) or {}).get("name") if language else None
        return own or row.name

    def full_name(row) -> str:
        names = []
        while row is not None and len(names) < 50:  # the admin screens refuse cycles
            names.append(name_of(row))
            row = rows.get(row.parent_id)
        return PATH_SEPARATOR.join(reversed(names))

    return {
        category_id: full_name(row)
        for category_id, row in rows.items()
        if row.is_active or not active_only
    }


class ApprovalRule(StrEnum):
    """Who must approve a catalog item's requests before they are routed."""

    NONE = "none"
    MANAGER = "manager"  # the requester's manager (from single sign-on or the directory)
    TEAM = "team"  # any member of a named approver team

    @property
    def label(self) -> str:
        return {"none": "No approval", "manager": "Requester's manager",
                "team": "An approver team"}[self.value]  # fmt: skip


class CatalogItem(Translatable, db.Model):
    """A request type with its own form (see ``catalog.py`` for the schema), optionally an
    approval before routing and child-task templates (see ``onboarding.py``)."""

    __tablename__ = "catalog_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[Audience] = mapped_column(EnumText(Audience, 20), default=Audience.BOTH)
    form_schema: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    approval: Mapped[ApprovalRule] = mapped_column(
        EnumText(ApprovalRule, 20), default=ApprovalRule.NONE, server_default="none"
    )
    approver_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    # [{"subject": "Laptop", "team": "IT Service Desk", "due_days": -3}, ...]: one child task
    # each, due relative to the form's date field named by due_field (see onboarding.py).
    child_tasks: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    due_field: Mapped[str] = mapped_column(String(40), default="", server_default="")

    category: Mapped[Category] = relationship()
    approver_team: Mapped[Team | None] = relationship()

    def __str__(self) -> str:
        return self.name


class Ticket(db.Model):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[Channel] = mapped_column(EnumText(Channel, 20))
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who filed it, when not the requester (an employee asking on behalf of a colleague).
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # A requester without an account (email, phone, anonymous resident) is a contact.
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # The language the requester wrote in: their notices are written in it too.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    catalog_item_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_items.id"))
    field_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    location_lat: Mapped[float | None]
    location_lon: Mapped[float | None]
    location_address: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[Status] = mapped_column(EnumText(Status, 30), default=Status.NEW)
    impact: Mapped[str] = mapped_column(String(10), default="medium")
    urgency: Mapped[str] = mapped_column(String(10), default="medium")
    priority: Mapped[str] = mapped_column(String(10), default="medium")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    # Indexed: the tracking page asks whether other reports were merged into this one.
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    sla_policy_id: Mapped[int | None] = mapped_column(ForeignKey("sla_policies.id"))
    first_response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The queue sorts by this: the nearest running SLA target, or far in the future.
    queue_due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=NO_DUE_TIME)
    first_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A requested date (an onboarding task due before the start date), beside the SLA.
    due_on: Mapped[date | None]
    # When each clock reaches its warning threshold; the sweep finds due warnings by index.
    first_response_warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolution_warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Escalation marks make `tickets escalate` idempotent: each warning and breach once.
    first_response_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    requester: Mapped[User | None] = relationship(foreign_keys=[requester_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    team: Mapped[Team | None] = relationship()
    category: Mapped[Category | None] = relationship()
    catalog_item: Mapped[CatalogItem | None] = relationship()
    sla_policy: Mapped["SlaPolicy | None"] = relationship()
    parent: Mapped["Ticket | None"] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list["Ticket"]] = relationship(
        foreign_keys=[parent_id], back_populates="parent", order_by="Ticket.id"
    )
    duplicate_of: Mapped["Ticket | None"] = relationship(
        remote_side=[id], foreign_keys=[duplicate_of_id]
    )
    messages: Mapped[list["Message"]] = relationship(
        back_populates="ticket", order_by="Message.id", foreign_keys="Message.ticket_id"
    )
    events: Mapped[list["TicketEvent"]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="ticket", order_by="Attachment.id"
    )

    # The version column makes SQLAlchemy add "AND version = :old" to every UPDATE, so two
    # agents can never silently overwrite each other (see service.check_version).
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The text filter's columns ride along, so a filtered queue reads index entries only
        # and never the ticket rows (600 bytes each with the description).
        Index(
            "ix_tickets_queue",
            "status",
            "queue_due_at",
            "id",
            "team_id",
            "assignee_id",
            "subject",
            "contact_email",
        ),
        Index("ix_tickets_team_queue", "team_id", "status", "queue_due_at", "id"),
        Index("ix_tickets_assignee_queue", "assignee_id", "status", "queue_due_at", "id"),
        Index("ix_tickets_requester", "requester_id", "created_at"),
        # Reports near a place (duplicates before filing): a box on latitude, then longitude.
        Index("ix_tickets_location", "location_lat", "location_lon"),
        # A category's recent resolutions: the expected time shown on the report form.
        Index("ix_tickets_category_resolved", "category_id", "resolved_at"),
        # Requests filed in a time window, newest first (Open311 GET requests).
        Index("ix_tickets_created_at", "created_at"),
    )

    @property
    def reference(self) -> str:
        return format_reference(self.id)

    @property
    def requester_label(self) -> str:
        if self.requester is not None:
            return f"{self.requester.name} <{self.requester.email}>"
        if self.contact_email:
            return f"{self.contact_name} <{self.contact_email}>".strip()
        return self.contact_name or "Anonymous"

    @property
    def audience(self) -> Audience:
        """Who filed it: employees (employee portal or a staff account) or residents."""
        if self.channel == Channel.EMPLOYEE_PORTAL:
            return Audience.EMPLOYEES
        if self.requester is not None and self.requester.role != "resident":
            return Audience.EMPLOYEES
        return Audience.RESIDENTS

    def facts(self) -> TicketFacts:
        """What routing rules and SLA policies look at."""
        return TicketFacts(
            category_path=tuple(node.id for node in self.category.path) if self.category else (),
            channel=self.channel.value,
            audience=self.audience.value,
            subject=self.subject,
            description=self.description,
            priority=self.priority,
            is_flagged=text_is_flagged(self.subject, self.description),
        )

    @property
    def has_location(self) -> bool:
        return self.location_lat is not None and self.location_lon is not None


def text_is_flagged(*texts: str) -> bool:
    """Whether a requester's words raise the sentiment flag (scored in ``reports``)."""
    # Imported here: reports reads tickets, and routing only needs this one answer.
    from ..reports.sentiment import is_alarming

    return is_alarming(*texts)


def format_reference(ticket_id: int) -> str:
    return f"{REFERENCE_PREFIX}{ticket_id:06d}"


# Ticket ids are 32-bit integers on PostgreSQL: a larger number names no ticket (and must not
# reach a query, where it would be an error instead of "not found").
MAX_TICKET_ID = 2**31 - 1


def parse_reference(text: str) -> int | None:
    """Return the ticket id in ``SD-000123`` (or ``123``), else None."""
    cleaned = text.strip().upper().removeprefix(REFERENCE_PREFIX)
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 12):
        return None
    number = int(cleaned)
    return number if 0 < number <= MAX_TICKET_ID else None


class EventKind(StrEnum):
    OPENED = "opened"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    TEAM_CHANGED = "team_changed"
    PRIORITY_CHANGED = "priority_changed"
    CATEGORY_CHANGED = "category_changed"
    REPLIED = "replied"
    NOTE_ADDED = "note_added"
    ATTACHMENT_ADDED = "attachment_added"
    ROUTED = "routed"
    MERGED = "merged"
    MERGED_INTO = "merged_into"
    LINKED = "linked"
    UNLINKED = "unlinked"
    CHILD_ADDED = "child_added"
    PARENT_SET = "parent_set"
    SLA_SET = "sla_set"
    SLA_WARNING = "sla_warning"
    SLA_BREACH = "sla_breach"
    FOLLOWED = "followed"
    RATED = "rated"
    # A resident's account claimed an anonymous report, or the account was deleted.
    REQUESTER_CHANGED = "requester_changed"
    APPROVAL_REQUESTED = "approval_requested"
    APPROVED = "approved"
    REJECTED = "rejected"


class TicketEvent(db.Model):
    """One audited change: who, when, what, old -> new. The timeline is read from these."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[EventKind] = mapped_column(EnumText(EventKind, 30))
    old_value: Mapped[str | None] = mapped_column(String(300))
    new_value: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    # Internal events (notes, routing reasons) are never shown to a requester.
    is_internal: Mapped[bool] = mapped_column(Boolean, default=False)
    # The ticket's version after this change: a stale writer learns what happened since.
    ticket_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Message(db.Model):
    """A public reply or an internal note on a ticket."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_email: Mapped[str] = mapped_column(String(254), default="")
    is_internal: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[Channel] = mapped_column(EnumText(Channel, 20))
    body: Mapped[str] = mapped_column(Text)
    email_message_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    # Set when a merge moved the message here from another ticket.
    original_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="messages", foreign_keys=[ticket_id])
    author: Mapped[User | None] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(back_populates="message")


class Attachment(db.Model):
    """A file kept on disk in the instance folder; the row holds what the page shows."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int]
    storage_name: Mapped[str] = mapped_column(String(80), unique=True)
    is_internal: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="attachments")
    message: Mapped[Message | None] = relationship(back_populates="attachments")


class Subscription(db.Model):
    """Someone who follows a ticket (the requester, a "me too" on a duplicate, a colleague)."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship()
    user: Mapped[User | None] = relationship()

    __table_args__ = (UniqueConstraint("ticket_id", "user_id", "email"),)


class TicketLink(db.Model):
    """A "relates to" link; stored once, shown on both tickets."""

    __tablename__ = "ticket_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("ticket_id", "other_id"),)


class CannedResponse(db.Model):
    __tablename__ = "canned_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160), unique=True)
    body: Mapped[str] = mapped_column(Text)


class Calendar(db.Model):
    """Business hours for SLA clocks: weekly hours in a timezone, holidays, local closures."""

    __tablename__ = "calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    # {"0": [["08:00", "17:00"]], ...}: weekday (0 = Monday) -> local opening intervals.
    hours: Mapped[dict[str, list[list[str]]]] = mapped_column(JSON, default=dict)
    holiday_country: Mapped[str | None] = mapped_column(String(8))
    holiday_subdivision: Mapped[str | None] = mapped_column(String(40))

    closures: Mapped[list["CalendarClosure"]] = relationship(
        back_populates="calendar", order_by="CalendarClosure.day", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.name


class CalendarClosure(db.Model):
    """A local closed day (staff day, emergency closure) on top of public holidays."""

    __tablename__ = "calendar_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendars.id", ondelete="CASCADE"))
    day: Mapped[date]
    name: Mapped[str] = mapped_column(String(120), default="")

    calendar: Mapped[Calendar] = relationship(back_populates="closures")

    __table_args__ = (UniqueConstraint("calendar_id", "day"),)


class OrderedConditions:
    """What SLA policies and routing rules share: they run in order of position, the first
    active one whose conditions all hold wins, and a fallback comes last. An empty list
    means "any"; a category matches its descendants too."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    position: Mapped[int] = mapped_column(default=100)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    priorities: Mapped[list[str]] = mapped_column(JSON, default=list)
    channels: Mapped[list[str]] = mapped_column(JSON, default=list)
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)

    @declared_attr
    def category(cls) -> Mapped[Category | None]:
        return relationship()

    def __str__(self) -> str:
        return self.name


class SlaPolicy(OrderedConditions, db.Model):
    """Conditions -> targets in business minutes."""

    __tablename__ = "sla_policies"

    first_response_minutes: Mapped[int]
    resolution_minutes: Mapped[int]
    warn_percent: Mapped[int] = mapped_column(default=80)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendars.id"))

    calendar: Mapped[Calendar] = relationship()


class RoutingRule(OrderedConditions, db.Model):
    """Conditions -> team, priority and an assignment strategy (see ``routing.py``)."""

    __tablename__ = "routing_rules"

    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    set_priority: Mapped[str | None] = mapped_column(String(10))
    strategy: Mapped[str] = mapped_column(String(20), default="none")
    # A condition: only tickets whose requester text raised the sentiment flag.
    when_flagged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    fixed_agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    team: Mapped[Team | None] = relationship()
    fixed_agent: Mapped[User | None] = relationship()


class SatisfactionRating(db.Model):
    """The requester's rating of a resolved ticket (1-5) with an optional comment."""

    __tablename__ = "satisfaction_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), unique=True
    )
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class TrackingToken(db.Model):
    """A private link to follow a ticket without signing in. Only the token's hash is kept."""

    __tablename__ = "tracking_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    # The token is derived from this salt and the secret key (see tracking.py); never stored.
    salt: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Whom the link was made for: a reply through it is posted as them.
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship()

    __table_args__ = (Index("ix_tracking_tokens_ticket_email", "ticket_id", "email"),)


class ApprovalState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the request was cancelled before anyone decided


class Approval(db.Model):
    """One approval a request waits for: a named approver (a manager) or an approver team."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    approver_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    state: Mapped[ApprovalState] = mapped_column(
        EnumText(ApprovalState, 20), default=ApprovalState.PENDING, index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship()
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])
    approver_team: Mapped[Team | None] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def approver_label(self) -> str:
        if self.approver is not None:
            return self.approver.name
        return self.approver_team.name if self.approver_team else "—"
