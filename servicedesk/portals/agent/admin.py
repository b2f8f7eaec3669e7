"""Administration pages at /agent/admin/: categories, request types and their forms, SLA
policies, calendars, routing rules, teams, users and canned responses.

Leads and admins manage the catalog, routing and canned responses; only admins manage SLA
policies, calendars, teams and users. Each view authorizes before it loads anything, then
validates, calls one service, commits, flashes and redirects; a form with errors comes back
with HTTP 400 and each message next to its field.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select

from ... import audit
from ...accounts import directory
from ...accounts.models import STAFF_ROLES, Role, Team, User
from ...errors import NotFound, ValidationError
from ...extensions import db
from ...tickets import catalog, configuration, policy
from ...tickets.models import (
    Calendar,
    CalendarClosure,
    CannedResponse,
    CatalogItem,
    Category,
    RoutingRule,
    SlaPolicy,
)
from ...timeutils import utcnow
from ..common import choices, current_actor, load_or_404, parse_id, show_errors
from . import bp
from .admin_forms import (
    FIELD_TYPE_LABELS,
    CalendarForm,
    CannedResponseForm,
    CatalogItemForm,
    CategoryForm,
    ClosureForm,
    ConfirmForm,
    EditUserForm,
    FieldActionForm,
    FormFieldForm,
    MemberForm,
    NewUserForm,
    PasswordForm,
    RoutingRuleForm,
    RoutingTestForm,
    SlaPolicyForm,
    TeamForm,
    lines,
)

T = TypeVar("T")
# What a lead's audit log shows: changes to the things leads manage.
CATALOG_OBJECT_TYPES = ("category", "catalog_item", "routing_rule", "canned_response")


# --- guards and helpers --------------------------------------------------------------------


def _catalog_manager() -> User:
    actor = current_actor()
    policy.require_manage_catalog(actor)
    return actor


def _administrator() -> User:
    actor = current_actor()
    policy.require_administer(actor)
    return actor


def _page(template: str, **context):
    """Render an admin page: 200 when shown, 400 when a submitted form comes back."""
    return render_template(template, **context), 400 if request.method == "POST" else 200


def _saved(form: FlaskForm, save: Callable[[], T]) -> T | None:
    """Validate *form* and run *save*; None, with the messages on the form, if either refuses."""
    if not form.validate_on_submit():
        return None
    try:
        return save()
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error)
        return None


def _done(form: FlaskForm, action: Callable[[], object]) -> bool:
    """Like :func:`_saved`, for a service that returns nothing: True once it ran."""
    if not form.validate_on_submit():
        return False
    try:
        action()
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error)
        return False
    return True


def _submitted():
    """The request's form data when a form was posted, else None (show stored values)."""
    return request.form if request.method == "POST" else None


def _row(model, value: str | None):
    """The row a select field chose ("" is none); the choices held only existing ids."""
    object_id = parse_id(value)
    return db.session.get(model, object_id) if object_id else None


def _all(model, *order) -> list:
    return list(db.session.scalars(select(model).order_by(*order)))


def _category_choices(empty: str):
    return choices(
        [("", empty)]
        + [(c.id, "— " * depth + c.name) for c, depth in configuration.category_tree()]
    )


def _team_choices(empty: str):
    return choices([("", empty)] + [(t.id, t.name) for t in _all(Team, Team.name)])


def _staff() -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.role.in_(list(STAFF_ROLES))).order_by(User.name))
    )


@bp.get("/admin/")
def admin_home():
    actor = _catalog_manager()
    types = None if policy.can_administer(actor) else CATALOG_OBJECT_TYPES
    return render_template(
        "agent/admin/index.html",
        entries=audit.recent_entries(50, types),
        is_admin=policy.can_administer(actor),
    )


# --- categories ----------------------------------------------------------------------------


@bp.get("/admin/categories/")
def admin_categories():
    _catalog_manager()
    return render_template("agent/admin/categories.html", tree=configuration.category_tree())


