"""Optional resident accounts: sign up, confirm the email, sign in by a one-time link, claim
earlier anonymous reports, download one's data, delete the account.

Emailed links carry a signed token naming the account, the moment it was made and the
account's current ``sign_in_nonce``; using a link gives the account a new nonce, so each link
(and every other link sent before it) works once. An email is confirmed either with the
account's password, proving that whoever chose the password reads the mailbox, or by a
sign-in link, which then removes a password chosen before the address was proved: someone
who signed up with another person's address keeps no way in. Only a confirmed account may
claim reports filed anonymously with its address.

Every change is audited (``audit.record``; ``TicketEvent`` rows on the tickets it touches).
Functions flush and never commit; the actor is a parameter.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, or_, select

from ..audit import record as audit
from ..errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from ..extensions import db
from ..i18n import lazy_text
from ..tickets import policy

# The ticket write path's event writer: an event per ticket, the version, the signal.
from ..tickets import service as tickets
from ..tickets.models import (
    Message,
    SatisfactionRating,
    Subscription,
    Ticket,
    TrackingToken,
)
from ..timeutils import utcnow
from .models import Role, User
from .passwords import DUMMY_HASH, verify_password
from .service import create_user, find_user_by_email, normalize_email

CONFIRM_FOR = timedelta(days=3)
SIGN_IN_FOR = timedelta(minutes=30)
DELETED_NAME = "Former resident"

_CONFIRM = "account-confirm"
_SIGN_IN = "account-sign-in"


class LinkRefused(InvalidTransition):
    """An emailed link that is malformed, expired, used already or for no usable account."""


@dataclass(frozen=True)
class Registration:
    """The outcome of a sign-up: a new account, or the one that has the address already
    (which the person is told about by email, never on the page)."""

    user: User
    is_new: bool


def is_resident(user: User | None) -> bool:
    return user is not None and user.role == Role.RESIDENT


def register_resident(
    *, name: str, email: str, password: str, language: str = "en", now: datetime | None = None
) -> Registration:
    """Create an unconfirmed resident account, or return the account that has *email*.

    Both ways take about as long (a password is hashed either way), so the answer's timing
    does not tell whether the address has an account.

    :raises ValidationError: for a malformed email, an empty name or a short password.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        verify_password(DUMMY_HASH, password)  # the cost of hashing a new password
        return Registration(existing, False)
    user = create_user(email=email, name=name, role=Role.RESIDENT, password=password)
    user.language = language
    user.created_at = now or utcnow()
    audit(user, "user.registered", user, "A resident signed up; email not confirmed.", now=now)
    return Registration(user, True)


# --- emailed links -------------------------------------------------------------------------


def confirmation_token(user: User, *, secret: str, now: datetime | None = None) -> str:
    """A link token that confirms *user*'s email (valid for three days, once)."""
    return _token(user, _CONFIRM, secret, now or utcnow())


def sign_in_token(user: User, *, secret: str, now: datetime | None = None) -> str:
    """A link token that signs *user* in (valid for thirty minutes, once)."""
    return _token(user, _SIGN_IN, secret, now or utcnow())


def find_confirmable(token: str, *, secret: str, now: datetime | None = None) -> User:
    """The account a confirmation link is for, without using the link.

    :raises LinkRefused: if the link is malformed, expired, used or its account is gone.
    """
    return _holder(token, _CONFIRM, CONFIRM_FOR, secret, now or utcnow())


def find_sign_in(token: str, *, secret: str, now: datetime | None = None) -> User:
    """The account a sign-in link is for, without using the link.

    :raises LinkRefused: if the link is malformed, expired, used or its account is gone.
    """
    return _holder(token, _SIGN_IN, SIGN_IN_FOR, secret, now or utcnow())


def confirm_email(
    token: str,
    *,
    password: str,
    actor: User | None,
    secret: str,
    now: datetime | None = None,
) -> User:
    """Confirm the email of the account the link is for, and use the link up.

    The password is asked unless *actor* is that account, signed in.

    :raises LinkRefused: for a link that is malformed, expired, used or for no usable account.
    :raises ValidationError: for a wrong password.
    """
    now = now or utcnow()
    user = find_confirmable(token, secret=secret, now=now)
    if actor != user and not verify_password(user.password_hash, password or ""):
        raise ValidationError(
            lazy_text("The password is not right."),
            {"password": lazy_text("Enter the password you chose when you signed up.")},
        )
    user.sign_in_nonce = _new_nonce()
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
        audit(actor or user, "user.email_confirmed", user, "With the password.", now=now)
    return user


