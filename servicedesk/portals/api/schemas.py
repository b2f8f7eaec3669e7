"""The API's request and response shapes (marshmallow), which the OpenAPI document describes.

Limits here match the services' own (subject 200 characters, body 50,000, ids that fit the
database's integer), so what the document calls valid is what the services accept, and
anything else is refused with 422 naming the field before a service runs.
"""

import marshmallow as ma
from marshmallow import fields, validate

from ...accounts.models import Role
from ...knowledge.models import LANGUAGES, ArticleAudience, ArticleStatus
from ...tickets import queues
from ...tickets.lifecycle import Status
from ...tickets.models import Channel
from ...tickets.priority import PRIORITIES
from ...tickets.service import MAX_BODY, MAX_SUBJECT

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
LEVELS = ("high", "medium", "low")


def Id(strict: bool = True, **kw) -> fields.Integer:  # noqa: N802  (reads like a field class)
    """An id: a positive integer that fits the database (query strings pass strict=False)."""
    return fields.Integer(strict=strict, validate=validate.Range(1, MAX_ID), **kw)


def _text(max_length: int, **kw):
    return fields.String(validate=validate.Length(max=max_length), **kw)


# Query strings too: webargs ignores unknown query parameters unless told (views pass it).
RAISE = ma.RAISE


class Strict(ma.Schema):
    """Unknown fields are an error (a typo must not be ignored silently)."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


# --- errors and paging ---------------------------------------------------------------------


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem."""

    type = fields.String(required=True, metadata={"description": "A URI naming the error kind."})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String(metadata={"description": "The path that was called."})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "Each wrong field and what is wrong with it."},
    )


class PageArgs(Strict):
    after = fields.String(
        validate=validate.Length(max=80),
        metadata={"description": "The next_cursor of the previous page."},
    )
    limit = fields.Integer(strict=False, load_default=50, validate=validate.Range(1, 200))


# --- people and teams ----------------------------------------------------------------------


class PersonRef(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class TeamRef(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class MeSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True)
    teams = fields.List(fields.Nested(TeamRef), required=True)
    token_scope = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "read or write; null for a browser session."},
    )


class UserSchema(ma.Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)
    teams = fields.List(fields.Nested(TeamRef), required=True)
    is_active = fields.Boolean(required=True, attribute="is_active_account")
    is_available = fields.Boolean(required=True)
    capacity = fields.Integer(allow_none=True, required=True)
    created_at = fields.AwareDateTime(required=True)


class UserPage(ma.Schema):
    items = fields.List(fields.Nested(UserSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class UserListArgs(PageArgs):
    role = fields.String(validate=validate.OneOf([r.value for r in Role]))
    q = _text(200, metadata={"description": "Part of the name or email."})


class UserCreate(Strict):
    email = fields.String(required=True, validate=validate.Length(1, 254))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in Role]))
    password = fields.String(
        validate=validate.Length(max=200),
        load_only=True,
        metadata={"description": "Leave out for single sign-on only."},
    )
    team_ids = fields.List(Id(), validate=validate.Length(max=50), load_default=list)


class UserUpdate(Strict):
    name = fields.String(validate=validate.Length(1, 200))
    role = fields.String(validate=validate.OneOf([r.value for r in Role]))
    team_ids = fields.List(Id(), validate=validate.Length(max=50))
    is_active = fields.Boolean()
    is_available = fields.Boolean()
    capacity = fields.Integer(strict=True, allow_none=True, validate=validate.Range(0, 1000))


class TeamSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    department = fields.String(required=True)
    email = fields.String(required=True)
    description = fields.String(required=True)
    members = fields.List(fields.Nested(PersonRef), required=True)


class TeamCreate(Strict):
    name = fields.String(required=True, validate=validate.Length(1, 120))
    department = _text(120, load_default="")
    email = _text(254, load_default="")
    description = _text(500, load_default="")


class TeamUpdate(Strict):
    name = fields.String(validate=validate.Length(1, 120))
    department = _text(120)
    email = _text(254)
    description = _text(500)
    member_ids = fields.List(Id(), validate=validate.Length(max=500))


# --- categories and request types ----------------------------------------------------------


class CategorySchema(ma.Schema):
    id = fields.Integer(required=True)
    parent_id = fields.Integer(allow_none=True, required=True)
    name = fields.String(required=True)
    full_name = fields.String(required=True)
    description = fields.String(required=True)
    audience = fields.String(required=True)