def _category_form(**data) -> CategoryForm:
    form = CategoryForm(data=data or None)
    form.parent.choices = _category_choices("None: a top-level category")
    form.default_team.choices = _team_choices("None")
    return form


def _spanish(form) -> dict:
    """The Spanish name and description of a category or request type form."""
    texts = {"name": form.name_es.data or "", "description": form.description_es.data or ""}
    return {"es": texts}


def _spanish_data(row) -> dict:
    texts = (row.translations or {}).get("es") or {}
    return {"name_es": texts.get("name", ""), "description_es": texts.get("description", "")}


def _category_values(form: CategoryForm) -> dict:
    return {
        "name": form.name.data,
        "description": form.description.data or "",
        "translations": _spanish(form),
        "parent": _row(Category, form.parent.data),
        "audience": form.audience.data,
        "default_team": _row(Team, form.default_team.data),
        "is_active": form.is_active.data,
    }


@bp.route("/admin/categories/new", methods=["GET", "POST"])
def admin_new_category():
    actor = _catalog_manager()
    form = _category_form(parent=request.args.get("parent", ""))
    category = _saved(
        form, lambda: configuration.create_category(actor=actor, **_category_values(form))
    )
    if category is None:
        return _page("agent/admin/category_form.html", form=form, category=None)
    db.session.commit()
    flash(f"Category {category.full_name} created.")
    return redirect(url_for(".admin_categories"))


@bp.route("/admin/categories/<int:category_id>", methods=["GET", "POST"])
def admin_edit_category(category_id: int):
    actor = _catalog_manager()
    category = load_or_404(Category, category_id)
    form = _category_form(
        name=category.name,
        description=category.description,
        parent=str(category.parent_id or ""),
        audience=category.audience.value,
        default_team=str(category.default_team_id or ""),
        is_active=category.is_active,
        **_spanish_data(category),
    )
    saved = _saved(
        form,
        lambda: configuration.update_category(category, actor=actor, **_category_values(form)),
    )
    if saved is None:
        return _page("agent/admin/category_form.html", form=form, category=category)
    db.session.commit()
    flash(f"Category {category.full_name} saved.")
    return redirect(url_for(".admin_categories"))


# --- catalog items and their forms ---------------------------------------------------------


@bp.get("/admin/catalog/")
def admin_catalog():
    _catalog_manager()
    items = sorted(
        _all(CatalogItem, CatalogItem.name),
        key=lambda item: (item.category.full_name.lower(), item.name.lower()),
    )
    return render_template("agent/admin/catalog.html", items=items)


def _item_form(formdata=None, **data) -> CatalogItemForm:
    form = CatalogItemForm(formdata=formdata, data=data or None)
    form.category.choices = _category_choices("Choose a category")
    return form


def _item_values(form: CatalogItemForm) -> dict:
    return {
        "name": form.name.data,
        "description": form.description.data or "",
        "translations": _spanish(form),
        "category": _row(Category, form.category.data),
        "audience": form.audience.data,
        "is_active": form.is_active.data,
    }


def _field_form(item: CatalogItem, formdata=None) -> FormFieldForm:
    form = FormFieldForm(formdata=formdata, prefix="field")
    form.shown_when_field.choices = choices(
        [("", "Always show this field")]
        + [
            (f["name"], f"{f['label']} ({f['name']})")
            for f in item.form_schema or []
            if f.get("type") in configuration.CONTROLLER_TYPES
        ]
    )
    return form


def _render_item(item: CatalogItem, **forms):
    forms.setdefault(
        "form",
        _item_form(
            name=item.name,
            description=item.description,
            category=str(item.category_id),
            audience=item.audience.value,
            is_active=item.is_active,
            **_spanish_data(item),
        ),
    )
    forms.setdefault("field_form", _field_form(item))
    forms.setdefault("action_form", FieldActionForm(formdata=None))
    return _page(
        "agent/admin/catalog_item.html",
        item=item,
        field_type_labels=FIELD_TYPE_LABELS,
        choice_types=catalog.CHOICE_TYPES,
        **forms,
    )


