"""Who may do what through the API, as a table: the same policy as the portals.

Rows are callers (each kind of person, and each kind of credential), columns the operations
on one resident's ticket in the Streets team, and on the directory. A ticket the caller may
not see is 404 (not disclosed); a credential that is missing or dead is 401; a read token
writing, or a person without the right, is 403.
"""

import pytest

from servicedesk.accounts import tokens
from servicedesk.accounts.models import Role, TokenScope
from servicedesk.extensions import db
from servicedesk.tickets.models import Audience

from .conftest import PROBLEM

CALLERS = [
    "requester",
    "other_requester",
    "employee",
    "agent",
    "agent_other_team",
    "lead",
    "admin",
    "anonymous",
    "read_token",
    "expired_token",
    "revoked_token",
]

# operation -> expected status per caller, in the order of CALLERS
TABLE = {
    "read": (200, 404, 404, 200, 404, 200, 200, 401, 200, 401, 401),
    "list_contains": (True, False, False, True, False, True, True, None, True, None, None),
    "reply": (201, 404, 404, 201, 404, 201, 201, 401, 403, 401, 401),
    "note": (403, 404, 404, 201, 404, 201, 201, 401, 403, 401, 401),
    "status": (403, 404, 404, 200, 404, 200, 200, 401, 403, 401, 401),
    "assign_self": (403, 404, 404, 200, 404, 200, 200, 401, 403, 401, 401),
    "list_users": (403, 403, 403, 403, 403, 403, 200, 401, 403, 401, 401),
    "create_team": (403, 403, 403, 403, 403, 403, 201, 401, 403, 401, 401),
    "categories": (200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401),
}


@pytest.fixture
def world(make_team, make_user, make_category, make_ticket, sla_policy, token_for):
    streets, it = make_team("Streets"), make_team("IT")
    people = {
        "requester": make_user(Role.RESIDENT),
        "other_requester": make_user(Role.RESIDENT),
        "employee": make_user(Role.EMPLOYEE),
        "agent": make_user(Role.AGENT, teams=[streets]),
        "agent_other_team": make_user(Role.AGENT, teams=[it]),
        "lead": make_user(Role.LEAD, teams=[streets]),
        "admin": make_user(Role.ADMIN),
    }
    category = make_category("Potholes", audience=Audience.RESIDENTS, default_team=streets)
    ticket = make_ticket(requester=people["requester"], category=category)
    db.session.commit()
    assert ticket.team == streets
    credentials = {name: token_for(user) for name, user in people.items()}
    credentials["anonymous"] = None
    credentials["read_token"] = token_for(people["agent"], scope=TokenScope.READ)
    credentials["expired_token"] = _expired(people["agent"])
    credentials["revoked_token"] = _revoked(people["agent"])
    return {"ticket": ticket, "people": people, "credentials": credentials}


def _expired(user) -> str:
    from datetime import timedelta

    from servicedesk.timeutils import utcnow

    _row, raw = tokens.create_token(
        user, name="old", scope="write", days=1, actor=user, now=utcnow() - timedelta(days=2)
    )
    db.session.commit()
    return raw


def _revoked(user) -> str:
    row, raw = tokens.create_token(user, name="gone", scope="write", days=30, actor=user)
    tokens.revoke_token(row, actor=user)
    db.session.commit()
    return raw


def _operate(operation, call, token, world):
    ticket_id = world["ticket"].id
    who = world["people"].get("agent")
    if operation == "read":
        return call("get", f"/api/v1/tickets/{ticket_id}", token)
    if operation == "list_contains":
        return call("get", "/api/v1/tickets?view=all", token)
    if operation == "reply":
        return call("post", f"/api/v1/tickets/{ticket_id}/replies", token, json={"body": "Hi"})
    if operation == "note":
        return call("post", f"/api/v1/tickets/{ticket_id}/notes", token, json={"body": "Psst"})
    if operation == "status":
        body = {"status": "in_progress"}
        return call("post", f"/api/v1/tickets/{ticket_id}/status", token, json=body)
    if operation == "assign_self":
        return call(
            "post", f"/api/v1/tickets/{ticket_id}/assign", token, json={"assignee_id": who.id}
        )
    if operation == "list_users":
        return call("get", "/api/v1/users", token)
    if operation == "create_team":
        return call("post", "/api/v1/teams", token, json={"name": "Parks"})
    if operation == "categories":
        return call("get", "/api/v1/categories", token)
    raise AssertionError(operation)


@pytest.mark.parametrize("caller", CALLERS)
def test_api_policy(world, call, caller):
    """One row of the table: every operation in order (each leaves the ticket workable)."""
    token = world["credentials"][caller]
    index = CALLERS.index(caller)
    expected = {operation: row[index] for operation, row in TABLE.items()}
    actual = {}
    for operation in TABLE:
        response = _operate(operation, call, token, world)
        if response.status_code >= 400:
            assert response.mimetype == PROBLEM, operation
        if response.status_code == 401:
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
        if operation == "list_contains":
            ids = [item["id"] for item in (response.get_json() or {}).get("items", [])]
            actual[operation] = (world["ticket"].id in ids) if response.status_code == 200 else None
        else:
            actual[operation] = response.status_code
    assert actual == expected
