"""The service catalog: what employees can ask for, grouped by area, and each item's own form.

A request is filed for the signed-in person or, on their word, for a colleague with an account
(who then sees it as their own). Suggested articles appear while the subject is typed (the
knowledge base's suggestion endpoint), and filing marks the visit's searches as not deflected.
"""

from collections import defaultdict

from flask import flash, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from sqlalchemy import func, or_, select
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from ...accounts import service as accounts
from ...errors import NotFound, ValidationError
from ...extensions import db
from ...knowledge import service as kb
from ...tickets import expectations, lifecycle, policy
from ...tickets import service as tickets
from ...tickets.lifecycle import Status
from ...tickets.models import ApprovalRule, Audience, CatalogItem, Category, Ticket
from ...timeutils import utcnow
from ..catalog_forms import catalog_errors, submitted_fields
from ..common import current_actor, show_errors
from ..kb import VISIT_KEY, search_articles
from . import bp
from .my_requests import attach_uploads

EMPLOYEE_AUDIENCES = (Audience.EMPLOYEES, Audience.BOTH)
MAX_QUERY = 200


class RequestForm(FlaskForm):
    subject = StringField(
        "In a few words, what do you need?",
        validators=[DataRequired("Say in a few words what you need."), Length(max=200)],
    )
    description = TextAreaField("Details (optional)", validators=[Optional(), Length(max=20000)])
    on_behalf = EmailField(
        "For a colleague? Their work email (optional)",
        validators=[Optional(), Email("Give an address like name@example.org."), Length(max=254)],
    )
    files = MultipleFileField("Attachments (optional)")


def employee_items(text: str = "") -> list[CatalogItem]:
    """Active catalog items open to employees, optionally matching *text*."""
    query = (
        select(CatalogItem)
        .join(Category, Category.id == CatalogItem.category_id)
        .where(
            CatalogItem.is_active,
            CatalogItem.audience.in_(EMPLOYEE_AUDIENCES),
            Category.is_active,
            Category.audience.in_(EMPLOYEE_AUDIENCES),
        )
        .order_by(CatalogItem.name)
    )
    words = text.strip().lower().split()
    for word in words[:8]:
        pattern = f"%{word}%"
        query = query.where(
            or_(
                func.lower(CatalogItem.name).like(pattern),
                func.lower(CatalogItem.description).like(pattern),
                func.lower(Category.name).like(pattern),
            )
        )
    return list(db.session.scalars(query))


def grouped(items: list[CatalogItem]) -> list[tuple[str, list[CatalogItem]]]:
    """Items by their top-level category (IT, Facilities, HR, Fleet...), by name."""
    groups: dict[str, list[CatalogItem]] = defaultdict(list)
    for item in items:
        groups[item.category.path[0].name].append(item)
    return sorted(groups.items(), key=lambda pair: pair[0].lower())


@bp.get("/")
def home():
    actor = current_actor()
    text = (request.args.get("q") or "").strip()[:MAX_QUERY]
    items = employee_items(text)
    hits = search_articles("employee", text).hits[:5] if text else []
    pending = db.session.scalar(
        select(func.count()).select_from(policy.visible_approvals(actor).subquery())
    )
    mine = db.session.scalar(
        select(func.count()).where(
            or_(Ticket.requester_id == actor.id, Ticket.submitted_by_id == actor.id),
            Ticket.parent_id.is_(None),
            Ticket.status.in_(list(lifecycle.ACTIVE)),
        )
    )
    return render_template(
        "employee/home.html", groups=grouped(items), q=text, hits=hits, pending=pending, open=mine
    )


def _item_or_404(item_id: int) -> CatalogItem:
    item = db.session.get(CatalogItem, item_id) if 0 < item_id < 2**31 else None
    if item is None or item not in employee_items():
        raise NotFound("There is no such request type in the catalog. Choose one from the list.")
    return item


@bp.route("/catalog/<int:item_id>", methods=["GET", "POST"])
def catalog_item(item_id: int):
    item = _item_or_404(item_id)
    form = RequestForm()
    if request.method == "GET":
        return _show(item, form)
    fields = submitted_fields(item)
    field_errors = catalog_errors(item, fields)
    if not form.validate_on_submit() or field_errors:
        return _show(item, form, field_errors, status=400)
    actor = current_actor()
    requester = actor
    if form.on_behalf.data and accounts.normalize_email(form.on_behalf.data) != actor.email:
        requester = accounts.find_user_by_email(form.on_behalf.data)
        if requester is None or not requester.is_active or requester.role == "resident":
            form.on_behalf.errors.append(
                "No colleague with this address has an account here. Check the address, or "
                "leave it empty to ask for yourself."
            )
            return _show(item, form, status=400)
    try:
        ticket = tickets.submit_request(
            item,
            actor=actor,
            subject=form.subject.data,
            description=form.description.data or "",
            fields=fields,
            requester=requester,
        )
        _attach_files(ticket, item)
    except ValidationError as error:
        db.session.rollback()
        field_errors = {k[2:]: v for k, v in error.fields.items() if k.startswith("f_")}
        others = {k: v for k, v in error.fields.items() if not k.startswith("f_")}
        if others or not field_errors:
            show_errors(form, ValidationError(error.message, others))
        return _show(item, form, field_errors, status=400)
    kb.log_ticket_filed(session.get(VISIT_KEY, ""), item.category_id)
    reference = ticket.reference
    db.session.commit()
    waiting = ticket.status == Status.AWAITING_APPROVAL
    flash(
        f"Your request {reference} is filed"
        + (" and waits for approval." if waiting else ". We will keep you posted here.")
    )
    return redirect(url_for(".request_page", ticket_id=ticket.id))


def _attach_files(ticket: Ticket, item: CatalogItem) -> None:
    """Store the form's files (its file fields and the attachments box) on the request."""
    uploads = [
        (f"f_{field['name']}", request.files.get(f"f_{field['name']}"))
        for field in item.form_schema
        if field["type"] == "file"
    ] + [("files", upload) for upload in request.files.getlist("files")]
    attach_uploads(ticket, uploads)


def _show(item: CatalogItem, form: RequestForm, field_errors=None, status: int = 200):
    expectation = expectations.for_category(item.category, utcnow()).sentence()
    approver = None
    if item.approval != ApprovalRule.NONE:
        try:
            manager, team = tickets.approvers_for(item, current_actor())
            approver = manager.name if manager else team.name
        except ValidationError as error:
            approver = error.message
    page = render_template(
        "employee/item.html",
        item=item,
        form=form,
        values=request.form,
        field_errors=field_errors or {},
        expectation=expectation,
        approver=approver,
    )
    return page, status
