"""Languages of the pages: Flask-Babel, the language each request speaks, and its catalogs.

A request speaks the language the person chose (the switcher remembers it in the session and,
for a signed-in person, on their account), else their account's language, else the best match
of the browser's Accept-Language, else English.

Catalogs are gettext ``.po`` files in a ``translations`` folder: ``servicedesk/translations``
for the portals, and any domain package may keep its own (``servicedesk/<package>/translations``)
so areas translate their pages independently; all of them are merged at run time. The compiled
``.mo`` files are built by ``scripts/setup-venv`` (``python -m servicedesk.i18n``), not kept in git.

Domains never read the request: they word their messages with ``lazy_text``, which is
translated only when a page, an email or an API answer turns it into text, in the language of
that request. Pages format dates with ``local_datetime`` in the reader's language.
"""

import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_time, get_timezone_name
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, format_decimal, get_locale, gettext, ngettext
from flask_babel.speaklater import LazyString
from markupsafe import escape

from .languages import DEFAULT_LANGUAGE, LANGUAGES, supported

PACKAGE = Path(__file__).resolve().parent
SESSION_KEY = "language"
# The functions a translatable string is written with, for ``pybabel extract -k``.
# (``_l`` is how portals import ``lazy_text`` for form labels.)
EXTRACT_KEYWORDS = {"lazy_text": None, "_l": None, "lazy_plural": (1, 2), "lazy_gettext": None}

babel = Babel()


def translation_folders() -> list[Path]:
    """Every ``translations`` folder in the package, the portals' own first."""
    own = PACKAGE / "translations"
    others = sorted(p for p in PACKAGE.glob("*/translations") if p.is_dir())
    return [own, *others]


def init_app(app: Flask) -> None:
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", ";".join(str(p) for p in translation_folders())
    )
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    babel.init_app(app, locale_selector=request_language)
    # WTForms' own validator messages follow the page's language (Flask-WTF asks Flask-Babel).
    app.config.setdefault("WTF_I18N_ENABLED", True)
    app.jinja_env.globals.update(current_language=current_language, LANGUAGES=LANGUAGES)
    app.jinja_env.filters.update(
        local_datetime=local_datetime, local_date=local_date, number=format_decimal
    )


def request_language() -> str:
    """The language this request speaks (see the module docstring for the order); outside a
    request (a worker, a command, a test's app context) messages are in the default."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    from flask_login import current_user

    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def current_language() -> str:
    """The two-letter code of the language this request speaks ("en" outside a request)."""
    locale = get_locale()
    return supported(locale.language if locale else None)


def remember_language(language: str) -> str:
    """Speak *language* for the rest of this browser session; return the language kept."""
    language = supported(language)
    session[SESSION_KEY] = language
    return language


class LazyText(LazyString):
    """A message translated when it is shown; in a page it is escaped like any other text
    (Flask-Babel's own lazy strings pass for safe HTML, which is wrong for a message that
    quotes what a person typed)."""

    def __html__(self) -> str:
        return str(escape(str(self)))


def lazy_text(message: str, **values) -> LazyText:
    """*message* in the language of whoever reads it; ``%(name)s`` placeholders take *values*."""
    return LazyText(gettext, message, **values)


def lazy_plural(singular: str, plural: str, num: int, **values) -> LazyText:
    """*singular* or *plural* (by *num*, also ``%(num)s``) in the reader's language."""
    return LazyText(ngettext, singular, plural, num, **values)


def local_datetime(value: datetime | None, timezone: str | None = None) -> str:
    """An instant as the reader's language writes it, in *timezone* (default: the desk's):
    "Wednesday, December 2, 2026, 9:05 AM (Eastern Standard Time)" or "miércoles, 2 de
    diciembre de 2026, 9:05 (hora estándar oriental)"."""
    if value is None:
        return ""
    value, language = _in_zone(value, timezone), current_language()
    day = format_date(value, "full", locale=language)
    zone = get_timezone_name(value, "long", locale=language)
    return f"{day}, {format_time(value, 'short', locale=language)} ({zone})"


def local_date(value: datetime | None, timezone: str | None = None) -> str:
    """The day of an instant in the reader's language: "December 2, 2026", "2 de diciembre
    de 2026"."""
    if value is None:
        return ""
    return format_date(_in_zone(value, timezone), "long", locale=current_language())


def _in_zone(value: datetime, timezone: str | None) -> datetime:
    """*value* in *timezone*, else the desk's (``DEFAULT_TIMEZONE``), else UTC."""
    try:
        zone = ZoneInfo(timezone or current_app.config.get("DEFAULT_TIMEZONE") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    if value.tzinfo is None:  # stored instants are UTC; SQLite hands them back naive
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


def compile_catalogs() -> list[Path]:
    """Compile every ``.po`` catalog whose ``.mo`` is missing or older; return those written."""
    written = []
    for folder in translation_folders():
        for po_path in folder.glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogs():
        print(f"compiled {path.relative_to(PACKAGE.parent)}", file=sys.stderr)
