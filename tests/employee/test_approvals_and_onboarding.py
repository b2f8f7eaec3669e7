"""Approvals before routing, and onboarding requests that fan out to child tasks."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from servicedesk.errors import InvalidTransition, PermissionDenied, ValidationError
from servicedesk.extensions import db
from servicedesk.tickets import onboarding, sla_clocks
from servicedesk.tickets import service as tickets
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Approval, ApprovalState, EventKind

from ..conftest import TUESDAY_10AM_NY


def _software(catalog, now=TUESDAY_10AM_NY):
    ticket = tickets.submit_request(
        catalog.software, actor=catalog.employee, subject="Need a PDF editor", now=now
    )
    db.session.commit()
    return ticket


def _approval(ticket):
    return db.session.scalar(select(Approval).where(Approval.ticket_id == ticket.id))


def test_a_request_needing_approval_waits_unrouted_with_the_clock_paused(catalog):
    ticket = _software(catalog)
    assert ticket.status == Status.AWAITING_APPROVAL
    assert ticket.team is None and ticket.assignee is None
    approval = _approval(ticket)
    assert approval.approver == catalog.manager and approval.state == ApprovalState.PENDING
    # Two days later the resolution clock has not moved: it was paused the whole time.
    report = sla_clocks.clocks(ticket, TUESDAY_10AM_NY + timedelta(days=2))
    assert report.resolution.is_paused and report.resolution.used_minutes == 0


def test_approval_routes_the_request_and_starts_the_clock(catalog):
    ticket = _software(catalog)
    later = TUESDAY_10AM_NY + timedelta(hours=3)
    tickets.approve(_approval(ticket), "Fine by me", actor=catalog.manager, now=later)
    db.session.commit()
    assert ticket.status == Status.NEW and ticket.team == catalog.it
    approved = next(e for e in ticket.events if e.kind == EventKind.APPROVED)
    assert approved.actor == catalog.manager and "Fine by me" in approved.detail
    assert not approved.is_internal  # the requester reads the decision in the timeline
    report = sla_clocks.clocks(ticket, later + timedelta(hours=1))
    assert not report.resolution.is_paused and report.resolution.used_minutes == 60


def test_rejection_closes_the_request_with_the_reason(catalog):
    ticket = _software(catalog)
    with pytest.raises(ValidationError):
        tickets.reject(_approval(ticket), "  ", actor=catalog.manager)
    tickets.reject(_approval(ticket), "We have a licence already", actor=catalog.manager)
    db.session.commit()
    assert ticket.status == Status.CLOSED and ticket.team is None
    rejected = next(e for e in ticket.events if e.kind == EventKind.REJECTED)
    assert "We have a licence already" in rejected.detail and not rejected.is_internal
    with pytest.raises(InvalidTransition):
        tickets.approve(_approval(ticket), actor=catalog.manager)


@pytest.mark.parametrize("who", ["employee", "colleague", "agent", "buyer"])
def test_only_the_named_approver_decides(catalog, who):
    ticket = _software(catalog)
    with pytest.raises(PermissionDenied):
        tickets.approve(_approval(ticket), actor=getattr(catalog, who))
    assert ticket.status == Status.AWAITING_APPROVAL


def test_an_approver_team_member_decides_team_approvals(catalog):
    ticket = tickets.submit_request(catalog.chair, actor=catalog.employee, subject="Back pain")
    approval = _approval(ticket)
    assert approval.approver_team == catalog.purchasing
    with pytest.raises(PermissionDenied):
        tickets.approve(approval, actor=catalog.manager)
    tickets.approve(approval, actor=catalog.buyer)
    assert ticket.team == catalog.facilities


def test_without_a_manager_on_record_the_request_is_refused_before_filing(catalog):
    with pytest.raises(ValidationError, match="no manager is on record"):
        tickets.submit_request(catalog.software, actor=catalog.colleague, subject="Editor")


def test_cancelling_withdraws_the_pending_approval(catalog):
    ticket = _software(catalog)
    tickets.cancel_request(ticket, "Not needed", actor=catalog.employee)
    assert ticket.status == Status.CANCELLED
    assert _approval(ticket).state == ApprovalState.WITHDRAWN


def test_approvers_see_and_decide_in_the_portal(client, login_as, catalog):
    ticket = _software(catalog)
    approval = _approval(ticket)
    login_as(catalog.colleague)  # not the approver: neither the list nor the page
    assert ticket.reference not in client.get("/employee/approvals").get_data(as_text=True)
    assert client.get(f"/employee/approvals/{approval.id}").status_code == 404
    assert (
        client.post(f"/employee/approvals/{approval.id}", data={"decision": "approve"}).status_code
        == 404
    )
    client.post("/auth/logout")

    login_as(catalog.employee)  # the requester sees the wait, but cannot approve
    page = client.get(f"/employee/requests/{ticket.id}").get_data(as_text=True)
    assert "Awaiting approval" in page and "Maria Manager" in page
    assert client.get(f"/employee/approvals/{approval.id}").status_code == 404
    client.post("/auth/logout")

    login_as(catalog.manager)
    assert "1 waiting for your approval" in client.get("/employee/").get_data(as_text=True)
    listing = client.get("/employee/approvals").get_data(as_text=True)
    assert ticket.reference in listing
    page = client.get(f"/employee/approvals/{approval.id}").get_data(as_text=True)
    assert "Need a PDF editor" in page and "Eve Employee" in page
    refused = client.post(f"/employee/approvals/{approval.id}", data={"decision": "reject"})
    assert refused.status_code == 400 and "Give the reason" in refused.get_data(as_text=True)
    done = client.post(
        f"/employee/approvals/{approval.id}", data={"decision": "reject", "comment": "Budget"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert ticket.status == Status.CLOSED
    client.post("/auth/logout")
    login_as(catalog.employee)
    page = client.get(f"/employee/requests/{ticket.id}").get_data(as_text=True)
    assert "Rejected by Maria Manager: Budget" in page


# --- onboarding ----------------------------------------------------------------------------


def _new_employee(catalog, start="2026-12-14"):
    ticket = tickets.submit_request(
        catalog.new_employee,
        actor=catalog.employee,
        subject="Onboard Nora",
        fields={"new_name": "Nora New", "start_date": start},
    )
    db.session.commit()
    return ticket


def test_a_new_employee_request_fans_out_to_it_facilities_and_hr(catalog):
    parent = _new_employee(catalog)
    children = parent.children
    assert [(c.team.name, c.due_on) for c in children] == [
        ("IT Service Desk", date(2026, 12, 11)),
        ("IT Service Desk", date(2026, 12, 12)),
        ("Facilities", date(2026, 12, 13)),
        ("Human Resources", date(2026, 12, 14)),
    ]
    assert all(c.requester == catalog.employee for c in children)
    assert sum(e.kind == EventKind.CHILD_ADDED for e in parent.events) == 4


def test_the_parent_resolves_only_when_every_child_is_done(catalog, make_user):
    parent = _new_employee(catalog)
    admin = make_user("admin")
    *first, last = parent.children
    for child in first:
        tickets.change_status(child, Status.RESOLVED, actor=admin)
    tickets.change_status(first[0], Status.CLOSED, actor=admin)
    assert parent.status != Status.RESOLVED
    assert onboarding.progress(parent.children, frozenset({Status.RESOLVED, Status.CLOSED})) == (
        3,
        4,
    )
    tickets.change_status(last, Status.CANCELLED, actor=admin)
    assert parent.status == Status.RESOLVED
    done = parent.events[-1]
    assert done.detail == "All 4 child tasks are done." and done.actor is None


def test_the_request_page_shows_the_tasks_progress(client, login_as, catalog, make_user):
    parent = _new_employee(catalog)
    tickets.change_status(parent.children[0], Status.RESOLVED, actor=make_user("admin"))
    db.session.commit()
    login_as(catalog.employee)
    page = client.get(f"/employee/requests/{parent.id}").get_data(as_text=True)
    assert "Tasks (1 of 4 done)" in page and "Desk and badge" in page


def test_child_task_templates_are_checked(catalog):
    schema = catalog.new_employee.form_schema
    assert onboarding.check_templates([{"subject": "X", "due_days": 2}], schema, "start_date")
    for bad, field in (
        ([{"team": "IT"}], ""),
        ([{"subject": "X", "due_days": "soon"}], ""),
        ([{"subject": "X"}], "new_name"),
        ("not a list", ""),
    ):
        with pytest.raises(ValidationError):
            onboarding.check_templates(bad, schema, field)


def test_an_onboarding_that_needs_approval_fans_out_only_once_approved(catalog):
    catalog.new_employee.approval = "manager"
    parent = _new_employee(catalog)
    assert parent.children == [] and parent.status == Status.AWAITING_APPROVAL
    tickets.approve(_approval(parent), actor=catalog.manager)
    assert len(parent.children) == 4 and parent.team == catalog.hr


def test_the_approver_is_asked_by_email_and_the_requester_hears_the_decision(catalog):
    from servicedesk.notifications.models import OutboxMessage

    ticket = _software(catalog)

    def emails(event):
        return {
            row.recipient: row.payload
            for row in db.session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.ticket_id == ticket.id, OutboxMessage.event == event
                )
            )
        }

    asked = emails("approval_requested")
    assert list(asked) == ["maria@example.org"]
    assert f"/employee/approvals/{_approval(ticket).id}" in str(asked)
    assert emails("status") == {}  # the requester asked herself: no news for her yet
    tickets.reject(_approval(ticket), "No budget", actor=catalog.manager)
    db.session.commit()
    assert "Closed" in str(emails("status")["eve@example.org"])


def test_agents_see_the_tasks_progress_and_due_dates(client, login_as, catalog, make_user):
    parent = _new_employee(catalog)
    admin = make_user("admin")
    tickets.change_status(parent.children[0], Status.RESOLVED, actor=admin)
    db.session.commit()
    login_as(admin)
    page = client.get(f"/agent/tickets/{parent.id}").get_data(as_text=True)
    assert "Child tasks (1 of 4 done)" in page and "Filed by" not in page
    child = client.get(f"/agent/tickets/{parent.children[0].id}").get_data(as_text=True)
    assert "2026-12-11" in child


def test_only_city_staff_may_switch_off_approval_emails(catalog, make_user):
    from servicedesk.notifications.preferences import notices_for

    def names(user):
        return {notice.name for notice in notices_for(user)}

    assert "approval_requested" in names(catalog.manager)
    assert "approval_requested" in names(catalog.buyer)
    assert "approval_requested" not in names(make_user("resident"))
