"""Queue and ticket views. Thin: load, authorize, validate, call one service, commit, respond."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from ...accounts.models import STAFF_ROLES, Team, User
from ...errors import NotFound, ValidationError
from ...extensions import db
from ...knowledge.models import Article
from ...tickets import lifecycle, nearby, policy, queues, sla_clocks
from ...tickets import service as tickets
from ...tickets.attachments import UploadRules, can_download, path_of, rules_from_config
from ...tickets.catalog import is_shown
from ...tickets.models import (
    Attachment,
    CannedResponse,
    CatalogItem,
    Category,
    Channel,
    EventKind,
    Ticket,
    category_full_names,
    parse_reference,
)
from ...tickets.priority import PRIORITIES
from ...timeutils import utcnow
from ..catalog_forms import catalog_errors, submitted_fields
from ..common import choices, current_actor, load_or_404, parse_id
from . import bp
from .forms import (
    AssignForm,
    BulkForm,
    CategoryForm,
    ChildForm,
    LinkForm,
    MergeForm,
    NewTicketForm,
    PriorityForm,
    ReferenceForm,
    ReplyForm,
    StatusForm,
    TeamForm,
)
from .kb import requester_link, suggested_articles

MESSAGE_EVENTS = {EventKind.REPLIED, EventKind.NOTE_ADDED}

# --- queue ---------------------------------------------------------------------------------


@bp.get("/")
def queue():
    actor = current_actor()
    filters = _queue_filters()
    page = queues.fetch_page(actor, filters, utcnow(), current_app.config["QUEUE_PAGE_SIZE"])
    bulk = BulkForm()
    agents = _agents()
    bulk.agent.choices = _agent_choices(agents)
    return render_template(
        "agent/queue.html",
        page=page,
        filters=filters,
        views=queues.VIEWS,
        statuses=list(lifecycle.Status),
        teams=_teams(),
        agents=agents,
        categories=_categories(),
        channels=list(Channel),
        priorities=PRIORITIES,
        bulk=bulk,
        now=utcnow(),
        supporters=nearby.supporter_counts([ticket.id for ticket in page.tickets]),
        query_args={k: v for k, v in request.args.items() if k != "after" and v},
    )


def _queue_filters() -> queues.QueueFilters:
    args = request.args
    view = args.get("view") or queues.DEFAULT_VIEW
    errors = {}
    if view not in queues.VIEWS:
        errors["view"] = f"Choose one of {', '.join(queues.VIEWS)}."
    status = args.get("status") or None
    if status and status not in set(lifecycle.Status):
        errors["status"] = "Unknown status."
    channel = args.get("channel") or None
    if channel and channel not in set(Channel):
        errors["channel"] = "Unknown channel."
    priority = args.get("priority") or None
    if priority and priority not in PRIORITIES:
        errors["priority"] = "Unknown priority."
    assignee = args.get("assignee") or None
    if assignee and assignee != "none" and parse_id(assignee) is None:
        errors["assignee"] = "Choose an agent from the list."
    if errors:
        raise ValidationError("The queue filter is not valid.", errors)
    return queues.QueueFilters(
        view=view,
        status=status,
        team_id=_int_arg("team"),
        assignee=assignee,
        category_id=_int_arg("category"),
        channel=channel,
        priority=priority,
        text=(args.get("q") or "")[:200],
        after=args.get("after") or None,
    )


def _int_arg(name: str) -> int | None:
    value = request.args.get(name) or ""
    if not value:
        return None
    if parse_id(value) is None:
        raise ValidationError(
            "The queue filter is not valid.", {name: "Choose a value from the list."}
        )
    return int(value)


@bp.post("/bulk")
def bulk():
    actor = current_actor()
    form = BulkForm()
    form.agent.choices = _agent_choices()
    ids = [parse_id(v) for v in request.form.getlist("ticket") if parse_id(v)]
    if not form.validate_on_submit() or not ids:
        flash("Select at least one ticket and an action.", "error")
        return redirect(request.referrer or url_for(".queue"))
    selected = [
        t for t in db.session.scalars(policy.visible_tickets(actor).where(Ticket.id.in_(ids)))
    ]
    if form.action.data == "assign":
        agent = _agent_from_choice(form.agent.data)
        count = tickets.bulk_assign(selected, agent, actor=actor)
        message = f"{count} ticket(s) assigned to {agent.name if agent else 'nobody'}."
    else:
        count = tickets.bulk_close(selected, actor=actor)
        message = f"{count} ticket(s) closed."
    db.session.commit()
    flash(message)
    return redirect(request.referrer or url_for(".queue"))


# --- ticket page ---------------------------------------------------------------------------


@bp.get("/tickets/<int:ticket_id>")
def ticket(ticket_id: int):
    actor = current_actor()
    ticket = load_or_404(Ticket, ticket_id)
    policy.require_view(actor, ticket)
    article_id = parse_id(request.args.get("insert"))
    if article_id:
        return render_ticket(ticket, reply_form=_reply_linking(ticket, article_id))
    return render_ticket(ticket)


def _reply_linking(ticket: Ticket, article_id: int) -> ReplyForm:
    """A reply that starts with a link to an article the requester may read."""
    article = load_or_404(Article, article_id)
    link = requester_link(ticket, article.slug, article.audience) if article.is_live else None
    if link is None:
        raise NotFound("That article is not one the requester can read.")
    body = f"This article may help: {article.published_revision.title}\n{link}"
    reply = ReplyForm(prefix="reply", body=body)
    reply.canned.choices = _canned_choices()
    return reply


def render_ticket(ticket: Ticket, status: int = 200, **forms):
    actor = current_actor()
    now = utcnow()
    forms = _ticket_forms(ticket) | forms
    return (
        render_template(
            "agent/ticket.html",
            ticket=ticket,
            timeline=_timeline(actor, ticket),
            clocks=sla_clocks.clocks(ticket, now),
            pauses=sla_clocks.pauses(ticket),
            linked=tickets.linked_tickets(ticket),
            supporters=nearby.supporter_counts([ticket.id]).get(ticket.id, 0),
            visible_fields=_visible_fields(ticket),
            can_update=policy.can_update(actor, ticket),
            canned_bodies={str(c.id): fill_placeholders(c.body, ticket) for c in _canned()},
            suggested=[
                (hit, requester_link(ticket, hit.slug, hit.audience))
                for hit in suggested_articles(ticket)
            ],
            now=now,
            **forms,
        ),
        status,
    )


def _ticket_forms(ticket: Ticket) -> dict:
    reply = ReplyForm(prefix="reply")
    reply.canned.choices = _canned_choices()
    status = StatusForm(prefix="status", status=ticket.status.value, version=ticket.version)
    status.status.choices = choices(
        [(ticket.status.value, ticket.status.label + " (current)")]
        + [(s.value, s.label) for s in lifecycle.allowed_next(ticket.status)]
    )
    assign = AssignForm(
        prefix="assign", agent=str(ticket.assignee_id or ""), version=ticket.version
    )
    assign.agent.choices = _agent_choices()
    team = TeamForm(prefix="team", team=str(ticket.team_id or ""), version=ticket.version)
    teams = _teams()  # read once for both team pickers
    team.team.choices = _team_choices("No team", teams)
    priority = PriorityForm(
        prefix="priority", impact=ticket.impact, urgency=ticket.urgency, version=ticket.version
    )
    category = CategoryForm(prefix="category", category=str(ticket.category_id or ""))
    category.category.choices = _category_choices("No category")
    child = ChildForm(prefix="child")
    child.team.choices = _team_choices("Same routing as a new ticket", teams)
    return {
        "reply_form": reply,
        "status_form": status,
        "assign_form": assign,
        "team_form": team,
        "priority_form": priority,
        "category_form": category,
        "link_form": LinkForm(prefix="link"),
        "merge_form": MergeForm(prefix="merge"),
        "child_form": child,
    }


def _timeline(actor: User, ticket: Ticket) -> list[tuple[datetime, str, object]]:
    """Messages and events in time order; internal ones only for staff (this is the agent view).

    A reply's or note's own event is left out (the message shows it) unless it moved the status.
    """
    entries = [(m.created_at, "message", m) for m in policy.visible_messages(actor, ticket)]
    entries += [
        (e.created_at, "event", e)
        for e in policy.visible_events(actor, ticket)
        if e.kind not in MESSAGE_EVENTS or e.new_value is not None
    ]
    return sorted(entries, key=lambda entry: (entry[0], entry[1] == "message"))


def _visible_fields(ticket: Ticket) -> list[tuple[str, object]]:
    item = ticket.catalog_item
    if item is None:
        return []
    values = ticket.field_values or {}
    return [
        (field["label"], values[field["name"]])
        for field in item.form_schema
        if field["name"] in values and is_shown(field, values)
    ]


@bp.post("/tickets/<int:ticket_id>/reply")
def reply(ticket_id: int):
    actor = current_actor()
    ticket = load_or_404(Ticket, ticket_id)
    policy.require_view(actor, ticket)
    form = ReplyForm(prefix="reply")
    form.canned.choices = _canned_choices()
    if not form.validate_on_submit():
        return render_ticket(ticket, 400, reply_form=form)
    body = _with_canned(form, ticket)
    if not body.strip():
        form.body.errors.append("Write a message or pick a canned response.")
        return render_ticket(ticket, 400, reply_form=form)
    if form.kind.data == "note":
        message = tickets.add_internal_note(ticket, body, actor=actor)
    else:
        message = tickets.add_reply(ticket, body, actor=actor, channel=Channel.AGENT)
    for upload in form.attachments.data or []:
        if upload and upload.filename:
            tickets.add_attachment(
                ticket,
                filename=upload.filename,
                content_type=upload.mimetype,
                data=upload.read(),
                rules=upload_rules(),
                actor=actor,
                message=message,
            )
    db.session.commit()
    flash("Internal note added." if message.is_internal else "Reply sent.")
    return redirect(url_for(".ticket", ticket_id=ticket.id, _anchor=f"m{message.id}"))


def _with_canned(form: ReplyForm, ticket: Ticket) -> str:
    body = form.body.data or ""
    if not form.canned.data:
        return body
    canned = db.session.get(CannedResponse, int(form.canned.data))
    text = fill_placeholders(canned.body, ticket)
    return f"{body.rstrip()}\n\n{text}".strip() if body.strip() else text


def fill_placeholders(text: str, ticket: Ticket) -> str:
    requester = ticket.requester.name if ticket.requester else (ticket.contact_name or "there")
    return text.replace("{{reference}}", ticket.reference).replace("{{requester}}", requester)


def upload_rules() -> UploadRules:
    return rules_from_config(current_app.config)


@bp.post("/tickets/<int:ticket_id>/status")
def change_status(ticket_id: int):
    actor, ticket = _load_for_update(ticket_id)
    form = StatusForm(prefix="status")
    form.status.choices = choices([(s.value, s.label) for s in lifecycle.Status])
    if not form.validate_on_submit():
        return render_ticket(ticket, 400, status_form=form)
    if form.status.data == ticket.status.value:
        flash("The status is unchanged.")
    else:
        tickets.change_status(
            ticket, form.status.data, actor=actor, expected_version=form.version.data
        )
        db.session.commit()
        flash(f"Status set to {ticket.status.label}.")
    return redirect(url_for(".ticket", ticket_id=ticket.id))


@bp.post("/tickets/<int:ticket_id>/assign")
def assign(ticket_id: int):
    actor, ticket = _load_for_update(ticket_id)
    form = AssignForm(prefix="assign")
    form.agent.choices = _agent_choices()
    if not form.validate_on_submit():
        return render_ticket(ticket, 400, assign_form=form)
    agent = _agent_from_choice(form.agent.data)
    tickets.assign(ticket, agent, actor=actor, expected_version=form.version.data)
    db.session.commit()
    flash(f"Assigned to {agent.name}." if agent else "Returned to the team queue.")
    return redirect(url_for(".ticket", ticket_id=ticket.id))


@bp.post("/tickets/<int:ticket_id>/take")
def take(ticket_id: int):
    actor, ticket = _load_for_update(ticket_id)
    version = request.form.get("version", type=int)
    tickets.assign(ticket, actor, actor=actor, expected_version=version)
    db.session.commit()
    flash("The ticket is yours.")
    return redirect(url_for(".ticket", ticket_id=ticket.id))


@bp.post("/tickets/<int:ticket_id>/team")
def change_team(ticket_id: int):
    actor, ticket = _load_for_update(ticket_id)
    form = TeamForm(prefix="team")
    form.team.choices = _team_choices("No team")
    if not form.validate_on_submit():
        return render_ticket(ticket, 400, team_form=form)
    team = db.session.get(Team, int(form.team.data)) if form.team.data else None
    tickets.change_team(ticket, team, actor=actor, expected_version=form.version.data)
    db.session.commit()
    flash(f"Moved to {team.name}." if team else "Team cleared.")
    return redirect(url_for(".ticket", ticket_id=ticket.id))


@bp.post("/tickets/<int:ticket_id>/priority")
def change_priority(ticket_id: int):
    actor, ticket = _load_for_update(ticket_id)
    form = PriorityForm(prefix="priority")
    if not form.validate_on_submit():
        return render_ticket(ticket, 400, priority_form=form)
    tickets.change_priority(
        ticket, form.impact.data, form.urgency.data, actor=actor, expected_version=form.version.data
    )
    db.session.commit()
    flash(f"Priority is {ticket.priority}.")
    return redirect(url_for(".ticket", ticket_id=ticket.id))


@bp.post("/tickets/<int:ticket_id>/category")
def change_category(ticket_id: int):
    actor, ticket = _load_for_update(ticket_id)
    form = CategoryForm(prefix="category")
    form.category.choices = _category_choices("No category")
    if not form.validate_on_submit():
        return render_ticket(ticket, 400, category_form=form)
    category = db.session.get(Category, int(form.category.data)) if form.category.data else None
    tickets.change_category(ticket, category, actor=actor)
    db.session.commit()
    flash("Category changed.")
    return redirect(url_for(".ticket", ticket_id=ticket.id))


@bp.post("/tickets/<int:ticket_id>/link")
def link(ticket_id: int):
    actor, ticket = _load_for_update(ticket_id)
    form = LinkForm(prefix="link")
    other = _ticket_from_reference_form(form, ticket)
    if other is None:
        return render_ticket(ticket, 400, link_form=form)
    tickets.link(ticket, other, actor=actor)
    db.session.commit()
    flash(f"Linked to {other.reference}.")
    return redirect(url_for(".ticket", ticket_id=ticket.id))


@bp.post("/tickets/<int:ticket_id>/merge")
def merge(ticket_id: int):
    actor, ticket = _load_for_update(ticket_id)
    form = MergeForm(prefix="merge")
    target = _ticket_from_reference_form(form, ticket)
    if target is None:
        return render_ticket(ticket, 400, merge_form=form)
    tickets.merge(ticket, target, actor=actor)
    db.session.commit()
    flash(f"{ticket.reference} was merged into {target.reference}.")
    return redirect(url_for(".ticket", ticket_id=target.id))


@bp.post("/tickets/<int:ticket_id>/children")
def add_child(ticket_id: int):
    actor, ticket = _load_for_update(ticket_id)
    form = ChildForm(prefix="child")
    form.team.choices = _team_choices("Same routing as a new ticket")
    if not form.validate_on_submit():
        return render_ticket(ticket, 400, child_form=form)
    team = db.session.get(Team, int(form.team.data)) if form.team.data else None
    child = tickets.add_child(
        ticket,
        actor=actor,
        subject=form.subject.data,
        description=form.description.data or "",
        team=team,
    )
    db.session.commit()
    flash(f"Child task {child.reference} created.")
    return redirect(url_for(".ticket", ticket_id=ticket.id))


@bp.get("/attachments/<int:attachment_id>")
def download(attachment_id: int):
    attachment = load_or_404(Attachment, attachment_id)
    if not can_download(current_actor(), attachment):
        raise NotFound(f"There is no attachment {attachment_id}.")
    return send_file(
        path_of(attachment, current_app.config["UPLOAD_FOLDER"]),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )


def _load_for_update(ticket_id: int) -> tuple[User, Ticket]:
    actor = current_actor()
    ticket = load_or_404(Ticket, ticket_id)
    policy.require_update(actor, ticket)
    return actor, ticket


def _ticket_from_reference_form(form: ReferenceForm, ticket: Ticket) -> Ticket | None:
    """The other ticket a link or merge form names, or None with the form's error set."""
    if not form.validate_on_submit():
        return None
    other_id = parse_reference(form.reference.data)
    other = db.session.get(Ticket, other_id) if other_id else None
    if other is None or not policy.can_view(current_actor(), other):
        form.reference.errors.append(
            f"There is no ticket {form.reference.data.strip()} you can see."
        )
        return None
    return other


