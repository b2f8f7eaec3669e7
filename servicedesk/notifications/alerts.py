"""KPI alerts for team leads, checked by the worker's minute sweep.

A team's rule sets a backlog threshold (open tickets) and a breach-rate threshold (the share of
tickets opened in the last seven days that breached an SLA target). Crossing one tells the
team's leads once per day and kind: the idempotency key carries the date.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select

from .. import audit
from ..accounts.models import Team, User
from ..errors import PermissionDenied, ValidationError
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


def can_set_alerts(actor: User | None, team: Team) -> bool:
    """Admins set every team's alerts; a lead sets those of their own teams."""
    if actor is None or not actor.is_active:
        return False
    return actor.is_admin or (actor.is_lead and team.id in actor.team_ids)


def save_rule(
    team: Team,
    *,
    backlog_threshold: int | None,
    breach_rate_percent: int | None,
    actor: User,
) -> TeamAlertRule:
    """Set (or clear, with two Nones) *team*'s KPI alert thresholds; audited, flushes.

    :raises PermissionDenied: unless the actor may set this team's alerts.
    :raises ValidationError: for a negative backlog or a rate outside 0-100.
    """
    if not can_set_alerts(actor, team):
        raise PermissionDenied("Only admins and the team's leads set its alerts.")
    problems = {}
    if backlog_threshold is not None and backlog_threshold < 0:
        problems["backlog_threshold"] = "Give a number of tickets, 0 or more."
    if breach_rate_percent is not None and not 0 <= breach_rate_percent <= 100:
        problems["breach_rate_percent"] = "Give a percentage from 0 to 100."
    if problems:
        raise ValidationError("Check the thresholds.", problems)
    rule = db.session.get(TeamAlertRule, team.id) or TeamAlertRule(team_id=team.id)
    before = {"backlog": rule.backlog_threshold, "breach rate %": rule.breach_rate_percent}
    rule.backlog_threshold = backlog_threshold
    rule.breach_rate_percent = breach_rate_percent
    db.session.add(rule)
    after = {"backlog": backlog_threshold, "breach rate %": breach_rate_percent}
    audit.record(actor, "team_alerts.changed", team, audit.changes(before, after))
    return rule