def sign_in_with_link(token: str, *, secret: str, now: datetime | None = None) -> User:
    """Use a sign-in link up and return its account, to be signed in.

    The link proves the address: an unconfirmed account is confirmed, and the password it was
    given before the address was proved is removed.

    :raises LinkRefused: for a link that is malformed, expired, used or for no usable account.
    """
    now = now or utcnow()
    user = find_sign_in(token, secret=secret, now=now)
    user.sign_in_nonce = _new_nonce()
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
        removed = "; the earlier password was removed" if user.password_hash else ""
        user.password_hash = None
        summary = f"By a sign-in link{removed}."
        audit(user, "user.email_confirmed", user, summary, now=now)
    audit(user, "user.signed_in_by_link", user, "A one-time sign-in link was used.", now=now)
    return user


def _token(user: User, purpose: str, secret: str, now: datetime) -> str:
    if user.sign_in_nonce is None:
        user.sign_in_nonce = _new_nonce()
    payload = {"u": user.id, "n": user.sign_in_nonce, "t": int(now.timestamp())}
    if purpose == _CONFIRM:
        payload["e"] = user.email
    return URLSafeSerializer(secret, salt=purpose).dumps(payload)


def _holder(token: str, purpose: str, valid_for: timedelta, secret: str, now: datetime) -> User:
    used = LinkRefused(
        lazy_text(
            "This link does not work: it was used already, or a newer one was used after it. "
            "Ask for a new one."
        )
    )
    try:
        payload = URLSafeSerializer(secret, salt=purpose).loads(token[:500])
        user_id, nonce, made = int(payload["u"]), str(payload["n"]), int(payload["t"])
        made_at = datetime.fromtimestamp(made, UTC)
    except (BadSignature, KeyError, TypeError, ValueError, OverflowError, OSError):
        raise used from None
    if now - made_at > valid_for:
        raise LinkRefused(
            lazy_text("This link has expired. Ask for a new one: it arrives in a minute.")
        )
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if (
        not is_resident(user)
        or not user.is_active
        or user.sign_in_nonce is None
        or not secrets.compare_digest(user.sign_in_nonce, nonce)
        or (purpose == _CONFIRM and payload.get("e") != user.email)
    ):
        raise used
    return user


def _new_nonce() -> str:
    return secrets.token_urlsafe(16)


# --- reports -------------------------------------------------------------------------------


def own_reports(user: User) -> list[Ticket]:
    """The tickets *user* filed (or claimed), newest first."""
    query = policy.visible_tickets(user).where(Ticket.requester_id == user.id)
    return list(db.session.scalars(query.order_by(Ticket.created_at.desc(), Ticket.id.desc())))


def follows(user: User) -> list[Subscription]:
    """What *user* follows with their account (a "me too", a colleague's report), newest first."""
    query = (
        select(Subscription)
        .where(Subscription.user_id == user.id)
        .order_by(Subscription.created_at.desc(), Subscription.id.desc())
    )
    return list(db.session.scalars(query))


def claimable_reports(user: User) -> list[Ticket]:
    """Anonymous reports filed with *user*'s address, if they confirmed it; newest first."""
    if not _may_claim(user):
        return []
    query = select(Ticket).where(
        Ticket.requester_id.is_(None), func.lower(Ticket.contact_email) == user.email.lower()
    )
    return list(db.session.scalars(query.order_by(Ticket.created_at.desc(), Ticket.id.desc())))


def claim_report(ticket: Ticket, *, actor: User, now: datetime | None = None) -> None:
    """Make *actor* the requester of an anonymous report filed with their confirmed address.

    :raises PermissionDenied: unless *actor* is an active resident with a confirmed email.
    :raises NotFound: if the ticket was not filed anonymously with that address.
    """
    now = now or utcnow()
    if not _may_claim(actor):
        raise PermissionDenied(
            lazy_text("Confirm your email address first: then you can add your reports.")
        )
    if ticket.requester_id is not None or normalize_email(ticket.contact_email) != actor.email:
        raise NotFound(lazy_text("There is no report of yours to add with that reference."))
    tickets.claim_for(
        ticket,
        actor,
        detail="The resident's account, confirmed with the report's email address, claimed it.",
        now=now,
    )


def _may_claim(user: User | None) -> bool:
    return is_resident(user) and user.is_active and user.email_confirmed_at is not None


# --- privacy -------------------------------------------------------------------------------


