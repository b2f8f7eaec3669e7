"""Who hears what: ticket signals become outbox rows in the transaction of the change.

Requesters and followers hear of their request: received (with the tracking link), public
replies, status changes, resolution (with confirm, reopen and rating links). Followers get the
same without anyone's personal data (a reply's text may carry the requester's, so they get a
pointer to the tracking page instead). Staff hear: assigned to you, new in your team's queue,
the requester replied, SLA warnings and breaches. Nobody hears of their own action, except the
requester's "received". Internal notes and internal events never reach a requester: only public
messages and the named event kinds below make notices. Webhooks get the events they asked for.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from .. import signals
from ..accounts.models import Team, User
from ..extensions import db
from ..tickets import tracking
from ..tickets.lifecycle import Status
from ..tickets.models import (
    Approval,
    ApprovalState,
    EventKind,
    Message,
    Subscription,
    Ticket,
    TicketEvent,
    TrackingToken,
)
from ..tickets.service import team_leads
from ..timeutils import utcnow
from . import outbox, preferences, webhooks
from .email_out import desk_address, message_id_for, reply_address, thread_id
from .models import OutboxKind, WebhookEvent
from .notices import Composed, status_name, text


def connect() -> None:
    signals.ticket_updated.connect(on_ticket_event)
    signals.ticket_replied.connect(on_public_reply)


def _enabled() -> bool:
    paused = db.session.info.get("notifications_paused", False)  # see notifications.paused()
    return current_app.config.get("NOTIFICATIONS_ENABLED", True) and not paused


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    user: User | None = None
    follower: bool = False


# --- signal receivers ----------------------------------------------------------------------


def on_ticket_event(ticket: Ticket, actor: User | None, event: TicketEvent) -> None:
    handler = _HANDLERS.get(event.kind)
    if handler is None or not _enabled():
        return
    # The rows queued here go in with the ticket's next flush, not one INSERT per lookup.
    with db.session.no_autoflush:
        _prime(ticket)
        handler(ticket, actor, event)


def on_public_reply(ticket: Ticket, actor: User | None, message: Message) -> None:
    if not _enabled() or message.is_internal:
        return
    with db.session.no_autoflush:
        _prime(ticket)
        _tell_of_reply(ticket, actor, message)


def _prime(ticket: Ticket) -> None:
    """Read the opt-outs and choices of everyone who might hear of *ticket*, at once."""
    people = [person for person in requesters(ticket)]
    staff = [ticket.assignee] if ticket.assignee else []
    staff += ticket.team.members if ticket.team else []
    emails = [person.email for person in people] + [user.email for user in staff]
    user_ids = [person.user.id for person in people if person.user] + [user.id for user in staff]
    preferences.prime(emails, user_ids)


def _tell_of_reply(ticket: Ticket, actor: User | None, message: Message) -> None:
    key = f"message:{message.id}"
    if actor is not None and actor.is_staff:
        for person in requesters(ticket, exclude=actor):
            if person.follower:
                _email(person, "reply", ticket, key, _follower_update(person, ticket))
            else:
                _email(person, "reply", ticket, key, _reply(person, ticket, message))
    else:
        for person in _handlers_of(ticket, exclude=actor):
            _email(
                person,
                "requester_replied",
                ticket,
                key,
                _requester_replied(person, ticket, message),
            )
    data = _ticket_data(ticket) | {
        "message": {
            "id": message.id,
            "body": message.body,
            "from_staff": bool(actor and actor.is_staff),
        }
    }
    webhooks.queue_event(
        WebhookEvent.MESSAGE_ADDED, f"evt_msg_{message.id}", data, ticket_id=ticket.id
    )


def _on_opened(ticket: Ticket, actor: User | None, event: TicketEvent) -> None:
    key = f"event:{event.id}"
    for person in requesters(ticket):
        if not person.follower:
            _email(person, "received", ticket, key, _received(person, ticket))
    if ticket.assignee is not None and ticket.assignee != actor:
        person = _staff(ticket.assignee)
        _email(person, "assigned", ticket, key, _assigned(person, ticket))
    _tell_team(ticket, actor, key)
    webhooks.queue_event(
        WebhookEvent.TICKET_OPENED, f"evt_{event.id}", _ticket_data(ticket), ticket_id=ticket.id
    )


def _on_status_changed(ticket: Ticket, actor: User | None, event: TicketEvent) -> None:
    key = f"event:{event.id}"
    new = Status(event.new_value)
    notice = "resolved" if new == Status.RESOLVED else "status"
    # Closing a resolved ticket (the requester confirmed, or the desk tidied up) tells the
    # requester nothing new: the "resolved" notice said it all.
    settled = new == Status.CLOSED and event.old_value == Status.RESOLVED.value
    for person in [] if settled else requesters(ticket, exclude=actor):
        compose = _resolved if notice == "resolved" else _status
        _email(person, notice, ticket, key, compose(person, ticket))
    data = _ticket_data(ticket) | {"old_status": event.old_value, "new_status": event.new_value}
    webhooks.queue_event(WebhookEvent.STATUS_CHANGED, f"evt_{event.id}", data, ticket_id=ticket.id)


def _on_replied(ticket: Ticket, actor: User | None, event: TicketEvent) -> None:
    """A reply that moved the status (a requester reopening, an agent asking and waiting):
    the reply's own notices tell people; systems still hear of the status change."""
    if event.new_value:
        data = _ticket_data(ticket) | {"old_status": event.old_value, "new_status": event.new_value}
        webhooks.queue_event(
            WebhookEvent.STATUS_CHANGED, f"evt_{event.id}", data, ticket_id=ticket.id
        )


