"""KPI alerts for team leads, checked by the worker's minute sweep.

A team's rule sets a backlog threshold (open tickets) and a breach-rate threshold (the share of
tickets opened in the last seven days that breached an SLA target). Crossing one tells the
team's leads once per day and kind: the idempotency key carries the date.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select

from ..extensions import db
from ..tickets import lifecycle
from ..tickets.models import Ticket
from .models import TeamAlertRule

BREACH_WINDOW = timedelta(days=7)
# Below this many tickets a rate says little; no alert.
MIN_TICKETS_FOR_RATE = 5


def team_backlog(team_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.team_id == team_id, Ticket.status.in_(list(lifecycle.ACTIVE)))
    )


def team_breach_rate(team_id: int, now: datetime) -> tuple[int, int]:
    """(breached, total) of the team's tickets opened in the last seven days."""
    recent = (Ticket.team_id == team_id, Ticket.created_at >= now - BREACH_WINDOW)
    total = db.session.scalar(select(func.count()).select_from(Ticket).where(*recent))
    breached = db.session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(
            *recent,
            or_(
                Ticket.first_response_breached_at.is_not(None),
                Ticket.resolution_breached_at.is_not(None),
            ),
        )
    )
    return breached or 0, total or 0


def check_team_alerts(now: datetime) -> int:
    """Queue an alert to the leads of each team over a threshold; return how many teams."""
    from .events import alert_leads

    alerted = 0
    for rule in db.session.scalars(select(TeamAlertRule)):
        if rule.backlog_threshold is not None:
            backlog = team_backlog(rule.team_id)
            if backlog > rule.backlog_threshold:
                alert_leads(rule.team, "backlog", backlog, rule.backlog_threshold, now)
                alerted += 1
        if rule.breach_rate_percent is not None:
            breached, total = team_breach_rate(rule.team_id, now)
            rate = round(100 * breached / total) if total else 0
            if total >= MIN_TICKETS_FOR_RATE and rate > rule.breach_rate_percent:
                alert_leads(rule.team, "breach_rate", rate, f"{rule.breach_rate_percent}%", now)
                alerted += 1
    return alerted
