"""Keep ``report_tickets`` in step with the tickets: one row per ticket, recomputed from its
events and SLA clocks whenever it has a new event.

The rule: a ticket's row is recomputed with the same clock code the ticket page uses
(``sla_clocks.clocks``: policy, business calendar, pauses read from the timeline), so the
dashboard's met/breached agrees with the ticket page. ``refresh`` reads the event log from a
watermark; the worker calls it every minute and the dashboard before each page, so figures
are correct to the minute. A clock still running is stored with its due time and counts as
breached as soon as that time passes (``metrics`` compares it with ``now``), which needs no
event. ``rebuild`` recomputes every ticket (``servicedesk reports rebuild``).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload, load_only, selectinload

from ..accounts.models import User
from ..extensions import db
from ..tickets import lifecycle, sla, sla_clocks
from ..tickets.lifecycle import Status
from ..tickets.models import Calendar, EventKind, SlaPolicy, Ticket, TicketEvent
from .models import ClockOutcome, ReportState, ReportTicket

STATE_ID = 1
BATCH = 1_000
# PostgreSQL hands out event ids before commit, so an id can become visible after a higher
# one. Events this recent are read again on the next refresh instead of trusted as done.
SETTLE = timedelta(minutes=2)
_WAKING = {EventKind.STATUS_CHANGED, EventKind.REPLIED}
_TICKET_FIELDS = (
    Ticket.created_at,
    Ticket.updated_at,
    Ticket.status,
    Ticket.channel,
    Ticket.requester_id,
    Ticket.team_id,
    Ticket.category_id,
    Ticket.assignee_id,
    Ticket.sla_policy_id,
    Ticket.first_responded_at,
    Ticket.resolved_at,
    Ticket.closed_at,
    Ticket.version,
)
_EVENT_FIELDS = (
    TicketEvent.ticket_id,
    TicketEvent.kind,
    TicketEvent.old_value,
    TicketEvent.new_value,
    TicketEvent.created_at,
)


@dataclass(frozen=True)
class RefreshReport:
    tickets: int
    last_event_id: int


def refresh(now: datetime) -> RefreshReport:
    """Recompute the rows of tickets with events since the watermark; move the watermark."""
    state = _claim_state(now)
    settled = db.session.scalar(
        select(func.max(TicketEvent.id)).where(
            TicketEvent.id > state.last_event_id, TicketEvent.created_at < now - SETTLE
        )
    )
    ticket_ids = db.session.scalars(
        select(TicketEvent.ticket_id).where(TicketEvent.id > state.last_event_id).distinct()
    ).all()
    for start in range(0, len(ticket_ids), BATCH):
        recompute(ticket_ids[start : start + BATCH], now)
    if settled is not None:
        db.session.execute(
            update(ReportState)
            .where(ReportState.id == STATE_ID, ReportState.last_event_id < settled)
            .values(last_event_id=settled)
        )
    db.session.flush()
    return RefreshReport(len(ticket_ids), max(settled or 0, state.last_event_id))


def refresh_and_commit(now: datetime) -> None:
    """For the edges that show figures (dashboard, exports, the public page, the worker): end
    the current read, refresh, commit.

    On SQLite only one process writes at a time: if another one holds the lock past the busy
    timeout it is refreshing these same rows, so this one goes on with the figures as they are.
    """
    db.session.commit()
    if not has_new_events():
        return  # nothing to do, and no write: readers never queue behind each other
    try:
        refresh(now)
        db.session.commit()
    except OperationalError:
        db.session.rollback()


def has_new_events() -> bool:
    """Whether the event log has moved past the watermark (or the rows were never built)."""
    state = db.session.get(ReportState, STATE_ID)
    if state is None:
        return True
    newer = select(TicketEvent.id).where(TicketEvent.id > state.last_event_id).limit(1)
    return db.session.scalar(newer) is not None


def rebuild(
    now: datetime, *, progress: Callable[[int], Any] | None = None, commit_each_batch=False
) -> int:
    """Recompute every ticket's row (after an upgrade, or to repair derived data)."""
    _state()
    newest = db.session.scalar(select(func.max(TicketEvent.id))) or 0
    done, after = 0, 0
    while True:
        ids = db.session.scalars(
            select(Ticket.id).where(Ticket.id > after).order_by(Ticket.id).limit(BATCH)
        ).all()
        if not ids:
            break
        recompute(ids, now)
        done, after = done + len(ids), ids[-1]
        if progress:
            progress(len(ids))
        if commit_each_batch:
            db.session.commit()
        db.session.expunge_all()  # a million tickets must not pile up in the identity map
    db.session.execute(
        update(ReportState)
        .where(ReportState.id == STATE_ID)
        .values(last_event_id=newest, refreshed_at=now)
    )
    db.session.flush()
    return done


