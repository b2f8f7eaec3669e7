"""The write path for ticket configuration: categories, catalog items and their forms, SLA
policies, calendars, routing rules and canned responses.

Each verb checks that the actor may manage the thing (leads and admins manage the catalog,
routing and canned responses; only admins manage SLA policies and calendars), validates
everything before it changes anything, writes one ``AuditEntry`` and flushes. The edge commits.

:raises PermissionDenied: from every verb, for an actor who may not manage the thing.
:raises ValidationError: from every verb, naming each bad field in ``fields``.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import holidays
from sqlalchemy import func, select

from .. import audit, languages
from ..accounts.models import Team, User
from ..errors import ValidationError
from ..extensions import db
from . import catalog, onboarding, policy, routing, sla_clocks
from . import service as tickets
from .models import (
    ApprovalRule,
    Audience,
    Calendar,
    CalendarClosure,
    CannedResponse,
    CatalogItem,
    Category,
    Channel,
    RoutingRule,
    SlaPolicy,
    text_is_flagged,
)
from .priority import PRIORITIES

# Tickets are filed by employees or by residents; "both" is an audience of categories only.
CONDITION_AUDIENCES = (Audience.EMPLOYEES.value, Audience.RESIDENTS.value)
PLACEHOLDERS = ("reference", "requester")
# Fields whose cleaned value is text, so "shown when it equals ..." can ever hold.
CONTROLLER_TYPES = ("choice", "multi_choice", "text", "long_text", "date")
MAX_FORM_FIELDS = 50
MAX_CHOICES = 100
MAX_KEYWORDS = 100
MAX_TARGET_MINUTES = 500_000
MAX_POSITION = 100_000
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")


# --- checking helpers ----------------------------------------------------------------------


class _Errors(dict):
    """Field name -> message, filled by the checks of one verb."""

    def text(self, field: str, value: str | None, max_length: int, *, label: str = "") -> str:
        """Return the stripped text; a non-empty *label* makes it required."""
        text = (value or "").strip()
        if label and not text:
            self[field] = f"{label} is required."
        elif len(text) > max_length:
            self[field] = f"Use at most {max_length} characters."
        return text

    def subset(self, field: str, values: Iterable[str], allowed: Iterable[str]) -> list[str]:
        chosen, allowed = list(dict.fromkeys(values or ())), list(allowed)
        unknown = [value for value in chosen if value not in allowed]
        if unknown:
            self[field] = f"Unknown value {unknown[0]!r}: choose from {', '.join(allowed)}."
        return chosen

    def number(self, field: str, value: int | None, low: int, high: int, what: str) -> int:
        if value is None or not low <= value <= high:
            self[field] = f"Enter {what} from {low} to {high}."
        return value or 0

    def translations(
        self, given: Mapping[str, Mapping[str, str]] | None, limits: Mapping[str, int]
    ) -> dict[str, dict[str, str]] | None:
        """The names in other languages, stripped, empty ones left out; errors are named
        ``<attribute>_<language>`` (``name_es``). None (not given) stays None."""
        if given is None:
            return None
        cleaned: dict[str, dict[str, str]] = {}
        for language, texts in given.items():
            if language not in languages.LANGUAGES or language == languages.DEFAULT_LANGUAGE:
                self[f"translations_{language}"] = f"Unknown language {language!r}."
                continue
            kept = {
                attribute: self.text(f"{attribute}_{language}", texts.get(attribute), limit)
                for attribute, limit in limits.items()
            }
            if any(kept.values()):
                cleaned[language] = {key: value for key, value in kept.items() if value}
        return cleaned

    def raise_if_any(self, message: str) -> None:
        if self:
            raise ValidationError(message, dict(self))


def _name_taken(model, name: str, current: Any) -> bool:
    query = select(model.id).where(func.lower(model.name) == name.lower())
    if current is not None and current.id is not None:
        query = query.where(model.id != current.id)
    return db.session.scalar(query.limit(1)) is not None


def _name_of(obj: Any) -> str | None:
    return None if obj is None else str(obj)


# --- categories ----------------------------------------------------------------------------


def category_tree() -> list[tuple[Category, int]]:
    """Return every category depth-first, children by name, with its depth (0 for roots)."""
    rows = db.session.scalars(select(Category)).all()
    children: dict[int | None, list[Category]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    ordered: list[tuple[Category, int]] = []
    seen: set[int] = set()

    def walk(parent_id: int | None, depth: int) -> None:
        for node in sorted(children.get(parent_id, []), key=lambda c: c.name.lower()):
            if node.id not in seen:  # bad data must not loop forever
                seen.add(node.id)
                ordered.append((node, depth))
                walk(node.id, depth + 1)

    walk(None, 0)
    return ordered


def _category_facts(category: Category) -> dict[str, Any]:
    return {
        "name": category.name,
        "description": category.description,
        "parent": category.parent.full_name if category.parent else None,
        "audience": Audience(category.audience).value,
        "default team": _name_of(category.default_team),
        "active": category.is_active,
    } | _translation_facts(category)


def _translation_facts(row: Category | CatalogItem) -> dict[str, Any]:
    """``name (es)`` and the like, for the audit trail."""
    return {
        f"{attribute} ({language})": text
        for language, texts in sorted((row.translations or {}).items())
        for attribute, text in sorted(texts.items())
    }


def _check_category(
    category: Category | None,
    name: str,
    description: str,
    parent: Category | None,
    audience: str,
    translations: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    errors = _Errors()
    name = errors.text("name", name, 120, label="A name")
    description = errors.text("description", description, 500)
    translated = errors.translations(translations, {"name": 120, "description": 500})
    if audience not in set(Audience):
        errors["audience"] = "Choose employees, residents or both."
    if category is not None and parent is not None and category in parent.path:
        errors["parent"] = (
            "A category cannot be placed under itself or under one of its own subcategories."
        )
    elif name and "name" not in errors:
        siblings = select(Category.id).where(
            func.lower(Category.name) == name.lower(),
            Category.parent_id == parent.id if parent else Category.parent_id.is_(None),
        )
        if category is not None and category.id is not None:
            siblings = siblings.where(Category.id != category.id)
        if db.session.scalar(siblings.limit(1)) is not None:
            errors["name"] = "A category with this name already exists at that place in the tree."
    errors.raise_if_any("The category could not be saved.")
    values = {"name": name, "description": description, "audience": Audience(audience)}
    return values if translated is None else values | {"translations": translated}


def create_category(
    *,
    actor: User | None,
    name: str,
    description: str = "",
    parent: Category | None = None,
    audience: str = Audience.BOTH,
    default_team: Team | None = None,
    is_active: bool = True,
    translations: Mapping[str, Mapping[str, str]] | None = None,
    now: datetime | None = None,
) -> Category:
    """Add a category to the tree; *translations* are its name and description in other
    languages (``{"es": {"name": ..., "description": ...}}``)."""
    policy.require_manage_catalog(actor)
    values = _check_category(None, name, description, parent, audience, translations or {})
    category = Category(parent=parent, default_team=default_team, is_active=is_active, **values)
    db.session.add(category)
    audit.record(
        actor, "category.created", category, audit.describe(_category_facts(category)), now=now
    )
    return category


def update_category(
    category: Category,
    *,
    actor: User | None,
    name: str,
    description: str,
    parent: Category | None,
    audience: str,
    default_team: Team | None,
    is_active: bool,
    translations: Mapping[str, Mapping[str, str]] | None = None,
    now: datetime | None = None,
) -> Category:
    """Edit a category; refuse a parent that would make a cycle. *translations* replace the
    ones it has (None keeps them)."""
    policy.require_manage_catalog(actor)
    values = _check_category(category, name, description, parent, audience, translations)
    before = _category_facts(category)
    for key, value in values.items():
        setattr(category, key, value)
    category.parent = parent
    category.default_team = default_team
    category.is_active = is_active
    summary = audit.changes(before, _category_facts(category))
    audit.record(actor, "category.updated", category, summary, now=now)
    return category


# --- catalog items and their forms ---------------------------------------------------------


def _item_facts(item: CatalogItem) -> dict[str, Any]:
    return {
        "name": item.name,
        "description": item.description,
        "category": _name_of(item.category),
        "audience": Audience(item.audience).value,
        "active": item.is_active,
    } | _translation_facts(item)


def _check_item(
    item: CatalogItem | None,
    name: str,
    description: str,
    category: Category | None,
    audience: str,
    translations: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    errors = _Errors()
    name = errors.text("name", name, 160, label="A name")
    description = errors.text("description", description, 5000)
    translated = errors.translations(translations, {"name": 160, "description": 5000})
    if category is None:
        errors["category"] = "Choose the category this request type belongs to."
    if audience not in set(Audience):
        errors["audience"] = "Choose employees, residents or both."
    if "name" not in errors and _name_taken(CatalogItem, name, item):
        errors["name"] = "A request type with this name already exists."
    errors.raise_if_any("The request type could not be saved.")
    values = {"name": name, "description": description, "audience": Audience(audience)}
    return values if translated is None else values | {"translations": translated}


def create_catalog_item(
    *,
    actor: User | None,
    name: str,
    category: Category | None,
    description: str = "",
    audience: str = Audience.BOTH,
    is_active: bool = True,
    translations: Mapping[str, Mapping[str, str]] | None = None,
    now: datetime | None = None,
) -> CatalogItem:
    """Add a request type with an empty form (*translations* as for a category)."""
    policy.require_manage_catalog(actor)
    values = _check_item(None, name, description, category, audience, translations or {})
    item = CatalogItem(category=category, is_active=is_active, form_schema=[], **values)
    db.session.add(item)
    audit.record(actor, "catalog_item.created", item, audit.describe(_item_facts(item)), now=now)
    return item


def update_catalog_item(
    item: CatalogItem,
    *,
    actor: User | None,
    name: str,
    description: str,
    category: Category | None,
    audience: str,
    is_active: bool,
    translations: Mapping[str, Mapping[str, str]] | None = None,
    now: datetime | None = None,
) -> CatalogItem:
    """Edit a request type's details (its form has verbs of its own); *translations* replace
    its names in other languages (None keeps them)."""
    policy.require_manage_catalog(actor)
    values = _check_item(item, name, description, category, audience, translations)
    before = _item_facts(item)
    for key, value in values.items():
        setattr(item, key, value)
    item.category = category
    item.is_active = is_active
    audit.record(
        actor, "catalog_item.updated", item, audit.changes(before, _item_facts(item)), now=now
    )
    return item


def set_catalog_workflow(
    item: CatalogItem,
    *,
    actor: User | None,
    approval: str,
    approver_team: Team | None,
    child_tasks: list[dict[str, Any]],
    due_field: str = "",
    now: datetime | None = None,
) -> CatalogItem:
    """Set who approves a request type's requests and the child tasks it fans out to.

    :raises ValidationError: for an unknown approval rule, a team rule without a team, a
        template naming a team that does not exist, or a due field that is not a date field.
    """
    policy.require_manage_catalog(actor)
    if approval not in {rule.value for rule in ApprovalRule}:
        raise ValidationError("Unknown approval rule.", {"approval": "Choose an approval rule."})
    if approval == ApprovalRule.TEAM and approver_team is None:
        raise ValidationError(
            "Name the approver team.", {"approver_team": "Choose the team that approves."}
        )
    try:
        tasks = onboarding.check_templates(child_tasks, item.form_schema, due_field)
    except ValidationError as error:
        raise ValidationError(error.message, {"child_tasks": error.message}) from None
    teams = set(db.session.scalars(select(Team.name)))
    unknown = [task["team"] for task in tasks if task["team"] and task["team"] not in teams]
    if unknown:
        message = f"There is no team called {unknown[0]!r}."
        raise ValidationError(message, {"child_tasks": message})
    before = _workflow_facts(item)
    item.approval = ApprovalRule(approval)
    item.approver_team = approver_team
    item.child_tasks = tasks
    item.due_field = due_field
    audit.record(
        actor, "catalog_item.updated", item, audit.changes(before, _workflow_facts(item)), now=now
    )
    return item


def _workflow_facts(item: CatalogItem) -> dict[str, Any]:
    return {
        "approval": ApprovalRule(item.approval).value,
        "approver team": _name_of(item.approver_team),
        "child tasks": [task["subject"] for task in item.child_tasks or []],
        "due field": item.due_field,
    }


def _checked_schema(schema: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the catalog's own check; its message becomes the form's error."""
    try:
        return catalog.check_schema(schema)
    except ValidationError as error:
        raise ValidationError(error.message, {"schema": error.message}) from None


