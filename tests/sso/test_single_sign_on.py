"""Single sign-on end to end against a real OpenID provider (panva's oidc-provider)."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from sqlalchemy import select

from servicedesk.accounts.models import ExternalIdentity, Role, User
from servicedesk.audit import AuditEntry
from servicedesk.extensions import db

from ..conftest import PASSWORD
from .conftest import CLIENT_ID, sign_in_through_provider


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def test_discovery_offers_code_flow_with_pkce(provider):
    metadata = requests.get(provider.issuer + "/.well-known/openid-configuration").json()
    assert metadata["issuer"] == provider.issuer
    assert "S256" in metadata["code_challenge_methods_supported"]
    assert metadata["end_session_endpoint"]


def test_login_page_offers_the_provider(sso_client):
    page = sso_client.get("/auth/login").get_data(as_text=True)
    assert "Sign in with City Login" in page


def test_authorize_request_carries_pkce_state_and_nonce(sso_client):
    response = sso_client.get("/auth/sso/login")
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://desk.test/auth/sso/callback"]


def test_first_sign_in_creates_the_employee_and_later_ones_update_them(
    sso_client, provider, provider_browser
):
    provider.set_account(
        "alice", email="alice@city.test", email_verified=True, name="Alice Adams",
        department="Parks",
    )  # fmt: skip
    response = sign_in_through_provider(sso_client, provider_browser, "alice", "/employee/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/employee/")
    alice = _user("alice@city.test")
    assert (alice.name, alice.role, alice.department) == ("Alice Adams", Role.EMPLOYEE, "Parks")
    assert alice.password_hash is None
    identity = db.session.scalar(select(ExternalIdentity).where(ExternalIdentity.user == alice))
    assert (identity.issuer, identity.subject) == (provider.issuer, "alice")
    assert sso_client.get("/employee/").status_code in (200, 302)

    provider.set_account(
        "alice", email="alice@city.test", email_verified=True, name="Alice Adams-Baker",
        department="Libraries",
    )  # fmt: skip
    sso_client.post("/auth/logout")
    provider_browser.session.cookies.clear()  # a new provider session: sign in again there
    sign_in_through_provider(sso_client, provider_browser, "alice")
    db.session.expire_all()
    alice = _user("alice@city.test")
    assert (alice.name, alice.department) == ("Alice Adams-Baker", "Libraries")
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[:2] == ["user.created_by_sign_on", "external_identity.linked"]
    assert "user.updated_by_sign_on" in actions


def _start(client):
    response = client.get("/auth/sso/login")
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_tampered_state_is_refused_with_a_clear_page(sso_client, provider_browser):
    back = provider_browser.sign_in(_start(sso_client), "mallory")
    parts = urlsplit(back)
    query = parse_qs(parts.query)
    forged = f"{parts.path}?code={query['code'][0]}&state=forged-{query['state'][0]}"
    response = sso_client.get(forged)
    assert response.status_code == 400
    assert "state did not match" in response.get_data(as_text=True)
    assert _user("mallory@example.test") is None
    assert sso_client.get("/employee/").status_code == 302  # still signed out


def test_a_tampered_nonce_is_refused_with_a_clear_page(sso_client, provider_browser):
    authorize_url = _start(sso_client)
    with sso_client.session_transaction() as session:
        key = next(name for name in session if name.startswith("_state_sso_"))
        stored = session[key]
        stored["data"]["nonce"] = "not-the-nonce-we-sent"
        session[key] = stored
    back = provider_browser.sign_in(authorize_url, "mallory")
    response = sso_client.get(back.removeprefix("http://desk.test"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "id_token did not pass its checks" in page and "nonce" in page
    assert _user("mallory@example.test") is None


def test_the_role_claim_maps_to_a_desk_role_at_every_sign_in(
    sso_client, provider, provider_browser
):
    provider.set_account("bob", email="bob@city.test", email_verified=True, name="Bob",
                         groups=["staff", "desk-agents"])  # fmt: skip
    sign_in_through_provider(sso_client, provider_browser, "bob")
    assert _user("bob@city.test").role == Role.AGENT

    provider.set_account("bob", email="bob@city.test", email_verified=True, name="Bob",
                         groups=["staff"])  # fmt: skip
    sso_client.post("/auth/logout")
    provider_browser.session.cookies.clear()
    sign_in_through_provider(sso_client, provider_browser, "bob")
    db.session.expire_all()
    assert _user("bob@city.test").role == Role.EMPLOYEE  # the provider took the right away


def test_an_unverified_email_does_not_take_over_an_existing_account(
    sso_client, provider, provider_browser, make_user
):
    admin = make_user(Role.ADMIN, email="boss@city.test")
    db.session.commit()
    provider.set_account("impostor", email="boss@city.test", email_verified=False, name="Imp")
    response = sign_in_through_provider(sso_client, provider_browser, "impostor")
    assert response.status_code == 403
    assert "has not verified that this address is yours" in response.get_data(as_text=True)
    assert db.session.scalar(select(ExternalIdentity)) is None
    assert sso_client.get("/employee/").status_code == 302
    db.session.expire_all()
    assert admin.role == Role.ADMIN


def test_a_verified_email_links_the_existing_account_once(
    sso_client, provider, provider_browser, make_user
):
    employee = make_user(Role.EMPLOYEE, email="carol@city.test")
    db.session.commit()
    provider.set_account("carol", email="carol@city.test", email_verified=True, name="Carol")
    assert sign_in_through_provider(sso_client, provider_browser, "carol").status_code == 302
    identity = db.session.scalar(select(ExternalIdentity))
    assert identity.user_id == employee.id

    # Another subject of the same provider with the same address may not take it as well.
    sso_client.post("/auth/logout")
    provider_browser.session.cookies.clear()
    provider.set_account("carol2", email="carol@city.test", email_verified=True, name="C2")
    response = sign_in_through_provider(sso_client, provider_browser, "carol2")
    assert response.status_code == 403
    assert "linked to another sign-on identity" in response.get_data(as_text=True)


def test_missing_email_claim_is_a_clear_refusal(sso_client, provider, provider_browser):
    provider.set_account("noemail", name="No Mail")
    response = sign_in_through_provider(sso_client, provider_browser, "noemail")
    assert response.status_code == 400
    assert "did not send your email address" in response.get_data(as_text=True)


def test_an_error_from_the_provider_is_shown(sso_client):
    response = sso_client.get("/auth/sso/callback?error=access_denied&state=x")
    assert response.status_code == 400
    assert "access_denied" in response.get_data(as_text=True)


def test_sign_out_ends_the_local_and_the_provider_session(sso_client, provider, provider_browser):
    provider.set_account("dave", email="dave@city.test", email_verified=True, name="Dave")
    sign_in_through_provider(sso_client, provider_browser, "dave")
    assert sso_client.get("/auth/account").status_code == 200
    response = sso_client.post("/auth/logout")
    logout_url = response.headers["Location"]
    assert logout_url.startswith(provider.issuer)
    assert "id_token_hint" in logout_url and f"client_id={CLIENT_ID}" in logout_url
    assert sso_client.get("/auth/account").status_code == 302  # signed out here
    done = provider_browser.end_session(logout_url)
    assert done.headers["Location"].startswith("http://desk.test/auth/login")
    # The provider asks for the login again: its session is over.
    page = provider_browser.session.get(_start(sso_client))
    assert 'name="prompt" value="login"' in page.text


def test_password_sign_in_can_be_switched_off(sso_app, sso_client, make_user):
    sso_app.config["PASSWORD_SIGN_IN"] = False  # SERVICEDESK_PASSWORD_SIGN_IN=0
    user = make_user(Role.EMPLOYEE)
    db.session.commit()
    page = sso_client.get("/auth/login").get_data(as_text=True)
    assert "Sign in with City Login" in page and 'name="password"' not in page
    response = sso_client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Password sign-in is switched off" in response.get_data(as_text=True)


def test_sign_out_without_a_kept_id_token_names_the_client(sso_client, provider, provider_browser):
    provider.set_account("erik", email="erik@city.test", email_verified=True, name="Erik")
    sign_in_through_provider(sso_client, provider_browser, "erik")
    with sso_client.session_transaction() as session:
        session.pop("sso_id_token")  # as for an id_token too long to keep in the cookie
    logout_url = sso_client.post("/auth/logout").headers["Location"]
    assert logout_url.startswith(provider.issuer) and "id_token_hint" not in logout_url
    done = provider_browser.end_session(logout_url)
    assert done.headers["Location"].startswith("http://desk.test/auth/login")


def test_a_password_sign_out_does_not_visit_the_provider(sso_client, make_user, login_as):
    user = make_user(Role.EMPLOYEE)
    db.session.commit()
    sso_client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert sso_client.post("/auth/logout").headers["Location"].endswith("/auth/login")


def test_a_provider_that_does_not_answer_is_a_clear_503(monkeypatch, sso_env, app):
    from .conftest import free_port

    monkeypatch.setenv("SERVICEDESK_OIDC_ISSUER", f"http://127.0.0.1:{free_port()}")
    from tests.conftest import make_test_app

    other = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], Path(app.instance_path))
    response = other.test_client().get("/auth/sso/login")
    with other.app_context():
        db.engine.dispose()
    assert response.status_code == 503
    assert "The sign-on provider did not answer" in response.get_data(as_text=True)
