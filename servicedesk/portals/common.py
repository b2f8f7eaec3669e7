"""What every portal shares: the current actor, loading objects, error pages, headers, health."""

from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from wtforms import SelectChoice

from ..accounts.models import User
from ..errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ..extensions import db
from ..i18n import lazy_text
from ..tickets.lifecycle import Status
from ..tickets.models import EventKind, TicketEvent
from ..timeutils import utcnow

STATUS_OF_ERROR = {
    NotFound: 404,
    PermissionDenied: 403,
    InvalidTransition: 409,
    Conflict: 409,
    ValidationError: 400,
}

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self)",
}


def current_actor() -> User | None:
    """Return the signed-in user as a plain model object (not Flask-Login's proxy)."""
    if not current_user.is_authenticated:
        return None
    return current_user._get_current_object()


MAX_ID = 2**63 - 1  # the largest id any of our databases stores


def parse_id(text: str | None) -> int | None:
    """Return the id written in a form or query value, or None if it is not one."""
    text = (text or "").strip()
    # isascii: str.isdigit() also accepts digits such as "²" that int() refuses.
    return int(text) if text.isascii() and text.isdigit() and int(text) <= MAX_ID else None


def load_or_404(model, object_id: int):
    """:raises NotFound: if there is no such row."""
    obj = db.session.get(model, object_id) if 0 < object_id <= MAX_ID else None
    if obj is None:
        raise NotFound(
            lazy_text("There is no %(kind)s %(id)s.", kind=model.__name__.lower(), id=object_id)
        )
    return obj


def choices(pairs) -> list[SelectChoice]:
    """WTForms select options from (value, label) pairs (WTForms 3.3 retires bare tuples)."""
    return [SelectChoice(str(value), str(label)) for value, label in pairs]