def export_data(user: User, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything the desk keeps about *user* that is theirs to read, as JSON-ready data:
    the account, their reports (the public side and what they wrote; never internal notes or
    other people's messages), what they follow, their messages."""
    return {
        "exported_at": _iso(now or utcnow()),
        "account": {
            "name": user.name,
            "email": user.email,
            "language": user.language,
            "created_at": _iso(user.created_at),
            "email_confirmed_at": _iso(user.email_confirmed_at),
        },
        "reports": [_report_data(ticket, user) for ticket in own_reports(user)],
        "follows": [
            {
                "reference": row.ticket.reference,
                "subject": row.ticket.subject,
                "status": row.ticket.status.value,
                "followed_at": _iso(row.created_at),
            }
            for row in follows(user)
        ],
        "messages": [
            {
                "reference": message.ticket.reference,
                "written_at": _iso(message.created_at),
                "body": message.body,
            }
            for message in db.session.scalars(
                select(Message)
                .where(Message.author_id == user.id, Message.is_internal.is_(False))
                .order_by(Message.id)
            )
        ],
    }


def _report_data(ticket: Ticket, user: User) -> dict[str, Any]:
    rating = db.session.scalar(
        select(SatisfactionRating).where(SatisfactionRating.ticket_id == ticket.id)
    )
    return {
        "reference": ticket.reference,
        "subject": ticket.subject,
        "description": ticket.description,
        "status": ticket.status.value,
        "category": ticket.category.full_name if ticket.category else None,
        "fields": ticket.field_values or {},
        "location": {
            "address": ticket.location_address,
            "lat": ticket.location_lat,
            "lon": ticket.location_lon,
        },
        "contact": {
            "name": ticket.contact_name,
            "email": ticket.contact_email,
            "phone": ticket.contact_phone,
        },
        "created_at": _iso(ticket.created_at),
        "resolved_at": _iso(ticket.resolved_at),
        "closed_at": _iso(ticket.closed_at),
        "merged_into": ticket.duplicate_of.reference if ticket.duplicate_of else None,
        "conversation": [
            {
                "from": "you" if _written_by(message, user) else "service desk",
                "written_at": _iso(message.created_at),
                "body": message.body,
            }
            for message in ticket.messages
            if not message.is_internal
            and (_written_by(message, user) or (message.author and message.author.is_staff))
        ],
        "files": [
            attachment.filename
            for attachment in ticket.attachments
            if not attachment.is_internal and attachment.uploaded_by_id == user.id
        ],
        "rating": {"score": rating.score, "comment": rating.comment} if rating else None,
    }


def _written_by(message: Message, user: User) -> bool:
    if message.author_id is not None:
        return message.author_id == user.id
    return normalize_email(message.author_email) == user.email.lower()


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def delete_account(user: User, *, actor: User, now: datetime | None = None) -> None:
    """Delete a resident's account: anonymise it, keep its reports.

    The account keeps its id (the reports and their timelines point at it) but loses its
    name, address and password and is switched off. Tickets it filed lose their contact
    details (an event on each), its follows go, and every tracking link made for its address
    is revoked.

    :raises PermissionDenied: unless *actor* is that resident.
    """
    now = now or utcnow()
    if actor != user or not is_resident(user):
        raise PermissionDenied("Only residents can delete their own account here.")
    email = user.email.lower()
    gone = f"deleted-{user.id}@invalid"
    filed = list(db.session.scalars(select(Ticket).where(Ticket.requester_id == user.id)))
    for ticket in filed:
        tickets.forget_contact(
            ticket,
            actor=user,
            shown_as=DELETED_NAME,
            detail="The requester deleted their account; their contact details were removed.",
            now=now,
        )
    ticket_ids = [ticket.id for ticket in filed]
    messages = select(Message).where(
        or_(
            Message.author_id == user.id,
            (func.lower(Message.author_email) == email) & Message.ticket_id.in_(ticket_ids),
        )
    )
    for message in db.session.scalars(messages):
        message.author_email = ""
    for subscription in db.session.scalars(
        select(Subscription).where(
            or_(Subscription.user_id == user.id, func.lower(Subscription.email) == email)
        )
    ):
        db.session.delete(subscription)
    for link in db.session.scalars(select(TrackingToken).where(TrackingToken.email == email)):
        link.revoked_at = link.revoked_at or now
        link.email = gone
    user.name = DELETED_NAME
    user.email = gone
    user.password_hash = None
    user.sso_subject = None
    user.sign_in_nonce = _new_nonce()
    user.email_confirmed_at = None
    user.is_active_account = False
    audit(
        actor,
        "user.deleted",
        user,
        f"The resident deleted their account; {len(filed)} report(s) kept, anonymised.",
        now=now,
    )


__all__ = [
    "LinkRefused",
    "Registration",
    "claim_report",
    "claimable_reports",
    "confirm_email",
    "confirmation_token",
    "delete_account",
    "export_data",
    "find_confirmable",
    "find_sign_in",
    "follows",
    "own_reports",
    "register_resident",
    "sign_in_token",
    "sign_in_with_link",
]