class FormField(ma.Schema):
    """One field of a request type's form."""

    class Meta:
        unknown = ma.INCLUDE

    name = fields.String(required=True)
    label = fields.String(required=True)
    type = fields.String(required=True)
    required = fields.Boolean(required=True)
    help = fields.String()
    choices = fields.List(fields.String())
    shown_when = fields.Dict(
        metadata={"description": "Shown only when another field has a value: {field, equals|in}."}
    )


class CatalogItemSchema(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    audience = fields.String(required=True)
    category_id = fields.Integer(required=True)
    form_schema = fields.List(fields.Nested(FormField), required=True)


# --- tickets -------------------------------------------------------------------------------


class Location(Strict):
    lat = fields.Float(allow_nan=False, validate=validate.Range(-90, 90), allow_none=True)
    lon = fields.Float(allow_nan=False, validate=validate.Range(-180, 180), allow_none=True)
    address = _text(300, load_default="")


class TicketSchema(ma.Schema):
    """A ticket as the caller may see it: staff-only facts are null for requesters."""

    id = fields.Integer(required=True)
    reference = fields.String(required=True)
    subject = fields.String(required=True)
    description = fields.String(required=True)
    status = fields.String(required=True)
    channel = fields.String(required=True)
    category_id = fields.Integer(allow_none=True, required=True)
    catalog_item_id = fields.Integer(allow_none=True, required=True)
    fields_ = fields.Dict(
        data_key="fields", required=True, metadata={"description": "The request type's fields."}
    )
    location = fields.Nested(Location, allow_none=True, required=True)
    requester = fields.Nested(PersonRef, allow_none=True, required=True)
    contact_name = fields.String(required=True)
    contact_email = fields.String(required=True)
    priority = fields.String(allow_none=True, required=True)
    impact = fields.String(allow_none=True, required=True)
    urgency = fields.String(allow_none=True, required=True)
    team = fields.Nested(TeamRef, allow_none=True, required=True)
    assignee = fields.Nested(PersonRef, allow_none=True, required=True)
    first_response_due_at = fields.AwareDateTime(allow_none=True, required=True)
    resolution_due_at = fields.AwareDateTime(allow_none=True, required=True)
    resolved_at = fields.AwareDateTime(allow_none=True, required=True)
    closed_at = fields.AwareDateTime(allow_none=True, required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    version = fields.Integer(
        required=True, metadata={"description": "Send it back with a change to detect conflicts."}
    )


class AttachmentSchema(ma.Schema):
    id = fields.Integer(required=True)
    filename = fields.String(required=True)
    content_type = fields.String(required=True)
    size_bytes = fields.Integer(required=True)
    is_internal = fields.Boolean(required=True)
    message_id = fields.Integer(allow_none=True, required=True)
    created_at = fields.AwareDateTime(required=True)
    download_url = fields.String(required=True)


class MessageSchema(ma.Schema):
    id = fields.Integer(required=True)
    body = fields.String(required=True)
    is_internal = fields.Boolean(required=True)
    author = fields.Nested(PersonRef, allow_none=True, required=True)
    channel = fields.String(required=True)
    created_at = fields.AwareDateTime(required=True)


class TicketDetail(TicketSchema):
    messages = fields.List(fields.Nested(MessageSchema), required=True)
    attachments = fields.List(fields.Nested(AttachmentSchema), required=True)


class TicketPage(ma.Schema):
    items = fields.List(fields.Nested(TicketSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class TicketListArgs(PageArgs):
    view = fields.String(
        load_default=queues.DEFAULT_VIEW, validate=validate.OneOf(list(queues.VIEWS))
    )
    status = fields.String(validate=validate.OneOf([s.value for s in Status]))
    team = Id(strict=False)
    assignee = fields.String(
        validate=validate.Regexp(r"^(none|[1-9][0-9]{0,8})$"),
        metadata={"description": "An agent's id, or none for unassigned tickets."},
    )
    category = Id(False, metadata={"description": "The category, with its sub-categories."})
    channel = fields.String(validate=validate.OneOf([c.value for c in Channel]))
    priority = fields.String(validate=validate.OneOf(list(PRIORITIES)))
    q = _text(200, metadata={"description": "Words of the subject, an email or a reference."})


class TicketCreate(Strict):
    subject = fields.String(required=True, validate=validate.Length(1, MAX_SUBJECT))
    description = _text(MAX_BODY, load_default="")
    category_id = Id(allow_none=True)
    catalog_item_id = Id(allow_none=True)
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(validate=validate.Length(max=40)),
        load_default=dict,
        metadata={"description": "Values of the request type's form fields, by field name."},
    )
    location = fields.Nested(Location, allow_none=True)
    requester_id = Id(
        allow_none=True, metadata={"description": "Staff only: file on behalf of this user."}
    )
    contact_name = _text(200, load_default="", metadata={"description": "Staff only."})
    contact_email = _text(254, load_default="", metadata={"description": "Staff only."})
    contact_phone = _text(40, load_default="", metadata={"description": "Staff only."})
    impact = fields.String(validate=validate.OneOf(LEVELS), metadata={"description": "Staff only."})
    urgency = fields.String(
        validate=validate.OneOf(LEVELS), metadata={"description": "Staff only."}
    )


class MessageCreate(Strict):
    body = fields.String(required=True, validate=validate.Length(1, MAX_BODY))


class AssignBody(Strict):
    assignee_id = Id(required=True, allow_none=True, metadata={"description": "null: unassign."})
    version = fields.Integer(strict=True, validate=validate.Range(1, MAX_ID))


class StatusBody(Strict):
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in Status]))
    version = fields.Integer(strict=True, validate=validate.Range(1, MAX_ID))


