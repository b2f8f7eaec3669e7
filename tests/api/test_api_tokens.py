"""Personal API tokens: made on the account page (shown once, kept hashed), scoped, expiring,
revoked, audited."""

import re

import pytest
from sqlalchemy import select

from servicedesk.accounts import tokens
from servicedesk.accounts.models import ApiToken, Role
from servicedesk.audit import AuditEntry
from servicedesk.errors import PermissionDenied
from servicedesk.extensions import db

from .conftest import assert_problem


def _make(client, name="Export script", scope="read", days="30"):
    return client.post("/auth/account/tokens", data={"name": name, "scope": scope, "days": days})


def _shown_token(html: str) -> str:
    return re.search(r'id="new-token" type="text" readonly value="(sdk_[^"]+)"', html)[1]


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.EMPLOYEE, Role.AGENT])
def test_a_person_makes_a_token_on_their_account_page_and_it_is_shown_once(
    client, login_as, make_user, role
):
    user = make_user(role)
    db.session.commit()
    login_as(user)
    made = _make(client)
    assert made.status_code == 201
    assert made.headers["Cache-Control"] == "no-store"
    raw = _shown_token(made.get_data(as_text=True))
    row = db.session.scalars(select(ApiToken)).one()
    # Only a hash is stored; the prefix lets the owner tell tokens apart.
    assert raw not in (row.token_hash, row.prefix) and raw.startswith(row.prefix)
    again = client.get("/auth/account/tokens").get_data(as_text=True)
    assert raw not in again and row.prefix in again
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).get_json()
    assert me["id"] == user.id and me["token_scope"] == "read"
    db.session.refresh(row)
    assert row.last_used_at is not None
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "api_token"))
    assert [e.action for e in entry] == ["api_token.created"]


def test_the_form_says_what_is_wrong(client, login_as, make_user):
    login_as(make_user(Role.AGENT))
    refused = _make(client, name="", days="1000")
    assert refused.status_code == 400
    assert db.session.scalars(select(ApiToken)).all() == []


def test_a_revoked_token_stops_at_once_and_is_audited(client, login_as, make_user):
    user = make_user(Role.AGENT)
    db.session.commit()
    login_as(user)
    raw = _shown_token(_make(client, scope="write").get_data(as_text=True))
    row = db.session.scalars(select(ApiToken)).one()
    assert client.post(f"/auth/account/tokens/{row.id}/revoke").status_code == 302
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert_problem(response, 401)
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["api_token.created", "api_token.revoked"]
    assert "Revoked" in client.get("/auth/account/tokens").get_data(as_text=True)


def test_nobody_revokes_or_makes_someone_elses_token(client, login_as, make_user, token_for):
    owner, other = make_user(Role.AGENT), make_user(Role.AGENT)
    db.session.commit()
    token_for(owner)
    row = db.session.scalars(select(ApiToken)).one()
    login_as(other)
    assert client.post(f"/auth/account/tokens/{row.id}/revoke").status_code == 404
    assert row.revoked_at is None
    with pytest.raises(PermissionDenied):
        tokens.create_token(owner, name="x", scope="read", days=1, actor=other)


def test_a_deactivated_owners_token_stops_working(call, make_user, token_for):
    user = make_user(Role.AGENT)
    db.session.commit()
    raw = token_for(user)
    user.is_active_account = False
    db.session.commit()
    assert_problem(call("get", "/api/v1/me", raw), 401)


def test_the_account_pages_link_to_tokens(client, login_as, make_user):
    login_as(make_user(Role.EMPLOYEE))
    assert "/auth/account/tokens" in client.get("/auth/account").get_data(as_text=True)


def test_signing_in_is_needed(client):
    response = client.get("/auth/account/tokens")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_tokens_page_speaks_spanish(client, login_as, make_user):
    login_as(make_user(Role.RESIDENT, language="es"))
    page = client.get("/auth/account/tokens").get_data(as_text=True)
    assert "Tokens de la API" in page and "Solo lectura" in page and "90 días" in page
