"""What anyone can call is rate-limited per client address, with a message a person reads."""

import pytest

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
