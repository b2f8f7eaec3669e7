"""Fixtures for the Open311 tests: a small city with resident services, a key, a poster."""

import xml.etree.ElementTree as ET

import pytest

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.open311 import keys
from servicedesk.tickets.models import Audience, CatalogItem, RoutingRule

POTHOLE_FORM = [
    {"name": "size", "label": "How big is it?", "type": "choice", "required": True,
     "choices": ["Small", "Large"]},
    {"name": "hazards", "label": "What else is there?", "type": "multi_choice",
     "choices": ["Water", "Debris", "Traffic"]},
    {"name": "depth_cm", "label": "Depth in cm", "type": "number"},
    {"name": "noticed", "label": "When did you notice it?", "type": "date"},
    {"name": "details", "label": "Anything else?", "type": "long_text", "help": "Lane, landmarks."},
    {"name": "spot", "label": "Where exactly", "type": "location", "required": True},
    {"name": "lane", "label": "Which lane", "type": "text",
     "shown_when": {"field": "size", "equals": "Large"}},
]  # fmt: skip


@pytest.fixture(autouse=True)
def open311_limits_out_of_reach(app):
    """Like the shared limits in tests/conftest.py: on, but out of reach unless a test lowers."""
    app.config["OPEN311_WRITE_LIMIT"] = "100000 per minute"
    app.config["OPEN311_ADDRESS_LIMIT"] = "100000 per minute"


@pytest.fixture
def city(app, make_team, make_category, make_user, sla_policy):
    """Public Works takes streetlights (a routing rule) and potholes (default team)."""
    works = make_team("Public Works")
    lights = make_category("Streetlights", audience=Audience.RESIDENTS)
    roads = make_category("Roads", audience=Audience.RESIDENTS, default_team=works)
    laptops = make_category("Laptops", audience=Audience.EMPLOYEES)
    pothole = CatalogItem(
        name="Pothole", category=roads, audience=Audience.RESIDENTS, form_schema=POTHOLE_FORM
    )
    staff_item = CatalogItem(
        name="Road closure permit", category=roads, audience=Audience.EMPLOYEES
    )
    db.session.add_all([pothole, staff_item])
    db.session.add(
        RoutingRule(
            name="Lights to Works", position=1, category=lights, team=works, set_priority="high"
        )
    )
    agent = make_user(Role.AGENT, teams=[works], name="Avery Agent")
    admin = make_user(Role.ADMIN, name="Ada Admin")
    resident = make_user(Role.RESIDENT, name="Rita Resident", email="rita@example.org")
    db.session.commit()
    return {
        "works": works,
        "lights": lights,
        "roads": roads,
        "laptops": laptops,
        "pothole": pothole,
        "staff_item": staff_item,
        "agent": agent,
        "admin": admin,
        "resident": resident,
    }


@pytest.fixture
def api_key(city) -> str:
    _row, key = keys.issue_key("Riverton 311 app", actor=city["admin"])
    db.session.commit()
    return key


@pytest.fixture
def post_request(client, api_key, city):
    """POST requests.<fmt> with sensible defaults (a streetlight at a point)."""

    def post(fmt="json", **fields):
        data = {
            "api_key": api_key,
            "service_code": f"c{city['lights'].id}",
            "lat": "40.7128",
            "long": "-74.0060",
            "description": "Streetlight out on Oak Avenue",
        } | fields
        data = {name: value for name, value in data.items() if value is not None}
        return client.post(f"/open311/v2/requests.{fmt}", data=data)

    return post


def parse_xml(response) -> ET.Element:
    """The body as XML; it must start with the spec's declaration."""
    body = response.get_data(as_text=True)
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>'), body[:80]
    assert response.content_type == "text/xml; charset=utf-8"
    return ET.fromstring(response.get_data())


def error_codes(response) -> list[int]:
    if response.content_type.startswith("application/json"):
        return [error["code"] for error in response.get_json()]
    return [int(code.text) for code in parse_xml(response).iter("code")]