@bp.route("/admin/catalog/new", methods=["GET", "POST"])
def admin_new_catalog_item():
    actor = _catalog_manager()
    form = _item_form(_submitted())
    item = _saved(
        form, lambda: configuration.create_catalog_item(actor=actor, **_item_values(form))
    )
    if item is None:
        return _page("agent/admin/catalog_item.html", item=None, form=form)
    db.session.commit()
    flash(f"Request type {item.name} created. Now add the fields of its form.")
    return redirect(url_for(".admin_edit_catalog_item", item_id=item.id))


@bp.route("/admin/catalog/<int:item_id>", methods=["GET", "POST"])
def admin_edit_catalog_item(item_id: int):
    actor = _catalog_manager()
    item = load_or_404(CatalogItem, item_id)
    if request.method == "GET":
        return _render_item(item)
    form = _item_form(request.form)
    saved = _saved(
        form, lambda: configuration.update_catalog_item(item, actor=actor, **_item_values(form))
    )
    if saved is None:
        return _render_item(item, form=form)
    db.session.commit()
    flash(f"Request type {item.name} saved.")
    return redirect(url_for(".admin_edit_catalog_item", item_id=item.id))


@bp.post("/admin/catalog/<int:item_id>/fields")
def admin_add_form_field(item_id: int):
    actor = _catalog_manager()
    item = load_or_404(CatalogItem, item_id)
    form = _field_form(item, request.form)
    field = _saved(
        form,
        lambda: configuration.add_form_field(
            item,
            actor=actor,
            name=form.name.data,
            label=form.label.data,
            kind=form.kind.data,
            required=form.required.data,
            help=form.help.data or "",
            choices=lines(form.choices.data),
            shown_when_field=form.shown_when_field.data or "",
            shown_when_values=lines(form.shown_when_values.data),
        ),
    )
    if field is None:
        return _render_item(item, field_form=form)
    db.session.commit()
    flash(f"Field {field['label']} added.")
    return redirect(url_for(".admin_edit_catalog_item", item_id=item.id, _anchor="fields"))


@bp.post("/admin/catalog/<int:item_id>/fields/remove")
def admin_remove_form_field(item_id: int):
    actor = _catalog_manager()
    item = load_or_404(CatalogItem, item_id)
    form = FieldActionForm()
    removed = _done(
        form, lambda: configuration.remove_form_field(item, actor=actor, name=form.field.data)
    )
    if not removed:
        return _render_item(item, action_form=form)
    db.session.commit()
    flash(f"Field {form.field.data} removed.")
    return redirect(url_for(".admin_edit_catalog_item", item_id=item.id, _anchor="fields"))


@bp.post("/admin/catalog/<int:item_id>/fields/move")
def admin_move_form_field(item_id: int):
    actor = _catalog_manager()
    item = load_or_404(CatalogItem, item_id)
    form = FieldActionForm()
    moved = _done(
        form,
        lambda: configuration.move_form_field(
            item, actor=actor, name=form.field.data, direction=form.direction.data or ""
        ),
    )
    if not moved:
        return _render_item(item, action_form=form)
    db.session.commit()
    flash(f"Field {form.field.data} moved {form.direction.data}.")
    return redirect(url_for(".admin_edit_catalog_item", item_id=item.id, _anchor="fields"))


# --- SLA policies --------------------------------------------------------------------------


@bp.get("/admin/sla/")
def admin_sla_policies():
    _administrator()
    rows = sorted(_all(SlaPolicy), key=lambda p: (p.is_fallback, p.position, p.id))
    return render_template(
        "agent/admin/sla_policies.html",
        policies=rows,
        minutes=configuration.describe_minutes,
        day_hours=configuration.hours_per_open_day,
    )


