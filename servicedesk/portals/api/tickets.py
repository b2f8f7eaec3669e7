"""Tickets: file (as yourself, or for someone when you are staff), list like the agent queue,
read, reply, write internal notes, assign, change status, upload and download attachments.

Every view loads, checks the ticket policy, validates, calls one ``tickets.service`` verb and
commits. A ticket the caller may not see is 404 (its existence is not disclosed). Requesters
never receive internal notes, internal files or staff-only facts (team, assignee, priority,
SLA due times). Changes that carry ``version`` are refused with 409 naming who changed what
if the same thing changed since that version.
"""

from flask import current_app, send_file, url_for
from flask.views import MethodView

from ...accounts.models import User
from ...errors import NotFound, ValidationError
from ...extensions import db
from ...tickets import lifecycle, policy, queues
from ...tickets import service as tickets
from ...tickets.attachments import can_download, path_of, rules_from_config
from ...tickets.models import (
    MAX_TICKET_ID,
    Attachment,
    CatalogItem,
    Category,
    Channel,
    Message,
    Ticket,
)
from ...timeutils import utcnow
from . import schemas
from .auth import api_blueprint, require_actor

ANONYMOUS_READS = False
SECURITY = [{"bearerAuth": []}]

blp = api_blueprint(
    "tickets",
    url_prefix="/api/v1/tickets",
    description="File, read and work tickets. A caller sees the tickets they would see in "
    "their portal: requesters their own, agents their teams', admins all.",
    anonymous_reads=ANONYMOUS_READS,
)


def load_ticket(ticket_id: int, actor: User) -> Ticket:
    """:raises NotFound: for a ticket that does not exist or that the caller may not see."""
    ticket = db.session.get(Ticket, ticket_id) if 0 < ticket_id <= MAX_TICKET_ID else None
    if ticket is None or not policy.can_view(actor, ticket):
        raise NotFound(f"There is no ticket {ticket_id} you can see.")
    return ticket


def _person(user: User | None) -> dict | None:
    return None if user is None else {"id": user.id, "name": user.name}


def ticket_out(ticket: Ticket, actor: User) -> dict:
    """The ticket as *actor* may see it (staff-only facts are None for requesters)."""
    staff = policy.can_see_internal(actor)
    location = None
    if ticket.has_location or ticket.location_address:
        location = {
            "lat": ticket.location_lat,
            "lon": ticket.location_lon,
            "address": ticket.location_address,
        }
    return {
        "id": ticket.id,
        "reference": ticket.reference,
        "subject": ticket.subject,
        "description": ticket.description,
        "status": ticket.status.value,
        "channel": ticket.channel.value,
        "category_id": ticket.category_id,
        "catalog_item_id": ticket.catalog_item_id,
        "fields_": ticket.field_values or {},
        "location": location,
        "requester": _person(ticket.requester),
        "contact_name": ticket.contact_name,
        "contact_email": ticket.contact_email,
        "priority": ticket.priority if staff else None,
        "impact": ticket.impact if staff else None,
        "urgency": ticket.urgency if staff else None,
        "team": {"id": ticket.team.id, "name": ticket.team.name} if staff and ticket.team else None,
        "assignee": _person(ticket.assignee) if staff else None,
        "first_response_due_at": ticket.first_response_due_at if staff else None,
        "resolution_due_at": ticket.resolution_due_at if staff else None,
        "resolved_at": ticket.resolved_at,
        "closed_at": ticket.closed_at,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "version": ticket.version,
    }


def message_out(message: Message) -> dict:
    return {
        "id": message.id,
        "body": message.body,
        "is_internal": message.is_internal,
        "author": _person(message.author),
        "channel": message.channel.value,
        "created_at": message.created_at,
    }


def attachment_out(attachment: Attachment) -> dict:
    return {
        "id": attachment.id,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size_bytes": attachment.size_bytes,
        "is_internal": attachment.is_internal,
        "message_id": attachment.message_id,
        "created_at": attachment.created_at,
        "download_url": url_for(
            "tickets.download", ticket_id=attachment.ticket_id, attachment_id=attachment.id
        ),
    }


def detail_out(ticket: Ticket, actor: User) -> dict:
    return ticket_out(ticket, actor) | {
        "messages": [message_out(m) for m in policy.visible_messages(actor, ticket)],
        "attachments": [attachment_out(a) for a in ticket.attachments if can_download(actor, a)],
    }


