"""The agent workspace over HTTP: guards, the queue, the ticket page and its actions."""

import io
import re

import pytest
from sqlalchemy import select

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Attachment, CannedResponse, CatalogItem, Message, Ticket


@pytest.fixture
def desk(make_team, make_user, sla_policy, make_category):
    works = make_team("Public Works")
    it = make_team("IT")
    return {
        "works": works,
        "it": it,
        "agent": make_user(Role.AGENT, teams=[works], name="Avery Agent"),
        "colleague": make_user(Role.AGENT, teams=[works], name="Casey Colleague"),
        "outsider": make_user(Role.AGENT, teams=[it], name="Olive Outsider"),
        "resident": make_user(Role.RESIDENT, name="Rita Resident"),
        "category": make_category("Streetlights"),
    }


@pytest.fixture
def works_ticket(desk, make_ticket):
    ticket = make_ticket(
        actor=desk["resident"], requester=desk["resident"], channel="citizen_portal"
    )
    ticket.team = desk["works"]
    db.session.commit()
    return ticket


def page_text(response) -> str:
    return response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/agent/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_requester_gets_403_in_the_agent_workspace(desk, login_as):
    client = login_as(desk["resident"])
    assert client.get("/agent/").status_code == 403


def test_wrong_password_is_refused_with_a_message(desk, client):
    response = client.post("/auth/login", data={"email": desk["agent"].email, "password": "nope"})
    assert response.status_code == 401
    assert "email or password is not right" in page_text(response)


def test_sign_in_does_not_redirect_off_site(desk, client):
    response = client.post(
        "/auth/login?next=https://evil.example/x",
        data={"email": desk["agent"].email, "password": "correct horse battery"},
    )
    assert response.headers["Location"].endswith("/agent/")


def test_queue_lists_team_tickets_but_not_other_teams(desk, works_ticket, make_ticket, login_as):
    hidden = make_ticket(actor=desk["outsider"], subject="Laptop broken")
    hidden.team = desk["it"]
    db.session.commit()
    html = page_text(login_as(desk["agent"]).get("/agent/"))
    assert works_ticket.reference in html
    assert hidden.reference not in html


def test_queue_text_filter_and_reference_search(desk, works_ticket, make_ticket, login_as):
    other = make_ticket(actor=desk["agent"], subject="Pothole on Elm")
    other.team = desk["works"]
    db.session.commit()
    client = login_as(desk["agent"])
    html = page_text(client.get("/agent/?q=pothole"))
    assert other.reference in html and works_ticket.reference not in html
    html = page_text(client.get(f"/agent/?q={works_ticket.reference}"))
    assert works_ticket.reference in html and other.reference not in html
    # A number beyond any ticket id (PostgreSQL's integer) is text to look for, not an error.
    assert client.get("/agent/?q=SD-999999999999").status_code == 200
    assert client.get("/agent/?q=99999999999").status_code == 200


@pytest.mark.parametrize(
    "query", ["status=bogus", "view=nope", "team=abc", "channel=fax", "after=zzz", "assignee=x"]
)
def test_bad_queue_filters_answer_400_with_a_message(desk, login_as, query):
    response = login_as(desk["agent"]).get(f"/agent/?{query}")
    assert response.status_code == 400
    assert "not valid" in page_text(response) or "broken" in page_text(response)


def test_queue_pages_with_a_cursor(desk, make_ticket, login_as, app):
    app.config["QUEUE_PAGE_SIZE"] = 2
    made = [make_ticket(actor=desk["agent"], subject=f"Ticket {n}") for n in range(5)]
    for ticket in made:
        ticket.team = desk["works"]
    db.session.commit()
    client = login_as(desk["agent"])
    seen, url = [], "/agent/"
    while url:
        html = page_text(client.get(url))
        seen += re.findall(r"SD-\d{6}", html)
        link = re.search(r'rel="next" href="([^"]+)"', html)
        url = link.group(1).replace("&amp;", "&") if link else None
    assert sorted(set(seen)) == sorted(t.reference for t in made)


def test_ticket_page_shows_timeline_and_sla_clock(desk, works_ticket, login_as):
    html = page_text(login_as(desk["agent"]).get(f"/agent/tickets/{works_ticket.id}"))
    assert works_ticket.subject in html
    assert "SLA clock" in html and "business minutes used" in html
    assert "opened" in html


def test_agent_of_another_team_gets_403_on_the_ticket(desk, works_ticket, login_as):
    assert login_as(desk["outsider"]).get(f"/agent/tickets/{works_ticket.id}").status_code == 403


def test_reply_and_internal_note(desk, works_ticket, login_as):
    client = login_as(desk["agent"])
    client.post(
        f"/agent/tickets/{works_ticket.id}/reply",
        data={"reply-kind": "reply", "reply-body": "Crew is on the way"},
    )
    client.post(
        f"/agent/tickets/{works_ticket.id}/reply",
        data={"reply-kind": "note", "reply-body": "Pole 42 is rusty"},
    )
    messages = db.session.scalars(select(Message).where(Message.ticket_id == works_ticket.id)).all()
    assert [(m.body, m.is_internal) for m in messages] == [
        ("Crew is on the way", False),
        ("Pole 42 is rusty", True),
    ]
    assert db.session.get(Ticket, works_ticket.id).status == Status.OPEN


