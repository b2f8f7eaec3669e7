"""The public performance figures: how fast the city resolves residents' reports, and where
open reports are. Nothing here names or locates a person.

Per category of residents' reports filed in the last 90 days: how many, the median time from
filing to resolution (of those resolved), and the share resolved within the SLA target (of
those whose resolution clock has an outcome, as on the dashboard). Open reports appear with a
location rounded to about 100 m, their category, status and filing day only.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from ..tickets.models import Ticket, category_full_names
from .exports import round_location
from .metrics import median_and_p90
from .models import ClockOutcome, ReportTicket

WINDOW = timedelta(days=90)
MAX_POINTS = 1_000  # the newest open reports on the map
RESIDENTS = "residents"


@dataclass
class CategoryPerformance:
    category: str
    requests: int = 0
    resolved: int = 0
    median_minutes: float | None = None
    met: int = 0
    breached: int = 0

    @property
    def within_target(self) -> float | None:
        counted = self.met + self.breached
        return self.met / counted if counted else None


@dataclass(frozen=True)
class OpenReport:
    category: str
    status: str
    filed_on: date
    latitude: float
    longitude: float


def performance(now: datetime) -> list[CategoryPerformance]:
    """Per category, residents' reports of the last 90 days (most reported first)."""
    names = category_full_names(active_only=False)
    rows = db.session.execute(
        select(
            ReportTicket.category_id,
            ReportTicket.resolution_minutes,
            ReportTicket.resolution_outcome,
            ReportTicket.resolution_due_at,
        ).where(
            ReportTicket.created_day >= (now - WINDOW).date(),
            ReportTicket.audience == RESIDENTS,
        )
    )
    found: dict[str, CategoryPerformance] = {}
    minutes: dict[str, list[int]] = defaultdict(list)
    for category_id, resolution_minutes, outcome, due_at in rows:
        name = names.get(category_id, "Other") if category_id else "Other"
        entry = found.setdefault(name, CategoryPerformance(name))
        entry.requests += 1
        if resolution_minutes is not None:
            minutes[name].append(resolution_minutes)
        if outcome == ClockOutcome.MET:
            entry.met += 1
        elif outcome == ClockOutcome.BREACHED or (
            outcome == ClockOutcome.RUNNING and due_at is not None and due_at <= now
        ):
            entry.breached += 1
    for name, entry in found.items():
        entry.resolved = len(minutes[name])
        entry.median_minutes = median_and_p90(sorted(minutes[name]))[0]
    return sorted(found.values(), key=lambda entry: (-entry.requests, entry.category))


def open_reports(limit: int = MAX_POINTS) -> list[OpenReport]:
    """The newest open residents' reports that have a map point, rounded to about 100 m."""
    names = category_full_names(active_only=False)
    rows = db.session.execute(
        select(
            ReportTicket.category_id,
            ReportTicket.status,
            ReportTicket.created_day,
            Ticket.location_lat,
            Ticket.location_lon,
        )
        .join(Ticket, Ticket.id == ReportTicket.ticket_id)
        .where(
            ReportTicket.is_open.is_(True),
            ReportTicket.audience == RESIDENTS,
            Ticket.location_lat.is_not(None),
            Ticket.location_lon.is_not(None),
        )
        .order_by(ReportTicket.ticket_id.desc())
        .limit(limit)
    )
    return [
        OpenReport(
            category=names.get(category_id, "Other") if category_id else "Other",
            status=status,
            filed_on=created_day,
            latitude=round_location(lat),
            longitude=round_location(lon),
        )
        for category_id, status, created_day, lat, lon in rows
    ]
