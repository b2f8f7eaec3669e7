"""Personal API tokens on the account page (``/auth/account/tokens``), for everyone signed in:
staff from the workspace, employees and residents from their account.

A new token is shown once, on the page that answers the form (never stored, never in a
redirect or a log); the list shows each token's name, prefix, scope, expiry and last use, with
*Revoke*. Creating and revoking are audited (``accounts/tokens.py``).
"""

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ...accounts import tokens
from ...accounts.models import TokenScope
from ...extensions import db
from ...timeutils import utcnow
from ..common import choices, current_actor

bp = Blueprint("api_tokens", __name__, url_prefix="/auth/account/tokens")


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=tokens.MAX_NAME)],
        description=_l("What uses it, e.g. “nightly export script”."),
    )
    scope = RadioField(_l("Access"), default="read")
    days = SelectField(_l("Expires after"), default="90")


@bp.before_request
def require_sign_in():
    if current_actor() is None:
        return redirect(url_for("auth.login", next=request.path))
    return None


def _form() -> TokenForm:
    form = TokenForm()
    form.scope.choices = choices([("read", _("Read only")), ("write", _("Read and write"))])
    form.days.choices = choices(
        (str(days), _("%(days)s days", days=days)) for days in tokens.LIFETIMES_DAYS
    )
    return form


def _page(form: TokenForm, status: int = 200, new_token: str | None = None):
    user = current_actor()
    response = make_response(
        render_template(
            "api/tokens.html",
            form=form,
            tokens=tokens.tokens_of(user),
            new_token=new_token,
            now=utcnow(),
            scopes=TokenScope,
        ),
        status,
    )
    response.headers["Cache-Control"] = "no-store"  # the new token must not be cached
    return response


@bp.get("")
def index():
    return _page(_form())


@bp.post("")
def create():
    user = current_actor()
    form = _form()
    if not form.validate_on_submit():
        return _page(form, 400)
    _token, raw = tokens.create_token(
        user,
        name=form.name.data,
        scope=form.scope.data,
        days=int(form.days.data),
        actor=user,
    )
    db.session.commit()
    return _page(_form(), 201, new_token=raw)


@bp.post("/<int:token_id>/revoke")
def revoke(token_id: int):
    user = current_actor()
    token = tokens.get_token(token_id, user)
    tokens.revoke_token(token, actor=user)
    db.session.commit()
    flash(_("The token “%(name)s” is revoked: it no longer works.", name=token.name))
    return redirect(url_for(".index"))
