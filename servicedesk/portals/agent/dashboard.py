"""The team lead dashboard and ticket exports in the agent workspace.

The dashboard is for leads and admins (``reports.policy``); exports are for staff and hold
only the tickets the viewer may see. Each dashboard view first brings the report rows up to
date (``rollup.refresh``), so its figures are correct to the minute.
"""

from flask import render_template, request, url_for

from ...accounts.models import Team
from ...errors import ValidationError
from ...extensions import db
from ...reports import charts, exports, metrics, rollup, sentiment
from ...reports import policy as report_policy
from ...tickets import queues
from ...tickets.models import Audience, Channel, category_full_names
from ...timeutils import utcnow
from ..common import current_actor
from . import bp
from .views import _queue_filters

BAR_ROWS = 12  # the charts show the largest; the tables beside them list every row

# The queue and the ticket page show the sentiment flag of the tickets they list.
bp.add_app_template_global(sentiment.flags_for, "sentiment_flags")


@bp.get("/dashboard")
def dashboard():
    actor = current_actor()
    report_policy.require_view_dashboard(actor)
    now = utcnow()
    context = {
        "teams": db.session.execute(db.select(Team.id, Team.name).order_by(Team.name)).all(),
        "channels": list(Channel),
        "audiences": [Audience.EMPLOYEES, Audience.RESIDENTS],
        "presets": metrics.PRESET_DAYS,
        "args": request.args,
    }
    try:
        filters = metrics.parse_filters(request.args, now.date())
    except ValidationError as error:
        return render_template("agent/dashboard.html", errors=error.fields, **context), 400
    rollup.refresh_and_commit(now)
    figures = metrics.dashboard(filters, now)
    return render_template(
        "agent/dashboard.html",
        errors={},
        figures=figures,
        filters=filters,
        charts=_charts(figures),
        export_url=url_for("agent.export_dashboard_tickets", **request.args),
        now=now,
        **context,
    )


def _charts(figures: metrics.Dashboard) -> dict:
    per_day = figures.per_day
    percent = [
        ("first_response", "First response"),
        ("resolution", "Resolution"),
    ]
    return {
        "per_day": charts.line_chart(
            [day.strftime("%b %d") for day, _c, _r in per_day],
            [
                ("Created", [created for _d, created, _r in per_day], "series-created"),
                ("Resolved", [resolved for _d, _c, resolved in per_day], "series-resolved"),
            ],
        ),
        "backlog_team": charts.bar_chart(figures.backlog_by_team[:BAR_ROWS]),
        "backlog_category": charts.bar_chart(figures.backlog_by_category[:BAR_ROWS]),
        "workload": charts.bar_chart(figures.workload[:BAR_ROWS]),
        **{
            f"sla_team_{key}": charts.bar_chart(
                [
                    (row.label, round(100 * getattr(row, key).rate, 1))
                    for row in figures.sla_by_team
                    if getattr(row, key).rate is not None
                ][:BAR_ROWS],
                maximum=100,
                unit="%",
            )
            for key, _label in percent
        },
    }


# --- exports -------------------------------------------------------------------------------


@bp.get("/export")
def export_queue():
    """How many tickets the queue's filters match, before downloading them."""
    actor = current_actor()
    report_policy.require_export_tickets(actor)
    filters = _queue_filters()
    query = queues.queue_select(actor, filters, utcnow())
    return render_template(
        "agent/export.html",
        count=exports.count(query),
        download_url=url_for("agent.export_queue_csv", **request.args),
        back_url=url_for("agent.queue", **request.args),
        what="tickets matching the queue filters",
    )


@bp.get("/export/tickets.csv")
def export_queue_csv():
    actor = current_actor()
    report_policy.require_export_tickets(actor)
    query = queues.queue_select(actor, _queue_filters(), utcnow())
    return _csv_response(query, "tickets")


@bp.get("/dashboard/tickets.csv")
def export_dashboard_tickets():
    """The tickets behind the dashboard's filters (filed in the range), as the viewer sees them."""
    actor = current_actor()
    report_policy.require_export_tickets(actor)
    now = utcnow()
    filters = metrics.parse_filters(request.args, now.date())
    rollup.refresh_and_commit(now)  # the audience filter reads the report rows
    query = exports.filtered_tickets(actor, filters)
    return _csv_response(query, "tickets")


def _csv_response(query, name: str):
    categories = category_full_names(active_only=False)
    return exports.csv_download(
        lambda session: exports.ticket_rows(query, session, categories),
        f"{name}-{utcnow():%Y%m%d-%H%M}.csv",
    )