def _on_assigned(ticket: Ticket, actor: User | None, event: TicketEvent) -> None:
    agent = ticket.assignee
    if agent is not None and agent != actor and agent.is_active:
        person = _staff(agent)
        _email(person, "assigned", ticket, f"event:{event.id}", _assigned(person, ticket))


def _on_team_changed(ticket: Ticket, actor: User | None, event: TicketEvent) -> None:
    _tell_team(ticket, actor, f"event:{event.id}")


def _on_sla(ticket: Ticket, actor: User | None, event: TicketEvent) -> None:
    notice = "sla_breach" if event.kind == EventKind.SLA_BREACH else "sla_warning"
    target = event.new_value or "resolution"
    due = getattr(ticket, f"{target}_due_at", None)
    people = ([ticket.assignee] if ticket.assignee else []) + team_leads(ticket)
    for agent in dict.fromkeys(people):
        if agent.is_active:
            person = _staff(agent)
            composed = _sla_notice(person, ticket, notice, target, due)
            _email(person, notice, ticket, f"event:{event.id}", composed)
    if notice == "sla_breach":
        data = _ticket_data(ticket) | {"target": target, "due_at": due.isoformat() if due else None}
        webhooks.queue_event(
            WebhookEvent.SLA_BREACHED, f"evt_{event.id}", data, ticket_id=ticket.id
        )


def _on_approval_requested(ticket: Ticket, actor: User | None, event: TicketEvent) -> None:
    """The requester hears that it waits; the approver (or each approver-team member) is asked."""
    _on_status_changed(ticket, actor, event)
    approvals = db.session.scalars(
        select(Approval).where(
            Approval.ticket_id == ticket.id, Approval.state == ApprovalState.PENDING
        )
    )
    for approval in approvals:
        deciders = (
            [approval.approver]
            if approval.approver is not None
            else list(approval.approver_team.members if approval.approver_team else [])
        )
        for user in deciders:
            if user.is_active and user != ticket.requester:
                person = _staff(user)
                _email(person, "approval_requested", ticket, f"event:{event.id}",
                       _approval_requested(person, ticket, approval))  # fmt: skip


def _approval_requested(person: Recipient, ticket: Ticket, approval: Approval) -> Composed:
    lang = person.language
    facts = _facts(
        ticket,
        requester=ticket.requester.name if ticket.requester else ticket.contact_name,
        item=ticket.catalog_item.name if ticket.catalog_item else ticket.subject,
    )
    url = f"{current_app.config['BASE_URL']}/employee/approvals/{approval.id}"
    return _notice(
        person,
        "approval_requested.subject",
        facts,
        [text(lang, "approval_requested.body", **facts)],
        actions=[(text(lang, "approval_requested.action"), url)],
    )


