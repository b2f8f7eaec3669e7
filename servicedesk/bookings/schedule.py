"""Reading the schedule: busy times, free resources, counter slots, day and week views.

The arithmetic is in ``availability.py`` (pure); this module turns rows into its values with as
few queries as possible: one for candidate resources, one for their reservations in the window.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..tickets import sla
from ..tickets.models import Calendar
from ..tickets.sla_clocks import business_calendar
from . import availability
from .availability import Busy, Interval
from .models import ACTIVE_STATUSES, BookingService, Reservation, Resource, ResourceKind

# Above this many resources a busy-time query reads the time window for all of them.
IN_LIST_LIMIT = 50


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
    resource_ids: list[int],
    start: datetime,
    end: datetime,
    *,
    exclude_id: int | None = None,
    longest: int | None = None,
) -> dict[int, Busy]:
    """Active reservations overlapping ``[start, end)`` per resource, in one query.

    The lower bound on ``starts_at`` keeps the index range short: no reservation is longer
    than the longest any resource allows.
    """
    if not resource_ids:
        return {}
    if longest is None:
        longest = db.session.scalar(
            select(func.max(Resource.max_length_minutes)).where(Resource.id.in_(resource_ids))
        )
    query = select(Reservation.resource_id, Reservation.starts_at, Reservation.ends_at).where(
        Reservation.status.in_(ACTIVE_STATUSES),
        Reservation.starts_at < end,
        Reservation.starts_at > start - timedelta(minutes=longest or 0),
        Reservation.ends_at > start,
    )
    if len(resource_ids) <= IN_LIST_LIMIT:
        query = query.where(Reservation.resource_id.in_(resource_ids))
    # else: the time window alone is narrow (it walks the starts_at index); a long IN list
    # would cost more than dropping the few other resources' rows here.
    if exclude_id is not None:
        query = query.where(Reservation.id != exclude_id)
    intervals: dict[int, list[Interval]] = {rid: [] for rid in resource_ids}
    for resource_id, starts_at, ends_at in db.session.execute(query):
        if resource_id in intervals:
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
    limit: int = 50,
) -> list[SearchResult]:
    """Resources of *kind* big enough, with the features, free for ``[start, end)``.

    Free ones first; among them those in *building* ("near"), then the smallest that fits.
    Candidates are read as plain columns and only the *limit* shown become objects, so a
    search stays fast with hundreds of resources.
    """
    rows = db.session.execute(
        select(
            Resource.id,
            Resource.name,
            Resource.capacity,
            Resource.features,
            Resource.building,
            Resource.calendar_id,
            Resource.min_notice_minutes,
            Resource.max_length_minutes,
            Resource.max_days_ahead,
        ).where(Resource.kind == kind, Resource.is_active.is_(True), Resource.capacity >= capacity)
    ).all()
    candidates = [
        row
        for row in rows
        if availability.matches_search(
            capacity=row.capacity,
            features=row.features or [],
            wanted_capacity=capacity,
            wanted_features=features,
        )
    ]
    longest = max((row.max_length_minutes for row in candidates), default=0)
    busy = busy_by_resource([row.id for row in candidates], start, end, longest=longest)
    calendars = _calendars({row.calendar_id for row in candidates} - {None})
    checked: dict[tuple, list[availability.Problem]] = {}
    found = []
    for row in candidates:
        rules = availability.Rules(
            row.min_notice_minutes, row.max_length_minutes, row.max_days_ahead
        )
        key = (row.calendar_id, rules)
        if key not in checked:
            checked[key] = availability.check_times(
                start, end, rules=rules, calendar=calendars.get(row.calendar_id), now=now
            )
        conflicts = busy[row.id].overlapping(start, end)
        is_free = not conflicts and not checked[key]
        if is_free or not only_free:
            near = bool(building) and row.building == building
            found.append((row, is_free, conflicts, checked[key], near))
    found.sort(key=lambda f: (not f[1], not f[4], f[0].capacity, f[0].name))
    found = found[:limit]
    objects = {
        r.id: r
        for r in db.session.scalars(
            select(Resource).where(Resource.id.in_([f[0].id for f in found]))
        )
    }
    return [
        SearchResult(objects[row.id], is_free, conflicts, problems, near)
        for row, is_free, conflicts, problems, near in found
    ]


def _calendars(ids: set[int]) -> dict[int, sla.BusinessCalendar]:
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Calendar).options(selectinload(Calendar.closures)).where(Calendar.id.in_(ids))
    )
    return {row.id: business_calendar(row) for row in rows}


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


def history(reservation: Reservation) -> list:
    """The audited changes of *reservation*, oldest first (who, when, what)."""
    from ..audit import AuditEntry

    return db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.object_type == "reservation", AuditEntry.object_id == reservation.id)
        .order_by(AuditEntry.id)
    ).all()


def day_slots(
    resource: Resource, day: date, step: timedelta = timedelta(minutes=30)
) -> list[tuple[datetime, datetime, bool]]:
    """One local day of *resource* on a *step* grid inside its opening hours: (start, end,
    booked)."""
    zone = ZoneInfo(timezone_of(resource))
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = start + timedelta(days=1)
    busy = busy_by_resource([resource.id], start, end)[resource.id]
    openings = availability.day_openings(calendar_of(resource), start, end)
    return [
        (moment, moment + step, not busy.is_free(moment, moment + step))
        for moment in availability.grid_starts(openings, step, step, start)
    ]
