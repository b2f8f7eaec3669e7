"""The employee portal over HTTP: catalog, item forms, my requests and their actions."""

import io

import pytest
from sqlalchemy import select

from servicedesk.extensions import db
from servicedesk.knowledge.models import SearchLog
from servicedesk.tickets import service as tickets
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Channel, Message, Ticket

from .conftest import LAPTOP_FORM


def _only_ticket():
    return db.session.scalar(select(Ticket).where(Ticket.parent_id.is_(None)))


def test_home_shows_the_catalog_grouped_by_area_and_hides_resident_items(client, login_as, catalog):
    login_as(catalog.employee)
    page = client.get("/employee/").get_data(as_text=True)
    for text in ("IT", "Facilities", "HR", "Laptop repair", "New employee", "needs approval"):
        assert text in page
    assert "Pothole" not in page
    found = client.get("/employee/?q=laptop").get_data(as_text=True)
    assert "Laptop repair" in found and "Ergonomic chair" not in found


def test_the_portal_needs_sign_in_and_is_closed_to_residents(client, login_as, catalog, make_user):
    assert client.get("/employee/").status_code == 302
    login_as(make_user("resident"))
    assert client.get("/employee/").status_code == 403


def test_filing_from_the_catalog_routes_the_request_and_logs_the_filing(client, login_as, catalog):
    login_as(catalog.employee)
    client.get("/employee/kb/suggest?q=screen")  # a visit that searched, then filed
    response = client.post(f"/employee/catalog/{catalog.laptop.id}", data=LAPTOP_FORM)
    assert response.status_code == 302, response.get_data(as_text=True)
    ticket = _only_ticket()
    assert ticket.channel == Channel.EMPLOYEE_PORTAL
    assert ticket.requester == catalog.employee and ticket.team == catalog.it
    assert ticket.field_values == {"asset_tag": "LT-1234", "problem": "Screen"}
    assert ticket.resolution_due_at is not None
    logs = db.session.scalars(select(SearchLog)).all()
    assert logs and all(log.ticket_filed for log in logs)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ticket.reference in page and "Resolution by" in page


