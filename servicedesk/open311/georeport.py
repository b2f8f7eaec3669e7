"""Our resident categories and request types as Open311 services, our tickets as requests.

The rules that keep this channel honest:

- A *service* is an active category or request type open to residents: ``c<id>`` for a category,
  ``i<id>`` for a request type with its own form (the same keys the citizen portal uses). Its
  form fields become Open311 attributes; a location field is filled from the request's location.
- A POST is validated completely (every problem named at once) and then filed through
  ``tickets.service.open_ticket`` like any other channel: the same routing, SLA and audit.
- A *request* is readable by anyone (GET requests needs no key), so only residents' reports in
  resident categories are listed, and a record never carries the reporter's name, email or phone:
  they are not fields of it, and the description is cleaned of them too. ``status_notes`` is the
  latest public reply written by staff, never an internal note and never the reporter's own words.
"""

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select

from ..accounts.models import STAFF_ROLES, Role, Team, User
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..tickets import catalog, lifecycle
from ..tickets import service as tickets
from ..tickets.models import (
    Audience,
    CatalogItem,
    Category,
    Channel,
    Message,
    Ticket,
    category_full_names,
    format_reference,
    parse_reference,
)
from .models import Open311Key, Open311Request

RESIDENT_AUDIENCES = (Audience.RESIDENTS, Audience.BOTH)
# The spec: GET requests answers at most 1000 requests from at most 90 days.
MAX_REQUESTS = 1000
MAX_WINDOW = timedelta(days=90)
MAX_DESCRIPTION = 4000
MAX_IDS = 100
MAX_NAME = 100
MAX_ADDRESS = 300
MAX_ADDRESS_ID = 120
MAX_MEDIA_URL = 2000
MAX_SUBJECT_CHARS = 100
TOKEN_BYTES = 18
OPEN = "open"
CLOSED = "closed"
REMOVED = "[removed]"

# Catalog field types -> Open311 datatypes. Location fields are not asked: the request's own
# location fills them.
DATATYPES = {
    "text": "string",
    "file": "string",
    "long_text": "text",
    "number": "number",
    "date": "datetime",
    "choice": "singlevaluelist",
    "multi_choice": "multivaluelist",
}
DATATYPE_HINTS = {
    "file": "A link (URL) to the file.",
    "date": "A date, or a W3C date and time such as 2026-11-22T10:00:00-05:00.",
    "number": "A number such as 42 or 3.5.",
}


# --- services ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    required: bool
    description: str
    order: int
    datatype_description: str | None = None
    values: tuple[tuple[str, str], ...] = ()
    variable: bool = True


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    description: str
    group: str
    category: Category
    item: CatalogItem | None = None
    attributes: tuple[Attribute, ...] = ()
    keywords: str = ""
    type: str = "realtime"

    @property
    def metadata(self) -> bool:
        """Whether a client must read the definition: only when there is something to ask."""
        return bool(self.attributes)


def list_services() -> list[Service]:
    """Every request type and category a resident may report, by name."""
    names = category_full_names()
    categories = db.session.scalars(
        select(Category).where(Category.is_active, Category.audience.in_(RESIDENT_AUDIENCES))
    ).all()
    items = db.session.scalars(
        select(CatalogItem)
        .join(Category, Category.id == CatalogItem.category_id)
        .where(
            CatalogItem.is_active,
            CatalogItem.audience.in_(RESIDENT_AUDIENCES),
            Category.is_active,
            Category.audience.in_(RESIDENT_AUDIENCES),
        )
    ).all()
    services = [_item_service(item, names) for item in items]
    services += [_category_service(category, names) for category in categories]
    return sorted(services, key=lambda service: (service.name.lower(), service.code))


def get_service(code: str) -> Service:
    """Return the service with this code.

    :raises NotFound: if there is none open to residents.
    """
    kind, number = code[:1], code[1:]
    if kind in ("c", "i") and number.isascii() and number.isdigit() and len(number) < 10:
        names = category_full_names()
        if kind == "c":
            category = db.session.get(Category, int(number))
            if category is not None and _open_to_residents(category):
                return _category_service(category, names)
        else:
            item = db.session.get(CatalogItem, int(number))
            if (
                item is not None
                and item.is_active
                and item.audience in RESIDENT_AUDIENCES
                and _open_to_residents(item.category)
            ):
                return _item_service(item, names)
    raise NotFound(f"service_code {code!r} was not found.")


def _open_to_residents(category: Category) -> bool:
    return category.is_active and category.audience in RESIDENT_AUDIENCES