def _sla_form(**data) -> SlaPolicyForm:
    form = SlaPolicyForm(data=data or None)
    form.category.choices = _category_choices("Any category")
    form.calendar.choices = choices(
        [("", "Choose a calendar")] + [(c.id, c.name) for c in _all(Calendar, Calendar.name)]
    )
    return form


def _sla_values(form: SlaPolicyForm) -> dict:
    return {
        "name": form.name.data,
        "position": form.position.data,
        "is_active": form.is_active.data,
        "is_fallback": form.is_fallback.data,
        "category": _row(Category, form.category.data),
        "priorities": form.priorities.data,
        "channels": form.channels.data,
        "audiences": form.audiences.data,
        "first_response_minutes": form.first_response_minutes.data,
        "resolution_minutes": form.resolution_minutes.data,
        "warn_percent": form.warn_percent.data,
        "calendar": _row(Calendar, form.calendar.data),
    }


def _render_sla(form: SlaPolicyForm, row: SlaPolicy | None):
    return _page(
        "agent/admin/sla_policy_form.html",
        form=form,
        policy=row,
        minutes=configuration.describe_minutes,
        day_hours=configuration.hours_per_open_day(row.calendar) if row else None,
    )


@bp.route("/admin/sla/new", methods=["GET", "POST"])
def admin_new_sla_policy():
    actor = _administrator()
    form = _sla_form()
    row = _saved(form, lambda: configuration.create_sla_policy(actor=actor, **_sla_values(form)))
    if row is None:
        return _render_sla(form, None)
    db.session.commit()
    flash(f"SLA policy {row.name} created.")
    return redirect(url_for(".admin_sla_policies"))


@bp.route("/admin/sla/<int:policy_id>", methods=["GET", "POST"])
def admin_edit_sla_policy(policy_id: int):
    actor = _administrator()
    row = load_or_404(SlaPolicy, policy_id)
    form = _sla_form(
        name=row.name,
        position=row.position,
        is_active=row.is_active,
        is_fallback=row.is_fallback,
        category=str(row.category_id or ""),
        priorities=list(row.priorities or []),
        channels=list(row.channels or []),
        audiences=list(row.audiences or []),
        first_response_minutes=row.first_response_minutes,
        resolution_minutes=row.resolution_minutes,
        warn_percent=row.warn_percent,
        calendar=str(row.calendar_id),
    )
    saved = _saved(
        form, lambda: configuration.update_sla_policy(row, actor=actor, **_sla_values(form))
    )
    if saved is None:
        return _render_sla(form, row)
    db.session.commit()
    flash(f"SLA policy {row.name} saved.")
    return redirect(url_for(".admin_sla_policies"))


# --- calendars -----------------------------------------------------------------------------


@bp.get("/admin/calendars/")
def admin_calendars():
    _administrator()
    return render_template(
        "agent/admin/calendars.html",
        calendars=_all(Calendar, Calendar.name),
        format_hours=configuration.format_hours,
        weekdays=configuration.WEEKDAYS,
    )


def _calendar_values(form: CalendarForm) -> dict:
    return {
        "name": form.name.data,
        "timezone": form.timezone.data,
        "hours": {day: configuration.parse_hours(form[f"hours_{day}"].data) for day in range(7)},
        "holiday_country": form.holiday_country.data,
        "holiday_subdivision": form.holiday_subdivision.data,
    }


def _render_calendar(calendar: Calendar | None, form: CalendarForm, **extra):
    countries = configuration.holiday_countries()
    context = {"calendar": calendar, "form": form, "closed_days": [], "closed_days_error": None}
    if calendar is not None:
        context["closure_form"] = extra.pop(
            "closure_form", ClosureForm(formdata=None, prefix="closure")
        )
        try:
            context["closed_days"] = configuration.next_closed_days(calendar, utcnow())
        except ValueError as error:
            context["closed_days_error"] = str(error)
    return _page(
        "agent/admin/calendar_form.html",
        timezones=sorted(configuration.timezone_names()),
        countries=countries,
        country_codes=sorted(code for code in countries if len(code) == 2),
        **context,
        **extra,
    )


