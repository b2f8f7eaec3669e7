"""Every error of the REST API as one RFC 9457 problem (``application/problem+json``).

A problem has ``type`` (a URI naming the kind of error), ``title`` (the same for every error of
that kind), ``status``, ``detail`` (this occurrence, in words a person can act on) and, when
input was wrong, ``errors``: a map from the field (``subject``, ``status``, ``location.lat``)
to what is wrong with it. Domain errors, HTTP errors, flask-smorest's
validation errors, CSRF failures, stale writes and rate limits all come through here.
"""

from http import HTTPStatus
from typing import Any

from flask import current_app, json, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ...errors import DomainError
from ...extensions import db
from ..common import status_of

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/problems/"
# Headers an HTTP error carries that a client needs (RFC 9110: Allow on 405; RFC 6750:
# WWW-Authenticate on 401; Retry-After on 429).
KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")

TYPES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid-input",
    429: "too-many-requests",
}

TITLES = {
    400: "The request is not valid",
    401: "Sign-in needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported media type",
    422: "Some fields are not valid",
    429: "Too many requests",
}


def problem(
    status: int,
    detail: str,
    *,
    fields: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    title: str | None = None,
):
    """An RFC 9457 response; *fields* map each wrong field to its message."""
    db.session.rollback()
    body: dict[str, Any] = {
        "type": TYPE_BASE + TYPES.get(status, "error"),
        "title": title or TITLES.get(status) or _phrase(status),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if fields:
        body["errors"] = {str(name): _message(value) for name, value in fields.items()}
    response = current_app.response_class(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _message(value: Any) -> str:
    """One sentence from a field's messages (webargs gives lists, or nested maps)."""
    if isinstance(value, dict):
        return " ".join(f"{key}: {_message(inner)}" for key, inner in value.items())
    if isinstance(value, list | tuple):
        return " ".join(_message(inner) for inner in value)
    return str(value)


def _flatten(messages: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """webargs's ``{"location": {"lat": [...]}}`` as ``{"location.lat": [...]}``."""
    flat: dict[str, Any] = {}
    for key, value in messages.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def from_http_exception(error: HTTPException):
    code = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k in KEPT_HEADERS}
    data = getattr(error, "data", None) or {}
    headers.update(data.get("headers") or {})
    fields = None
    if "messages" in data:  # webargs/flask-smorest validation
        fields = {}
        for value in data["messages"].values():
            # Field names are unique across an operation's body, query and path: name the field
            # alone, as the services do ("subject", "status"); a body that is not JSON is "body".
            fields.update(_flatten(value) if isinstance(value, dict) else {"body": value})
        detail = "Some fields are not valid: see errors."
    elif code == 405:
        detail = f"{request.method} is not allowed here. Allowed: {headers.get('Allow', '—')}."
    elif code == 429:
        detail = "Too many requests in a short time. Wait a minute and try again."
    else:
        detail = data.get("message") or error.description or error.name
    return problem(code, detail, fields=fields, headers=headers)


def register(blueprint) -> None:
    """Answer every error raised while one of the API's views runs as a problem."""

    @blueprint.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return problem(status_of(error), error.message, fields=getattr(error, "fields", None))

    @blueprint.errorhandler(StaleDataError)
    def stale(error):
        return problem(409, "Someone changed this ticket at the same moment. Read it and retry.")

    @blueprint.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return problem(
            400,
            "A call with the browser session needs the X-CSRFToken header (or use a token).",
            fields={"header.X-CSRFToken": error.description},
        )

    @blueprint.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return problem(413, f"The request is too large: at most {limit} MB.")

    blueprint.errorhandler(HTTPException)(from_http_exception)
