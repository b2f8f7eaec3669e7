"""The language switcher: ``POST /language`` speaks the chosen language from now on.

It is a form (no JavaScript needed) on every page. The choice is kept in the session; a
signed-in person's account remembers it too, for their next visit and for their emails.
"""

from flask import Blueprint, redirect, request, url_for

from ..extensions import db
from ..i18n import remember_language
from ..notifications import preferences
from .auth import _safe_next
from .common import current_actor

bp = Blueprint("language", __name__)


@bp.post("/language")
def switch():
    language = remember_language(request.form.get("language", ""))
    actor = current_actor()
    if actor is not None and actor.language != language:
        preferences.set_language(actor, language, actor=actor)
        db.session.commit()
    return redirect(_safe_next(request.form.get("next")) or url_for("index"), code=303)
