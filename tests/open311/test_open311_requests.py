"""Open311 POST and GET requests: validation with the spec's errors, filters, privacy, and
that a request filed here is routed, timed and queued like any other ticket."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from servicedesk.accounts.models import Role
from servicedesk.audit import AuditEntry
from servicedesk.extensions import db
from servicedesk.open311 import keys
from servicedesk.open311.models import Open311Request
from servicedesk.tickets import service as tickets
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Channel, EventKind, Ticket
from servicedesk.timeutils import utcnow

from .conftest import error_codes, parse_xml


def only_ticket() -> Ticket:
    return db.session.scalars(select(Ticket)).one()


# --- POST ----------------------------------------------------------------------------------


def test_a_post_files_a_routed_ticket_with_sla_clocks_in_the_queue(post_request, city, login_as):
    response = post_request(
        "json", email="Rita@Example.org", first_name="Rita", last_name="Resident"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    [created] = response.get_json()
    ticket = only_ticket()
    assert created["service_request_id"] == ticket.reference
    assert created["token"]
    assert created["service_notice"].startswith(f"Filed as {ticket.reference}. We aim to resolve")
    assert ticket.channel == Channel.OPEN311
    assert ticket.team == city["works"] and ticket.priority == "high"  # the routing rule
    assert ticket.resolution_due_at is not None and ticket.first_response_due_at is not None
    assert ticket.contact_name == "Rita Resident" and ticket.contact_email == "rita@example.org"
    assert (ticket.location_lat, ticket.location_lon) == (40.7128, -74.006)
    opened = ticket.events[0]
    assert opened.kind == EventKind.OPENED and opened.new_value == "Open311 (Riverton 311 app)"
    record = db.session.scalars(select(Open311Request)).one()
    assert record.ticket == ticket and record.key.name == "Riverton 311 app"
    assert record.key.last_used_at is not None

    queue = login_as(city["agent"]).get("/agent/").get_data(as_text=True)
    assert ticket.reference in queue and "Streetlight out on Oak Avenue" in queue


def test_a_post_answers_xml_with_the_declaration(post_request):
    root = parse_xml(post_request("xml"))
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text == only_ticket().reference
    assert root.find("request/token").text


def test_attributes_fill_the_request_types_form(post_request, city):
    response = post_request(
        service_code=f"i{city['pothole'].id}",
        lat=None,
        long=None,
        address_string="12 Oak Avenue",
        **{
            "attribute[size]": "Large",
            "attribute[hazards][]": ["Water", "Traffic"],
            "attribute[depth_cm]": "12",
            "attribute[noticed]": "2026-11-20T18:30:00-05:00",
            "attribute[lane]": "left",
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    ticket = only_ticket()
    assert ticket.catalog_item == city["pothole"] and ticket.team == city["works"]
    assert ticket.field_values == {
        "size": "Large",
        "hazards": ["Water", "Traffic"],
        "depth_cm": 12,
        "noticed": "2026-11-20",
        "spot": {"address": "12 Oak Avenue"},
        "lane": "left",
    }
    assert ticket.location_address == "12 Oak Avenue"


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(
    ("fields", "status", "names"),
    [
        ({"service_code": ""}, 400, ["service_code"]),
        ({"service_code": None}, 400, ["service_code"]),
        ({"service_code": "c999"}, 404, ["service_code"]),
        ({"api_key": ""}, 403, ["api_key"]),
        ({"api_key": "not-a-key"}, 403, ["api_key"]),
        ({"lat": "", "long": ""}, 400, ["location"]),
        ({"lat": "91", "long": "0"}, 400, ["lat"]),
        ({"lat": "north", "long": "0"}, 400, ["lat"]),
        ({"long": ""}, 400, ["lat and long"]),
        ({"email": "not-an-address"}, 400, ["email"]),
        ({"phone": "call me <maybe>"}, 400, ["phone"]),
        ({"description": "x" * 4001}, 400, ["description"]),
        ({"media_url": "javascript:alert(1)"}, 400, ["media_url"]),
        ({"attribute[colour]": "red"}, 400, ["attribute[colour]"]),
    ],
)
def test_bad_posts_get_the_specs_error_codes(post_request, fields, status, names, fmt):
    response = post_request(fmt, **fields)
    assert response.status_code == status, response.get_data(as_text=True)
    assert set(error_codes(response)) == {status}
    body = response.get_data(as_text=True)
    assert all(name in body for name in names), body
    assert db.session.scalars(select(Ticket)).first() is None


def test_every_problem_is_named_at_once(post_request, city):
    response = post_request(
        service_code=f"i{city['pothole'].id}", email="nope", **{"attribute[depth_cm]": "deep"}
    )
    assert response.status_code == 400
    descriptions = " ".join(error["description"] for error in response.get_json())
    assert len(response.get_json()) == 3
    assert "email" in descriptions and "attribute[size]" in descriptions
    assert "attribute[depth_cm]" in descriptions


def test_a_revoked_key_is_refused(post_request, api_key, city):
    keys.revoke_key(keys.get_key("Riverton 311 app"), actor=city["admin"])
    db.session.commit()
    response = post_request("xml")
    assert response.status_code == 403 and error_codes(response) == [403]
    assert "revoked" in response.get_data(as_text=True)


def test_posts_are_rate_limited_per_key(app, post_request, client, city):
    app.config["OPEN311_WRITE_LIMIT"] = "2 per minute"
    assert post_request().status_code == 200
    assert post_request().status_code == 200
    limited = post_request("xml")
    assert limited.status_code == 429 and error_codes(limited) == [429]
    other, other_key = keys.issue_key("Contact centre", actor=None)
    db.session.commit()
    assert post_request(api_key=other_key).status_code == 200  # another client is not held up


def test_guessing_keys_from_one_address_is_rate_limited(app, post_request):
    app.config["OPEN311_ADDRESS_LIMIT"] = "3 per minute"
    for guess in range(3):
        assert post_request(api_key=f"guess-{guess}").status_code == 403
    limited = post_request("xml", api_key="guess-4")
    assert limited.status_code == 429 and error_codes(limited) == [429]


def test_nul_characters_are_refused_in_open311s_format(post_request, client):
    response = post_request("xml", description="bad\x00byte")
    assert response.status_code == 400 and error_codes(response) == [400]
    for path in ["tokens/a%00b.json", "requests/SD-1%00.xml", "requests.json?status=%00"]:
        response = client.get(f"/open311/v2/{path}")
        assert response.status_code == 400 and error_codes(response) == [400], path


# --- GET -----------------------------------------------------------------------------------


@pytest.fixture
def filed(post_request, city):
    """Three requests: two streetlights (one closed), one pothole."""
    first = post_request(description="Lamp 1 dark").get_json()[0]["service_request_id"]
    second = post_request(description="Lamp 2 dark").get_json()[0]["service_request_id"]
    third = post_request(
        service_code=f"i{city['pothole'].id}", **{"attribute[size]": "Small"}
    ).get_json()[0]["service_request_id"]
    closed = db.session.scalars(select(Ticket).where(Ticket.description == "Lamp 2 dark")).one()
    tickets.change_status(closed, Status.RESOLVED, actor=city["agent"])
    db.session.commit()
    return {"first": first, "second": second, "third": third}


def ids_of(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [record["service_request_id"] for record in response.get_json()]


def test_get_requests_newest_first_with_the_specs_fields(client, filed, city):
    records = client.get("/open311/v2/requests.json").get_json()
    assert [r["service_request_id"] for r in records] == [
        filed["third"],
        filed["second"],
        filed["first"],
    ]
    first = records[2]
    assert set(first) == {
        "service_request_id", "status", "status_notes", "service_name", "service_code",
        "description", "agency_responsible", "service_notice", "requested_datetime",
        "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
        "long", "media_url",
    }  # fmt: skip
    assert first["status"] == "open" and first["service_code"] == f"c{city['lights'].id}"
    assert first["service_name"] == "Streetlights" and first["agency_responsible"] == "Public Works"
    assert (first["lat"], first["long"]) == (40.7128, -74.006)
    # W3C datetimes with the desk's offset (New York)
    assert first["requested_datetime"][-6:] in ("-05:00", "-04:00")
    assert datetime.fromisoformat(first["expected_datetime"]) > datetime.fromisoformat(
        first["requested_datetime"]
    )
    assert records[1]["status"] == "closed" and records[1]["expected_datetime"] is None

    root = parse_xml(client.get("/open311/v2/requests.xml"))
    assert root.tag == "service_requests" and len(root.findall("request")) == 3
    assert root.find("request/service_notice").text is None  # present, empty


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", ["third", "first"]),
        ("status=closed", ["second"]),
        ("status=open,closed", ["third", "second", "first"]),
        ("status=", ["third", "second", "first"]),  # empty is absent
        ("service_code={lights}", ["second", "first"]),
        ("service_code={pothole},{lights}", ["third", "second", "first"]),
        ("service_code=c999", []),
        ("service_request_id={first},{third}", ["third", "first"]),
        ("service_request_id={first}&status=closed", ["first"]),  # ids override the rest
        ("service_request_id=SD-999999", []),
    ],
)
def test_get_requests_filters(client, filed, city, query, expected):
    query = query.format(lights=f"c{city['lights'].id}", pothole=f"i{city['pothole'].id}", **filed)
    assert ids_of(client.get(f"/open311/v2/requests.json?{query}")) == [
        filed[name] for name in expected
    ]


def test_date_filters_and_the_90_day_window(client, filed):
    now = utcnow()
    w3c = lambda moment: moment.isoformat(timespec="seconds").replace("+00:00", "Z")  # noqa: E731
    hour = timedelta(hours=1)
    url = "/open311/v2/requests.json"
    assert len(ids_of(client.get(f"{url}?start_date={w3c(now - hour)}"))) == 3
    assert ids_of(client.get(f"{url}?start_date={w3c(now + hour)}")) == []
    assert ids_of(client.get(f"{url}?end_date={w3c(now - hour)}")) == []
    ranged = f"{url}?start_date={w3c(now - hour)}&end_date={w3c(now + hour)}"
    assert len(ids_of(client.get(ranged))) == 3
    too_long = client.get(f"{url}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")
    assert too_long.status_code == 400 and "90 days" in too_long.get_data(as_text=True)
    backwards = client.get(f"{url}?start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z")
    assert backwards.status_code == 400


def test_the_default_window_is_the_last_90_days(client, make_ticket, city):
    old = make_ticket(
        channel=Channel.OPEN311, category=city["lights"], now=utcnow() - timedelta(days=91)
    )
    db.session.commit()
    assert ids_of(client.get("/open311/v2/requests.json")) == []
    assert ids_of(client.get(f"/open311/v2/requests.json?service_request_id={old.id}")) == [
        old.reference
    ]


@pytest.mark.parametrize(
    "query",
    [
        "status=pending",
        "start_date=yesterday",
        "end_date=2026-13-01",
        "end_date=0001-01-01T00:00:00Z",
        "start_date=9999-12-31T00:00:00Z",
    ],
)
def test_malformed_filters_are_400_naming_the_parameter(client, city, query):
    response = client.get(f"/open311/v2/requests.xml?{query}")
    assert response.status_code == 400 and error_codes(response) == [400]
    assert query.split("=")[0] in parse_xml(response).findtext("error/description")


def test_get_one_request_and_its_token_in_both_formats(client, post_request):
    created = post_request().get_json()[0]
    reference, token = created["service_request_id"], created["token"]
    [record] = client.get(f"/open311/v2/requests/{reference}.json").get_json()
    assert record["service_request_id"] == reference
    number = reference.removeprefix("SD-").lstrip("0")
    assert ids_of(client.get(f"/open311/v2/requests/{number}.json")) == [reference]
    root = parse_xml(client.get(f"/open311/v2/requests/{reference}.xml"))
    assert root.find("request/service_request_id").text == reference
    assert client.get(f"/open311/v2/tokens/{token}.json").get_json() == [
        {"service_request_id": reference, "token": token}
    ]
    root = parse_xml(client.get(f"/open311/v2/tokens/{token}.xml"))
    assert root.find("request/service_request_id").text == reference


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("path", ["requests/SD-999999", "requests/abc", "tokens/nope"])
def test_unknown_ids_and_tokens_are_404(client, city, path, fmt):
    response = client.get(f"/open311/v2/{path}.{fmt}")
    assert response.status_code == 404 and error_codes(response) == [404]


# --- privacy -------------------------------------------------------------------------------


def test_no_name_email_or_phone_and_no_internal_note_in_any_answer(client, post_request, city):
    created = post_request(
        email="rita@example.org",
        first_name="Rita",
        last_name="Resident",
        phone="+1 555 0100",
        description="Lamp dark. Call Rita Resident at +1 555 0100 or rita@example.org",
        address_string="12 Oak Avenue",
    ).get_json()[0]
    ticket = only_ticket()
    tickets.add_reply(ticket, "A crew is booked for Tuesday.", actor=city["agent"])
    tickets.add_internal_note(
        ticket, "SECRET: the pole belongs to the utility", actor=city["agent"]
    )
    db.session.commit()
    reference, token = created["service_request_id"], created["token"]
    answers = [
        client.get(f"/open311/v2/{path}")
        for path in [
            "requests.json", "requests.xml", f"requests/{reference}.json",
            f"requests/{reference}.xml", f"tokens/{token}.json", f"tokens/{token}.xml",
        ]
    ]  # fmt: skip
    [record] = answers[2].get_json()
    assert record["status_notes"] == "A crew is booked for Tuesday."
    assert record["description"] == "Lamp dark. Call [removed] at [removed] or [removed]"
    for answer in answers:
        body = answer.get_data(as_text=True).lower()
        for secret in ("rita", "resident", "555 0100", "example.org", "secret"):
            assert secret not in body


def test_a_requesters_own_reply_is_not_a_status_note(client, make_ticket, city):
    resident = city["resident"]
    ticket = make_ticket(
        actor=resident, requester=resident, channel=Channel.CITIZEN_PORTAL,
        category=city["lights"], now=utcnow(),
    )  # fmt: skip
    tickets.add_reply(ticket, "My number is 555 0199", actor=resident)
    db.session.commit()
    [record] = client.get(f"/open311/v2/requests/{ticket.reference}.json").get_json()
    assert record["status_notes"] is None


def test_employees_tickets_never_appear(client, make_ticket, make_user, city):
    employee = make_user(Role.EMPLOYEE)
    laptop = make_ticket(channel=Channel.EMPLOYEE_PORTAL, category=city["laptops"], now=utcnow())
    staff_in_roads = make_ticket(
        actor=employee, requester=employee, channel=Channel.EMPLOYEE_PORTAL,
        category=city["roads"], now=utcnow(),
    )  # fmt: skip
    from_portal = make_ticket(channel=Channel.CITIZEN_PORTAL, category=city["roads"], now=utcnow())
    db.session.commit()
    assert ids_of(client.get("/open311/v2/requests.json")) == [from_portal.reference]
    for hidden in (laptop, staff_in_roads):
        assert client.get(f"/open311/v2/requests/{hidden.reference}.json").status_code == 404


def test_requests_from_other_channels_show_with_their_service(client, make_ticket, city):
    ticket = make_ticket(
        channel=Channel.CITIZEN_PORTAL, catalog_item=city["pothole"], now=utcnow(),
        fields={"size": "Small", "spot": {"address": "Elm St"}}, location={"address": "Elm St"},
    )  # fmt: skip
    db.session.commit()
    [record] = client.get("/open311/v2/requests.json").get_json()
    assert record["service_request_id"] == ticket.reference
    assert record["service_code"] == f"i{city['pothole'].id}" and record["address"] == "Elm St"


def test_media_url_and_address_id_come_back_and_agents_see_them(
    post_request, client, city, login_as
):
    created = post_request(
        lat=None, long=None, address_id="ADDR-42", media_url="https://img.example.net/1.jpg"
    ).get_json()[0]
    [record] = client.get(f"/open311/v2/requests/{created['service_request_id']}.json").get_json()
    assert record["media_url"] == "https://img.example.net/1.jpg"
    assert record["address_id"] == "ADDR-42" and record["lat"] is None
    ticket = only_ticket()
    page = login_as(city["agent"]).get(f"/agent/tickets/{ticket.id}").get_data(as_text=True)
    assert 'href="https://img.example.net/1.jpg"' in page and "ADDR-42" in page
    assert "Riverton 311 app" in page


def test_keys_audit_trail(api_key, city):
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "open311_key.issued" and entry.actor == city["admin"]
    assert api_key not in entry.summary


def test_requested_datetime_is_utc_aware_in_storage(post_request):
    post_request()
    assert only_ticket().created_at.tzinfo is not None
    assert only_ticket().created_at <= datetime.now(UTC)
