"""Who hears of a booking: the person who booked it by email, other systems by webhook.

Every message is an outbox row written in the transaction of the change (nothing is sent for
a rolled back booking), with an idempotency key per reservation, change and address. Emails
are in the booker's language (a resident's choice when booking, an employee's account
language); the words are in this package's gettext catalog. Reminders are queued by the
worker's minute sweep (:func:`queue_reminders`), once per reservation.
"""

import secrets
from datetime import datetime, timedelta
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from ..languages import supported
from ..notifications import outbox, webhooks
from ..notifications.email_out import desk_address, message_id_for
from ..notifications.models import OutboxKind, WebhookEvent
from ..notifications.notices import Composed
from ..timeutils import utcnow
from . import links
from .models import Reservation, ReservationStatus
from .words import gettext

# Appointments and bookings starting within this window get one reminder.
REMINDER_AHEAD = timedelta(hours=24)


def _enabled() -> bool:
    paused = db.session.info.get("notifications_paused", False)
    return current_app.config.get("NOTIFICATIONS_ENABLED", True) and not paused


def local_time_of(resource, moment: datetime) -> str:
    """*moment* in the resource's local time, as booking pages and emails show it."""
    from .schedule import timezone_of

    zone = ZoneInfo(timezone_of(resource))
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def local_time(reservation: Reservation, moment: datetime) -> str:
    return local_time_of(reservation.resource, moment)


def manage_url(reservation: Reservation, token: str | None = None) -> str:
    """Where the booker manages it: the private link for a resident, the page for staff."""
    config = current_app.config
    if reservation.requester_id is None:
        token = token or links.appointment_token(reservation, secret=config["SECRET_KEY"])
        return f"{config['BASE_URL']}/citizen/appointments/manage/{token}"
    return f"{config['BASE_URL']}/employee/bookings/{reservation.id}"


def _what(reservation: Reservation, language: str) -> str:
    if reservation.service is not None:
        return reservation.service.name_in(language)
    return reservation.resource.name


def _subject_and_body(reservation: Reservation, change: str, language: str) -> tuple[str, str]:
    values = {
        "what": _what(reservation, language),
        "when": local_time(reservation, reservation.starts_at),
        "ref": reservation.reference,
    }
    texts = {
        "confirmed": (
            gettext("[%(ref)s] Booked: %(what)s on %(when)s", **values),
            gettext("Your booking of %(what)s on %(when)s is confirmed.", **values),
        ),
        "pending": (
            gettext("[%(ref)s] Waiting for approval: %(what)s on %(when)s", **values),
            gettext(
                "Your request for %(what)s on %(when)s was received and waits for approval "
                "by facilities staff.",
                **values,
            ),
        ),
        "approved": (
            gettext("[%(ref)s] Approved: %(what)s on %(when)s", **values),
            gettext("Your booking of %(what)s on %(when)s was approved.", **values),
        ),
        "rejected": (
            gettext("[%(ref)s] Not approved: %(what)s on %(when)s", **values),
            gettext("Your request for %(what)s on %(when)s was not approved.", **values),
        ),
        "cancelled": (
            gettext("[%(ref)s] Cancelled: %(what)s on %(when)s", **values),
            gettext("Your booking of %(what)s on %(when)s is cancelled.", **values),
        ),
        "changed": (
            gettext("[%(ref)s] Changed: %(what)s, now on %(when)s", **values),
            gettext("Your booking of %(what)s is now on %(when)s.", **values),
        ),
        "reminder": (
            gettext("[%(ref)s] Reminder: %(what)s on %(when)s", **values),
            gettext("A reminder of your booking of %(what)s on %(when)s.", **values),
        ),
    }
    return texts[change]


def _compose(reservation: Reservation, change: str, comment: str, token: str | None) -> Composed:
    language = supported(reservation.language)
    with force_locale(language):
        subject, body = _subject_and_body(reservation, change, language)
        paragraphs = [body]
        place = reservation.resource.place
        if place:
            paragraphs.append(gettext("Where: %(place)s", place=place))
        if comment:
            paragraphs.append(gettext("Comment: %(comment)s", comment=comment))
        actions = []
        if reservation.status.is_active:
            actions.append((gettext("See or cancel your booking"), manage_url(reservation, token)))
        name = reservation.requester.name if reservation.requester else reservation.contact_name
        greeting = gettext("Hello %(name)s,", name=name) if name else gettext("Hello,")
    return Composed(
        language=language,
        subject=subject,
        greeting=greeting,
        paragraphs=paragraphs,
        actions=actions,
    )


def booking_changed(
    reservation: Reservation,
    change: str,
    *,
    comment: str = "",
    token: str | None = None,
    now: datetime | None = None,
) -> None:
    """Queue the email to the booker and the ``booking.changed`` webhook event for *change*
    (confirmed, pending, approved, rejected, cancelled, changed)."""
    now = now or utcnow()
    serial = secrets.token_hex(6)  # each change is its own event, even the same kind twice
    webhooks.queue_event(
        WebhookEvent.BOOKING_CHANGED,
        f"evt_booking_{reservation.id}_{change}_{serial}",
        {"change": change, "booking": booking_data(reservation)},
        now=now,
    )
    if _enabled() and reservation.email:
        _queue_email(reservation, change, f"{change}:{serial}", comment, token, now)


def _queue_email(reservation, change, cause, comment, token, now) -> None:
    config = current_app.config
    composed = _compose(reservation, change, comment, token)
    _, domain = desk_address(config["MAIL_FROM"])
    key = f"email:booking:{reservation.id}:{cause}:{reservation.email.lower()}"
    message_id = message_id_for(key, domain)
    outbox.enqueue(
        kind=OutboxKind.EMAIL,
        key=key,
        event=f"booking_{change}",
        recipient=reservation.email,
        payload={
            "from": config["MAIL_FROM"],
            "to": reservation.email,
            "to_name": reservation.who,
            "subject": composed.subject,
            "notice": composed.as_payload(),
            "message_id": message_id,
            "date": format_datetime(now),
            "language": composed.language,
        },
        message_id=message_id,
        now=now,
    )


def queue_reminders(now: datetime) -> int:
    """Queue one reminder for each confirmed booking starting within the next 24 hours.

    Idempotent: a reminded booking is marked, and the outbox key is per booking.
    """
    if not _enabled():
        return 0
    due = db.session.scalars(
        select(Reservation).where(
            Reservation.status == ReservationStatus.CONFIRMED,
            Reservation.reminded_at.is_(None),
            Reservation.starts_at > now,
            Reservation.starts_at <= now + REMINDER_AHEAD,
        )
    ).all()
    for reservation in due:
        reservation.reminded_at = now
        if reservation.email:
            _queue_email(reservation, "reminder", "reminder", "", None, now)
    db.session.flush()
    return len(due)


def booking_data(reservation: Reservation) -> dict:
    """What webhooks learn of a booking: no name, email or purpose of the person."""
    return {
        "id": reservation.id,
        "reference": reservation.reference,
        "status": reservation.status.value,
        "resource": {
            "id": reservation.resource.id,
            "name": reservation.resource.name,
            "kind": reservation.resource.kind.value,
        },
        "service": reservation.service.name if reservation.service else None,
        "starts_at": reservation.starts_at.isoformat(),
        "ends_at": reservation.ends_at.isoformat(),
        "series_id": reservation.series_id,
        "attendees": reservation.attendees,
    }
