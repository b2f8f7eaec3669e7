"""Who may see and change tickets. Deny by default.

- Admins see and change every ticket.
- Agents and team leads see tickets of their teams, tickets assigned to them and tickets no
  team has yet (triage); they change what they see. Leads may also assign across their teams.
- Requesters (employees, residents) see only tickets they filed (for themselves, or for a
  colleague on whose behalf they asked), never internal notes or internal events, and may
  only reply; the requester and the colleague who filed it may cancel it.
- Approvers decide only the approvals named for them (or for a team they belong to), and see
  only the requests behind those approvals.
"""

from sqlalchemy import Select, false, or_, select

from ..accounts.models import User
from ..errors import PermissionDenied
from .models import (
    Approval,
    ApprovalState,
    Audience,
    CatalogItem,
    Category,
    Message,
    Ticket,
    TicketEvent,
)


def visible_tickets(user: User | None) -> Select:
    """Return a select of the tickets *user* may see."""
    query = select(Ticket)
    if user is None or not user.is_active:
        return query.where(false())
    if user.is_admin:
        return query
    if user.is_staff:
        return query.where(_staff_scope(user))
    return query.where(or_(Ticket.requester_id == user.id, Ticket.submitted_by_id == user.id))


def _staff_scope(user: User):
    team_ids = list(user.team_ids)
    return or_(
        Ticket.team_id.in_(team_ids), Ticket.assignee_id == user.id, Ticket.team_id.is_(None)
    )


def can_view(user: User | None, ticket: Ticket) -> bool:
    if user is None or not user.is_active:
        return False
    if user.is_admin:
        return True
    # Compare related objects, not ids: a change not yet flushed must count already.
    if user.is_staff:
        return ticket.team is None or ticket.team in user.teams or ticket.assignee == user
    return user in (ticket.requester, ticket.submitted_by)


def can_update(user: User | None, ticket: Ticket) -> bool:
    """Staff with access may change status, team, priority, links and merges."""
    return user is not None and user.is_staff and can_view(user, ticket)


def can_add_note(user: User | None, ticket: Ticket) -> bool:
    return can_update(user, ticket)


def can_reply(user: User | None, ticket: Ticket) -> bool:
    return can_view(user, ticket)


def can_assign(user: User | None, ticket: Ticket, agent: User | None) -> bool:
    """Agents take a ticket or hand it to a teammate; leads and admins assign anyone on staff."""
    if not can_update(user, ticket):
        return False
    if agent is None or agent == user:
        return True
    if not agent.is_staff or not agent.is_active:
        return False
    if user.is_admin or user.is_lead:
        return True
    return bool(user.team_ids & agent.team_ids)


def can_see_internal(user: User | None) -> bool:
    return user is not None and user.is_active and user.is_staff


def can_administer(user: User | None) -> bool:
    """Admins manage SLA policies and calendars (and, in accounts, users and teams)."""
    return user is not None and user.is_active and user.is_admin


def can_manage_catalog(user: User | None) -> bool:
    """Leads and admins edit categories, catalog forms, canned responses and routing."""
    return user is not None and user.is_active and (user.is_admin or user.is_lead)


def visible_messages(user: User | None, ticket: Ticket) -> list[Message]:
    """Return the messages of a ticket this user may read: requesters never get notes."""
    if not can_view(user, ticket):
        return []
    if can_see_internal(user):
        return list(ticket.messages)
    return [message for message in ticket.messages if not message.is_internal]


def visible_events(user: User | None, ticket: Ticket) -> list[TicketEvent]:
    """Return the timeline events this user may read: requesters never get internal ones."""
    if not can_view(user, ticket):
        return []
    if can_see_internal(user):
        return list(ticket.events)
    return [event for event in ticket.events if not event.is_internal]


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_view(user: User | None, ticket: Ticket) -> None:
    """:raises PermissionDenied: if the user may not see the ticket."""
    _require(can_view(user, ticket), "You do not have access to this ticket.")


def require_update(user: User | None, ticket: Ticket) -> None:
    """:raises PermissionDenied: if the user may not change the ticket."""
    _require(can_update(user, ticket), "You may not change this ticket.")


