"""The unified queue: saved views, filters and keyset pagination over every channel.

Sorted by the nearest running SLA due time, then id, so the most urgent work is on top and
paging stays fast at a million tickets (no OFFSET: the next page starts after the last row).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..errors import ValidationError
from ..extensions import db
from . import lifecycle, policy
from .lifecycle import Status
from .models import Category, Ticket, parse_reference

BREACHING_SOON = timedelta(hours=4)

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
        query = query.where(Ticket.team_id == filters.team_id)
    if filters.assignee == "none":
        query = query.where(Ticket.assignee_id.is_(None))
    elif filters.assignee:
        query = query.where(Ticket.assignee_id == int(filters.assignee))
    if filters.category_id:
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
    query = query.options(
        selectinload(Ticket.assignee), selectinload(Ticket.team), selectinload(Ticket.category)
    )
    rows = list(db.session.scalars(query.limit(size + 1)))
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else None
    return QueuePage(rows[:size], next_cursor)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def encode_cursor(ticket: Ticket) -> str:
    # Integer microseconds: floats lose precision for far-future sentinel due times.
    return f"{(ticket.queue_due_at - _EPOCH) // _MICROSECOND}_{ticket.id}"


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """:raises ValidationError: for a cursor this code did not write."""
    try:
        micros, ticket_id = (int(part) for part in cursor.split("_", 1))
        if not 0 < ticket_id < 2**63:
            raise ValueError(cursor)
        return _EPOCH + micros * _MICROSECOND, ticket_id
    except (ValueError, OverflowError, OSError):
        raise ValidationError(
            "That page link is broken.", {"after": "Not a valid page cursor."}
        ) from None
