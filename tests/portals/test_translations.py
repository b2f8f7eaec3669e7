"""Every string a resident can read has its Spanish translation, with the same placeholders.

The strings are extracted the way ``pybabel extract -F babel.cfg`` does (the same methods and
keywords) from the templates and modules that make the citizen portal, its emails and the
errors residents get; the catalogs are merged as the app merges them. A new page or message
that ships without its Spanish fails here with the list of what is missing.
"""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po
from babel.util import pathmatch

from servicedesk.i18n import EXTRACT_KEYWORDS, translation_folders

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "servicedesk"
TEMPLATES = PACKAGE / "templates"

# What a resident reads: their pages, the shared layout and errors, and the modules whose
# messages (form labels, flashes, domain errors, plain-word expectations) reach those pages.
RESIDENT_TEMPLATES = [
    "base.html",
    "error.html",
    "_macros.html",
    "_catalog_fields.html",
    "citizen/*.html",
    "kb/*.html",
    "auth/*.html",
    "notifications/*.html",
    "notifications/*.txt",
]
RESIDENT_MODULES = [
    "portals/citizen/*.py",
    "portals/auth/*.py",
    "portals/kb.py",
    "portals/notifications.py",
    "portals/language.py",
    "portals/common.py",
    "tickets/service.py",
    "tickets/photos.py",
    "tickets/catalog.py",
    "tickets/expectations.py",
    "tickets/lifecycle.py",
    "accounts/residents.py",
    "knowledge/search.py",
    "notifications/notices.py",
]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]")


def babel_methods() -> list[tuple[str, str]]:
    """(glob, method) pairs of babel.cfg, so the test extracts as the documented command does."""
    methods = []
    for line in (ROOT / "babel.cfg").read_text().splitlines():
        found = re.fullmatch(r"\[(\w+):\s*(.+)\]", line.strip())
        if found:
            methods.append((found.group(2), found.group(1)))
    return methods


def method_for(path: Path) -> str:
    relative = path.relative_to(ROOT).as_posix()
    for pattern, method in babel_methods():
        if pathmatch(pattern, relative):  # babel's own glob, as pybabel matches babel.cfg
            return method
    raise AssertionError(f"babel.cfg has no extraction method for {relative}")


def resident_files() -> list[Path]:
    files = [path for pattern in RESIDENT_TEMPLATES for path in TEMPLATES.glob(pattern)]
    files += [path for pattern in RESIDENT_MODULES for path in PACKAGE.glob(pattern)]
    return sorted(set(files))


def extracted() -> dict[str | tuple[str, ...], str]:
    """Each message id -> where it was first found."""
    keywords = DEFAULT_KEYWORDS | EXTRACT_KEYWORDS
    messages = {}
    for path in resident_files():
        for lineno, message, _comments, _context in extract_from_file(
            method_for(path), str(path), keywords=keywords
        ):
            key = message if isinstance(message, str) else tuple(message)
            messages.setdefault(key, f"{path.relative_to(ROOT)}:{lineno}")
    return messages


def spanish() -> dict:
    """The Spanish of every catalog the app merges: message id -> its translation."""
    merged = {}
    for folder in translation_folders():
        for po_path in folder.glob("es/LC_MESSAGES/*.po"):
            with po_path.open("rb") as po_file:
                for message in read_po(po_file, locale="es"):
                    if message.id:
                        key = message.id if isinstance(message.id, str) else tuple(message.id)
                        merged.setdefault(key, message.string)
    return merged


def is_translated(translation) -> bool:
    if isinstance(translation, tuple | list):
        return bool(translation) and all(form.strip() for form in translation)
    return bool(translation and translation.strip())


def test_the_resident_files_are_found_and_hold_messages():
    files = resident_files()
    assert any(path.name == "track.html" for path in files)
    assert any(path.name == "photos.py" for path in files)
    assert len(extracted()) > 300  # a broken extraction must not pass as "nothing missing"


def test_every_resident_message_has_a_spanish_translation():
    catalog = spanish()
    missing = [
        f"{where}: {message!r}"
        for message, where in extracted().items()
        if not is_translated(catalog.get(message))
    ]
    assert not missing, "No Spanish for:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders_of_their_message():
    catalog = spanish()
    wrong = []
    for message in extracted():
        translation = catalog.get(message)
        if not is_translated(translation):
            continue
        plural = message[-1] if isinstance(message, tuple) else message
        expected = set(PLACEHOLDER.findall(plural))
        forms = translation if isinstance(translation, tuple | list) else [translation]
        # A singular form may spell "one" out, so only the last (plural) form must have all.
        if not set(PLACEHOLDER.findall(forms[-1])) >= expected - {"num"}:
            wrong.append(f"{message!r} -> {translation!r}")
        if any(set(PLACEHOLDER.findall(form)) - expected for form in forms):
            wrong.append(f"{message!r} -> {translation!r} (unknown placeholder)")
    assert not wrong, "\n".join(wrong)