def _field(schema: Sequence[Mapping[str, Any]], name: str) -> Mapping[str, Any] | None:
    return next((field for field in schema if field.get("name") == name), None)


def _lines(values: Iterable[str]) -> list[str]:
    return [value.strip() for value in values if value and value.strip()]


def _describe_condition(condition: Mapping[str, Any]) -> str:
    options = condition["in"] if "in" in condition else [condition.get("equals")]
    return f"{condition.get('field')} is {' or '.join(str(option) for option in options)}"


def add_form_field(
    item: CatalogItem,
    *,
    actor: User | None,
    name: str,
    label: str,
    kind: str,
    required: bool = False,
    help: str = "",
    choices: Iterable[str] = (),
    shown_when_field: str = "",
    shown_when_values: Iterable[str] = (),
    now: datetime | None = None,
) -> dict[str, Any]:
    """Append a field to a request type's form.

    Choices only apply to the choice types. A field may be shown only when an earlier field
    has one of some values (``shown_when``).
    """
    policy.require_manage_catalog(actor)
    schema = list(item.form_schema or [])
    errors = _Errors()
    name = (name or "").strip()
    if not name:
        errors["name"] = "A name is required."
    elif not _FIELD_NAME.match(name):
        errors["name"] = (
            "Start with a lower-case letter; use only lower-case letters, digits and _ "
            "(at most 40 characters)."
        )
    elif _field(schema, name) is not None:
        errors["name"] = f"The form already has a field named {name!r}."
    label = errors.text("label", label, 200, label="A label")
    help = errors.text("help", help, 500)
    if kind not in catalog.FIELD_TYPES:
        errors["kind"] = f"Choose one of {', '.join(catalog.FIELD_TYPES)}."
    field: dict[str, Any] = {"name": name, "label": label, "type": kind, "required": required}
    if help:
        field["help"] = help
    if kind in catalog.CHOICE_TYPES:
        field["choices"] = _check_choices(errors, _lines(choices))
    condition = _check_condition(
        errors, schema, (shown_when_field or "").strip(), shown_when_values
    )
    if condition:
        field["shown_when"] = condition
    if len(schema) >= MAX_FORM_FIELDS:
        errors["schema"] = f"A form has at most {MAX_FORM_FIELDS} fields."
    errors.raise_if_any("The field could not be added.")
    item.form_schema = _checked_schema([*schema, field])
    summary = f"Added field {name!r} ({kind}, label {label!r}"
    summary += ", required" if required else ""
    summary += f", shown when {_describe_condition(condition)})." if condition else ")."
    audit.record(actor, "catalog_item.field_added", item, summary, now=now)
    return field


