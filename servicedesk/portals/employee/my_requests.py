"""An employee's own requests: ``/employee/requests`` and each request's page.

A person sees the requests they made for themselves and those they filed for a colleague (the
colleague sees them too), and nothing else: any other id answers 404, never saying whether it
exists. Only the public side is shown, in HTML and JSON alike: public messages, public events
and public files, never an internal note. The requester confirms, reopens and rates with the
same verbs as the citizen tracking page; the requester or the colleague who filed may cancel.
"""

from collections.abc import Callable

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy import or_, select

from ...errors import DomainError, NotFound, ValidationError
from ...extensions import db
from ...tickets import attachments, lifecycle, onboarding, policy
from ...tickets import service as tickets
from ...tickets.attachments import path_of
from ...tickets.models import Approval, Attachment, Channel, Message, Ticket, TicketEvent
from ..common import current_actor, parse_id, status_of
from . import bp

VIA = "employee portal"


def own_requests_query(user):
    """The requests a person made or filed for someone else (child tasks show on their parent)."""
    return (
        select(Ticket)
        .where(
            or_(Ticket.requester_id == user.id, Ticket.submitted_by_id == user.id),
            Ticket.parent_id.is_(None),
        )
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
    )


def load_own(ticket_id: int) -> Ticket:
    """The request if it is the signed-in person's own (or filed by them); else 404."""
    actor = current_actor()
    ticket = db.session.get(Ticket, ticket_id) if 0 < ticket_id < 2**31 else None
    if ticket is None or actor not in (ticket.requester, ticket.submitted_by):
        raise NotFound("There is no such request among yours.")
    return ticket


def public_messages(ticket: Ticket) -> list[Message]:
    return [message for message in ticket.messages if not message.is_internal]


def public_events(ticket: Ticket) -> list[TicketEvent]:
    return [event for event in ticket.events if not event.is_internal]


def public_files(ticket: Ticket) -> list[Attachment]:
    return [attachment for attachment in ticket.attachments if not attachment.is_internal]


def attach_uploads(ticket: Ticket, uploads: list, *, message: Message | None = None) -> None:
    """Store uploaded files ``(form key, file)`` on the request, as the signed-in person.

    :raises ValidationError: keyed by the form field of the first file refused.
    """
    rules = attachments.rules_from_config(current_app.config)
    for key, upload in uploads:
        if upload is None or not upload.filename:
            continue
        try:
            tickets.add_attachment(
                ticket,
                filename=upload.filename,
                content_type=upload.mimetype,
                data=upload.read(),
                rules=rules,
                actor=current_actor(),
                message=message,
            )
        except ValidationError as error:
            refused = f"{upload.filename}: {error.message}"
            raise ValidationError(refused, {key: refused}) from None


@bp.get("/requests")
def requests_list():
    actor = current_actor()
    rows = list(db.session.scalars(own_requests_query(actor).limit(200)))
    return render_template("employee/requests.html", tickets=rows, actor=actor)


@bp.get("/requests/<int:ticket_id>")
def request_page(ticket_id: int):
    return _page(load_own(ticket_id))


@bp.get("/requests/<int:ticket_id>.json")
def request_json(ticket_id: int):
    ticket = load_own(ticket_id)
    return jsonify(
        reference=ticket.reference,
        subject=ticket.subject,
        status=ticket.status.value,
        requester=ticket.requester.name if ticket.requester else None,
        resolution_due_at=ticket.resolution_due_at.isoformat()
        if ticket.resolution_due_at
        else None,
        messages=[
            {
                "author": message.author.name if message.author else message.author_email,
                "body": message.body,
                "created_at": message.created_at.isoformat(),
            }
            for message in public_messages(ticket)
        ],
        files=[attachment.filename for attachment in public_files(ticket)],
    )


def _page(ticket: Ticket, *, form: str = "", error: DomainError | None = None, status=200):
    actor = current_actor()
    done, total = onboarding.progress(ticket.children, lifecycle.STOPPED)
    approvals = list(
        db.session.scalars(
            select(Approval).where(Approval.ticket_id == ticket.id).order_by(Approval.id)
        )
    )
    html = render_template(
        "employee/request.html",
        ticket=ticket,
        messages=public_messages(ticket),
        events=public_events(ticket),
        files=public_files(ticket),
        children=ticket.children,
        progress=(done, total),
        approvals=approvals,
        rating=tickets.find_rating(ticket),
        is_requester=policy.can_act_as_requester(actor, ticket),
        can_cancel=policy.can_cancel(actor, ticket) and ticket.status in lifecycle.ACTIVE,
        is_active=ticket.status in lifecycle.ACTIVE,
        form=form,
        error=error,
        values=request.form,
    )
    return html, status


def _act(ticket: Ticket, form: str, action: Callable[[], object], success: str):
    """Run one action on the request: commit and show the page, or explain the refusal."""
    try:
        action()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return _page(ticket, form=form, error=error, status=status_of(error))
    flash(success)
    return redirect(url_for(".request_page", ticket_id=ticket.id))


@bp.post("/requests/<int:ticket_id>/reply")
def request_reply(ticket_id: int):
    ticket = load_own(ticket_id)
    actor = current_actor()
    uploads = [upload for upload in request.files.getlist("files") if upload.filename]

    def reply():
        body = request.form.get("body", "")
        if not body.strip() and uploads:
            body = "(Files sent from the employee portal.)"
        message = tickets.add_reply(ticket, body, actor=actor, channel=Channel.EMPLOYEE_PORTAL)
        attach_uploads(ticket, [("files", upload) for upload in uploads], message=message)

    return _act(ticket, "reply", reply, "Your message was sent.")


@bp.post("/requests/<int:ticket_id>/cancel")
def request_cancel(ticket_id: int):
    ticket = load_own(ticket_id)
    reason = request.form.get("reason", "")
    return _act(
        ticket,
        "cancel",
        lambda: tickets.cancel_request(ticket, reason, actor=current_actor()),
        f"{ticket.reference} is cancelled.",
    )


@bp.post("/requests/<int:ticket_id>/confirm")
def request_confirm(ticket_id: int):
    ticket = load_own(ticket_id)
    return _act(
        ticket,
        "confirm",
        lambda: tickets.confirm_resolution(ticket, actor=current_actor(), via=VIA),
        "Thank you for confirming: your request is closed.",
    )


@bp.post("/requests/<int:ticket_id>/reopen")
def request_reopen(ticket_id: int):
    ticket = load_own(ticket_id)
    actor = current_actor()
    return _act(
        ticket,
        "reopen",
        lambda: tickets.reopen(
            ticket,
            request.form.get("body", ""),
            actor=actor,
            author_email=actor.email,
            channel=Channel.EMPLOYEE_PORTAL,
        ),
        "Your request is open again.",
    )


@bp.post("/requests/<int:ticket_id>/rate")
def request_rate(ticket_id: int):
    ticket = load_own(ticket_id)
    score = parse_id(request.form.get("score"))
    comment = request.form.get("comment", "")
    return _act(
        ticket,
        "rating",
        lambda: tickets.rate(ticket, score, comment, actor=current_actor()),
        "Thank you for your rating.",
    )


@bp.get("/requests/<int:ticket_id>/files/<int:attachment_id>")
def request_file(ticket_id: int, attachment_id: int):
    ticket = load_own(ticket_id)
    attachment = next((a for a in public_files(ticket) if a.id == attachment_id), None)
    if attachment is None:
        raise NotFound("There is no such file on this request.")
    return send_file(
        path_of(attachment, current_app.config["UPLOAD_FOLDER"]),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )
