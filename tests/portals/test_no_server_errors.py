"""No input produces a 500: every route, signed in as an admin, fed junk in every field."""

import pytest

from servicedesk.accounts.models import Role
from servicedesk.extensions import db

JUNK_VALUES = ["", "x" * 5000, "-1", "99999999999999999999", "²", "nan", "<script>"]


QUERY_NAMES = [
    "q",
    "view",
    "after",
    "team",
    "assignee",
    "category",
    "status",
    "channel",
    "priority",
    "item",
]


def junk_form(value: str) -> dict:
    names = [
        "subject",
        "description",
        "body",
        "status",
        "agent",
        "team",
        "impact",
        "urgency",
        "category",
        "reference",
        "version",
        "kind",
        "canned",
        "catalog_item",
        "lat",
        "lon",
        "address",
        "contact_email",
        "name",
        "email",
        "role",
        "password",
        "position",
        "timezone",
        "hours",
        "first_response_minutes",
        "resolution_minutes",
        "warn_percent",
        "strategy",
        "keywords",
        "parent",
        "audience",
        "choices",
        "type",
        "label",
        "day",
        "action",
        "ticket",
        "teams",
    ]
    prefixes = [
        "",
        "reply-",
        "status-",
        "assign-",
        "team-",
        "priority-",
        "category-",
        "link-",
        "merge-",
        "child-",
    ]
    return {prefix + name: value for prefix in prefixes for name in names}


def concrete_urls(app, ticket_id: int):
    """Every rule of the app with its id parameters filled in with a real and a missing id."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for object_id in (ticket_id, 987654):
            url = rule.rule
            for argument in rule.arguments:
                url = url.replace(f"<int:{argument}>", str(object_id)).replace(f"<{argument}>", "x")
            yield url, rule.methods - {"HEAD", "OPTIONS"}


@pytest.fixture
def admin_client(make_user, make_team, make_ticket, sla_policy, login_as):
    team = make_team("IT")
    admin = make_user(Role.ADMIN, teams=[team])
    ticket = make_ticket(actor=admin)
    db.session.commit()
    return login_as(admin), ticket.id


def test_nul_characters_are_refused_before_reaching_the_database(app, admin_client):
    client, ticket_id = admin_client
    response = client.post(
        "/agent/tickets/new", data={"subject": "Light\x00out", "impact": "low", "urgency": "low"}
    )
    assert response.status_code == 400 and "NUL character" in response.get_data(as_text=True)


def test_no_route_answers_500_to_junk(app, admin_client):
    client, ticket_id = admin_client
    failures = []
    for url, methods in sorted(set((u, frozenset(m)) for u, m in concrete_urls(app, ticket_id))):
        if url == "/auth/logout":
            continue  # it would end the session for the rest of the loop
        for value in JUNK_VALUES:
            if "GET" in methods:
                response = client.get(url, query_string={name: value for name in QUERY_NAMES})
                if response.status_code >= 500:
                    failures.append(("GET", url, value, response.status_code))
            if "POST" in methods:
                response = client.post(url, data=junk_form(value))
                if response.status_code >= 500:
                    failures.append(("POST", url, value, response.status_code))
            db.session.rollback()
    assert failures == []
