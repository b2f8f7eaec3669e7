"""The one write path for tickets.

Every verb checks its rule (lifecycle, policy, version), changes the ticket, writes exactly one
``TicketEvent`` per ticket it touches, recomputes SLA due times and sends a signal. Verbs flush;
the edge (view, CLI command, task) commits once. The actor is always a keyword argument.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from .. import languages, signals
from ..accounts.models import STAFF_ROLES, Team, User, team_memberships
from ..errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationError
from ..extensions import db
from ..i18n import lazy_text
from ..timeutils import utcnow
from . import attachments, catalog, lifecycle, onboarding, policy, routing, sla_clocks
from .lifecycle import Status
from .models import (
    NO_DUE_TIME,
    Approval,
    ApprovalRule,
    ApprovalState,
    Attachment,
    CatalogItem,
    Category,
    Channel,
    EventKind,
    Message,
    RoutingRule,
    SatisfactionRating,
    Subscription,
    Ticket,
    TicketEvent,
    TicketLink,
)
from .priority import PRIORITIES, priority_for

MAX_SUBJECT = 200
MAX_BODY = 50_000

# Which event kinds change which ticket fields: a stale write conflicts only with changes to the
# fields it is about to write, so a colleague's note never blocks a status change.
_FIELDS_OF_KIND = {
    EventKind.STATUS_CHANGED: "status",
    EventKind.REPLIED: "status",
    EventKind.ASSIGNED: "assignee",
    EventKind.TEAM_CHANGED: "team",
    EventKind.PRIORITY_CHANGED: "priority",
    EventKind.CATEGORY_CHANGED: "category",
    EventKind.MERGED_INTO: "status",
    EventKind.APPROVAL_REQUESTED: "status",
    EventKind.APPROVED: "status",
    EventKind.REJECTED: "status",
}


def get_ticket(ticket_id: int) -> Ticket:
    """Return the ticket.

    :raises NotFound: if there is none with that id.
    """
    ticket = db.session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(lazy_text("There is no ticket %(id)s.", id=ticket_id))
    return ticket


# --- opening -------------------------------------------------------------------------------


def open_ticket(
    *,
    actor: User | None,
    channel: Channel,
    subject: str,
    description: str = "",
    requester: User | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    category: Category | None = None,
    catalog_item: CatalogItem | None = None,
    fields: Mapping[str, Any] | None = None,
    location: Mapping[str, Any] | None = None,
    impact: str = "medium",
    urgency: str = "medium",
    parent: Ticket | None = None,
    team: Team | None = None,
    language: str | None = None,
    submitted_by: User | None = None,
    hold_for_approval: bool = False,
    due_on: date | None = None,
    client: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket from any channel: validate, route, start the SLA clocks, audit.

    Routing rules pick team, priority and assignee unless *team* is given (a child task sent
    straight to a team), or *hold_for_approval* leaves it unrouted for ``request_approval``.
    *submitted_by* is who filed it for the requester (a colleague on their behalf). *client*
    names the application that filed it (an Open311 key's name); the opening event records it
    beside the channel.

    :raises ValidationError: naming each field that is missing or malformed.
    """
    now = now or utcnow()
    if catalog_item is not None:
        category = catalog_item.category
    field_values = _check_opening(
        catalog_item, fields, subject, description, contact_email, impact, urgency
    )
    ticket = Ticket(
        channel=Channel(channel),
        requester=requester,
        contact_name=contact_name.strip()[:200],
        contact_email=contact_email.strip().lower()[:254],
        contact_phone=" ".join(contact_phone.split())[:40],
        language=languages.supported(language or (requester.language if requester else None)),
        category=category,
        catalog_item=catalog_item,
        field_values=field_values,
        subject=subject.strip(),
        description=description.strip(),
        impact=impact,
        urgency=urgency,
        priority=priority_for(impact, urgency),
        parent=parent,
        status=Status.NEW,
        queue_due_at=NO_DUE_TIME,
        submitted_by=submitted_by if submitted_by != requester else None,
        due_on=due_on,
        created_at=now,
        updated_at=now,
        updated_by=actor,
    )
    _set_location(ticket, location)
    # Routing and SLA only read; without autoflush the ticket is inserted once, complete,
    # instead of inserted early by a lazy load and then updated (and re-versioned) twice.
    with db.session.no_autoflush:
        if hold_for_approval:
            detail = "Held for approval: routing runs once it is approved."
        else:
            decision = _route(ticket) if team is None else _direct_to(team, ticket)
            _apply_routing(ticket, decision, now)
            detail = with_agent_names(decision.reason)
        sla_clocks.refresh(ticket, now, paused=[])
        detail += sla_clocks.describe_policy(ticket)
    db.session.add(ticket)
    for follower in {requester, ticket.submitted_by} - {None}:
        db.session.add(Subscription(ticket=ticket, user_id=follower.id))
    via = f"{ticket.channel.label} ({client})" if client else ticket.channel.label
    _record(ticket, EventKind.OPENED, actor, now, new=via[:300], detail=detail, internal=True)
    signals.ticket_opened.send(ticket, actor=actor)
    return ticket


def _check_opening(
    catalog_item, fields, subject, description, contact_email, impact, urgency
) -> dict[str, Any]:
    """Return the request type's cleaned field values, or raise naming every bad field at once."""
    errors: dict[str, str] = {}
    field_values: dict[str, Any] = {}
    if catalog_item is not None:
        try:
            field_values = catalog.clean_submission(catalog_item.form_schema, fields or {})
        except ValidationError as error:
            errors.update(error.fields)
    if not subject or not subject.strip():
        errors["subject"] = lazy_text("A subject is required.")
    elif len(subject.strip()) > MAX_SUBJECT:
        errors["subject"] = lazy_text(
            "The subject is at most %(limit)s characters.", limit=MAX_SUBJECT
        )
    if len(description or "") > MAX_BODY:
        errors["description"] = lazy_text(
            "The description is at most %(limit)s characters.", limit=MAX_BODY
        )
    if contact_email and "@" not in contact_email:
        errors["contact_email"] = lazy_text("Enter a valid email address.")
    for name, level in (("impact", impact), ("urgency", urgency)):
        if level not in ("high", "medium", "low"):
            errors[name] = "Choose high, medium or low."
    if errors:
        raise ValidationError(lazy_text("The ticket could not be opened."), errors)
    return field_values


