from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from servicedesk.tickets.sla import (
    BusinessCalendar,
    ClockReport,
    Pause,
    add_business_minutes,
    business_minutes_between,
    sla_clock,
    standard_hours,
)

# Week of 2026-03-02: Monday 2 ... Friday 6, Saturday 7, Sunday 8, Monday 9 (no holidays).
OFFICE = BusinessCalendar("Europe/Berlin", standard_hours())
SPLIT_DAY = BusinessCalendar(
    "Europe/Berlin", {weekday: ((time(8), time(12)), (time(13), time(17))) for weekday in range(5)}
)
CLOSED_WEDNESDAY = BusinessCalendar(
    "Europe/Berlin", standard_hours(), closures=frozenset({date(2026, 3, 4)})
)
US_OFFICE = BusinessCalendar("America/New_York", standard_hours(), country="US")
GERMANY = BusinessCalendar("Europe/Berlin", standard_hours(), country="DE")
BAVARIA = BusinessCalendar("Europe/Berlin", standard_hours(), country="DE", subdivision="BY")
BERLIN_DAILY = BusinessCalendar("Europe/Berlin", standard_hours(weekdays=range(7)))
NEW_YORK_DAILY = BusinessCalendar("America/New_York", standard_hours(weekdays=range(7)))
BERLIN_NIGHTS = BusinessCalendar("Europe/Berlin", standard_hours(time(1), time(4), range(7)))
BERLIN_EARLY = BusinessCalendar("Europe/Berlin", standard_hours(time(2, 30), time(5), range(7)))
# Sundays only; on 2026-03-29 the 02:00-03:00 gap falls inside the first interval.
BERLIN_SUNDAY_AROUND_GAP = BusinessCalendar(
    "Europe/Berlin", {6: ((time(1), time(2, 30)), (time(3), time(4)))}
)
NO_HOURS = BusinessCalendar("Europe/Berlin", {})


def berlin(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)


