"""CSV exports: tickets for staff (exactly the tickets the viewer may see) and the public
open-data file of resident reports (no personal data).

Both stream: rows are read in batches with a server-side cursor on PostgreSQL
(``yield_per``) and written out a batch at a time, so an export of a million rows holds a
batch in memory, not the file. The rows are read in a session of their own
(:func:`streamed`), opened and closed by the generator, so the download needs no request or
application context while it runs. Every text cell that a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with ``'``.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from flask import Response
from sqlalchemy import DateTime, Engine, Select, String, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ..accounts.models import Team, User
from ..extensions import db
from ..tickets import policy as ticket_policy
from ..tickets.models import Ticket, format_reference
from .metrics import ReportFilters
from .models import ReportTicket

BATCH = 2_000
# About 100 m: three decimals of a degree are 111 m of latitude, less of longitude.
OPEN_DATA_DECIMALS = 3
TICKET_COLUMNS = (
    "reference",
    "created_at",
    "status",
    "priority",
    "channel",
    "team",
    "category",
    "assignee",
    "subject",
    "requester_name",
    "requester_email",
    "first_responded_at",
    "resolved_at",
    "closed_at",
    "first_response_due_at",
    "resolution_due_at",
    "address",
    "latitude",
    "longitude",
)
# What the public file holds. Never a name, an email, a phone, a description or an address
# (free text can name people): test_exports checks the file against this list.
OPEN_DATA_COLUMNS = (
    "reference",
    "category",
    "status",
    "created_at",
    "resolved_at",
    "latitude",
    "longitude",
)


FORMULA_FIRST = frozenset("=+-@\t\r")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: text that starts like a formula gets a ``'``."""
    if type(value) is str and value and value[0] in FORMULA_FIRST:
        return "'" + value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def csv_lines(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text of *rows* (the first is the header), a batch of lines at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    pending = 0
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        pending += 1
        if pending >= BATCH:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def streamed(engine: Engine, rows: Callable[[Session], Iterable[Sequence[Any]]]) -> Iterator[str]:
    """CSV text of ``rows(session)``, read in a session that lives as long as the download."""
    with Session(engine) as session:
        yield from csv_lines(rows(session))


def csv_download(
    rows: Callable[[Session], Iterable[Sequence[Any]]], filename: str, cache: str = "no-store"
) -> Response:
    """A streamed CSV response of ``rows(session)`` that the browser saves as *filename*."""
    return Response(
        streamed(db.engine, rows),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": cache,
        },
    )


def count(query: Select) -> int:
    """How many rows *query* would export (shown before the download)."""
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def filtered_tickets(user: User, filters: ReportFilters) -> Select:
    """The tickets *user* may see among those the dashboard's filters describe."""
    query = ticket_policy.visible_tickets(user).where(
        Ticket.created_at >= filters.starts_at, Ticket.created_at < filters.ends_at
    )
    if filters.team_id is not None:
        query = query.where(Ticket.team_id == filters.team_id)
    if filters.channel is not None:
        query = query.where(Ticket.channel == filters.channel)
    if filters.audience is not None:
        query = query.join(ReportTicket, ReportTicket.ticket_id == Ticket.id).where(
            ReportTicket.audience == filters.audience
        )
    return query.order_by(Ticket.id)


def ticket_rows(
    query: Select, session: Session, categories: dict[int, str]
) -> Iterator[Sequence[Any]]:
    """The header, then one row per ticket of *query* (a select of visible tickets);
    *categories* are the full names by id (``category_full_names``)."""
    requester, assignee = aliased(User), aliased(User)
    iso = _iso_text(session)
    columns = query.with_only_columns(
        Ticket.id,
        iso(Ticket.created_at),
        _raw(Ticket.status),
        Ticket.priority,
        _raw(Ticket.channel),
        Team.name,
        Ticket.category_id,
        assignee.name,
        Ticket.subject,
        func.coalesce(requester.name, Ticket.contact_name),
        func.coalesce(requester.email, Ticket.contact_email),
        iso(Ticket.first_responded_at),
        iso(Ticket.resolved_at),
        iso(Ticket.closed_at),
        iso(Ticket.first_response_due_at),
        iso(Ticket.resolution_due_at),
        Ticket.location_address,
        Ticket.location_lat,
        Ticket.location_lon,
        maintain_column_froms=True,
    )
    columns = (
        columns.outerjoin(Team, Team.id == Ticket.team_id)
        .outerjoin(assignee, assignee.id == Ticket.assignee_id)
        .outerjoin(requester, requester.id == Ticket.requester_id)
    )
    yield TICKET_COLUMNS
    for row in session.execute(columns.execution_options(yield_per=BATCH)):
        values = list(row)
        values[0] = format_reference(values[0])
        values[6] = categories.get(values[6], "") if values[6] else ""
        yield values


def _raw(column):
    """The stored text of an enum column (no enum object per cell)."""
    return type_coerce(column, String)


def _iso_text(session: Session):
    """Render UTC datetimes as ``2026-11-17T15:00:00Z`` in the database: a million cells are
    not parsed into datetimes only to be printed again."""
    if session.get_bind().dialect.name == "postgresql":
        return lambda column: func.to_char(
            func.timezone("UTC", type_coerce(column, DateTime(timezone=True))),
            'YYYY-MM-DD"T"HH24:MI:SS"Z"',
        )
    return lambda column: func.strftime("%Y-%m-%dT%H:%M:%SZ", type_coerce(column, String))


def open_data_rows(
    session: Session, categories: dict[int, str], since: datetime | None = None
) -> Iterator[Sequence[Any]]:
    """The header, then one row per resident report: category, status, dates and a location
    rounded to about 100 m. Nothing else leaves the desk."""
    iso = _iso_text(session)
    query = (
        select(
            Ticket.id,
            Ticket.category_id,
            _raw(Ticket.status),
            iso(Ticket.created_at),
            iso(ReportTicket.resolved_at),
            Ticket.location_lat,
            Ticket.location_lon,
        )
        .join(ReportTicket, ReportTicket.ticket_id == Ticket.id)
        .where(ReportTicket.audience == "residents")
        .order_by(Ticket.id)
    )
    if since is not None:
        query = query.where(Ticket.created_at >= since)
    yield OPEN_DATA_COLUMNS
    for ticket_id, category_id, status, created, resolved, lat, lon in session.execute(
        query.execution_options(yield_per=BATCH)
    ):
        yield (
            format_reference(ticket_id),
            categories.get(category_id, "") if category_id else "",
            status,
            created,
            resolved,
            round_location(lat),
            round_location(lon),
        )


def round_location(value: float | None) -> float | None:
    return None if value is None else round(value, OPEN_DATA_DECIMALS)