def _group(category: Category, names: Mapping[int, str]) -> str:
    return names.get(category.id, category.name).split(" › ")[0]


def _category_service(category: Category, names: Mapping[int, str]) -> Service:
    return Service(
        code=f"c{category.id}",
        name=names.get(category.id, category.name),
        description=category.description,
        group=_group(category, names),
        category=category,
    )


def _item_service(item: CatalogItem, names: Mapping[int, str]) -> Service:
    return Service(
        code=f"i{item.id}",
        name=item.name,
        description=item.description,
        group=_group(item.category, names),
        category=item.category,
        item=item,
        attributes=tuple(attributes_of(item.form_schema or [])),
    )


def attributes_of(schema: Iterable[Mapping[str, Any]]) -> list[Attribute]:
    """The Open311 attributes of a request type's form (pure)."""
    found = []
    for schema_field in schema:
        datatype = DATATYPES.get(schema_field["type"])
        if datatype is None:
            continue
        hint = schema_field.get("help") or DATATYPE_HINTS.get(schema_field["type"])
        found.append(
            Attribute(
                code=schema_field["name"],
                datatype=datatype,
                # A field shown only after another answer cannot be required up front.
                required=bool(schema_field.get("required")) and not schema_field.get("shown_when"),
                description=schema_field["label"],
                order=len(found) + 1,
                datatype_description=hint,
                values=tuple((choice, choice) for choice in schema_field.get("choices", ())),
            )
        )
    return found


# --- filing a request ----------------------------------------------------------------------


@dataclass
class Submission:
    """A POST requests body, as text (empty means absent, as the spec asks)."""

    service_code: str = ""
    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    description: str = ""
    media_url: str = ""
    attributes: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Filed:
    ticket: Ticket
    record: Open311Request


def submit_request(
    submission: Submission, *, key: Open311Key, language: str = "en", now: datetime
) -> Filed:
    """File an Open311 request as a ticket through the one write path.

    :raises ValidationError: naming every parameter that is missing or malformed.
    :raises NotFound: for an unknown service_code.
    """
    if not submission.service_code:
        raise ValidationError("service_code was not provided.", {"service_code": "Required."})
    service = get_service(submission.service_code)
    errors: dict[str, str] = {}
    location = _location(submission, errors)
    _check_contact(submission, errors)
    fields = _attribute_values(service, submission.attributes, location, errors)
    if service.item is not None:
        try:  # open_ticket checks again; asked here too, every problem is named at once
            catalog.clean_submission(service.item.form_schema or [], fields)
        except ValidationError as error:
            errors.update(_as_open311_fields(error.fields))
    if errors:
        raise ValidationError("The request could not be filed.", errors)
    try:
        ticket = tickets.open_ticket(
            actor=None,
            channel=Channel.OPEN311,
            subject=_subject(submission.description, service),
            description=submission.description,
            contact_name=" ".join(
                part for part in (submission.first_name, submission.last_name) if part
            ),
            contact_email=submission.email,
            contact_phone=submission.phone,
            category=service.category,
            catalog_item=service.item,
            fields=fields,
            location=location,
            language=language,
            client=key.name,
            now=now,
        )
    except ValidationError as error:
        # Name the Open311 parameter, not our form field.
        raise ValidationError(error.message, _as_open311_fields(error.fields)) from None
    record = Open311Request(
        ticket=ticket,
        key=key,
        token=secrets.token_urlsafe(TOKEN_BYTES),
        media_url=submission.media_url,
        address_id=submission.address_id,
        created_at=now,
    )
    db.session.add(record)
    db.session.flush()
    return Filed(ticket, record)


def _as_open311_fields(fields: Mapping[str, str]) -> dict[str, str]:
    names = {"contact_email": "email", "subject": "description", "location": "lat"}
    return {names.get(name, f"attribute[{name}]"): message for name, message in fields.items()}


def _location(submission: Submission, errors: dict[str, str]) -> dict[str, Any]:
    """The request's place from lat/long, address_string or address_id (at least one)."""
    location: dict[str, Any] = {}
    if submission.lat or submission.long:
        if not (submission.lat and submission.long):
            name = "long" if submission.lat else "lat"
            errors[name] = "lat and long must be given together."
        else:
            try:
                location.update(catalog.parse_point(submission.lat, submission.long, "lat/long"))
            except ValueError as error:
                errors["lat"] = str(error)
    if len(submission.address_string) > MAX_ADDRESS:
        errors["address_string"] = f"At most {MAX_ADDRESS} characters."
    if len(submission.address_id) > MAX_ADDRESS_ID:
        errors["address_id"] = f"At most {MAX_ADDRESS_ID} characters."
    address = submission.address_string or (
        f"Address ID {submission.address_id}" if submission.address_id else ""
    )
    if not (submission.lat or submission.long or address):
        errors["lat"] = "A location is required: lat and long, address_string or address_id."
    location["address"] = address[:MAX_ADDRESS]
    return location


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+().\- ]{3,40}$")


