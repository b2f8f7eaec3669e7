"""Translated words for bookings that work in a request and outside one (worker, CLI, tests).

Inside a request ``gettext`` speaks the request's language; outside one (where the language
selector has no session to read) it speaks the language the caller chose with
``flask_babel.force_locale``, else the default language. The strings live in
``bookings/translations``.
"""

from flask import has_request_context
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _babel_gettext

from ..languages import DEFAULT_LANGUAGE


def gettext(text: str, **values) -> str:
    if not has_request_context():
        try:
            get_locale()  # answers inside force_locale; the selector needs a request otherwise
        except RuntimeError:
            with force_locale(DEFAULT_LANGUAGE):
                return _babel_gettext(text, **values)
    return _babel_gettext(text, **values)
