"""Open reports near a place: what a resident sees before filing a duplicate.

A bounding box on the location index narrows the rows; the great-circle distance decides.
"""

from dataclasses import dataclass
from math import asin, cos, degrees, radians, sin, sqrt

from sqlalchemy import func, select

from ..extensions import db
from . import lifecycle
from .models import Subscription, Ticket, format_reference

EARTH_RADIUS_M = 6_371_000
# More than this many reports in the box means a busy spot: the first ones are enough.
MAX_CANDIDATES = 2_000


@dataclass(frozen=True)
class NearbyReport:
    ticket_id: int
    reference: str
    subject: str
    status: lifecycle.Status
    address: str
    distance_m: int
    supporters: int


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = radians(lat1), radians(lat2)
    dphi, dlambda = phi2 - phi1, radians(lon2 - lon1)
    a = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * asin(min(1.0, sqrt(a)))


def open_reports_near(
    category_ids: list[int], lat: float, lon: float, radius_m: float, limit: int = 5
) -> list[NearbyReport]:
    """Active, unmerged tickets of these categories within *radius_m* of (lat, lon), nearest
    first. Only what a public page may show: no requester, no description."""
    dlat = degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(cos(radians(lat)), 0.01)
    # Only the box is asked of the database: given "status IN" or "duplicate_of_id IS NULL"
    # as well, SQLite (without statistics) walks those indexes over every ticket instead.
    rows = db.session.execute(
        select(
            Ticket.id,
            Ticket.subject,
            Ticket.status,
            Ticket.category_id,
            Ticket.duplicate_of_id,
            Ticket.location_address,
            Ticket.location_lat,
            Ticket.location_lon,
        )
        .where(
            Ticket.location_lat.between(lat - dlat, lat + dlat),
            Ticket.location_lon.between(lon - dlon, lon + dlon),
        )
        .limit(MAX_CANDIDATES)
    ).all()
    wanted = set(category_ids)
    rows = [
        row
        for row in rows
        if row.category_id in wanted
        and row.status in lifecycle.ACTIVE
        and row.duplicate_of_id is None
    ]
    near = sorted((distance_m(lat, lon, row.location_lat, row.location_lon), row) for row in rows)
    near = [(metres, row) for metres, row in near if metres <= radius_m][:limit]
    counts = supporter_counts([row.id for _, row in near])
    return [
        NearbyReport(
            ticket_id=row.id,
            reference=format_reference(row.id),
            subject=row.subject,
            status=row.status,
            address=row.location_address,
            distance_m=round(metres),
            supporters=counts.get(row.id, 0),
        )
        for metres, row in near
    ]


def supporter_counts(ticket_ids: list[int]) -> dict[int, int]:
    """How many people besides the requester follow each ticket ("me too")."""
    if not ticket_ids:
        return {}
    rows = db.session.execute(
        select(Subscription.ticket_id, func.count())
        .join(Ticket, Ticket.id == Subscription.ticket_id)
        .where(
            Subscription.ticket_id.in_(ticket_ids),
            (Subscription.user_id.is_(None))
            | (Subscription.user_id != Ticket.requester_id)
            | Ticket.requester_id.is_(None),
        )
        .group_by(Subscription.ticket_id)
    )
    return dict(rows.all())
