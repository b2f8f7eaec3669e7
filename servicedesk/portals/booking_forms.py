"""Forms and helpers the booking pages of the employee, agent and citizen portals share.

Forms only validate shapes (a date, a time, a number); the booking service checks every rule
(opening hours, notice, length, capacity, overlaps) and its messages are shown beside the
fields. Dates and times on forms are the resource's local wall-clock time.
"""

from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app, make_response, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts.models import Role
from ..bookings import ical, schedule
from ..bookings.models import FEATURES, Resource, ResourceKind
from ..bookings.notify import local_time_of
from ..timeutils import utcnow
from .common import choices

KIND_CHOICES = choices((kind.value, kind.label) for kind in ResourceKind)
FEATURE_CHOICES = choices(FEATURES.items())


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def combine(day: date, wall: time, timezone: str) -> datetime:
    """A local date and time on a form as an aware UTC instant."""
    return datetime.combine(day, wall, tzinfo=ZoneInfo(timezone)).astimezone(ZoneInfo("UTC"))


def local(resource: Resource, moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(schedule.timezone_of(resource)))


class SearchForm(FlaskForm):
    """Find a free resource (GET, so no CSRF token: it changes nothing)."""

    class Meta:
        csrf = False

    kind = SelectField("What", choices=KIND_CHOICES[:2], default="room")
    day = DateField("Date", validators=[InputRequired(message="Enter a date.")])
    start = TimeField("From", validators=[InputRequired(message="Enter a start time.")])
    end = TimeField("Until", validators=[InputRequired(message="Enter an end time.")])
    capacity = IntegerField(
        "People",
        default=1,
        validators=[Optional(), NumberRange(1, 1000, message="Between 1 and 1000.")],
    )
    features = CheckboxList("Needs", choices=FEATURE_CHOICES)
    building = SelectField("Near", choices=choices([("", "Anywhere")]), default="")


class BookForm(FlaskForm):
    resource_id = HiddenField()
    day = DateField("Date", validators=[InputRequired(message="Enter a date.")])
    start = TimeField("From", validators=[InputRequired(message="Enter a start time.")])
    end_day = DateField("Until (date)", validators=[Optional()])
    end = TimeField("Until", validators=[InputRequired(message="Enter an end time.")])
    attendees = IntegerField(
        "People",
        default=1,
        validators=[InputRequired(message="Enter how many people."), NumberRange(1, 1000)],
    )
    purpose = StringField("Purpose", validators=[Length(max=500)])
    weeks = IntegerField(
        "Repeat weekly for (weeks)",
        default=1,
        validators=[Optional(), NumberRange(1, 26, message="From 1 to 26 weeks.")],
    )

    def times(self, resource: Resource) -> tuple[datetime, datetime]:
        zone = schedule.timezone_of(resource)
        return (
            combine(self.day.data, self.start.data, zone),
            combine(self.end_day.data or self.day.data, self.end.data, zone),
        )

    def fill(self, resource: Resource, start: datetime, end: datetime) -> None:
        self.day.data, self.start.data = (
            local(resource, start).date(),
            local(resource, start).time(),
        )
        self.end_day.data, self.end.data = local(resource, end).date(), local(resource, end).time()


class ChangeForm(FlaskForm):
    day = DateField("Date", validators=[InputRequired(message="Enter a date.")])
    start = TimeField("From", validators=[InputRequired(message="Enter a start time.")])
    end_day = DateField("Until (date)", validators=[Optional()])
    end = TimeField("Until", validators=[InputRequired(message="Enter an end time.")])
    attendees = IntegerField("People", validators=[InputRequired(), NumberRange(1, 1000)])
    times = BookForm.times
    fill_times = BookForm.fill


class CommentForm(FlaskForm):
    comment = TextAreaField("Comment", validators=[Length(max=2000)])


