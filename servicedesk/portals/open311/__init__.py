"""Open311 GeoReport v2 at /open311/v2/: discovery, services, requests, tokens; XML and JSON.

The format comes from the path's extension (``services.xml``, ``requests/SD-000012.json``).
Views only read parameters (an empty one is absent, as the spec asks), call ``open311``'s
rules and render; every error, whatever raised it, answers the spec's error list in the
asked format with 400 (can't be done), 403 (api_key), 404 (no such thing) or 429. POST needs
an api_key and is rate-limited per key and per address; GETs are open, limited per address.
"""

import hashlib
import re
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

from ...errors import DomainError, NotFound, ValidationError
from ...extensions import configured_limit, csrf, db, limiter
from ...open311 import georeport, keys
from ...timeutils import utcnow
from ..common import status_of
from . import formats
from .openapi import openapi_document

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")


class AnyTextConverter(BaseConverter):
    """The rest of the path, whatever it holds (slashes, newlines): ids and codes come from
    clients, and an odd one must get Open311's 404, not a routing miss answered in HTML."""

    regex = r"[\s\S]+"
    part_isolating = False


@bp.record_once
def _add_converter(state) -> None:
    state.app.url_map.converters["open311_rest"] = AnyTextConverter


# A path with a doubled slash must reach the view, not be redirected to a merged path.
REST = {"merge_slashes": False}
# Open311 clients are other programs posting forms without our CSRF token; the api_key is
# their credential, and no browser session is read here.
csrf.exempt(bp)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API's shape last changed (the discovery document's changeset).
CHANGESET = "2026-12-02T00:00:00Z"
POST_FIELDS = (
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
)
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]*)\](\[\])?$")


# --- errors in the asked format --------------------------------------------------------------


def _error_response(messages: list[str], status: int) -> Response:
    db.session.rollback()
    return formats.errors([(status, m) for m in messages], formats.format_of(request.path), status)


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    fields = getattr(error, "fields", None) or {}
    messages = [f"{name}: {message}" for name, message in fields.items()] or [error.message]
    return _error_response(messages, status_of(error))


# Flask prefers an app handler for the exact code over a blueprint's class handler, and the
# app has its own for these codes: name them here too.
@bp.errorhandler(400)
@bp.errorhandler(413)
@bp.errorhandler(429)
@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    status = error.code or 400
    if status == 429:
        message = "Too many requests in a short time. Wait a minute and try again."
    else:
        message = error.description or error.name
    response = _error_response([message], status)
    for name, value in error.get_headers():
        if name in ("Allow", "Retry-After"):
            response.headers[name] = value
    return response


@bp.before_app_request
def refuse_nul_characters():
    """PostgreSQL cannot store U+0000; refuse it in Open311's own error format (this runs
    before the app-wide check, which answers in HTML)."""
    if request.blueprint != bp.name:
        return None
    values = [request.path, *request.args.values()]
    values += request.form.values() if request.form else []
    if any("\x00" in value for value in values):
        return _error_response(["The text contains a NUL character, which is not allowed."], 400)
    return None


# --- parameters ----------------------------------------------------------------------------


def _value(name: str, source=None) -> str:
    """A parameter as stripped text; an empty one is the same as an absent one."""
    return ((source if source is not None else request.args).get(name) or "").strip()


def _split_format(rest: str) -> tuple[str, str]:
    """``SD-000012.json`` -> (``SD-000012``, ``json``).

    :raises NotFound: for a path without a format we answer in.
    """
    name, dot, fmt = rest.rpartition(".")
    if not dot or fmt not in formats.FORMATS:
        raise NotFound("Add .xml or .json to the path to choose the format.")
    return name, fmt


def _check_format(fmt: str) -> str:
    if fmt not in formats.FORMATS:
        raise NotFound("Add .xml or .json to the path to choose the format.")
    return fmt


def _check_jurisdiction(source=None) -> None:
    """One desk serves one jurisdiction: a jurisdiction_id, when given, must be ours.

    :raises NotFound: for another jurisdiction.
    """
    given = _value("jurisdiction_id", source)
    ours = current_app.config["OPEN311_JURISDICTION"]
    if given and ours and given.lower() != ours.lower():
        raise NotFound(f"jurisdiction_id {given!r} was not found; this endpoint serves {ours!r}.")


def _timezone() -> str:
    return current_app.config["DEFAULT_TIMEZONE"]


def _per_key() -> str:
    """The rate limit counts per api_key (its hash), or per address without one."""
    key = request.form.get("api_key") or ""
    if key:
        return "open311-key:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return get_remote_address()


# --- documents -----------------------------------------------------------------------------


def _service_doc(service: georeport.Service) -> dict:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": service.metadata,
        "type": service.type,
        "keywords": service.keywords,
        "group": service.group,
    }


def _attribute_doc(attribute: georeport.Attribute) -> dict:
    return {
        "variable": attribute.variable,
        "code": attribute.code,
        "datatype": attribute.datatype,
        "required": attribute.required,
        "datatype_description": attribute.datatype_description,
        "order": attribute.order,
        "description": attribute.description,
        "values": [{"key": key, "name": name} for key, name in attribute.values],
    }