@bp.route("/admin/calendars/new", methods=["GET", "POST"])
def admin_new_calendar():
    actor = _administrator()
    form = CalendarForm(data={f"hours_{day}": "08:00-17:00" for day in range(5)})
    calendar = _saved(
        form, lambda: configuration.create_calendar(actor=actor, **_calendar_values(form))
    )
    if calendar is None:
        return _render_calendar(None, form)
    db.session.commit()
    flash(f"Calendar {calendar.name} created.")
    return redirect(url_for(".admin_edit_calendar", calendar_id=calendar.id))


def _calendar_form(calendar: Calendar, formdata=None) -> CalendarForm:
    data = {
        f"hours_{day}": configuration.format_hours((calendar.hours or {}).get(str(day), []))
        for day in range(7)
    }
    return CalendarForm(
        formdata=formdata,
        data=data
        | {
            "name": calendar.name,
            "timezone": calendar.timezone,
            "holiday_country": calendar.holiday_country or "",
            "holiday_subdivision": calendar.holiday_subdivision or "",
        },
    )


@bp.route("/admin/calendars/<int:calendar_id>", methods=["GET", "POST"])
def admin_edit_calendar(calendar_id: int):
    actor = _administrator()
    calendar = load_or_404(Calendar, calendar_id)
    form = _calendar_form(calendar, _submitted())
    saved = _saved(
        form,
        lambda: configuration.update_calendar(calendar, actor=actor, **_calendar_values(form)),
    )
    if saved is None:
        return _render_calendar(calendar, form)
    db.session.commit()
    flash(f"Calendar {calendar.name} saved.")
    return redirect(url_for(".admin_edit_calendar", calendar_id=calendar.id))


@bp.post("/admin/calendars/<int:calendar_id>/closures")
def admin_add_closure(calendar_id: int):
    actor = _administrator()
    calendar = load_or_404(Calendar, calendar_id)
    form = ClosureForm(prefix="closure")
    closure = _saved(
        form,
        lambda: configuration.add_closure(
            calendar, actor=actor, day=form.day.data, name=form.name.data
        ),
    )
    if closure is None:
        return _render_calendar(calendar, _calendar_form(calendar), closure_form=form)
    db.session.commit()
    flash(f"Closed on {closure.day.isoformat()}.")
    return redirect(url_for(".admin_edit_calendar", calendar_id=calendar.id, _anchor="closures"))


@bp.post("/admin/calendars/<int:calendar_id>/closures/<int:closure_id>/remove")
def admin_remove_closure(calendar_id: int, closure_id: int):
    actor = _administrator()
    calendar = load_or_404(Calendar, calendar_id)
    closure = load_or_404(CalendarClosure, closure_id)
    if closure.calendar_id != calendar.id:
        raise NotFound(f"Calendar {calendar.name} has no closure {closure_id}.")
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise ValidationError("The form expired. Reload the page and try again.")
    day = closure.day
    configuration.remove_closure(closure, actor=actor)
    db.session.commit()
    flash(f"Open again on {day.isoformat()}.")
    return redirect(url_for(".admin_edit_calendar", calendar_id=calendar.id, _anchor="closures"))


# --- routing rules -------------------------------------------------------------------------


@bp.get("/admin/routing/")
def admin_routing_rules():
    _catalog_manager()
    return render_template(
        "agent/admin/routing_rules.html", rules=configuration.ordered_routing_rules()
    )


def _rule_form(**data) -> RoutingRuleForm:
    form = RoutingRuleForm(data=data or None)
    form.category.choices = _category_choices("Any category")
    form.team.choices = _team_choices("No team (the category's default team applies)")
    form.fixed_agent.choices = choices(
        [("", "Nobody")]
        + [
            (u.id, f"{u.name} ({', '.join(t.name for t in u.teams) or 'no team'})")
            for u in _staff()
            if u.is_active
        ]
    )
    return form