@blp.route("")
class Tickets(MethodView):
    @blp.doc(security=SECURITY)
    @blp.arguments(schemas.TicketListArgs, location="query", unknown=schemas.RAISE)
    @blp.response(200, schemas.TicketPage)
    def get(self, args):
        """List tickets like the agent queue: a view, filters, the most urgent first.

        Views and filters are the queue's (`mine`, `team_unassigned`, `breaching`, `waiting`,
        `all_open`, `all`). Requesters get their own tickets.
        """
        actor = require_actor()
        filters = queues.QueueFilters(
            view=args["view"],
            status=args.get("status"),
            team_id=args.get("team"),
            assignee=args.get("assignee"),
            category_id=args.get("category"),
            channel=args.get("channel"),
            priority=args.get("priority"),
            text=args.get("q") or "",
            after=args.get("after") or None,
        )
        page = queues.fetch_page(actor, filters, utcnow(), args["limit"])
        return {
            "items": [ticket_out(t, actor) for t in page.tickets],
            "next_cursor": page.next_cursor,
        }

    @blp.doc(security=SECURITY)
    @blp.arguments(schemas.TicketCreate)
    @blp.response(201, schemas.TicketDetail)
    def post(self, body):
        """File a ticket: as yourself, or (staff) on behalf of a user or a contact.

        With a request type (`catalog_item_id`), `fields` holds its form's values; errors name
        each field. Requesters may file under the categories and request types of their portal.
        """
        actor = require_actor()
        ticket = tickets.open_ticket(actor=actor, channel=Channel.API, **_opening(body, actor))
        db.session.commit()
        return detail_out(ticket, actor)


def _opening(body: dict, actor: User) -> dict:
    """The service's arguments for a new ticket, with the caller's rights checked."""
    errors: dict[str, str] = {}
    staff = policy.can_see_internal(actor)
    staff_only = (
        "requester_id",
        "contact_name",
        "contact_email",
        "contact_phone",
        "impact",
        "urgency",
    )
    if not staff:
        for name in staff_only:
            if body.get(name):
                errors[name] = "Only staff file on behalf of someone or set the priority."
    requester = actor
    if staff and (
        body.get("requester_id") or body.get("contact_name") or body.get("contact_email")
    ):
        requester = None
        if body.get("requester_id"):
            requester = db.session.get(User, body["requester_id"])
            if requester is None or not requester.is_active:
                errors["requester_id"] = "There is no active user with that id."
    category = item = None
    if body.get("catalog_item_id"):
        item = db.session.scalar(
            policy.visible_catalog_items(requester or actor).where(
                CatalogItem.id == body["catalog_item_id"]
            )
        )
        if item is None:
            errors["catalog_item_id"] = "Choose a request type from GET /api/v1/catalog-items."
    elif body.get("category_id"):
        category = db.session.scalar(
            policy.visible_categories(requester or actor).where(Category.id == body["category_id"])
        )
        if category is None:
            errors["category_id"] = "Choose a category from GET /api/v1/categories."
    if errors:
        raise ValidationError("The ticket could not be opened.", errors)
    return {
        "subject": body["subject"],
        "description": body["description"],
        "requester": requester,
        "contact_name": body["contact_name"],
        "contact_email": body["contact_email"],
        "contact_phone": body["contact_phone"],
        "category": category,
        "catalog_item": item,
        "fields": body["fields_"],
        "location": body.get("location"),
        "impact": body.get("impact") or "medium",
        "urgency": body.get("urgency") or "medium",
    }


@blp.get("/<int:ticket_id>")
@blp.doc(security=SECURITY)
@blp.response(200, schemas.TicketDetail)
def get_ticket(ticket_id: int):
    """Read a ticket with the messages and files the caller may see."""
    actor = require_actor()
    return detail_out(load_ticket(ticket_id, actor), actor)


@blp.post("/<int:ticket_id>/replies")
@blp.doc(security=SECURITY)
@blp.arguments(schemas.MessageCreate)
@blp.response(201, schemas.MessageSchema)
def reply(body: dict, ticket_id: int):
    """Add a public reply (the requester sees it); it may move the status like in the portals."""
    actor = require_actor()
    ticket = load_ticket(ticket_id, actor)
    message = tickets.add_reply(ticket, body["body"], actor=actor, channel=Channel.API)
    db.session.commit()
    return message_out(message)


