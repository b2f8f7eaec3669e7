"""Report tables: one narrow row per ticket with its outcomes, rebuilt from the ticket's events.

``report_tickets`` is derived data (ARCHITECTURE invariant 6): ``rollup.py`` writes it from the
tickets and their events, and ``servicedesk reports rebuild`` can always recreate it. The
dashboard reads only these narrow rows (about 100 bytes, not a ticket's 600 with its text), so
its aggregates stay fast at a million tickets.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutils import UTCDateTime


class ClockOutcome:
    """Where one SLA clock of a ticket ended up (stored as text)."""

    MET = "met"  # stopped before its target
    BREACHED = "breached"  # ran past its target (stopped or not)
    RUNNING = "running"  # still counting: breached once ``*_due_at`` has passed
    PAUSED = "paused"  # waiting on the requester, not breached yet
    NONE = "none"  # no SLA policy, or cancelled before it counted


class ReportTicket(db.Model):
    """A ticket's figures as of the last refresh: dimensions, dates, SLA outcomes, reopens."""

    __tablename__ = "report_tickets"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_day: Mapped[date]
    # The current resolution (resolved or closed after it); cancelled tickets have none.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_day: Mapped[date | None]
    first_resolved_day: Mapped[date | None]
    resolution_minutes: Mapped[int | None]  # wall-clock minutes from filing to resolved_at
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL")
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(20))
    audience: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(30))
    is_open: Mapped[bool] = mapped_column(Boolean)
    first_response_outcome: Mapped[str] = mapped_column(String(10))
    first_response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_outcome: Mapped[str] = mapped_column(String(10))
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_count: Mapped[int] = mapped_column(default=0)

    # Covering indexes: each figure over a range of days reads index entries only, never the
    # rows (a year of a large desk is 300,000 of them).
    __table_args__ = (
        Index(
            "ix_report_tickets_created",
            "created_day",
            "team_id",
            "channel",
            "audience",
            "category_id",
            "first_response_outcome",
            "first_response_due_at",
            "resolution_outcome",
            "resolution_due_at",
        ),
        Index(
            "ix_report_tickets_resolved",
            "resolved_day",
            "team_id",
            "channel",
            "audience",
            "resolution_minutes",
        ),
        Index(
            "ix_report_tickets_first_resolved",
            "first_resolved_day",
            "team_id",
            "channel",
            "audience",
            "reopen_count",
        ),
        Index("ix_report_tickets_open", "is_open", "team_id", "category_id", "assignee_id"),
    )


class ReportState(db.Model):
    """How far the rollup has read the event log (one row)."""

    __tablename__ = "report_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int] = mapped_column(default=0)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SentimentFlag(db.Model):
    """The sentiment of a ticket's requester text: the most negative score seen, and why."""

    __tablename__ = "ticket_sentiment"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    score: Mapped[float]  # VADER compound, -1 (very negative) to 1
    is_flagged: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