def _rule_values(form: RoutingRuleForm) -> dict:
    return {
        "name": form.name.data,
        "position": form.position.data,
        "is_active": form.is_active.data,
        "is_fallback": form.is_fallback.data,
        "category": _row(Category, form.category.data),
        "channels": form.channels.data,
        "audiences": form.audiences.data,
        "keywords": lines(form.keywords.data),
        "priorities": form.priorities.data,
        "when_flagged": form.when_flagged.data,
        "team": _row(Team, form.team.data),
        "set_priority": form.set_priority.data or None,
        "strategy": form.strategy.data,
        "fixed_agent": _row(User, form.fixed_agent.data),
    }


@bp.route("/admin/routing/new", methods=["GET", "POST"])
def admin_new_routing_rule():
    actor = _catalog_manager()
    form = _rule_form()
    rule = _saved(
        form, lambda: configuration.create_routing_rule(actor=actor, **_rule_values(form))
    )
    if rule is None:
        return _page("agent/admin/routing_rule_form.html", form=form, rule=None)
    db.session.commit()
    flash(f"Routing rule {rule.name} created.")
    return redirect(url_for(".admin_routing_rules"))


@bp.route("/admin/routing/<int:rule_id>", methods=["GET", "POST"])
def admin_edit_routing_rule(rule_id: int):
    actor = _catalog_manager()
    rule = load_or_404(RoutingRule, rule_id)
    form = _rule_form(
        name=rule.name,
        position=rule.position,
        is_active=rule.is_active,
        is_fallback=rule.is_fallback,
        category=str(rule.category_id or ""),
        channels=list(rule.channels or []),
        audiences=list(rule.audiences or []),
        keywords="\n".join(rule.keywords or []),
        priorities=list(rule.priorities or []),
        when_flagged=rule.when_flagged,
        team=str(rule.team_id or ""),
        set_priority=rule.set_priority or "",
        strategy=rule.strategy,
        fixed_agent=str(rule.fixed_agent_id or ""),
    )
    saved = _saved(
        form,
        lambda: configuration.update_routing_rule(rule, actor=actor, **_rule_values(form)),
    )
    if saved is None:
        return _page("agent/admin/routing_rule_form.html", form=form, rule=rule)
    db.session.commit()
    flash(f"Routing rule {rule.name} saved.")
    return redirect(url_for(".admin_routing_rules"))


@bp.get("/admin/routing/test")
def admin_test_routing():
    actor = _catalog_manager()
    submitted = "subject" in request.args
    form = RoutingTestForm(formdata=request.args if submitted else None)
    form.category.choices = _category_choices("No category")
    preview = None
    if submitted and form.validate():
        try:
            preview = configuration.preview_routing(
                actor=actor,
                subject=form.subject.data,
                description=form.description.data or "",
                category=_row(Category, form.category.data),
                channel=form.channel.data,
                audience=form.audience.data,
                priority=form.priority.data,
            )
        except ValidationError as error:
            show_errors(form, error)
    failed = submitted and preview is None
    return render_template(
        "agent/admin/routing_test.html", form=form, preview=preview
    ), 400 if failed else 200


# --- teams ---------------------------------------------------------------------------------


@bp.get("/admin/teams/")
def admin_teams():
    _administrator()
    return render_template("agent/admin/teams.html", teams=_all(Team, Team.name))


def _team_values(form: TeamForm) -> dict:
    return {
        "name": form.name.data,
        "department": form.department.data or "",
        "email": form.email.data or "",
        "description": form.description.data or "",
    }


def _member_form(team: Team, formdata=None) -> MemberForm:
    form = MemberForm(formdata=formdata, prefix="member")
    form.user.choices = choices(
        [("", "Choose a staff member")]
        + [(u.id, f"{u.name} ({u.role.label})") for u in _staff() if u not in team.members]
    )
    return form


