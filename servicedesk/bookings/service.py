"""The one write path of bookings: book, book a series, book an appointment, change, cancel,
approve, reject, check in, mark no-show; and resources and counter services as admin data.

No double booking, ever. A booking first takes the resource's write lock (an UPDATE of its
row: PostgreSQL locks that row until commit, SQLite takes the database's single write lock and
waits for it, busy timeout), then checks for overlaps and inserts in the same transaction, so
the check and the insert are atomic. PostgreSQL also refuses an overlap in the database
itself (an exclusion constraint), whatever path a write takes; the insert runs in a savepoint
so that refusal becomes the same clear conflict. Every change is audited (``audit.record``)
and tells the booker and webhooks (``notify.py``). Services flush; the edge commits.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..accounts.models import User
from ..errors import Conflict, InvalidTransition, NotFound, ValidationError
from ..extensions import db
from ..timeutils import utcnow
from . import availability, links, notify, policy, schedule
from .availability import Interval, Problem
from .models import (
    ACTIVE_STATUSES,
    FEATURES,
    BookingService,
    Reservation,
    ReservationStatus,
    Resource,
    ResourceKind,
)
from .words import gettext

MAX_SERIES_WEEKS = 26


class SlotTaken(Conflict):
    """The time is taken; ``next_free`` holds the next free times of the same length."""

    def __init__(self, message: str, next_free: list[Interval]):
        super().__init__(message)
        self.next_free = next_free


def problem_message(problem: Problem) -> str:
    """The sentence a person reads for a problem found by ``availability.check_times``."""
    values = problem.values
    messages = {
        "zero_length": lambda: gettext("The end must be later than the start."),
        "end_before_start": lambda: gettext("The end is before the start."),
        "in_past": lambda: gettext("That time has already passed."),
        "too_soon": lambda: gettext(
            "Book at least %(minutes)s minutes ahead.", minutes=values["minutes"]
        ),
        "too_far": lambda: gettext(
            "Bookings open at most %(days)s days ahead.", days=values["days"]
        ),
        "too_long": lambda: gettext(
            "A booking may last at most %(minutes)s minutes.", minutes=values["minutes"]
        ),
        "closed_day": lambda: gettext(
            "Closed on %(day)s%(name)s.",
            day=values["day"].isoformat(),
            name=f" ({values['name']})" if values["name"] else "",
        ),
        "outside_hours": lambda: gettext(
            "Outside opening hours (that day: %(hours)s).", hours=values["hours"]
        ),
    }
    return messages[problem.code]()


def _check_times(resource: Resource, start: datetime, end: datetime, now: datetime) -> None:
    problems = availability.check_times(
        start,
        end,
        rules=schedule.rules_of(resource),
        calendar=schedule.calendar_of(resource),
        now=now,
    )
    if problems:
        fields: dict[str, str] = {}
        for problem in problems:
            fields.setdefault(problem.field, problem_message(problem))
        raise ValidationError(problem_message(problems[0]), fields)


def _lock(resource_ids: list[int]) -> None:
    """Take the booking lock of these resources until the transaction ends (see module doc)."""
    ids = sorted(resource_ids)
    # PostgreSQL: lock the rows in id order, so two bookers of several counters never deadlock.
    db.session.execute(
        select(Resource.id).where(Resource.id.in_(ids)).order_by(Resource.id).with_for_update()
    )
    db.session.execute(
        update(Resource)
        .where(Resource.id.in_(ids))
        .values(booking_serial=Resource.booking_serial + 1)
        .execution_options(synchronize_session=False)
    )


def _format_times(resource: Resource, times: list[Interval]) -> str:
    return ", ".join(notify.local_time_of(resource, start) for start, _ in times)


def _taken(resource: Resource, start: datetime, end: datetime, now: datetime, exclude_id=None):
    after = max(start, now)
    free = schedule.suggest_free(resource, end - start, after, exclude_id=exclude_id)
    if free:
        message = gettext(
            "%(name)s is already booked at that time. Next free: %(times)s.",
            name=resource.name,
            times=_format_times(resource, free),
        )
    else:
        message = gettext("%(name)s is already booked at that time.", name=resource.name)
    return SlotTaken(message, free)


def _overlaps(resource_id: int, start: datetime, end: datetime, exclude_id=None) -> bool:
    query = select(Reservation.id).where(
        Reservation.resource_id == resource_id,
        Reservation.status.in_(ACTIVE_STATUSES),
        Reservation.starts_at < end,
        Reservation.ends_at > start,
    )
    if exclude_id is not None:
        query = query.where(Reservation.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def _insert(reservation: Reservation) -> bool:
    """Add and flush inside a savepoint; False if the database refused an overlap."""
    try:
        with db.session.begin_nested():
            db.session.add(reservation)
            db.session.flush()
    except IntegrityError as error:
        if "reservations_no_overlap" not in str(error.orig):
            raise
        return False
    return True


def _validate_attendees(resource: Resource, attendees: int) -> None:
    if attendees < 1:
        raise ValidationError(
            gettext("At least one person attends."), {"attendees": gettext("At least 1.")}
        )
    if attendees > resource.capacity:
        message = gettext(
            "%(name)s holds at most %(capacity)s people.",
            name=resource.name,
            capacity=resource.capacity,
        )
        raise ValidationError(message, {"attendees": message})


def book_resource(
    resource: Resource,
    starts_at: datetime,
    ends_at: datetime,
    *,
    actor: User,
    purpose: str = "",
    attendees: int = 1,
    series_id: str | None = None,
    now: datetime | None = None,
) -> Reservation:
    """Book *resource* for ``[starts_at, ends_at)``: confirmed, or pending where approval is
    needed.

    :raises PermissionDenied: if *actor* may not book it.
    :raises ValidationError: for times the rules refuse or too many attendees.
    :raises SlotTaken: if another active booking overlaps (with the next free times).
    """
    now = now or utcnow()
    policy.require_book(actor, resource)
    _validate_attendees(resource, attendees)
    _check_times(resource, starts_at, ends_at, now)
    status = (
        ReservationStatus.PENDING if resource.requires_approval else ReservationStatus.CONFIRMED
    )
    reservation = Reservation(
        resource=resource,
        status=status,
        starts_at=starts_at,
        ends_at=ends_at,
        requester=actor,
        language=actor.language,
        purpose=purpose.strip()[:500],
        attendees=attendees,
        series_id=series_id,
        created_at=now,
        updated_at=now,
    )
    _lock([resource.id])
    if _overlaps(resource.id, starts_at, ends_at) or not _insert(reservation):
        raise _taken(resource, starts_at, ends_at, now)
    audit.record(actor, "reservation.created", reservation, _summary(reservation), now=now)
    notify.booking_changed(reservation, status.value, now=now)
    return reservation


@dataclass
class SeriesResult:
    """A weekly series: the occurrences booked and, for each refused one, why."""

    series_id: str
    booked: list[Reservation]
    refused: list[tuple[Interval, str]]


def book_series(
    resource: Resource,
    starts_at: datetime,
    ends_at: datetime,
    weeks: int,
    *,
    actor: User,
    purpose: str = "",
    attendees: int = 1,
    now: datetime | None = None,
) -> SeriesResult:
    """Book the same time weekly for *weeks* weeks (RRULE FREQ=WEEKLY;COUNT=weeks).

    Free occurrences are booked; each occurrence that conflicts or breaks a rule is reported
    with its reason and skipped. If none can be booked nothing is, and the first reason is
    raised.

    :raises ValidationError: for a bad number of weeks, or when no occurrence can be booked.
    """
    now = now or utcnow()
    if not 1 <= weeks <= MAX_SERIES_WEEKS:
        message = gettext("Repeat for 1 to %(weeks)s weeks.", weeks=MAX_SERIES_WEEKS)
        raise ValidationError(message, {"weeks": message})
    if weeks == 1:  # fails exactly as a single booking does, with its fields and free times
        single = book_resource(
            resource, starts_at, ends_at, actor=actor, purpose=purpose, attendees=attendees, now=now
        )
        return SeriesResult("", [single], [])
    series_id = secrets.token_hex(8)
    occurrences = availability.weekly_occurrences(
        starts_at, ends_at, weeks, schedule.timezone_of(resource)
    )
    result = SeriesResult(series_id, [], [])
    for start, end in occurrences:
        try:
            reservation = book_resource(
                resource,
                start,
                end,
                actor=actor,
                purpose=purpose,
                attendees=attendees,
                series_id=series_id,
                now=now,
            )
        except (ValidationError, SlotTaken) as error:
            result.refused.append(((start, end), error.message))
        else:
            result.booked.append(reservation)
    if not result.booked:
        reason = result.refused[0][1]
        raise ValidationError(gettext("No week could be booked: %(reason)s", reason=reason))
    return result


def book_appointment(
    booking_service: BookingService,
    starts_at: datetime,
    *,
    name: str,
    email: str,
    language: str = "en",
    now: datetime | None = None,
) -> tuple[Reservation, str]:
    """Book a resident's appointment for *booking_service* at *starts_at* at a free counter.

    Returns the appointment and its private link token (shown once; mailed in notices).

    :raises NotFound: if the service is not offered.
    :raises ValidationError: for a missing name or email or a time outside the slots.
    :raises SlotTaken: if every counter is taken at that time (with the next free slots).
    """
    now = now or utcnow()
    if not booking_service.is_active:
        raise NotFound(gettext("This service cannot be booked online."))
    counters = [c for c in booking_service.counters if c.is_active]
    if not counters:
        raise NotFound(gettext("This service cannot be booked online."))
    name, email = name.strip(), email.strip()
    fields = {}
    if not name:
        fields["name"] = gettext("Enter your name.")
    if "@" not in email or len(email) > 254 or " " in email:
        fields["email"] = gettext("Enter an email address like name@example.com.")
    if fields:
        raise ValidationError(next(iter(fields.values())), fields)
    ends_at = starts_at + timedelta(minutes=booking_service.slot_minutes)
    _check_times(counters[0], starts_at, ends_at, now)
    if not _on_slot_grid(booking_service, counters[0], starts_at):
        message = gettext("Choose one of the times offered.")
        raise ValidationError(message, {"slot": message})
    _lock([c.id for c in counters])
    for counter in counters:
        reservation = Reservation(
            resource=counter,
            service=booking_service,
            status=ReservationStatus.CONFIRMED,
            starts_at=starts_at,
            ends_at=ends_at,
            contact_name=name[:200],
            contact_email=email.lower(),
            language=language,
            created_at=now,
            updated_at=now,
        )
        if _overlaps(counter.id, starts_at, ends_at):
            continue
        token = links.issue_appointment_token(reservation, secret=current_app.config["SECRET_KEY"])
        if not _insert(reservation):
            continue
        audit.record(None, "reservation.created", reservation, _summary(reservation), now=now)
        notify.booking_changed(reservation, "confirmed", token=token, now=now)
        return reservation, token
    slots = schedule.service_slots(booking_service, now=now, after=starts_at, limit=3)
    times = [(slot.start, slot.end) for slot in slots]
    raise SlotTaken(
        gettext(
            "That time was just taken. Next free: %(times)s.",
            times=_format_times(counters[0], times) or gettext("none in the coming weeks"),
        ),
        times,
    )


def _on_slot_grid(booking_service: BookingService, counter: Resource, start: datetime) -> bool:
    midnight = availability.local_midnight(start, schedule.timezone_of(counter))
    openings = availability.day_openings(
        schedule.calendar_of(counter), midnight, midnight + timedelta(days=1, hours=2)
    )
    step = timedelta(minutes=booking_service.slot_minutes)
    return any(opens <= start and (start - opens) % step == timedelta(0) for opens, _ in openings)


def change_reservation(
    reservation: Reservation,
    starts_at: datetime,
    ends_at: datetime,
    *,
    actor: User | None,
    attendees: int | None = None,
    purpose: str | None = None,
    now: datetime | None = None,
) -> Reservation:
    """Move *reservation* to new times (and attendees); a vehicle goes back to approval.

    *actor* None means the resident's private link.

    :raises InvalidTransition: if it is no longer active.
    :raises ValidationError, SlotTaken: as for a new booking.
    """
    now = now or utcnow()
    if actor is not None:
        policy.require_manage(actor, reservation)
    _require_active(reservation)
    resource = reservation.resource
    if attendees is not None:
        _validate_attendees(resource, attendees)
    _check_times(resource, starts_at, ends_at, now)
    before = _facts(reservation)
    _lock([resource.id])
    if _overlaps(resource.id, starts_at, ends_at, exclude_id=reservation.id):
        raise _taken(resource, starts_at, ends_at, now, exclude_id=reservation.id)
    try:
        with db.session.begin_nested():
            reservation.starts_at, reservation.ends_at = starts_at, ends_at
            if attendees is not None:
                reservation.attendees = attendees
            if purpose is not None:
                reservation.purpose = purpose.strip()[:500]
            if resource.requires_approval and reservation.status == ReservationStatus.CONFIRMED:
                reservation.status = ReservationStatus.PENDING
            reservation.reminded_at = None
            reservation.updated_at = now
            db.session.flush()
    except IntegrityError as error:
        if "reservations_no_overlap" not in str(error.orig):
            raise
        raise _taken(resource, starts_at, ends_at, now, exclude_id=reservation.id) from None
    audit.record(
        actor,
        "reservation.changed",
        reservation,
        audit.changes(before, _facts(reservation)),
        now=now,
    )
    notify.booking_changed(reservation, "changed", now=now)
    return reservation


def cancel_reservation(
    reservation: Reservation, *, actor: User | None, reason: str = "", now: datetime | None = None
) -> None:
    """Cancel an active reservation (the booker, staff, or the resident's link when *actor*
    is None).

    :raises InvalidTransition: if it is not active or already over.
    """
    now = now or utcnow()
    if actor is not None:
        policy.require_manage(actor, reservation)
    _require_active(reservation)
    if reservation.ends_at <= now:
        raise InvalidTransition(gettext("This booking is over and can no longer be cancelled."))
    _set_status(reservation, ReservationStatus.CANCELLED, actor, reason, now)
    notify.booking_changed(reservation, "cancelled", comment=reason, now=now)


def approve_reservation(
    reservation: Reservation, *, actor: User, comment: str = "", now: datetime | None = None
) -> None:
    """Confirm a pending reservation.

    :raises InvalidTransition: unless it is pending.
    """
    _decide(reservation, ReservationStatus.CONFIRMED, actor, comment, now or utcnow())
    notify.booking_changed(reservation, "approved", comment=comment, now=now)


def reject_reservation(
    reservation: Reservation, *, actor: User, comment: str, now: datetime | None = None
) -> None:
    """Refuse a pending reservation; the booker is told why.

    :raises ValidationError: without a comment. :raises InvalidTransition: unless pending.
    """
    if not comment.strip():
        message = gettext("Say why, so the person can plan otherwise.")
        raise ValidationError(message, {"comment": message})
    _decide(reservation, ReservationStatus.REJECTED, actor, comment, now or utcnow())
    notify.booking_changed(reservation, "rejected", comment=comment, now=now)


def _decide(reservation, status, actor, comment, now) -> None:
    policy.require_decide(actor, reservation)
    if reservation.status != ReservationStatus.PENDING:
        raise InvalidTransition(
            "Only a pending booking can be decided; "
            f"this one is {reservation.status.label.lower()}."
        )
    reservation.decided_by = actor
    reservation.decision_comment = comment.strip()
    _set_status(reservation, status, actor, comment, now)


def check_in(reservation: Reservation, *, actor: User, now: datetime | None = None) -> None:
    """Record that the resident arrived at the counter.

    :raises InvalidTransition: unless confirmed, not yet checked in, and today.
    """
    now = now or utcnow()
    policy.require_decide(actor, reservation)
    if reservation.status != ReservationStatus.CONFIRMED or reservation.checked_in_at:
        raise InvalidTransition("Only a confirmed appointment that is not checked in yet can be.")
    if reservation.starts_at - now > timedelta(hours=12):
        raise InvalidTransition("Check in on the day of the appointment.")
    reservation.checked_in_at = now
    reservation.updated_at = now
    audit.record(
        actor, "reservation.checked_in", reservation, f"{reservation.reference} arrived", now=now
    )


def mark_no_show(reservation: Reservation, *, actor: User, now: datetime | None = None) -> None:
    """Record that nobody came; the slot stays in the past, so it frees nothing.

    :raises InvalidTransition: unless confirmed, not checked in, and already started.
    """
    now = now or utcnow()
    policy.require_decide(actor, reservation)
    if reservation.status != ReservationStatus.CONFIRMED or reservation.checked_in_at:
        raise InvalidTransition("Only a confirmed booking nobody checked in for can be a no-show.")
    if reservation.starts_at > now:
        raise InvalidTransition("A booking can be a no-show only once it has started.")
    _set_status(reservation, ReservationStatus.NO_SHOW, actor, "", now)


def _require_active(reservation: Reservation) -> None:
    if not reservation.status.is_active:
        raise InvalidTransition(
            gettext("This booking is %(status)s.", status=reservation.status.label.lower())
        )


def _set_status(reservation, status, actor, comment, now) -> None:
    old = reservation.status
    reservation.status = status
    reservation.updated_at = now
    summary = f"status: {old.value} -> {status.value}" + (
        f"; comment: {comment!r}" if comment else ""
    )
    audit.record(actor, f"reservation.{status.value}", reservation, summary, now=now)


def _facts(reservation: Reservation) -> dict[str, Any]:
    return {
        "starts_at": reservation.starts_at.isoformat(),
        "ends_at": reservation.ends_at.isoformat(),
        "attendees": reservation.attendees,
        "purpose": reservation.purpose,
        "status": reservation.status.value,
    }


def _summary(reservation: Reservation) -> str:
    return audit.describe(
        {"resource": reservation.resource.name, **_facts(reservation)}
        | ({"series": reservation.series_id} if reservation.series_id else {})
    )


# --- resources and services: admin data ------------------------------------------------------

RESOURCE_FIELDS = (
    "kind",
    "name",
    "description",
    "building",
    "location",
    "capacity",
    "features",
    "calendar_id",
    "team_id",
    "service_id",
    "min_notice_minutes",
    "max_length_minutes",
    "max_days_ahead",
    "bookable_by",
    "requires_approval",
    "is_active",
)


def _check_resource(values: dict[str, Any], resource_id: int | None) -> None:
    fields = {}
    name = (values.get("name") or "").strip()
    if not name:
        fields["name"] = "Give it a name."
    elif db.session.scalar(
        select(Resource.id).where(Resource.name == name, Resource.id != (resource_id or 0))
    ):
        fields["name"] = f"Another resource is called {name!r}."
    if values.get("capacity", 1) < 1:
        fields["capacity"] = "At least 1."
    if values.get("max_length_minutes", 1) < 1:
        fields["max_length_minutes"] = "At least 1 minute."
    if values.get("min_notice_minutes", 0) < 0 or values.get("max_days_ahead", 0) < 0:
        fields["max_days_ahead"] = "Not negative."
    unknown = set(values.get("features") or []) - set(FEATURES)
    if unknown:
        fields["features"] = f"Unknown features: {', '.join(sorted(unknown))}."
    if values.get("kind") == ResourceKind.COUNTER and values.get("requires_approval"):
        fields["requires_approval"] = "Residents' appointments cannot wait for approval."
    if fields:
        raise ValidationError(next(iter(fields.values())), fields)


def create_resource(values: dict[str, Any], *, actor: User) -> Resource:
    """Add a bookable resource (leads and admins); audited.

    :raises PermissionDenied, ValidationError:
    """
    policy.require_administer(actor)
    _check_resource(values, None)
    resource = Resource(**{key: values[key] for key in RESOURCE_FIELDS if key in values})
    resource.name = resource.name.strip()
    db.session.add(resource)
    db.session.flush()
    audit.record(actor, "resource.created", resource, audit.describe(_resource_facts(resource)))
    return resource


def update_resource(resource: Resource, values: dict[str, Any], *, actor: User) -> None:
    """Change a resource's data and rules; audited. Existing bookings stay as they are.

    :raises PermissionDenied, ValidationError:
    """
    policy.require_administer(actor)
    _check_resource(values, resource.id)
    before = _resource_facts(resource)
    for key in RESOURCE_FIELDS:
        if key in values:
            setattr(resource, key, values[key])
    resource.name = resource.name.strip()
    db.session.flush()
    audit.record(
        actor, "resource.updated", resource, audit.changes(before, _resource_facts(resource))
    )


def _resource_facts(resource: Resource) -> dict[str, Any]:
    return {key: getattr(resource, key) for key in RESOURCE_FIELDS}


SERVICE_FIELDS = ("name", "name_es", "description", "description_es", "slot_minutes", "is_active")


def save_service(
    booking_service: BookingService | None, values: dict[str, Any], *, actor: User
) -> BookingService:
    """Create or change a counter service (leads and admins); audited.

    :raises PermissionDenied, ValidationError:
    """
    policy.require_administer(actor)
    name = (values.get("name") or "").strip()
    clash = db.session.scalar(
        select(BookingService.id).where(
            BookingService.name == name,
            BookingService.id != (booking_service.id if booking_service else 0),
        )
    )
    if not name or clash:
        message = "Give it a name no other service has."
        raise ValidationError(message, {"name": message})
    if not 5 <= values.get("slot_minutes", 15) <= 240:
        raise ValidationError("Slots last 5 to 240 minutes.", {"slot_minutes": "5 to 240."})
    is_new = booking_service is None
    if is_new:
        booking_service = BookingService()
        db.session.add(booking_service)
    before = {key: getattr(booking_service, key) for key in SERVICE_FIELDS}
    for key in SERVICE_FIELDS:
        if key in values:
            setattr(booking_service, key, values[key])
    booking_service.name = name
    db.session.flush()
    after = {key: getattr(booking_service, key) for key in SERVICE_FIELDS}
    if is_new:
        audit.record(actor, "booking_service.created", booking_service, audit.describe(after))
    else:
        audit.record(
            actor, "booking_service.updated", booking_service, audit.changes(before, after)
        )
    return booking_service


def get_resource(resource_id: int) -> Resource:
    """:raises NotFound:"""
    resource = db.session.get(Resource, resource_id) if 0 < resource_id < 2**63 else None
    if resource is None:
        raise NotFound(gettext("There is no such resource."))
    return resource
