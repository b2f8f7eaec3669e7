"""Fixtures for the REST API: tokens for any user, and calls that send them."""

from datetime import timedelta

import pytest

from servicedesk.accounts import tokens
from servicedesk.accounts.models import TokenScope
from servicedesk.extensions import db
from servicedesk.timeutils import utcnow


@pytest.fixture
def token_for(app):
    """Make a live token for a user (write scope unless told) and return the raw token."""

    def make(user, scope=TokenScope.WRITE, days=30):
        _token, raw = tokens.create_token(user, name="test", scope=scope, days=days, actor=user)
        db.session.commit()
        return raw

    return make


@pytest.fixture
def expired_token_for(app):
    def make(user):
        token, raw = tokens.create_token(
            user, name="old", scope=TokenScope.WRITE, days=1, actor=user,
            now=utcnow() - timedelta(days=2),
        )  # fmt: skip
        db.session.commit()
        return raw

    return make


@pytest.fixture
def call(client):
    """``call("post", url, user_token, json=...)``: an API call with a bearer token (or none)."""

    def send(method, url, token=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return getattr(client, method)(url, headers=headers, **kwargs)

    return send


PROBLEM = "application/problem+json"


def assert_problem(response, status: int) -> dict:
    """The response is an RFC 9457 problem with this status; return its body."""
    assert response.status_code == status, response.get_data(as_text=True)[:800]
    assert response.mimetype == PROBLEM, response.mimetype
    body = response.get_json()
    assert body["status"] == status
    assert body["type"].startswith("/api/v1/problems/")
    assert body["title"] and body["detail"]
    return body
