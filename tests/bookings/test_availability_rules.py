"""The pure booking arithmetic: rules, opening hours, holidays, free times, weekly series."""

from datetime import UTC, datetime, time, timedelta

import pytest

from servicedesk.bookings import availability
from servicedesk.bookings.availability import Busy, Rules
from servicedesk.tickets import sla

NY = sla.BusinessCalendar("America/New_York", sla.standard_hours(time(8), time(17)), country="US")
# Tuesday 17 November 2026, 10:00 in New York.
NOW = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)
RULES = Rules(min_notice_minutes=60, max_length_minutes=240, max_days_ahead=30)


def ny(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A New York wall-clock time in late 2026 (UTC-5 after 1 November)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC) + timedelta(hours=5)


@pytest.mark.parametrize(
    ("start", "end", "codes"),
    [
        (ny(18, 10), ny(18, 11), []),
        (ny(18, 10), ny(18, 10), ["zero_length"]),
        (ny(18, 11), ny(18, 10), ["end_before_start"]),
        (ny(16, 10), ny(16, 11), ["in_past"]),
        (ny(17, 10, 30), ny(17, 11, 30), ["too_soon"]),  # 30 minutes' notice, 60 needed
        (ny(17, 11), ny(17, 12), []),  # exactly the notice
        (ny(18, 9), ny(18, 14), ["too_long"]),  # five hours, four allowed
        (ny(18, 9), ny(18, 13), []),  # exactly the maximum
        (ny(28, 10, month=12), ny(28, 11, month=12), ["too_far"]),
        (ny(18, 7), ny(18, 8, 30), ["outside_hours"]),  # before opening
        (ny(18, 16), ny(18, 17, 30), ["outside_hours"]),  # past closing
        (ny(18, 16), ny(18, 17), []),  # ends at closing time
        (ny(21, 10), ny(21, 11), ["outside_hours"]),  # a Saturday
        (ny(26, 10), ny(26, 11), ["closed_day"]),  # Thanksgiving
    ],
)
def test_rules_opening_hours_and_holidays(start, end, codes):
    problems = availability.check_times(start, end, rules=RULES, calendar=NY, now=NOW)
    assert [problem.code for problem in problems] == codes


def test_a_holiday_is_named():
    (problem,) = availability.check_times(ny(26, 10), ny(26, 11), rules=RULES, calendar=NY, now=NOW)
    assert problem.values["name"] == "Thanksgiving Day"


def test_without_a_calendar_any_hour_is_open():
    night = (ny(18, 23), ny(19, 1))
    assert availability.check_times(*night, rules=RULES, calendar=None, now=NOW) == []


@pytest.mark.parametrize(
    ("start", "end", "free"),
    [
        (ny(18, 9), ny(18, 10), True),  # ends when the booking starts
        (ny(18, 11), ny(18, 12), True),  # starts when it ends
        (ny(18, 9), ny(18, 10, 1), False),
        (ny(18, 10, 30), ny(18, 10, 45), False),  # inside
        (ny(18, 9), ny(18, 12), False),  # around
    ],
)
def test_intervals_are_half_open(start, end, free):
    busy = Busy([(ny(18, 10), ny(18, 11)), (ny(18, 14), ny(18, 15))])
    assert busy.is_free(start, end) is free


def test_next_free_skips_busy_times_and_closing():
    busy = Busy([(ny(18, 8), ny(18, 12)), (ny(18, 13), ny(18, 17))])
    openings = availability.day_openings(NY, ny(18, 0), ny(20, 0))
    found = availability.next_free(
        openings, busy, timedelta(hours=1), after=ny(18, 8), step=timedelta(minutes=30)
    )
    assert found == [
        (ny(18, 12), ny(18, 13)),
        (ny(19, 8), ny(19, 9)),
        (ny(19, 8, 30), ny(19, 9, 30)),
    ]


def test_counter_slots_offer_a_time_while_any_counter_is_free():
    busy = {1: Busy([(ny(18, 8), ny(18, 8, 30))]), 2: Busy([(ny(18, 8), ny(18, 8, 15))])}
    openings = availability.day_openings(NY, ny(18, 0), ny(19, 0))
    slots = availability.counter_slots(
        openings, busy, timedelta(minutes=15), after=ny(18, 7, 50), limit=3
    )
    assert [(slot.start, slot.free_counters) for slot in slots] == [
        (ny(18, 8, 15), (2,)),
        (ny(18, 8, 30), (1, 2)),
        (ny(18, 8, 45), (1, 2)),
    ]


def test_slots_stay_on_the_grid_after_an_odd_time():
    openings = availability.day_openings(NY, ny(18, 0), ny(19, 0))
    slots = availability.counter_slots(
        openings, {1: Busy([])}, timedelta(minutes=20), after=ny(18, 9, 7), limit=1
    )
    assert slots[0].start == ny(18, 9, 20)


def test_weekly_series_keeps_local_time_across_daylight_saving():
    # 10:00 New York on Tuesday 27 October (UTC-4), three weeks: DST ends on 1 November.
    start = datetime(2026, 10, 27, 14, 0, tzinfo=UTC)
    occurrences = availability.weekly_occurrences(start, start + timedelta(hours=1), 3, NY.timezone)
    assert [s for s, _ in occurrences] == [
        datetime(2026, 10, 27, 14, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 15, 0, tzinfo=UTC),
        datetime(2026, 11, 10, 15, 0, tzinfo=UTC),
    ]
    assert all(end - s == timedelta(hours=1) for s, end in occurrences)


@pytest.mark.parametrize(
    ("capacity", "features", "wanted", "wanted_features", "ok"),
    [
        (8, ["projector"], 8, ["projector"], True),
        (6, ["projector"], 8, ["projector"], False),
        (12, ["screen"], 8, ["projector"], False),
        (12, ["projector", "wheelchair"], 4, ["wheelchair"], True),
    ],
)
def test_search_matches_capacity_and_features(capacity, features, wanted, wanted_features, ok):
    assert (
        availability.matches_search(
            capacity=capacity,
            features=features,
            wanted_capacity=wanted,
            wanted_features=wanted_features,
        )
        is ok
    )