def _check_contact(submission: Submission, errors: dict[str, str]) -> None:
    if submission.email and (len(submission.email) > 254 or not _EMAIL.match(submission.email)):
        errors["email"] = "Enter a valid email address."
    if submission.phone and not _PHONE.match(submission.phone):
        errors["phone"] = "A phone number has digits, spaces and + ( ) - . only (at most 40)."
    for name in ("first_name", "last_name", "device_id", "account_id"):
        if len(getattr(submission, name)) > MAX_NAME:
            errors[name] = f"At most {MAX_NAME} characters."
    if len(submission.description) > MAX_DESCRIPTION:
        errors["description"] = f"At most {MAX_DESCRIPTION} characters."
    if submission.media_url and not _is_web_url(submission.media_url):
        errors["media_url"] = f"Give an http(s) URL of at most {MAX_MEDIA_URL} characters."


def _is_web_url(text: str) -> bool:
    return (
        len(text) <= MAX_MEDIA_URL
        and re.match(r"^https?://[^\s/?#]+[^\s]*$", text, re.IGNORECASE) is not None
    )


def _attribute_values(
    service: Service,
    raw: Mapping[str, list[str]],
    location: Mapping[str, Any],
    errors: dict[str, str],
) -> dict[str, Any]:
    """The request type's form values from ``attribute[code]``; location fields from the
    request's location. Only the form's own check (catalog.clean_submission) decides more."""
    if service.item is None:
        unknown = sorted(raw)
    else:
        schema = service.item.form_schema or []
        by_code = {f["name"]: f for f in schema}
        unknown = sorted(
            code for code in raw if DATATYPES.get(by_code.get(code, {}).get("type")) is None
        )
    for code in unknown[:10]:
        errors[f"attribute[{code[:40]}]"] = "This service has no such attribute."
    if service.item is None:
        return {}
    values: dict[str, Any] = {}
    for schema_field in service.item.form_schema or []:
        name = schema_field["name"]
        if schema_field["type"] == "location":
            values[name] = {
                "address": location.get("address", ""),
                "lat": location.get("lat"),
                "lon": location.get("lon"),
            }
        elif schema_field["type"] == "multi_choice":
            values[name] = [value for value in raw.get(name, []) if value]
        elif raw.get(name):
            values[name] = raw[name][0]
            if schema_field["type"] == "date":
                values[name] = _as_date(values[name])
    return values


def _as_date(text: str) -> str:
    """A W3C date or datetime as the date a person meant (in its own offset); other text is
    left for the form's check to refuse with its message."""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return text


