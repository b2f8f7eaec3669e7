"""Languages of the pages: Flask-Babel, the language each request speaks, and its catalogs.

A request speaks the language the person chose (the switcher remembers it in the session and,
for a signed-in person, on their account), else their account's language, else the best match
of the browser's Accept-Language, else English.

Catalogs are gettext ``.po`` files in a ``translations`` folder: ``servicedesk/translations``
for the portals, and any domain package may keep its own (``servicedesk/<package>/translations``)
so areas translate their pages independently; all of them are merged at run time. The compiled
``.mo`` files are built by ``scripts/setup-venv`` (``python -m servicedesk.i18n``), not kept in git.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request, session
from flask_babel import Babel, get_locale

from .languages import DEFAULT_LANGUAGE, LANGUAGES, supported

PACKAGE = Path(__file__).resolve().parent
SESSION_KEY = "language"

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
    app.jinja_env.globals.update(current_language=current_language, LANGUAGES=LANGUAGES)


def request_language() -> str:
    """The language this request speaks (see the module docstring for the order)."""
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