# --- new ticket on behalf of a caller ------------------------------------------------------


@bp.route("/tickets/new", methods=["GET", "POST"])
def new_ticket():
    actor = current_actor()
    form = NewTicketForm()
    item = _chosen_item(form)
    field_errors: dict[str, str] = {}
    if request.method == "POST" and request.form.get("step") != "choose":
        if form.validate_on_submit() and _known_choices(form, item):
            try:
                ticket = _open_for_caller(form, item, actor)
            except ValidationError as error:
                field_errors = error.fields
            else:
                ticket_id, reference = ticket.id, ticket.reference  # no reload after commit
                db.session.commit()
                flash(f"Ticket {reference} created.")
                return redirect(url_for(".ticket", ticket_id=ticket_id))
        elif item is not None:
            field_errors = catalog_errors(item, submitted_fields(item))
    # The pickers' lists are only needed to show the form (saving checks ids one by one).
    form.catalog_item.choices = choices(
        [("", "No specific request type")] + [(str(i.id), i.name) for i in _catalog_items()]
    )
    form.category.choices = _category_choices("Choose later")
    form.subject.render_kw = {"data-suggest-url": url_for(".kb_suggest"), "autocomplete": "off"}
    status = 400 if request.method == "POST" and (form.errors or field_errors) else 200
    return render_template(
        "agent/new_ticket.html",
        form=form,
        item=item,
        field_errors=field_errors,
        values=request.form,
    ), status