def require_add_note(user: User | None, ticket: Ticket) -> None:
    """:raises PermissionDenied: if the user may not write internal notes here."""
    _require(can_add_note(user, ticket), "Only staff with access to this ticket can add notes.")


def require_reply(user: User | None, ticket: Ticket) -> None:
    """:raises PermissionDenied: if the user may not reply on the ticket."""
    _require(can_reply(user, ticket), "You may not reply on this ticket.")


def require_assign(user: User | None, ticket: Ticket, agent: User | None) -> None:
    """:raises PermissionDenied: if the user may not give the ticket to that agent."""
    _require(can_assign(user, ticket, agent), "You may not assign this ticket to that person.")


def require_manage_catalog(user: User | None) -> None:
    """:raises PermissionDenied: unless the user is an active team lead or admin."""
    _require(
        can_manage_catalog(user),
        "Categories, request types, routing and canned responses are managed by team leads "
        "and admins.",
    )


def require_administer(user: User | None) -> None:
    """:raises PermissionDenied: unless the user is an active admin."""
    _require(can_administer(user), "Only admins manage SLA policies, calendars, teams and users.")


def can_act_as_requester(user: User | None, ticket: Ticket) -> bool:
    """The ticket's own requester, with an active account, may confirm the fix, reopen and rate.

    (Without an account, whoever holds the ticket's tracking link acts as its requester; the
    portal checks the link and calls the service with no actor.)
    """
    return (
        user is not None
        and user.is_active
        and ticket.requester is not None
        and ticket.requester == user
    )


def can_cancel(user: User | None, ticket: Ticket) -> bool:
    """The requester, or the colleague who filed the request for them, may withdraw it."""
    return user is not None and user.is_active and user in (ticket.requester, ticket.submitted_by)


def can_decide_approval(user: User | None, approval: Approval) -> bool:
    """The named approver, or any member of the approver team, decides (never the requester)."""
    if user is None or not user.is_active or approval.ticket.requester == user:
        return False
    if approval.approver is not None:
        return approval.approver == user
    return approval.approver_team is not None and approval.approver_team in user.teams


def require_decide_approval(user: User | None, approval: Approval) -> None:
    """:raises PermissionDenied: unless the user is the approval's approver."""
    _require(can_decide_approval(user, approval), "You are not an approver of this request.")


def visible_approvals(user: User | None, *, pending_only: bool = True) -> Select:
    """Return a select of the approvals this user decides (or decided)."""
    query = select(Approval)
    if user is None or not user.is_active:
        return query.where(false())
    mine = or_(
        Approval.approver_id == user.id,
        Approval.approver_team_id.in_(list(user.team_ids)),
        Approval.decided_by_id == user.id,
    )
    query = query.join(Ticket, Ticket.id == Approval.ticket_id).where(
        mine, or_(Ticket.requester_id.is_(None), Ticket.requester_id != user.id)
    )
    if pending_only:
        query = query.where(Approval.state == ApprovalState.PENDING)
    return query


def filing_audiences(user: User | None) -> tuple[Audience, ...]:
    """Whose categories and request types a person files under: staff any, employees the
    employees' ones, residents and anonymous callers the residents' ones (as their portals)."""
    if user is not None and user.is_active and user.is_staff:
        return tuple(Audience)
    if user is not None and user.is_active and user.role == "employee":
        return (Audience.EMPLOYEES, Audience.BOTH)
    return (Audience.RESIDENTS, Audience.BOTH)


def visible_categories(user: User | None) -> Select:
    """Return a select of the active categories *user* may file under."""
    return select(Category).where(Category.is_active, Category.audience.in_(filing_audiences(user)))


def visible_catalog_items(user: User | None) -> Select:
    """Return a select of the active request types *user* may file, in an open category."""
    audiences = filing_audiences(user)
    return (
        select(CatalogItem)
        .join(CatalogItem.category)
        .where(
            CatalogItem.is_active,
            CatalogItem.audience.in_(audiences),
            Category.is_active,
            Category.audience.in_(audiences),
        )
    )