def new_york(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def paused(started: str, ended: str | None = None) -> Pause:
    return Pause(berlin(started), berlin(ended) if ended else None)


@pytest.mark.parametrize(
    "calendar, start, minutes, expected",
    [
        pytest.param(
            OFFICE, berlin("2026-03-02 09:00"), 120, berlin("2026-03-02 11:00"), id="same-day"
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-02 16:00"),
            60,
            berlin("2026-03-02 17:00"),
            id="due-at-closing-time-not-next-morning",
        ),
        pytest.param(
            OFFICE, berlin("2026-03-03 16:30"), 60, berlin("2026-03-04 08:30"), id="over-night"
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-02 06:00"),
            30,
            berlin("2026-03-02 08:30"),
            id="before-opening-counts-from-opening",
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-02 18:00"),
            30,
            berlin("2026-03-03 08:30"),
            id="after-closing-counts-from-next-opening",
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-06 15:00"),
            180,
            berlin("2026-03-09 09:00"),
            id="friday-afternoon-into-monday",
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-07 11:00"),
            60,
            berlin("2026-03-09 09:00"),
            id="saturday-counts-from-monday",
        ),
        pytest.param(
            OFFICE, berlin("2026-03-02 10:15"), 0, berlin("2026-03-02 10:15"), id="zero-inside"
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-02 17:00"),
            0,
            berlin("2026-03-03 08:00"),
            id="zero-at-closing-is-next-opening",
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-08 12:00"),
            0,
            berlin("2026-03-09 08:00"),
            id="zero-on-sunday-is-monday-opening",
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-02 16:59:30"),
            1,
            berlin("2026-03-03 08:00:30"),
            id="seconds-carry-over-night",
        ),
        pytest.param(
            CLOSED_WEDNESDAY,
            berlin("2026-03-03 16:30"),
            60,
            berlin("2026-03-05 08:30"),
            id="local-closure-skipped",
        ),
        pytest.param(
            SPLIT_DAY,
            berlin("2026-03-02 11:30"),
            60,
            berlin("2026-03-02 13:30"),
            id="split-day-skips-lunch",
        ),
        pytest.param(
            SPLIT_DAY,
            berlin("2026-03-02 12:15"),
            0,
            berlin("2026-03-02 13:00"),
            id="split-day-zero-at-lunch-is-afternoon-opening",
        ),
        pytest.param(
            SPLIT_DAY,
            berlin("2026-03-02 08:00"),
            480,
            berlin("2026-03-02 17:00"),
            id="split-day-full-day",
        ),
        pytest.param(
            SPLIT_DAY,
            berlin("2026-03-02 08:00"),
            481,
            berlin("2026-03-03 08:01"),
            id="split-day-full-day-and-a-minute",
        ),
        pytest.param(
            US_OFFICE,
            new_york("2026-12-24 16:00"),
            120,
            new_york("2026-12-28 09:00"),
            id="us-christmas-friday-skipped",
        ),
        pytest.param(
            US_OFFICE,
            new_york("2026-12-31 16:30"),
            60,
            new_york("2027-01-04 08:30"),
            id="us-new-year-friday-skipped",
        ),
        pytest.param(
            US_OFFICE,
            new_york("2026-07-02 16:00"),
            120,
            new_york("2026-07-06 09:00"),
            id="us-independence-day-observed-on-friday",
        ),
        pytest.param(
            BAVARIA,
            berlin("2027-01-05 16:00"),
            120,
            berlin("2027-01-07 09:00"),
            id="bavaria-epiphany-skipped",
        ),
        pytest.param(
            GERMANY,
            berlin("2027-01-05 16:00"),
            120,
            berlin("2027-01-06 09:00"),
            id="epiphany-is-a-working-day-outside-bavaria",
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-02 08:00"),
            5400,
            berlin("2026-03-13 17:00"),
            id="ten-days-over-a-weekend",
        ),
        pytest.param(
            US_OFFICE,
            new_york("2026-12-21 08:00"),
            2700,
            new_york("2026-12-28 17:00"),
            id="five-days-across-christmas-week",
        ),
        pytest.param(
            US_OFFICE,
            new_york("2026-12-28 08:00"),
            2700,
            new_york("2027-01-04 17:00"),
            id="five-days-across-new-year-week",
        ),
        pytest.param(
            US_OFFICE,
            new_york("2026-12-21 08:00"),
            5400,
            new_york("2027-01-05 17:00"),
            id="ten-days-across-both-holiday-weeks",
        ),
        pytest.param(
            BAVARIA,
            berlin("2027-01-04 08:00"),
            2700,
            berlin("2027-01-11 17:00"),
            id="five-days-across-epiphany-week",
        ),
    ],
)
def test_add_business_minutes(calendar, start, minutes, expected):
    assert add_business_minutes(calendar, start, minutes) == expected


@pytest.mark.parametrize(
    "calendar, start, minutes, expected",
    [
        # Friday 16:00 CET, Monday 09:00 CEST
        pytest.param(
            OFFICE, utc("2026-03-27 15:00"), 120, utc("2026-03-30 07:00"), id="berlin-spring"
        ),
        # Friday 16:00 CEST, Monday 09:00 CET
        pytest.param(
            OFFICE, utc("2026-10-23 14:00"), 120, utc("2026-10-26 08:00"), id="berlin-autumn"
        ),
        # Friday 16:00 EST, Monday 09:00 EDT
        pytest.param(
            US_OFFICE, utc("2026-03-06 21:00"), 120, utc("2026-03-09 13:00"), id="new-york-spring"
        ),
        # Friday 16:00 EDT, Monday 09:00 EST
        pytest.param(
            US_OFFICE, utc("2026-10-30 20:00"), 120, utc("2026-11-02 14:00"), id="new-york-autumn"
        ),
        # Saturday 16:00 CET, Sunday 09:00 CEST
        pytest.param(
            BERLIN_DAILY,
            utc("2026-03-28 15:00"),
            120,
            utc("2026-03-29 07:00"),
            id="berlin-into-spring-sunday",
        ),
        # Sunday 08:00 to 17:00 CEST
        pytest.param(
            BERLIN_DAILY,
            utc("2026-03-29 06:00"),
            540,
            utc("2026-03-29 15:00"),
            id="berlin-spring-sunday-has-nine-hours",
        ),
        # Sunday 08:00 to 17:00 CET
        pytest.param(
            BERLIN_DAILY,
            utc("2026-10-25 07:00"),
            540,
            utc("2026-10-25 16:00"),
            id="berlin-autumn-sunday-has-nine-hours",
        ),
        # Sunday 08:00 to 17:00 EDT
        pytest.param(
            NEW_YORK_DAILY,
            utc("2026-03-08 12:00"),
            540,
            utc("2026-03-08 21:00"),
            id="new-york-spring-sunday-has-nine-hours",
        ),
        # Sunday 08:00 to 17:00 EST
        pytest.param(
            NEW_YORK_DAILY,
            utc("2026-11-01 13:00"),
            540,
            utc("2026-11-01 22:00"),
            id="new-york-autumn-sunday-has-nine-hours",
        ),
        # 02:30 does not exist on 2026-03-29; with the old offset it is 03:30 CEST.
        pytest.param(
            BERLIN_EARLY,
            utc("2026-03-29 00:00"),
            0,
            utc("2026-03-29 01:30"),
            id="opening-in-spring-gap-is-after-the-gap",
        ),
        # 02:30 happens twice on 2026-10-25; the first time is 02:30 CEST.
        pytest.param(
            BERLIN_EARLY,
            utc("2026-10-25 00:00"),
            0,
            utc("2026-10-25 00:30"),
            id="opening-in-autumn-fold-is-the-first-one",
        ),
    ],
)
def test_add_business_minutes_across_dst_change(calendar, start, minutes, expected):
    assert add_business_minutes(calendar, start, minutes) == expected


@pytest.mark.parametrize(
    "calendar, start, end, expected",
    [
        pytest.param(
            OFFICE, berlin("2026-03-02 09:00"), berlin("2026-03-02 11:30"), 150, id="same-day"
        ),
        pytest.param(
            OFFICE, berlin("2026-03-02 11:00"), berlin("2026-03-02 09:00"), 0, id="end-before-start"
        ),
        pytest.param(
            OFFICE, berlin("2026-03-02 11:00"), berlin("2026-03-02 11:00"), 0, id="empty-span"
        ),
        pytest.param(
            OFFICE, berlin("2026-03-02 16:30"), berlin("2026-03-03 08:30"), 60, id="over-night"
        ),
        pytest.param(
            OFFICE, berlin("2026-03-02 18:00"), berlin("2026-03-03 07:00"), 0, id="only-night"
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-06 15:00"),
            berlin("2026-03-09 10:00"),
            240,
            id="friday-afternoon-into-monday",
        ),
        pytest.param(
            OFFICE, berlin("2026-03-02 00:00"), berlin("2026-03-09 00:00"), 2700, id="whole-week"
        ),
        pytest.param(
            CLOSED_WEDNESDAY,
            berlin("2026-03-02 00:00"),
            berlin("2026-03-09 00:00"),
            2160,
            id="week-with-a-local-closure",
        ),
        pytest.param(
            SPLIT_DAY, berlin("2026-03-02 00:00"), berlin("2026-03-03 00:00"), 480, id="split-day"
        ),
        pytest.param(
            SPLIT_DAY,
            berlin("2026-03-02 11:30"),
            berlin("2026-03-02 13:30"),
            60,
            id="split-day-over-lunch",
        ),
        pytest.param(
            US_OFFICE,
            new_york("2026-12-24 16:00"),
            new_york("2026-12-28 09:00"),
            120,
            id="us-christmas",
        ),
        pytest.param(
            BAVARIA,
            berlin("2027-01-04 00:00"),
            berlin("2027-01-11 00:00"),
            2160,
            id="bavaria-epiphany-week",
        ),
        pytest.param(
            GERMANY,
            berlin("2027-01-04 00:00"),
            berlin("2027-01-11 00:00"),
            2700,
            id="epiphany-week-outside-bavaria",
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-02 09:00:00"),
            berlin("2026-03-02 09:01:59"),
            1,
            id="partial-minute-floored",
        ),
        pytest.param(
            SPLIT_DAY,
            berlin("2026-03-02 11:59:30"),
            berlin("2026-03-02 13:00:30"),
            1,
            id="seconds-summed-before-flooring",
        ),
        pytest.param(
            OFFICE,
            berlin("2026-03-02 16:59:30"),
            berlin("2026-03-03 08:00:29"),
            0,
            id="fifty-nine-seconds-over-night",
        ),
        pytest.param(
            NO_HOURS, berlin("2026-03-02 00:00"), berlin("2027-03-02 00:00"), 0, id="no-hours"
        ),
    ],
)
def test_business_minutes_between(calendar, start, end, expected):
    assert business_minutes_between(calendar, start, end) == expected


@pytest.mark.parametrize(
    "calendar, start, end, expected",
    [
        # Saturday 00:00 CET to Monday 00:00 CEST
        pytest.param(
            BERLIN_DAILY,
            utc("2026-03-27 23:00"),
            utc("2026-03-29 22:00"),
            1080,
            id="berlin-spring-weekend",
        ),
        # Saturday 00:00 CEST to Monday 00:00 CET
        pytest.param(
            BERLIN_DAILY,
            utc("2026-10-23 22:00"),
            utc("2026-10-25 23:00"),
            1080,
            id="berlin-autumn-weekend",
        ),
        # Saturday 00:00 EST to Monday 00:00 EDT
        pytest.param(
            NEW_YORK_DAILY,
            utc("2026-03-07 05:00"),
            utc("2026-03-09 04:00"),
            1080,
            id="new-york-spring-weekend",
        ),
        # Saturday 00:00 EDT to Monday 00:00 EST
        pytest.param(
            NEW_YORK_DAILY,
            utc("2026-10-31 04:00"),
            utc("2026-11-02 05:00"),
            1080,
            id="new-york-autumn-weekend",
        ),
        # Friday 16:00 CET to Monday 09:00 CEST
        pytest.param(
            OFFICE,
            utc("2026-03-27 15:00"),
            utc("2026-03-30 07:00"),
            120,
            id="weekday-office-over-spring-weekend",
        ),
        # 01:00 CET (00:00 UTC) to 04:00 CEST (02:00 UTC): the clock skips an hour.
        pytest.param(
            BERLIN_NIGHTS,
            utc("2026-03-28 12:00"),
            utc("2026-03-29 12:00"),
            120,
            id="hours-spanning-spring-change-count-real-minutes",
        ),
        # 01:00 CEST (23:00 UTC) to 04:00 CET (03:00 UTC): the clock repeats an hour.
        pytest.param(
            BERLIN_NIGHTS,
            utc("2026-10-24 12:00"),
            utc("2026-10-25 12:00"),
            240,
            id="hours-spanning-autumn-change-count-real-minutes",
        ),
        # 01:00 CET (00:00 UTC) to 02:30 "CET" (01:30 UTC), then 03:00 CEST (01:00 UTC) to
        # 04:00 CEST (02:00 UTC): the overlap between 01:00 and 01:30 UTC counts once.
        pytest.param(
            BERLIN_SUNDAY_AROUND_GAP,
            utc("2026-03-28 12:00"),
            utc("2026-03-29 12:00"),
            120,
            id="intervals-around-spring-gap-never-overlap",
        ),
        # 03:30 CEST (01:30 UTC) to 05:00 CEST (03:00 UTC)
        pytest.param(
            BERLIN_EARLY,
            utc("2026-03-28 12:00"),
            utc("2026-03-29 12:00"),
            90,
            id="opening-in-spring-gap",
        ),
        # 02:30 CEST (00:30 UTC) to 05:00 CET (04:00 UTC)
        pytest.param(
            BERLIN_EARLY,
            utc("2026-10-24 12:00"),
            utc("2026-10-25 12:00"),
            210,
            id="opening-in-autumn-fold",
        ),
    ],
)
def test_business_minutes_between_across_dst_change(calendar, start, end, expected):
    assert business_minutes_between(calendar, start, end) == expected


@pytest.mark.parametrize(
    "calendar, start",
    [
        pytest.param(OFFICE, berlin("2026-03-02 09:00"), id="office-monday-morning"),
        pytest.param(OFFICE, berlin("2026-03-07 11:00"), id="office-saturday"),
        pytest.param(SPLIT_DAY, berlin("2026-03-02 11:30:30"), id="split-day-with-seconds"),
        pytest.param(US_OFFICE, new_york("2026-12-24 16:00"), id="us-christmas-eve"),
        pytest.param(BAVARIA, berlin("2027-01-05 16:00"), id="bavaria-before-epiphany"),
        pytest.param(BERLIN_DAILY, utc("2026-03-28 10:00"), id="berlin-spring-change"),
        pytest.param(NEW_YORK_DAILY, utc("2026-10-31 15:00"), id="new-york-autumn-change"),
        pytest.param(BERLIN_NIGHTS, utc("2026-03-28 02:30"), id="hours-spanning-the-change"),
    ],
)
def test_business_minutes_between_inverts_add_business_minutes(calendar, start):
    for minutes in (0, 1, 59, 60, 61, 179, 180, 239, 240, 479, 480, 481, 539, 540, 541, 2700):
        due = add_business_minutes(calendar, start, minutes)
        assert business_minutes_between(calendar, start, due) == minutes, minutes


@pytest.mark.parametrize(
    "calendar, start, end",
    [
        pytest.param(OFFICE, berlin("2026-03-06 15:00"), berlin("2026-03-09 10:00"), id="weekend"),
        pytest.param(
            SPLIT_DAY, berlin("2026-03-02 09:15"), berlin("2026-03-04 14:45"), id="split-days"
        ),
        pytest.param(
            US_OFFICE,
            new_york("2026-12-21 08:00"),
            new_york("2027-01-05 16:59"),
            id="us-holiday-weeks",
        ),
        pytest.param(
            BAVARIA, berlin("2027-01-05 16:00"), berlin("2027-01-07 09:00"), id="bavaria-epiphany"
        ),
    ],
)
def test_add_business_minutes_inverts_business_minutes_between(calendar, start, end):
    minutes = business_minutes_between(calendar, start, end)
    assert add_business_minutes(calendar, start, minutes) == end


@pytest.mark.parametrize(
    "started_at, target_minutes, now, pauses, stopped_at, expected",
    [
        pytest.param(
            berlin("2026-03-02 09:00"),
            240,
            berlin("2026-03-02 10:00"),
            [],
            None,
            ClockReport(
                target_minutes=240,
                used_minutes=60,
                remaining_minutes=180,
                due_at=berlin("2026-03-02 13:00"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-02 12:12"),
            ),
            id="running-on-time",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            60,
            berlin("2026-03-02 11:00"),
            [],
            None,
            ClockReport(
                target_minutes=60,
                used_minutes=120,
                remaining_minutes=-60,
                due_at=berlin("2026-03-02 10:00"),
                is_paused=False,
                is_stopped=False,
                breached_at=berlin("2026-03-02 10:00"),
                warning_at=berlin("2026-03-02 09:48"),
            ),
            id="running-breached",
        ),
        pytest.param(
            berlin("2026-03-02 16:00"),
            120,
            berlin("2026-03-02 16:30"),
            [],
            None,
            ClockReport(
                target_minutes=120,
                used_minutes=30,
                remaining_minutes=90,
                due_at=berlin("2026-03-03 09:00"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-03 08:36"),
            ),
            id="due-and-warning-across-the-night",
        ),
        pytest.param(
            berlin("2026-03-02 16:00"),
            60,
            berlin("2026-03-02 18:00"),
            [],
            None,
            ClockReport(
                target_minutes=60,
                used_minutes=60,
                remaining_minutes=0,
                due_at=berlin("2026-03-02 17:00"),
                is_paused=False,
                is_stopped=False,
                breached_at=berlin("2026-03-02 17:00"),
                warning_at=berlin("2026-03-02 16:48"),
            ),
            id="due-at-closing-is-breached-that-evening",
        ),
        pytest.param(
            berlin("2026-03-07 10:00"),
            60,
            berlin("2026-03-09 08:30"),
            [],
            None,
            ClockReport(
                target_minutes=60,
                used_minutes=30,
                remaining_minutes=30,
                due_at=berlin("2026-03-09 09:00"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-09 08:48"),
            ),
            id="opened-on-saturday-counts-from-monday",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            240,
            berlin("2026-03-02 13:00"),
            [paused("2026-03-02 10:00", "2026-03-02 12:00")],
            None,
            ClockReport(
                target_minutes=240,
                used_minutes=120,
                remaining_minutes=120,
                due_at=berlin("2026-03-02 15:00"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-02 14:12"),
            ),
            id="waiting-on-requester-pauses-and-resumes",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            240,
            berlin("2026-03-02 13:00"),
            [paused("2026-03-02 10:00")],
            None,
            ClockReport(
                target_minutes=240,
                used_minutes=60,
                remaining_minutes=180,
                due_at=None,
                is_paused=True,
                is_stopped=False,
                breached_at=None,
                warning_at=None,
            ),
            id="open-pause-has-no-due-time",
        ),
        pytest.param(
            berlin("2026-03-02 16:00"),
            120,
            berlin("2026-03-03 08:30"),
            [paused("2026-03-02 17:30", "2026-03-03 07:30")],
            None,
            ClockReport(
                target_minutes=120,
                used_minutes=90,
                remaining_minutes=30,
                due_at=berlin("2026-03-03 09:00"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-03 08:36"),
            ),
            id="pause-over-the-night-excludes-nothing",
        ),
        pytest.param(
            berlin("2026-03-02 16:00"),
            120,
            berlin("2026-03-03 09:30"),
            [paused("2026-03-02 16:30", "2026-03-03 09:00")],
            None,
            ClockReport(
                target_minutes=120,
                used_minutes=60,
                remaining_minutes=60,
                due_at=berlin("2026-03-03 10:30"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-03 10:06"),
            ),
            id="pause-through-the-night-excludes-only-business-minutes",
        ),
        pytest.param(
            berlin("2026-03-05 15:00"),
            540,
            berlin("2026-03-09 11:00"),
            [paused("2026-03-06 09:00", "2026-03-09 10:00")],
            None,
            ClockReport(
                target_minutes=540,
                used_minutes=240,
                remaining_minutes=300,
                due_at=berlin("2026-03-09 16:00"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-09 14:12"),
            ),
            id="pause-over-a-weekend",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            60,
            berlin("2026-03-02 10:00"),
            [paused("2026-03-02 08:00", "2026-03-02 09:30")],
            None,
            ClockReport(
                target_minutes=60,
                used_minutes=30,
                remaining_minutes=30,
                due_at=berlin("2026-03-02 10:30"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-02 10:18"),
            ),
            id="pause-before-start-is-clipped",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            240,
            berlin("2026-03-02 12:00"),
            [
                paused("2026-03-02 10:30", "2026-03-02 11:30"),
                paused("2026-03-02 10:00", "2026-03-02 11:00"),
            ],
            None,
            ClockReport(
                target_minutes=240,
                used_minutes=90,
                remaining_minutes=150,
                due_at=berlin("2026-03-02 14:30"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-02 13:42"),
            ),
            id="overlapping-pauses-count-once",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            60,
            berlin("2026-03-02 12:00"),
            [paused("2026-03-02 11:00")],
            None,
            ClockReport(
                target_minutes=60,
                used_minutes=120,
                remaining_minutes=-60,
                due_at=None,
                is_paused=True,
                is_stopped=False,
                breached_at=berlin("2026-03-02 10:00"),
                warning_at=None,
            ),
            id="pause-after-breach-keeps-the-breach",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            240,
            berlin("2026-03-02 11:00"),
            [paused("2026-03-02 10:00", "2026-03-02 14:00")],
            None,
            ClockReport(
                target_minutes=240,
                used_minutes=60,
                remaining_minutes=180,
                due_at=None,
                is_paused=True,
                is_stopped=False,
                breached_at=None,
                warning_at=None,
            ),
            id="pause-ending-after-now-is-still-paused",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            240,
            berlin("2026-03-02 10:00"),
            [paused("2026-03-02 12:00", "2026-03-02 13:00")],
            None,
            ClockReport(
                target_minutes=240,
                used_minutes=60,
                remaining_minutes=180,
                due_at=berlin("2026-03-02 13:00"),
                is_paused=False,
                is_stopped=False,
                breached_at=None,
                warning_at=berlin("2026-03-02 12:12"),
            ),
            id="pause-after-now-is-ignored",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            240,
            berlin("2026-03-03 12:00"),
            [],
            berlin("2026-03-02 10:30"),
            ClockReport(
                target_minutes=240,
                used_minutes=90,
                remaining_minutes=150,
                due_at=None,
                is_paused=False,
                is_stopped=True,
                breached_at=None,
                warning_at=None,
            ),
            id="stopped-in-time",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            60,
            berlin("2026-03-04 12:00"),
            [],
            berlin("2026-03-02 11:00"),
            ClockReport(
                target_minutes=60,
                used_minutes=120,
                remaining_minutes=-60,
                due_at=None,
                is_paused=False,
                is_stopped=True,
                breached_at=berlin("2026-03-02 10:00"),
                warning_at=None,
            ),
            id="stopped-after-breach",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            60,
            berlin("2026-03-02 12:00"),
            [],
            berlin("2026-03-02 10:00"),
            ClockReport(
                target_minutes=60,
                used_minutes=60,
                remaining_minutes=0,
                due_at=None,
                is_paused=False,
                is_stopped=True,
                breached_at=None,
                warning_at=None,
            ),
            id="stopped-exactly-at-due-time-is-not-breached",
        ),
        pytest.param(
            berlin("2026-03-02 09:00"),
            60,
            berlin("2026-03-02 12:00"),
            [paused("2026-03-02 10:00")],
            berlin("2026-03-02 09:30"),
            ClockReport(
                target_minutes=60,
                used_minutes=30,
                remaining_minutes=30,
                due_at=None,
                is_paused=False,
                is_stopped=True,
                breached_at=None,
                warning_at=None,
            ),
            id="pause-after-stop-is-ignored",
        ),
    ],
)
def test_sla_clock(started_at, target_minutes, now, pauses, stopped_at, expected):
    report = sla_clock(
        OFFICE, started_at, target_minutes, now, pauses=pauses, stopped_at=stopped_at
    )
    assert report == expected


def test_sla_clock_skips_public_holidays():
    report = sla_clock(US_OFFICE, new_york("2026-12-24 16:00"), 120, new_york("2026-12-28 08:30"))
    assert report == ClockReport(
        target_minutes=120,
        used_minutes=90,
        remaining_minutes=30,
        due_at=new_york("2026-12-28 09:00"),
        is_paused=False,
        is_stopped=False,
        breached_at=None,
        warning_at=new_york("2026-12-28 08:36"),
    )


@pytest.mark.parametrize(
    "warn_percent, expected",
    [
        (0, berlin("2026-03-02 16:00")),
        (50, berlin("2026-03-02 17:00")),
        (75, berlin("2026-03-03 08:30")),
        (100, berlin("2026-03-03 09:00")),
    ],
)
def test_warning_at_follows_warn_percent(warn_percent, expected):
    report = sla_clock(
        OFFICE,
        berlin("2026-03-02 16:00"),
        120,
        berlin("2026-03-02 16:10"),
        warn_percent=warn_percent,
    )
    assert report.warning_at == expected


def test_results_are_utc_for_any_aware_input():
    monday_nine = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    due = add_business_minutes(OFFICE, monday_nine, 60)
    report = sla_clock(OFFICE, monday_nine, 60, monday_nine)
    assert due.tzinfo is UTC
    assert due == utc("2026-03-02 09:00")
    assert report.due_at.tzinfo is UTC
    assert report.warning_at.tzinfo is UTC


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda naive: add_business_minutes(OFFICE, naive, 60), id="add-business-minutes"
        ),
        pytest.param(
            lambda naive: business_minutes_between(OFFICE, naive, berlin("2026-03-03 09:00")),
            id="between-start",
        ),
        pytest.param(
            lambda naive: business_minutes_between(OFFICE, berlin("2026-03-01 09:00"), naive),
            id="between-end",
        ),
        pytest.param(
            lambda naive: sla_clock(OFFICE, naive, 60, berlin("2026-03-03 09:00")),
            id="clock-started-at",
        ),
        pytest.param(
            lambda naive: sla_clock(OFFICE, berlin("2026-03-01 09:00"), 60, naive), id="clock-now"
        ),
        pytest.param(
            lambda naive: sla_clock(
                OFFICE,
                berlin("2026-03-01 09:00"),
                60,
                berlin("2026-03-03 09:00"),
                stopped_at=naive,
            ),
            id="clock-stopped-at",
        ),
        pytest.param(
            lambda naive: sla_clock(
                OFFICE,
                berlin("2026-03-01 09:00"),
                60,
                berlin("2026-03-03 09:00"),
                pauses=[Pause(naive, None)],
            ),
            id="pause-started-at",
        ),
        pytest.param(
            lambda naive: sla_clock(
                OFFICE,
                berlin("2026-03-01 09:00"),
                60,
                berlin("2026-03-03 09:00"),
                pauses=[Pause(berlin("2026-03-01 10:00"), naive)],
            ),
            id="pause-ended-at",
        ),
    ],
)
def test_naive_datetimes_are_rejected(call):
    with pytest.raises(ValueError, match="timezone-aware"):
        call(datetime(2026, 3, 2, 10))


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda: add_business_minutes(OFFICE, berlin("2026-03-02 09:00"), -1),
            id="negative-minutes",
        ),
        pytest.param(
            lambda: sla_clock(OFFICE, berlin("2026-03-02 09:00"), -1, berlin("2026-03-02 10:00")),
            id="negative-target",
        ),
        pytest.param(
            lambda: sla_clock(
                OFFICE,
                berlin("2026-03-02 09:00"),
                60,
                berlin("2026-03-02 10:00"),
                warn_percent=101,
            ),
            id="warn-percent-over-100",
        ),
        pytest.param(
            lambda: sla_clock(
                OFFICE,
                berlin("2026-03-02 09:00"),
                60,
                berlin("2026-03-02 12:00"),
                pauses=[paused("2026-03-02 11:00", "2026-03-02 10:00")],
            ),
            id="pause-ending-before-it-starts",
        ),
        pytest.param(
            lambda: add_business_minutes(NO_HOURS, berlin("2026-03-02 09:00"), 60),
            id="no-hours-add",
        ),
        pytest.param(
            lambda: add_business_minutes(NO_HOURS, berlin("2026-03-02 09:00"), 0),
            id="no-hours-add-zero",
        ),
        pytest.param(
            lambda: sla_clock(NO_HOURS, berlin("2026-03-02 09:00"), 60, berlin("2026-03-02 10:00")),
            id="no-hours-clock",
        ),
    ],
)
def test_invalid_arguments_raise_value_error(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize(
    "calendar, day, expected",
    [
        pytest.param(US_OFFICE, date(2026, 12, 25), "Christmas Day", id="us-christmas"),
        pytest.param(US_OFFICE, date(2027, 1, 1), "New Year's Day", id="us-new-year"),
        pytest.param(US_OFFICE, date(2026, 7, 3), "Independence Day (observed)", id="us-observed"),
        pytest.param(US_OFFICE, date(2026, 12, 24), None, id="us-christmas-eve"),
        pytest.param(BAVARIA, date(2027, 1, 6), "Heilige Drei Könige", id="bavaria-epiphany"),
        pytest.param(GERMANY, date(2027, 1, 6), None, id="germany-epiphany"),
        pytest.param(CLOSED_WEDNESDAY, date(2026, 3, 4), None, id="local-closure"),
        pytest.param(OFFICE, date(2026, 12, 25), None, id="no-country"),
    ],
)
def test_holiday_name(calendar, day, expected):
    assert calendar.holiday_name(day) == expected


@pytest.mark.parametrize(
    "calendar, day, expected",
    [
        pytest.param(US_OFFICE, date(2026, 12, 25), True, id="us-christmas"),
        pytest.param(US_OFFICE, date(2026, 12, 24), False, id="us-christmas-eve"),
        pytest.param(BAVARIA, date(2027, 1, 6), True, id="bavaria-epiphany"),
        pytest.param(GERMANY, date(2027, 1, 6), False, id="germany-epiphany"),
        pytest.param(CLOSED_WEDNESDAY, date(2026, 3, 4), True, id="local-closure"),
        pytest.param(CLOSED_WEDNESDAY, date(2026, 3, 5), False, id="day-after-closure"),
        pytest.param(OFFICE, date(2026, 12, 25), False, id="no-country"),
    ],
)
def test_is_closed(calendar, day, expected):
    assert calendar.is_closed(day) is expected


def test_holiday_names_ignore_the_server_locale(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en_US")
    calendar = BusinessCalendar("Europe/Berlin", standard_hours(), country="DE", subdivision="BY")
    assert calendar.holiday_name(date(2027, 1, 6)) == "Heilige Drei Könige"


def test_calendar_keeps_its_own_copy_of_hours():
    hours = standard_hours()
    calendar = BusinessCalendar("Europe/Berlin", hours)
    hours[5] = ((time(8), time(17)),)
    saturday = berlin("2026-03-07 10:00")
    assert add_business_minutes(calendar, saturday, 0) == berlin("2026-03-09 08:00")


def test_standard_hours():
    assert standard_hours() == {
        0: ((time(8), time(17)),),
        1: ((time(8), time(17)),),
        2: ((time(8), time(17)),),
        3: ((time(8), time(17)),),
        4: ((time(8), time(17)),),
    }
    assert standard_hours(time(9), time(13), [5, 6]) == {
        5: ((time(9), time(13)),),
        6: ((time(9), time(13)),),
    }


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param({"timezone": "Mars/Olympus_Mons"}, id="unknown-timezone"),
        pytest.param({"hours": {0: ((time(17), time(8)),)}}, id="end-before-start"),
        pytest.param({"hours": {0: ((time(8), time(8)),)}}, id="empty-interval"),
        pytest.param({"hours": {0: ((time(8), time(12)), (time(11), time(17)))}}, id="overlapping"),
        pytest.param(
            {"hours": {0: ((time(13), time(17)), (time(8), time(12)))}}, id="out-of-order"
        ),
        pytest.param({"hours": {7: ((time(8), time(17)),)}}, id="weekday-seven"),
        pytest.param({"country": "XX"}, id="unknown-country"),
        pytest.param({"country": "DE", "subdivision": "ZZ"}, id="unknown-subdivision"),
        pytest.param({"subdivision": "BY"}, id="subdivision-without-country"),
    ],
)
def test_malformed_calendar_is_rejected(arguments):
    with pytest.raises(ValueError):
        BusinessCalendar(**{"timezone": "Europe/Berlin", "hours": standard_hours(), **arguments})