def _known_choices(form: NewTicketForm, item: CatalogItem | None) -> bool:
    """The chosen request type and category exist and are in use; else say so on the field."""
    if (form.catalog_item.data or "").strip() and item is None:
        form.catalog_item.errors.append("Choose a request type from the list.")
    category_id = parse_id(form.category.data)
    if (form.category.data or "").strip():
        category = db.session.get(Category, category_id) if category_id else None
        if category is None or not category.is_active:
            form.category.errors.append("Choose a category from the list.")
    return not (form.catalog_item.errors or form.category.errors)


def _open_for_caller(form: NewTicketForm, item: CatalogItem | None, actor: User) -> Ticket:
    category_id = parse_id(form.category.data)
    return tickets.open_ticket(
        actor=actor,
        channel=Channel.AGENT,
        subject=form.subject.data,
        description=form.description.data or "",
        contact_name=form.contact_name.data or "",
        contact_email=form.contact_email.data or "",
        category=db.session.get(Category, category_id) if category_id else None,
        catalog_item=item,
        fields=submitted_fields(item),
        location={"address": form.address.data, "lat": form.lat.data, "lon": form.lon.data},
        impact=form.impact.data,
        urgency=form.urgency.data,
    )


def _chosen_item(form: NewTicketForm) -> CatalogItem | None:
    """The request type in use that the form (or ``?item=``) names, else None."""
    item_id = parse_id(form.catalog_item.data or request.args.get("item"))
    item = db.session.get(CatalogItem, item_id) if item_id else None
    return item if item is not None and item.is_active else None


