"""The unified queue: saved views, filters and keyset pagination over every channel.

Sorted by the nearest running SLA due time, then id, so the most urgent work is on top and
paging stays fast at a million tickets (no OFFSET: the next page starts after the last row).
On PostgreSQL a page is read per status and merged, so it reads a page of rows per status
instead of sorting every active ticket (see ``_merged_by_status``).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, false, or_, select, union_all
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..errors import ValidationError
from ..extensions import db
from . import lifecycle, policy
from .lifecycle import Status
from .models import MAX_TICKET_ID, Category, Ticket, parse_reference

BREACHING_SOON = timedelta(hours=4)
MAX_ID = MAX_TICKET_ID  # every id column is a 32-bit integer on PostgreSQL

VIEWS = {
    "mine": "Mine",
    "team_unassigned": "My teams, unassigned",
    "breaching": "Breaching soon",
    "waiting": "Waiting on requester",
    "all_open": "All open",
    "all": "All tickets",
}
DEFAULT_VIEW = "all_open"


@dataclass(frozen=True)
class QueueFilters:
    view: str = DEFAULT_VIEW
    status: str | None = None
    team_id: int | None = None
    assignee: str | None = None  # an agent id, or "none" for unassigned
    category_id: int | None = None
    channel: str | None = None
    priority: str | None = None
    text: str = ""
    after: str | None = None  # keyset cursor: "<due timestamp>_<id>"
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class QueuePage:
    tickets: list[Ticket]
    next_cursor: str | None


def queue_select(user: User, filters: QueueFilters, now: datetime) -> Select:
    """Return the visible tickets for a view and filters, in queue order (no paging)."""
    query = policy.visible_tickets(user)
    query = _apply_view(query, user, filters.view, now)
    query = _apply_filters(query, filters)
    return query.order_by(Ticket.queue_due_at, Ticket.id)


def _apply_view(query: Select, user: User, view: str, now: datetime) -> Select:
    active = Ticket.status.in_(list(lifecycle.ACTIVE))
    if view == "mine":
        return query.where(Ticket.assignee_id == user.id, active)
    if view == "team_unassigned":
        return query.where(
            Ticket.team_id.in_(list(user.team_ids)), Ticket.assignee_id.is_(None), active
        )
    if view == "breaching":
        return query.where(active, Ticket.queue_due_at <= now + BREACHING_SOON)
    if view == "waiting":
        return query.where(Ticket.status == Status.WAITING)
    if view == "all_open":
        return query.where(active)
    if view == "all":
        return query
    raise ValidationError("Unknown view.", {"view": f"Choose one of {', '.join(VIEWS)}."})


def _apply_filters(query: Select, filters: QueueFilters) -> Select:
    if filters.status:
        query = query.where(Ticket.status == Status(filters.status))
    if filters.team_id:
        team_id = filters.team_id
        query = query.where(Ticket.team_id == team_id if team_id <= MAX_ID else false())
    if filters.assignee == "none":
        query = query.where(Ticket.assignee_id.is_(None))
    elif filters.assignee:
        # Ids are 32-bit on PostgreSQL, which refuses a larger number outright: none matches.
        assignee_id = int(filters.assignee)
        query = query.where(Ticket.assignee_id == assignee_id if assignee_id <= MAX_ID else false())
    if filters.category_id and filters.category_id > MAX_ID:
        query = query.where(false())
    elif filters.category_id:
        query = query.where(Ticket.category_id.in_(category_and_descendants(filters.category_id)))
    if filters.channel:
        query = query.where(Ticket.channel == filters.channel)
    if filters.priority:
        query = query.where(Ticket.priority == filters.priority)
    if filters.text.strip():
        query = query.where(_text_condition(filters.text.strip()))
    return query


def _text_condition(text: str):
    reference = parse_reference(text)
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    matches = or_(
        Ticket.subject.ilike(pattern, escape="\\"), Ticket.contact_email.ilike(pattern, escape="\\")
    )
    return or_(Ticket.id == reference, matches) if reference is not None else matches


def category_and_descendants(category_id: int) -> list[int]:
    """Return the id and every descendant id of a category."""
    rows = db.session.execute(select(Category.id, Category.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for node_id, parent_id in rows:
        children.setdefault(parent_id, []).append(node_id)
    found, stack = [], [category_id]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(children.get(node, []))
    return found


def fetch_page(user: User, filters: QueueFilters, now: datetime, size: int) -> QueuePage:
    """Return one page of the queue and the cursor of the next page (None on the last)."""
    query = queue_select(user, filters, now)
    if filters.after:
        due, ticket_id = decode_cursor(filters.after)
        query = query.where(
            or_(Ticket.queue_due_at > due, and_(Ticket.queue_due_at == due, Ticket.id > ticket_id))
        )
    query = _merged_by_status(query, _statuses_of(filters), size + 1)
    query = query.options(
        selectinload(Ticket.assignee), selectinload(Ticket.team), selectinload(Ticket.category)
    )
    rows = list(db.session.scalars(query.limit(size + 1)))
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else None
    return QueuePage(rows[:size], next_cursor)


def _statuses_of(filters: QueueFilters) -> list[Status]:
    """The statuses a view and filters can show, in a fixed order."""
    if filters.status:
        return [Status(filters.status)]
    if filters.view == "waiting":
        return [Status.WAITING]
    if filters.view == "all":
        return list(Status)
    return [status for status in Status if status in lifecycle.ACTIVE]


def _merged_by_status(query: Select, statuses: list[Status], limit: int) -> Select:
    """Return *query* (ordered, unlimited) as the merge of its first *limit* rows per status.

    Same rows, same order: the statuses split the rows into disjoint parts, and the first rows
    of the whole are among the first rows of the parts. Each part is one ordered range of the
    ``(status, queue_due_at, id)`` index that stops after *limit* rows, where PostgreSQL reads
    ``status IN (...)`` as a bitmap of every matching ticket and sorts them all (tens of
    thousands of active ones at a million tickets). SQLite keeps the plain query: it already
    walks each status's range in order and stops once the page is full, across statuses too.
    """
    if len(statuses) < 2 or db.session.get_bind().dialect.name == "sqlite":
        return query
    parts = [
        query.where(Ticket.status == status)
        .with_only_columns(Ticket.id)
        .limit(limit)
        .subquery(f"part_{number}")
        for number, status in enumerate(statuses)
    ]
    first_ids = union_all(*(select(part.c.id) for part in parts))
    return select(Ticket).where(Ticket.id.in_(first_ids)).order_by(Ticket.queue_due_at, Ticket.id)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def encode_cursor(ticket: Ticket) -> str:
    # Integer microseconds: floats lose precision for far-future sentinel due times.
    return f"{(ticket.queue_due_at - _EPOCH) // _MICROSECOND}_{ticket.id}"


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """:raises ValidationError: for a cursor this code did not write."""
    try:
        micros, ticket_id = (int(part) for part in cursor.split("_", 1))
        if not 0 < ticket_id <= MAX_TICKET_ID:
            raise ValueError(cursor)
        return _EPOCH + micros * _MICROSECOND, ticket_id
    except (ValueError, OverflowError, OSError):
        raise ValidationError(
            "That page link is broken.", {"after": "Not a valid page cursor."}
        ) from None
