"""Employees' bookings at ``/employee/bookings``: find a room or vehicle, book it (once or
weekly), see my bookings, change or cancel them, calendar files and a private feed.

A taken time answers 409 with the form again and the next free times as one-click choices;
a time the rules refuse answers 400 with the message beside its field. The private feed
(``/bookings/feed/<token>.ics``) lives on its own small blueprint: calendar apps fetch it
without a session.
"""

from datetime import date, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...bookings import links, policy, schedule
from ...bookings import service as bookings
from ...bookings.models import ACTIVE_STATUSES, Reservation, Resource, ResourceKind
from ...errors import ValidationError
from ...extensions import configured_limit, db, limiter
from ...timeutils import utcnow
from ..booking_forms import (
    BookForm,
    ChangeForm,
    SearchForm,
    calendar_response,
    combine,
    load_visible_reservation,
    local,
    requested_day,
    try_change,
    week_start,
)
from ..common import choices, current_actor, load_or_404, parse_id, show_errors
from . import bp

FEED_DAYS_BACK = 30


@bp.get("/bookings/")
def bookings_home():
    actor = current_actor()
    now = utcnow()
    mine = select(Reservation).options(selectinload(Reservation.resource))
    mine = mine.where(Reservation.requester_id == actor.id)
    upcoming = db.session.scalars(
        mine.where(Reservation.ends_at > now, Reservation.status.in_(ACTIVE_STATUSES)).order_by(
            Reservation.starts_at
        )
    ).all()
    past = db.session.scalars(
        mine.where((Reservation.ends_at <= now) | Reservation.status.not_in(ACTIVE_STATUSES))
        .order_by(Reservation.starts_at.desc())
        .limit(20)
    ).all()
    feed = links.existing_feed_token(actor, secret=current_app.config["SECRET_KEY"])
    return render_template(
        "employee/bookings/home.html",
        upcoming=upcoming,
        past=past,
        search=_search_form(),
        feed_url=url_for("bookings_feed.feed", token=feed, _external=True) if feed else None,
        local=local,
    )


def _search_form() -> SearchForm:
    form = SearchForm(request.args)
    form.building.choices = choices([("", "Anywhere"), *((b, b) for b in schedule.buildings())])
    return form


@bp.get("/bookings/find")
def bookings_find():
    form = _search_form()
    results = None
    if request.args and form.validate():
        # Searches run in the desk's timezone; each resource's own rules use its calendar's.
        resource_zone = current_app.config["DEFAULT_TIMEZONE"]
        start = combine(form.day.data, form.start.data, resource_zone)
        end = combine(form.day.data, form.end.data, resource_zone)
        if end <= start:
            form.end.errors = ["The end must be later than the start."]
        else:
            results = schedule.find_resources(
                kind=ResourceKind(form.kind.data),
                start=start,
                end=end,
                now=utcnow(),
                capacity=form.capacity.data or 1,
                features=tuple(form.features.data or ()),
                building=form.building.data or "",
                only_free=False,
            )
    status = 400 if request.args and form.errors else 200
    return render_template(
        "employee/bookings/find.html",
        form=form,
        results=results,
        problem_message=bookings.problem_message,
        can_book=lambda resource: policy.can_book(current_actor(), resource),
    ), status


@bp.get("/bookings/resources/<int:resource_id>")
def bookings_resource(resource_id: int):
    resource = load_or_404(Resource, resource_id)
    form = BookForm(formdata=None)
    day = requested_day() or local(resource, utcnow()).date()
    form.resource_id.data = str(resource.id)
    form.day.data = day
    return _resource_page(resource, form, day)


def _resource_page(resource, form, day, status=200, free=(), refused=()):
    monday = week_start(day)
    return render_template(
        "employee/bookings/resource.html",
        resource=resource,
        form=form,
        week=schedule.week_view(resource, monday),
        day=day,
        day_slots=schedule.day_slots(resource, day),
        timedelta_day=timedelta(days=1),
        monday=monday,
        previous_week=monday - timedelta(days=7),
        next_week=monday + timedelta(days=7),
        free=free,
        refused=refused,
        local=local,
        can_book=policy.can_book(current_actor(), resource),
        actor=current_actor(),
    ), status


