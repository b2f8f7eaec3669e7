"""Residents book an appointment at a counter: ``/citizen/appointments``.

Pick a service, pick one of its next free slots, give a name and an email; no account. The
confirmation page and email carry a private link (``/citizen/appointments/manage/<token>``)
to see, add to a calendar, or cancel that one appointment; the token is stored only as a hash,
and an unknown link answers 404 without saying whether anything exists. Every page works
without JavaScript; reads and writes are rate-limited per address; bots meet a honeypot field.
"""

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...bookings import schedule
from ...bookings import service as bookings
from ...bookings.models import BookingService
from ...errors import DomainError, ValidationError
from ...extensions import configured_limit, db, limiter
from ...i18n import current_language
from ...timeutils import utcnow
from ..booking_forms import AppointmentForm, calendar_response, local
from ..common import show_errors
from . import bp

read_limit = limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
write_limit = limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"))
SLOTS_SHOWN = 24


def _service(service_id: int) -> BookingService:
    found = db.session.get(BookingService, service_id) if 0 < service_id < 2**63 else None
    if found is None or not found.is_active:
        abort(404, _("This service cannot be booked online."))
    return found


@bp.get("/appointments/")
@read_limit
def appointments():
    services = db.session.scalars(
        db.select(BookingService)
        .where(BookingService.is_active.is_(True))
        .order_by(BookingService.name)
    ).all()
    return render_template(
        "citizen/appointments/services.html", services=services, language=current_language()
    )


def _after() -> datetime | None:
    try:
        moment = datetime.fromisoformat(request.args.get("after", ""))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _slot_page(booking_service, form, status=200, after=None):
    slots = schedule.service_slots(booking_service, now=utcnow(), after=after, limit=SLOTS_SHOWN)
    counter = next((c for c in booking_service.counters if c.is_active), None)
    return render_template(
        "citizen/appointments/book.html",
        service=booking_service,
        slots=slots,
        form=form,
        counter=counter,
        local=local,
        language=current_language(),
        chosen=request.form.get("slot", ""),
    ), status


@bp.get("/appointments/<int:service_id>")
@read_limit
def appointment_slots(service_id: int):
    booking_service = _service(service_id)
    return _slot_page(booking_service, AppointmentForm(formdata=None), after=_after())


@bp.post("/appointments/<int:service_id>")
@write_limit
def appointment_book(service_id: int):
    booking_service = _service(service_id)
    form = AppointmentForm()
    if not form.validate():
        if form.website.errors:  # the honeypot: a person never sees this field
            abort(400, _("The form could not be sent. Please try again."))
        return _slot_page(booking_service, form, 400)
    try:
        start = datetime.fromisoformat(request.form.get("slot", ""))
        if start.tzinfo is None:
            raise ValueError
    except ValueError:
        form.slot.errors = [_("Choose one of the times offered.")]
        return _slot_page(booking_service, form, 400)
    try:
        reservation, token = bookings.book_appointment(
            booking_service,
            start,
            name=form.name.data or "",
            email=form.email.data or "",
            language=current_language(),
        )
    except bookings.SlotTaken as taken:
        db.session.rollback()
        form.form_errors.append(taken.message)
        return _slot_page(booking_service, form, 409)
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error, {"start": "slot", "end": "slot"})
        return _slot_page(booking_service, form, 400)
    db.session.commit()
    flash(
        _("Your appointment is booked. We sent the details to %(email)s.", email=reservation.email)
    )
    return redirect(url_for(".appointment_manage", token=token))


def _appointment(token: str):
    from ...bookings import links

    reservation = links.find_appointment(token)
    if reservation is None:
        abort(404, _("This appointment link does not work. It may be mistyped or replaced."))
    return reservation


@bp.get("/appointments/manage/<token>")
@read_limit
def appointment_manage(token: str):
    reservation = _appointment(token)
    return render_template(
        "citizen/appointments/manage.html",
        reservation=reservation,
        token=token,
        local=local,
        language=current_language(),
        can_cancel=reservation.status.is_active and reservation.ends_at > utcnow(),
    )


@bp.post("/appointments/manage/<token>/cancel")
@write_limit
def appointment_cancel(token: str):
    reservation = _appointment(token)
    try:
        bookings.cancel_reservation(reservation, actor=None)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".appointment_manage", token=token))
    db.session.commit()
    flash(_("Your appointment is cancelled."))
    return redirect(url_for(".appointment_manage", token=token))


@bp.get("/appointments/manage/<token>/appointment.ics")
@read_limit
def appointment_ics(token: str):
    reservation = _appointment(token)
    return calendar_response([reservation], f"{reservation.reference}.ics")
