"""SLA clocks of a ticket: picks the policy, reads pauses from the timeline, sets due times.

The arithmetic lives in the pure ``sla`` module; this module turns rows into its values.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from . import lifecycle, routing, sla
from .lifecycle import Status
from .models import NO_DUE_TIME, Calendar, EventKind, OrderedConditions, SlaPolicy, Ticket


def business_calendar(calendar: Calendar) -> sla.BusinessCalendar:
    """Return the pure calendar for a row (cached while the row is unchanged)."""
    hours = tuple(
        sorted((int(day), tuple(map(tuple, spans))) for day, spans in calendar.hours.items())
    )
    closures = frozenset(closure.day for closure in calendar.closures)
    return _cached_calendar(
        calendar.timezone, hours, calendar.holiday_country, calendar.holiday_subdivision, closures
    )


@lru_cache(maxsize=64)
def _cached_calendar(timezone, hours, country, subdivision, closures) -> sla.BusinessCalendar:
    return sla.BusinessCalendar(
        timezone=timezone,
        hours={day: tuple((_time(a), _time(b)) for a, b in spans) for day, spans in hours},
        country=country or None,
        subdivision=subdivision or None,
        closures=closures,
    )


def _time(text: str) -> time:
    return time.fromisoformat(text)


def matching_policy(ticket: Ticket) -> SlaPolicy | None:
    """Return the first active policy whose conditions hold, else the fallback policy."""
    return policy_for(ticket.facts())


def policy_for(facts: routing.TicketFacts) -> SlaPolicy | None:
    """The policy a ticket with these facts gets (asked before filing, too).

    Policies match exactly as routing rules do, so the routing matcher decides.
    """
    rows = db.session.scalars(
        select(SlaPolicy).options(selectinload(SlaPolicy.category), joinedload(SlaPolicy.calendar))
    )
    policies = {policy.id: policy for policy in rows}
    chosen = routing.choose_rule([conditions_of(p) for p in policies.values()], facts)
    return policies[chosen.id] if chosen is not None else None


def conditions_of(
    row: OrderedConditions, category_name: str | None = None, **actions
) -> routing.RoutingRule:
    """The pure form of a policy's or rule's conditions (routing actions may be added).

    *row* is a model or a plain row; a plain row brings its category's name along.
    """
    if category_name is None:
        category_name = row.category.name if row.category else ""
    return routing.RoutingRule(
        id=row.id,
        name=row.name,
        position=row.position,
        team_id=actions.pop("team_id", None),
        is_fallback=row.is_fallback,
        category_id=row.category_id,
        category_name=category_name,
        channels=frozenset(row.channels or ()),
        audiences=frozenset(row.audiences or ()),
        priorities=frozenset(row.priorities or ()),
        is_active=row.is_active,
        **actions,
    )


# Events that move the status, and the statuses in which the clocks stand still.
_STATUS_KINDS = (
    EventKind.STATUS_CHANGED,
    EventKind.REPLIED,
    EventKind.APPROVAL_REQUESTED,
    EventKind.APPROVED,
    EventKind.REJECTED,
)
_PAUSED_VALUES = frozenset(lifecycle.PAUSING | {Status.RESOLVED})


def pauses(ticket: Ticket) -> list[sla.Pause]:
    """Return the spans in which the clocks stood still: waiting on the requester or on an
    approver, and resolved spans that a reopen ended."""
    spans: list[sla.Pause] = []
    paused_since = None
    for event in ticket.events:
        if event.kind not in _STATUS_KINDS or event.new_value is None:
            continue
        entering = event.new_value in _PAUSED_VALUES
        if entering and paused_since is None:
            paused_since = event.created_at
        elif not entering and paused_since is not None:
            spans.append(sla.Pause(paused_since, event.created_at))
            paused_since = None
    if paused_since is not None and ticket.status in lifecycle.PAUSING:
        spans.append(sla.Pause(paused_since, None))
    return spans


@dataclass(frozen=True)
class Clocks:
    """Both clocks of a ticket, for the ticket page and for escalation."""

    policy: SlaPolicy
    calendar: sla.BusinessCalendar
    first_response: sla.ClockReport
    resolution: sla.ClockReport


def clocks(
    ticket: Ticket, now: datetime, *, paused: list[sla.Pause] | None = None
) -> Clocks | None:
    """Return both clock reports, or None when no SLA policy applies.

    *paused* saves reading the timeline when the caller knows it (a new ticket has none).
    """
    policy = ticket.sla_policy
    if policy is None:
        return None
    calendar = business_calendar(policy.calendar)
    if paused is None:
        paused = pauses(ticket)
    first_stop = ticket.first_responded_at or _stopped_at(ticket)
    return Clocks(
        policy=policy,
        calendar=calendar,
        first_response=sla.sla_clock(
            calendar,
            ticket.created_at,
            policy.first_response_minutes,
            now,
            pauses=paused,
            stopped_at=first_stop,
            warn_percent=policy.warn_percent,
        ),
        resolution=sla.sla_clock(
            calendar,
            ticket.created_at,
            policy.resolution_minutes,
            now,
            pauses=paused,
            stopped_at=_stopped_at(ticket),
            warn_percent=policy.warn_percent,
        ),
    )


def _stopped_at(ticket: Ticket) -> datetime | None:
    if ticket.status not in lifecycle.STOPPED:
        return None
    return ticket.resolved_at or ticket.closed_at or ticket.updated_at


def refresh(
    ticket: Ticket,
    now: datetime,
    *,
    reselect_policy: bool = False,
    paused: list[sla.Pause] | None = None,
) -> None:
    """Choose the policy (on opening, or when asked) and recompute both due times."""
    if ticket.sla_policy is None or reselect_policy:
        ticket.sla_policy = matching_policy(ticket)
    report = clocks(ticket, now, paused=paused)
    if report is None:
        ticket.first_response_due_at = ticket.resolution_due_at = None
        ticket.first_response_warn_at = ticket.resolution_warn_at = None
    else:
        ticket.first_response_due_at = report.first_response.due_at
        ticket.resolution_due_at = report.resolution.due_at
        ticket.first_response_warn_at = report.first_response.warning_at
        ticket.resolution_warn_at = report.resolution.warning_at
    running = [due for due in (ticket.first_response_due_at, ticket.resolution_due_at) if due]
    ticket.queue_due_at = min(running) if running else NO_DUE_TIME


def describe_policy(ticket: Ticket) -> str:
    """A sentence for the opening event: which SLA applies and when things are due."""
    if ticket.sla_policy is None:
        return " No SLA policy applies."
    due = ticket.resolution_due_at
    return (
        f' SLA policy "{ticket.sla_policy.name}": first response within '
        f"{ticket.sla_policy.first_response_minutes} business minutes, resolution within "
        f"{ticket.sla_policy.resolution_minutes}"
        + (f" (due {due:%Y-%m-%d %H:%M} UTC)." if due else ".")
    )


def holiday_between(
    calendar: sla.BusinessCalendar, start: date, end: date
) -> list[tuple[date, str]]:
    """Return the closed days from start to end inclusive, with their names, for the page."""
    days = []
    current = start
    while current <= end:
        name = calendar.holiday_name(current)
        if name:
            days.append((current, name))
        current = date.fromordinal(current.toordinal() + 1)
    return days