# --- choices -------------------------------------------------------------------------------


def _teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def _agents() -> list:
    """Active staff as (id, name) rows by name: every agent picker and filter lists them."""
    staff = sorted(STAFF_ROLES)
    query = (
        select(User.id, User.name)
        .where(User.role.in_(staff), User.is_active_account)
        .order_by(User.name, User.id)
    )
    return list(db.session.execute(query))


def _agent_choices(agents: list | None = None):
    agents = _agents() if agents is None else agents
    return choices([("", "Unassigned")] + [(str(a.id), a.name) for a in agents])


def _team_choices(empty_label: str, teams: list[Team] | None = None):
    teams = _teams() if teams is None else teams
    return choices([("", empty_label)] + [(str(t.id), t.name) for t in teams])


def _category_choices(empty_label: str):
    return choices([("", empty_label)] + [(str(c.id), c.full_name) for c in _categories()])


def _canned_choices():
    return choices([("", "—")] + [(str(c.id), c.title) for c in _canned()])


def _agent_from_choice(value: str) -> User | None:
    return db.session.get(User, int(value)) if value else None


@dataclass(frozen=True)
class CategoryOption:
    id: int
    full_name: str


def _categories() -> list[CategoryOption]:
    """Active categories by full name, for pickers and filters."""
    names = category_full_names()
    return [
        CategoryOption(category_id, name)
        for category_id, name in sorted(names.items(), key=lambda item: item[1].lower())
    ]


def _catalog_items() -> list[CatalogItem]:
    return list(
        db.session.scalars(
            select(CatalogItem).where(CatalogItem.is_active).order_by(CatalogItem.name)
        )
    )


def _canned() -> list[CannedResponse]:
    return list(db.session.scalars(select(CannedResponse).order_by(CannedResponse.title)))