def test_empty_reply_is_a_form_error(desk, works_ticket, login_as):
    response = login_as(desk["agent"]).post(
        f"/agent/tickets/{works_ticket.id}/reply", data={"reply-kind": "reply", "reply-body": "  "}
    )
    assert response.status_code == 400 and "Write a message" in page_text(response)


def test_canned_response_is_inserted_with_placeholders(desk, works_ticket, login_as):
    canned = CannedResponse(
        title="On it", body="Hello {{requester}}, {{reference}} is being handled."
    )
    db.session.add(canned)
    db.session.commit()
    login_as(desk["agent"]).post(
        f"/agent/tickets/{works_ticket.id}/reply",
        data={"reply-kind": "reply", "reply-body": "", "reply-canned": str(canned.id)},
    )
    message = db.session.scalars(select(Message).where(Message.ticket_id == works_ticket.id)).one()
    assert message.body == f"Hello Rita Resident, {works_ticket.reference} is being handled."


def test_take_new_ticket_through_to_closed(desk, works_ticket, login_as):
    client = login_as(desk["agent"])
    url = f"/agent/tickets/{works_ticket.id}"
    client.post(url + "/take", data={"version": works_ticket.version})
    for status in ("in_progress", "resolved", "closed"):
        version = db.session.get(Ticket, works_ticket.id).version
        response = client.post(
            url + "/status", data={"status-status": status, "status-version": version}
        )
        assert response.status_code == 302, page_text(response)
    ticket = db.session.get(Ticket, works_ticket.id)
    assert ticket.status == Status.CLOSED and ticket.assignee == desk["agent"]


def test_stale_status_change_answers_409_naming_who_changed_it(desk, works_ticket, login_as, app):
    stale_version = works_ticket.version
    colleague = app.test_client()
    colleague.post(
        "/auth/login", data={"email": desk["colleague"].email, "password": "correct horse battery"}
    )
    colleague.post(
        f"/agent/tickets/{works_ticket.id}/status",
        data={"status-status": "in_progress", "status-version": stale_version},
    )
    response = login_as(desk["agent"]).post(
        f"/agent/tickets/{works_ticket.id}/status",
        data={"status-status": "resolved", "status-version": stale_version},
    )
    assert response.status_code == 409
    assert "Casey Colleague" in page_text(response)


def test_forbidden_transition_answers_409(desk, works_ticket, login_as):
    client = login_as(desk["agent"])
    url = f"/agent/tickets/{works_ticket.id}/status"
    client.post(url, data={"status-status": "cancelled"})
    response = client.post(url, data={"status-status": "open"})
    assert response.status_code == 409 and "cannot become" in page_text(response)


def test_assign_to_colleague_and_not_to_a_resident(desk, works_ticket, login_as):
    client = login_as(desk["agent"])
    url = f"/agent/tickets/{works_ticket.id}/assign"
    client.post(url, data={"assign-agent": desk["colleague"].id})
    assert db.session.get(Ticket, works_ticket.id).assignee == desk["colleague"]
    response = client.post(url, data={"assign-agent": desk["resident"].id})
    assert response.status_code == 400  # not a choice: residents are not in the agent list


