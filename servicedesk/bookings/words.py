"""Translated words for bookings that work in a request and outside one (worker, CLI, tests).

Inside a request ``gettext`` speaks the request's language; outside one (where the language
selector has no session to read) it speaks the default language, unless the caller chose one
with ``flask_babel.force_locale``. The strings live in ``bookings/translations``.
"""

from flask import g, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _babel_gettext

from ..languages import DEFAULT_LANGUAGE


def gettext(text: str, **values) -> str:
    forced = getattr(getattr(g, "_flask_babel", None), "forced_babel_locale", None) if g else None
    if has_request_context() or forced is not None:
        return _babel_gettext(text, **values)
    with force_locale(DEFAULT_LANGUAGE):
        return _babel_gettext(text, **values)
