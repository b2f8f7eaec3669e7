"""Who sees which employee request: the requester, the colleague who filed it, the desk; an
approver decides without seeing the rest of the person's requests."""

import pytest
from sqlalchemy import select

from servicedesk.extensions import db
from servicedesk.tickets import policy
from servicedesk.tickets import service as tickets
from servicedesk.tickets.models import Approval


@pytest.fixture
def requests_(catalog):
    own = tickets.submit_request(catalog.laptop, actor=catalog.employee, subject="Mine",
                                 fields={"asset_tag": "A", "problem": "Screen"})  # fmt: skip
    for_carl = tickets.submit_request(
        catalog.laptop, actor=catalog.employee, subject="For Carl", requester=catalog.colleague,
        fields={"asset_tag": "B", "problem": "Screen"},
    )  # fmt: skip
    carls = tickets.submit_request(catalog.laptop, actor=catalog.colleague, subject="Carl's",
                                   fields={"asset_tag": "C", "problem": "Battery"})  # fmt: skip
    needs_ok = tickets.submit_request(catalog.software, actor=catalog.employee, subject="Editor")
    db.session.commit()
    return {"own": own, "for_carl": for_carl, "carls": carls, "needs_ok": needs_ok}


def _visible(user):
    return {ticket.subject for ticket in db.session.scalars(policy.visible_tickets(user))}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("employee", {"Mine", "For Carl", "Editor"}),
        ("colleague", {"For Carl", "Carl's"}),
        ("manager", set()),  # approves Eve's requests, but does not read them as hers
        ("buyer", {"Editor"}),  # staff of another team: only the unrouted one (triage)
    ],
)
def test_who_sees_which_request(catalog, requests_, who, sees):
    assert _visible(getattr(catalog, who)) == sees


def test_the_it_agent_sees_the_routed_requests(catalog, requests_):
    assert {"Mine", "For Carl", "Carl's"} <= _visible(catalog.agent)


@pytest.mark.parametrize(
    ("who", "status"), [("employee", 200), ("colleague", 404), ("manager", 404)]
)
def test_request_pages_follow_the_policy_in_html_and_json(
    client, login_as, catalog, requests_, who, status
):
    login_as(getattr(catalog, who))
    own = requests_["own"]
    assert client.get(f"/employee/requests/{own.id}").status_code == status
    assert client.get(f"/employee/requests/{own.id}.json").status_code == status


def test_approvers_see_only_their_own_approvals(catalog, requests_):
    mine = db.session.scalars(policy.visible_approvals(catalog.manager)).all()
    assert [a.ticket.subject for a in mine] == ["Editor"]
    for other in (catalog.colleague, catalog.buyer, catalog.employee, catalog.agent):
        assert db.session.scalars(policy.visible_approvals(other)).all() == []
    approval = db.session.scalar(select(Approval))
    assert policy.can_decide_approval(catalog.manager, approval)
    assert not policy.can_decide_approval(catalog.employee, approval)


def test_the_filer_can_cancel_for_the_colleague_but_not_rate(catalog, requests_, client, login_as):
    login_as(catalog.employee)
    for_carl = requests_["for_carl"]
    assert policy.can_cancel(catalog.employee, for_carl)
    assert not policy.can_act_as_requester(catalog.employee, for_carl)
    rating = client.post(f"/employee/requests/{for_carl.id}/rate", data={"score": "5"})
    assert rating.status_code == 403
    assert "Only the person who made this request" in rating.get_data(as_text=True)
    assert client.post(f"/employee/requests/{for_carl.id}/cancel").status_code == 302
