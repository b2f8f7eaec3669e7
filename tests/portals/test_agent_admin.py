"""The administration pages over HTTP: who gets in, each form's happy path and its errors."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from servicedesk.accounts.models import Role, Team, User
from servicedesk.audit import AuditEntry
from servicedesk.extensions import db
from servicedesk.tickets.models import (
    Calendar,
    CalendarClosure,
    CannedResponse,
    CatalogItem,
    Category,
    RoutingRule,
    SlaPolicy,
)
from servicedesk.timeutils import utcnow


@pytest.fixture
def desk(make_user, make_team, make_category, sla_policy):
    works = make_team("Public Works")
    roads = make_category("Roads", default_team=works)
    item = CatalogItem(
        name="Streetlight out",
        category=roads,
        form_schema=[
            {"name": "kind", "label": "Kind", "type": "choice", "required": True,
             "choices": ["Pole", "Lamp"]},
            {"name": "pole", "label": "Pole number", "type": "text", "required": False,
             "shown_when": {"field": "kind", "equals": "Pole"}},
        ],
    )  # fmt: skip
    rule = RoutingRule(name="Lights", keywords=["streetlight"], team=works)
    canned = CannedResponse(title="Thanks", body="Thank you, {{requester}}.")
    closure = CalendarClosure(calendar=sla_policy.calendar, day=date(2026, 12, 24), name="Eve")
    db.session.add_all([item, rule, canned, closure])
    desk = {
        "admin": make_user(Role.ADMIN, name="Ada Admin"),
        "lead": make_user(Role.LEAD, teams=[works], name="Lee Lead"),
        "agent": make_user(Role.AGENT, teams=[works], name="Avery Agent"),
        "resident": make_user(Role.RESIDENT, name="Rita Resident"),
        "works": works,
        "roads": roads,
        "item": item,
        "rule": rule,
        "canned": canned,
        "policy": sla_policy,
        "calendar": sla_policy.calendar,
        "closure": closure,
    }
    db.session.commit()
    return desk


def page(response) -> str:
    return response.get_data(as_text=True)


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


# Every admin URL, with who may use it ("catalog": leads and admins; "admin": admins only).
PAGES = [
    ("catalog", "/agent/admin/"),
    ("catalog", "/agent/admin/categories/"),
    ("catalog", "/agent/admin/categories/new"),
    ("catalog", "/agent/admin/categories/{roads}"),
    ("catalog", "/agent/admin/catalog/"),
    ("catalog", "/agent/admin/catalog/new"),
    ("catalog", "/agent/admin/catalog/{item}"),
    ("catalog", "/agent/admin/routing/"),
    ("catalog", "/agent/admin/routing/new"),
    ("catalog", "/agent/admin/routing/{rule}"),
    ("catalog", "/agent/admin/routing/test"),
    ("catalog", "/agent/admin/canned/"),
    ("catalog", "/agent/admin/canned/new"),
    ("catalog", "/agent/admin/canned/{canned}"),
    ("admin", "/agent/admin/sla/"),
    ("admin", "/agent/admin/sla/new"),
    ("admin", "/agent/admin/sla/{policy}"),
    ("admin", "/agent/admin/calendars/"),
    ("admin", "/agent/admin/calendars/new"),
    ("admin", "/agent/admin/calendars/{calendar}"),
    ("admin", "/agent/admin/teams/"),
    ("admin", "/agent/admin/teams/new"),
    ("admin", "/agent/admin/teams/{works}"),
    ("admin", "/agent/admin/users/"),
    ("admin", "/agent/admin/users/new"),
    ("admin", "/agent/admin/users/{agent}"),
]
ACTIONS = [
    ("catalog", "/agent/admin/categories/new"),
    ("catalog", "/agent/admin/categories/{roads}"),
    ("catalog", "/agent/admin/catalog/new"),
    ("catalog", "/agent/admin/catalog/{item}"),
    ("catalog", "/agent/admin/catalog/{item}/fields"),
    ("catalog", "/agent/admin/catalog/{item}/fields/remove"),
    ("catalog", "/agent/admin/catalog/{item}/fields/move"),
    ("catalog", "/agent/admin/catalog/{item}/workflow"),
    ("catalog", "/agent/admin/routing/new"),
    ("catalog", "/agent/admin/routing/{rule}"),
    ("catalog", "/agent/admin/canned/new"),
    ("catalog", "/agent/admin/canned/{canned}"),
    ("catalog", "/agent/admin/canned/{canned}/delete"),
    ("admin", "/agent/admin/sla/new"),
    ("admin", "/agent/admin/sla/{policy}"),
    ("admin", "/agent/admin/calendars/new"),
    ("admin", "/agent/admin/calendars/{calendar}"),
    ("admin", "/agent/admin/calendars/{calendar}/closures"),
    ("admin", "/agent/admin/calendars/{calendar}/closures/{closure}/remove"),
    ("admin", "/agent/admin/teams/new"),
    ("admin", "/agent/admin/teams/{works}"),
    ("admin", "/agent/admin/teams/{works}/members"),
    ("admin", "/agent/admin/teams/{works}/members/{agent}/remove"),
    ("admin", "/agent/admin/users/new"),
    ("admin", "/agent/admin/users/{agent}"),
    ("admin", "/agent/admin/users/{agent}/password"),
]


def url(template: str, desk) -> str:
    return template.format(**{key: getattr(obj, "id", None) for key, obj in desk.items()})


def test_every_admin_url_is_in_the_tables(app):
    # Webhooks, outbox and inbound mail have their own tables in test_notifications_admin.py,
    # Open311 keys in tests/open311/test_open311_keys.py.
    own_tables = {
        "/agent/admin/webhooks",
        "/agent/admin/outbox",
        "/agent/admin/mail",
        "/agent/admin/alerts",
        "/agent/admin/open311-keys",
    }
    rules = {
        r.rule
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/agent/admin") and not r.rule.startswith(tuple(own_tables))
    }
    listed = {re.sub(r"\{(\w+)\}", "<>", u) for _, u in PAGES + ACTIONS}
    assert {re.sub(r"<[^>]+>", "<>", r) for r in rules} == listed


@pytest.mark.parametrize(("who", "template"), PAGES)
def test_admin_sees_every_page(desk, login_as, who, template):
    response = login_as(desk["admin"]).get(url(template, desk))
    assert response.status_code == 200
    assert "<h1>" in page(response)


@pytest.mark.parametrize(
    ("method", "template"),
    [("GET", template) for _, template in PAGES] + [("POST", template) for _, template in ACTIONS],
)
def test_agents_get_403_everywhere(desk, login_as, method, template):
    client = login_as(desk["agent"])
    response = client.open(url(template, desk), method=method, data={"name": "Hijack"})
    assert response.status_code == 403
    assert audit_actions() == []


@pytest.mark.parametrize(("who", "template"), PAGES)
def test_leads_manage_the_catalog_but_not_slas_calendars_teams_or_users(
    desk, login_as, who, template
):
    response = login_as(desk["lead"]).get(url(template, desk))
    assert response.status_code == (200 if who == "catalog" else 403)


@pytest.mark.parametrize(("who", "template"), [a for a in ACTIONS if a[0] == "admin"])
def test_leads_cannot_post_to_admin_only_forms(desk, login_as, who, template):
    response = login_as(desk["lead"]).post(url(template, desk), data={"name": "Hijack"})
    assert response.status_code == 403 and audit_actions() == []


def test_requesters_get_403(desk, login_as):
    client = login_as(desk["resident"])
    assert client.get("/agent/admin/").status_code == 403
    assert client.post("/agent/admin/categories/new", data={"name": "Hijack"}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(desk, client):
    response = client.get("/agent/admin/users/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_deactivated_admin_with_a_live_session_is_signed_out(desk, login_as):
    client = login_as(desk["admin"])
    desk["admin"].is_active_account = False
    db.session.commit()
    assert client.get("/agent/admin/users/").status_code == 302
    assert client.post("/agent/admin/teams/new", data={"name": "Parks"}).status_code == 302
    assert audit_actions() == []


def test_the_index_links_what_the_role_may_manage(desk, login_as):
    lead_page = page(login_as(desk["lead"]).get("/agent/admin/"))
    assert "/agent/admin/categories/" in lead_page and "/agent/admin/users/" not in lead_page
    admin_page = page(login_as(desk["admin"]).get("/agent/admin/"))
    assert "/agent/admin/users/" in admin_page and "/agent/admin/sla/" in admin_page


def test_the_index_shows_recent_changes_and_leads_only_see_catalog_ones(desk, login_as):
    client = login_as(desk["admin"])
    client.post("/agent/admin/teams/new", data={"name": "Parks"})
    client.post("/agent/admin/canned/new", data={"title": "Closed", "body": "Done."})
    admin_page = page(client.get("/agent/admin/"))
    assert "team.created" in admin_page and "canned_response.created" in admin_page
    assert "Ada Admin" in admin_page
    lead_page = page(login_as(desk["lead"]).get("/agent/admin/"))
    assert "canned_response.created" in lead_page and "team.created" not in lead_page


# --- categories ----------------------------------------------------------------------------


def category_form(**overrides) -> dict:
    return {"name": "Streetlights", "parent": "", "audience": "both", "default_team": "",
            "is_active": "y"} | overrides  # fmt: skip


def test_categories_are_listed_as_a_tree(desk, make_category, login_as):
    make_category("Potholes", parent=desk["roads"])
    db.session.commit()
    html = page(login_as(desk["lead"]).get("/agent/admin/categories/"))
    assert re.search(r"Roads</a>.*<ul class=\"tree\">.*Potholes</a>", html, re.S)


def test_creating_and_editing_a_category(desk, login_as):
    client = login_as(desk["lead"])
    response = client.post(
        "/agent/admin/categories/new",
        data=category_form(parent=desk["roads"].id, default_team=desk["works"].id),
    )
    assert response.status_code == 302
    lights = db.session.scalar(select(Category).where(Category.name == "Streetlights"))
    assert lights.parent == desk["roads"] and lights.default_team == desk["works"]
    response = client.post(
        f"/agent/admin/categories/{lights.id}",
        data=category_form(name="Lights", parent=desk["roads"].id, audience="residents"),
    )
    assert response.status_code == 302
    db.session.refresh(lights)
    assert (lights.name, lights.audience.value, lights.is_active) == ("Lights", "residents", True)
    assert lights.default_team is None
    assert audit_actions() == ["category.created", "category.updated"]


def test_a_cyclic_parent_is_refused_on_the_form(desk, make_category, login_as):
    child = make_category("Potholes", parent=desk["roads"])
    db.session.commit()
    response = login_as(desk["admin"]).post(
        f"/agent/admin/categories/{desk['roads'].id}",
        data=category_form(name="Roads", parent=child.id),
    )
    assert response.status_code == 400
    html = page(response)
    assert "cannot be placed under itself or under one of its own subcategories" in html
    assert 'aria-describedby="parent-hint parent-error"' in html
    assert audit_actions() == []


# --- catalog items and the form builder ----------------------------------------------------


def item_form(desk, **overrides) -> dict:
    return {"name": "Pothole", "description": "", "category": desk["roads"].id,
            "audience": "residents", "is_active": "y"} | overrides  # fmt: skip


def field_form(**overrides) -> dict:
    values = {"name": "depth", "label": "Depth", "kind": "number", "help": "", "choices": "",
              "shown_when_field": "", "shown_when_values": ""} | overrides  # fmt: skip
    return {f"field-{key}": value for key, value in values.items()}


def test_creating_a_catalog_item_leads_to_its_form_builder(desk, login_as):
    client = login_as(desk["lead"])
    response = client.post("/agent/admin/catalog/new", data=item_form(desk))
    item = db.session.scalar(select(CatalogItem).where(CatalogItem.name == "Pothole"))
    assert response.headers["Location"].endswith(f"/agent/admin/catalog/{item.id}")
    response = client.post(
        f"/agent/admin/catalog/{item.id}", data=item_form(desk, name="Pothole report", is_active="")
    )
    assert response.status_code == 302
    db.session.refresh(item)
    assert (item.name, item.is_active, item.audience.value) == (
        "Pothole report",
        False,
        "residents",
    )
    assert audit_actions() == ["catalog_item.created", "catalog_item.updated"]


def test_the_builder_page_shows_fields_and_a_disabled_preview(desk, login_as):
    html = page(login_as(desk["lead"]).get(f"/agent/admin/catalog/{desk['item'].id}"))
    assert "Pole number" in html and "Shown only when kind is Pole." in html
    assert '<fieldset disabled class="custom-fields preview">' in html
    assert '<option value="kind">Kind (kind)</option>' in html  # an earlier field to depend on


def test_adding_moving_and_removing_fields(desk, login_as):
    client = login_as(desk["lead"])
    item_url = f"/agent/admin/catalog/{desk['item'].id}"
    response = client.post(
        item_url + "/fields",
        data=field_form(
            name="colour",
            label="Colour",
            kind="multi_choice",
            required="y",
            choices="Red\n\nAmber \n",
            shown_when_field="kind",
            shown_when_values="Lamp",
        ),
    )
    assert response.status_code == 302
    db.session.refresh(desk["item"])
    assert desk["item"].form_schema[-1] == {
        "name": "colour", "label": "Colour", "type": "multi_choice", "required": True,
        "choices": ["Red", "Amber"], "shown_when": {"field": "kind", "equals": "Lamp"},
    }  # fmt: skip
    assert client.post(item_url + "/fields/move", data={"field": "colour", "direction": "up"})
    db.session.refresh(desk["item"])
    assert [f["name"] for f in desk["item"].form_schema] == ["kind", "colour", "pole"]
    assert client.post(item_url + "/fields/remove", data={"field": "colour"}).status_code == 302
    db.session.refresh(desk["item"])
    assert [f["name"] for f in desk["item"].form_schema] == ["kind", "pole"]
    assert audit_actions() == [
        "catalog_item.field_added",
        "catalog_item.field_moved",
        "catalog_item.field_removed",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (field_form(label="", name=""), "A field name is required."),
        (field_form(name="kind"), "The form already has a field named &#39;kind&#39;."),
        (field_form(name="Bad Name"), "Start with a lower-case letter"),
        (field_form(kind="choice", choices=" \n "), "A choice field needs at least one choice"),
        (
            field_form(shown_when_field="later", shown_when_values="x"),
            "A field can only depend on a field above it",
        ),
        (
            field_form(shown_when_field="kind", shown_when_values="Tree"),
            "&#39;Tree&#39; is not one of the choices of &#39;Kind&#39;.",
        ),
        (field_form(kind="colour"), "Not a valid choice."),
    ],
)
def test_a_bad_field_comes_back_with_its_message(desk, login_as, data, message):
    response = login_as(desk["lead"]).post(
        f"/agent/admin/catalog/{desk['item'].id}/fields", data=data
    )
    assert response.status_code == 400
    assert message in page(response)
    assert audit_actions() == []


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("move", {"field": "pole", "direction": "up"}, "so it must stay below it"),
        ("move", {"field": "kind", "direction": "up"}, "already the first field"),
        ("move", {"field": "kind", "direction": "sideways"}, "Move up or down."),
        ("remove", {"field": "kind"}, "remove that field first"),
        ("remove", {"field": "ghost"}, "There is no such field."),
    ],
)
def test_a_refused_field_action_explains_itself(desk, login_as, action, data, message):
    response = login_as(desk["lead"]).post(
        f"/agent/admin/catalog/{desk['item'].id}/fields/{action}", data=data
    )
    assert response.status_code == 400 and message in page(response)


def test_an_empty_catalog_item_name_is_refused(desk, login_as):
    response = login_as(desk["lead"]).post(
        "/agent/admin/catalog/new", data=item_form(desk, name=" ")
    )
    assert response.status_code == 400 and "A name is required." in page(response)


# --- SLA policies --------------------------------------------------------------------------


def sla_form(desk, **overrides) -> dict:
    return {
        "name": "Urgent", "position": "10", "is_active": "y", "category": "",
        "priorities": ["critical", "high"], "channels": [], "audiences": ["residents"],
        "first_response_minutes": "60", "resolution_minutes": "2700", "warn_percent": "75",
        "calendar": desk["calendar"].id,
    } | overrides  # fmt: skip


def test_creating_and_editing_an_sla_policy(desk, login_as):
    client = login_as(desk["admin"])
    assert client.post("/agent/admin/sla/new", data=sla_form(desk)).status_code == 302
    row = db.session.scalar(select(SlaPolicy).where(SlaPolicy.name == "Urgent"))
    assert (row.priorities, row.audiences, row.warn_percent) == (
        ["critical", "high"],
        ["residents"],
        75,
    )
    listing = page(client.get("/agent/admin/sla/"))
    assert "2700 min = 45 h = 5 business days of 9 h" in listing
    response = client.post(
        f"/agent/admin/sla/{row.id}", data=sla_form(desk, priorities=[], resolution_minutes="960")
    )
    assert response.status_code == 302
    db.session.refresh(row)
    assert (row.priorities, row.resolution_minutes) == ([], 960)
    assert audit_actions() == ["sla_policy.created", "sla_policy.updated"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "A name is required."),
        ({"warn_percent": "0"}, "Enter a percentage from 1 to 99."),
        ({"first_response_minutes": "-30"}, "Enter a whole number of business minutes from 1"),
        ({"resolution_minutes": "1e309"}, "Not a valid integer value."),
        ({"resolution_minutes": "99999999999999999999"}, "from 1 to 500000"),
        ({"resolution_minutes": "30"}, "cannot be shorter than the first-response target"),
        ({"is_fallback": "y"}, "A fallback applies to every ticket"),
        ({"priorities": ["urgentest"]}, "is not a valid choice"),
    ],
)
def test_a_bad_sla_policy_comes_back_with_its_message(desk, login_as, overrides, message):
    response = login_as(desk["admin"]).post(
        "/agent/admin/sla/new", data=sla_form(desk, **overrides)
    )
    assert response.status_code == 400 and message in page(response)
    assert audit_actions() == []


# --- calendars -----------------------------------------------------------------------------


def calendar_form(**overrides) -> dict:
    hours = {f"hours_{day}": "08:00-12:00, 13:00-17:00" for day in range(5)}
    return {"name": "Depot", "timezone": "Europe/Berlin", "hours_5": "", "hours_6": "",
            "holiday_country": "DE", "holiday_subdivision": "BY"} | hours | overrides  # fmt: skip


def test_creating_and_editing_a_calendar(desk, login_as):
    client = login_as(desk["admin"])
    response = client.post("/agent/admin/calendars/new", data=calendar_form())
    row = db.session.scalar(select(Calendar).where(Calendar.name == "Depot"))
    assert response.headers["Location"].endswith(f"/agent/admin/calendars/{row.id}")
    assert row.hours["0"] == [["08:00", "12:00"], ["13:00", "17:00"]] and "5" not in row.hours
    response = client.post(
        f"/agent/admin/calendars/{row.id}", data=calendar_form(hours_5="09:00-13:00")
    )
    assert response.status_code == 302
    db.session.refresh(row)
    assert row.hours["5"] == [["09:00", "13:00"]]
    assert audit_actions() == ["calendar.created", "calendar.updated"]


def test_the_calendar_page_shows_the_next_closed_days(desk, login_as):
    soon = utcnow().date() + timedelta(days=2)  # the page counts from today
    if soon == desk["closure"].day:
        soon += timedelta(days=1)
    db.session.add(CalendarClosure(calendar=desk["calendar"], day=soon, name="Staff day"))
    db.session.commit()
    html = page(login_as(desk["admin"]).get(f"/agent/admin/calendars/{desk['calendar'].id}"))
    assert html.count("<li><time") == 10  # US public holidays fill the rest
    assert re.search(rf"{soon.isoformat()}</time>: Staff day", html)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "A name is required."),
        ({"timezone": "Mars/Olympus"}, "is not an IANA timezone"),
        ({"hours_2": "9 to 5"}, "Write each opening as start-end"),
        ({"hours_3": "17:00-08:00"}, "does not end after it starts"),
        ({"hours_1": "08:00-12:00, 11:00-13:00"}, "overlaps the opening before it"),
        ({"holiday_country": "XX"}, "is not a country the holidays package knows"),
        ({"holiday_subdivision": "ZZ"}, "is not a subdivision of DE"),
        ({f"hours_{day}": "" for day in range(7)}, "Give opening hours on at least one weekday."),
    ],
)
def test_a_bad_calendar_comes_back_with_its_message(desk, login_as, overrides, message):
    response = login_as(desk["admin"]).post(
        "/agent/admin/calendars/new", data=calendar_form(**overrides)
    )
    assert response.status_code == 400 and message in page(response)
    assert audit_actions() == []


def test_adding_and_removing_a_closure(desk, login_as):
    client = login_as(desk["admin"])
    calendar_url = f"/agent/admin/calendars/{desk['calendar'].id}"
    response = client.post(
        calendar_url + "/closures", data={"closure-day": "2026-12-31", "closure-name": "Staff day"}
    )
    assert response.status_code == 302
    assert "Staff day" in page(client.get(calendar_url))
    response = client.post(f"{calendar_url}/closures/{desk['closure'].id}/remove")
    assert response.status_code == 302
    days = db.session.scalars(select(CalendarClosure.day)).all()
    assert days == [date(2026, 12, 31)]
    assert audit_actions() == ["calendar.closure_added", "calendar.closure_removed"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"closure-day": "31/12/2026", "closure-name": "x"}, "Not a valid date value."),
        ({"closure-day": "2026-12-24", "closure-name": "Again"}, "already closed on 2026-12-24"),
        ({"closure-day": "2026-12-30", "closure-name": ""}, "Say why the desk is closed."),
    ],
)
def test_a_bad_closure_comes_back_with_its_message(desk, login_as, data, message):
    response = login_as(desk["admin"]).post(
        f"/agent/admin/calendars/{desk['calendar'].id}/closures", data=data
    )
    assert response.status_code == 400 and message in page(response)
    assert 'value="Office hours"' in page(response)  # the calendar form keeps its values


def test_a_closure_of_another_calendar_is_not_found(desk, make_user, login_as):
    other = Calendar(name="Other", timezone="UTC", hours={"0": [["08:00", "17:00"]]})
    db.session.add(other)
    db.session.commit()
    response = login_as(desk["admin"]).post(
        f"/agent/admin/calendars/{other.id}/closures/{desk['closure'].id}/remove"
    )
    assert response.status_code == 404


# --- routing rules -------------------------------------------------------------------------


def rule_form(desk, **overrides) -> dict:
    return {
        "name": "Potholes", "position": "20", "is_active": "y", "category": desk["roads"].id,
        "channels": ["citizen_portal"], "audiences": [], "keywords": "pothole\nsinkhole",
        "priorities": [], "team": desk["works"].id, "set_priority": "high",
        "strategy": "none", "fixed_agent": "",
    } | overrides  # fmt: skip


def test_creating_and_editing_a_routing_rule(desk, login_as):
    client = login_as(desk["lead"])
    assert client.post("/agent/admin/routing/new", data=rule_form(desk)).status_code == 302
    rule = db.session.scalar(select(RoutingRule).where(RoutingRule.name == "Potholes"))
    assert (rule.keywords, rule.set_priority, rule.category) == (
        ["pothole", "sinkhole"],
        "high",
        desk["roads"],
    )
    response = client.post(
        f"/agent/admin/routing/{rule.id}",
        data=rule_form(desk, strategy="fixed", fixed_agent=desk["agent"].id),
    )
    assert response.status_code == 302
    db.session.refresh(rule)
    assert rule.fixed_agent == desk["agent"]
    assert audit_actions() == ["routing_rule.created", "routing_rule.updated"]


def test_routing_rules_are_listed_in_order_with_fallbacks_last(desk, login_as):
    db.session.add(RoutingRule(name="Catch all", position=1, is_fallback=True))
    db.session.commit()
    html = page(login_as(desk["lead"]).get("/agent/admin/routing/"))
    assert html.index("Lights</a>") < html.index("Catch all</a>")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "A name is required."),
        ({"strategy": "fixed"}, "Choose the agent who gets every ticket of this rule."),
        ({"strategy": "least_loaded", "team": ""}, "Choose the team whose agents are assigned."),
        ({"is_fallback": "y"}, "A fallback applies to every ticket"),
        ({"position": "-3"}, "Enter a position from 0 to 100000."),
    ],
)
def test_a_bad_routing_rule_comes_back_with_its_message(desk, login_as, overrides, message):
    response = login_as(desk["lead"]).post(
        "/agent/admin/routing/new", data=rule_form(desk, **overrides)
    )
    assert response.status_code == 400 and message in page(response)


def test_a_fixed_agent_outside_the_team_is_refused(desk, make_user, make_team, login_as):
    outsider = make_user(Role.AGENT, teams=[make_team("IT")], name="Olive Outsider")
    db.session.commit()
    response = login_as(desk["lead"]).post(
        "/agent/admin/routing/new",
        data=rule_form(desk, strategy="fixed", fixed_agent=outsider.id),
    )
    assert response.status_code == 400
    assert "Olive Outsider is not a member of the team Public Works." in page(response)


def test_testing_a_ticket_shows_the_decision_and_creates_nothing(desk, login_as):
    response = login_as(desk["lead"]).get(
        "/agent/admin/routing/test",
        query_string={
            "subject": "Streetlight flickering",
            "description": "",
            "category": "",
            "channel": "citizen_portal",
            "audience": "residents",
            "priority": "medium",
        },
    )
    assert response.status_code == 200
    html = page(response)
    assert "Rule &#34;Lights&#34; matched: keyword &#34;streetlight&#34;." in html
    assert "Left unassigned in the team queue." in html and "Public Works" in html
    assert audit_actions() == []


def test_testing_a_ticket_without_a_subject_explains(desk, login_as):
    response = login_as(desk["lead"]).get(
        "/agent/admin/routing/test",
        query_string={
            "subject": "",
            "category": "",
            "channel": "email",
            "audience": "residents",
            "priority": "low",
        },  # fmt: skip
    )
    assert response.status_code == 400 and "A subject is required." in page(response)


# --- teams ---------------------------------------------------------------------------------


def test_creating_editing_and_staffing_a_team(desk, login_as):
    client = login_as(desk["admin"])
    response = client.post("/agent/admin/teams/new", data={"name": "Parks", "email": ""})
    parks = db.session.scalar(select(Team).where(Team.name == "Parks"))
    assert response.headers["Location"].endswith(f"/agent/admin/teams/{parks.id}")
    response = client.post(
        f"/agent/admin/teams/{parks.id}",
        data={"name": "Parks", "department": "Environment", "email": "parks@city.example"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/agent/admin/teams/{parks.id}/members", data={"member-user": desk["agent"].id}
    )
    assert response.status_code == 302
    assert "Avery Agent" in page(client.get("/agent/admin/teams/"))
    response = client.post(f"/agent/admin/teams/{parks.id}/members/{desk['agent'].id}/remove")
    assert response.status_code == 302
    db.session.refresh(parks)
    assert parks.department == "Environment" and parks.members == []
    assert audit_actions() == [
        "team.created",
        "team.updated",
        "team.member_added",
        "team.member_removed",
    ]


def test_only_staff_are_offered_and_accepted_as_members(desk, login_as):
    client = login_as(desk["admin"])
    team_url = f"/agent/admin/teams/{desk['works'].id}"
    assert "Rita Resident" not in page(client.get(team_url))
    response = client.post(team_url + "/members", data={"member-user": desk["resident"].id})
    assert response.status_code == 400 and "Not a valid choice." in page(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "A name is required."),
        ({"name": "public works"}, "A team with this name already exists."),
        ({"name": "Parks", "email": "nope"}, "Enter a valid email address, or leave it empty."),
    ],
)
def test_a_bad_team_comes_back_with_its_message(desk, login_as, data, message):
    response = login_as(desk["admin"]).post("/agent/admin/teams/new", data=data)
    assert response.status_code == 400 and message in page(response)


def test_removing_someone_not_in_the_team_is_explained(desk, login_as):
    response = login_as(desk["admin"]).post(
        f"/agent/admin/teams/{desk['works'].id}/members/{desk['admin'].id}/remove"
    )
    assert response.status_code == 400 and "is not in Public Works" in page(response)


# --- users ---------------------------------------------------------------------------------


def test_users_are_filtered_by_role(desk, login_as):
    client = login_as(desk["admin"])
    html = page(client.get("/agent/admin/users/", query_string={"role": "lead"}))
    assert "Lee Lead" in html and "Avery Agent" not in html
    assert client.get("/agent/admin/users/", query_string={"role": "boss"}).status_code == 400


def test_creating_and_editing_a_user(desk, login_as):
    client = login_as(desk["admin"])
    response = client.post(
        "/agent/admin/users/new",
        data={
            "email": "nia@example.org",
            "name": "Nia New",
            "role": "agent",
            "password": "",
            "teams": [desk["works"].id],
        },  # fmt: skip
    )
    assert response.status_code == 302
    nia = db.session.scalar(select(User).where(User.email == "nia@example.org"))
    assert nia.password_hash is None and nia.teams == [desk["works"]]
    response = client.post(
        f"/agent/admin/users/{nia.id}",
        data={"name": "Nia Newton", "role": "lead", "is_active": "y", "capacity": "8"},
    )
    assert response.status_code == 302
    db.session.refresh(nia)
    assert (nia.name, nia.role, nia.teams, nia.is_available, nia.capacity) == (
        "Nia Newton",
        Role.LEAD,
        [],
        False,
        8,
    )
    assert audit_actions() == ["user.created", "user.updated"]


def test_resetting_a_password(desk, login_as, client):
    admin = login_as(desk["admin"])
    response = admin.post(
        f"/agent/admin/users/{desk['agent'].id}/password",
        data={"password-password": "another long one", "password-confirm": "another long one"},
    )
    assert response.status_code == 302
    assert audit_actions() == ["user.password_reset"]
    other = desk["agent"]
    fresh = admin.application.test_client()
    response = fresh.post(
        "/auth/login", data={"email": other.email, "password": "another long one"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password-password": "short", "password-confirm": "short"}, "Use 8 to 200 characters."),
        (
            {"password-password": "long enough 1", "password-confirm": "long enough 2"},
            "The two passwords are not the same.",
        ),
    ],
)
def test_a_bad_password_reset_comes_back_with_its_message(desk, login_as, data, message):
    response = login_as(desk["admin"]).post(
        f"/agent/admin/users/{desk['agent'].id}/password", data=data
    )
    assert response.status_code == 400 and message in page(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "Ada Admin", "role": "agent", "is_active": "y"},
            "cannot remove your own admin role",
        ),
        ({"name": "Ada Admin", "role": "admin"}, "You cannot deactivate your own account."),
    ],
)
def test_an_admin_cannot_lock_themselves_out(desk, login_as, data, message):
    response = login_as(desk["admin"]).post(f"/agent/admin/users/{desk['admin'].id}", data=data)
    assert response.status_code == 400 and message in page(response)
    db.session.refresh(desk["admin"])
    assert desk["admin"].is_admin and desk["admin"].is_active


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "name": "X", "role": "agent"}, "An email address is required."),
        ({"email": "not-an-email", "name": "X", "role": "agent"}, "Enter a valid email address."),
        ({"email": "x@example.org", "name": "", "role": "agent"}, "A name is required."),
        (
            {"email": "x@example.org", "name": "X", "role": "agent", "password": "short"},
            "Use 8 to 200 characters.",
        ),
        (
            {"email": "x@example.org", "name": "X", "role": "resident", "teams": ["1"]},
            "Only staff (agents, team leads, admins) belong to teams.",
        ),
    ],
)
def test_a_bad_new_user_comes_back_with_its_message(desk, login_as, data, message):
    if "teams" in data:
        data = data | {"teams": [desk["works"].id]}
    response = login_as(desk["admin"]).post("/agent/admin/users/new", data=data)
    assert response.status_code == 400 and message in page(response)


def test_a_taken_email_is_refused(desk, login_as):
    response = login_as(desk["admin"]).post(
        "/agent/admin/users/new",
        data={"email": desk["agent"].email.upper(), "name": "Twin", "role": "agent"},
    )
    assert response.status_code == 400 and "A user with this email already exists." in page(
        response
    )


# --- canned responses ----------------------------------------------------------------------


def test_canned_responses_are_created_edited_and_deleted(desk, login_as):
    client = login_as(desk["lead"])
    listing = page(client.get("/agent/admin/canned/"))
    assert "{{reference}}" in listing and "{{requester}}" in listing
    data = {"title": "Fixed", "body": "Hello {{requester}}, {{reference}} is fixed."}
    assert client.post("/agent/admin/canned/new", data=data).status_code == 302
    canned = db.session.scalar(select(CannedResponse).where(CannedResponse.title == "Fixed"))
    response = client.post(f"/agent/admin/canned/{canned.id}", data=data | {"title": "Repaired"})
    assert response.status_code == 302
    assert client.post(f"/agent/admin/canned/{canned.id}/delete").status_code == 302
    assert db.session.get(CannedResponse, canned.id) is None
    assert audit_actions() == [
        "canned_response.created",
        "canned_response.updated",
        "canned_response.deleted",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "Hi"}, "A title is required."),
        ({"title": "Hi", "body": ""}, "The text is required."),
        ({"title": "Hi", "body": "Dear {{name}}"}, "Unknown placeholder {{name}}"),
        ({"title": "thanks", "body": "Hi"}, "already exists"),
    ],
)
def test_a_bad_canned_response_comes_back_with_its_message(desk, login_as, data, message):
    response = login_as(desk["lead"]).post("/agent/admin/canned/new", data=data)
    assert response.status_code == 400 and message in page(response)


# --- CSRF ----------------------------------------------------------------------------------


def csrf_token(html: str, name: str = "csrf_token") -> str:
    return re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]+)"', html)[1]


def test_admin_forms_refuse_a_post_without_a_csrf_token(app, desk, login_as):
    client = login_as(desk["lead"])
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/agent/admin/categories/new", data=category_form())
    assert response.status_code == 400 and audit_actions() == []


@pytest.mark.parametrize(
    ("page_url", "action", "data", "token_name"),
    [
        (
            "/agent/admin/categories/new",
            "/agent/admin/categories/new",
            category_form(),
            "csrf_token",
        ),
        (
            "/agent/admin/catalog/{item}",
            "/agent/admin/catalog/{item}/fields/remove",
            {"field": "pole"},
            "csrf_token",
        ),
        (
            "/agent/admin/catalog/{item}",
            "/agent/admin/catalog/{item}/fields",
            field_form(),
            "field-csrf_token",
        ),
        (
            "/agent/admin/calendars/{calendar}",
            "/agent/admin/calendars/{calendar}/closures/{closure}/remove",
            {},
            "csrf_token",
        ),
        (
            "/agent/admin/teams/{works}",
            "/agent/admin/teams/{works}/members/{agent}/remove",
            {},
            "csrf_token",
        ),
        (
            "/agent/admin/users/{agent}",
            "/agent/admin/users/{agent}/password",
            {"password-password": "long enough!", "password-confirm": "long enough!"},
            "password-csrf_token",
        ),
        (
            "/agent/admin/canned/{canned}",
            "/agent/admin/canned/{canned}/delete",
            {},
            "delete-csrf_token",
        ),
    ],
)
def test_the_pages_carry_the_token_their_forms_need(
    app, desk, login_as, page_url, action, data, token_name
):
    client = login_as(desk["admin"])
    app.config["WTF_CSRF_ENABLED"] = True
    html = page(client.get(url(page_url, desk)))
    token = csrf_token(html, token_name)
    response = client.post(url(action, desk), data=data | {token_name: token})
    assert response.status_code == 302, page(response)[-2000:]
    assert len(audit_actions()) == 1
