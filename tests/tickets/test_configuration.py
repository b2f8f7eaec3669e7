"""The configuration write path: every verb checks who may call it, validates, audits once."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from servicedesk import audit
from servicedesk.accounts import directory
from servicedesk.accounts.models import Role
from servicedesk.audit import AuditEntry
from servicedesk.errors import PermissionDenied, ValidationError
from servicedesk.extensions import db
from servicedesk.tickets import configuration
from servicedesk.tickets.models import CalendarClosure, CannedResponse, Ticket

from ..conftest import PASSWORD, TUESDAY_10AM_NY


def entries(action: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


@pytest.fixture
def desk(make_user, make_team, make_category, calendar):
    works = make_team("Public Works")
    return {
        "admin": make_user(Role.ADMIN, name="Ada Admin"),
        "lead": make_user(Role.LEAD, teams=[works], name="Lee Lead"),
        "agent": make_user(Role.AGENT, teams=[works], name="Avery Agent"),
        "resident": make_user(Role.RESIDENT, name="Rita Resident"),
        "works": works,
        "roads": make_category("Roads"),
        "calendar": calendar,
    }


def sla_values(desk, **overrides) -> dict:
    return {
        "name": "Urgent roads",
        "first_response_minutes": 60,
        "resolution_minutes": 480,
        "calendar": desk["calendar"],
        "priorities": ["critical"],
    } | overrides


def field_errors(excinfo) -> dict[str, str]:
    return excinfo.value.fields


# --- audit ---------------------------------------------------------------------------------


def test_record_flushes_an_entry_without_committing(desk):
    category = desk["roads"]
    entry = audit.record(desk["admin"], "category.updated", category, "name: 'A' -> 'B'")
    assert entry.id is not None
    assert (entry.object_type, entry.object_id, entry.actor) == (
        "category",
        category.id,
        desk["admin"],
    )
    db.session.rollback()
    assert entries() == []


def test_object_type_is_snake_case_of_the_class_name(desk):
    item = configuration.create_catalog_item(
        actor=desk["lead"], name="Pothole", category=desk["roads"]
    )
    assert audit.object_type_of(item) == "catalog_item"


def test_changes_lists_only_what_changed():
    before = {"name": "Roads", "active": True, "teams": ["A"]}
    after = {"name": "Streets", "active": True, "teams": ["A", "B"]}
    assert audit.changes(before, after) == "name: 'Roads' -> 'Streets'; teams: A -> A, B"
    assert audit.changes(before, before) == "No changes."


# --- permissions ---------------------------------------------------------------------------

CATALOG_VERBS = {
    "category": lambda d, actor: configuration.create_category(actor=actor, name="Parks"),
    "catalog item": lambda d, actor: configuration.create_catalog_item(
        actor=actor, name="Bench repair", category=d["roads"]
    ),
    "routing rule": lambda d, actor: configuration.create_routing_rule(
        actor=actor, name="Roads to works", team=d["works"]
    ),
    "canned response": lambda d, actor: configuration.create_canned_response(
        actor=actor, title="Thanks", body="Thank you."
    ),
}
ADMIN_VERBS = {
    "sla policy": lambda d, actor: configuration.create_sla_policy(actor=actor, **sla_values(d)),
    "calendar": lambda d, actor: configuration.create_calendar(
        actor=actor, name="Depot", timezone="UTC", hours={0: [("07:00", "15:00")]}
    ),
    "team": lambda d, actor: directory.create_team(actor=actor, name="Parks"),
    "user": lambda d, actor: directory.create_user(
        actor=actor, email="new@example.org", name="New Person", role="agent"
    ),
}


@pytest.mark.parametrize(
    ("verb", "role", "allowed"),
    [(verb, role, role != "agent") for verb in CATALOG_VERBS for role in ("agent", "lead", "admin")]
    + [
        (verb, role, role == "admin") for verb in ADMIN_VERBS for role in ("agent", "lead", "admin")
    ],
)
def test_who_may_change_what(desk, verb, role, allowed):
    call = {**CATALOG_VERBS, **ADMIN_VERBS}[verb]
    if allowed:
        call(desk, desk[role])
        assert len(entries()) == 1
    else:
        with pytest.raises(PermissionDenied):
            call(desk, desk[role])
        assert entries() == []


def test_nobody_signed_in_may_change_configuration(desk):
    with pytest.raises(PermissionDenied):
        configuration.create_category(actor=None, name="Parks")


# --- categories ----------------------------------------------------------------------------


def test_creating_a_category_audits_its_values(desk):
    lights = configuration.create_category(
        actor=desk["lead"],
        name=" Streetlights ",
        parent=desk["roads"],
        audience="residents",
        default_team=desk["works"],
    )
    assert lights.full_name == "Roads › Streetlights"
    [entry] = entries("category.created")
    assert entry.object_id == lights.id and entry.actor == desk["lead"]
    assert "parent: 'Roads'" in entry.summary
    assert (
        "audience: 'residents'" in entry.summary and "default team: 'Public Works'" in entry.summary
    )


def test_editing_a_category_audits_old_and_new(desk):
    configuration.update_category(
        desk["roads"],
        actor=desk["admin"],
        name="Streets",
        description="",
        parent=None,
        audience="both",
        default_team=None,
        is_active=False,
    )
    [entry] = entries("category.updated")
    assert entry.summary == "name: 'Roads' -> 'Streets'; active: yes -> no"


@pytest.mark.parametrize("parent", ["itself", "child", "grandchild"])
def test_a_category_cannot_move_under_itself(desk, make_category, parent):
    roads = desk["roads"]
    child = make_category("Potholes", parent=roads)
    grandchild = make_category("Deep ones", parent=child)
    target = {"itself": roads, "child": child, "grandchild": grandchild}[parent]
    with pytest.raises(ValidationError) as excinfo:
        configuration.update_category(
            roads,
            actor=desk["admin"],
            name="Roads",
            description="",
            parent=target,
            audience="both",
            default_team=None,
            is_active=True,
        )
    assert "under itself" in field_errors(excinfo)["parent"]
    assert roads.parent is None and entries() == []


def test_sibling_names_are_unique_but_cousins_may_share(desk, make_category):
    parks = make_category("Parks")
    make_category("Lights", parent=desk["roads"])
    with pytest.raises(ValidationError) as excinfo:
        configuration.create_category(actor=desk["lead"], name="lights", parent=desk["roads"])
    assert "already exists" in field_errors(excinfo)["name"]
    configuration.create_category(actor=desk["lead"], name="Lights", parent=parks)


@pytest.mark.parametrize(("name", "message"), [("  ", "required"), ("x" * 121, "at most 120")])
def test_a_category_needs_a_short_name(desk, name, message):
    with pytest.raises(ValidationError) as excinfo:
        configuration.create_category(actor=desk["lead"], name=name)
    assert message in field_errors(excinfo)["name"]


def test_category_tree_is_depth_first_by_name(desk, make_category):
    make_category("Water")
    lights = make_category("Lights", parent=desk["roads"])
    make_category("Bulbs", parent=lights)
    make_category("Asphalt", parent=desk["roads"])
    tree = [(c.name, depth) for c, depth in configuration.category_tree()]
    assert tree == [
        ("Roads", 0),
        ("Asphalt", 1),
        ("Lights", 1),
        ("Bulbs", 2),
        ("Water", 0),
    ]


# --- catalog items and their forms ---------------------------------------------------------


@pytest.fixture
def item(desk):
    return configuration.create_catalog_item(
        actor=desk["lead"], name="Streetlight out", category=desk["roads"], audience="residents"
    )


def add(desk, item, **field):
    values = {"name": "kind", "label": "Kind", "kind": "text"} | field
    return configuration.add_form_field(item, actor=desk["lead"], **values)


def test_a_catalog_item_starts_with_an_empty_form(desk, item):
    assert item.form_schema == [] and item.category == desk["roads"]
    [entry] = entries("catalog_item.created")
    assert "name: 'Streetlight out'" in entry.summary


def test_catalog_item_needs_a_category_and_a_unique_name(desk, item):
    with pytest.raises(ValidationError) as excinfo:
        configuration.create_catalog_item(actor=desk["lead"], name="streetlight OUT", category=None)
    assert set(field_errors(excinfo)) == {"name", "category"}


def test_fields_are_added_in_order_through_check_schema(desk, item):
    add(desk, item, name="kind", label="Kind", kind="choice", choices=["Pole", "Lamp"])
    add(
        desk,
        item,
        name="pole_number",
        label="Pole number",
        required=True,
        help="On the metal plate",
        shown_when_field="kind",
        shown_when_values=["Pole"],
    )
    assert item.form_schema == [
        {"name": "kind", "label": "Kind", "type": "choice", "required": False,
         "choices": ["Pole", "Lamp"]},
        {"name": "pole_number", "label": "Pole number", "type": "text", "required": True,
         "help": "On the metal plate", "shown_when": {"field": "kind", "equals": "Pole"}},
    ]  # fmt: skip
    summaries = [e.summary for e in entries("catalog_item.field_added")]
    assert summaries[1] == (
        "Added field 'pole_number' (text, label 'Pole number', required, shown when kind is Pole)."
    )


def test_several_shown_when_values_become_an_in_list(desk, item):
    add(desk, item, name="kind", kind="multi_choice", choices=["A", "B", "C"])
    field = add(desk, item, name="detail", shown_when_field="kind", shown_when_values=["A", "C"])
    assert field["shown_when"] == {"field": "kind", "in": ["A", "C"]}


@pytest.mark.parametrize(
    ("field", "error_field", "message"),
    [
        ({"name": "kind"}, "name", "already has a field named 'kind'"),
        ({"name": "Pole Number"}, "name", "lower-case"),
        ({"name": ""}, "name", "required"),
        ({"label": " "}, "label", "required"),
        ({"kind": "colour"}, "kind", "Choose one of"),
        ({"kind": "choice", "choices": []}, "choices", "at least one choice"),
        ({"kind": "choice", "choices": ["A", "A"]}, "choices", "each choice once"),
        ({"shown_when_field": "later"}, "shown_when_field", "field above it"),
        ({"shown_when_field": "kind"}, "shown_when_values", "Give the value"),
        ({"shown_when_values": ["Pole"]}, "shown_when_field", "Choose the field"),
        (
            {"shown_when_field": "kind", "shown_when_values": ["Tree"]},
            "shown_when_values",
            "not one of the choices",
        ),
    ],
)
def test_a_bad_field_is_refused_with_a_message_on_its_input(
    desk, item, field, error_field, message
):
    add(desk, item, name="kind", kind="choice", choices=["Pole", "Lamp"])
    before = list(item.form_schema)
    with pytest.raises(ValidationError) as excinfo:
        add(desk, item, **({"name": "other"} | field))
    assert message in field_errors(excinfo)[error_field]
    assert item.form_schema == before


def test_a_number_field_cannot_control_another(desk, item):
    add(desk, item, name="height", kind="number")
    with pytest.raises(ValidationError) as excinfo:
        add(desk, item, name="other", shown_when_field="height", shown_when_values=["3"])
    assert (
        "A number field cannot show or hide another field"
        in field_errors(excinfo)["shown_when_field"]
    )


def test_check_schema_has_the_last_word(desk, item, monkeypatch):
    def refuse(schema):
        raise ValidationError("Field 1: something the catalog refuses.")

    monkeypatch.setattr(configuration.catalog, "check_schema", refuse)
    with pytest.raises(ValidationError) as excinfo:
        add(desk, item)
    assert field_errors(excinfo) == {"schema": "Field 1: something the catalog refuses."}


def test_fields_move_up_and_down(desk, item):
    for name in ("a", "b", "c"):
        add(desk, item, name=name, label=name.upper())
    configuration.move_form_field(item, actor=desk["lead"], name="c", direction="up")
    assert [f["name"] for f in item.form_schema] == ["a", "c", "b"]
    configuration.move_form_field(item, actor=desk["lead"], name="a", direction="down")
    assert [f["name"] for f in item.form_schema] == ["c", "a", "b"]
    assert (
        entries("catalog_item.field_moved")[-1].summary
        == "Moved field 'a' down: now at position 2."
    )


def test_the_first_field_cannot_move_up(desk, item):
    add(desk, item)
    with pytest.raises(ValidationError, match="already the first"):
        configuration.move_form_field(item, actor=desk["lead"], name="kind", direction="up")


def test_a_conditional_field_cannot_move_above_its_condition(desk, item):
    add(desk, item, kind="choice", choices=["Pole"])
    add(desk, item, name="pole", shown_when_field="kind", shown_when_values=["Pole"])
    with pytest.raises(ValidationError) as excinfo:
        configuration.move_form_field(item, actor=desk["lead"], name="pole", direction="up")
    assert "must stay below" in field_errors(excinfo)["schema"]
    assert [f["name"] for f in item.form_schema] == ["kind", "pole"]


def test_a_field_others_depend_on_cannot_be_removed(desk, item):
    add(desk, item, kind="choice", choices=["Pole"])
    add(desk, item, name="pole", shown_when_field="kind", shown_when_values=["Pole"])
    with pytest.raises(ValidationError, match="remove that field first"):
        configuration.remove_form_field(item, actor=desk["lead"], name="kind")
    configuration.remove_form_field(item, actor=desk["lead"], name="pole")
    configuration.remove_form_field(item, actor=desk["lead"], name="kind")
    assert item.form_schema == []
    assert len(entries("catalog_item.field_removed")) == 2


def test_removing_an_unknown_field_is_a_validation_error(desk, item):
    with pytest.raises(ValidationError, match="no such field"):
        configuration.remove_form_field(item, actor=desk["lead"], name="ghost")


# --- SLA policies --------------------------------------------------------------------------


def test_creating_an_sla_policy_audits_it(desk):
    row = configuration.create_sla_policy(actor=desk["admin"], **sla_values(desk))
    assert (row.first_response_minutes, row.priorities, row.calendar) == (
        60,
        ["critical"],
        desk["calendar"],
    )
    assert "first response minutes: 60" in entries("sla_policy.created")[0].summary


def test_editing_an_sla_policy_audits_old_and_new(desk):
    row = configuration.create_sla_policy(actor=desk["admin"], **sla_values(desk))
    configuration.update_sla_policy(
        row,
        actor=desk["admin"],
        **sla_values(desk, resolution_minutes=960, channels=["email"]),
        position=100,
        is_active=True,
        is_fallback=False,
        category=None,
        audiences=[],
        warn_percent=80,
    )
    assert entries("sla_policy.updated")[0].summary == (
        "channels: — -> email; resolution minutes: 480 -> 960"
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "required"),
        ({"warn_percent": 0}, "warn_percent", "from 1 to 99"),
        ({"warn_percent": 100}, "warn_percent", "from 1 to 99"),
        ({"first_response_minutes": -5}, "first_response_minutes", "from 1 to"),
        ({"resolution_minutes": None}, "resolution_minutes", "from 1 to"),
        ({"resolution_minutes": 30}, "resolution_minutes", "cannot be shorter"),
        ({"calendar": None}, "calendar", "Choose the calendar"),
        ({"priorities": ["urgentest"]}, "priorities", "Unknown value"),
        ({"channels": ["fax"]}, "channels", "Unknown value"),
        ({"audiences": ["both"]}, "audiences", "Unknown value"),
        ({"position": -1}, "position", "from 0 to"),
        ({"is_fallback": True}, "is_fallback", "cannot have conditions"),
    ],
)
def test_a_bad_sla_policy_is_refused(desk, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        configuration.create_sla_policy(actor=desk["admin"], **sla_values(desk, **overrides))
    assert message in field_errors(excinfo)[field]


def test_sla_policy_names_are_unique(desk, sla_policy):
    with pytest.raises(ValidationError, match="could not be saved"):
        configuration.create_sla_policy(actor=desk["admin"], **sla_values(desk, name="standard"))


@pytest.mark.parametrize(
    ("minutes", "hours_per_day", "text"),
    [
        (None, None, "—"),
        (45, None, "45 min"),
        (240, 9, "240 min = 4 h"),
        (90, None, "90 min = 1.5 h"),
        (2700, 9, "2700 min = 45 h = 5 business days of 9 h"),
        (480, 8, "480 min = 8 h = 1 business day of 8 h"),
    ],
)
def test_describe_minutes(minutes, hours_per_day, text):
    assert configuration.describe_minutes(minutes, hours_per_day) == text


def test_hours_per_open_day_averages_the_open_weekdays(desk):
    assert configuration.hours_per_open_day(desk["calendar"]) == 9


# --- calendars -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("", []),
        ("closed", []),
        ("08:00-17:00", [("08:00", "17:00")]),
        ("8:00 - 12:00, 13:00-17:30", [("08:00", "12:00"), ("13:00", "17:30")]),
        ("13:00-17:00, 08:00-12:00", [("08:00", "12:00"), ("13:00", "17:00")]),
        ("08:00–12:00", [("08:00", "12:00")]),
    ],
)
def test_parse_hours_reads_openings(text, spans):
    assert configuration.parse_hours(text) == spans


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("8-5", "is not a time"),
        ("08:00", "start-end"),
        ("25:00-26:00", "is not a time"),
        ("08:60-09:00", "is not a time"),
        ("17:00-08:00", "does not end after it starts"),
        ("08:00-12:00, 11:00-13:00", "overlaps"),
        ("nonsense", "start-end"),
    ],
)
def test_parse_hours_explains_bad_text(text, message):
    with pytest.raises(ValueError, match=message):
        configuration.parse_hours(text)


def calendar_values(**overrides) -> dict:
    return {
        "name": "Depot",
        "timezone": "Europe/Berlin",
        "hours": {0: [("07:00", "15:00")], 5: []},
        "holiday_country": "de",
        "holiday_subdivision": "by",
    } | overrides


def test_creating_a_calendar_stores_hours_by_weekday_and_canonical_codes(desk):
    row = configuration.create_calendar(actor=desk["admin"], **calendar_values())
    assert row.hours == {"0": [["07:00", "15:00"]]}
    assert (row.holiday_country, row.holiday_subdivision) == ("DE", "BY")
    summary = entries("calendar.created")[0].summary
    assert "Monday: '07:00-15:00'" in summary and "Saturday: 'closed'" in summary


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "office hours"}, "name", "already exists"),
        ({"timezone": "Mars/Olympus"}, "timezone", "not an IANA timezone"),
        ({"timezone": "../etc/passwd"}, "timezone", "not an IANA timezone"),
        ({"hours": {}}, "hours_0", "at least one weekday"),
        ({"hours": {2: [("12:00", "08:00")]}}, "hours_2", "does not end after"),
        ({"holiday_country": "XX"}, "holiday_country", "not a country"),
        ({"holiday_subdivision": "ZZ"}, "holiday_subdivision", "not a subdivision of DE"),
        (
            {"holiday_country": "", "holiday_subdivision": "NY"},
            "holiday_subdivision",
            "needs a holiday country",
        ),
    ],
)
def test_a_bad_calendar_is_refused(desk, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        configuration.create_calendar(actor=desk["admin"], **calendar_values(**overrides))
    assert message in field_errors(excinfo)[field]


def test_editing_a_calendar_audits_old_and_new(desk):
    configuration.update_calendar(
        desk["calendar"],
        actor=desk["admin"],
        name="Office hours",
        timezone="America/Chicago",
        hours={day: [("08:00", "17:00")] for day in range(5)},
        holiday_country="US",
        holiday_subdivision=None,
    )
    assert entries("calendar.updated")[0].summary == (
        "timezone: 'America/New_York' -> 'America/Chicago'"
    )


def test_closures_are_added_and_removed_with_an_audit_entry_each(desk):
    calendar = desk["calendar"]
    closure = configuration.add_closure(
        calendar, actor=desk["admin"], day=date(2026, 12, 24), name="Staff day"
    )
    assert calendar.closures == [closure]
    with pytest.raises(ValidationError, match="closure could not be added"):
        configuration.add_closure(
            calendar, actor=desk["admin"], day=date(2026, 12, 24), name="Again"
        )
    configuration.remove_closure(closure, actor=desk["admin"])
    db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(CalendarClosure)) == 0
    assert [e.action for e in entries()] == ["calendar.closure_added", "calendar.closure_removed"]


@pytest.mark.parametrize(
    ("day", "name", "field"), [(None, "Staff day", "day"), (date(2026, 1, 2), "", "name")]
)
def test_a_closure_needs_a_date_and_a_reason(desk, day, name, field):
    with pytest.raises(ValidationError) as excinfo:
        configuration.add_closure(desk["calendar"], actor=desk["admin"], day=day, name=name)
    assert field in field_errors(excinfo)


def test_next_closed_days_lists_holidays_and_closures_in_order(desk):
    calendar = desk["calendar"]
    configuration.add_closure(
        calendar, actor=desk["admin"], day=date(2026, 11, 27), name="Staff day"
    )
    days = configuration.next_closed_days(calendar, TUESDAY_10AM_NY, count=3)
    assert days == [
        (date(2026, 11, 26), "Thanksgiving Day"),
        (date(2026, 11, 27), "Staff day"),
        (date(2026, 12, 25), "Christmas Day"),
    ]


def test_next_closed_days_start_from_the_calendars_local_date(desk):
    # 03:00 UTC on Nov 27 is still Thanksgiving evening in New York.
    days = configuration.next_closed_days(
        desk["calendar"], datetime(2026, 11, 27, 3, 0, tzinfo=UTC), count=1
    )
    assert days == [(date(2026, 11, 26), "Thanksgiving Day")]


# --- routing rules -------------------------------------------------------------------------


def rule_values(desk, **overrides) -> dict:
    return {"name": "Lights", "team": desk["works"], "keywords": ["streetlight"]} | overrides


def test_creating_a_routing_rule_keeps_keywords_and_drops_blank_lines(desk):
    rule = configuration.create_routing_rule(
        actor=desk["lead"], **rule_values(desk, keywords=[" streetlight ", "", "lamp post"])
    )
    assert rule.keywords == ["streetlight", "lamp post"]
    assert "keywords: streetlight, lamp post" in entries("routing_rule.created")[0].summary


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "required"),
        ({"strategy": "fixed"}, "fixed_agent", "Choose the agent"),
        ({"strategy": "round_robin", "team": None}, "team", "Choose the team"),
        ({"strategy": "random"}, "strategy", "Choose none"),
        ({"set_priority": "urgentest"}, "set_priority", "Choose one of"),
        ({"is_fallback": True}, "is_fallback", "cannot have conditions"),
        ({"keywords": ["x" * 101]}, "keywords", "at most 100"),
        ({"position": 10**9}, "position", "from 0 to"),
    ],
)
def test_a_bad_routing_rule_is_refused(desk, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        configuration.create_routing_rule(actor=desk["lead"], **rule_values(desk, **overrides))
    assert message in field_errors(excinfo)[field]


def test_a_fixed_agent_must_be_in_the_team(desk, make_user, make_team):
    outsider = make_user(Role.AGENT, teams=[make_team("IT")], name="Olive Outsider")
    with pytest.raises(ValidationError) as excinfo:
        configuration.create_routing_rule(
            actor=desk["lead"], **rule_values(desk, strategy="fixed", fixed_agent=outsider)
        )
    assert field_errors(excinfo)["fixed_agent"] == (
        "Olive Outsider is not a member of the team Public Works."
    )
    rule = configuration.create_routing_rule(
        actor=desk["lead"], **rule_values(desk, strategy="fixed", fixed_agent=desk["agent"])
    )
    assert rule.fixed_agent == desk["agent"]


def test_a_fixed_agent_is_forgotten_under_another_strategy(desk):
    rule = configuration.create_routing_rule(
        actor=desk["lead"], **rule_values(desk, strategy="round_robin", fixed_agent=desk["agent"])
    )
    assert rule.fixed_agent is None


def test_ordered_routing_rules_puts_fallbacks_last(desk):
    configuration.create_routing_rule(
        actor=desk["lead"], name="Catch all", position=1, is_fallback=True, team=desk["works"]
    )
    configuration.create_routing_rule(actor=desk["lead"], **rule_values(desk, position=50))
    assert [r.name for r in configuration.ordered_routing_rules()] == ["Lights", "Catch all"]


def test_preview_routing_says_why_and_writes_nothing(desk):
    configuration.create_routing_rule(
        actor=desk["lead"], **rule_values(desk, strategy="fixed", fixed_agent=desk["agent"])
    )
    db.session.commit()
    preview = configuration.preview_routing(
        actor=desk["lead"],
        subject="The streetlight on Elm St is dark",
        channel="citizen_portal",
        audience="residents",
        priority="medium",
    )
    assert preview.reason == (
        'Rule "Lights" matched: keyword "streetlight". Assigned to fixed agent Avery Agent.'
    )
    assert (preview.team, preview.agent) == (desk["works"], desk["agent"])
    assert not db.session.new and not db.session.dirty
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 0
    assert len(entries()) == 1  # only the rule's creation


def test_preview_routing_falls_back_to_the_categorys_default_team(desk):
    desk["roads"].default_team = desk["works"]
    preview = configuration.preview_routing(
        actor=desk["lead"],
        subject="Pothole",
        category=desk["roads"],
        channel="email",
        audience="employees",
        priority="low",
    )
    assert preview.decision.rule is None and preview.team_from_category
    assert preview.team == desk["works"]


def test_preview_routing_validates_the_facts(desk):
    with pytest.raises(ValidationError) as excinfo:
        configuration.preview_routing(
            actor=desk["lead"], subject="", channel="fax", audience="both", priority="meh"
        )
    assert set(field_errors(excinfo)) == {"subject", "channel", "audience", "priority"}


# --- canned responses ----------------------------------------------------------------------


def test_canned_responses_are_created_edited_and_deleted_with_audit(desk):
    canned = configuration.create_canned_response(
        actor=desk["lead"], title="Thanks", body="Hello {{requester}}, see {{reference}}."
    )
    configuration.update_canned_response(
        canned, actor=desk["lead"], title="Thank you", body=canned.body
    )
    configuration.delete_canned_response(canned, actor=desk["lead"])
    assert db.session.scalar(select(func.count()).select_from(CannedResponse)) == 0
    assert [(e.action, e.summary) for e in entries()] == [
        ("canned_response.created", "title: 'Thanks'"),
        ("canned_response.updated", "title: 'Thanks' -> 'Thank you'"),
        ("canned_response.deleted", "title: 'Thank you'"),
    ]


@pytest.mark.parametrize(
    ("title", "body", "field", "message"),
    [
        ("", "Hello", "title", "required"),
        ("Hi", " ", "body", "required"),
        ("Hi", "Dear {{name}}", "body", "Unknown placeholder {{name}}"),
        ("Hi", "Ref {{ reference }}", "body", "Unknown placeholder"),
        ("existing", "Hello", "title", "already exists"),
    ],
)
def test_a_bad_canned_response_is_refused(desk, title, body, field, message):
    configuration.create_canned_response(actor=desk["lead"], title="Existing", body="Hi")
    with pytest.raises(ValidationError) as excinfo:
        configuration.create_canned_response(actor=desk["lead"], title=title, body=body)
    assert message in field_errors(excinfo)[field]


# --- users and teams -----------------------------------------------------------------------


def test_creating_a_user_audits_without_the_password(desk):
    user = directory.create_user(
        actor=desk["admin"],
        email="Nia@Example.org",
        name="Nia New",
        role="agent",
        password="a long password",
        teams=[desk["works"]],
    )
    assert user.email == "nia@example.org" and user.teams == [desk["works"]]
    summary = entries("user.created")[0].summary
    assert "teams: Public Works" in summary and "a long password" not in summary


def test_only_staff_belong_to_teams(desk):
    with pytest.raises(ValidationError) as excinfo:
        directory.create_user(
            actor=desk["admin"],
            email="r@example.org",
            name="Res",
            role="resident",
            teams=[desk["works"]],
        )
    assert "Only staff" in field_errors(excinfo)["teams"]
    with pytest.raises(ValidationError):
        directory.add_member(desk["works"], desk["resident"], actor=desk["admin"])


def update_user(desk, user, **overrides):
    values = {
        "name": user.name,
        "role": user.role.value,
        "teams": list(user.teams),
        "is_active": user.is_active_account,
        "is_available": user.is_available,
        "capacity": user.capacity,
    } | overrides
    return directory.update_user(user, actor=desk["admin"], **values)


def test_editing_a_user_audits_old_and_new(desk):
    update_user(desk, desk["agent"], role="lead", capacity=5, teams=[])
    assert entries("user.updated")[0].summary == (
        "role: 'agent' -> 'lead'; teams: Public Works -> —; capacity: — -> 5"
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"role": "agent"}, "role", "cannot remove your own admin role"),
        ({"is_active": False}, "is_active", "cannot deactivate your own account"),
    ],
)
def test_admins_cannot_lock_themselves_out(desk, overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        update_user(desk, desk["admin"], **overrides)
    assert message in field_errors(excinfo)[field]
    assert desk["admin"].is_admin and desk["admin"].is_active


def test_an_admin_may_demote_another_admin(desk, make_user):
    other = make_user(Role.ADMIN)
    update_user(desk, other, role="agent", is_active=False)
    assert other.role == Role.AGENT and not other.is_active


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"name": " "}, "name"), ({"role": "boss"}, "role"), ({"capacity": -1}, "capacity")],
)
def test_bad_user_edits_are_refused(desk, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        update_user(desk, desk["agent"], **overrides)
    assert field in field_errors(excinfo)


def test_password_reset_is_audited_and_works(desk, client):
    directory.reset_password(desk["agent"], "a brand new secret", actor=desk["admin"])
    db.session.commit()
    assert entries("user.password_reset")[0].summary == f"Password of {desk['agent'].email} reset."
    with pytest.raises(ValidationError):
        directory.reset_password(desk["agent"], "short", actor=desk["admin"])
    response = client.post("/auth/login", data={"email": desk["agent"].email, "password": PASSWORD})
    assert response.status_code == 401


def test_teams_are_created_edited_and_staffed_with_audit(desk):
    parks = directory.create_team(actor=desk["admin"], name="Parks", email="Parks@City.example")
    directory.update_team(
        parks,
        actor=desk["admin"],
        name="Parks and Trees",
        department="Environment",
        email=parks.email,
        description="",
    )
    directory.add_member(parks, desk["agent"], actor=desk["admin"])
    directory.remove_member(parks, desk["agent"], actor=desk["admin"])
    assert parks.email == "parks@city.example" and parks.members == []
    assert [(e.action, e.summary) for e in entries()][1:] == [
        ("team.updated", "name: 'Parks' -> 'Parks and Trees'; department: — -> 'Environment'"),
        ("team.member_added", f"Added Avery Agent <{desk['agent'].email}>."),
        ("team.member_removed", f"Removed Avery Agent <{desk['agent'].email}>."),
    ]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "public works"}, "name", "already exists"),
        ({"name": "Parks", "email": "not an email"}, "email", "valid email"),
        ({"name": "x" * 121}, "name", "at most 120"),
    ],
)
def test_bad_teams_are_refused(desk, values, field, message):
    with pytest.raises(ValidationError) as excinfo:
        directory.create_team(actor=desk["admin"], **values)
    assert message in field_errors(excinfo)[field]


def test_membership_changes_are_checked(desk):
    with pytest.raises(ValidationError, match="Already a member"):
        directory.add_member(desk["works"], desk["agent"], actor=desk["admin"])
    with pytest.raises(ValidationError, match="Not a member"):
        directory.remove_member(desk["works"], desk["admin"], actor=desk["admin"])


def test_a_deactivated_admin_changes_nothing(desk):
    desk["admin"].is_active_account = False
    with pytest.raises(PermissionDenied):
        configuration.create_category(actor=desk["admin"], name="Parks")
    with pytest.raises(PermissionDenied):
        directory.create_team(actor=desk["admin"], name="Parks")
