"""Sign-in and sign-out. Password sign-in now; single sign-on (OIDC) gets its routes beside it."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from ...accounts import service as accounts
from ...extensions import configured_limit, db, limiter
from ...i18n import lazy_text as _l
from ..common import current_actor

bp = Blueprint("auth", __name__, url_prefix="/auth")


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


def _safe_next(target: str | None) -> str | None:
    """Only follow a relative path on this site after sign-in (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def home_for(user) -> str:
    if user.is_staff:
        return url_for("agent.queue")
    if user.role == "resident":
        return url_for("citizen.account")  # their reports and follows
    return url_for("auth.account")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"), methods=["POST"])
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/login.html", form=form), status
    user = accounts.authenticate(form.email.data, form.password.data)
    if user is None:
        form.password.errors.append(_("The email or password is not right."))
        return render_template("auth/login.html", form=form), 401
    login_user(user, remember=form.remember.data)
    db.session.commit()  # a rehashed password is saved
    return redirect(_safe_next(request.args.get("next")) or home_for(user))


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("You are signed out."))
    return redirect(url_for("auth.login"))


@bp.get("/account")
def account():
    user = current_actor()
    if user is None:
        return redirect(url_for("auth.login", next=request.path))
    return render_template("auth/account.html", user=user)
