"""Business-hours arithmetic for SLA clocks: calendars, business minutes and clock reports.

Everything here is pure: nothing reads the clock, the database or Flask, and `now` is always a
parameter. Datetimes in and out are timezone-aware UTC (naive ones raise `ValueError`). Business
hours are local wall-clock time in the calendar's timezone, so an 08:00-17:00 day is nine business
hours on a daylight-saving change day too; minutes are real time between those local instants.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

_Interval = tuple[datetime, datetime]

_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)
# A calendar that stays shut this long is treated as having no business hours at all.
_HORIZON = timedelta(days=3 * 366)
_EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class BusinessCalendar:
    """Working hours per weekday in one timezone, closed on public holidays and local closures.

    :param timezone: IANA name, e.g. ``"Europe/Berlin"``.
    :param hours: weekday (0 is Monday) to ordered, non-overlapping ``(start, end)`` local times
        with ``start < end``; a missing weekday is closed all day.
    :param country: country code for the `holidays` package (``"US"``, ``"DE"``); ``None`` means
        no public holidays.
    :param subdivision: state or region within `country` (``"CA"``, ``"BY"``).
    :param closures: extra local days off.
    :raises ValueError: for an unknown timezone, country or subdivision, or malformed hours.
    """

    timezone: str
    hours: Mapping[int, tuple[tuple[time, time], ...]]
    country: str | None = None
    subdivision: str | None = None
    closures: frozenset[date] = frozenset()

    _zone: ZoneInfo = field(init=False, repr=False, compare=False)
    _holidays: holidays.HolidayBase | None = field(init=False, repr=False, compare=False)
    _days: dict[date, tuple[_Interval, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        _check_hours(self.hours)
        # Read-only copies, so the cached day intervals cannot go stale under the caller's feet.
        object.__setattr__(self, "hours", MappingProxyType(dict(self.hours)))
        object.__setattr__(self, "closures", frozenset(self.closures))
        # Load both once: a bad calendar fails when it is built, and holiday years stay cached.
        object.__setattr__(self, "_zone", _load_zone(self.timezone))
        object.__setattr__(self, "_holidays", _load_holidays(self.country, self.subdivision))

    def is_closed(self, day: date) -> bool:
        """Tell whether `day` is a public holiday or a local closure."""
        return day in self.closures or self.holiday_name(day) is not None

    def holiday_name(self, day: date) -> str | None:
        """Return the name of the public holiday on `day`, in the country's own language.

        Local closures have no name and give ``None``.
        """
        return None if self._holidays is None else self._holidays.get(day)


@dataclass(frozen=True)
class Pause:
    """A span in which an SLA clock does not run (e.g. waiting on the requester)."""

    started_at: datetime
    ended_at: datetime | None  # None while the clock is still paused


@dataclass(frozen=True)
class ClockReport:
    """Where an SLA clock stands at a given `now`.

    Minutes are whole business minutes; instants are exact. A clock is breached as soon as it
    runs past `due_at`, so `remaining_minutes` can still be 0 right after the breach.
    """

    target_minutes: int
    used_minutes: int  # counted up to `now`, or to the stop
    remaining_minutes: int  # negative once breached
    due_at: datetime | None  # None while paused or stopped; the breach instant once breached
    is_paused: bool
    is_stopped: bool  # e.g. first response given, ticket resolved
    breached_at: datetime | None
    warning_at: datetime | None  # None while paused or stopped


def standard_hours(
    start: time = time(8), end: time = time(17), weekdays: Iterable[int] = range(5)
) -> dict[int, tuple[tuple[time, time], ...]]:
    """Return the same opening hours for each of `weekdays` (Monday to Friday by default)."""
    return {weekday: ((start, end),) for weekday in weekdays}


def add_business_minutes(calendar: BusinessCalendar, start: datetime, minutes: int) -> datetime:
    """Return the instant at which `minutes` business minutes have passed since `start`.

    Counting begins at `start`, or at the next opening when `start` is outside business hours,
    so zero minutes gives that first open instant.

    :raises ValueError: for a naive `start`, negative `minutes`, or a calendar without business
        hours.
    """
    start = _as_utc(start, "start")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    return _reach(_open_intervals(calendar, start), timedelta(minutes=minutes))


def business_minutes_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    """Count the whole business minutes in ``[start, end)``; 0 if `end` is not after `start`.

    :raises ValueError: for naive datetimes.
    """
    start, end = _as_utc(start, "start"), _as_utc(end, "end")
    if end <= start:
        return 0
    return _elapsed(_open_intervals(calendar, start), end) // _MINUTE


def open_intervals(calendar: BusinessCalendar, start: datetime, end: datetime) -> list[_Interval]:
    """Return the calendar's open intervals in ``[start, end)`` as UTC pairs, clipped to it.

    Bookings use it for opening hours: a reservation must fit inside one of these intervals.

    :raises ValueError: for naive datetimes.
    """
    start, end = _as_utc(start, "start"), _as_utc(end, "end")
    intervals = []
    for opens, closes in _open_intervals(calendar, start):
        if opens >= end:
            break
        intervals.append((opens, min(closes, end)))
    return intervals


def sla_clock(
    calendar: BusinessCalendar,
    started_at: datetime,
    target_minutes: int,
    now: datetime,
    *,
    pauses: Sequence[Pause] = (),
    stopped_at: datetime | None = None,
    warn_percent: int = 80,
) -> ClockReport:
    """Report where an SLA clock stands at `now`.

    The clock counts business minutes from `started_at`, leaving out those inside `pauses`,
    until `stopped_at` or `now`. The due, breach and warning instants all come from one walk
    along those minutes, so they agree with each other and with `used_minutes`.

    :raises ValueError: for naive datetimes, a negative target, `warn_percent` outside 0-100, a
        pause that ends before it starts, or a calendar without business hours.
    """
    started_at, now = _as_utc(started_at, "started_at"), _as_utc(now, "now")
    if target_minutes < 0:
        raise ValueError(f"target_minutes must not be negative, got {target_minutes}")
    if not 0 <= warn_percent <= 100:
        raise ValueError(f"warn_percent must be between 0 and 100, got {warn_percent}")
    is_stopped = stopped_at is not None
    until = _as_utc(stopped_at, "stopped_at") if is_stopped else now
    holes = _pause_spans(pauses, started_at, until)
    is_paused = not is_stopped and any(
        pause.started_at <= now and (pause.ended_at is None or now < pause.ended_at)
        for pause in pauses
    )
    is_running = not (is_paused or is_stopped)

    def counted() -> Iterator[_Interval]:
        return _without(_open_intervals(calendar, started_at), holes)

    target = timedelta(minutes=target_minutes)
    used_minutes = _elapsed(counted(), until) // _MINUTE
    target_at = _reach(counted(), target)
    return ClockReport(
        target_minutes=target_minutes,
        used_minutes=used_minutes,
        remaining_minutes=target_minutes - used_minutes,
        due_at=target_at if is_running else None,
        is_paused=is_paused,
        is_stopped=is_stopped,
        breached_at=target_at if target_at < until else None,
        warning_at=_reach(counted(), target * warn_percent / 100) if is_running else None,
    )


def _check_hours(hours: Mapping[int, tuple[tuple[time, time], ...]]) -> None:
    for weekday, ranges in hours.items():
        if weekday not in range(7):
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {weekday!r}")
        previous_end = time.min
        for start, end in ranges:
            if not previous_end <= start < end:
                raise ValueError(
                    f"hours for weekday {weekday} must be ordered, non-overlapping"
                    f" (start, end) pairs with start < end, got {ranges!r}"
                )
            previous_end = end


def _load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown timezone {name!r}") from error


def _load_holidays(country: str | None, subdivision: str | None) -> holidays.HolidayBase | None:
    if country is None:
        if subdivision is not None:
            raise ValueError("a subdivision needs a country")
        return None
    try:
        entity = holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError as error:
        raise ValueError(str(error)) from error
    # Left alone, `holidays` names days in the server's locale; pin the country's own language.
    return holidays.country_holidays(country, subdiv=subdivision, language=entity.default_language)


def _as_utc(value: datetime, name: str) -> datetime:
    if value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")
    return value.astimezone(UTC)


def _local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    # Plain times have fold=0: a time skipped by spring-forward keeps the old offset (02:30
    # becomes 03:30), and a time repeated by fall-back is its first occurrence.
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def _day_intervals(calendar: BusinessCalendar, day: date) -> tuple[_Interval, ...]:
    """Return the business intervals of one local day as UTC instants, cached per calendar."""
    if (intervals := calendar._days.get(day)) is None:
        intervals = calendar._days[day] = tuple(_compute_day_intervals(calendar, day))
    return intervals


def _compute_day_intervals(calendar: BusinessCalendar, day: date) -> list[_Interval]:
    ranges = calendar.hours.get(day.weekday(), ())
    if not ranges or calendar.is_closed(day):
        return []
    intervals = []
    previous_close = _EARLIEST
    for start, end in ranges:
        # Around a spring-forward gap fold=0 can map local times out of order; never overlap.
        opens = max(_local_instant(day, start, calendar._zone), previous_close)
        closes = _local_instant(day, end, calendar._zone)
        if opens < closes:
            intervals.append((opens, closes))
            previous_close = closes
    return intervals


def _open_intervals(calendar: BusinessCalendar, start: datetime) -> Iterator[_Interval]:
    """Yield the calendar's business intervals in UTC from `start` on, the first one clipped.

    The walk ends after three years without an open minute.
    """
    day = start.astimezone(calendar._zone).date()
    last_open_day = day
    while day - last_open_day <= _HORIZON:
        for opens, closes in _day_intervals(calendar, day):
            if closes > start:
                yield max(opens, start), closes
                last_open_day = day
        day += _DAY


def _pause_spans(pauses: Iterable[Pause], started_at: datetime, until: datetime) -> list[_Interval]:
    """Return the pauses as UTC spans clipped to ``[started_at, until]``, sorted by start."""
    spans = []
    for pause in pauses:
        start = _as_utc(pause.started_at, "pause started_at")
        end = until if pause.ended_at is None else _as_utc(pause.ended_at, "pause ended_at")
        if end < start and pause.ended_at is not None:
            raise ValueError(f"pause ends before it starts: {pause!r}")
        start, end = max(start, started_at), min(end, until)
        if start < end:
            spans.append((start, end))
    return sorted(spans)


def _without(intervals: Iterable[_Interval], holes: Sequence[_Interval]) -> Iterator[_Interval]:
    """Yield the parts of `intervals` outside `holes` (both sorted by start; holes may overlap)."""
    first_hole = 0
    for start, end in intervals:
        while first_hole < len(holes) and holes[first_hole][1] <= start:
            first_hole += 1
        for hole_start, hole_end in holes[first_hole:]:
            if hole_start >= end:
                break
            if hole_start > start:
                yield start, hole_start
            start = max(start, hole_end)
        if start < end:
            yield start, end


def _reach(intervals: Iterable[_Interval], amount: timedelta) -> datetime:
    """Return the instant at which `amount` of open time has passed along `intervals`.

    :raises ValueError: if the intervals run out first (the calendar has no business hours).
    """
    for start, end in intervals:
        if end - start >= amount:
            return start + amount
        amount -= end - start
    raise ValueError("the calendar has no business hours within three years")


def _elapsed(intervals: Iterable[_Interval], until: datetime) -> timedelta:
    """Sum the open time along `intervals` before `until`."""
    total = timedelta()
    for start, end in intervals:
        if start >= until:
            break
        total += min(end, until) - start
    return total