def _render_team(team: Team | None, form: TeamForm, **extra):
    if team is not None:
        extra.setdefault("member_form", _member_form(team))
    return _page("agent/admin/team_form.html", team=team, form=form, **extra)


@bp.route("/admin/teams/new", methods=["GET", "POST"])
def admin_new_team():
    actor = _administrator()
    form = TeamForm()
    team = _saved(form, lambda: directory.create_team(actor=actor, **_team_values(form)))
    if team is None:
        return _render_team(None, form)
    db.session.commit()
    flash(f"Team {team.name} created. Now add its members.")
    return redirect(url_for(".admin_edit_team", team_id=team.id))


@bp.route("/admin/teams/<int:team_id>", methods=["GET", "POST"])
def admin_edit_team(team_id: int):
    actor = _administrator()
    team = load_or_404(Team, team_id)
    form = TeamForm(
        formdata=_submitted(),
        data={
            "name": team.name,
            "department": team.department,
            "email": team.email,
            "description": team.description,
        },
    )
    saved = _saved(form, lambda: directory.update_team(team, actor=actor, **_team_values(form)))
    if saved is None:
        return _render_team(team, form)
    db.session.commit()
    flash(f"Team {team.name} saved.")
    return redirect(url_for(".admin_edit_team", team_id=team.id))


@bp.post("/admin/teams/<int:team_id>/members")
def admin_add_member(team_id: int):
    actor = _administrator()
    team = load_or_404(Team, team_id)
    form = _member_form(team, request.form)
    added = _done(form, lambda: directory.add_member(team, _row(User, form.user.data), actor=actor))
    if not added:
        return _render_team(team, TeamForm(formdata=None, obj=team), member_form=form)
    db.session.commit()
    flash(f"{_row(User, form.user.data).name} added to {team.name}.")
    return redirect(url_for(".admin_edit_team", team_id=team.id, _anchor="members"))


