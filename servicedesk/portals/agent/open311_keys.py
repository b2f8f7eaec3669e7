"""Open311 api_keys at /agent/admin/open311-keys: admins issue a key per client application
and revoke it. A new key is shown once, on the page that answers the POST (never flashed into
the session cookie, never cached); the desk keeps only its hash."""

from flask import flash, make_response, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ...accounts.models import User
from ...errors import PermissionDenied, ValidationError
from ...extensions import db
from ...open311 import keys
from ...open311.models import Open311Key
from ...tickets import policy
from ..common import current_actor, load_or_404, show_errors
from . import bp
from .admin_forms import ConfirmForm


class Open311KeyForm(FlaskForm):
    name = StringField(
        "Client application",
        validators=[DataRequired("Name the client application."), Length(max=keys.MAX_NAME)],
    )


def _administrator() -> User:
    actor = current_actor()
    if not policy.can_administer(actor):
        raise PermissionDenied("Only admins issue and revoke Open311 keys.")
    return actor


def _render(form: Open311KeyForm, *, new_key: str = "", new_row=None, status: int = 200):
    body = render_template(
        "agent/admin/open311_keys.html",
        form=form,
        rows=keys.list_keys(),
        revoke_form=ConfirmForm(formdata=None, prefix="revoke"),
        new_key=new_key,
        new_row=new_row,
    )
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/admin/open311-keys")
def admin_open311_keys():
    _administrator()
    return _render(Open311KeyForm(formdata=None))


@bp.post("/admin/open311-keys")
def admin_issue_open311_key():
    actor = _administrator()
    form = Open311KeyForm()
    if not form.validate_on_submit():
        return _render(form, status=400)
    try:
        row, key = keys.issue_key(form.name.data, actor=actor)
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error)
        return _render(form, status=400)
    db.session.commit()
    return _render(Open311KeyForm(formdata=None), new_key=key, new_row=row)


@bp.post("/admin/open311-keys/<int:key_id>/revoke")
def admin_revoke_open311_key(key_id: int):
    actor = _administrator()
    row = load_or_404(Open311Key, key_id)
    if not ConfirmForm(prefix="revoke").validate_on_submit():
        raise ValidationError("The form expired. Reload the page and try again.")
    keys.revoke_key(row, actor=actor)
    db.session.commit()
    flash(f"Open311 key {row.name} revoked: requests with it are refused from now on.")
    return redirect(url_for(".admin_open311_keys"))
