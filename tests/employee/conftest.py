"""A small employee catalog: IT, Facilities and HR with their teams, items with every kind of
field, one that needs the manager's approval, one that needs an approver team's, and a new-
employee item that fans out to three teams."""

from types import SimpleNamespace

import pytest

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.tickets.models import ApprovalRule, Audience, CatalogItem

LAPTOP_SCHEMA = [
    {"name": "asset_tag", "label": "Asset tag", "type": "text", "required": True},
    {"name": "problem", "label": "Problem", "type": "choice", "required": True,
     "choices": ["Screen", "Battery", "Other"]},
    {"name": "other_problem", "label": "Describe it", "type": "long_text", "required": True,
     "shown_when": {"field": "problem", "equals": "Other"}},
    {"name": "screen_size", "label": "Screen size", "type": "number"},
    {"name": "needed_by", "label": "Needed by", "type": "date"},
    {"name": "accessories", "label": "Accessories", "type": "multi_choice",
     "choices": ["Charger", "Dock"]},
    {"name": "where", "label": "Where is it", "type": "location"},
    {"name": "photo", "label": "Photo", "type": "file"},
]  # fmt: skip
NEW_EMPLOYEE_SCHEMA = [
    {"name": "new_name", "label": "New employee's name", "type": "text", "required": True},
    {"name": "start_date", "label": "Start date", "type": "date", "required": True},
]
CHILD_TASKS = [
    {"subject": "Create accounts", "team": "IT Service Desk", "due_days": -3},
    {"subject": "Prepare a laptop", "team": "IT Service Desk", "due_days": -2},
    {"subject": "Desk and badge", "team": "Facilities", "due_days": -1},
    {"subject": "HR paperwork", "team": "Human Resources", "due_days": 0},
]


@pytest.fixture
def catalog(app, make_team, make_category, make_user, sla_policy):
    it = make_team("IT Service Desk")
    facilities = make_team("Facilities")
    hr = make_team("Human Resources")
    purchasing = make_team("Purchasing approvers")
    it_cat = make_category("IT", audience=Audience.EMPLOYEES, default_team=it)
    fac_cat = make_category("Facilities", audience=Audience.EMPLOYEES, default_team=facilities)
    hr_cat = make_category("HR", audience=Audience.EMPLOYEES, default_team=hr)
    resident_cat = make_category("Streets", audience=Audience.RESIDENTS)

    def item(name, category, **fields):
        row = CatalogItem(name=name, category=category, audience=Audience.EMPLOYEES, **fields)
        db.session.add(row)
        db.session.flush()
        return row

    manager = make_user(Role.EMPLOYEE, name="Maria Manager", email="maria@example.org")
    employee = make_user(Role.EMPLOYEE, name="Eve Employee", email="eve@example.org",
                         manager=manager, department="Parks")  # fmt: skip
    colleague = make_user(Role.EMPLOYEE, name="Carl Colleague", email="carl@example.org")
    agent = make_user(Role.AGENT, teams=[it], name="Ian IT", email="ian@example.org")
    buyer = make_user(Role.AGENT, teams=[purchasing], name="Pat Purchaser")
    ns = SimpleNamespace(
        it=it, facilities=facilities, hr=hr, purchasing=purchasing,
        it_cat=it_cat, fac_cat=fac_cat, hr_cat=hr_cat,
        laptop=item("Laptop repair", it_cat, description="Broken screen, battery...",
                    form_schema=LAPTOP_SCHEMA),
        software=item("Software request", it_cat, approval=ApprovalRule.MANAGER),
        chair=item("Ergonomic chair", fac_cat, approval=ApprovalRule.TEAM,
                   approver_team=purchasing),
        new_employee=item("New employee", hr_cat, form_schema=NEW_EMPLOYEE_SCHEMA,
                          child_tasks=CHILD_TASKS, due_field="start_date"),
        pothole=item("Pothole", resident_cat),
        manager=manager, employee=employee, colleague=colleague, agent=agent, buyer=buyer,
    )  # fmt: skip
    ns.pothole.audience = Audience.RESIDENTS
    db.session.commit()
    return ns


LAPTOP_FORM = {
    "subject": "My screen flickers",
    "f_asset_tag": "LT-1234",
    "f_problem": "Screen",
}
