"""Pure booking arithmetic: which times a resource may be booked for, and which are free.

Nothing here reads the clock, the database or Flask: ``now`` is a parameter and datetimes are
timezone-aware UTC. Opening hours and holidays come from the SLA calendars (``tickets/sla.py``):
a booking must fit inside one opening interval of its calendar's local day. Intervals are
half-open ``[start, end)``, so back-to-back bookings do not collide.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule

from ..tickets import sla

Interval = tuple[datetime, datetime]

# How far a search for free time walks before it gives up.
SEARCH_HORIZON = timedelta(days=60)


@dataclass(frozen=True)
class Rules:
    """A resource's booking rules."""

    min_notice_minutes: int = 0
    max_length_minutes: int = 480
    max_days_ahead: int = 90


@dataclass(frozen=True)
class Problem:
    """Why a time cannot be booked: a field, a code for the message, values to fill it in."""

    field: str
    code: str
    values: dict = field(default_factory=dict)


def check_times(
    start: datetime,
    end: datetime,
    *,
    rules: Rules,
    calendar: sla.BusinessCalendar | None,
    now: datetime,
) -> list[Problem]:
    """Return what is wrong with booking ``[start, end)`` now; empty when the rules allow it.

    Order matters to the reader: the first problem is the one worth fixing first.
    """
    if end == start:
        return [Problem("end", "zero_length")]
    if end < start:
        return [Problem("end", "end_before_start")]
    problems = []
    if start < now:
        problems.append(Problem("start", "in_past"))
    elif start < now + timedelta(minutes=rules.min_notice_minutes):
        problems.append(Problem("start", "too_soon", {"minutes": rules.min_notice_minutes}))
    if start > now + timedelta(days=rules.max_days_ahead):
        problems.append(Problem("start", "too_far", {"days": rules.max_days_ahead}))
    if end - start > timedelta(minutes=rules.max_length_minutes):
        problems.append(Problem("end", "too_long", {"minutes": rules.max_length_minutes}))
    if calendar is not None and not problems:
        problems.extend(_opening_problems(start, end, calendar))
    return problems


def _opening_problems(start: datetime, end: datetime, calendar: sla.BusinessCalendar):
    zone = ZoneInfo(calendar.timezone)
    day = start.astimezone(zone).date()
    if calendar.is_closed(day):
        name = calendar.holiday_name(day) or ""
        return [Problem("start", "closed_day", {"day": day, "name": name})]
    if not fits_opening_hours(start, end, calendar):
        return [Problem("start", "outside_hours", {"hours": opening_hours_text(calendar, day)})]
    return []


def fits_opening_hours(start: datetime, end: datetime, calendar: sla.BusinessCalendar) -> bool:
    """Tell whether ``[start, end)`` lies inside one opening interval of the calendar."""
    intervals = sla.open_intervals(calendar, start, end)
    return bool(intervals) and intervals[0] == (start, end)


def opening_hours_text(calendar: sla.BusinessCalendar, day) -> str:
    """The local opening hours of *day*'s weekday, e.g. ``08:00-12:00, 13:00-17:00``."""
    spans = calendar.hours.get(day.weekday(), ())
    return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in spans) or "closed"


def day_openings(
    calendar: sla.BusinessCalendar | None, start: datetime, end: datetime
) -> list[Interval]:
    """The open intervals between two instants; a resource without a calendar is always open.

    Unlike a clipped walk, intervals keep their real opening time when *start* is a local
    midnight, which is what slot grids are aligned to.
    """
    if calendar is None:
        return [(start, end)] if start < end else []
    return sla.open_intervals(calendar, start, end)


def local_midnight(moment: datetime, timezone: str) -> datetime:
    zone = ZoneInfo(timezone)
    local = moment.astimezone(zone).date()
    return datetime.combine(local, time(0), tzinfo=zone).astimezone(UTC)


class Busy:
    """The busy intervals of one resource, sorted; they never overlap each other."""

    def __init__(self, intervals: Iterable[Interval]):
        self.intervals = sorted(intervals)
        self._ends = [end for _, end in self.intervals]

    def is_free(self, start: datetime, end: datetime) -> bool:
        index = bisect_right(self._ends, start)  # the first busy interval ending after start
        return index == len(self.intervals) or self.intervals[index][0] >= end

    def overlapping(self, start: datetime, end: datetime) -> list[Interval]:
        index = bisect_right(self._ends, start)
        found = []
        while index < len(self.intervals) and self.intervals[index][0] < end:
            found.append(self.intervals[index])
            index += 1
        return found


def grid_starts(openings: Iterable[Interval], step: timedelta, length: timedelta, after: datetime):
    """Yield start times on a *step* grid from each opening, where *length* still fits."""
    for opens, closes in openings:
        moment = opens
        if moment < after:
            steps = -(-(after - opens) // step)  # ceiling: the first grid point not before after
            moment = opens + steps * step
        while moment + length <= closes:
            yield moment
            moment += step


def next_free(
    openings: Iterable[Interval],
    busy: Busy,
    length: timedelta,
    *,
    after: datetime,
    step: timedelta = timedelta(minutes=15),
    limit: int = 3,
) -> list[Interval]:
    """The first *limit* free intervals of *length* on a *step* grid, not before *after*."""
    found = []
    for start in grid_starts(openings, step, length, after):
        if busy.is_free(start, start + length):
            found.append((start, start + length))
            if len(found) == limit:
                break
    return found


@dataclass(frozen=True)
class Slot:
    """A counter appointment slot and the counters still free for it (lowest id first)."""

    start: datetime
    end: datetime
    free_counters: tuple[int, ...]


def counter_slots(
    openings: Iterable[Interval],
    busy_by_counter: dict[int, Busy],
    slot: timedelta,
    *,
    after: datetime,
    limit: int,
) -> list[Slot]:
    """The next *limit* slots of a service in which at least one of its counters is free."""
    slots = []
    for start in grid_starts(openings, slot, slot, after):
        free = tuple(
            counter
            for counter, busy in sorted(busy_by_counter.items())
            if busy.is_free(start, start + slot)
        )
        if free:
            slots.append(Slot(start, start + slot, free))
            if len(slots) == limit:
                break
    return slots


def weekly_occurrences(start: datetime, end: datetime, weeks: int, timezone: str) -> list[Interval]:
    """*weeks* weekly occurrences of ``[start, end)`` at the same local wall-clock time.

    The rule is an RFC 5545 ``FREQ=WEEKLY;COUNT=weeks`` evaluated in local time, so a meeting
    at 10:00 stays at 10:00 across a daylight-saving change.
    """
    zone = ZoneInfo(timezone)
    local_start = start.astimezone(zone).replace(tzinfo=None)
    length_local = end.astimezone(zone).replace(tzinfo=None) - local_start
    occurrences = []
    for wall in rrule(WEEKLY, count=weeks, dtstart=local_start):
        occurrences.append(
            (
                wall.replace(tzinfo=zone).astimezone(UTC),
                (wall + length_local).replace(tzinfo=zone).astimezone(UTC),
            )
        )
    return occurrences


def matches_search(
    *,
    capacity: int,
    features: Sequence[str],
    wanted_capacity: int,
    wanted_features: Iterable[str],
) -> bool:
    """Tell whether a resource is big enough and offers every wanted feature."""
    return capacity >= wanted_capacity and set(wanted_features) <= set(features)