def _set_location(ticket: Ticket, location: Mapping[str, Any] | None) -> None:
    if not location:
        return
    ticket.location_address = str(location.get("address") or "")[:300]
    if location.get("lat") not in (None, "") or location.get("lon") not in (None, ""):
        try:
            point = catalog.parse_point(str(location.get("lat")), str(location.get("lon")))
        except ValueError as error:
            raise ValidationError(str(error), {"location": str(error)}) from None
        ticket.location_lat, ticket.location_lon = point["lat"], point["lon"]


# --- routing -------------------------------------------------------------------------------


def _route(ticket: Ticket) -> routing.RoutingDecision:
    return decide_routing(ticket.facts())


def decide_routing(facts: routing.TicketFacts) -> routing.RoutingDecision:
    """Run the routing rules on a ticket's facts, with the chosen team's agent loads."""
    rules = routing_rules()
    rule = routing.choose_rule(rules, facts)
    team_ids = [rule.team_id] if rule is not None and rule.team_id else []
    return routing.route(rules, facts, {team_id: agent_loads(team_id) for team_id in team_ids})


def routing_rules() -> list[routing.RoutingRule]:
    """Every routing rule as pure values, read as plain rows (no ORM objects: this runs for
    every new ticket)."""
    query = select(RoutingRule.__table__, Category.name.label("category_name")).outerjoin(
        Category, Category.id == RoutingRule.category_id
    )
    return [rule_values(row, row.category_name or "") for row in db.session.execute(query)]


def _direct_to(team: Team, ticket: Ticket) -> routing.RoutingDecision:
    reason = f"Sent straight to {team.name}; routing rules were not applied."
    return routing.RoutingDecision(None, team.id, ticket.priority, None, reason)


def with_agent_names(reason: str) -> str:
    """Routing speaks of agent ids; the timeline names the people."""

    def name(match: re.Match) -> str:
        agent = db.session.get(User, int(match.group(1)))
        return f"agent {agent.name}" if agent else match.group(0)

    return re.sub(r"\bagent (\d+)\b", name, reason)


def rule_values(row, category_name: str | None = None) -> routing.RoutingRule:
    """A rule row (model or plain row) as pure values."""
    return sla_clocks.conditions_of(
        row,
        category_name,
        team_id=row.team_id,
        keywords=tuple(row.keywords or ()),
        set_priority=row.set_priority,
        strategy=routing.AssignStrategy(row.strategy),
        fixed_agent_id=row.fixed_agent_id,
        when_flagged=bool(row.when_flagged),
    )


def agent_loads(team_id: int) -> list[routing.AgentLoad]:
    """Return each active staff member of a team with their open assigned tickets, in one
    query (the count walks the assignee index)."""
    open_tickets = (
        select(func.count())
        .where(Ticket.assignee_id == User.id, Ticket.status.in_(list(lifecycle.ACTIVE)))
        .scalar_subquery()
    )
    query = (
        select(User.id, User.is_available, User.last_assigned_at, User.capacity, open_tickets)
        .join(team_memberships, team_memberships.c.user_id == User.id)
        .where(
            team_memberships.c.team_id == team_id,
            User.role.in_(sorted(STAFF_ROLES)),
            User.is_active_account,
        )
        .order_by(User.name, User.id)
    )
    return [
        routing.AgentLoad(
            agent_id=agent_id,
            open_tickets=count,
            is_available=is_available,
            last_assigned_at=last_assigned_at,
            capacity=capacity,
        )
        for agent_id, is_available, last_assigned_at, capacity, count in db.session.execute(query)
    ]


def _apply_routing(ticket: Ticket, decision: routing.RoutingDecision, now: datetime) -> None:
    team_id = decision.team_id
    if team_id is None and ticket.category is not None:
        team_id = next(
            (c.default_team_id for c in reversed(ticket.category.path) if c.default_team_id), None
        )
    ticket.team = db.session.get(Team, team_id) if team_id else None
    ticket.priority = decision.priority
    if decision.agent_id is not None:
        agent = db.session.get(User, decision.agent_id)
        ticket.assignee = agent
        agent.last_assigned_at = now


# --- conversation --------------------------------------------------------------------------


def add_reply(
    ticket: Ticket,
    body: str,
    *,
    actor: User | None,
    channel: Channel = Channel.AGENT,
    author_email: str = "",
    email_message_id: str | None = None,
    now: datetime | None = None,
) -> Message:
    """Add a public reply, from staff or from the requester; it may move the status.

    An agent's first reply stops the first-response clock; a requester's reply wakes a waiting
    or resolved ticket.

    :raises PermissionDenied: if the actor may not reply on this ticket.
    :raises InvalidTransition: on a closed or cancelled ticket.
    :raises ValidationError: for an empty or oversized body.
    """
    now = now or utcnow()
    if actor is not None:
        policy.require_reply(actor, ticket)
    _require_not_final(ticket, "replied to")
    body = _check_body(body)
    message = Message(
        ticket=ticket,
        author=actor,
        author_email=author_email or (actor.email if actor else ""),
        is_internal=False,
        channel=channel,
        body=body,
        email_message_id=email_message_id,
        created_at=now,
    )
    db.session.add(message)
    old_status = ticket.status
    from_staff = actor is not None and actor.is_staff
    if from_staff:
        ticket.status = lifecycle.after_agent_reply(ticket.status)
        if ticket.first_responded_at is None:
            ticket.first_responded_at = now
    else:
        ticket.status = lifecycle.after_requester_reply(ticket.status)
        if old_status == Status.RESOLVED and ticket.status != Status.RESOLVED:
            ticket.resolved_at = None
    _touch(ticket, actor, now)
    changed = ticket.status != old_status
    _record(
        ticket,
        EventKind.REPLIED,
        actor,
        now,
        old=old_status if changed else None,
        new=ticket.status if changed else None,
        detail=_excerpt(body),
    )
    sla_clocks.refresh(ticket, now)
    signals.ticket_replied.send(ticket, actor=actor, message=message)
    return message


