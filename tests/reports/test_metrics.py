"""Every dashboard figure against the hand-worked desk of conftest.py."""

from datetime import date

import pytest

from servicedesk.errors import ValidationError
from servicedesk.extensions import db
from servicedesk.reports import metrics, rollup
from servicedesk.reports.metrics import ReportFilters
from servicedesk.reports.models import ReportTicket

from .conftest import ny

RANGE = ReportFilters(date(2026, 11, 17), date(2026, 11, 18))
LATER = ny(18, 13, 30)  # Wednesday 13:30 New York


@pytest.fixture
def figures(desk):
    rollup.refresh(LATER)
    return metrics.dashboard(RANGE, LATER)


def test_created_and_resolved_per_day(figures):
    assert figures.per_day == [(date(2026, 11, 17), 5, 2), (date(2026, 11, 18), 0, 1)]


def test_sla_compliance_counts_pauses_and_running_clocks_past_due(figures):
    total = figures.sla_total
    assert (total.first_response.met, total.first_response.breached) == (1, 3)
    # B met its resolution target only because waiting on the resident paused the clock.
    assert (total.resolution.met, total.resolution.breached) == (2, 2)
    assert total.resolution.rate == 0.5


def test_sla_compliance_by_team_category_and_channel(figures):
    def table(rows):
        return {
            row.label: (
                row.first_response.met,
                row.first_response.breached,
                row.resolution.met,
                row.resolution.breached,
            )
            for row in rows
        }

    assert table(figures.sla_by_team) == {"IT": (1, 1, 2, 0), "Roads": (0, 2, 0, 2)}
    assert table(figures.sla_by_category) == {
        "Parks": (1, 1, 1, 1),
        "Streets": (0, 2, 1, 1),
        "No category": (0, 0, 0, 0),
    }
    assert table(figures.sla_by_channel) == {
        "Agent (phone / counter)": (1, 0, 1, 0),
        "Citizen portal": (0, 2, 1, 1),
        "Email": (0, 1, 0, 1),
    }


def test_a_running_clock_counts_only_once_its_due_time_passed(desk):
    email = ReportFilters(RANGE.start, RANGE.end, channel="email")  # D, and E (cancelled)
    rollup.refresh(ny(17, 10, 30))
    d_row = db.session.get(ReportTicket, desk.tickets["D"].id)
    assert (d_row.first_response_outcome, d_row.resolution_outcome) == ("running", "running")
    # At 10:30 D's first response (due 11:00) still runs: counted neither way.
    early = metrics.dashboard(email, ny(17, 10, 30)).sla_total.first_response
    assert (early.met, early.breached, early.rate) == (0, 0, None)
    # At 11:01 it is breached, with no new event and no refresh.
    later = metrics.dashboard(email, ny(17, 11, 1)).sla_total
    assert later.first_response.breached == 1 and later.resolution.breached == 0


def test_time_to_resolution_median_and_90th_percentile(figures):
    # A 180, B 390, C 1620 minutes; p90 (inclusive) = 390 + 0.8 x (1620 - 390).
    assert figures.resolution.count == 3
    assert figures.resolution.median_minutes == 390
    assert figures.resolution.p90_minutes == pytest.approx(1374)


def test_reopen_rate(figures):
    assert (figures.reopens.part, figures.reopens.whole) == (1, 3)


def test_csat_average_and_count(figures):
    assert (figures.satisfaction.count, figures.satisfaction.average) == (2, 3.5)


def test_deflection_and_searches_that_found_nothing(figures):
    # 4 portal searches (the agent's is left out), 1 followed by a ticket.
    assert (figures.deflection.searches, figures.deflection.deflected) == (4, 3)
    assert figures.deflection.no_result_searches == [("zeppelin", 2)]


def test_backlog_and_workload(figures):
    assert figures.backlog_by_team == [("Roads", 1)]
    assert figures.backlog_by_category == [("Parks", 1)]
    assert figures.workload == [("Agent Smith", 1)]