def show_errors(form, error: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's field messages next to the form's fields, the rest at the top.

    *aliases* name the form field for a service's field name (``{"location": "address"}``).
    """
    for name, message in (error.fields or {"": error.message}).items():
        name = (aliases or {}).get(name, name)
        if name and name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            form.form_errors.append(message)


def status_of(error: DomainError) -> int:
    return next(code for kind, code in STATUS_OF_ERROR.items() if isinstance(error, kind))


def wants_json() -> bool:
    return (
        request.path.startswith(("/api/", "/healthz"))
        or request.accept_mimetypes.best == "application/json"
    )


# Werkzeug's own descriptions are English; a page a person reads says it in their language.
_PLAIN_MESSAGES = {
    400: lazy_text("The request could not be understood. Go back and try again."),
    403: lazy_text("You are not allowed to see this page."),
    404: lazy_text(
        "There is no page at this address. Check the address, or start again from the home page."
    ),
    405: lazy_text("This page cannot be used that way."),
}


def error_response(message: str, status: int, fields: dict | None = None, headers=None):
    db.session.rollback()
    # Messages may be translated lazily: they become text here, in the reader's language.
    message = str(message)
    fields = {name: str(text) for name, text in (fields or {}).items()}
    if request.path.startswith("/api/"):
        from .api.problems import problem  # the REST API answers RFC 9457 problems

        return problem(status, message, fields=fields, headers=headers)
    if wants_json():
        return jsonify(error=message, fields=fields or {}), status
    return render_template(
        "error.html", message=message, status=status, fields=fields or {}
    ), status


def security_headers_for(config) -> dict[str, str]:
    """The headers every answer carries; map tiles may come from the configured tile server."""
    tiles = urlsplit((config.get("MAP_TILE_URL") or "").replace("{s}", "*"))
    if tiles.scheme not in ("http", "https") or not tiles.netloc:
        return SECURITY_HEADERS  # relative tiles: 'self' covers them
    if not all(char.isalnum() or char in ".-:*" for char in tiles.netloc):
        raise ValueError(f"SERVICEDESK_MAP_TILE_URL is not an http(s) URL: {tiles.geturl()!r}")
    origin = f"{tiles.scheme}://{tiles.netloc}"
    policy = SECURITY_HEADERS["Content-Security-Policy"].replace(
        "img-src 'self' data:", f"img-src 'self' data: {origin}"
    )
    return SECURITY_HEADERS | {"Content-Security-Policy": policy}


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return error_response(error.message, status_of(error), getattr(error, "fields", None))

    @app.errorhandler(StaleDataError)
    def stale(error):
        return error_response(
            _("Someone changed this ticket at the same moment. Reload it and try again."), 409
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(
            _("The form expired or was not sent from this site. Reload the page and try again."),
            400,
        )

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return error_response(
            _("The upload is too large: at most %(limit)s MB in one request.", limit=limit), 413
        )

    @app.errorhandler(429)
    def too_many(error):
        return error_response(
            _("Too many requests from your address in a short time. Wait a minute and try again."),
            429,
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = error.description or error.name
        if message == type(error).description and error.code in _PLAIN_MESSAGES:
            message = _PLAIN_MESSAGES[error.code]
        kept = {k: v for k, v in error.get_headers() if k in ("Allow", "WWW-Authenticate")}
        return error_response(message, error.code or 500, headers=kept)

    @app.before_request
    def refuse_nul_characters():
        # PostgreSQL cannot store U+0000 in text; no person types it, so refuse it up front.
        values = [*request.args.values(), *(request.form.values() if request.form else [])]
        if any("\x00" in value for value in values):
            return error_response(
                _("The text contains a NUL character, which is not allowed."), 400
            )
        return None

    headers = security_headers_for(app.config)

    @app.after_request
    def security_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if not app.debug and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @app.get("/healthz")
    def healthz():
        try:
            db.session.execute(text("SELECT 1"))
            database = {"status": "ok", "backend": db.engine.dialect.name}
            code = 200
        except Exception as error:  # the point of a health check is to report any failure
            database = {"status": "error", "error": error.__class__.__name__}
            code = 503
        return jsonify(status="ok" if code == 200 else "error", database=database), code

    app.jinja_env.filters["when"] = format_when
    app.jinja_env.filters["ago"] = format_ago
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["event_sentence"] = event_sentence
    app.jinja_env.globals["current_actor"] = current_actor


def format_when(value: datetime | None) -> str:
    """A UTC instant as the desk's readers see it: date and minute, in UTC."""
    return "—" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def format_ago(value: datetime | None) -> str:
    """Relative time ("in 3 h", "5 min ago") for queue columns."""
    if value is None:
        return "—"
    seconds = (value - utcnow()).total_seconds()
    amount, unit = _unit(abs(seconds))
    return f"in {amount} {unit}" if seconds >= 0 else f"{amount} {unit} ago"


def _unit(seconds: float) -> tuple[int, str]:
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return int(seconds // size), unit
    return int(seconds), "s"


def paragraphs(value: str) -> Markup:
    """Plain text as escaped HTML paragraphs with line breaks (user text is never HTML)."""
    blocks = [block for block in str(value or "").split("\n\n") if block.strip()]
    html = "".join(
        "<p>" + "<br>".join(str(escape(line)) for line in block.splitlines()) + "</p>"
        for block in blocks
    )
    return Markup(html)


_TARGETS = {"first_response": "first response", "resolution": "resolution"}


def _status_label(value: str | None) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value or "—"


def event_sentence(event: TicketEvent) -> str:
    """What an audited change did, as a person would say it (the actor is shown beside it)."""
    old, new = event.old_value, event.new_value
    kind = event.kind
    if kind == EventKind.OPENED:
        return f"opened the ticket via {new}"
    if kind in (EventKind.STATUS_CHANGED, EventKind.REPLIED, EventKind.MERGED_INTO) and new:
        verb = {EventKind.REPLIED: "replied; status", EventKind.MERGED_INTO: "merged; status"}
        return f"{verb.get(kind, 'changed status')} {_status_label(old)} → {_status_label(new)}"
    if kind == EventKind.SLA_WARNING:
        return f"SLA warning: {_TARGETS.get(new, new)} due soon"
    if kind == EventKind.SLA_BREACH:
        return f"SLA breached: {_TARGETS.get(new, new)}"
    sentences = {
        EventKind.ASSIGNED: f"assigned to {new}" + (f" (was {old})" if old else ""),
        EventKind.TEAM_CHANGED: f"moved to {new}" + (f" (was {old})" if old else ""),
        EventKind.PRIORITY_CHANGED: f"set priority to {new} (was {old})",
        EventKind.CATEGORY_CHANGED: f"recategorised as {new or 'no category'}",
        EventKind.REPLIED: "replied",
        EventKind.NOTE_ADDED: "added an internal note",
        EventKind.ATTACHMENT_ADDED: f"attached {new}",
        EventKind.MERGED: f"merged {new} into this ticket",
        EventKind.LINKED: f"linked {new}",
        EventKind.CHILD_ADDED: f"added child task {new}",
        EventKind.FOLLOWED: f"added {new} as a follower",
    }
    return sentences.get(kind, kind.value.replace("_", " "))
