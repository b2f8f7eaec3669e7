"""The requester's and the staff's own notification pages.

``/notifications/unsubscribe/<token>``: the one link in every email to a requester. Opening it
asks for a confirmation (mail scanners open links); mail clients' one-click unsubscribe
(RFC 8058) POSTs to it directly, so it takes no CSRF token: the signed token is the proof.
``/auth/account/notifications``: a signed-in person chooses which notices they receive.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField

from ..extensions import configured_limit, csrf, db, limiter
from ..i18n import lazy_text as _l
from ..languages import LANGUAGES
from ..notifications import preferences
from .common import choices, current_actor

bp = Blueprint("notifications", __name__)


def _email_of(token: str) -> str:
    email = preferences.email_of_unsubscribe_token(token, current_app.config["SECRET_KEY"])
    if email is None:
        abort(404, _("This unsubscribe link is not valid. Copy the whole link from the email."))
    return email


@bp.get("/notifications/unsubscribe/<token>")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def unsubscribe_page(token: str):
    email = _email_of(token)
    return render_template(
        "notifications/unsubscribe.html",
        email=email,
        token=token,
        done=preferences.opted_out(email),
    )


@bp.post("/notifications/unsubscribe/<token>")
@csrf.exempt
@limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"))
def unsubscribe(token: str):
    email = _email_of(token)
    preferences.opt_out(email)
    db.session.commit()
    return render_template("notifications/unsubscribe.html", email=email, token=token, done=True)


def _preferences_form(user):
    """A form with one checkbox per notice this person can receive."""

    class PreferencesForm(FlaskForm):
        language = SelectField(_l("Language of your emails"), choices=choices(LANGUAGES.items()))

    for notice in preferences.notices_for(user):
        setattr(PreferencesForm, notice.name, BooleanField(notice.label))
    current = preferences.choices(user) | {"language": user.language}
    return PreferencesForm(data=current)  # the posted form, when there is one, wins


@bp.route("/auth/account/notifications", methods=["GET", "POST"])
def my_notifications():
    user = current_actor()
    if user is None:
        return redirect(url_for("auth.login", next=url_for(".my_notifications")))
    form = _preferences_form(user)
    if form.validate_on_submit():
        wanted = {notice.name: form[notice.name].data for notice in preferences.notices_for(user)}
        preferences.save_choices(user, wanted, actor=user)
        preferences.set_language(user, form.language.data, actor=user)
        if preferences.opted_out(user.email) and any(wanted.values()):
            preferences.opt_back_in(user.email)  # choosing notices again undoes an unsubscribe
        db.session.commit()
        flash(_("Your notification choices are saved."))
        return redirect(url_for(".my_notifications"))
    return render_template(
        "notifications/preferences.html",
        form=form,
        notices=preferences.notices_for(user),
        opted_out=preferences.opted_out(user.email),
    )
