"""Report a problem, search first: what is it -> matching answers -> the form -> tracking.

Every step is a plain form that works without JavaScript (the map only fills the hidden
latitude and longitude). Before a report with a place is filed, open reports of the same
category nearby are shown, and the resident may say "me too" on one instead. No account is
needed: the report's private tracking link is where the resident lands.

Bots get a honeypot field and a time-to-submit check instead of a CAPTCHA, and every write is
rate limited per address.
"""

from dataclasses import dataclass

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from sqlalchemy import select
from wtforms import EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from ...errors import InvalidTransition, ValidationError
from ...extensions import configured_limit, db, limiter
from ...i18n import current_language
from ...i18n import lazy_text as _l
from ...knowledge import service as kb
from ...tickets import attachments, catalog, expectations, nearby, photos, tracking
from ...tickets import service as tickets
from ...tickets.models import Audience, CatalogItem, Category, Channel, Ticket
from ...timeutils import utcnow
from ..catalog_forms import catalog_errors, submitted_fields
from ..common import current_actor, load_or_404, show_errors
from ..kb import VISIT_KEY, search_articles
from . import bp

RESIDENT_AUDIENCES = (Audience.RESIDENTS, Audience.BOTH)
# A form older than this was left open too long: show it again rather than refuse.
FORM_MAX_AGE = 6 * 60 * 60
ANSWERS_SHOWN = 5


@dataclass(frozen=True)
class Topic:
    """What a resident can report: a category, or a request type with its own form."""

    key: str  # "c12" or "i7"
    label: str
    hint: str
    category: Category
    item: CatalogItem | None = None


def resident_topics() -> list[Topic]:
    """Request types and categories open to residents, by name in the page's language."""
    language = current_language()
    categories = db.session.scalars(
        select(Category).where(Category.is_active, Category.audience.in_(RESIDENT_AUDIENCES))
    ).all()
    items = db.session.scalars(
        select(CatalogItem).where(
            CatalogItem.is_active, CatalogItem.audience.in_(RESIDENT_AUDIENCES)
        )
    ).all()
    topics = [
        Topic(
            f"i{item.id}",
            item.translated("name", language),
            item.translated("description", language),
            item.category,
            item,
        )
        for item in items
        if item.category.is_active and item.category.audience in RESIDENT_AUDIENCES
    ]
    topics += [
        Topic(f"c{c.id}", c.full_name_in(language), c.translated("description", language), c)
        for c in categories
    ]
    return sorted(topics, key=lambda topic: topic.label.lower())


def find_topic(key: str | None) -> Topic | None:
    return next((topic for topic in resident_topics() if topic.key == (key or "")), None)


# --- step 1 and 2: what is it, and does an answer help? ------------------------------------


@bp.get("/report")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def report_start():
    return render_template("citizen/report_start.html", topics=resident_topics(), errors={})


@bp.get("/report/answers")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def report_answers():
    topic = find_topic(request.args.get("topic"))
    what = (request.args.get("what") or "").strip()[:200]
    errors = {}
    if topic is None:
        errors["topic"] = _("Choose what your report is about.")
    if not what:
        errors["what"] = _("Say in a few words what the problem is.")
    if errors:
        page = render_template(
            "citizen/report_start.html", topics=resident_topics(), errors=errors, what=what
        )
        return page, 400
    results = search_articles("citizen", what, category_id=topic.category.id)
    if not results.hits:
        results = search_articles("citizen", what)
    if not results.hits:
        return redirect(url_for(".report_form", topic=topic.key, what=what))
    return render_template(
        "citizen/report_answers.html",
        topic=topic,
        what=what,
        hits=results.hits[:ANSWERS_SHOWN],
    )


# --- step 3: the form ----------------------------------------------------------------------


class ReportForm(FlaskForm):
    subject = StringField(
        _l("What is the problem?"),
        validators=[DataRequired(_l("Say in a few words what the problem is.")), Length(max=200)],
    )
    description = TextAreaField(
        _l("Tell us more (optional)"), validators=[Optional(), Length(max=5000)]
    )
    address = StringField(_l("Address or place"), validators=[Optional(), Length(max=300)])
    lat = HiddenField(validators=[Optional(), Length(max=32)])
    lon = HiddenField(validators=[Optional(), Length(max=32)])
    # accept= makes phones send JPEG rather than HEIC, which is refused.
    photo = FileField(
        _l("Photo (optional)"), render_kw={"accept": "image/jpeg,image/png,image/webp"}
    )
    name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("Email (optional)"),
        validators=[
            Optional(),
            Email(_l("Give an address like name@example.org.")),
            Length(max=254),
        ],
    )
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)])
    # Bots fill every field; people never see this one (it is hidden and labelled so).
    homepage = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])
    started = HiddenField()
    nearby_seen = HiddenField()


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt="report-form")


def _too_fast(form: ReportForm) -> bool:
    """Sent sooner after the form was shown than a person could fill it in, or forged."""
    try:
        _, shown_at = _signer().unsign(
            form.started.data or "", max_age=FORM_MAX_AGE, return_timestamp=True
        )
    except (BadSignature, SignatureExpired):
        return True
    return (utcnow() - shown_at).total_seconds() < current_app.config["REPORT_MIN_SECONDS"]