def _check_choices(errors: _Errors, choices: list[str]) -> list[str]:
    if not choices:
        errors["choices"] = "A choice field needs at least one choice (one per line)."
    elif len(choices) > MAX_CHOICES:
        errors["choices"] = f"Use at most {MAX_CHOICES} choices."
    elif len(set(choices)) != len(choices):
        errors["choices"] = "List each choice once."
    elif any(len(choice) > 200 for choice in choices):
        errors["choices"] = "Each choice is at most 200 characters."
    return choices


def _check_condition(
    errors: _Errors,
    earlier: Sequence[Mapping[str, Any]],
    field_name: str,
    raw_values: Iterable[str],
) -> dict[str, Any] | None:
    values = _lines(raw_values)
    if not field_name:
        if values:
            errors["shown_when_field"] = "Choose the field whose value shows this one."
        return None
    controller = _field(earlier, field_name)
    if controller is None:
        errors["shown_when_field"] = (
            "A field can only depend on a field above it: choose one of the existing fields."
        )
        return None
    if controller.get("type") not in CONTROLLER_TYPES:
        errors["shown_when_field"] = (
            f"A {controller.get('type')} field cannot show or hide another field: choose a "
            "choice, text or date field."
        )
        return None
    if not values:
        errors["shown_when_values"] = (
            f"Give the value(s) of {controller['label']!r} that show this field, one per line."
        )
        return None
    if controller.get("type") in catalog.CHOICE_TYPES:
        unknown = [value for value in values if value not in controller.get("choices", [])]
        if unknown:
            errors["shown_when_values"] = (
                f"{unknown[0]!r} is not one of the choices of {controller['label']!r}."
            )
    if len(values) == 1:
        return {"field": field_name, "equals": values[0]}
    return {"field": field_name, "in": values}


