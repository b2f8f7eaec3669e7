"""Following a request by its private tracking link: ``/citizen/track/<token>``.

Whoever holds a live link reads the ticket's public side and acts as its requester: writes to
the desk, confirms the fix, reopens, rates, or turns the link off. Nothing internal reaches
these pages (notes, internal events and files), and nothing another resident wrote either: a
ticket may hold messages and files merged in from other people's reports of the same problem.
An unknown or revoked link answers 404 and never says whether the ticket exists.
"""

from collections.abc import Callable
from datetime import datetime

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...accounts.models import User
from ...errors import DomainError
from ...extensions import configured_limit, db, limiter
from ...i18n import local_datetime
from ...tickets import attachments, lifecycle, photos, policy, tracking
from ...tickets import service as tickets
from ...tickets.attachments import path_of
from ...tickets.models import (
    Attachment,
    Channel,
    EventKind,
    Message,
    Ticket,
    TicketEvent,
    TrackingToken,
)
from ..common import parse_id, status_of
from . import bp

VIA = "tracking link"
read_limit = limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
write_limit = limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"))

# Where each form's fields are on the page, so an error can point at its field.
FIELD_IDS = {
    "reply": {"body": "reply-body"},
    "reopen": {"body": "reopen-body"},
    "rating": {"score": "score-1", "comment": "rating-comment"},
}
_STATUS_EVENTS = (EventKind.STATUS_CHANGED, EventKind.REPLIED, EventKind.MERGED_INTO)


@bp.get("/track/<token>")
@read_limit
def track(token: str):
    return _page(token, _live(token))


@bp.post("/track/<token>/reply")
@write_limit
def track_reply(token: str):
    link = _live(token)
    body = request.form.get("body", "")
    upload = request.files.get("photo")

    def reply():
        photo = None
        if upload is not None and upload.filename:
            max_bytes = current_app.config["MAX_PHOTO_BYTES"]
            photo = photos.clean_photo(upload.read(), max_bytes=max_bytes)
        text = (
            body if body.strip() or photo is None else _("(A photo, sent from the tracking page.)")
        )
        message = tickets.add_reply(
            link.ticket,
            text,
            actor=_account(link),
            channel=Channel.CITIZEN_PORTAL,
            author_email=link.email,
        )
        if photo is not None:
            tickets.add_attachment(
                link.ticket,
                filename=f"photo.{photo.extension}",
                content_type=photo.content_type,
                data=photo.data,
                rules=attachments.rules_from_config(current_app.config),
                actor=_account(link),
                message=message,
            )

    return _act(
        token,
        link,
        "reply",
        reply,
        _("Thank you: your message was sent. We will answer you here and by email."),
        values={"reply-body": body},
    )


@bp.post("/track/<token>/confirm")
@write_limit
def track_confirm(token: str):
    link = _live(token)
    return _act(
        token,
        link,
        "confirm",
        lambda: tickets.confirm_resolution(link.ticket, actor=_account(link), via=VIA),
        _("Thank you for confirming: your request is now closed."),
    )


@bp.post("/track/<token>/reopen")
@write_limit
def track_reopen(token: str):
    link = _live(token)
    body = request.form.get("body", "")
    return _act(
        token,
        link,
        "reopen",
        lambda: tickets.reopen(
            link.ticket,
            body,
            actor=_account(link),
            author_email=link.email,
            channel=Channel.CITIZEN_PORTAL,
        ),
        _("Your request is open again. We will look at it and write to you."),
        values={"reopen-body": body},
    )


@bp.post("/track/<token>/rate")
@write_limit
def track_rate(token: str):
    link = _live(token)
    score = parse_id(request.form.get("score"))
    comment = request.form.get("comment", "")
    return _act(
        token,
        link,
        "rating",
        lambda: tickets.rate(link.ticket, score, comment, actor=_account(link)),
        _("Thank you for your rating: it helps us improve."),
        values={"score": score, "rating-comment": comment},
    )


@bp.get("/track/<token>/stop")
@read_limit
def track_stop(token: str):
    link = _live(token)
    return _private(render_template("citizen/track_stop.html", token=token, ticket=link.ticket))


@bp.post("/track/<token>/stop")
@write_limit
def track_stop_confirmed(token: str):
    link = _live(token)
    reference = link.ticket.reference
    tracking.revoke(link)
    db.session.commit()
    flash(
        _(
            "You stopped following %(reference)s. Its tracking link no longer works.",
            reference=reference,
        )
    )
    return redirect(url_for(".home"))


@bp.get("/track/<token>/files/<int:attachment_id>")
@read_limit
def track_file(token: str, attachment_id: int):
    link = _live(token)
    attachment = next((a for a in _files(link) if a.id == attachment_id), None)
    if attachment is None:
        abort(404, _("There is no such file on this request."))
    response = send_file(
        path_of(attachment, current_app.config["UPLOAD_FOLDER"]),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )
    return _private(response)


# --- helpers -------------------------------------------------------------------------------