@blp.post("/<int:ticket_id>/notes")
@blp.doc(security=SECURITY)
@blp.arguments(schemas.MessageCreate)
@blp.response(201, schemas.MessageSchema)
def add_note(body: dict, ticket_id: int):
    """Add an internal note: staff only; requesters never see it."""
    actor = require_actor()
    ticket = load_ticket(ticket_id, actor)
    message = tickets.add_internal_note(ticket, body["body"], actor=actor)
    db.session.commit()
    return message_out(message)


@blp.post("/<int:ticket_id>/assign")
@blp.doc(security=SECURITY)
@blp.arguments(schemas.AssignBody)
@blp.response(200, schemas.TicketSchema)
def assign(body: dict, ticket_id: int):
    """Give the ticket to an agent, or back to the team queue with `assignee_id: null`."""
    actor = require_actor()
    ticket = load_ticket(ticket_id, actor)
    agent = None
    if body["assignee_id"] is not None:
        agent = db.session.get(User, body["assignee_id"])
        if agent is None:
            raise ValidationError(
                "There is no such person.", {"assignee_id": "There is no user with that id."}
            )
    tickets.assign(ticket, agent, actor=actor, expected_version=body.get("version"))
    db.session.commit()
    return ticket_out(ticket, actor)


@blp.post("/<int:ticket_id>/status")
@blp.doc(security=SECURITY)
@blp.arguments(schemas.StatusBody)
@blp.response(200, schemas.TicketSchema)
def change_status(body: dict, ticket_id: int):
    """Move the ticket along its lifecycle (staff). The same status again changes nothing."""
    actor = require_actor()
    ticket = load_ticket(ticket_id, actor)
    policy.require_update(actor, ticket)
    if body["status"] != ticket.status.value:
        tickets.change_status(
            ticket,
            lifecycle.Status(body["status"]),
            actor=actor,
            expected_version=body.get("version"),
        )
        db.session.commit()
    return ticket_out(ticket, actor)


@blp.post("/<int:ticket_id>/attachments")
@blp.doc(security=SECURITY)
@blp.arguments(schemas.UploadArgs, location="query", unknown=schemas.RAISE)
@blp.arguments(schemas.FileUpload, location="files")
@blp.response(201, schemas.AttachmentSchema)
def upload(args: dict, files: dict, ticket_id: int):
    """Attach a file (multipart field `file`), checked for size and type like every upload.

    With `message_id`, the file belongs to that reply or note; files on notes are internal.
    """
    actor = require_actor()
    ticket = load_ticket(ticket_id, actor)
    message = None
    if args.get("message_id"):
        message = next(
            (m for m in policy.visible_messages(actor, ticket) if m.id == args["message_id"]),
            None,
        )
        if message is None:
            raise ValidationError(
                "There is no such message.", {"message_id": "No message of this ticket."}
            )
    upload = files["file"]
    attachment = tickets.add_attachment(
        ticket,
        filename=upload.filename or "",
        content_type=upload.mimetype,
        data=upload.read(),
        rules=rules_from_config(current_app.config),
        actor=actor,
        message=message,
    )
    db.session.commit()
    return attachment_out(attachment)


DOWNLOAD_RESPONSE = {
    "200": {
        "description": "The file, as a download.",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@blp.get("/<int:ticket_id>/attachments/<int:attachment_id>")
@blp.doc(security=SECURITY, responses=DOWNLOAD_RESPONSE)
def download(ticket_id: int, attachment_id: int):
    """Download a file; internal files only for staff."""
    actor = require_actor()
    ticket = load_ticket(ticket_id, actor)
    attachment = (
        db.session.get(Attachment, attachment_id) if attachment_id <= MAX_TICKET_ID else None
    )
    if (
        attachment is None
        or attachment.ticket_id != ticket.id
        or not can_download(actor, attachment)
    ):
        raise NotFound(f"There is no attachment {attachment_id} on {ticket.reference}.")
    # Always a download of opaque bytes: a stored file is never rendered by the browser.
    return send_file(
        path_of(attachment, current_app.config["UPLOAD_FOLDER"]),
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=attachment.filename,
    )
