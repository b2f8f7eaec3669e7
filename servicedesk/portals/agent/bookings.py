"""Bookings in the agent workspace: ``/agent/bookings``.

Facilities staff (agents and leads of a resource's team) and admins see and manage the
bookings of their resources: approve or reject pending ones with a comment, cancel, move,
check residents in at the counter and mark no-shows, and work the day's counter queue.
Leads and admins keep the resources and counter services (admin data, audited). Each object
is checked with ``bookings.policy``; a list only ever shows ``visible_reservations``.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...accounts.models import Team
from ...bookings import policy, schedule
from ...bookings import service as bookings
from ...bookings.models import (
    BookingService,
    Reservation,
    ReservationStatus,
    Resource,
    ResourceKind,
)
from ...errors import ValidationError
from ...extensions import db
from ...tickets.models import Calendar
from ...timeutils import utcnow
from ..booking_forms import (
    ChangeForm,
    CommentForm,
    ResourceForm,
    ServiceForm,
    load_visible_reservation,
    local,
    requested_day,
    try_change,
    week_start,
)
from ..common import choices, current_actor, load_or_404, show_errors
from . import bp

PAGE_SIZE = 100


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])
    start = datetime.combine(day, time(0), tzinfo=zone)
    return start, start + timedelta(days=1)


@bp.get("/bookings/")
def bookings_list():
    actor = current_actor()
    query = policy.visible_reservations(actor).options(
        selectinload(Reservation.resource), selectinload(Reservation.requester)
    )
    status = request.args.get("status", "")
    if status in ReservationStatus._value2member_map_:
        query = query.where(Reservation.status == ReservationStatus(status))
    kind = request.args.get("kind", "")
    if kind in ResourceKind._value2member_map_:
        query = query.where(Resource.kind == ResourceKind(kind))
    day = requested_day()
    if day is not None:
        start, end = _day_bounds(day)
        query = query.where(Reservation.starts_at < end, Reservation.ends_at > start)
    elif not status:
        query = query.where(Reservation.ends_at > utcnow())  # by default: what is still to come
    rows = db.session.scalars(query.order_by(Reservation.starts_at).limit(PAGE_SIZE)).all()
    pending = db.session.scalars(
        policy.visible_reservations(actor)
        .where(Reservation.status == ReservationStatus.PENDING, Reservation.ends_at > utcnow())
        .order_by(Reservation.starts_at)
    ).all()
    return render_template(
        "agent/bookings/list.html",
        rows=rows,
        pending=[r for r in pending if policy.can_decide(actor, r)],
        statuses=ReservationStatus,
        kinds=ResourceKind,
        local=local,
        can_administer=policy.can_administer(actor),
    )


def _page(reservation: Reservation, status: int = 200, change=None, comment=None, free=()):
    actor = current_actor()
    if change is None:
        change = ChangeForm(formdata=None, attendees=reservation.attendees)
        change.fill_times(reservation.resource, reservation.starts_at, reservation.ends_at)
    return render_template(
        "agent/bookings/booking.html",
        reservation=reservation,
        change=change,
        comment=comment or CommentForm(formdata=None),
        free=free,
        history=schedule.history(reservation),
        local=local,
        now=utcnow(),
        can_decide=policy.can_decide(actor, reservation),
        can_manage=policy.can_manage(actor, reservation),
    ), status


@bp.get("/bookings/<int:reservation_id>")
def booking_manage(reservation_id: int):
    return _page(load_visible_reservation(reservation_id))


def _done(reservation: Reservation, message: str):
    db.session.commit()
    flash(message)
    back = request.form.get("next", "")
    if back.startswith("/agent/bookings/queue"):
        return redirect(back)
    return redirect(url_for(".booking_manage", reservation_id=reservation.id))


@bp.post("/bookings/<int:reservation_id>/approve")
def booking_approve(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    form = CommentForm()
    form.validate()
    bookings.approve_reservation(
        reservation, actor=current_actor(), comment=form.comment.data or ""
    )
    return _done(reservation, "Approved; the booker was told.")


@bp.post("/bookings/<int:reservation_id>/reject")
def booking_reject(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    form = CommentForm()
    form.validate()
    try:
        bookings.reject_reservation(
            reservation, actor=current_actor(), comment=form.comment.data or ""
        )
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error)
        return _page(db.session.get(Reservation, reservation_id), 400, comment=form)
    return _done(reservation, "Rejected; the booker was told why.")


@bp.post("/bookings/<int:reservation_id>/cancel")
def booking_staff_cancel(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    form = CommentForm()
    form.validate()
    bookings.cancel_reservation(reservation, actor=current_actor(), reason=form.comment.data or "")
    return _done(reservation, "Cancelled; the booker was told.")


@bp.post("/bookings/<int:reservation_id>/check-in")
def booking_check_in(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    bookings.check_in(reservation, actor=current_actor())
    return _done(reservation, f"{reservation.who} checked in.")


@bp.post("/bookings/<int:reservation_id>/no-show")
def booking_no_show(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    bookings.mark_no_show(reservation, actor=current_actor())
    return _done(reservation, f"{reservation.reference} marked as a no-show.")


@bp.post("/bookings/<int:reservation_id>/change")
def booking_staff_change(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    form = ChangeForm()
    refused = try_change(reservation, form)
    if refused is not None:
        status, free = refused
        return _page(db.session.get(Reservation, reservation_id), status, change=form, free=free)
    return _done(reservation, "Moved; the booker was told.")


@bp.get("/bookings/queue")
def bookings_queue():
    """The day's counter queue: appointments in time order, who has arrived, who is late."""
    actor = current_actor()
    services = db.session.scalars(select(BookingService).order_by(BookingService.name)).all()
    day = requested_day() or datetime.now(ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])).date()
    start, end = _day_bounds(day)
    query = (
        policy.visible_reservations(actor)
        .options(selectinload(Reservation.resource), selectinload(Reservation.service))
        .where(
            Resource.kind == ResourceKind.COUNTER,
            Reservation.starts_at >= start,
            Reservation.starts_at < end,
            Reservation.status.in_([ReservationStatus.CONFIRMED, ReservationStatus.NO_SHOW]),
        )
    )
    service_id = request.args.get("service", "")
    if service_id.isdigit():
        query = query.where(Reservation.service_id == int(service_id))
    rows = db.session.scalars(query.order_by(Reservation.starts_at, Reservation.id)).all()
    return render_template(
        "agent/bookings/queue.html",
        rows=rows,
        services=services,
        day=day,
        service_id=service_id,
        now=utcnow(),
        local=local,
        waiting=sum(1 for r in rows if r.checked_in_at is not None and r.status.is_active),
        previous_day=day - timedelta(days=1),
        next_day=day + timedelta(days=1),
    )