_HANDLERS = {
    EventKind.OPENED: _on_opened,
    EventKind.STATUS_CHANGED: _on_status_changed,
    # Approval decisions move the status: requesters and webhooks hear of them as such.
    EventKind.APPROVAL_REQUESTED: _on_approval_requested,
    EventKind.APPROVED: _on_status_changed,
    EventKind.REJECTED: _on_status_changed,
    EventKind.REPLIED: _on_replied,
    EventKind.ASSIGNED: _on_assigned,
    EventKind.TEAM_CHANGED: _on_team_changed,
    EventKind.SLA_WARNING: _on_sla,
    EventKind.SLA_BREACH: _on_sla,
}


def _tell_team(ticket: Ticket, actor: User | None, key: str) -> None:
    if ticket.team is None:
        return
    for member in ticket.team.members:
        if member.is_staff and member.is_active and member not in (actor, ticket.assignee):
            person = _staff(member)
            _email(person, "team_new", ticket, key, _team_new(person, ticket))


# --- who ------------------------------------------------------------------------------------


def requesters(ticket: Ticket, exclude: User | None = None) -> list[Recipient]:
    """The requester and the followers, each once, without *exclude* (who acted)."""
    found: dict[str, Recipient] = {}
    requester = ticket.requester
    if requester is not None and requester.is_active:
        found[requester.email.lower()] = Recipient(
            requester.email, requester.name, requester.language, requester
        )
    elif ticket.contact_email:
        found[ticket.contact_email] = Recipient(
            ticket.contact_email, ticket.contact_name, ticket.language
        )
    for subscription in db.session.scalars(
        select(Subscription).where(Subscription.ticket_id == ticket.id)
    ):
        user = subscription.user
        if user is not None and user.is_active:
            person = Recipient(user.email, user.name, user.language, user, follower=True)
        elif user is None and subscription.email:
            person = Recipient(subscription.email, "", ticket.language, follower=True)
        else:
            continue
        found.setdefault(person.email.lower(), person)
    if exclude is not None:
        found.pop(exclude.email.lower(), None)
    for email in _stopped_following(ticket):
        found.pop(email, None)
    return list(found.values())


def _stopped_following(ticket: Ticket) -> set[str]:
    """Addresses whose tracking link for *ticket* was turned off ("stop following")."""
    return set(
        db.session.scalars(
            select(TrackingToken.email).where(
                TrackingToken.ticket_id == ticket.id, TrackingToken.revoked_at.is_not(None)
            )
        )
    )


def _handlers_of(ticket: Ticket, exclude: User | None) -> list[Recipient]:
    """Who works the ticket: its assignee, else its team's agents."""
    if ticket.assignee is not None:
        people = [ticket.assignee]
    elif ticket.team is not None:
        people = [member for member in ticket.team.members if member.is_staff]
    else:
        people = []
    return [_staff(user) for user in people if user.is_active and user != exclude]


def _staff(user: User) -> Recipient:
    return Recipient(user.email, user.name, user.language, user)


# --- what ----------------------------------------------------------------------------------


def _facts(ticket: Ticket, **more: Any) -> dict[str, Any]:
    return {"reference": ticket.reference, "subject": ticket.subject} | more


def _greeting(person: Recipient) -> str:
    if person.name and not person.follower:
        return text(person.language, "greeting", name=person.name)
    return text(person.language, "greeting_anonymous")


def _plain(person: Recipient, ticket: Ticket, notice: str, quote: str = "", **more) -> Composed:
    """A notice of one paragraph (``<notice>.body``) with one link: the tracking page for
    requesters and followers, the ticket in the workspace for staff."""
    lang, facts = person.language, _facts(ticket, **more)
    if person.user is not None and person.user.is_staff:
        action = (text(lang, "open_ticket"), _agent_url(ticket))
    else:
        action = (text(lang, "track"), _tracking_url(ticket, person))
    return _notice(
        person,
        f"{notice}.subject",
        facts,
        [text(lang, f"{notice}.body", **facts)],
        quote=quote,
        actions=[action],
    )