def add_internal_note(
    ticket: Ticket, body: str, *, actor: User, now: datetime | None = None
) -> Message:
    """Add a note only staff can read.

    :raises PermissionDenied: if the actor is not staff with access to the ticket.
    """
    now = now or utcnow()
    policy.require_add_note(actor, ticket)
    body = _check_body(body)
    message = Message(
        ticket=ticket,
        author=actor,
        author_email=actor.email,
        is_internal=True,
        channel=Channel.AGENT,
        body=body,
        created_at=now,
    )
    db.session.add(message)
    _touch(ticket, actor, now)
    _record(ticket, EventKind.NOTE_ADDED, actor, now, detail=_excerpt(body), internal=True)
    return message


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(
            lazy_text("Write a message first."), {"body": lazy_text("The message is empty.")}
        )
    if len(body) > MAX_BODY:
        raise ValidationError(
            lazy_text("The message is too long."),
            {"body": lazy_text("At most %(limit)s characters.", limit=MAX_BODY)},
        )
    return body


def _excerpt(text: str, limit: int = 280) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def add_attachment(
    ticket: Ticket,
    *,
    filename: str,
    content_type: str,
    data: bytes,
    rules: attachments.UploadRules,
    actor: User | None,
    message: Message | None = None,
    now: datetime | None = None,
) -> Attachment:
    """Store a file on the ticket (optionally on a message); files on notes are internal.

    :raises ValidationError: for an empty, oversized or disallowed file.
    :raises PermissionDenied: if the actor may not reply on the ticket.
    """
    now = now or utcnow()
    if actor is not None:
        policy.require_reply(actor, ticket)
    _require_not_final(ticket, "given attachments")
    name = attachments.check_upload(filename, data, rules)
    internal = bool(message and message.is_internal)
    attachment = Attachment(
        ticket=ticket,
        message=message,
        filename=name,
        content_type=(content_type or "application/octet-stream")[:120],
        size_bytes=len(data),
        storage_name=attachments.store_file(data, rules.folder),
        is_internal=internal,
        uploaded_by_id=actor.id if actor else None,
        created_at=now,
    )
    db.session.add(attachment)
    _touch(ticket, actor, now)
    _record(ticket, EventKind.ATTACHMENT_ADDED, actor, now, new=name, internal=internal)
    return attachment


# --- field changes -------------------------------------------------------------------------