class UploadArgs(Strict):
    message_id = Id(False, metadata={"description": "Attach to this reply or note of the ticket."})


class FileUpload(ma.Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


# --- knowledge base ------------------------------------------------------------------------


class KbSearchArgs(Strict):
    q = fields.String(required=True, metadata={"description": "The words to look for."})
    page = fields.Integer(strict=False, load_default=1, validate=validate.Range(1, 10_000))
    lang = fields.String(validate=validate.OneOf(list(LANGUAGES)))
    category = Id(strict=False)


class ArticleHit(ma.Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    snippet_html = fields.String(required=True)
    language = fields.String(required=True)
    audience = fields.String(required=True)


class CategoryCount(ma.Schema):
    id = fields.Integer(required=True)
    count = fields.Integer(required=True)


class KbSearchResult(ma.Schema):
    query = fields.String(required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    did_you_mean = fields.String(allow_none=True, required=True)
    notice = fields.String(allow_none=True, required=True)
    categories = fields.List(fields.Nested(CategoryCount), required=True)
    articles = fields.List(fields.Nested(ArticleHit), required=True)


class ArticleSchema(ma.Schema):
    """An article as the caller may read it: readers get the published revision, staff the
    newest one with its status."""

    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    body = fields.String(required=True, metadata={"description": "Markdown."})
    body_html = fields.String(required=True, metadata={"description": "Sanitised HTML."})
    tags = fields.List(fields.String(), required=True)
    language = fields.String(required=True)
    audience = fields.String(required=True)
    status = fields.String(required=True)
    category_ids = fields.List(fields.Integer(), required=True)
    revision = fields.Integer(required=True)
    published_at = fields.AwareDateTime(allow_none=True, required=True)
    updated_at = fields.AwareDateTime(required=True)


class ArticlePage(ma.Schema):
    items = fields.List(fields.Nested(ArticleSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class ArticleListArgs(PageArgs):
    lang = fields.String(validate=validate.OneOf(list(LANGUAGES)))
    status = fields.String(
        validate=validate.OneOf([s.value for s in ArticleStatus]),
        metadata={"description": "Staff only (others read published articles)."},
    )


class ArticleWrite(Strict):
    title = fields.String(required=True, validate=validate.Length(1, 200))
    summary = _text(500, load_default="")
    body = _text(100_000, load_default="")
    tags = fields.List(_text(40), validate=validate.Length(max=12), load_default=list)
    note = _text(300, load_default="", metadata={"description": "What changed, for the history."})
    language = fields.String(validate=validate.OneOf(list(LANGUAGES)))
    audience = fields.String(validate=validate.OneOf([a.value for a in ArticleAudience]))
    category_ids = fields.List(Id(), validate=validate.Length(max=20))


class ArticleAction(Strict):
    action = fields.String(
        required=True,
        validate=validate.OneOf(["submit", "publish", "send_back", "archive", "restore"]),
        metadata={"description": "Agents submit; team leads and admins do the rest."},
    )
    note = _text(300, load_default="")