def _received(person: Recipient, ticket: Ticket) -> Composed:
    composed = _plain(person, ticket, "received")
    if ticket.resolution_due_at is not None:
        due = _local(ticket.resolution_due_at)
        composed.paragraphs.append(text(person.language, "received.expect", due=due))
    return composed


def _reply(person: Recipient, ticket: Ticket, message: Message) -> Composed:
    composed = _plain(person, ticket, "reply", quote=message.body)
    composed.paragraphs.append(text(person.language, "reply.hint"))
    return composed


def _follower_update(person: Recipient, ticket: Ticket) -> Composed:
    return _plain(person, ticket, "follower_update")


def _status(person: Recipient, ticket: Ticket) -> Composed:
    return _plain(person, ticket, "status", status=status_name(person.language, ticket.status))


def _resolved(person: Recipient, ticket: Ticket) -> Composed:
    composed = _plain(person, ticket, "resolved")
    if not person.follower:  # only the requester confirms, reopens and rates
        lang, url = person.language, _tracking_url(ticket, person)
        composed.paragraphs.append(text(lang, "resolved.ask"))
        composed.actions = [
            (text(lang, "resolved.confirm"), f"{url}#resolution"),
            (text(lang, "resolved.reopen"), f"{url}#resolution"),
            (text(lang, "resolved.rate"), f"{url}#rating"),
        ]
    return composed


def _assigned(person: Recipient, ticket: Ticket) -> Composed:
    return _plain(person, ticket, "assigned", priority=ticket.priority)


def _team_new(person: Recipient, ticket: Ticket) -> Composed:
    return _plain(person, ticket, "team_new", priority=ticket.priority, team=ticket.team.name)


def _requester_replied(person: Recipient, ticket: Ticket, message: Message) -> Composed:
    return _plain(person, ticket, "requester_replied", quote=message.body)


def _sla_notice(person, ticket, notice, target, due) -> Composed:
    lang = person.language
    return _plain(
        person,
        ticket,
        notice,
        target=text(lang, f"target.{target}"),
        due=_local(due) if due else "—",
    )


def _notice(person, subject_key, facts, paragraphs, *, actions=(), quote="") -> Composed:
    return Composed(
        language=person.language,
        subject=text(person.language, subject_key, **facts),
        greeting=_greeting(person),
        paragraphs=list(paragraphs),
        quote=quote,
        actions=list(actions),
    )


# --- how ------------------------------------------------------------------------------------


def _email(
    person: Recipient, notice: str, ticket: Ticket | None, cause: str, composed: Composed
) -> None:
    """Queue *composed* for *person* unless they opted out of it; one row per cause and address.

    Notices about a ticket thread under it and carry its signed reply address.
    """
    if preferences.opted_out(person.email):
        return
    if person.user is not None and not preferences.wants(person.user, notice):
        return
    config = current_app.config
    _, domain = desk_address(config["MAIL_FROM"])
    key = f"email:{notice}:{cause}:{person.email.lower()}"
    unsubscribe = _unsubscribe_url(person.email)
    if person.user is not None:
        composed.footer_links.append(
            (
                text(person.language, "preferences"),
                f"{config['BASE_URL']}/auth/account/notifications",
            )
        )
    if not (person.user is not None and person.user.is_staff):
        composed.footer_links.append((text(person.language, "unsubscribe"), unsubscribe))
    message_id = message_id_for(key, domain)
    payload = {
        "from": config["MAIL_FROM"],
        "to": person.email,
        "to_name": "" if person.follower else person.name,
        "subject": composed.subject,
        "notice": composed.as_payload(),
        "message_id": message_id,
        "date": format_datetime(utcnow()),
        "language": person.language,
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }
    if ticket is not None:
        root = thread_id(ticket.reference, domain)
        payload |= {
            "reply_to": reply_address(config["MAIL_FROM"], config["SECRET_KEY"], ticket.reference),
            "in_reply_to": root,
            "references": [root],
        }
    outbox.enqueue(
        kind=OutboxKind.EMAIL,
        key=key,
        event=notice,
        recipient=person.email,
        payload=payload,
        ticket_id=ticket.id if ticket is not None else None,
        message_id=message_id,
    )


