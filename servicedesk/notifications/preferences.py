"""Who wants which notices: per-user choices, and addresses that unsubscribed by link."""

from collections.abc import Mapping
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ..accounts.models import User
from ..audit import record as audit
from ..extensions import db
from ..timeutils import utcnow
from .models import EmailOptOut, NotificationPreference
from .notices import NOTICES

_UNSUBSCRIBE_SALT = "unsubscribe"


def notices_for(user: User) -> list:
    """The notices *user* can receive: requester notices for everyone, staff ones for staff."""
    return [notice for notice in NOTICES.values() if user.is_staff or not notice.for_staff]


def choices(user: User) -> dict[str, bool]:
    """Each notice *user* can receive -> whether they receive it (on unless switched off)."""
    stored = {
        row.notice: row.enabled
        for row in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    return {notice.name: stored.get(notice.name, True) for notice in notices_for(user)}


def wants(user: User, notice: str) -> bool:
    row = db.session.get(NotificationPreference, (user.id, notice))
    return True if row is None else row.enabled


def save_choices(user: User, wanted: Mapping[str, bool], *, actor: User) -> None:
    """Store *user*'s choices (audited); unknown notice names are ignored. Flushes."""
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


def opted_out(email: str) -> bool:
    return db.session.get(EmailOptOut, email.strip().lower()) is not None


def opt_out(email: str, *, now: datetime | None = None) -> bool:
    """Stop all notices to *email*; False if it had already opted out. Flushes."""
    email = email.strip().lower()
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