@bp.route("/report/new", methods=["GET", "POST"])
@limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"), methods=["POST"])
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"), methods=["GET"])
def report_form():
    topic = find_topic(request.values.get("topic"))
    if topic is None:
        flash(_("Choose what your report is about first."), "error")
        return redirect(url_for(".report_start"))
    form = ReportForm()
    if request.method == "GET":
        form.subject.data = (request.args.get("what") or "")[:200]
        return _show_form(topic, form)
    if form.homepage.data:
        abort(400, _("Your report could not be sent. Please try again."))
    if _too_fast(form):
        form.form_errors.append(_("Please check your report, then send it again."))
        return _show_form(topic, form, status=400)
    fields = submitted_fields(topic.item)
    field_errors = catalog_errors(topic.item, fields) if topic.item else {}
    if not form.validate_on_submit() or field_errors:
        return _show_form(topic, form, field_errors=field_errors, status=400)
    point = _point(form)
    if form.errors:
        return _show_form(topic, form, status=400)
    if point is not None and not form.nearby_seen.data:
        near = nearby.open_reports_near(
            [topic.category.id], *point, current_app.config["DUPLICATE_RADIUS_M"]
        )
        if near:
            form.nearby_seen.data = "1"
            return _show_form(topic, form, near=near)
    return _file_report(topic, form, fields)


def _point(form: ReportForm) -> tuple[float, float] | None:
    lat, lon = (form.lat.data or "").strip(), (form.lon.data or "").strip()
    if not lat and not lon:
        return None
    try:
        found = catalog.parse_point(lat, lon)
    except ValueError as error:
        form.address.errors.append(
            _("The map point is not valid (%(reason)s); give an address.", reason=error)
        )
        return None
    return found["lat"], found["lon"]


def _show_form(topic: Topic, form: ReportForm, *, field_errors=None, near=(), status=200):
    form.started.data = _signer().sign(str(utcnow().timestamp())).decode()
    config = current_app.config
    return render_template(
        "citizen/report_form.html",
        topic=topic,
        form=form,
        field_errors=field_errors or {},
        values=request.form,
        near=near,
        expectation=expectations.for_category(topic.category, utcnow()),
        map_config={
            "tile_url": config["MAP_TILE_URL"],
            "attribution": config["MAP_ATTRIBUTION"],
            "center": config["MAP_CENTER"],
            "zoom": config["MAP_ZOOM"],
        },
    ), status


def _file_report(topic: Topic, form: ReportForm, fields: dict):
    actor = current_actor()
    resident = actor if actor is not None and not actor.is_staff else None
    photo = None
    upload = form.photo.data
    try:
        if upload and upload.filename:
            photo = photos.clean_photo(
                upload.read(), max_bytes=current_app.config["MAX_PHOTO_BYTES"]
            )
        ticket = tickets.open_ticket(
            actor=resident,
            channel=Channel.CITIZEN_PORTAL,
            subject=form.subject.data,
            description=form.description.data or "",
            requester=resident,
            contact_name="" if resident else form.name.data or "",
            contact_email="" if resident else form.email.data or "",
            contact_phone=form.phone.data or "",
            category=topic.category,
            catalog_item=topic.item,
            fields=fields,
            location={"address": form.address.data, "lat": form.lat.data, "lon": form.lon.data},
            # The language the resident reads the form in is the one their emails speak.
            language=current_language(),
        )
        if photo is not None:
            tickets.add_attachment(
                ticket,
                filename=f"photo.{photo.extension}",
                content_type=photo.content_type,
                data=photo.data,
                rules=attachments.rules_from_config(current_app.config),
                actor=resident,
            )
    except ValidationError as error:
        db.session.rollback()
        _show_errors(form, error)
        return _show_form(topic, form, status=400)
    email = resident.email if resident else ticket.contact_email
    token = tracking.token_for(ticket, email, secret=current_app.config["SECRET_KEY"])
    kb.log_ticket_filed(session.get(VISIT_KEY, ""), topic.category.id)
    reference = ticket.reference
    db.session.commit()
    flash(
        _(
            "Thank you: your report %(reference)s is filed. This page is your private tracking "
            "link; bookmark it to follow your report.",
            reference=reference,
        )
        + (" " + _("We have also sent it to your email.") if email else "")
    )
    return redirect(url_for(".track", token=token))


def _show_errors(form: ReportForm, error: ValidationError) -> None:
    show_errors(form, error, {"location": "address", "contact_email": "email"})


# --- me too --------------------------------------------------------------------------------


class MeTooForm(FlaskForm):
    email = EmailField(
        _l("Your email, to hear when it is fixed (optional)"),
        validators=[
            Optional(),
            Email(_l("Give an address like name@example.org.")),
            Length(max=254),
        ],
    )


@bp.post("/report/me-too/<int:ticket_id>")
@limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"))
def report_me_too(ticket_id: int):
    """Follow an open report nearby instead of filing the same problem again."""
    ticket = load_or_404(Ticket, ticket_id)
    if ticket.category is None or ticket.category.audience not in RESIDENT_AUDIENCES:
        abort(404, _("There is no such report."))
    form = MeTooForm()
    actor = current_actor()
    resident = actor if actor is not None and not actor.is_staff else None
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.email.errors)) or _("Please try again."), "error")
        return redirect(request.referrer or url_for(".report_start"))
    email = "" if resident else (form.email.data or "")
    try:
        tickets.add_supporter(ticket, email=email, user=resident)
    except InvalidTransition as error:
        flash(str(error.message), "error")
        return redirect(url_for(".report_start"))
    follower_email = resident.email if resident else email
    token = (
        tracking.token_for(ticket, follower_email, secret=current_app.config["SECRET_KEY"])
        if follower_email
        else None
    )
    reference = ticket.reference
    db.session.commit()
    if token is None:
        flash(_("Thank you: we counted you on report %(reference)s.", reference=reference))
        return redirect(url_for(".home"))
    flash(
        _(
            "Thank you: you now follow report %(reference)s and will hear when it changes.",
            reference=reference,
        )
    )
    return redirect(url_for(".track", token=token))