def _live(raw: str) -> TrackingToken:
    """The live link for *raw*; otherwise stop with the friendly 404 page."""
    link = tracking.find(raw)
    if link is None:
        abort(_private(render_template("citizen/track_missing.html"), 404))
    return link


def _account(link: TrackingToken) -> User | None:
    """The requester's account when the link was made for its address, so their messages and
    actions carry their name; otherwise None, and the link itself is the authority. Staff who
    filed for themselves act as a requester here, not as an agent, hence None for them too."""
    requester = link.ticket.requester
    if (
        requester is not None
        and not requester.is_staff
        and requester.email.lower() == link.email
        and policy.can_act_as_requester(requester, link.ticket)
    ):
        return requester
    return None


def _holds_request(link: TrackingToken) -> bool:
    """Whether the link was made for the person who made the request (not a follower)."""
    ticket = link.ticket
    if not link.email:  # an anonymous report's own link: nobody else gets a link without one
        return ticket.requester is None and not ticket.contact_email
    emails = {ticket.contact_email.lower()}
    if ticket.requester is not None:
        emails.add(ticket.requester.email.lower())
    return link.email in emails - {""}


def _written_by_holder(message: Message, link: TrackingToken) -> bool:
    if message.author is not None:
        return message.author.email.lower() == link.email
    return message.author_email.lower() == link.email


def _conversation(link: TrackingToken) -> list[Message]:
    """Public messages from the desk's staff and from the link's holder, oldest first."""
    return [
        message
        for message in link.ticket.messages
        if not message.is_internal
        and (
            (message.author is not None and message.author.is_staff)
            or _written_by_holder(message, link)
        )
    ]


def _files(link: TrackingToken) -> list[Attachment]:
    """Public files on the messages shown, and staff's files on the ticket itself; the
    requester also sees files sent with the request, unless other reports were merged in
    (their files are not told apart)."""
    shown = {message.id for message in _conversation(link)}
    ticket = link.ticket
    own_files = _holds_request(link) and not _has_merged_reports(ticket)
    return [
        attachment
        for attachment in ticket.attachments
        if not attachment.is_internal
        and (
            attachment.message_id in shown
            if attachment.message_id is not None
            else own_files or _uploaded_by_staff(attachment)
        )
    ]


def _uploaded_by_staff(attachment: Attachment) -> bool:
    uploader = (
        db.session.get(User, attachment.uploaded_by_id) if attachment.uploaded_by_id else None
    )
    return uploader is not None and uploader.is_staff


def _has_merged_reports(ticket: Ticket) -> bool:
    return (
        db.session.scalar(select(Ticket.id).where(Ticket.duplicate_of_id == ticket.id).limit(1))
        is not None
    )


def _history(ticket: Ticket) -> list[TicketEvent]:
    """Public status changes, oldest first (who made them is not shown)."""
    return [
        event
        for event in ticket.events
        if not event.is_internal and event.kind in _STATUS_EVENTS and event.new_value
    ]


def _local_time(ticket: Ticket) -> Callable[[datetime | None], str]:
    """A formatter of instants in the ticket's calendar's timezone (or the desk's), in the
    reader's language."""
    zone = ticket.sla_policy.calendar.timezone if ticket.sla_policy is not None else None
    return lambda value: local_datetime(value, zone)


def _page(
    token: str,
    link: TrackingToken,
    *,
    form: str = "",
    error: DomainError | None = None,
    values: dict | None = None,
    status: int = 200,
):
    ticket = link.ticket
    fields = getattr(error, "fields", {}) or {}
    field_errors = {FIELD_IDS.get(form, {}).get(name, name): text for name, text in fields.items()}
    conversation = _conversation(link)
    files = _files(link)
    html = render_template(
        "citizen/track.html",
        token=token,
        ticket=ticket,
        holds_request=_holds_request(link),
        conversation=conversation,
        files_of={
            message.id: [a for a in files if a.message_id == message.id] for message in conversation
        },
        ticket_files=[a for a in files if a.message_id is None],
        history=_history(ticket),
        rating=tickets.find_rating(ticket),
        is_active=ticket.status in lifecycle.ACTIVE,
        local=_local_time(ticket),
        form=form,
        error=error,
        field_errors=field_errors,
        values=values or {},
    )
    return _private(html, status)


def _act(
    token: str,
    link: TrackingToken,
    form: str,
    action: Callable[[], object],
    success: str,
    values: dict | None = None,
):
    """Run one requester action: commit and show the page again, or explain the refusal."""
    try:
        action()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return _page(token, link, form=form, error=error, values=values, status=status_of(error))
    except IntegrityError:
        # The same action twice at the same moment (a double click, two tabs).
        db.session.rollback()
        error = DomainError(_("That was done already. The page shows where your request is now."))
        return _page(token, link, form=form, error=error, values=values, status=409)
    flash(success)
    return redirect(url_for(".track", token=token))


def _private(body, status: int = 200):
    """Responses behind a private link: never cached by a shared cache, never indexed."""
    response = make_response(body, status)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
