"""Sign-in and sign-out: passwords (can be switched off) and single sign-on (sso.py) beside them.

Signing out ends the local session and, after a single sign-on, the provider's session too
where the provider offers an end-session endpoint.
"""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from ...accounts import service as accounts
from ...extensions import configured_limit, db, limiter
from ...i18n import lazy_text as _l
from ..common import current_actor
from . import sso

bp = Blueprint("auth", __name__, url_prefix="/auth")
bp.record_once(lambda state: sso.init_app(state.app))


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
    return url_for("employee.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"), methods=["POST"])
def login():
    form = LoginForm()
    passwords_on = current_app.config["PASSWORD_SIGN_IN"]
    if request.method == "POST" and not passwords_on:
        form.form_errors.append("Password sign-in is switched off here: use single sign-on.")
        return _login_page(form), 403
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return _login_page(form), status
    user = accounts.authenticate(form.email.data, form.password.data)
    if user is None:
        form.password.errors.append(_("The email or password is not right."))
        return _login_page(form), 401
    login_user(user, remember=form.remember.data)
    db.session.commit()  # a rehashed password is saved
    return redirect(_safe_next(request.args.get("next")) or home_for(user))


def _login_page(form: LoginForm) -> str:
    return render_template(
        "auth/login.html",
        form=form,
        passwords_on=current_app.config["PASSWORD_SIGN_IN"],
        sso_name=current_app.config["OIDC_PROVIDER_NAME"] if sso.sso_enabled() else None,
        next_url=_safe_next(request.args.get("next")) or "",
    )


sso.add_sso_routes(bp, _safe_next, lambda user: home_for(user))


@bp.post("/logout")
def logout():
    provider_url = sso.provider_logout_url(
        session.pop(sso.SIGNED_ON_KEY, False), session.pop(sso.ID_TOKEN_KEY, "")
    )
    logout_user()
    flash(_("You are signed out."))
    return redirect(provider_url or url_for("auth.login"))


@bp.get("/account")
def account():
    user = current_actor()
    if user is None:
        return redirect(url_for("auth.login", next=request.path))
    return render_template("auth/account.html", user=user)
