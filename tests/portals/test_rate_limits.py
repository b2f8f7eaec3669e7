"""What anyone can call is rate-limited per client address, with a message a person reads."""

import shutil

import pytest

from servicedesk import create_app
from servicedesk.extensions import limiter


@pytest.fixture
def limited(app):
    app.config.update(
        PUBLIC_READ_LIMIT="3 per minute",
        SUGGEST_LIMIT="3 per minute",
        PUBLIC_WRITE_LIMIT="2 per minute",
    )
    limiter.reset()  # fresh counters: the limits are read per request
    return app.test_client()


@pytest.mark.parametrize(
    "url", ["/citizen/kb?q=pothole", "/citizen/kb/suggest?q=pot", "/api/v1/kb/search?q=pothole"]
)
def test_public_reads_answer_429_with_a_message_past_the_limit(limited, url):
    statuses = [limited.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = limited.get(url, headers={"Accept": "text/html"})
    assert "Too many requests" in refused.get_data(as_text=True)


def test_sign_in_attempts_are_limited(limited):
    attempts = [
        limited.post("/auth/login", data={"email": "a@example.org", "password": "x"}).status_code
        for _ in range(3)
    ]
    assert attempts == [401, 401, 429]
    assert limited.get("/auth/login").status_code == 200  # the form itself stays readable


def test_behind_a_proxy_limits_count_each_forwarded_caller(sqlite_template, tmp_path):
    shutil.copyfile(sqlite_template, tmp_path / "proxy.db")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-only-secret",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.db'}",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "BEHIND_PROXY": True,
            "PUBLIC_READ_LIMIT": "2 per minute",
        }
    )
    limiter.reset()
    client = app.test_client()

    def search_as(address):
        headers = {"X-Forwarded-For": address}
        return client.get("/api/v1/kb/search?q=pothole", headers=headers).status_code

    assert [search_as("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert search_as("198.51.100.4") == 200  # another caller behind the same proxy
