"""Open311 api_keys: issued once and stored hashed, revoked for good, managed by admins in the
workspace and by operators with ``servicedesk open311 keys``; every change audited."""

import re

import pytest
from sqlalchemy import select

from servicedesk.accounts.models import Role
from servicedesk.audit import AuditEntry
from servicedesk.errors import PermissionDenied, ValidationError
from servicedesk.extensions import db
from servicedesk.open311 import keys
from servicedesk.open311.models import Open311Key


def test_a_key_is_stored_only_as_its_hash(app):
    row, key = keys.issue_key("  Riverton   311 app ", actor=None)
    db.session.commit()
    assert row.name == "Riverton 311 app" and len(key) >= 40
    assert row.key_hash == keys.hash_key(key) and key not in row.key_hash
    assert row.key_prefix == key[:8]
    assert keys.authenticate(key) == row


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_a_key_needs_a_usable_name(app, name):
    with pytest.raises(ValidationError):
        keys.issue_key(name, actor=None)


def test_names_are_unique(app):
    keys.issue_key("App", actor=None)
    with pytest.raises(ValidationError, match="taken"):
        keys.issue_key("App", actor=None)


def test_revoked_unknown_and_missing_keys_are_refused(app):
    row, key = keys.issue_key("App", actor=None)
    keys.revoke_key(row, actor=None)
    for attempt in (key, "guess", "", None):
        with pytest.raises(PermissionDenied):
            keys.authenticate(attempt)
    with pytest.raises(ValidationError, match="already revoked"):
        keys.revoke_key(row, actor=None)


def test_cli_creates_prints_once_lists_and_revokes(app, post_request, city):
    runner = app.test_cli_runner()
    created = runner.invoke(args=["open311", "keys", "create", "Contact centre"])
    assert created.exit_code == 0, created.output
    key = created.output.strip().splitlines()[-1]
    assert keys.authenticate(key).name == "Contact centre"
    assert post_request(api_key=key).status_code == 200

    listed = runner.invoke(args=["open311", "keys", "list"])
    assert "Contact centre" in listed.output and key not in listed.output
    assert "active" in listed.output

    again = runner.invoke(args=["open311", "keys", "create", "Contact centre"])
    assert again.exit_code != 0 and "already a key" in again.output

    row_id = db.session.scalar(select(Open311Key.id).where(Open311Key.name == "Contact centre"))
    revoked = runner.invoke(args=["open311", "keys", "revoke", str(row_id)])
    assert revoked.exit_code == 0 and "Revoked" in revoked.output
    db.session.expire_all()
    assert post_request(api_key=key).status_code == 403
    unknown = runner.invoke(args=["open311", "keys", "revoke", "Nobody"])
    assert unknown.exit_code != 0 and "no Open311 key" in unknown.output
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["open311_key.issued", "open311_key.revoked"]


def test_an_admin_issues_a_key_shown_once_and_revokes_it(city, login_as, post_request):
    client = login_as(city["admin"])
    page = client.get("/agent/admin/open311-keys")  # post_request's own key is listed
    assert page.status_code == 200 and "Riverton 311 app" in page.get_data(as_text=True)
    issued = client.post("/agent/admin/open311-keys", data={"name": "Contact centre"})
    assert issued.status_code == 200
    assert issued.headers["Cache-Control"] == "no-store"
    html = issued.get_data(as_text=True)
    key = re.search(r'<code class="secret">([^<]+)</code>', html).group(1)
    assert "not shown again" in html
    assert post_request(api_key=key).status_code == 200

    listing = client.get("/agent/admin/open311-keys").get_data(as_text=True)
    assert key not in listing and key[:8] in listing and "Ada Admin" in listing

    row = keys.get_key("Contact centre")
    revoked = client.post(f"/agent/admin/open311-keys/{row.id}/revoke", follow_redirects=True)
    assert "revoked" in revoked.get_data(as_text=True)
    db.session.expire_all()
    assert post_request(api_key=key).status_code == 403
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries][-2:] == ["open311_key.issued", "open311_key.revoked"]
    assert all(e.actor == city["admin"] for e in entries)
    home = client.get("/agent/admin/").get_data(as_text=True)
    assert "open311_key.revoked" in home and "Open311 keys" in home


def test_a_duplicate_name_comes_back_as_a_form_error(city, login_as):
    client = login_as(city["admin"])
    client.post("/agent/admin/open311-keys", data={"name": "App"})
    again = client.post("/agent/admin/open311-keys", data={"name": "App"})
    assert again.status_code == 400 and "already a key" in again.get_data(as_text=True)
    empty = client.post("/agent/admin/open311-keys", data={"name": ""})
    assert empty.status_code == 400 and "Name the client application" in empty.get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", [Role.AGENT, Role.LEAD])
def test_only_admins_manage_keys(city, make_user, login_as, role):
    row, _key = keys.issue_key("App", actor=None)
    db.session.commit()
    client = login_as(make_user(role, teams=[city["works"]]))
    assert client.get("/agent/admin/open311-keys").status_code == 403
    assert client.post("/agent/admin/open311-keys", data={"name": "Mine"}).status_code == 403
    assert client.post(f"/agent/admin/open311-keys/{row.id}/revoke").status_code == 403
    db.session.expire_all()
    assert row.revoked_at is None
    assert db.session.scalar(select(Open311Key).where(Open311Key.name == "Mine")) is None


def test_residents_and_visitors_cannot_reach_the_key_page(city, client, login_as):
    assert client.get("/agent/admin/open311-keys").status_code == 302  # to sign in
    assert login_as(city["resident"]).get("/agent/admin/open311-keys").status_code == 403
