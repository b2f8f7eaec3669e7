"""Every /api/v1 error is one RFC 9457 problem naming the wrong field; the portals' error pages
stay HTML."""

import re

import pytest

from servicedesk.accounts.models import Role
from servicedesk.extensions import db, limiter

from .conftest import assert_problem


@pytest.fixture
def agent(make_user, make_team):
    user = make_user(Role.AGENT, teams=[make_team("Streets")])
    db.session.commit()
    return user


def test_no_credential_is_401_with_a_bearer_challenge(call):
    response = call("get", "/api/v1/tickets")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="servicedesk"'


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer sdk_nope", "token"])
def test_a_bad_authorization_header_is_401(client, header):
    response = client.get("/api/v1/categories", headers={"Authorization": header})
    assert_problem(response, 401)
    assert "error=" in response.headers["WWW-Authenticate"]


def test_unknown_paths_and_methods(call, agent, token_for):
    token = token_for(agent)
    assert_problem(call("get", "/api/v1/no-such-thing", token), 404)
    assert_problem(call("get", "/api/v1/tickets/999999", token), 404)
    wrong = call("delete", "/api/v1/categories", token)
    assert_problem(wrong, 405)
    assert "GET" in wrong.headers["Allow"]


def test_a_body_that_is_not_json_is_415(call, agent, token_for):
    response = call(
        "post", "/api/v1/tickets", token_for(agent), data="subject=x", content_type="text/plain"
    )
    assert assert_problem(response, 415)["errors"] == {
        "header.Content-Type": "Use application/json."
    }


def test_malformed_json_is_400(call, agent, token_for):
    response = call(
        "post", "/api/v1/tickets", token_for(agent), data="{", content_type="application/json"
    )
    assert assert_problem(response, 400)["errors"]


def test_validation_errors_name_each_field(call, agent, token_for):
    response = call(
        "post",
        "/api/v1/tickets",
        token_for(agent),
        json={"description": 5, "impact": "huge", "colour": "red", "location": {"lat": 91}},
    )
    errors = assert_problem(response, 422)["errors"]
    assert {"subject", "description", "impact", "colour", "location.lat"} <= set(errors)
    assert "required" in errors["subject"].lower()


@pytest.mark.parametrize("text", ["nul\x00byte", "lone \ud800 surrogate"])
def test_text_no_database_stores_is_refused_naming_the_field(call, agent, token_for, text):
    response = call(
        "post",
        "/api/v1/tickets",
        token_for(agent),
        data='{"subject": ' + _json_string(text) + "}",
        content_type="application/json",
    )
    assert assert_problem(response, 400)["errors"] == {
        "body.subject": "Remove NUL characters and unpaired surrogates."
    }


def _json_string(text: str) -> str:
    return '"' + "".join(c if 32 <= ord(c) < 127 else f"\\u{ord(c):04x}" for c in text) + '"'


def test_rate_limits_count_per_token(app, call, agent, make_user, token_for):
    app.config["API_RATE_LIMIT"] = "2 per minute"
    limiter.reset()
    mine, theirs = token_for(agent), token_for(make_user(Role.AGENT))
    statuses = [call("get", "/api/v1/categories", mine).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "Wait a minute" in assert_problem(call("get", "/api/v1/me", mine), 429)["detail"]
    assert call("get", "/api/v1/categories", theirs).status_code == 200
    limiter.reset()


def test_portal_errors_stay_html(client):
    response = client.get("/citizen/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_the_browser_session_works_with_csrf_on_writes(app, client, login_as, agent, make_ticket):
    ticket = make_ticket()
    db.session.commit()
    login_as(agent)
    assert client.get(f"/api/v1/tickets/{ticket.id}").status_code == 200
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        note = {"body": "From the browser"}
        refused = client.post(f"/api/v1/tickets/{ticket.id}/notes", json=note)
        assert "X-CSRFToken" in assert_problem(refused, 400)["detail"]
        page = client.get("/auth/account/tokens").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            r'name="csrf_token" value="([^"]+)"', page
        )
        accepted = client.post(
            f"/api/v1/tickets/{ticket.id}/notes", json=note, headers={"X-CSRFToken": csrf[1]}
        )
        assert accepted.status_code == 201
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_bearer_call_needs_no_csrf_token(app, call, agent, token_for, make_ticket):
    ticket = make_ticket()
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = call(
            "post", f"/api/v1/tickets/{ticket.id}/notes", token_for(agent), json={"body": "Hi"}
        )
        assert response.status_code == 201
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_document_describes_errors_as_problems(client):
    document = client.get("/api/v1/openapi.json").get_json()
    default = document["components"]["responses"]["DEFAULT_ERROR"]
    assert list(default["content"]) == ["application/problem+json"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert len(document["paths"]) >= 20


def test_the_docs_page_loads_its_scripts_from_this_site(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "<script>" not in html  # the CSP allows no inline script
    for src in scripts:
        asset = client.get(src)
        assert asset.status_code == 200
        asset.close()


def test_an_unknown_query_parameter_is_named_not_ignored(call, agent, token_for):
    response = call("get", "/api/v1/tickets?stauts=open", token_for(agent))
    assert "stauts" in assert_problem(response, 422)["errors"]