def _subject(description: str, service: Service) -> str:
    """The queue's one-line summary: the description's first line, else the service name."""
    first_line = next((line.strip() for line in description.splitlines() if line.strip()), "")
    if not first_line:
        return service.name[: tickets.MAX_SUBJECT]
    if len(first_line) > MAX_SUBJECT_CHARS:
        first_line = first_line[: MAX_SUBJECT_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return first_line


# --- reading requests ----------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRecord:
    """One Open311 request as the spec names its fields (datetimes aware, in UTC)."""

    service_request_id: str
    status: str
    status_notes: str | None
    service_name: str
    service_code: str
    description: str
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None
    token: str | None = None


@dataclass(frozen=True)
class RequestQuery:
    """GET requests' filters, parsed; ``ids`` overrides the rest."""

    ids: tuple[int, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None


def visible_requests() -> Select:
    """The tickets Open311 shows to anyone: residents' reports in resident categories."""
    resident_categories = select(Category.id).where(Category.audience.in_(RESIDENT_AUDIENCES))
    resident_items = select(CatalogItem.id).where(CatalogItem.audience.in_(RESIDENT_AUDIENCES))
    residents = select(User.id).where(User.role == Role.RESIDENT)
    return select(Ticket).where(
        Ticket.category_id.in_(resident_categories),
        or_(Ticket.catalog_item_id.is_(None), Ticket.catalog_item_id.in_(resident_items)),
        Ticket.channel != Channel.EMPLOYEE_PORTAL,
        or_(Ticket.requester_id.is_(None), Ticket.requester_id.in_(residents)),
        # Child tasks are the desk's own work breakdown, not reports. (Asked through a
        # function: SQLite, without statistics, would otherwise walk the parent_id index,
        # which nearly every ticket matches, instead of the created_at window.)
        func.coalesce(Ticket.parent_id, 0) == 0,
    )


def parse_query(
    *,
    service_request_id: str = "",
    service_code: str = "",
    status: str = "",
    start_date: str = "",
    end_date: str = "",
    now: datetime,
) -> RequestQuery:
    """Parse GET requests' parameters (empty is absent) and apply the default 90-day window.

    :raises ValidationError: naming each malformed parameter.
    """
    errors: dict[str, str] = {}
    ids = _split(service_request_id)
    if len(ids) > MAX_IDS:
        errors["service_request_id"] = f"At most {MAX_IDS} ids at once."
    parsed_ids = tuple(dict.fromkeys(i for i in map(parse_reference, ids) if i is not None))
    statuses = _split(status)
    bad_status = [value for value in statuses if value not in (OPEN, CLOSED)]
    if bad_status:
        errors["status"] = "Use open, closed, or both separated by a comma."
    start = _w3c(start_date, "start_date", errors)
    end = _w3c(end_date, "end_date", errors)
    if errors:
        raise ValidationError("The search could not be run.", errors)
    if ids:
        return RequestQuery(ids=parsed_ids or (0,))
    start, end = _window(start, end, now)
    return RequestQuery(
        service_codes=tuple(_split(service_code)), statuses=tuple(statuses), start=start, end=end
    )


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _w3c(text: str, name: str, errors: dict[str, str]) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    except (ValueError, OverflowError):
        errors[name] = (
            "Give a W3C datetime such as 2026-11-01T00:00:00Z or 2026-11-01T00:00:00-05:00."
        )
        return None


def _window(
    start: datetime | None, end: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """At most 90 days: the last 90 without dates, 90 from a start, 90 before an end."""
    try:
        if start is None and end is None:
            return now - MAX_WINDOW, now
        if start is None:
            return end - MAX_WINDOW, end
        if end is None:
            return start, start + MAX_WINDOW
    except OverflowError:
        raise ValidationError(
            "The dates are out of range.",
            {"start_date" if end is None else "end_date": "Out of range."},
        ) from None
    if end < start:
        raise ValidationError("end_date is before start_date.", {"end_date": "After start_date."})
    if end - start > MAX_WINDOW:
        raise ValidationError(
            "The date range is too long.", {"end_date": "At most 90 days after start_date."}
        )
    return start, end


def find_requests(query: RequestQuery) -> list[RequestRecord]:
    """The requests matching *query*, newest first, at most 1000."""
    statement = visible_requests()
    if query.ids:
        statement = statement.where(Ticket.id.in_(query.ids))
    else:
        statement = statement.where(
            Ticket.created_at >= query.start, Ticket.created_at <= query.end
        )
        if query.service_codes:
            statement = statement.where(_service_filter(query.service_codes))
        if set(query.statuses) == {OPEN}:
            statement = statement.where(Ticket.status.in_(sorted(lifecycle.ACTIVE)))
        elif set(query.statuses) == {CLOSED}:
            statement = statement.where(Ticket.status.in_(sorted(lifecycle.STOPPED)))
    # Newest first: the created_at index walks the window backwards and stops at the
    # thousandth match, however selective the other filters are.
    statement = statement.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(MAX_REQUESTS)
    return records_of(list(db.session.scalars(statement)))


def _service_filter(codes: Iterable[str]):
    category_ids, item_ids = [], []
    for code in codes:
        kind, number = code[:1], code[1:]
        if number.isascii() and number.isdigit() and len(number) < 10:
            (category_ids if kind == "c" else item_ids if kind == "i" else []).append(int(number))
    return or_(
        (Ticket.category_id.in_(category_ids) & Ticket.catalog_item_id.is_(None)),
        Ticket.catalog_item_id.in_(item_ids),
    )


def get_request(service_request_id: str) -> RequestRecord:
    """The request with this id (``SD-000123`` or ``123``).

    :raises NotFound: if there is none Open311 may show.
    """
    ticket_id = parse_reference(service_request_id or "")
    ticket = (
        db.session.scalar(visible_requests().where(Ticket.id == ticket_id))
        if ticket_id is not None
        else None
    )
    if ticket is None:
        raise NotFound(f"service_request_id {service_request_id!r} was not found.")
    return records_of([ticket])[0]


def find_token(token: str) -> tuple[str, str]:
    """Return (service_request_id, token) for an Open311 POST's token.

    :raises NotFound: for an unknown token.
    """
    row = (
        db.session.execute(
            select(Open311Request.ticket_id, Open311Request.token).where(
                Open311Request.token == token
            )
        ).first()
        if 0 < len(token) <= 40
        else None
    )
    if row is None:
        raise NotFound(f"token {token!r} was not found.")
    return format_reference(row.ticket_id), row.token


def records_of(rows: list[Ticket]) -> list[RequestRecord]:
    """Open311 records of tickets, with a fixed number of queries however many there are."""
    ids = [ticket.id for ticket in rows]
    names = category_full_names(active_only=False)
    items = _names_by_id(CatalogItem, {t.catalog_item_id for t in rows})
    teams = _names_by_id(Team, {t.team_id for t in rows})
    notes = _status_notes(ids)
    extras = {
        row.ticket_id: row
        for row in db.session.scalars(
            select(Open311Request).where(Open311Request.ticket_id.in_(ids))
        )
    }
    reporters = _reporter_words(rows)
    return [
        _record(ticket, names, items, teams, notes, extras.get(ticket.id), reporters[ticket.id])
        for ticket in rows
    ]


def _names_by_id(model, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(wanted))).all())


def _status_notes(ticket_ids: list[int]) -> dict[int, str]:
    """Each ticket's latest public reply written by staff (never an internal note)."""
    if not ticket_ids:
        return {}
    rows = db.session.execute(
        select(Message.ticket_id, Message.body)
        .join(User, User.id == Message.author_id)
        .where(
            Message.ticket_id.in_(ticket_ids),
            Message.is_internal.is_(False),
            User.role.in_(sorted(STAFF_ROLES)),
        )
        .order_by(Message.created_at, Message.id)
    )
    return {ticket_id: body for ticket_id, body in rows}


def _reporter_words(rows: list[Ticket]) -> dict[int, list[str]]:
    """What names the reporter in each ticket: removed from any text a record shows."""
    requesters = _people({t.requester_id for t in rows})
    found = {}
    for ticket in rows:
        words = [ticket.contact_email, ticket.contact_phone, ticket.contact_name]
        words += list(requesters.get(ticket.requester_id, ()))
        found[ticket.id] = sorted({w.strip() for w in words if len(w.strip()) >= 4}, key=len)[::-1]
    return found


def _people(ids: set[int | None]) -> dict[int, tuple[str, str]]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = db.session.execute(select(User.id, User.email, User.name).where(User.id.in_(wanted)))
    return {user_id: (email, name) for user_id, email, name in rows}


def without_reporter(text: str, words: Iterable[str]) -> str:
    """*text* with each of *words* (the reporter's email, phone, name) replaced (pure)."""
    folded = text.casefold()
    for word in words:
        # Most texts hold none of the words: look before compiling a pattern for each.
        if word.casefold() in folded:
            text = re.sub(re.escape(word), REMOVED, text, flags=re.IGNORECASE)
            folded = text.casefold()
    return text


def _record(
    ticket: Ticket,
    names: Mapping[int, str],
    items: Mapping[int, str],
    teams: Mapping[int, str],
    notes: Mapping[int, str],
    extra: Open311Request | None,
    reporter: list[str],
) -> RequestRecord:
    if ticket.catalog_item_id is not None:
        code, name = f"i{ticket.catalog_item_id}", items.get(ticket.catalog_item_id, "")
    else:
        code, name = f"c{ticket.category_id}", names.get(ticket.category_id, "")
    is_open = ticket.status in lifecycle.ACTIVE
    note = notes.get(ticket.id)
    return RequestRecord(
        service_request_id=format_reference(ticket.id),
        status=OPEN if is_open else CLOSED,
        status_notes=without_reporter(note, reporter) if note else None,
        service_name=name,
        service_code=code,
        description=without_reporter(ticket.description, reporter)[:MAX_DESCRIPTION],
        agency_responsible=teams.get(ticket.team_id),
        service_notice=None,
        requested_datetime=ticket.created_at,
        updated_datetime=ticket.updated_at,
        expected_datetime=ticket.resolution_due_at if is_open else None,
        address=without_reporter(ticket.location_address, reporter) or None,
        address_id=(extra.address_id or None) if extra else None,
        zipcode=None,
        lat=ticket.location_lat,
        long=ticket.location_lon,
        media_url=(extra.media_url or None) if extra else None,
    )