def remove_form_field(
    item: CatalogItem, *, actor: User | None, name: str, now: datetime | None = None
) -> None:
    """Remove a field from a request type's form (answers already given stay on tickets)."""
    policy.require_manage_catalog(actor)
    schema = list(item.form_schema or [])
    field = _field(schema, name)
    if field is None:
        raise ValidationError("There is no such field.", {"field": "There is no such field."})
    dependants = [f for f in schema if (f.get("shown_when") or {}).get("field") == name]
    if dependants:
        message = (
            f"{dependants[0]['label']!r} is shown depending on {field['label']!r}: "
            "remove that field first."
        )
        raise ValidationError(message, {"schema": message})
    item.form_schema = _checked_schema([f for f in schema if f is not field])
    summary = f"Removed field {name!r} ({field.get('type')}, label {field.get('label')!r})."
    audit.record(actor, "catalog_item.field_removed", item, summary, now=now)


def move_form_field(
    item: CatalogItem,
    *,
    actor: User | None,
    name: str,
    direction: str,
    now: datetime | None = None,
) -> None:
    """Move a field one place up or down the form."""
    policy.require_manage_catalog(actor)
    schema = list(item.form_schema or [])
    field = _field(schema, name)
    if field is None:
        raise ValidationError("There is no such field.", {"field": "There is no such field."})
    if direction not in ("up", "down"):
        raise ValidationError("Move up or down.", {"direction": "Move up or down."})
    index = schema.index(field)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(schema):
        message = f"{field['label']!r} is already the {'first' if other < 0 else 'last'} field."
        raise ValidationError(message, {"schema": message})
    schema[index], schema[other] = schema[other], schema[index]
    first, second = schema[min(index, other)], schema[max(index, other)]
    if (first.get("shown_when") or {}).get("field") == second.get("name"):
        message = (
            f"{first['label']!r} is shown depending on {second['label']!r}, "
            "so it must stay below it."
        )
        raise ValidationError(message, {"schema": message})
    item.form_schema = _checked_schema(schema)
    summary = f"Moved field {name!r} {direction}: now at position {schema.index(field) + 1}."
    audit.record(actor, "catalog_item.field_moved", item, summary, now=now)


# --- SLA policies --------------------------------------------------------------------------


def describe_minutes(minutes: int | None, hours_per_day: float | None = None) -> str:
    """Say a target in business minutes in hours, and in business days when a day is known.

    >>> describe_minutes(2700, 9)
    '2700 min = 45 h = 5 business days of 9 h'
    """
    if not minutes:
        return "—"
    text = f"{minutes} min"
    if minutes >= 60:
        text += f" = {_number(minutes / 60)} h"
    if hours_per_day and minutes >= hours_per_day * 60:
        days = minutes / (hours_per_day * 60)
        text += f" = {_number(days)} business day{'s' if days != 1 else ''}"
        text += f" of {_number(hours_per_day)} h"
    return text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def hours_per_open_day(calendar: Calendar | None) -> float | None:
    """Average opening hours over the weekdays the calendar is open, or None."""
    if calendar is None:
        return None
    totals = []
    for spans in (calendar.hours or {}).values():
        minutes = sum(_minutes_of(end) - _minutes_of(start) for start, end in spans)
        if minutes > 0:
            totals.append(minutes)
    return sum(totals) / len(totals) / 60 if totals else None