def _request_doc(record: georeport.RequestRecord) -> dict:
    zone = _timezone()
    return {
        "service_request_id": record.service_request_id,
        "status": record.status,
        "status_notes": record.status_notes,
        "service_name": record.service_name,
        "service_code": record.service_code,
        "description": record.description,
        "agency_responsible": record.agency_responsible,
        "service_notice": record.service_notice,
        "requested_datetime": formats.w3c(record.requested_datetime, zone),
        "updated_datetime": formats.w3c(record.updated_datetime, zone),
        "expected_datetime": formats.w3c(record.expected_datetime, zone),
        "address": record.address,
        "address_id": record.address_id,
        "zipcode": record.zipcode,
        "lat": record.lat,
        "long": record.long,
        "media_url": record.media_url,
    }


# --- endpoints -----------------------------------------------------------------------------


@bp.get("/")
def index():
    return redirect(url_for(".discovery", fmt="json"))


@bp.get("/openapi.json")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def openapi():
    return jsonify(openapi_document(current_app.config["BASE_URL"]))


@bp.get("/discovery.<fmt>")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def discovery(fmt: str):
    _check_format(fmt)
    config = current_app.config
    document = {
        "changeset": CHANGESET,
        "contact": config["OPEN311_CONTACT"],
        "key_service": config["OPEN311_KEY_SERVICE"],
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": config["BASE_URL"] + bp.url_prefix,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return formats.render("discovery", document, fmt)


@bp.get("/services.<fmt>")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def services(fmt: str):
    _check_format(fmt)
    _check_jurisdiction()
    return formats.render("services", [_service_doc(s) for s in georeport.list_services()], fmt)


@bp.get("/services/<open311_rest:rest>", **REST)
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def service_definition(rest: str):
    code, fmt = _split_format(rest)
    _check_jurisdiction()
    if not code.strip():
        raise ValidationError("service_code was not provided.", {"service_code": "Required."})
    service = georeport.get_service(code.strip())
    document = {
        "service_code": service.code,
        "attributes": [_attribute_doc(attribute) for attribute in service.attributes],
    }
    return formats.render("service_definition", document, fmt)


@bp.post("/requests.<fmt>")
@limiter.limit(configured_limit("OPEN311_WRITE_LIMIT"), key_func=_per_key)
# Guessing keys from one address is bounded too (each guess would get its own per-key count).
@limiter.limit(configured_limit("OPEN311_ADDRESS_LIMIT"))
def create_request(fmt: str):
    _check_format(fmt)
    form = request.form
    _check_jurisdiction(form)
    key = keys.authenticate(form.get("api_key") or request.args.get("api_key"))
    submission = georeport.Submission(
        **{name: _value(name, form) for name in POST_FIELDS},
        attributes=_attributes(form),
    )
    filed = georeport.submit_request(
        submission,
        key=key,
        language=request.accept_languages.best_match(["en", "es"]) or "en",
        now=utcnow(),
    )
    document = [
        {
            "service_request_id": filed.ticket.reference,
            "token": filed.record.token,
            "service_notice": _notice(filed.ticket),
            "account_id": None,
        }
    ]
    db.session.commit()
    return formats.render("service_requests", document, fmt)


def _notice(ticket) -> str:
    """What happens next, from the SLA the ticket got (in the desk's local time)."""
    text = f"Filed as {ticket.reference}."
    if ticket.resolution_due_at is not None:
        due = ticket.resolution_due_at.astimezone(ZoneInfo(_timezone()))
        text += f" We aim to resolve it by {due:%Y-%m-%d %H:%M} ({_timezone()})."
    return text


def _attributes(form) -> dict[str, list[str]]:
    """``attribute[code]=v`` and ``attribute[code][]=v1&attribute[code][]=v2`` by code."""
    found: dict[str, list[str]] = {}
    for name in form:
        match = _ATTRIBUTE.match(name)
        if match:
            values = [value.strip() for value in form.getlist(name)]
            found.setdefault(match.group(1), []).extend(values)
    return found


@bp.get("/requests.<fmt>")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def list_requests(fmt: str):
    _check_format(fmt)
    _check_jurisdiction()
    query = georeport.parse_query(
        **{
            name: _value(name)
            for name in ("service_request_id", "service_code", "status", "start_date", "end_date")
        },
        now=utcnow(),
    )
    records = georeport.find_requests(query)
    return formats.render("service_requests", [_request_doc(r) for r in records], fmt)


@bp.get("/requests/<open311_rest:rest>", **REST)
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def get_request(rest: str):
    service_request_id, fmt = _split_format(rest)
    _check_jurisdiction()
    record = georeport.get_request(service_request_id)
    return formats.render("service_requests", [_request_doc(record)], fmt)


@bp.get("/tokens/<open311_rest:rest>", **REST)
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def token(rest: str):
    value, fmt = _split_format(rest)
    _check_jurisdiction()
    service_request_id, found = georeport.find_token(value)
    document = [{"service_request_id": service_request_id, "token": found}]
    return formats.render("service_requests", document, fmt)