@bp.post("/admin/teams/<int:team_id>/members/<int:user_id>/remove")
def admin_remove_member(team_id: int, user_id: int):
    actor = _administrator()
    team = load_or_404(Team, team_id)
    user = load_or_404(User, user_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        raise ValidationError("The form expired. Reload the page and try again.")
    directory.remove_member(team, user, actor=actor)
    db.session.commit()
    flash(f"{user.name} removed from {team.name}.")
    return redirect(url_for(".admin_edit_team", team_id=team.id, _anchor="members"))


# --- users ---------------------------------------------------------------------------------


@bp.get("/admin/users/")
def admin_users():
    _administrator()
    role = request.args.get("role") or ""
    if role and role not in set(Role):
        raise ValidationError("The filter is not valid.", {"role": "Choose a role from the list."})
    query = select(User).order_by(User.name)
    if role:
        query = query.where(User.role == Role(role))
    return render_template(
        "agent/admin/users.html",
        users=list(db.session.scalars(query)),
        roles=list(Role),
        role=role,
    )


def _team_checkboxes(form) -> None:
    form.teams.choices = choices((t.id, t.name) for t in _all(Team, Team.name))


def _teams_chosen(form) -> list[Team]:
    return [team for team in (_row(Team, value) for value in form.teams.data or []) if team]


@bp.route("/admin/users/new", methods=["GET", "POST"])
def admin_new_user():
    actor = _administrator()
    form = NewUserForm()
    _team_checkboxes(form)
    user = _saved(
        form,
        lambda: directory.create_user(
            actor=actor,
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            password=form.password.data or None,
            teams=_teams_chosen(form),
        ),
    )
    if user is None:
        return _page("agent/admin/user_form.html", form=form, user=None)
    db.session.commit()
    flash(f"User {user.email} created.")
    return redirect(url_for(".admin_users"))


def _edit_user_form(user: User, formdata=None) -> EditUserForm:
    form = EditUserForm(
        formdata=formdata,
        data={
            "name": user.name,
            "role": user.role.value,
            "teams": [str(team.id) for team in user.teams],
            "is_active": user.is_active_account,
            "is_available": user.is_available,
            "capacity": user.capacity,
        },
    )
    _team_checkboxes(form)
    return form


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
def admin_edit_user(user_id: int):
    actor = _administrator()
    user = load_or_404(User, user_id)
    form = _edit_user_form(user, _submitted())
    saved = _saved(
        form,
        lambda: directory.update_user(
            user,
            actor=actor,
            name=form.name.data,
            role=form.role.data,
            teams=_teams_chosen(form),
            is_active=form.is_active.data,
            is_available=form.is_available.data,
            capacity=form.capacity.data,
        ),
    )
    if saved is None:
        return _page(
            "agent/admin/user_form.html",
            form=form,
            user=user,
            password_form=PasswordForm(formdata=None, prefix="password"),
        )
    db.session.commit()
    flash(f"User {user.email} saved.")
    return redirect(url_for(".admin_users"))


@bp.post("/admin/users/<int:user_id>/password")
def admin_reset_password(user_id: int):
    actor = _administrator()
    user = load_or_404(User, user_id)
    form = PasswordForm(prefix="password")
    reset = _done(form, lambda: directory.reset_password(user, form.password.data, actor=actor))
    if not reset:
        return _page(
            "agent/admin/user_form.html",
            form=_edit_user_form(user),
            user=user,
            password_form=form,
        )
    db.session.commit()
    flash(f"Password of {user.email} reset. Tell them through a safe channel.")
    return redirect(url_for(".admin_edit_user", user_id=user.id))


# --- canned responses ----------------------------------------------------------------------


@bp.get("/admin/canned/")
def admin_canned_responses():
    _catalog_manager()
    return render_template(
        "agent/admin/canned_responses.html",
        responses=_all(CannedResponse, CannedResponse.title),
    )


def _canned_values(form: CannedResponseForm) -> dict:
    return {"title": form.title.data, "body": form.body.data}


@bp.route("/admin/canned/new", methods=["GET", "POST"])
def admin_new_canned_response():
    actor = _catalog_manager()
    form = CannedResponseForm()
    canned = _saved(
        form, lambda: configuration.create_canned_response(actor=actor, **_canned_values(form))
    )
    if canned is None:
        return _page("agent/admin/canned_response_form.html", form=form, canned=None)
    db.session.commit()
    flash(f"Canned response {canned.title} created.")
    return redirect(url_for(".admin_canned_responses"))


@bp.route("/admin/canned/<int:canned_id>", methods=["GET", "POST"])
def admin_edit_canned_response(canned_id: int):
    actor = _catalog_manager()
    canned = load_or_404(CannedResponse, canned_id)
    form = CannedResponseForm(data={"title": canned.title, "body": canned.body})
    saved = _saved(
        form,
        lambda: configuration.update_canned_response(canned, actor=actor, **_canned_values(form)),
    )
    if saved is None:
        return _page(
            "agent/admin/canned_response_form.html",
            form=form,
            canned=canned,
            delete_form=ConfirmForm(formdata=None, prefix="delete"),
        )
    db.session.commit()
    flash(f"Canned response {canned.title} saved.")
    return redirect(url_for(".admin_canned_responses"))


@bp.post("/admin/canned/<int:canned_id>/delete")
def admin_delete_canned_response(canned_id: int):
    actor = _catalog_manager()
    canned = load_or_404(CannedResponse, canned_id)
    form = ConfirmForm(prefix="delete")
    if not form.validate_on_submit():
        raise ValidationError("The form expired. Reload the page and try again.")
    title = canned.title
    configuration.delete_canned_response(canned, actor=actor)
    db.session.commit()
    flash(f"Canned response {title} deleted.")
    return redirect(url_for(".admin_canned_responses"))