@bp.post("/bookings/new")
def bookings_new():
    actor = current_actor()
    resource_id = parse_id(request.form.get("resource_id"))
    if resource_id is None:
        abort(404, "There is no such resource.")
    resource = bookings.get_resource(resource_id)
    form = BookForm()
    if not form.validate():
        return _resource_page(resource, form, form.day.data or date.today(), 400)
    start, end = form.times(resource)
    try:
        result = bookings.book_series(
            resource,
            start,
            end,
            form.weeks.data or 1,
            actor=actor,
            purpose=form.purpose.data or "",
            attendees=form.attendees.data,
        )
    except bookings.SlotTaken as taken:
        db.session.rollback()
        form.form_errors.append(taken.message)
        return _resource_page(resource, form, form.day.data, 409, free=taken.next_free)
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error, {"weeks": "weeks"})
        return _resource_page(resource, form, form.day.data, 400)
    db.session.commit()
    first = result.booked[0]
    verb = "requested (waiting for approval)" if first.status.value == "pending" else "booked"
    if result.refused:
        skipped = "; ".join(
            f"{local(resource, when[0]):%Y-%m-%d}: {reason}" for when, reason in result.refused
        )
        flash(f"{len(result.booked)} weeks {verb}. Not booked: {skipped}", "error")
    else:
        flash(f"{resource.name} {verb}: {local(resource, first.starts_at):%Y-%m-%d %H:%M}.")
    return redirect(url_for(".booking", reservation_id=first.id))


@bp.get("/bookings/<int:reservation_id>")
def booking(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    form = ChangeForm(formdata=None, attendees=reservation.attendees)
    form.fill_times(reservation.resource, reservation.starts_at, reservation.ends_at)
    return _booking_page(reservation, form)


def _booking_page(reservation, form, status=200, free=()):
    return render_template(
        "employee/bookings/booking.html",
        reservation=reservation,
        form=form,
        free=free,
        history=schedule.history(reservation),
        local=local,
        now=utcnow(),
    ), status


@bp.post("/bookings/<int:reservation_id>/change")
def booking_change(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    form = ChangeForm()
    refused = try_change(reservation, form)
    if refused is not None:
        status, free = refused
        return _booking_page(db.session.get(Reservation, reservation_id), form, status, free)
    db.session.commit()
    flash("Booking changed.")
    return redirect(url_for(".booking", reservation_id=reservation.id))


@bp.post("/bookings/<int:reservation_id>/cancel")
def booking_cancel(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    bookings.cancel_reservation(reservation, actor=current_actor())
    db.session.commit()
    flash(f"Booking of {reservation.resource.name} cancelled.")
    return redirect(url_for(".bookings_home"))


@bp.get("/bookings/<int:reservation_id>.ics")
def booking_ics(reservation_id: int):
    reservation = load_visible_reservation(reservation_id)
    return calendar_response([reservation], f"{reservation.reference}.ics")


@bp.post("/bookings/feed/renew")
def bookings_feed_renew():
    links.feed_token(current_actor(), secret=current_app.config["SECRET_KEY"], renew=True)
    db.session.commit()
    flash("Your private calendar link is ready; any earlier link no longer works.")
    return redirect(url_for(".bookings_home") + "#feed")


feed_bp = Blueprint("bookings_feed", __name__)


@feed_bp.get("/bookings/feed/<token>.ics")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def feed(token: str):
    """A person's bookings from a month ago on, for calendar apps (no session: the token)."""
    owner = links.find_feed_owner(token)
    if owner is None:
        abort(404, "This calendar link does not work (it may have been replaced).")
    since = utcnow() - timedelta(days=FEED_DAYS_BACK)
    rows = db.session.scalars(
        select(Reservation)
        .options(selectinload(Reservation.resource))
        .where(Reservation.requester_id == owner.id, Reservation.ends_at > since)
        .order_by(Reservation.starts_at)
    ).all()
    response = calendar_response(rows, "bookings.ics", name=f"Bookings of {owner.name}")
    response.headers["Content-Disposition"] = 'inline; filename="bookings.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