def test_filters_narrow_every_figure(desk):
    rollup.refresh(LATER)
    residents = metrics.dashboard(
        ReportFilters(RANGE.start, RANGE.end, audience="residents"), LATER
    )
    assert residents.created_total == 4  # all but A, an employee's
    assert residents.satisfaction.count == 1  # B's rating
    assert residents.deflection.searches == 3  # citizen portal only
    it_only = metrics.dashboard(ReportFilters(RANGE.start, RANGE.end, team_id=desk.it.id), LATER)
    assert it_only.created_total == 2
    assert it_only.reopens.whole == 2 and it_only.reopens.part == 0
    email = metrics.dashboard(ReportFilters(RANGE.start, RANGE.end, channel="email"), LATER)
    assert email.backlog_by_team == [("Roads", 1)] and email.resolution.count == 0


def test_refresh_follows_new_events_and_rebuild_agrees(desk):
    from servicedesk.tickets import service as tickets
    from servicedesk.tickets.lifecycle import Status

    rollup.refresh(LATER)
    tickets.change_status(desk.tickets["D"], Status.RESOLVED, actor=desk.agent, now=ny(18, 13, 40))
    rollup.refresh(ny(18, 13, 41))
    after = metrics.dashboard(RANGE, ny(18, 13, 41))
    assert after.backlog_by_team == [] and after.resolved_total == 4
    before_rebuild = [
        (r.ticket_id, r.first_response_outcome, r.resolution_outcome, r.reopen_count)
        for r in db.session.scalars(db.select(ReportTicket).order_by(ReportTicket.ticket_id))
    ]
    db.session.execute(db.delete(ReportTicket))
    assert rollup.rebuild(ny(18, 13, 41)) == 5
    assert [
        (r.ticket_id, r.first_response_outcome, r.resolution_outcome, r.reopen_count)
        for r in db.session.scalars(db.select(ReportTicket).order_by(ReportTicket.ticket_id))
    ] == before_rebuild


@pytest.mark.parametrize(
    "args, field",
    [
        ({"start": "2026-13-01"}, "start"),
        ({"start": "2026-11-18", "end": "2026-11-01"}, "end"),
        ({"start": "2024-01-01", "end": "2026-11-01"}, "start"),
        ({"days": "0"}, "days"),
        ({"days": "x"}, "days"),
        ({"team": "IT"}, "team"),
        ({"channel": "pigeon"}, "channel"),
        ({"audience": "aliens"}, "audience"),
    ],
)
def test_bad_filters_name_the_field(args, field):
    with pytest.raises(ValidationError) as error:
        metrics.parse_filters(args, date(2026, 11, 18))
    assert field in error.value.fields


def test_default_range_is_the_last_30_days():
    filters = metrics.parse_filters({}, date(2026, 11, 30))
    assert (filters.start, filters.end) == (date(2026, 11, 1), date(2026, 11, 30))


def test_the_worker_minute_sweep_brings_the_report_rows_up_to_date(app, desk):
    from servicedesk.notifications import jobs

    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(ReportTicket)) == 0
    jobs.minute_sweep(app)
    assert db.session.scalar(db.select(db.func.count()).select_from(ReportTicket)) == 5


@pytest.mark.parametrize(
    "values",
    [
        [7],
        [1, 2],
        [5, 1, 3],
        [4, 1, 3, 2],
        list(range(1, 12)),
        [3, 3, 3, 10, 200, 1, 90, 17, 4, 4, 5],
    ],
)
def test_percentiles_from_ranked_values_match_the_statistics_module(values):
    ordered = sorted(values)
    wanted = metrics._percentile_positions(len(ordered))
    at = {index: ordered[index] for index in wanted}
    assert metrics._median_and_p90_at(len(ordered), at) == pytest.approx(
        metrics.median_and_p90(ordered)
    )