def change_status(
    ticket: Ticket,
    status: Status | str,
    *,
    actor: User,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Move the ticket along the lifecycle.

    :raises InvalidTransition: if the lifecycle forbids the move.
    :raises Conflict: if someone changed the status since ``expected_version``.
    """
    now = now or utcnow()
    policy.require_update(actor, ticket)
    new = _parse_status(status)
    check_version(ticket, expected_version, {"status"})
    old = ticket.status
    if not lifecycle.can_transition(old, new):
        raise InvalidTransition(
            f"A ticket that is {old.label.lower()} cannot become {new.label.lower()}."
        )
    ticket.status = new
    if new == Status.RESOLVED:
        ticket.resolved_at = now
    elif new == Status.CLOSED:
        ticket.closed_at = now
    elif old == Status.RESOLVED:
        ticket.resolved_at = None
    _touch(ticket, actor, now)
    _record(ticket, EventKind.STATUS_CHANGED, actor, now, old=old, new=new)
    sla_clocks.refresh(ticket, now)
    signals.ticket_status_changed.send(ticket, actor=actor, old=old, new=new)
    _complete_parent(ticket, now)


def _parse_status(status: Status | str) -> Status:
    try:
        return Status(status)
    except ValueError:
        raise ValidationError(
            "Unknown status.", {"status": f"{status!r} is not a status."}
        ) from None


def assign(
    ticket: Ticket,
    agent: User | None,
    *,
    actor: User,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Give the ticket to an agent (or take it back to the team queue with None).

    Assigning to an agent outside the ticket's team moves the ticket to the agent's first team.

    :raises PermissionDenied: if the actor may not assign, or the agent is not staff.
    :raises Conflict: if someone reassigned it since ``expected_version``.
    """
    now = now or utcnow()
    policy.require_assign(actor, ticket, agent)
    check_version(ticket, expected_version, {"assignee"})
    _require_not_final(ticket, "reassigned")
    old = ticket.assignee
    if old == agent:
        return
    ticket.assignee = agent
    if agent is not None:
        agent.last_assigned_at = now
        if ticket.team is None or ticket.team not in agent.teams:
            ticket.team = agent.teams[0] if agent.teams else ticket.team
    _touch(ticket, actor, now)
    _record(
        ticket, EventKind.ASSIGNED, actor, now, old=_name(old), new=_name(agent) or "Unassigned"
    )


def change_team(
    ticket: Ticket,
    team: Team | None,
    *,
    actor: User,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Move the ticket to another team's queue; an assignee outside that team is cleared.

    :raises Conflict: if someone moved it since ``expected_version``.
    """
    now = now or utcnow()
    policy.require_update(actor, ticket)
    check_version(ticket, expected_version, {"team"})
    _require_not_final(ticket, "moved")
    old = ticket.team
    if old == team:
        return
    ticket.team = team
    if ticket.assignee is not None and (team is None or team not in ticket.assignee.teams):
        ticket.assignee = None
    _touch(ticket, actor, now)
    _record(
        ticket, EventKind.TEAM_CHANGED, actor, now, old=_name(old), new=_name(team) or "No team"
    )


def change_priority(
    ticket: Ticket,
    impact: str,
    urgency: str,
    *,
    actor: User,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Set impact and urgency; the priority follows the matrix and the SLA targets may change.

    :raises ValidationError: for a level outside high/medium/low.
    """
    now = now or utcnow()
    policy.require_update(actor, ticket)
    check_version(ticket, expected_version, {"priority"})
    try:
        priority = priority_for(impact, urgency)
    except ValueError as error:
        raise ValidationError(str(error), {"impact": str(error)}) from None
    old = ticket.priority
    if (ticket.impact, ticket.urgency) == (impact, urgency):
        return
    ticket.impact, ticket.urgency, ticket.priority = impact, urgency, priority
    _touch(ticket, actor, now)
    detail = f"Impact {impact}, urgency {urgency}."
    _record(ticket, EventKind.PRIORITY_CHANGED, actor, now, old=old, new=priority, detail=detail)
    sla_clocks.refresh(ticket, now, reselect_policy=True)


def change_category(
    ticket: Ticket, category: Category | None, *, actor: User, now: datetime | None = None
) -> None:
    """Recategorise the ticket; the SLA policy is chosen again."""
    now = now or utcnow()
    policy.require_update(actor, ticket)
    old = ticket.category
    if old == category:
        return
    ticket.category = category
    _touch(ticket, actor, now)
    _record(ticket, EventKind.CATEGORY_CHANGED, actor, now, old=_name(old), new=_name(category))
    sla_clocks.refresh(ticket, now, reselect_policy=True)


# --- relations -----------------------------------------------------------------------------


def merge(source: Ticket, target: Ticket, *, actor: User, now: datetime | None = None) -> None:
    """Merge *source* into *target*: move its messages, attachments and followers, close it
    and leave a pointer. Writes one event on each ticket.

    :raises InvalidTransition: merging a ticket into itself, or a final ticket.
    """
    now = now or utcnow()
    policy.require_update(actor, source)
    policy.require_update(actor, target)
    if source.id == target.id:
        raise InvalidTransition("A ticket cannot be merged into itself.")
    for ticket in (source, target):
        _require_not_final(ticket, "merged")
    moved = len(source.messages)
    for message in list(source.messages):
        message.original_ticket_id = message.original_ticket_id or source.id
        message.ticket = target
    for attachment in list(source.attachments):
        attachment.ticket = target
    _move_followers(source, target)
    old_status = source.status
    source.duplicate_of = target
    source.status = Status.CLOSED
    source.closed_at = now
    _touch(source, actor, now)
    _touch(target, actor, now)
    _record(
        source,
        EventKind.MERGED_INTO,
        actor,
        now,
        old=old_status,
        new=Status.CLOSED,
        detail=f"Merged into {target.reference}.",
    )
    _record(
        target,
        EventKind.MERGED,
        actor,
        now,
        new=source.reference,
        detail=f"{source.reference} merged here with {moved} message(s).",
    )
    sla_clocks.refresh(source, now)


def _move_followers(source: Ticket, target: Ticket) -> None:
    """Followers of the source follow the target; its requester too ("me too")."""
    following = {(s.user_id, s.email or "") for s in _subscriptions(target)}
    for subscription in _subscriptions(source):
        key = (subscription.user_id, subscription.email or "")
        if key in following:
            db.session.delete(subscription)
        else:
            subscription.ticket_id = target.id
            following.add(key)
    requester = (source.requester_id, "") if source.requester_id else (None, source.contact_email)
    if requester != (None, "") and requester not in following:
        db.session.add(Subscription(ticket_id=target.id, user_id=requester[0], email=requester[1]))


def _subscriptions(ticket: Ticket) -> list[Subscription]:
    return list(db.session.scalars(select(Subscription).where(Subscription.ticket_id == ticket.id)))


def link(ticket: Ticket, other: Ticket, *, actor: User, now: datetime | None = None) -> None:
    """Record that two tickets relate; shown on both.

    :raises InvalidTransition: linking a ticket to itself or twice.
    """
    now = now or utcnow()
    policy.require_update(actor, ticket)
    policy.require_view(actor, other)
    if ticket.id == other.id:
        raise InvalidTransition("A ticket cannot be linked to itself.")
    pair = select(TicketLink).where(
        ((TicketLink.ticket_id == ticket.id) & (TicketLink.other_id == other.id))
        | ((TicketLink.ticket_id == other.id) & (TicketLink.other_id == ticket.id))
    )
    if db.session.scalar(pair) is not None:
        raise InvalidTransition(f"{ticket.reference} is already linked to {other.reference}.")
    db.session.add(TicketLink(ticket_id=ticket.id, other_id=other.id, created_at=now))
    _touch(ticket, actor, now)
    _record(ticket, EventKind.LINKED, actor, now, new=other.reference)


def linked_tickets(ticket: Ticket) -> list[Ticket]:
    """Return the tickets linked to this one, either way round."""
    forward = select(TicketLink.other_id).where(TicketLink.ticket_id == ticket.id)
    backward = select(TicketLink.ticket_id).where(TicketLink.other_id == ticket.id)
    query = select(Ticket).where(Ticket.id.in_(forward.union(backward))).order_by(Ticket.id)
    return list(db.session.scalars(query))


def add_child(
    parent: Ticket,
    *,
    actor: User,
    subject: str,
    description: str = "",
    team: Team | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Open a child task under *parent* (e.g. onboarding fans out to IT and facilities).

    Writes the child's opening event and one event on the parent.
    """
    now = now or utcnow()
    policy.require_update(actor, parent)
    _require_not_final(parent, "given child tasks")
    child = open_ticket(
        actor=actor,
        channel=Channel.AGENT,
        subject=subject,
        description=description,
        requester=parent.requester,
        contact_name=parent.contact_name,
        contact_email=parent.contact_email,
        category=parent.category,
        impact=parent.impact,
        urgency=parent.urgency,
        parent=parent,
        team=team,
        now=now,
    )
    _touch(parent, actor, now)
    _record(parent, EventKind.CHILD_ADDED, actor, now, new=child.reference, detail=child.subject)
    return child


def follow(ticket: Ticket, user: User, *, actor: User, now: datetime | None = None) -> bool:
    """Subscribe *user* to changes; return False if they already follow it."""
    now = now or utcnow()
    policy.require_view(actor, ticket)
    policy.require_view(user, ticket)
    exists = db.session.scalar(
        select(Subscription).where(
            Subscription.ticket_id == ticket.id, Subscription.user_id == user.id
        )
    )
    if exists is not None:
        return False
    db.session.add(Subscription(ticket_id=ticket.id, user_id=user.id, created_at=now))
    _record(ticket, EventKind.FOLLOWED, actor, now, new=user.name, internal=True)
    return True


def add_supporter(
    ticket: Ticket, *, email: str = "", user: User | None = None, now: datetime | None = None
) -> bool:
    """A resident says "me too" on an open report: they follow it (with an email or an
    account, they hear of its progress) and count as a supporter in the queue. Return False
    if that email or account follows it already.

    :raises InvalidTransition: on a resolved, closed or cancelled ticket.
    :raises ValidationError: for a malformed email.
    """
    now = now or utcnow()
    if ticket.status not in lifecycle.ACTIVE:
        raise InvalidTransition(
            lazy_text("This report is no longer open: report the problem anew.")
        )
    email = (email or "").strip().lower()[:254]
    if email and ("@" not in email or " " in email):
        raise ValidationError(
            lazy_text("Check the email address."),
            {"email": lazy_text("Give an address like name@example.org.")},
        )
    if user is not None or email:
        exists = db.session.scalar(
            select(Subscription.id).where(
                Subscription.ticket_id == ticket.id,
                Subscription.user_id == user.id
                if user is not None
                else Subscription.email == email,
            )
        )
        if exists is not None:
            return False
    db.session.add(
        Subscription(
            ticket_id=ticket.id, user_id=user.id if user else None, email=email, created_at=now
        )
    )
    _record(ticket, EventKind.FOLLOWED, user, now, new="a resident (me too)", internal=True)
    return True


def claim_for(ticket: Ticket, user: User, *, detail: str, now: datetime | None = None) -> None:
    """Make *user* the requester of a ticket filed without an account (audited, internal)."""
    now = now or utcnow()
    ticket.requester = user
    _touch(ticket, user, now)
    _record(ticket, EventKind.REQUESTER_CHANGED, user, now, new=user.name, detail=detail,
            internal=True)  # fmt: skip


def forget_contact(
    ticket: Ticket, *, actor: User, shown_as: str, detail: str, now: datetime | None = None
) -> None:
    """Remove the requester's contact details from a ticket (an account deleted; audited)."""
    now = now or utcnow()
    ticket.contact_name = ticket.contact_email = ticket.contact_phone = ""
    _touch(ticket, actor, now)
    _record(ticket, EventKind.REQUESTER_CHANGED, actor, now, new=shown_as, detail=detail,
            internal=True)  # fmt: skip


# --- bulk ----------------------------------------------------------------------------------


def bulk_assign(tickets: Iterable[Ticket], agent: User | None, *, actor: User) -> int:
    """Assign many tickets; return how many changed. Each gets its own event."""
    changed = 0
    for ticket in tickets:
        before = ticket.assignee_id
        assign(ticket, agent, actor=actor)
        changed += ticket.assignee_id != before
    return changed


def bulk_close(tickets: Iterable[Ticket], *, actor: User) -> int:
    """Resolve-and-close many tickets where the lifecycle allows; return how many closed."""
    closed = 0
    for ticket in tickets:
        if ticket.status in lifecycle.FINAL:
            continue
        if ticket.status != Status.RESOLVED:
            change_status(ticket, Status.RESOLVED, actor=actor)
        change_status(ticket, Status.CLOSED, actor=actor)
        closed += 1
    return closed


# --- SLA escalation ------------------------------------------------------------------------


def record_escalation(ticket: Ticket, kind: str, target: str, *, now: datetime) -> bool:
    """Mark an SLA warning or breach on the ticket once; return False if it was marked already.

    ``kind`` is "warning" or "breach"; ``target`` is "first_response" or "resolution".
    """
    mark = f"{target}_{'warned' if kind == 'warning' else 'breached'}_at"
    if getattr(ticket, mark) is not None:
        return False
    setattr(ticket, mark, now)
    label = "First response" if target == "first_response" else "Resolution"
    due = getattr(ticket, f"{target}_due_at")
    event_kind = EventKind.SLA_WARNING if kind == "warning" else EventKind.SLA_BREACH
    text = "is due soon" if kind == "warning" else "target was breached"
    leads = ", ".join(lead.name for lead in team_leads(ticket)) or "no team lead on record"
    detail = f"{label} {text} (due {due:%Y-%m-%d %H:%M} UTC). Told: {leads}."
    _record(ticket, event_kind, None, now, new=target, detail=detail, internal=True)
    signals.sla_escalated.send(ticket, kind=kind, target=target)
    return True


def team_leads(ticket: Ticket) -> list[User]:
    """Return the leads of the ticket's team, who hear of its escalations."""
    if ticket.team is None:
        return []
    return [member for member in ticket.team.members if member.is_lead and member.is_active]


# --- shared helpers ------------------------------------------------------------------------


def check_version(ticket: Ticket, expected_version: int | None, fields: set[str]) -> None:
    """Refuse a write made from a stale page if someone changed the same fields since.

    :raises Conflict: saying who changed what, and when.
    """
    if expected_version is None or expected_version >= ticket.version:
        return
    newer = db.session.scalars(
        select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket.id, TicketEvent.ticket_version > expected_version)
        .order_by(TicketEvent.id)
    ).all()
    clashes = [event for event in newer if _FIELDS_OF_KIND.get(event.kind) in fields]
    if clashes:
        raise Conflict(
            f"{ticket.reference} was changed after you opened it: "
            + "; ".join(_describe_change(event) for event in clashes)
            + ". Reload the ticket to see the current state."
        )


def _describe_change(event: TicketEvent) -> str:
    who = event.actor.name if event.actor else "the system"
    what = event.kind.replace("_", " ")
    change = f" ({event.old_value or '—'} → {event.new_value or '—'})" if event.new_value else ""
    return f"{who} {what}{change} at {event.created_at:%H:%M} UTC"


def _require_not_final(ticket: Ticket, verb: str) -> None:
    if ticket.status in lifecycle.FINAL:
        raise InvalidTransition(f"A {ticket.status.label.lower()} ticket cannot be {verb}.")


def _touch(ticket: Ticket, actor: User | None, now: datetime) -> None:
    ticket.updated_at = now
    ticket.updated_by = actor


def _record(
    ticket: Ticket,
    kind: EventKind,
    actor: User | None,
    now: datetime,
    *,
    old: Any = None,
    new: Any = None,
    detail: str = "",
    internal: bool = False,
) -> TicketEvent:
    if ticket.id is None:
        version = 1  # a new ticket: inserted with its first event in one flush below
    else:
        db.session.flush()  # the version counter moves on flush; the event carries the new one
        version = ticket.version
    event = TicketEvent(
        ticket=ticket,
        actor=actor,
        kind=kind,
        old_value=None if old is None else str(old)[:300],
        new_value=None if new is None else str(new)[:300],
        detail=detail,
        is_internal=internal,
        ticket_version=version,
        created_at=now,
    )
    db.session.add(event)
    db.session.flush()  # the event has its id for the signal's receivers
    signals.ticket_updated.send(ticket, actor=actor, event=event)
    return event


def _name(obj: Any) -> str | None:
    return None if obj is None else obj.name


def check_priority(value: str) -> str:
    if value not in PRIORITIES:
        raise ValidationError(
            "Unknown priority.", {"priority": f"Choose one of {', '.join(PRIORITIES)}."}
        )
    return value


__all__ = [
    "NotFound",
    "PermissionDenied",
    "add_attachment",
    "add_child",
    "add_internal_note",
    "add_reply",
    "assign",
    "bulk_assign",
    "bulk_close",
    "change_category",
    "change_priority",
    "change_status",
    "change_team",
    "follow",
    "get_ticket",
    "link",
    "merge",
    "open_ticket",
    "record_escalation",
    "add_supporter",
    "claim_for",
    "forget_contact",
    "confirm_resolution",
    "reopen",
    "rate",
    "find_rating",
    "cancel_request",
    "request_approval",
    "approve",
    "reject",
    "fan_out",
    "submit_request",
]


# --- the requester's own actions -----------------------------------------------------------
#
# What a requester does with a resolved ticket: confirm the fix, reopen it, rate the service.
# The actor is the requester's account, or None when a tracking link (checked by the portal)
# stands in for it; a staff member uses ``change_status`` instead.

RATING_SCORES = range(1, 6)
MAX_RATING_COMMENT = 2000
# Control characters other than tab and newline: invisible, and some break exports and email.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def confirm_resolution(
    ticket: Ticket, *, actor: User | None, via: str, now: datetime | None = None
) -> None:
    """Close a resolved ticket because its requester says the fix works.

    *via* says how the requester answered ("tracking link", "email") for the timeline.

    :raises PermissionDenied: if the actor is not the ticket's requester.
    :raises InvalidTransition: unless the ticket is resolved.
    """
    now = now or utcnow()
    _require_requester(actor, ticket)
    _require_resolved(ticket, lazy_text("confirm that it is fixed"))
    old = ticket.status
    ticket.status = Status.CLOSED
    ticket.closed_at = now
    _touch(ticket, actor, now)
    detail = f"The requester confirmed the fix ({via.strip()[:100] or 'no channel given'})."
    _record(ticket, EventKind.STATUS_CHANGED, actor, now, old=old, new=Status.CLOSED, detail=detail)
    sla_clocks.refresh(ticket, now)
    signals.ticket_status_changed.send(ticket, actor=actor, old=old, new=Status.CLOSED)
    _complete_parent(ticket, now)


def reopen(
    ticket: Ticket,
    body: str,
    *,
    actor: User | None,
    author_email: str,
    channel: Channel,
    now: datetime | None = None,
) -> Message:
    """Reopen a resolved ticket with the requester's reason as a public message.

    The reason is a requester's reply (``add_reply``), which wakes the ticket: one event.

    :raises PermissionDenied: if the actor is not the ticket's requester.
    :raises InvalidTransition: unless the ticket is resolved.
    :raises ValidationError: without a reason, or with an oversized one.
    """
    now = now or utcnow()
    _require_requester(actor, ticket)
    _require_resolved(ticket, lazy_text("reopen it"))
    if not (body or "").strip():
        raise ValidationError(
            lazy_text("Tell us what is still wrong, so we can reopen your request."),
            {"body": lazy_text("Write what is still wrong.")},
        )
    message = add_reply(
        ticket, body, actor=actor, channel=channel, author_email=author_email, now=now
    )
    # add_reply announced the message; status listeners (webhooks, notices) hear of it too.
    signals.ticket_status_changed.send(ticket, actor=actor, old=Status.RESOLVED, new=ticket.status)
    return message


def rate(
    ticket: Ticket,
    score: int | None,
    comment: str = "",
    *,
    actor: User | None,
    now: datetime | None = None,
) -> SatisfactionRating:
    """Record the requester's rating (1-5, once per ticket) of a resolved or closed ticket.

    The comment is plain text: control characters are removed and its length is limited.

    :raises PermissionDenied: if the actor is not the ticket's requester.
    :raises InvalidTransition: unless the ticket is resolved or closed, or if it is rated.
    :raises ValidationError: for a score outside 1-5 or an oversized comment.
    """
    now = now or utcnow()
    _require_requester(actor, ticket)
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise InvalidTransition(
            lazy_text(
                "%(reference)s is %(status)s: you can rate our service once the request is "
                "resolved.",
                reference=ticket.reference,
                status=lifecycle.status_name(ticket.status, in_sentence=True),
            )
        )
    if find_rating(ticket) is not None:
        raise InvalidTransition(
            lazy_text(
                "You have rated %(reference)s already. Thank you!", reference=ticket.reference
            )
        )
    if isinstance(score, bool) or not isinstance(score, int) or score not in RATING_SCORES:
        raise ValidationError(
            lazy_text("Choose a rating from 1 (very poor) to 5 (excellent)."),
            {"score": lazy_text("Choose a rating from 1 to 5.")},
        )
    comment = _CONTROL.sub("", (comment or "").replace("\r\n", "\n")).strip()
    if len(comment) > MAX_RATING_COMMENT:
        raise ValidationError(
            lazy_text("The comment is too long."),
            {"comment": lazy_text("At most %(limit)s characters.", limit=MAX_RATING_COMMENT)},
        )
    rating = SatisfactionRating(ticket_id=ticket.id, score=score, comment=comment, created_at=now)
    db.session.add(rating)
    _touch(ticket, actor, now)
    _record(ticket, EventKind.RATED, actor, now, new=score, detail=_excerpt(comment))
    return rating


def find_rating(ticket: Ticket) -> SatisfactionRating | None:
    """Return the ticket's satisfaction rating, or None if nobody rated it."""
    return db.session.scalar(
        select(SatisfactionRating).where(SatisfactionRating.ticket_id == ticket.id)
    )


def _require_requester(actor: User | None, ticket: Ticket) -> None:
    if actor is not None and not policy.can_act_as_requester(actor, ticket):
        raise PermissionDenied(lazy_text("Only the person who made this request can do that."))


def _require_resolved(ticket: Ticket, what) -> None:
    if ticket.status == Status.RESOLVED:
        return
    values = {
        "reference": ticket.reference,
        "status": lifecycle.status_name(ticket.status, in_sentence=True),
        "what": what,
    }
    if ticket.status in lifecycle.FINAL:
        raise InvalidTransition(
            lazy_text(
                "%(reference)s is %(status)s already, so you cannot %(what)s. "
                "If the problem came back, please make a new request.",
                **values,
            )
        )
    raise InvalidTransition(
        lazy_text(
            "%(reference)s is %(status)s, not resolved: you can %(what)s once we tell you it "
            "is resolved.",
            **values,
        )
    )


def cancel_request(
    ticket: Ticket, reason: str = "", *, actor: User, now: datetime | None = None
) -> None:
    """The requester (or whoever filed it for them) withdraws a request still being worked.

    Pending approvals are withdrawn and open child tasks cancelled with it.

    :raises PermissionDenied: for anyone but the requester or the colleague who filed it.
    :raises InvalidTransition: once the request is resolved, closed or cancelled.
    """
    now = now or utcnow()
    if not policy.can_cancel(actor, ticket):
        raise PermissionDenied("Only the person who made this request can cancel it.")
    if ticket.status not in lifecycle.ACTIVE:
        raise InvalidTransition(
            f"{ticket.reference} is {ticket.status.label.lower()}: it can no longer be cancelled."
        )
    reason = _CONTROL.sub("", reason or "").strip()[:500]
    detail = "Cancelled by the requester" + (f": {reason}" if reason else ".")
    _stop(ticket, Status.CANCELLED, actor, now, EventKind.STATUS_CHANGED, detail)
    for approval in _pending_approvals(ticket):
        approval.state, approval.decided_at = ApprovalState.WITHDRAWN, now
    for child in ticket.children:
        if child.status in lifecycle.ACTIVE:
            _stop(child, Status.CANCELLED, actor, now, EventKind.STATUS_CHANGED,
                  f"Cancelled with {ticket.reference}.")  # fmt: skip


def _stop(
    ticket: Ticket, status: Status, actor: User | None, now: datetime, kind: EventKind, detail: str
) -> None:
    """End a ticket outside the agents' lifecycle moves (cancelled, rejected, children done)."""
    old = ticket.status
    ticket.status = status
    if status == Status.RESOLVED:
        ticket.resolved_at = now
    else:
        ticket.closed_at = now
    _touch(ticket, actor, now)
    _record(ticket, kind, actor, now, old=old, new=status, detail=detail)
    sla_clocks.refresh(ticket, now)
    signals.ticket_status_changed.send(ticket, actor=actor, old=old, new=status)


# --- catalog requests (the employee portal) ------------------------------------------------


def submit_request(
    item: CatalogItem,
    *,
    actor: User,
    subject: str,
    description: str = "",
    fields: Mapping[str, Any] | None = None,
    requester: User | None = None,
    channel: Channel = Channel.EMPLOYEE_PORTAL,
    now: datetime | None = None,
) -> Ticket:
    """File a catalog request for *requester* (the actor, or a colleague they ask for).

    An item that needs approval holds the request for the requester's manager or the item's
    approver team; otherwise it is routed and its child tasks fan out at once.

    :raises ValidationError: for bad fields, or when nobody is on record to approve it.
    """
    now = now or utcnow()
    requester = requester or actor
    approver, team = approvers_for(item, requester)
    ticket = open_ticket(
        actor=actor,
        channel=channel,
        subject=subject,
        description=description,
        requester=requester,
        catalog_item=item,
        fields=fields,
        submitted_by=actor,
        hold_for_approval=item.approval != ApprovalRule.NONE,
        now=now,
    )
    if item.approval == ApprovalRule.NONE:
        fan_out(ticket, actor=actor, now=now)
    else:
        request_approval(ticket, approver=approver, team=team, actor=actor, now=now)
    return ticket


def approvers_for(item: CatalogItem, requester: User) -> tuple[User | None, Team | None]:
    """Who approves this item's requests for *requester*: their manager (falling back to the
    item's approver team when no manager is on record), or the approver team.

    :raises ValidationError: when the rule names nobody who could approve.
    """
    if item.approval == ApprovalRule.NONE:
        return None, None
    manager = requester.manager
    usable = manager is not None and manager != requester and manager.is_active
    if item.approval == ApprovalRule.MANAGER and usable:
        return manager, None
    if item.approver_team is not None:
        return None, item.approver_team
    raise ValidationError(
        f"{item.name} needs approval by "
        + ("your manager, and no manager is on record for you"
           if item.approval == ApprovalRule.MANAGER else "an approver team, and none is set")
        + ". Ask the service desk to add it, then send the request again."
    )  # fmt: skip


# --- approvals -----------------------------------------------------------------------------


def request_approval(
    ticket: Ticket,
    *,
    approver: User | None = None,
    team: Team | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> Approval:
    """Hold a just-opened, unrouted request until *approver* (or a member of *team*) decides.

    The request waits in "awaiting approval" with its SLA clocks paused.

    :raises InvalidTransition: unless the ticket is new and was opened unrouted.
    :raises ValidationError: without an approver or an approver team.
    """
    now = now or utcnow()
    if approver is None and team is None:
        raise ValidationError("Nobody is named to approve this request.")
    if ticket.status != Status.NEW or ticket.team is not None:
        raise InvalidTransition(f"{ticket.reference} is already being worked on.")
    approval = Approval(ticket=ticket, approver=approver, approver_team=team, created_at=now)
    db.session.add(approval)
    ticket.status = Status.AWAITING_APPROVAL
    _touch(ticket, actor, now)
    detail = f"Waits for approval by {approval.approver_label}."
    _record(ticket, EventKind.APPROVAL_REQUESTED, actor, now, old=Status.NEW,
            new=Status.AWAITING_APPROVAL, detail=detail)  # fmt: skip
    sla_clocks.refresh(ticket, now)
    signals.ticket_status_changed.send(
        ticket, actor=actor, old=Status.NEW, new=Status.AWAITING_APPROVAL
    )
    return approval


def approve(
    approval: Approval, comment: str = "", *, actor: User, now: datetime | None = None
) -> None:
    """Approve: the request is routed as if it had just arrived, and fans out its child tasks.

    :raises PermissionDenied: for anyone but the named approver or a member of the team.
    :raises InvalidTransition: when the approval was decided or withdrawn already.
    """
    now = now or utcnow()
    ticket = _decide(approval, ApprovalState.APPROVED, comment, actor, now)
    detail = f"Approved by {actor.name}" + (f": {approval.comment}" if approval.comment else ".")
    ticket.status = Status.NEW
    _touch(ticket, actor, now)
    _record(ticket, EventKind.APPROVED, actor, now, old=Status.AWAITING_APPROVAL,
            new=Status.NEW, detail=detail)  # fmt: skip
    with db.session.no_autoflush:
        decision = _route(ticket)
        _apply_routing(ticket, decision, now)
    _record(ticket, EventKind.ROUTED, actor, now, new=_name(ticket.team),
            detail=with_agent_names(decision.reason), internal=True)  # fmt: skip
    sla_clocks.refresh(ticket, now)
    signals.ticket_status_changed.send(
        ticket, actor=actor, old=Status.AWAITING_APPROVAL, new=Status.NEW
    )
    fan_out(ticket, actor=actor, now=now)


def reject(approval: Approval, comment: str, *, actor: User, now: datetime | None = None) -> None:
    """Reject: the request is closed with the approver's reason, which the requester reads.

    :raises PermissionDenied: for anyone but the named approver or a member of the team.
    :raises InvalidTransition: when the approval was decided or withdrawn already.
    :raises ValidationError: without a reason.
    """
    now = now or utcnow()
    if not (comment or "").strip():
        raise ValidationError(
            "Say why the request is rejected: the requester reads it.",
            {"comment": "Give the reason for the rejection."},
        )
    ticket = _decide(approval, ApprovalState.REJECTED, comment, actor, now)
    detail = f"Rejected by {actor.name}: {approval.comment}"
    _stop(ticket, Status.CLOSED, actor, now, EventKind.REJECTED, detail)


def _decide(
    approval: Approval, state: ApprovalState, comment: str, actor: User, now: datetime
) -> Ticket:
    policy.require_decide_approval(actor, approval)
    if approval.state != ApprovalState.PENDING or (
        approval.ticket.status != Status.AWAITING_APPROVAL
    ):
        raise InvalidTransition(
            f"The approval of {approval.ticket.reference} was decided or withdrawn already."
        )
    comment = _CONTROL.sub("", comment or "").strip()
    if len(comment) > MAX_RATING_COMMENT:
        raise ValidationError(
            "The comment is too long.", {"comment": f"At most {MAX_RATING_COMMENT} characters."}
        )
    approval.state, approval.comment = state, comment
    approval.decided_by, approval.decided_at = actor, now
    return approval.ticket


def _pending_approvals(ticket: Ticket) -> list[Approval]:
    return list(
        db.session.scalars(
            select(Approval).where(
                Approval.ticket_id == ticket.id, Approval.state == ApprovalState.PENDING
            )
        )
    )


# --- child tasks (onboarding) --------------------------------------------------------------


def fan_out(parent: Ticket, *, actor: User | None, now: datetime | None = None) -> list[Ticket]:
    """Open the child tasks its catalog item's templates describe, each sent to its team with
    a due date relative to the form's date field; one event on the parent per child.

    Runs once the request is routed (at filing, or when approved); templates naming a team
    that no longer exists go to routing instead.
    """
    now = now or utcnow()
    item = parent.catalog_item
    if item is None or not item.child_tasks or parent.children:
        return []
    children = []
    for task in onboarding.tasks_for(item.child_tasks, parent.field_values, item.due_field):
        team = db.session.scalar(select(Team).where(Team.name == task.team)) if task.team else None
        child = open_ticket(
            actor=actor,
            channel=parent.channel,
            subject=f"{task.subject} · {parent.subject}"[:MAX_SUBJECT],
            description=task.description,
            requester=parent.requester,
            category=parent.category,
            impact=parent.impact,
            urgency=parent.urgency,
            parent=parent,
            team=team,
            due_on=task.due_on,
            now=now,
        )
        _record(parent, EventKind.CHILD_ADDED, actor, now, new=child.reference,
                detail=child.subject)  # fmt: skip
        children.append(child)
    return children


def _complete_parent(child: Ticket, now: datetime) -> None:
    """Resolve a fanned-out request once all its child tasks are done (resolved, closed or
    cancelled); requests without child-task templates are left to their agents."""
    parent = child.parent
    if (
        parent is None
        or child.status not in lifecycle.STOPPED
        or parent.status not in lifecycle.ACTIVE
        or parent.status == Status.AWAITING_APPROVAL
        or parent.catalog_item is None
        or not parent.catalog_item.child_tasks
        or any(task.status not in lifecycle.STOPPED for task in parent.children)
    ):
        return
    count = len(parent.children)
    _stop(parent, Status.RESOLVED, None, now, EventKind.STATUS_CHANGED,
          f"All {count} child tasks are done.")  # fmt: skip
