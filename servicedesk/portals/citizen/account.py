"""Optional resident accounts at ``/citizen/account``: sign up, confirm, one-time sign-in links,
the account page (reports, follows, reports to claim), the data download and deletion.

No page tells whether an address has an account: signing up with a known address and asking
for a link for an unknown one show the same "check your email" page, and only the mailbox
learns the difference. Emailed links open a page with a button; only its POST uses the link,
because mail scanners follow every GET. Staff and employees have their own portals and are
refused here. Password sign-in stays at ``/auth/login``.
"""

import functools

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ...accounts import residents
from ...accounts.models import User
from ...accounts.service import MIN_PASSWORD, find_user_by_email
from ...errors import DomainError, ValidationError
from ...extensions import configured_limit, db, limiter
from ...i18n import current_language
from ...i18n import lazy_text as _l
from ...notifications import events
from ...tickets import tracking
from ...tickets.models import Ticket
from ...timeutils import utcnow
from ..common import current_actor, load_or_404, parse_id, show_errors
from . import bp

read_limit = limiter.limit(configured_limit("PUBLIC_READ_LIMIT"), methods=["GET"])
write_limit = limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"), methods=["POST"])
NOT_FOR_STAFF = _l(
    "These pages are for residents' accounts. Staff and employees use their own portal: "
    "sign out first to use the citizen portal's accounts."
)
EMAIL_LIKE = _l("Give an address like name@example.org.")
GIVE_EMAIL = _l("Give your email address.")


class SignUpForm(FlaskForm):
    name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Tell us your name.")), Length(max=200)]
    )
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(GIVE_EMAIL), Email(EMAIL_LIKE), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=MIN_PASSWORD,
                max=200,
                message=_l("Use %(min)s to 200 characters.", min=MIN_PASSWORD),
            ),
        ],
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[
            DataRequired(_l("Type the password again.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )


class LinkForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(GIVE_EMAIL), Email(EMAIL_LIKE), Length(max=254)],
    )


class ConfirmForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[Optional(), Length(max=200)])


class ClaimForm(FlaskForm):
    ticket_id = HiddenField(validators=[DataRequired()])


# --- signing up and confirming -------------------------------------------------------------