def alert_leads(team: Team, kind: str, value: Any, threshold: Any, now: datetime) -> None:
    """Tell *team*'s leads that a KPI crossed its threshold, once per day and kind."""
    for lead in team.members:
        if not (lead.is_lead and lead.is_active):
            continue
        person = _staff(lead)
        lang = person.language
        what = text(lang, f"kpi.{kind}", team=team.name, value=value)
        composed = Composed(
            language=lang,
            subject=text(lang, "kpi_alert.subject", team=team.name, what=what),
            greeting=_greeting(person),
            paragraphs=[text(lang, "kpi_alert.body", what=what, threshold=threshold)],
            actions=[(text(lang, "open_ticket"), f"{current_app.config['BASE_URL']}/agent/")],
        )
        _email(person, "kpi_alert", None, f"kpi:{team.id}:{kind}:{now:%Y-%m-%d}", composed)


def _tracking_url(ticket: Ticket, person: Recipient) -> str:
    config = current_app.config
    token = tracking.token_for(ticket, person.email, secret=config["SECRET_KEY"])
    return f"{config['BASE_URL']}/citizen/track/{token}"


def _agent_url(ticket: Ticket) -> str:
    return f"{current_app.config['BASE_URL']}/agent/tickets/{ticket.id}"


def _unsubscribe_url(email: str) -> str:
    config = current_app.config
    token = preferences.unsubscribe_token(email, config["SECRET_KEY"])
    return f"{config['BASE_URL']}/notifications/unsubscribe/{token}"


def _local(moment: datetime) -> str:
    zone = ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def _ticket_data(ticket: Ticket) -> dict[str, Any]:
    """What webhooks learn of a ticket: no requester name, email or phone."""
    return {
        "ticket": {
            "id": ticket.id,
            "reference": ticket.reference,
            "subject": ticket.subject,
            "status": ticket.status.value,
            "priority": ticket.priority,
            "channel": ticket.channel.value,
            "category": ticket.category.full_name if ticket.category else None,
            "team": ticket.team.name if ticket.team else None,
            "created_at": ticket.created_at.isoformat(),
            "updated_at": ticket.updated_at.isoformat(),
            "url": _agent_url(ticket),
        }
    }


# --- account emails --------------------------------------------------------------------------

ACCOUNT_EMAILS = ("account_confirm", "account_exists", "account_sign_in")


def account_email(
    person: User | str,
    kind: str,
    url: str,
    *,
    extra_url: str | None = None,
    now: datetime | None = None,
) -> None:
    """Queue an email about a resident's account (*kind* is one of ``ACCOUNT_EMAILS``) with
    its link *url* (and *extra_url*, for the second action of ``account_exists``).

    These are transactional: they ignore opt-outs, preferences and paused notifications
    (a sign-in link must always arrive), and each call queues a new email.
    """
    if kind not in ACCOUNT_EMAILS:
        raise ValueError(f"Unknown account email {kind!r}.")
    if isinstance(person, User):
        recipient = Recipient(person.email, person.name, person.language, person)
    else:
        recipient = Recipient(person, "", "en")
    lang = recipient.language
    actions = [(text(lang, f"{kind}.action"), url)]
    if extra_url:
        actions.append((text(lang, f"{kind}.action2"), extra_url))
    composed = _notice(
        recipient, f"{kind}.subject", {}, [text(lang, f"{kind}.body")], actions=actions
    )
    config = current_app.config
    _, domain = desk_address(config["MAIL_FROM"])
    key = f"email:{kind}:{secrets.token_hex(8)}:{recipient.email.lower()}"
    message_id = message_id_for(key, domain)
    outbox.enqueue(
        kind=OutboxKind.EMAIL,
        key=key,
        event=kind,
        recipient=recipient.email,
        payload={
            "from": config["MAIL_FROM"],
            "to": recipient.email,
            "to_name": recipient.name,
            "subject": composed.subject,
            "notice": composed.as_payload(),
            "message_id": message_id,
            "date": format_datetime(now or utcnow()),
            "language": lang,
        },
        message_id=message_id,
        now=now,
    )