class ResourceForm(FlaskForm):
    kind = SelectField("Kind", choices=KIND_CHOICES)
    name = StringField("Name", validators=[InputRequired(), Length(max=120)])
    description = StringField("Description", validators=[Length(max=500)])
    building = StringField("Building", validators=[Length(max=120)])
    location = StringField("Floor, room or bay", validators=[Length(max=200)])
    capacity = IntegerField("Capacity (people)", default=1, validators=[NumberRange(1, 10000)])
    features = CheckboxList("Features", choices=FEATURE_CHOICES)
    calendar_id = SelectField("Opening hours and holidays", choices=[])
    team_id = SelectField("Facilities team (manages and approves)", choices=[])
    service_id = SelectField("Counter service", choices=[])
    min_notice_minutes = IntegerField(
        "Minimum notice (minutes)", default=0, validators=[NumberRange(0, 525600)]
    )
    max_length_minutes = IntegerField(
        "Maximum length (minutes)", default=480, validators=[NumberRange(1, 525600)]
    )
    max_days_ahead = IntegerField(
        "Bookable up to (days ahead)", default=90, validators=[NumberRange(0, 3650)]
    )
    bookable_by = CheckboxList(
        "Who may book it",
        choices=choices((r.value, r.label) for r in Role if r != Role.RESIDENT),
    )
    requires_approval = BooleanField("Bookings need approval by the facilities team")
    is_active = BooleanField("Bookable", default=True)

    def values(self) -> dict:
        def optional_id(field):
            return int(field.data) if field.data else None

        return {
            "kind": ResourceKind(self.kind.data),
            "name": self.name.data or "",
            "description": self.description.data or "",
            "building": (self.building.data or "").strip(),
            "location": (self.location.data or "").strip(),
            "capacity": self.capacity.data,
            "features": list(self.features.data or []),
            "calendar_id": optional_id(self.calendar_id),
            "team_id": optional_id(self.team_id),
            "service_id": optional_id(self.service_id),
            "min_notice_minutes": self.min_notice_minutes.data,
            "max_length_minutes": self.max_length_minutes.data,
            "max_days_ahead": self.max_days_ahead.data,
            "bookable_by": list(self.bookable_by.data or []),
            "requires_approval": bool(self.requires_approval.data),
            "is_active": bool(self.is_active.data),
        }


class ServiceForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired(), Length(max=120)])
    name_es = StringField("Name in Spanish", validators=[Length(max=120)])
    description = StringField("Description", validators=[Length(max=500)])
    description_es = StringField("Description in Spanish", validators=[Length(max=500)])
    slot_minutes = IntegerField(
        "Slot length (minutes)", default=15, validators=[NumberRange(5, 240)]
    )
    is_active = BooleanField("Residents can book it", default=True)

    def values(self) -> dict:
        return {
            name: self[name].data
            for name in (
                "name",
                "name_es",
                "description",
                "description_es",
                "slot_minutes",
                "is_active",
            )
        }


class AppointmentForm(FlaskForm):
    """A resident's appointment: a slot, a name and an email (all they have to give)."""

    slot = HiddenField()  # replaced by radio buttons in the template; read from request.form
    name = StringField(_l("Your name"), validators=[Length(max=200)])
    email = EmailField(_l("Your email"), validators=[Length(max=254)])
    # A field people never see: bots fill it in.
    website = StringField("Leave this empty", validators=[Length(max=0)])


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def format_times(resource: Resource, intervals) -> list[str]:
    return [local_time_of(resource, start) for start, _ in intervals]


def calendar_response(reservations, filename: str, name: str = ""):
    body = ical.calendar_of(
        # UIDs name the desk's public host, so they stay the same whichever node answers.
        reservations,
        domain=urlsplit(current_app.config["BASE_URL"]).hostname or "desk",
        now=utcnow(),
        name=name,
    )
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def load_visible_reservation(reservation_id: int):
    """The reservation the signed-in person may see.

    :raises NotFound, PermissionDenied:
    """
    from ..bookings import policy
    from ..bookings.models import Reservation
    from .common import current_actor, load_or_404

    reservation = load_or_404(Reservation, reservation_id)
    policy.require_view(current_actor(), reservation)
    return reservation


def requested_day(name: str = "day") -> date | None:
    """The ``?day=YYYY-MM-DD`` of the request, or None."""
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def try_change(reservation, form: "ChangeForm") -> tuple[int, list] | None:
    """Move *reservation* to the form's times as the signed-in person.

    Returns None when it moved (the caller commits), else the status to answer (400, 409) and
    the next free times, with the messages put on the form and the transaction rolled back.
    """
    from ..bookings import service as bookings
    from ..errors import ValidationError
    from ..extensions import db
    from .common import current_actor, show_errors

    if not form.validate():
        return 400, []
    start, end = form.times(reservation.resource)
    try:
        bookings.change_reservation(
            reservation, start, end, actor=current_actor(), attendees=form.attendees.data
        )
    except bookings.SlotTaken as taken:
        db.session.rollback()
        form.form_errors.append(taken.message)
        return 409, taken.next_free
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error)
        return 400, []
    return None