# --- resources and services (leads and admins) ----------------------------------------------


@bp.get("/bookings/resources")
def resources_list():
    resources = db.session.scalars(
        select(Resource).order_by(Resource.kind, Resource.building, Resource.name)
    ).all()
    services = db.session.scalars(select(BookingService).order_by(BookingService.name)).all()
    return render_template(
        "agent/bookings/resources.html",
        resources=resources,
        services=services,
        can_administer=policy.can_administer(current_actor()),
    )


@bp.get("/bookings/resources/<int:resource_id>")
def resource_week(resource_id: int):
    resource = load_or_404(Resource, resource_id)
    day = requested_day() or local(resource, utcnow()).date()
    monday = week_start(day)
    return render_template(
        "agent/bookings/resource_week.html",
        resource=resource,
        week=schedule.week_view(resource, monday),
        monday=monday,
        previous_week=monday - timedelta(days=7),
        next_week=monday + timedelta(days=7),
        local=local,
    )


def _resource_form(resource: Resource | None = None) -> ResourceForm:
    form = ResourceForm(obj=resource) if request.method == "GET" else ResourceForm()
    if request.method == "GET" and resource is None:
        form.bookable_by.data = ["employee", "agent", "lead", "admin"]
    none = [("", "—")]
    calendars = db.session.scalars(select(Calendar).order_by(Calendar.name)).all()
    teams = db.session.scalars(select(Team).order_by(Team.name)).all()
    services = db.session.scalars(select(BookingService).order_by(BookingService.name)).all()
    form.calendar_id.choices = choices(none + [(c.id, c.name) for c in calendars])
    form.team_id.choices = choices(none + [(t.id, t.name) for t in teams])
    form.service_id.choices = choices(none + [(s.id, s.name) for s in services])
    if request.method == "GET" and resource is not None:
        for name in ("calendar_id", "team_id", "service_id"):
            value = getattr(resource, name)
            form[name].data = str(value) if value else ""
        form.kind.data = resource.kind.value
    return form


@bp.route("/bookings/resources/new", methods=["GET", "POST"])
def resource_new():
    policy.require_administer(current_actor())
    return _save_resource(None)


@bp.route("/bookings/resources/<int:resource_id>/edit", methods=["GET", "POST"])
def resource_edit(resource_id: int):
    policy.require_administer(current_actor())
    return _save_resource(load_or_404(Resource, resource_id))


def _save_resource(resource: Resource | None):
    form = _resource_form(resource)
    if request.method == "POST":
        if form.validate():
            try:
                if resource is None:
                    resource = bookings.create_resource(form.values(), actor=current_actor())
                else:
                    bookings.update_resource(resource, form.values(), actor=current_actor())
            except ValidationError as error:
                db.session.rollback()
                show_errors(form, error)
            else:
                db.session.commit()
                flash(f"{resource.name} saved.")
                return redirect(url_for(".resources_list"))
        return render_template(
            "agent/bookings/resource_form.html", form=form, resource=resource
        ), 400
    return render_template("agent/bookings/resource_form.html", form=form, resource=resource)


@bp.route("/bookings/services/new", methods=["GET", "POST"])
def booking_service_new():
    policy.require_administer(current_actor())
    return _save_service(None)


@bp.route("/bookings/services/<int:service_id>/edit", methods=["GET", "POST"])
def booking_service_edit(service_id: int):
    policy.require_administer(current_actor())
    return _save_service(load_or_404(BookingService, service_id))


def _save_service(booking_service: BookingService | None):
    form = ServiceForm(obj=booking_service) if request.method == "GET" else ServiceForm()
    if request.method == "POST":
        if form.validate():
            try:
                saved = bookings.save_service(booking_service, form.values(), actor=current_actor())
            except ValidationError as error:
                db.session.rollback()
                show_errors(form, error)
            else:
                db.session.commit()
                flash(f"{saved.name} saved. Give it counters under Resources (kind: counter).")
                return redirect(url_for(".resources_list"))
        status = 400
    else:
        status = 200
    return render_template(
        "agent/bookings/service_form.html", form=form, service=booking_service
    ), status