def test_missing_required_fields_and_hidden_conditions_are_clear_form_errors(
    client, login_as, catalog
):
    login_as(catalog.employee)
    response = client.post(f"/employee/catalog/{catalog.laptop.id}", data={"f_problem": "Other"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Asset tag is required." in page
    assert "Describe it is required." in page  # shown, because the problem is Other
    assert "Say in a few words what you need." in page
    assert _only_ticket() is None


def test_an_unknown_catalog_item_is_a_clear_404(client, login_as, catalog):
    login_as(catalog.employee)
    for item_id in (999999, catalog.pothole.id):
        response = client.get(f"/employee/catalog/{item_id}")
        assert response.status_code == 404
        assert "no such request type" in response.get_data(as_text=True)


def test_a_file_over_the_limit_is_refused_with_a_message(app, client, login_as, catalog):
    app.config["MAX_ATTACHMENT_BYTES"] = 1000
    login_as(catalog.employee)
    data = LAPTOP_FORM | {"files": (io.BytesIO(b"x" * 5000), "big.pdf")}
    response = client.post(f"/employee/catalog/{catalog.laptop.id}", data=data)
    assert response.status_code == 400
    assert "big.pdf" in response.get_data(as_text=True)
    assert _only_ticket() is None  # nothing half-filed


def test_a_file_field_and_attachments_are_kept_on_the_request(client, login_as, catalog):
    login_as(catalog.employee)
    data = LAPTOP_FORM | {
        "f_photo": (io.BytesIO(b"%PDF-1.4 photo"), "screen.pdf"),
        "files": (io.BytesIO(b"log text"), "crash.txt"),
    }
    response = client.post(f"/employee/catalog/{catalog.laptop.id}", data=data)
    assert response.status_code == 302
    ticket = _only_ticket()
    assert sorted(a.filename for a in ticket.attachments) == ["crash.txt", "screen.pdf"]
    assert ticket.field_values["photo"] == "screen.pdf"


def test_filing_on_behalf_of_a_colleague(client, login_as, catalog):
    login_as(catalog.employee)
    data = LAPTOP_FORM | {"on_behalf": "carl@example.org"}
    assert client.post(f"/employee/catalog/{catalog.laptop.id}", data=data).status_code == 302
    ticket = _only_ticket()
    assert ticket.requester == catalog.colleague and ticket.submitted_by == catalog.employee
    assert client.get(f"/employee/requests/{ticket.id}").status_code == 200
    client.post("/auth/logout")
    login_as(catalog.colleague)
    assert ticket.reference in client.get("/employee/requests").get_data(as_text=True)

    unknown = LAPTOP_FORM | {"on_behalf": "nobody@example.org"}
    response = client.post(f"/employee/catalog/{catalog.laptop.id}", data=unknown)
    assert response.status_code == 400
    assert "No colleague with this address" in response.get_data(as_text=True)


def _file(catalog, requester=None):
    ticket = tickets.submit_request(
        catalog.laptop,
        actor=requester or catalog.employee,
        subject="Battery dies",
        fields={"asset_tag": "LT-9", "problem": "Battery"},
    )
    db.session.commit()
    return ticket


def test_an_employee_never_sees_another_employees_request_or_a_note(client, login_as, catalog):
    theirs = _file(catalog, catalog.colleague)
    mine = _file(catalog)
    tickets.add_reply(mine, "We ordered a battery.", actor=catalog.agent)
    tickets.add_internal_note(mine, "SECRET supplier price 42", actor=catalog.agent)
    db.session.commit()
    login_as(catalog.employee)
    for url in (f"/employee/requests/{theirs.id}", f"/employee/requests/{theirs.id}.json"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Battery dies" not in response.get_data(as_text=True)
    listing = client.get("/employee/requests").get_data(as_text=True)
    assert mine.reference in listing and theirs.reference not in listing
    html = client.get(f"/employee/requests/{mine.id}").get_data(as_text=True)
    data = client.get(f"/employee/requests/{mine.id}.json").get_json()
    assert "We ordered a battery." in html and "SECRET" not in html
    assert [m["body"] for m in data["messages"]] == ["We ordered a battery."]
    assert "SECRET" not in str(data)


def test_reply_with_attachment_cancel_and_resolution_actions(client, login_as, catalog):
    ticket = _file(catalog)
    login_as(catalog.employee)
    response = client.post(
        f"/employee/requests/{ticket.id}/reply",
        data={"body": "It also gets hot.", "files": (io.BytesIO(b"temp log"), "temp.txt")},
    )
    assert response.status_code == 302
    message = db.session.scalar(select(Message).where(Message.body == "It also gets hot."))
    assert [a.filename for a in message.attachments] == ["temp.txt"]
    file_url = f"/employee/requests/{ticket.id}/files/{message.attachments[0].id}"
    download = client.get(file_url)
    assert download.data == b"temp log"
    download.close()

    tickets.change_status(ticket, Status.RESOLVED, actor=catalog.agent)
    db.session.commit()
    reopened = client.post(f"/employee/requests/{ticket.id}/reopen", data={"body": "Still hot"})
    assert reopened.status_code == 302
    db.session.expire_all()
    assert ticket.status == Status.OPEN

    tickets.change_status(ticket, Status.RESOLVED, actor=catalog.agent)
    db.session.commit()
    assert (
        client.post(f"/employee/requests/{ticket.id}/rate", data={"score": "9"}).status_code == 400
    )
    rated = client.post(
        f"/employee/requests/{ticket.id}/rate", data={"score": "5", "comment": "Quick!"}
    )
    assert rated.status_code == 302
    assert client.post(f"/employee/requests/{ticket.id}/confirm").status_code == 302
    db.session.expire_all()
    assert ticket.status == Status.CLOSED
    assert "You rated it 5 of 5" in client.get(f"/employee/requests/{ticket.id}").get_data(
        as_text=True
    )
    refused = client.post(f"/employee/requests/{ticket.id}/cancel")
    assert refused.status_code == 409
    assert "can no longer be cancelled" in refused.get_data(as_text=True)


def test_cancel_an_open_request(client, login_as, catalog):
    ticket = _file(catalog)
    login_as(catalog.employee)
    response = client.post(f"/employee/requests/{ticket.id}/cancel", data={"reason": "Fixed it"})
    assert response.status_code == 302
    db.session.expire_all()
    assert ticket.status == Status.CANCELLED
    page = client.get(f"/employee/requests/{ticket.id}").get_data(as_text=True)
    assert "Cancelled by the requester: Fixed it" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("f_problem", "Keyboard", "Problem: choose one of the listed options."),
        ("f_screen_size", "big", "Screen size: enter a number."),
        ("f_needed_by", "next week", "Needed by: enter a date as YYYY-MM-DD."),
        ("f_accessories", "Mouse", "Mouse&#39; is not one of the options."),
        ("f_where_lat", "200", "latitude must be within ±90"),
        ("f_asset_tag", "x" * 2001, "Asset tag: at most 2000 characters."),
    ],
)
def test_every_field_type_is_checked_with_a_clear_message(
    client, login_as, catalog, field, value, message
):
    login_as(catalog.employee)
    data = LAPTOP_FORM | {"f_where": "City Hall", "f_where_lat": "40.7", "f_where_lon": "-74"}
    response = client.post(f"/employee/catalog/{catalog.laptop.id}", data=data | {field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _only_ticket() is None


def test_every_field_type_is_kept_when_valid(client, login_as, catalog):
    login_as(catalog.employee)
    data = LAPTOP_FORM | {
        "f_problem": "Other",
        "f_other_problem": "Hinge cracked",
        "f_screen_size": "14.5",
        "f_needed_by": "2026-12-24",
        "f_accessories": ["Charger", "Dock"],
        "f_where": "City Hall, room 2",
        "f_where_lat": "40.7",
        "f_where_lon": "-74.0",
    }
    assert client.post(f"/employee/catalog/{catalog.laptop.id}", data=data).status_code == 302
    assert _only_ticket().field_values == {
        "asset_tag": "LT-1234",
        "problem": "Other",
        "other_problem": "Hinge cracked",
        "screen_size": 14.5,
        "needed_by": "2026-12-24",
        "accessories": ["Charger", "Dock"],
        "where": {"address": "City Hall, room 2", "lat": 40.7, "lon": -74.0},
    }


def test_the_item_form_offers_suggestions_and_says_what_to_expect(client, login_as, catalog):
    login_as(catalog.employee)
    page = client.get(f"/employee/catalog/{catalog.software.id}").get_data(as_text=True)
    assert 'data-suggest-url="/employee/kb/suggest"' in page
    assert "needs approval first: Maria Manager" in page
    assert client.get("/employee/kb/suggest?q=password").get_json()["query"] == "password"