def _minutes_of(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _sla_facts(row: SlaPolicy) -> dict[str, Any]:
    return {
        "name": row.name,
        "position": row.position,
        "active": row.is_active,
        "fallback": row.is_fallback,
        "category": _name_of(row.category),
        "priorities": list(row.priorities or []),
        "channels": list(row.channels or []),
        "audiences": list(row.audiences or []),
        "first response minutes": row.first_response_minutes,
        "resolution minutes": row.resolution_minutes,
        "warn percent": row.warn_percent,
        "calendar": _name_of(row.calendar),
    }


def _check_fallback(errors: _Errors, is_fallback: bool, conditions: Mapping[str, Any]) -> None:
    if is_fallback and any(conditions.values()):
        errors["is_fallback"] = (
            "A fallback applies to every ticket, so it cannot have conditions: clear the "
            f"{', '.join(name for name, value in conditions.items() if value)} or untick "
            "fallback."
        )


def _check_sla(row: SlaPolicy | None, **values: Any) -> dict[str, Any]:
    errors = _Errors()
    checked = {
        "name": errors.text("name", values["name"], 120, label="A name"),
        "position": errors.number("position", values["position"], 0, MAX_POSITION, "a position"),
        "priorities": errors.subset("priorities", values["priorities"], PRIORITIES),
        "channels": errors.subset("channels", values["channels"], [c.value for c in Channel]),
        "audiences": errors.subset("audiences", values["audiences"], CONDITION_AUDIENCES),
        "warn_percent": errors.number(
            "warn_percent", values["warn_percent"], 1, 99, "a warning percentage"
        ),
    }
    for key in ("first_response_minutes", "resolution_minutes"):
        checked[key] = errors.number(
            key, values[key], 1, MAX_TARGET_MINUTES, "a target in business minutes"
        )
    both_given = not {"first_response_minutes", "resolution_minutes"} & errors.keys()
    if both_given and checked["resolution_minutes"] < checked["first_response_minutes"]:
        errors["resolution_minutes"] = (
            "The resolution target cannot be shorter than the first-response target."
        )
    if values["calendar"] is None:
        errors["calendar"] = "Choose the calendar whose business hours the clocks count."
    conditions = {
        "category": values["category"],
        "priorities": checked["priorities"],
        "channels": checked["channels"],
        "audiences": checked["audiences"],
    }
    _check_fallback(errors, values["is_fallback"], conditions)
    if "name" not in errors and _name_taken(SlaPolicy, checked["name"], row):
        errors["name"] = "An SLA policy with this name already exists."
    errors.raise_if_any("The SLA policy could not be saved.")
    return checked | {
        "is_active": bool(values["is_active"]),
        "is_fallback": bool(values["is_fallback"]),
        "category": values["category"],
        "calendar": values["calendar"],
    }


def create_sla_policy(
    *,
    actor: User | None,
    name: str,
    first_response_minutes: int | None,
    resolution_minutes: int | None,
    calendar: Calendar | None,
    position: int | None = 100,
    is_active: bool = True,
    is_fallback: bool = False,
    category: Category | None = None,
    priorities: Iterable[str] = (),
    channels: Iterable[str] = (),
    audiences: Iterable[str] = (),
    warn_percent: int | None = 80,
    now: datetime | None = None,
) -> SlaPolicy:
    """Add an SLA policy (conditions -> targets in business minutes on a calendar)."""
    policy.require_administer(actor)
    values = _check_sla(
        None,
        name=name,
        position=position,
        is_active=is_active,
        is_fallback=is_fallback,
        category=category,
        priorities=priorities,
        channels=channels,
        audiences=audiences,
        first_response_minutes=first_response_minutes,
        resolution_minutes=resolution_minutes,
        warn_percent=warn_percent,
        calendar=calendar,
    )
    row = SlaPolicy(**values)
    db.session.add(row)
    audit.record(actor, "sla_policy.created", row, audit.describe(_sla_facts(row)), now=now)
    return row


def update_sla_policy(
    row: SlaPolicy,
    *,
    actor: User | None,
    name: str,
    first_response_minutes: int | None,
    resolution_minutes: int | None,
    calendar: Calendar | None,
    position: int | None,
    is_active: bool,
    is_fallback: bool,
    category: Category | None,
    priorities: Iterable[str],
    channels: Iterable[str],
    audiences: Iterable[str],
    warn_percent: int | None,
    now: datetime | None = None,
) -> SlaPolicy:
    """Edit an SLA policy.

    Open tickets that have it keep it; their stored due times follow the new targets when their
    clocks are next recomputed (at their next change).
    """
    policy.require_administer(actor)
    values = _check_sla(
        row,
        name=name,
        position=position,
        is_active=is_active,
        is_fallback=is_fallback,
        category=category,
        priorities=priorities,
        channels=channels,
        audiences=audiences,
        first_response_minutes=first_response_minutes,
        resolution_minutes=resolution_minutes,
        warn_percent=warn_percent,
        calendar=calendar,
    )
    before = _sla_facts(row)
    for key, value in values.items():
        setattr(row, key, value)
    audit.record(actor, "sla_policy.updated", row, audit.changes(before, _sla_facts(row)), now=now)
    return row


# --- calendars -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def timezone_names() -> frozenset[str]:
    """Return the IANA timezone names this machine knows."""
    return frozenset(available_timezones())


def holiday_countries() -> dict[str, list[str]]:
    """Return the `holidays` package's country codes, each with its subdivision codes."""
    return holidays.list_supported_countries()


def parse_hours(text: str) -> list[tuple[str, str]]:
    """Read one weekday's opening hours, e.g. ``"08:00-12:00, 13:00-17:00"``.

    Empty text (or "closed") is a closed day. Times are 24-hour ``HH:MM``.

    :raises ValueError: with a message for the person who typed it.
    """
    text = (text or "").strip()
    if not text or text.lower() == "closed":
        return []
    spans = []
    for part in text.split(","):
        pieces = [piece.strip() for piece in part.replace("–", "-").split("-")]
        if len(pieces) != 2:
            raise ValueError(
                f"Write each opening as start-end, e.g. 08:00-12:00, 13:00-17:00 (not {part!r})."
            )
        spans.append((_clock(pieces[0]), _clock(pieces[1])))
    return _check_spans(spans)


def _clock(text: str) -> str:
    match = _CLOCK.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{text!r} is not a time: use 24-hour HH:MM, e.g. 08:30 or 17:00.")
    return f"{int(match[1]):02d}:{match[2]}"


def _check_spans(spans: Iterable[Sequence[str]]) -> list[tuple[str, str]]:
    """Return the spans sorted; raise ValueError if one is empty or two overlap."""
    checked = sorted((_clock(str(start)), _clock(str(end))) for start, end in spans)
    previous_end = "00:00"
    for start, end in checked:
        if start >= end:
            raise ValueError(f"{start}-{end} does not end after it starts.")
        if start < previous_end:
            raise ValueError(f"{start}-{end} overlaps the opening before it.")
        previous_end = end
    return checked


def format_hours(spans: Iterable[Sequence[str]]) -> str:
    """Write a weekday's hours back as text (the inverse of :func:`parse_hours`)."""
    return ", ".join(f"{start}-{end}" for start, end in spans)


def _calendar_facts(calendar: Calendar) -> dict[str, Any]:
    facts: dict[str, Any] = {"name": calendar.name, "timezone": calendar.timezone}
    for day, label in enumerate(WEEKDAYS):
        facts[label] = format_hours((calendar.hours or {}).get(str(day), [])) or "closed"
    facts["holiday country"] = calendar.holiday_country
    facts["holiday subdivision"] = calendar.holiday_subdivision
    return facts


def _check_calendar(
    calendar: Calendar | None,
    name: str,
    timezone: str,
    hours: Mapping[int, Iterable[Sequence[str]]],
    holiday_country: str | None,
    holiday_subdivision: str | None,
) -> dict[str, Any]:
    errors = _Errors()
    name = errors.text("name", name, 120, label="A name")
    if "name" not in errors and _name_taken(Calendar, name, calendar):
        errors["name"] = "A calendar with this name already exists."
    timezone = (timezone or "").strip()
    if timezone not in timezone_names():
        errors["timezone"] = (
            f"{timezone[:64]!r} is not an IANA timezone: write it like America/New_York, "
            "Europe/Berlin or UTC."
        )
    stored: dict[str, list[list[str]]] = {}
    for day, spans in sorted(hours.items()):
        if day not in range(7):
            errors["hours"] = "Weekdays are 0 (Monday) to 6 (Sunday)."
            continue
        try:
            checked = _check_spans(spans)
        except ValueError as error:
            errors[f"hours_{day}"] = str(error)
            continue
        if checked:
            stored[str(day)] = [list(span) for span in checked]
    if not stored and not any(key.startswith("hours") for key in errors):
        errors["hours_0"] = "Give opening hours on at least one weekday."
    country, subdivision = _check_holidays(errors, holiday_country, holiday_subdivision)
    errors.raise_if_any("The calendar could not be saved.")
    try:  # the SLA arithmetic's own check, so a saved calendar always loads
        sla_clocks.business_calendar(
            Calendar(
                timezone=timezone,
                hours=stored,
                holiday_country=country,
                holiday_subdivision=subdivision,
            )
        )
    except ValueError as error:
        raise ValidationError(
            "The calendar could not be saved.", {"calendar": str(error)}
        ) from None
    return {
        "name": name,
        "timezone": timezone,
        "hours": stored,
        "holiday_country": country,
        "holiday_subdivision": subdivision,
    }


def _check_holidays(
    errors: _Errors, country: str | None, subdivision: str | None
) -> tuple[str | None, str | None]:
    country = (country or "").strip().upper() or None
    subdivision = (subdivision or "").strip() or None
    supported = holiday_countries()
    if country is not None and country not in supported:
        errors["holiday_country"] = (
            f"{country[:8]!r} is not a country the holidays package knows: use a code such as "
            "US, CA, GB, DE or FR, or leave it empty for no public holidays."
        )
        return None, None
    if subdivision is None:
        return country, None
    if country is None:
        errors["holiday_subdivision"] = "A subdivision needs a holiday country."
        return None, None
    known = {code.upper(): code for code in supported[country]}
    code = known.get(subdivision.upper())
    if code is None:
        listed = ", ".join(supported[country][:12]) or "none"
        errors["holiday_subdivision"] = (
            f"{subdivision[:20]!r} is not a subdivision of {country}: choose one of {listed}"
            f"{'…' if len(supported[country]) > 12 else ''}."
        )
    elif len(code) > Calendar.holiday_subdivision.type.length:
        errors["holiday_subdivision"] = "That subdivision's name is too long to be stored."
    return country, code


def create_calendar(
    *,
    actor: User | None,
    name: str,
    timezone: str,
    hours: Mapping[int, Iterable[Sequence[str]]],
    holiday_country: str | None = None,
    holiday_subdivision: str | None = None,
    now: datetime | None = None,
) -> Calendar:
    """Add a business-hours calendar.

    :param hours: weekday (0 is Monday) to ``(start, end)`` local ``HH:MM`` pairs.
    """
    policy.require_administer(actor)
    values = _check_calendar(None, name, timezone, hours, holiday_country, holiday_subdivision)
    calendar = Calendar(**values)
    db.session.add(calendar)
    audit.record(
        actor, "calendar.created", calendar, audit.describe(_calendar_facts(calendar)), now=now
    )
    return calendar


def update_calendar(
    calendar: Calendar,
    *,
    actor: User | None,
    name: str,
    timezone: str,
    hours: Mapping[int, Iterable[Sequence[str]]],
    holiday_country: str | None,
    holiday_subdivision: str | None,
    now: datetime | None = None,
) -> Calendar:
    """Edit a calendar; open tickets' stored due times follow at their next change."""
    policy.require_administer(actor)
    values = _check_calendar(calendar, name, timezone, hours, holiday_country, holiday_subdivision)
    before = _calendar_facts(calendar)
    for key, value in values.items():
        setattr(calendar, key, value)
    summary = audit.changes(before, _calendar_facts(calendar))
    audit.record(actor, "calendar.updated", calendar, summary, now=now)
    return calendar


def add_closure(
    calendar: Calendar,
    *,
    actor: User | None,
    day: date | None,
    name: str,
    now: datetime | None = None,
) -> CalendarClosure:
    """Close the calendar on one local day (a staff day, an emergency closure)."""
    policy.require_administer(actor)
    errors = _Errors()
    name = errors.text("name", name, 120, label="A name")
    if day is None:
        errors["day"] = "Enter the date as YYYY-MM-DD."
    elif any(closure.day == day for closure in calendar.closures):
        errors["day"] = f"The calendar is already closed on {day.isoformat()}."
    errors.raise_if_any("The closure could not be added.")
    closure = CalendarClosure(day=day, name=name)
    calendar.closures.append(closure)
    summary = f"Closed on {day.isoformat()} ({name})."
    audit.record(actor, "calendar.closure_added", calendar, summary, now=now)
    return closure


def remove_closure(
    closure: CalendarClosure, *, actor: User | None, now: datetime | None = None
) -> None:
    """Open the calendar again on a day it was closed."""
    policy.require_administer(actor)
    calendar = closure.calendar
    summary = f"Closure on {closure.day.isoformat()} ({closure.name}) removed."
    calendar.closures.remove(closure)  # delete-orphan deletes the row
    audit.record(actor, "calendar.closure_removed", calendar, summary, now=now)


def next_closed_days(
    calendar: Calendar, now: datetime, count: int = 10, horizon_days: int = 2 * 366
) -> list[tuple[date, str]]:
    """Return the next *count* closed days from today (local), public holidays and closures.

    :raises ValueError: if the calendar row does not describe a usable calendar.
    """
    business = sla_clocks.business_calendar(calendar)
    closures = {closure.day: closure.name or "Local closure" for closure in calendar.closures}
    today = now.astimezone(ZoneInfo(calendar.timezone)).date()
    found = []
    for offset in range(horizon_days):
        day = today + timedelta(days=offset)
        names = [name for name in (closures.get(day), business.holiday_name(day)) if name]
        if names:
            found.append((day, " / ".join(names)))
            if len(found) == count:
                break
    return found


# --- routing rules -------------------------------------------------------------------------


def ordered_routing_rules() -> list[RoutingRule]:
    """Return the rules in the order routing tries them: by position, fallback rules last."""
    rows = db.session.scalars(select(RoutingRule)).all()
    return sorted(rows, key=lambda rule: (rule.is_fallback, rule.position, rule.id))


def _rule_facts(rule: RoutingRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "position": rule.position,
        "active": rule.is_active,
        "fallback": rule.is_fallback,
        "category": _name_of(rule.category),
        "channels": list(rule.channels or []),
        "audiences": list(rule.audiences or []),
        "keywords": list(rule.keywords or []),
        "priorities": list(rule.priorities or []),
        "when flagged": bool(rule.when_flagged),
        "team": _name_of(rule.team),
        "set priority": rule.set_priority,
        "strategy": rule.strategy,
        "fixed agent": _name_of(rule.fixed_agent),
    }


def _check_rule(rule: RoutingRule | None, **values: Any) -> dict[str, Any]:
    errors = _Errors()
    keywords = list(dict.fromkeys(_lines(values["keywords"])))
    if len(keywords) > MAX_KEYWORDS:
        errors["keywords"] = f"Use at most {MAX_KEYWORDS} keywords."
    elif any(len(keyword) > 100 for keyword in keywords):
        errors["keywords"] = "Each keyword or phrase is at most 100 characters."
    checked = {
        "name": errors.text("name", values["name"], 120, label="A name"),
        "position": errors.number("position", values["position"], 0, MAX_POSITION, "a position"),
        "channels": errors.subset("channels", values["channels"], [c.value for c in Channel]),
        "audiences": errors.subset("audiences", values["audiences"], CONDITION_AUDIENCES),
        "priorities": errors.subset("priorities", values["priorities"], PRIORITIES),
        "keywords": keywords,
    }
    set_priority = values["set_priority"] or None
    if set_priority is not None and set_priority not in PRIORITIES:
        errors["set_priority"] = f"Choose one of {', '.join(PRIORITIES)}, or keep the priority."
    strategy, team, agent = values["strategy"], values["team"], values["fixed_agent"]
    if strategy not in set(routing.AssignStrategy):
        errors["strategy"] = "Choose none, fixed, round_robin or least_loaded."
    elif strategy != routing.AssignStrategy.NONE and team is None:
        errors["team"] = "Choose the team whose agents are assigned."
    elif strategy == routing.AssignStrategy.FIXED:
        if agent is None:
            errors["fixed_agent"] = "Choose the agent who gets every ticket of this rule."
        elif agent not in team.members:
            errors["fixed_agent"] = f"{agent.name} is not a member of the team {team.name}."
    conditions = {
        "category": values["category"],
        "channels": checked["channels"],
        "audiences": checked["audiences"],
        "keywords": keywords,
        "priorities": checked["priorities"],
        "flagged text": bool(values.get("when_flagged")),
    }
    _check_fallback(errors, values["is_fallback"], conditions)
    if "name" not in errors and _name_taken(RoutingRule, checked["name"], rule):
        errors["name"] = "A routing rule with this name already exists."
    errors.raise_if_any("The routing rule could not be saved.")
    return checked | {
        "is_active": bool(values["is_active"]),
        "is_fallback": bool(values["is_fallback"]),
        "when_flagged": bool(values.get("when_flagged")),
        "category": values["category"],
        "team": team,
        "set_priority": set_priority,
        "strategy": routing.AssignStrategy(strategy).value,
        "fixed_agent": agent if strategy == routing.AssignStrategy.FIXED else None,
    }


def create_routing_rule(
    *,
    actor: User | None,
    name: str,
    position: int | None = 100,
    is_active: bool = True,
    is_fallback: bool = False,
    category: Category | None = None,
    channels: Iterable[str] = (),
    audiences: Iterable[str] = (),
    keywords: Iterable[str] = (),
    priorities: Iterable[str] = (),
    team: Team | None = None,
    set_priority: str | None = None,
    strategy: str = routing.AssignStrategy.NONE,
    fixed_agent: User | None = None,
    when_flagged: bool = False,
    now: datetime | None = None,
) -> RoutingRule:
    """Add a routing rule (conditions -> team, priority and an assignment strategy)."""
    policy.require_manage_catalog(actor)
    values = _check_rule(
        None,
        name=name,
        position=position,
        is_active=is_active,
        is_fallback=is_fallback,
        category=category,
        channels=channels,
        audiences=audiences,
        keywords=keywords,
        priorities=priorities,
        team=team,
        set_priority=set_priority,
        strategy=strategy,
        fixed_agent=fixed_agent,
        when_flagged=when_flagged,
    )
    rule = RoutingRule(**values)
    db.session.add(rule)
    audit.record(actor, "routing_rule.created", rule, audit.describe(_rule_facts(rule)), now=now)
    return rule


def update_routing_rule(
    rule: RoutingRule,
    *,
    actor: User | None,
    name: str,
    position: int | None,
    is_active: bool,
    is_fallback: bool,
    category: Category | None,
    channels: Iterable[str],
    audiences: Iterable[str],
    keywords: Iterable[str],
    priorities: Iterable[str],
    team: Team | None,
    set_priority: str | None,
    strategy: str,
    fixed_agent: User | None,
    when_flagged: bool = False,
    now: datetime | None = None,
) -> RoutingRule:
    """Edit a routing rule."""
    policy.require_manage_catalog(actor)
    values = _check_rule(
        rule,
        name=name,
        position=position,
        is_active=is_active,
        is_fallback=is_fallback,
        category=category,
        channels=channels,
        audiences=audiences,
        keywords=keywords,
        priorities=priorities,
        team=team,
        set_priority=set_priority,
        strategy=strategy,
        fixed_agent=fixed_agent,
        when_flagged=when_flagged,
    )
    before = _rule_facts(rule)
    for key, value in values.items():
        setattr(rule, key, value)
    audit.record(
        actor, "routing_rule.updated", rule, audit.changes(before, _rule_facts(rule)), now=now
    )
    return rule


@dataclass(frozen=True)
class RoutingPreview:
    """What routing would do with a ticket, for the "test a ticket" form."""

    decision: routing.RoutingDecision
    reason: str  # the decision's reason as the ticket timeline would say it, with agent names
    team: Team | None
    agent: User | None
    team_from_category: bool  # no rule named a team; the category's default team applies


def preview_routing(
    *,
    actor: User | None,
    subject: str,
    description: str = "",
    category: Category | None = None,
    channel: str,
    audience: str,
    priority: str,
) -> RoutingPreview:
    """Run routing on made-up ticket facts and return the decision; nothing is written."""
    policy.require_manage_catalog(actor)
    errors = _Errors()
    subject = errors.text("subject", subject, 200, label="A subject")
    description = errors.text("description", description, 50_000)
    if channel not in set(Channel):
        errors["channel"] = "Choose a channel."
    if audience not in CONDITION_AUDIENCES:
        errors["audience"] = "Choose employees or residents."
    if priority not in PRIORITIES:
        errors["priority"] = f"Choose one of {', '.join(PRIORITIES)}."
    errors.raise_if_any("The test ticket is not valid.")
    facts = routing.TicketFacts(
        category_path=tuple(node.id for node in category.path) if category else (),
        channel=channel,
        audience=audience,
        subject=subject,
        description=description,
        priority=priority,
        is_flagged=text_is_flagged(subject, description),
    )
    # The same rule values, agent loads and wording that opening a ticket uses.
    decision = tickets.decide_routing(facts)
    team_id, from_category = decision.team_id, False
    if team_id is None and category is not None:
        team_id = next(
            (c.default_team_id for c in reversed(category.path) if c.default_team_id), None
        )
        from_category = team_id is not None
    return RoutingPreview(
        decision=decision,
        reason=tickets.with_agent_names(decision.reason),
        team=db.session.get(Team, team_id) if team_id else None,
        agent=db.session.get(User, decision.agent_id) if decision.agent_id else None,
        team_from_category=from_category,
    )


# --- canned responses ----------------------------------------------------------------------


def _check_canned(canned: CannedResponse | None, title: str, body: str) -> dict[str, str]:
    errors = _Errors()
    title = errors.text("title", title, 160, label="A title")
    body = errors.text("body", body, 50_000, label="The text")
    unknown = [p for p in _PLACEHOLDER.findall(body) if p not in PLACEHOLDERS]
    if unknown and "body" not in errors:
        errors["body"] = (
            f"Unknown placeholder {{{{{unknown[0]}}}}}: use {{{{reference}}}} or {{{{requester}}}}."
        )
    if "title" not in errors:
        query = select(CannedResponse.id).where(func.lower(CannedResponse.title) == title.lower())
        if canned is not None:
            query = query.where(CannedResponse.id != canned.id)
        if db.session.scalar(query.limit(1)) is not None:
            errors["title"] = "A canned response with this title already exists."
    errors.raise_if_any("The canned response could not be saved.")
    return {"title": title, "body": body}


def create_canned_response(
    *, actor: User | None, title: str, body: str, now: datetime | None = None
) -> CannedResponse:
    """Add a canned response; ``{{reference}}`` and ``{{requester}}`` are filled in on use."""
    policy.require_manage_catalog(actor)
    canned = CannedResponse(**_check_canned(None, title, body))
    db.session.add(canned)
    audit.record(actor, "canned_response.created", canned, f"title: {canned.title!r}", now=now)
    return canned


def update_canned_response(
    canned: CannedResponse,
    *,
    actor: User | None,
    title: str,
    body: str,
    now: datetime | None = None,
) -> CannedResponse:
    """Edit a canned response."""
    policy.require_manage_catalog(actor)
    values = _check_canned(canned, title, body)
    before = {"title": canned.title, "text": canned.body}
    canned.title, canned.body = values["title"], values["body"]
    summary = audit.changes(before, {"title": canned.title, "text": canned.body})
    audit.record(actor, "canned_response.updated", canned, summary, now=now)
    return canned


def delete_canned_response(
    canned: CannedResponse, *, actor: User | None, now: datetime | None = None
) -> None:
    """Delete a canned response (replies already sent keep their text)."""
    policy.require_manage_catalog(actor)
    audit.record(actor, "canned_response.deleted", canned, f"title: {canned.title!r}", now=now)
    db.session.delete(canned)
    db.session.flush()