def _resident_page(back: str | None = None):
    """Give the view the signed-in resident; a visitor signs in first and comes back to this
    page (or to the *back* endpoint, for a form posted from another page)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = _resident_or_refuse()
            if user is None:
                target = url_for(back) if back else request.path
                return redirect(url_for("auth.login", next=target))
            return view(user, *args, **kwargs)

        return wrapper

    return decorate


@bp.route("/account/new", methods=["GET", "POST"])
@write_limit
@read_limit
def account_new():
    if _resident_or_refuse() is not None:
        flash(_("You are signed in already."))
        return redirect(url_for(".account"))
    form = SignUpForm()
    if not form.validate_on_submit():
        return _page("citizen/account_new.html", form=form, status=_form_status())
    config = current_app.config
    try:
        registration = residents.register_resident(
            name=form.name.data,
            email=form.email.data,
            password=form.password.data,
            # The language of the page they signed up on: their emails speak it too.
            language=current_language(),
        )
        user = registration.user
        if registration.is_new:
            token = residents.confirmation_token(user, secret=config["SECRET_KEY"])
            events.account_email(
                user, "account_confirm", _external(".account_confirm", token=token)
            )
        elif user.is_active:
            events.account_email(
                user,
                "account_exists",
                _external("auth.login"),
                # Staff sign in with their password or single sign-on, never by a link.
                extra_url=_external(".account_link") if residents.is_resident(user) else None,
            )
        db.session.commit()
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error)
        return _page("citizen/account_new.html", form=form, status=400)
    except IntegrityError:  # the same address signed up at the same moment: it has an account
        db.session.rollback()
    return _check_email(form.email.data, "sign-up")


@bp.route("/account/confirm/<token>", methods=["GET", "POST"])
@write_limit
@read_limit
def account_confirm(token: str):
    actor = _resident_or_refuse()
    secret = current_app.config["SECRET_KEY"]
    form = ConfirmForm()
    try:
        user = residents.find_confirmable(token, secret=secret)
        if request.method == "GET" or not form.validate_on_submit():
            status = _form_status()
            return _page("citizen/account_confirm.html", form=form, user=user, status=status)
        user = residents.confirm_email(
            token, password=form.password.data or "", actor=actor, secret=secret
        )
    except residents.LinkRefused as error:
        db.session.rollback()
        return _refused(error, "confirm")
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error)
        return _page("citizen/account_confirm.html", form=form, user=user, status=400)
    db.session.commit()
    if actor != user:
        login_user(user)
    flash(_("Thank you: your email is confirmed and you are signed in."))
    return redirect(url_for(".account"))


# --- one-time sign-in links ----------------------------------------------------------------


@bp.route("/account/link", methods=["GET", "POST"])
@write_limit
@read_limit
def account_link():
    if _resident_or_refuse() is not None:
        flash(_("You are signed in already."))
        return redirect(url_for(".account"))
    form = LinkForm()
    if not form.validate_on_submit():
        return _page("citizen/account_link.html", form=form, status=_form_status())
    user = find_user_by_email(form.email.data)
    if residents.is_resident(user) and user.is_active:
        token = residents.sign_in_token(user, secret=current_app.config["SECRET_KEY"])
        events.account_email(
            user, "account_sign_in", _external(".account_link_sign_in", token=token)
        )
        db.session.commit()
    return _check_email(form.email.data, "link")


@bp.route("/account/link/<token>", methods=["GET", "POST"])
@write_limit
@read_limit
def account_link_sign_in(token: str):
    _resident_or_refuse()
    secret = current_app.config["SECRET_KEY"]
    form = FlaskForm()
    try:
        if request.method == "GET" or not form.validate_on_submit():
            user = residents.find_sign_in(token, secret=secret)
            status = _form_status()
            return _page("citizen/account_link_sign_in.html", form=form, user=user, status=status)
        user = residents.sign_in_with_link(token, secret=secret)
    except residents.LinkRefused as error:
        db.session.rollback()
        return _refused(error, "link")
    db.session.commit()
    login_user(user)
    flash(_("You are signed in."))
    return redirect(url_for(".account"))


# --- the account ---------------------------------------------------------------------------


@bp.get("/account")
@read_limit
@_resident_page()
def account(user: User):
    secret = current_app.config["SECRET_KEY"]
    # Tracking links are made on first use: this page may add some, hence the commit.
    reports = [(ticket, _track_url(ticket, user, secret)) for ticket in residents.own_reports(user)]
    follows = [
        (row.ticket, _track_url(row.ticket, user, secret)) for row in residents.follows(user)
    ]
    claimable = residents.claimable_reports(user)
    db.session.commit()
    return _page(
        "citizen/account_home.html",
        user=user,
        reports=reports,
        follows=follows,
        claimable=claimable,
    )


@bp.post("/account/claim")
@write_limit
@_resident_page(back=".account")
def account_claim(user: User):
    form = ClaimForm()
    ticket_id = parse_id(form.ticket_id.data) if form.validate_on_submit() else None
    if ticket_id is None:
        abort(400, _("Choose a report to add to your account."))
    try:
        ticket = load_or_404(Ticket, ticket_id)
        residents.claim_report(ticket, actor=user)
        reference = ticket.reference
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for(".account"))
    flash(_("Report %(reference)s is now in your account.", reference=reference))
    return redirect(url_for(".account"))


@bp.get("/account/data")
@read_limit
@_resident_page()
def account_data(user: User):
    response = jsonify(residents.export_data(user))
    stamp = utcnow().strftime("%Y-%m-%d")
    response.headers["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return _private(response)


@bp.route("/account/delete", methods=["GET", "POST"])
@write_limit
@read_limit
@_resident_page()
def account_delete(user: User):
    form = FlaskForm()
    if not form.validate_on_submit():
        return _page("citizen/account_delete.html", form=form, user=user, status=_form_status())
    residents.delete_account(user, actor=user)
    db.session.commit()
    logout_user()
    flash(
        _(
            "Your account is deleted. Your reports stay with the service desk without your "
            "name or contact details, and the tracking links sent to you no longer work."
        )
    )
    return redirect(url_for(".home"))


# --- helpers -------------------------------------------------------------------------------


def _resident_or_refuse() -> User | None:
    """The signed-in resident, or None for a visitor; staff and employees are refused (403)."""
    actor = current_actor()
    if actor is not None and not residents.is_resident(actor):
        abort(403, NOT_FOR_STAFF)
    return actor


def _form_status() -> int:
    return 400 if request.method == "POST" else 200


def _external(endpoint: str, **values) -> str:
    """An absolute URL for an email, on the desk's public address."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def _track_url(ticket: Ticket, user: User, secret: str) -> str:
    return url_for(".track", token=tracking.token_for(ticket, user.email, secret=secret))


def _check_email(email: str, purpose: str):
    """The one answer to a sign-up or a link request, whether or not the address is known."""
    return _page("citizen/account_check_email.html", email=email, purpose=purpose)


def _refused(error: residents.LinkRefused, purpose: str):
    return _page(
        "citizen/account_link_refused.html", message=error.message, purpose=purpose, status=400
    )


def _page(template: str, *, status: int = 200, **context):
    return _private(render_template(template, **context), status)


def _private(body, status: int = 200):
    """Account pages and emailed links: never cached by a shared cache, never indexed."""
    response = make_response(body, status)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
