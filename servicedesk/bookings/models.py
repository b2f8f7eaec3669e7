"""Bookable resources (rooms, pool vehicles, counters), counter services and reservations.

The one rule that governs this package: two *active* reservations (pending or confirmed) of
the same resource never overlap. PostgreSQL enforces it with an exclusion constraint on
``(resource_id, tstzrange(starts_at, ends_at))``; on SQLite (which has no such constraint) the
service serializes writers (see ``service.py``). Times are half-open ``[starts_at, ends_at)``,
so back-to-back bookings touch without overlapping.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Team, User
from ..dbtypes import EnumText
from ..extensions import db
from ..tickets.models import Calendar
from ..timeutils import UTCDateTime, utcnow


class ResourceKind(StrEnum):
    ROOM = "room"
    VEHICLE = "vehicle"
    COUNTER = "counter"

    @property
    def label(self) -> str:
        return {"room": "Meeting room", "vehicle": "Pool vehicle", "counter": "Counter"}[self.value]


class ReservationStatus(StrEnum):
    PENDING = "pending"  # waiting for facilities staff to approve (vehicles)
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return self.value.replace("_", "-").capitalize()

    @property
    def is_active(self) -> bool:
        return self in ACTIVE_STATUSES


# The statuses that hold a slot; the exclusion constraint names them literally.
ACTIVE_STATUSES = (ReservationStatus.PENDING, ReservationStatus.CONFIRMED)

# What a resource may offer; searches ask for a subset.
FEATURES = {
    "projector": "Projector",
    "screen": "Screen",
    "video": "Video conferencing",
    "whiteboard": "Whiteboard",
    "wheelchair": "Wheelchair access",
    "electric": "Electric",
    "cargo": "Cargo space",
    "hearing_loop": "Hearing loop",
}


class BookingService(db.Model):
    """What residents book at a counter (permits, registrations): a slot length and counters.

    Several counters may serve one service; a slot is free while any of them is.
    """

    __tablename__ = "booking_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_es: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(String(500), default="")
    description_es: Mapped[str] = mapped_column(String(500), default="")
    slot_minutes: Mapped[int] = mapped_column(default=15)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    counters: Mapped[list["Resource"]] = relationship(
        back_populates="service", order_by="Resource.name"
    )

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return (self.name_es if language == "es" else "") or self.name

    def description_in(self, language: str) -> str:
        return (self.description_es if language == "es" else "") or self.description


class Resource(db.Model):
    """A room, pool vehicle or counter with its booking rules; admin-editable data."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ResourceKind] = mapped_column(EnumText(ResourceKind, 20), index=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    building: Mapped[str] = mapped_column(String(120), default="")
    location: Mapped[str] = mapped_column(String(200), default="")  # floor, room number, bay
    capacity: Mapped[int] = mapped_column(default=1)
    features: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Opening hours and holidays; None means bookable around the clock (e.g. a vehicle).
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("calendars.id"))
    # Facilities staff of this team manage its bookings and approve them.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking_services.id", ondelete="SET NULL"), index=True
    )
    # Booking rules.
    min_notice_minutes: Mapped[int] = mapped_column(default=0)
    max_length_minutes: Mapped[int] = mapped_column(default=480)
    max_days_ahead: Mapped[int] = mapped_column(default=90)
    # Roles that may book it themselves (employees, agents...); residents book counters only
    # through a service.
    bookable_by: Mapped[list[str]] = mapped_column(JSON, default=list)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped by every booking of this resource: the write that serializes bookers.
    booking_serial: Mapped[int] = mapped_column(default=0)

    calendar: Mapped[Calendar | None] = relationship()
    team: Mapped[Team | None] = relationship()
    service: Mapped[BookingService | None] = relationship(back_populates="counters")

    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("max_length_minutes >= 1", name="max_length_positive"),
    )

    def __str__(self) -> str:
        return self.name

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.building, self.location) if part)


class Reservation(db.Model):
    """One booking of one resource; a recurring booking is several sharing a ``series_id``."""

    __tablename__ = "reservations"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"))
    status: Mapped[ReservationStatus] = mapped_column(EnumText(ReservationStatus, 20))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # An employee's booking has a requester; a resident's appointment has a name and email.
    requester_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    purpose: Mapped[str] = mapped_column(String(500), default="")
    attendees: Mapped[int] = mapped_column(default=1)
    series_id: Mapped[str | None] = mapped_column(String(32), index=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking_services.id", ondelete="SET NULL")
    )
    # A resident's private link: a salt (to derive the token again for reminders) and the
    # token's hash; the token itself is never stored.
    token_salt: Mapped[str | None] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_comment: Mapped[str] = mapped_column(Text, default="")
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    resource: Mapped[Resource] = relationship()
    requester: Mapped[User | None] = relationship(foreign_keys=[requester_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    service: Mapped[BookingService | None] = relationship()

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_reservations_resource_time", "resource_id", "starts_at", "ends_at"),
        Index("ix_reservations_starts_at", "starts_at"),
        ExcludeConstraint(
            ("resource_id", "="),
            (text("tstzrange(starts_at, ends_at, '[)')"), "&&"),
            name="reservations_no_overlap",
            using="gist",
            where=text("status IN ('pending', 'confirmed')"),
        ).ddl_if(dialect="postgresql"),
    )

    @property
    def who(self) -> str:
        if self.requester is not None:
            return self.requester.name
        return self.contact_name or self.contact_email

    @property
    def email(self) -> str:
        return self.requester.email if self.requester is not None else self.contact_email

    @property
    def reference(self) -> str:
        return f"BK-{self.id:06d}"


class CalendarFeed(db.Model):
    """A person's private iCalendar feed: the token is derived from the salt, stored hashed."""

    __tablename__ = "booking_calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    salt: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


# The exclusion constraint compares resource ids with "=" inside a GiST index, which needs the
# btree_gist extension (trusted since PostgreSQL 13: the database owner may create it).
event.listen(
    Reservation.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS btree_gist").execute_if(dialect="postgresql"),
)
