"""Team leads set a request type's approval and child tasks on its admin page."""

from sqlalchemy import select

from servicedesk.audit import AuditEntry
from servicedesk.extensions import db
from servicedesk.tickets import onboarding
from servicedesk.tickets.models import ApprovalRule


def test_a_lead_sets_approval_and_child_tasks(client, login_as, catalog, make_user):
    login_as(make_user("lead"))
    item = catalog.new_employee
    page = client.get(f"/agent/admin/catalog/{item.id}").get_data(as_text=True)
    assert "Approval and child tasks" in page and "Create accounts | IT Service Desk | -3" in page
    response = client.post(
        f"/agent/admin/catalog/{item.id}/workflow",
        data={
            "approval": "team",
            "approver_team": str(catalog.purchasing.id),
            "child_tasks": "Laptop | IT Service Desk | -2\nWelcome lunch",
            "due_field": "start_date",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert item.approval == ApprovalRule.TEAM and item.approver_team == catalog.purchasing
    assert item.child_tasks == [
        {"subject": "Laptop", "team": "IT Service Desk", "description": "", "due_days": -2},
        {"subject": "Welcome lunch", "team": "", "description": ""},
    ]
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "catalog_item.updated" and "approval: 'none' -> 'team'" in entry.summary


def test_bad_workflow_input_is_explained(client, login_as, catalog, make_user):
    login_as(make_user("lead"))
    item = catalog.new_employee
    for data, message in (
        ({"approval": "team"}, "Choose the team that approves."),
        ({"approval": "none", "child_tasks": "Desk | Nobody"}, "no team called"),
        ({"approval": "none", "child_tasks": "Desk | Facilities | soon"}, "whole number"),
        ({"approval": "none", "due_field": "new_name"}, "must be a date field"),
    ):
        response = client.post(f"/agent/admin/catalog/{item.id}/workflow", data=data)
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert message in page, data
    db.session.expire_all()
    assert item.approval == ApprovalRule.NONE and len(item.child_tasks) == 4


def test_agents_cannot_change_the_workflow(client, login_as, catalog):
    login_as(catalog.agent)
    response = client.post(
        f"/agent/admin/catalog/{catalog.laptop.id}/workflow", data={"approval": "manager"}
    )
    assert response.status_code == 403


def test_template_lines_round_trip():
    lines = "Accounts | IT | -3\nBadge | Facilities\nLunch"
    assert onboarding.as_lines(onboarding.parse_lines(lines)) == lines
