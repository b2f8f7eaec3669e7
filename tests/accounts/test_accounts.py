"""Accounts: argon2 passwords, sign-in, the users CLI, and safe defaults of the app."""

import pytest
from sqlalchemy import select

from servicedesk import create_app
from servicedesk.accounts import service as accounts
from servicedesk.accounts.models import Role, User
from servicedesk.errors import ValidationError
from servicedesk.extensions import db


def test_passwords_are_stored_as_argon2id(app):
    user = accounts.create_user(
        email="Ada@Example.org", name="Ada", role="agent", password="long enough pw"
    )
    assert user.password_hash.startswith("$argon2id$")
    assert user.email == "ada@example.org"
    assert accounts.authenticate("ADA@example.org", "long enough pw") == user
    assert accounts.authenticate("ada@example.org", "wrong password") is None
    assert accounts.authenticate("nobody@example.org", "long enough pw") is None


def test_deactivated_user_cannot_sign_in(app):
    user = accounts.create_user(
        email="gone@example.org", name="Gone", role="agent", password="long enough pw"
    )
    user.is_active_account = False
    assert accounts.authenticate("gone@example.org", "long enough pw") is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"name": " "}, "name"),
        ({"role": "wizard"}, "role"),
        ({"password": "short"}, "password"),
    ],
)
def test_create_user_explains_bad_input(app, fields, field):
    values = {"email": "x@example.org", "name": "X", "role": "agent", "password": "long enough pw"}
    with pytest.raises(ValidationError) as raised:
        accounts.create_user(**(values | fields))
    assert field in raised.value.fields


def test_duplicate_email_is_refused(app):
    accounts.create_user(email="dup@example.org", name="A", role="agent", password="long enough pw")
    with pytest.raises(ValidationError) as raised:
        accounts.create_user(
            email="DUP@example.org", name="B", role="agent", password="long enough pw"
        )
    assert "already exists" in raised.value.fields["email"]


def test_users_create_command(app, make_team):
    make_team("IT")
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "new@example.org",
            "--name",
            "New Agent",
            "--role",
            "agent",
            "--team",
            "IT",
        ],
        input="a good password\na good password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "new@example.org"))
    assert user.role == Role.AGENT and [t.name for t in user.teams] == ["IT"]
    again = runner.invoke(
        args=["users", "create", "--email", "new@example.org", "--name", "X", "--role", "agent"],
        input="a good password\na good password\n",
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_sign_out_needs_post_and_ends_the_session(app, make_user, login_as):
    agent = make_user(Role.AGENT)
    db.session.commit()
    client = login_as(agent)
    assert client.get("/auth/logout").status_code == 405
    client.post("/auth/logout")
    assert client.get("/agent/").status_code == 302


def test_state_changes_without_a_csrf_token_are_refused(app, make_user, login_as):
    app.config["WTF_CSRF_ENABLED"] = True
    agent = make_user(Role.AGENT)
    db.session.commit()
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": agent.email, "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert "form expired or was not sent from this site" in response.get_data(as_text=True)


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SERVICEDESK_SECRET_KEY", raising=False)
    monkeypatch.setenv("SERVICEDESK_ENV", "production")
    with pytest.raises(RuntimeError, match="SERVICEDESK_SECRET_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("SERVICEDESK_SECRET_KEY", "a" * 40)
    monkeypatch.setenv("SERVICEDESK_ENV", "production")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
