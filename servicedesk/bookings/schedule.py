"""Reading the schedule: busy times, free resources, counter slots, day and week views.

The arithmetic is in ``availability.py`` (pure); this module turns rows into its values with as
few queries as possible: one for candidate resources, one for their reservations in the window.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..tickets import sla
from ..tickets.models import Calendar
from ..tickets.sla_clocks import business_calendar
from . import availability
from .availability import Busy, Interval
from .models import ACTIVE_STATUSES, BookingService, Reservation, Resource, ResourceKind


def calendar_of(resource: Resource) -> sla.BusinessCalendar | None:
    return business_calendar(resource.calendar) if resource.calendar is not None else None


def timezone_of(resource: Resource) -> str:
    if resource.calendar is not None:
        return resource.calendar.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def rules_of(resource: Resource) -> availability.Rules:
    return availability.Rules(
        min_notice_minutes=resource.min_notice_minutes,
        max_length_minutes=resource.max_length_minutes,
        max_days_ahead=resource.max_days_ahead,
    )


def busy_by_resource(
    resource_ids: list[int], start: datetime, end: datetime, *, exclude_id: int | None = None
) -> dict[int, Busy]:
    """Active reservations overlapping ``[start, end)`` per resource, in one query.

    The lower bound on ``starts_at`` keeps the index range short: no reservation is longer
    than the longest any resource allows.
    """
    if not resource_ids:
        return {}
    longest = db.session.scalar(
        select(func.max(Resource.max_length_minutes)).where(Resource.id.in_(resource_ids))
    )
    query = select(Reservation.resource_id, Reservation.starts_at, Reservation.ends_at).where(
        Reservation.resource_id.in_(resource_ids),
        Reservation.status.in_(ACTIVE_STATUSES),
        Reservation.starts_at < end,
        Reservation.starts_at > start - timedelta(minutes=longest or 0),
        Reservation.ends_at > start,
    )
    if exclude_id is not None:
        query = query.where(Reservation.id != exclude_id)
    intervals: dict[int, list[Interval]] = {rid: [] for rid in resource_ids}
    for resource_id, starts_at, ends_at in db.session.execute(query):
        intervals[resource_id].append((starts_at, ends_at))
    return {rid: Busy(found) for rid, found in intervals.items()}


def suggest_free(
    resource: Resource, length: timedelta, after: datetime, *, exclude_id: int | None = None
) -> list[Interval]:
    """The next three free times of *length* on *resource*, starting at *after*."""
    until = after + availability.SEARCH_HORIZON
    busy = busy_by_resource([resource.id], after, until, exclude_id=exclude_id)[resource.id]
    start = availability.local_midnight(after, timezone_of(resource))
    openings = availability.day_openings(calendar_of(resource), start, until)
    step = timedelta(minutes=resource.service.slot_minutes if resource.service else 15)
    return availability.next_free(openings, busy, length, after=after, step=step)


@dataclass(frozen=True)
class SearchResult:
    resource: Resource
    is_free: bool
    conflicts: list[Interval]
    problems: list[availability.Problem]
    is_near: bool


def find_resources(
    *,
    kind: ResourceKind,
    start: datetime,
    end: datetime,
    now: datetime,
    capacity: int = 1,
    features: tuple[str, ...] = (),
    building: str = "",
    only_free: bool = True,
) -> list[SearchResult]:
    """Resources of *kind* big enough, with the features, free for ``[start, end)``.

    Those in *building* come first ("near"); within that, the smallest that fits.
    """
    candidates = [
        resource
        for resource in db.session.scalars(
            select(Resource)
            .options(joinedload(Resource.calendar).selectinload(Calendar.closures))
            .where(Resource.kind == kind, Resource.is_active.is_(True))
        )
        if availability.matches_search(
            capacity=resource.capacity,
            features=resource.features or [],
            wanted_capacity=capacity,
            wanted_features=features,
        )
    ]
    busy = busy_by_resource([r.id for r in candidates], start, end)
    results = []
    for resource in candidates:
        conflicts = busy[resource.id].overlapping(start, end)
        problems = availability.check_times(
            start, end, rules=rules_of(resource), calendar=calendar_of(resource), now=now
        )
        is_free = not conflicts and not problems
        if is_free or not only_free:
            near = bool(building) and resource.building == building
            results.append(SearchResult(resource, is_free, conflicts, problems, near))
    results.sort(key=lambda r: (not r.is_free, not r.is_near, r.resource.capacity, r.resource.name))
    return results


def service_slots(
    service: BookingService, *, now: datetime, after: datetime | None = None, limit: int = 12
) -> list[availability.Slot]:
    """The next free appointment slots of *service*, any of its active counters."""
    counters = [c for c in service.counters if c.is_active]
    if not counters:
        return []
    first = counters[0]
    notice = timedelta(minutes=min(c.min_notice_minutes for c in counters))
    earliest = max(after or now, now + notice)
    horizon = now + timedelta(days=max(c.max_days_ahead for c in counters))
    if earliest >= horizon:
        return []
    busy = busy_by_resource([c.id for c in counters], earliest, horizon)
    start = availability.local_midnight(earliest, timezone_of(first))
    openings = availability.day_openings(calendar_of(first), start, horizon)
    slot = timedelta(minutes=service.slot_minutes)
    return availability.counter_slots(openings, busy, slot, after=earliest, limit=limit)


@dataclass(frozen=True)
class DayView:
    day: date
    openings: list[Interval]
    closed_reason: str
    reservations: list[Reservation]


def week_view(resource: Resource, monday: date) -> list[DayView]:
    """Seven days of *resource* from *monday*: opening hours and the active bookings."""
    zone = ZoneInfo(timezone_of(resource))
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = start + timedelta(days=7)
    rows = db.session.scalars(
        select(Reservation)
        .options(selectinload(Reservation.requester))
        .where(
            Reservation.resource_id == resource.id,
            Reservation.status.in_(ACTIVE_STATUSES),
            Reservation.starts_at < end,
            Reservation.ends_at > start,
        )
        .order_by(Reservation.starts_at)
    ).all()
    calendar = calendar_of(resource)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        day_start = datetime.combine(day, time(0), tzinfo=zone)
        day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        openings = availability.day_openings(calendar, day_start, day_end)
        reason = ""
        if calendar is not None and calendar.is_closed(day):
            reason = calendar.holiday_name(day) or "Closed"
        booked = [r for r in rows if r.starts_at < day_end and r.ends_at > day_start]
        days.append(DayView(day, openings, reason, booked))
    return days


def buildings() -> list[str]:
    rows = db.session.scalars(
        select(Resource.building).where(Resource.building != "").distinct().order_by("building")
    )
    return list(rows)