def test_attachment_upload_and_download(desk, works_ticket, login_as):
    client = login_as(desk["agent"])
    data = {
        "reply-kind": "reply",
        "reply-body": "Photo attached",
        "reply-attachments": (io.BytesIO(b"%PDF-1.4 x"), "report.pdf"),
    }
    client.post(
        f"/agent/tickets/{works_ticket.id}/reply", data=data, content_type="multipart/form-data"
    )
    attachment = db.session.scalars(select(Attachment)).one()
    with client.get(f"/agent/attachments/{attachment.id}") as download:
        assert download.status_code == 200 and download.data == b"%PDF-1.4 x"


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("script.exe", b"MZ...", "not accepted"),
        ("page.txt", b"<html><script>alert(1)</script>", "looks like a web page"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_disallowed_attachments_are_refused(
    desk, works_ticket, login_as, filename, content, message
):
    client = login_as(desk["agent"])
    data = {
        "reply-kind": "reply",
        "reply-body": "See file",
        "reply-attachments": (io.BytesIO(content), filename),
    }
    response = client.post(
        f"/agent/tickets/{works_ticket.id}/reply", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and message in page_text(response)
    assert db.session.scalars(select(Attachment)).all() == []
    assert db.session.scalars(select(Message)).all() == []  # nothing half-saved


def test_oversized_attachment_is_refused(desk, works_ticket, login_as, app):
    app.config["MAX_ATTACHMENT_BYTES"] = 1024
    client = login_as(desk["agent"])
    data = {
        "reply-kind": "reply",
        "reply-body": "Big",
        "reply-attachments": (io.BytesIO(b"x" * 2048), "big.pdf"),
    }
    response = client.post(
        f"/agent/tickets/{works_ticket.id}/reply", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "larger than" in page_text(response)


def test_request_over_the_size_limit_answers_413(desk, works_ticket, login_as, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    client = login_as(desk["agent"])
    data = {"reply-kind": "reply", "reply-body": "x" * 4096}
    response = client.post(f"/agent/tickets/{works_ticket.id}/reply", data=data)
    assert response.status_code == 413 and "too large" in page_text(response)


def test_merge_link_and_child_through_the_page(desk, works_ticket, make_ticket, login_as):
    other = make_ticket(actor=desk["agent"], subject="Same streetlight")
    other.team = desk["works"]
    db.session.commit()
    client = login_as(desk["agent"])
    client.post(
        f"/agent/tickets/{works_ticket.id}/children",
        data={"child-subject": "Order lamp", "child-team": ""},
    )
    client.post(f"/agent/tickets/{works_ticket.id}/link", data={"link-reference": other.reference})
    response = client.post(
        f"/agent/tickets/{other.id}/merge", data={"merge-reference": works_ticket.reference}
    )
    assert response.status_code == 302
    merged = db.session.get(Ticket, other.id)
    assert merged.duplicate_of_id == works_ticket.id and merged.status == Status.CLOSED
    assert [c.subject for c in db.session.get(Ticket, works_ticket.id).children] == ["Order lamp"]


def test_merge_into_unknown_reference_is_a_form_error(desk, works_ticket, login_as):
    response = login_as(desk["agent"]).post(
        f"/agent/tickets/{works_ticket.id}/merge", data={"merge-reference": "SD-999999"}
    )
    assert response.status_code == 400 and "There is no ticket SD-999999" in page_text(response)


def test_bulk_assign_and_close(desk, make_ticket, login_as):
    made = [make_ticket(actor=desk["agent"], subject=f"Bulk {n}") for n in range(3)]
    for ticket in made:
        ticket.team = desk["works"]
    db.session.commit()
    client = login_as(desk["agent"])
    ids = [str(t.id) for t in made]
    client.post(
        "/agent/bulk", data={"action": "assign", "agent": desk["colleague"].id, "ticket": ids}
    )
    assert {db.session.get(Ticket, t.id).assignee_id for t in made} == {desk["colleague"].id}
    client.post("/agent/bulk", data={"action": "close", "agent": "", "ticket": ids[:2]})
    assert [db.session.get(Ticket, t.id).status for t in made] == [
        Status.CLOSED,
        Status.CLOSED,
        Status.NEW,
    ]


def test_new_ticket_with_catalog_form_checks_fields(desk, login_as):
    item = CatalogItem(
        name="Streetlight out",
        category=desk["category"],
        form_schema=[
            {"name": "pole", "label": "Pole number", "type": "text", "required": True},
            {
                "name": "kind",
                "label": "Problem",
                "type": "choice",
                "choices": ["dark", "flickering"],
                "required": True,
            },
        ],
    )
    db.session.add(item)
    db.session.commit()
    client = login_as(desk["agent"])
    base = {
        "catalog_item": item.id,
        "subject": "Light out",
        "impact": "medium",
        "urgency": "medium",
    }
    response = client.post("/agent/tickets/new", data=base | {"f_kind": "exploded"})
    html = page_text(response)
    assert response.status_code == 400
    assert "Pole number is required." in html and "choose one of the listed options" in html
    response = client.post("/agent/tickets/new", data=base | {"subject": ""})
    html = page_text(response)
    assert "This field is required." in html and "Pole number is required." in html
    response = client.post("/agent/tickets/new", data=base | {"f_pole": "P-42", "f_kind": "dark"})
    assert response.status_code == 302
    ticket = db.session.scalars(select(Ticket)).one()
    assert (
        ticket.field_values == {"pole": "P-42", "kind": "dark"}
        and ticket.category == desk["category"]
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": ""}, "This field is required."),
        ({"subject": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"subject": "ok", "contact_email": "not-an-email"}, "Invalid email address."),
        ({"subject": "ok", "impact": "huge"}, "Not a valid choice"),
        ({"subject": "ok", "lat": "91", "lon": "0"}, "latitude must be within"),
        ({"subject": "ok", "lat": "abc", "lon": "0"}, "must both be numbers"),
        ({"subject": "ok", "category": "987654"}, "Choose a category from the list."),
        ({"subject": "ok", "category": "abc"}, "Choose a category from the list."),
        ({"subject": "ok", "catalog_item": "987654"}, "Choose a request type from the list."),
    ],
)
def test_new_ticket_bad_input_answers_400_with_a_message(desk, login_as, data, message):
    response = login_as(desk["agent"]).post(
        "/agent/tickets/new", data={"impact": "medium", "urgency": "medium"} | data
    )
    assert response.status_code == 400
    assert message in page_text(response)
    assert db.session.scalars(select(Ticket)).all() == []


def test_security_headers_and_health(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["database"]["status"] == "ok"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