def recompute(ticket_ids: Sequence[int], now: datetime) -> None:
    """Write the rows of these tickets from their current state and events."""
    tickets = db.session.scalars(
        select(Ticket)
        .where(Ticket.id.in_(ticket_ids))
        .options(
            # Only what the figures read: no texts, no form values (half the loading time).
            load_only(*_TICKET_FIELDS),
            selectinload(Ticket.events).load_only(*_EVENT_FIELDS),
            joinedload(Ticket.requester).load_only(User.role),
            joinedload(Ticket.sla_policy)
            .joinedload(SlaPolicy.calendar)
            .selectinload(Calendar.closures),
        )
    ).unique()
    rows = [figures_of(ticket, now) for ticket in tickets]
    if rows:
        _upsert(rows)


def figures_of(ticket: Ticket, now: datetime) -> dict[str, Any]:
    """The report row of one ticket (its events must be loaded)."""
    clocks = sla_clocks.clocks(ticket, now)
    cancelled = ticket.status == Status.CANCELLED
    resolved_at = _resolved_at(ticket)
    first_resolved = next(
        (
            event.created_at
            for event in ticket.events
            if event.kind in _WAKING and event.new_value == Status.RESOLVED
        ),
        resolved_at,
    )
    if clocks is None:
        first = resolution = (ClockOutcome.NONE, None)
    else:
        responded = ticket.first_responded_at is not None
        first = _outcome(clocks.first_response, counts=responded or not cancelled)
        resolution = _outcome(clocks.resolution, counts=not cancelled)
    return {
        "ticket_id": ticket.id,
        "created_at": ticket.created_at,
        "created_day": ticket.created_at.date(),
        "resolved_at": resolved_at,
        "resolved_day": resolved_at.date() if resolved_at else None,
        "first_resolved_day": first_resolved.date() if first_resolved else None,
        "resolution_minutes": (
            int((resolved_at - ticket.created_at).total_seconds() // 60) if resolved_at else None
        ),
        "team_id": ticket.team_id,
        "category_id": ticket.category_id,
        "assignee_id": ticket.assignee_id,
        "channel": ticket.channel.value,
        "audience": ticket.audience.value,
        "status": ticket.status.value,
        "is_open": ticket.status in lifecycle.ACTIVE,
        "first_response_outcome": first[0],
        "first_response_due_at": first[1],
        "resolution_outcome": resolution[0],
        "resolution_due_at": resolution[1],
        "reopen_count": count_reopens(ticket.events),
    }


def count_reopens(events: Iterable[TicketEvent]) -> int:
    """Count the times a resolved ticket went back into work (an agent's status change or the
    requester's reply or reopen)."""
    return sum(
        1
        for event in events
        if event.kind in _WAKING
        and event.old_value == Status.RESOLVED
        and event.new_value in lifecycle.ACTIVE
    )


def _resolved_at(ticket: Ticket) -> datetime | None:
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        return None
    return ticket.resolved_at or ticket.closed_at


def _outcome(report: sla.ClockReport, *, counts: bool) -> tuple[str, datetime | None]:
    if not counts:
        return ClockOutcome.NONE, None
    if report.breached_at is not None:
        return ClockOutcome.BREACHED, None
    if report.is_stopped:
        return ClockOutcome.MET, None
    if report.is_paused:
        return ClockOutcome.PAUSED, None
    return ClockOutcome.RUNNING, report.due_at


def _claim_state(now: datetime) -> ReportState:
    """Stamp the state row first: the write lock comes before any read, so two refreshes
    queue up on SQLite instead of failing to upgrade a read to a write."""
    stamped = db.session.execute(
        update(ReportState).where(ReportState.id == STATE_ID).values(refreshed_at=now)
    )
    if not stamped.rowcount:
        _state()
    state = db.session.get(ReportState, STATE_ID, populate_existing=True)
    state.refreshed_at = now
    return state


def _state() -> ReportState:
    state = db.session.get(ReportState, STATE_ID)
    if state is None:
        db.session.execute(
            _dialect_insert(ReportState)
            .values(id=STATE_ID, last_event_id=0)
            .on_conflict_do_nothing()
        )
        state = db.session.get(ReportState, STATE_ID)
    return state


def _upsert(rows: list[dict[str, Any]]) -> None:
    statement = _dialect_insert(ReportTicket)
    columns = {name: statement.excluded[name] for name in rows[0] if name != "ticket_id"}
    db.session.execute(
        statement.on_conflict_do_update(index_elements=["ticket_id"], set_=columns), rows
    )


def _dialect_insert(model):
    # Both dialects have INSERT ... ON CONFLICT: two refreshes at once never collide.
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
