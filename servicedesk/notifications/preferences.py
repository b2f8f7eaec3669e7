"""Who wants which notices: per-user choices, and addresses that unsubscribed by link."""

from collections.abc import Iterable, Mapping
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ..accounts.models import User
from ..audit import record as audit
from ..errors import ValidationError
from ..extensions import db
from ..languages import LANGUAGES
from ..timeutils import utcnow
from .models import EmailOptOut, NotificationPreference
from .notices import NOTICES

_UNSUBSCRIBE_SALT = "unsubscribe"


def notices_for(user: User) -> list:
    """The notices *user* can receive: requester notices for everyone, staff ones for staff,
    and the City's own (approvals) for everyone but residents."""
    return [
        notice
        for notice in NOTICES.values()
        if (user.is_staff or not notice.for_staff)
        and (notice.for_residents or user.role != "resident")
    ]


def choices(user: User) -> dict[str, bool]:
    """Each notice *user* can receive -> whether they receive it (on unless switched off)."""
    stored = {
        row.notice: row.enabled
        for row in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    return {notice.name: stored.get(notice.name, True) for notice in notices_for(user)}


# Per transaction: what prime() read for an event's recipients, so each notice asks nothing.
_SCREEN = "notification_screen"


def prime(emails: Iterable[str], user_ids: Iterable[int]) -> None:
    """Read the opt-outs and choices of many recipients in two queries, for this transaction."""
    screen = db.session.info.setdefault(_SCREEN, {"out": {}, "users": set(), "choices": {}})
    emails = {email.strip().lower() for email in emails} - screen["out"].keys()
    if emails:
        found = set(
            db.session.scalars(select(EmailOptOut.email).where(EmailOptOut.email.in_(emails)))
        )
        screen["out"].update({email: email in found for email in emails})
    user_ids = set(user_ids) - screen["users"]
    if user_ids:
        rows = db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id.in_(user_ids))
        )
        screen["choices"].update({(row.user_id, row.notice): row.enabled for row in rows})
        screen["users"] |= user_ids


def forget_screen() -> None:
    db.session.info.pop(_SCREEN, None)


def wants(user: User, notice: str) -> bool:
    screen = db.session.info.get(_SCREEN)
    if screen is not None and user.id in screen["users"]:
        return screen["choices"].get((user.id, notice), True)
    row = db.session.get(NotificationPreference, (user.id, notice))
    return True if row is None else row.enabled


def save_choices(user: User, wanted: Mapping[str, bool], *, actor: User) -> None:
    """Store *user*'s choices (audited); unknown notice names are ignored. Flushes."""
    forget_screen()
    before = choices(user)
    for name in before:
        enabled = bool(wanted.get(name, False))
        row = db.session.get(NotificationPreference, (user.id, name))
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, notice=name, enabled=enabled))
        else:
            row.enabled = enabled
    changed = [
        f"{name}: {'on' if wanted.get(name) else 'off'}"
        for name in before
        if before[name] != bool(wanted.get(name, False))
    ]
    audit(actor, "notification_preferences.changed", user, "; ".join(changed) or "No changes.")


def set_language(user: User, language: str, *, actor: User) -> None:
    """Write *user*'s emails in *language* from now on (audited). Flushes.

    :raises ValidationError: for a language the desk does not speak.
    """
    if language not in LANGUAGES:
        raise ValidationError(
            "Unknown language.", {"language": f"Choose one of {', '.join(LANGUAGES)}."}
        )
    if user.language != language:
        audit(actor, "user.language_changed", user, f"language: {user.language} -> {language}")
        user.language = language


def opted_out(email: str) -> bool:
    email = email.strip().lower()
    known = db.session.info.get(_SCREEN, {}).get("out", {}).get(email)
    if known is not None:
        return known
    return db.session.get(EmailOptOut, email) is not None


def opt_out(email: str, *, now: datetime | None = None) -> bool:
    """Stop all notices to *email*; False if it had already opted out. Flushes."""
    email = email.strip().lower()
    forget_screen()
    if opted_out(email):
        return False
    db.session.add(EmailOptOut(email=email, created_at=now or utcnow()))
    db.session.flush()
    return True


def opt_back_in(email: str) -> None:
    row = db.session.get(EmailOptOut, email.strip().lower())
    if row is not None:
        db.session.delete(row)


def unsubscribe_token(email: str, secret: str) -> str:
    return URLSafeSerializer(secret, salt=_UNSUBSCRIBE_SALT).dumps(email.strip().lower())


def email_of_unsubscribe_token(token: str, secret: str) -> str | None:
    try:
        email = URLSafeSerializer(secret, salt=_UNSUBSCRIBE_SALT).loads(token)
    except BadSignature:
        return None
    return email if isinstance(email, str) and "@" in email else None
