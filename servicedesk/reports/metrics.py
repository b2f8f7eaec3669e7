"""The dashboard's figures, computed from ``report_tickets`` (see ``rollup.py``), the
satisfaction ratings and the knowledge base's search log.

Definitions (the README repeats them for readers of the dashboard):

- *created* / *resolved per day*: tickets filed on a day; tickets whose current resolution is
  on a day (UTC days).
- *backlog*: tickets open now (new, open, in progress, waiting), by team and by category.
- *SLA compliance*: of the tickets filed in the range whose clock has an outcome, the share
  that met the target: met / (met + breached). A running clock past its due time is breached;
  a running or paused clock still within its target is not counted yet. Waiting on the
  requester pauses the clocks (the ticket page's own arithmetic).
- *time to resolution*: wall-clock time from filing to resolution of the tickets resolved in
  the range: median and 90th percentile.
- *reopen rate*: of the tickets first resolved in the range, the share reopened since.
- *CSAT*: average and count of the ratings given in the range.
- *deflection*: portal searches in the range that were not followed by a ticket in the same
  visit (the knowledge base's own report).
- *workload*: open tickets per assignee.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import median, quantiles

from sqlalchemy import and_, case, func, or_, select

from ..accounts.models import Team, User
from ..errors import ValidationError
from ..extensions import db
from ..knowledge import service as knowledge
from ..tickets.models import Audience, Channel, SatisfactionRating, category_full_names
from .models import ClockOutcome, ReportTicket

MAX_RANGE_DAYS = 366
PRESET_DAYS = (30, 90)
TOP_SEARCHES = 10
# Which portals' searches speak for each audience (agents' own look-ups never count).
PORTALS_OF = {
    Audience.EMPLOYEES.value: ("employee",),
    Audience.RESIDENTS.value: ("citizen",),
}


@dataclass(frozen=True)
class ReportFilters:
    """The dashboard's filters: a range of UTC days (both ends included) and optional
    team, channel and audience (employees or residents)."""

    start: date
    end: date
    team_id: int | None = None
    channel: str | None = None
    audience: str | None = None

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time.min).replace(tzinfo=UTC)

    @property
    def ends_at(self) -> datetime:
        """The first instant after the range."""
        return datetime.combine(self.end + timedelta(days=1), time.min).replace(tzinfo=UTC)


def parse_filters(args, today: date) -> ReportFilters:
    """Read filters from query arguments (``days`` or ``start``/``end``, ``team``, ``channel``,
    ``audience``); the last 30 days by default.

    :raises ValidationError: naming the field that is wrong.
    """
    errors: dict[str, str] = {}
    start, end = _parse_range(args, today, errors)
    team_id = _parse_int(args.get("team"), "team", errors)
    channel = args.get("channel") or None
    if channel is not None and channel not in {c.value for c in Channel}:
        errors["channel"] = "Choose a channel from the list."
    audience = args.get("audience") or None
    if audience is not None and audience not in PORTALS_OF:
        errors["audience"] = "Choose employees or residents."
    if errors:
        raise ValidationError("Some filters are not valid: " + " ".join(errors.values()), errors)
    return ReportFilters(start, end, team_id, channel, audience)


def _parse_range(args, today: date, errors: dict[str, str]) -> tuple[date, date]:
    if args.get("start") or args.get("end"):
        start = _parse_date(args.get("start"), "start", errors)
        end = _parse_date(args.get("end"), "end", errors) if args.get("end") else today
        if start and end:
            if start > end:
                errors["end"] = "The end date must be on or after the start date."
            elif (end - start).days >= MAX_RANGE_DAYS:
                errors["start"] = f"Choose a range of at most {MAX_RANGE_DAYS} days."
            return start, end
        return today, today
    days = _parse_int(args.get("days"), "days", errors)
    if days is None:
        days = PRESET_DAYS[0]
    elif not 1 <= days <= MAX_RANGE_DAYS:
        errors["days"] = f"Choose between 1 and {MAX_RANGE_DAYS} days."
        days = PRESET_DAYS[0]
    return today - timedelta(days=days - 1), today


def _parse_date(text: str | None, name: str, errors: dict[str, str]) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        errors[name] = f"Write the {name} date as YYYY-MM-DD."
        return None


def _parse_int(text: str | None, name: str, errors: dict[str, str]) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) < 10):
        errors[name] = f"The {name} must be a number from the list."
        return None
    return int(text)


# --- figures -------------------------------------------------------------------------------


@dataclass
class Compliance:
    """Met and breached counts of one clock; ``rate`` is None when nothing has an outcome."""

    met: int = 0
    breached: int = 0

    @property
    def counted(self) -> int:
        return self.met + self.breached

    @property
    def rate(self) -> float | None:
        return self.met / self.counted if self.counted else None

    def add(self, met: int, breached: int) -> None:
        self.met += met
        self.breached += breached


@dataclass
class SlaRow:
    label: str
    first_response: Compliance = field(default_factory=Compliance)
    resolution: Compliance = field(default_factory=Compliance)


@dataclass(frozen=True)
class Resolution:
    count: int
    median_minutes: float | None
    p90_minutes: float | None


@dataclass(frozen=True)
class Rate:
    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class Satisfaction:
    count: int
    average: float | None


@dataclass(frozen=True)
class Deflection:
    searches: int
    deflected: int
    no_result_searches: list[tuple[str, int]]

    @property
    def rate(self) -> float | None:
        return self.deflected / self.searches if self.searches else None


@dataclass(frozen=True)
class Dashboard:
    filters: ReportFilters
    per_day: list[tuple[date, int, int]]  # day, created, resolved
    backlog_by_team: list[tuple[str, int]]
    backlog_by_category: list[tuple[str, int]]
    sla_total: SlaRow
    sla_by_team: list[SlaRow]
    sla_by_category: list[SlaRow]
    sla_by_channel: list[SlaRow]
    resolution: Resolution
    reopens: Rate
    satisfaction: Satisfaction
    deflection: Deflection
    workload: list[tuple[str, int]]

    @property
    def created_total(self) -> int:
        return sum(created for _day, created, _resolved in self.per_day)

    @property
    def resolved_total(self) -> int:
        return sum(resolved for _day, _created, resolved in self.per_day)


def dashboard(filters: ReportFilters, now: datetime) -> Dashboard:
    """Every figure of the team lead dashboard for *filters* as of *now*."""
    teams = dict(db.session.execute(select(Team.id, Team.name)).all())
    categories = category_full_names(active_only=False)
    sla_rows = sla_compliance(filters, now, teams, categories)
    return Dashboard(
        filters=filters,
        per_day=created_and_resolved(filters),
        backlog_by_team=_named(backlog(filters, ReportTicket.team_id), teams, "No team"),
        backlog_by_category=_named(
            backlog(filters, ReportTicket.category_id), categories, "No category"
        ),
        sla_total=sla_rows["total"][0],
        sla_by_team=sla_rows["team"],
        sla_by_category=sla_rows["category"],
        sla_by_channel=sla_rows["channel"],
        resolution=time_to_resolution(filters),
        reopens=reopen_rate(filters),
        satisfaction=satisfaction(filters),
        deflection=deflection(filters),
        workload=workload(filters),
    )


def _scope(filters: ReportFilters) -> list:
    """Conditions of the team, channel and audience filters."""
    conditions = []
    if filters.team_id is not None:
        conditions.append(ReportTicket.team_id == filters.team_id)
    if filters.channel is not None:
        conditions.append(ReportTicket.channel == filters.channel)
    if filters.audience is not None:
        conditions.append(ReportTicket.audience == filters.audience)
    return conditions


def created_and_resolved(filters: ReportFilters) -> list[tuple[date, int, int]]:
    """Tickets created and resolved on each day of the range (zero days included)."""
    scope = _scope(filters)
    created = _count_by_day(ReportTicket.created_day, filters, scope)
    resolved = _count_by_day(ReportTicket.resolved_day, filters, scope)
    return [(day, created.get(day, 0), resolved.get(day, 0)) for day in filters.days]


def _count_by_day(column, filters: ReportFilters, scope: list) -> dict[date, int]:
    rows = db.session.execute(
        select(column, func.count())
        .where(column >= filters.start, column <= filters.end, *scope)
        .group_by(column)
    ).all()
    return {_as_date(day): count for day, count in rows}


def _as_date(value) -> date:
    # SQLite hands back a date column grouped by itself as text on some versions.
    return date.fromisoformat(value) if isinstance(value, str) else value


def backlog(filters: ReportFilters, dimension) -> list[tuple[int | None, int]]:
    """Open tickets now, counted by *dimension* (most first)."""
    return db.session.execute(
        select(dimension, func.count())
        .where(ReportTicket.is_open.is_(True), *_scope(filters))
        .group_by(dimension)
        .order_by(func.count().desc())
    ).all()


def _named(rows: Iterable[tuple[int | None, int]], names: dict, missing: str):
    return [(names.get(key, missing) if key is not None else missing, count) for key, count in rows]


def _breached(outcome, due_at, now: datetime):
    return or_(
        outcome == ClockOutcome.BREACHED,
        and_(outcome == ClockOutcome.RUNNING, due_at <= now),
    )


def _sum_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def sla_compliance(
    filters: ReportFilters, now: datetime, teams: dict, categories: dict
) -> dict[str, list[SlaRow]]:
    """SLA compliance of the tickets filed in the range, in total and by team, category and
    channel (one grouped query, summed per dimension)."""
    rows = db.session.execute(
        select(
            ReportTicket.team_id,
            ReportTicket.category_id,
            ReportTicket.channel,
            _sum_if(ReportTicket.first_response_outcome == ClockOutcome.MET),
            _sum_if(
                _breached(
                    ReportTicket.first_response_outcome, ReportTicket.first_response_due_at, now
                )
            ),
            _sum_if(ReportTicket.resolution_outcome == ClockOutcome.MET),
            _sum_if(
                _breached(ReportTicket.resolution_outcome, ReportTicket.resolution_due_at, now)
            ),
        )
        .where(
            ReportTicket.created_day >= filters.start,
            ReportTicket.created_day <= filters.end,
            *_scope(filters),
        )
        .group_by(ReportTicket.team_id, ReportTicket.category_id, ReportTicket.channel)
    ).all()
    labels = {
        "team": lambda row: teams.get(row[0], "No team") if row[0] else "No team",
        "category": lambda row: categories.get(row[1], "No category") if row[1] else "No category",
        "channel": lambda row: Channel(row[2]).label,
        "total": lambda row: "All tickets",
    }
    result: dict[str, list[SlaRow]] = {}
    for dimension, label_of in labels.items():
        grouped: dict[str, SlaRow] = defaultdict(lambda: SlaRow(""))
        for row in rows:
            label = label_of(row)
            entry = grouped[label]
            entry.label = label
            entry.first_response.add(int(row[3]), int(row[4]))
            entry.resolution.add(int(row[5]), int(row[6]))
        result[dimension] = sorted(grouped.values(), key=lambda entry: entry.label)
    if not result["total"]:
        result["total"] = [SlaRow("All tickets")]
    return result


def time_to_resolution(filters: ReportFilters) -> Resolution:
    """Median and 90th percentile of filing-to-resolution time, resolved in the range.

    The database ranks the times and hands back the two to four it needs (a year of a large
    desk is 300,000 of them: fetching them all would take longer than the rest of the page).
    """
    conditions = [
        ReportTicket.resolved_day >= filters.start,
        ReportTicket.resolved_day <= filters.end,
        ReportTicket.resolution_minutes.is_not(None),
        *_scope(filters),
    ]
    count = db.session.scalar(select(func.count()).select_from(ReportTicket).where(*conditions))
    if not count:
        return Resolution(0, None, None)
    ranked = (
        select(
            ReportTicket.resolution_minutes.label("minutes"),
            func.row_number().over(order_by=ReportTicket.resolution_minutes).label("position"),
        )
        .where(*conditions)
        .subquery()
    )
    wanted = _percentile_positions(count)
    at = {
        position - 1: minutes
        for position, minutes in db.session.execute(
            select(ranked.c.position, ranked.c.minutes).where(
                ranked.c.position.in_([index + 1 for index in wanted])
            )
        )
    }
    return Resolution(count, *_median_and_p90_at(count, at))


def _percentile_positions(count: int) -> set[int]:
    """The 0-based ranks the median and the inclusive 90th percentile are made of."""
    j = 9 * (count - 1) // 10
    return {(count - 1) // 2, count // 2, j, min(j + 1, count - 1)}


def _median_and_p90_at(count: int, at: dict[int, float]) -> tuple[float, float]:
    """``statistics.median`` and ``quantiles(n=10, method="inclusive")[-1]`` from ranked values."""
    middle = at[(count - 1) // 2] if count % 2 else (at[count // 2 - 1] + at[count // 2]) / 2
    if count == 1:
        return middle, middle
    j = 9 * (count - 1) // 10
    delta = 9 * (count - 1) - j * 10
    upper = at[j + 1] if delta else at[j]
    return middle, (at[j] * (10 - delta) + upper * delta) / 10


def median_and_p90(values: list[float]) -> tuple[float | None, float | None]:
    """The median and the 90th percentile (inclusive method, as the report form's estimate)."""
    if not values:
        return None, None
    if len(values) == 1:
        return values[0], values[0]
    return median(values), quantiles(values, n=10, method="inclusive")[-1]


def reopen_rate(filters: ReportFilters) -> Rate:
    """Of the tickets first resolved in the range, how many were reopened since."""
    reopened, resolved = db.session.execute(
        select(_sum_if(ReportTicket.reopen_count > 0), func.count()).where(
            ReportTicket.first_resolved_day >= filters.start,
            ReportTicket.first_resolved_day <= filters.end,
            *_scope(filters),
        )
    ).one()
    return Rate(int(reopened), int(resolved))


def satisfaction(filters: ReportFilters) -> Satisfaction:
    """Average and count of the satisfaction ratings given in the range."""
    query = select(func.count(), func.avg(SatisfactionRating.score)).where(
        SatisfactionRating.created_at >= filters.starts_at,
        SatisfactionRating.created_at < filters.ends_at,
    )
    scope = _scope(filters)
    if scope:
        query = query.join(ReportTicket, ReportTicket.ticket_id == SatisfactionRating.ticket_id)
        query = query.where(*scope)
    count, average = db.session.execute(query).one()
    return Satisfaction(int(count), float(average) if average is not None else None)


def deflection(filters: ReportFilters) -> Deflection:
    """The knowledge base's deflection figures for the range (and audience, through the
    portal searched); team and channel do not apply to searches."""
    report = knowledge.deflection_report(
        since=filters.starts_at,
        until=filters.ends_at,
        portals=PORTALS_OF.get(filters.audience) if filters.audience else None,
    )
    return Deflection(
        searches=sum(row.searches for row in report.per_category),
        deflected=sum(row.deflected for row in report.per_category),
        no_result_searches=report.content_gaps[:TOP_SEARCHES],
    )


def workload(filters: ReportFilters) -> list[tuple[str, int]]:
    """Open tickets per assignee (most first); unassigned tickets are the backlog's business."""
    rows = db.session.execute(
        select(User.name, func.count())
        .select_from(ReportTicket)
        .join(User, User.id == ReportTicket.assignee_id)
        .where(ReportTicket.is_open.is_(True), *_scope(filters))
        .group_by(User.id, User.name)
        .order_by(func.count().desc(), User.name)
    ).all()
    return [(name, count) for name, count in rows]
