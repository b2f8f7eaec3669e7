"""Tickets through the REST API: file, list, read, reply, note, assign, status, files."""

import io

import pytest

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.tickets import service as tickets
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Audience, CatalogItem, Channel, Ticket

from .conftest import assert_problem


@pytest.fixture
def desk(make_team, make_user, make_category, sla_policy):
    """A team with an agent, a lead and an admin; an employee and two residents."""
    team = make_team("Streets")
    other_team = make_team("IT")
    people = {
        "team": team,
        "other_team": other_team,
        "agent": make_user(Role.AGENT, teams=[team]),
        "other_agent": make_user(Role.AGENT, teams=[other_team]),
        "lead": make_user(Role.LEAD, teams=[team]),
        "admin": make_user(Role.ADMIN),
        "employee": make_user(Role.EMPLOYEE),
        "resident": make_user(Role.RESIDENT),
        "other_resident": make_user(Role.RESIDENT),
        "category": make_category("Potholes", audience=Audience.RESIDENTS, default_team=team),
        "staff_category": make_category("Laptops", audience=Audience.EMPLOYEES),
    }
    db.session.commit()
    return people


def test_a_resident_files_a_ticket_as_themselves(desk, call, token_for):
    token = token_for(desk["resident"])
    response = call(
        "post",
        "/api/v1/tickets",
        token,
        json={
            "subject": "Pothole on Elm St",
            "description": "Deep one, by number 12.",
            "category_id": desk["category"].id,
            "location": {"lat": 40.71, "lon": -74.0, "address": "12 Elm St"},
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["reference"].startswith("SD-")
    assert body["channel"] == "api"
    assert body["requester"]["id"] == desk["resident"].id
    assert body["location"] == {"lat": 40.71, "lon": -74.0, "address": "12 Elm St"}
    # Staff-only facts are not the requester's to see.
    assert body["team"] is None and body["assignee"] is None and body["priority"] is None
    ticket = db.session.get(Ticket, body["id"])
    assert ticket.team == desk["team"]  # routed like any other channel (category's team)
    assert ticket.channel == Channel.API


def test_a_requester_cannot_file_on_behalf_of_others_or_in_staff_categories(desk, call, token_for):
    token = token_for(desk["resident"])
    response = call(
        "post",
        "/api/v1/tickets",
        token,
        json={
            "subject": "Hi",
            "requester_id": desk["other_resident"].id,
            "impact": "high",
            "category_id": desk["staff_category"].id,
        },
    )
    errors = assert_problem(response, 400)["errors"]
    assert set(errors) == {"requester_id", "impact", "category_id"}
    assert db.session.query(Ticket).count() == 0


def test_an_agent_files_on_behalf_of_a_caller(desk, call, token_for):
    response = call(
        "post",
        "/api/v1/tickets",
        token_for(desk["agent"]),
        json={
            "subject": "Caller reports a fallen tree",
            "contact_name": "Ana Ruiz",
            "contact_email": "ana@example.net",
            "impact": "high",
            "urgency": "high",
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["requester"] is None
    assert body["contact_email"] == "ana@example.net"
    assert body["priority"] == "critical" or body["priority"] == "high"


def test_an_agent_files_for_a_user(desk, call, token_for):
    response = call(
        "post",
        "/api/v1/tickets",
        token_for(desk["agent"]),
        json={"subject": "Laptop broken", "requester_id": desk["employee"].id},
    )
    assert response.status_code == 201
    assert response.get_json()["requester"]["id"] == desk["employee"].id


def test_a_request_type_form_is_checked_field_by_field(desk, call, token_for):
    item = CatalogItem(
        category=desk["category"],
        name="Streetlight out",
        audience=Audience.RESIDENTS,
        form_schema=[
            {"name": "pole", "label": "Pole number", "type": "text", "required": True},
            {"name": "kind", "label": "Kind", "type": "choice", "required": False,
             "choices": ["dark", "flickering"]},
        ],
    )  # fmt: skip
    db.session.add(item)
    db.session.commit()
    token = token_for(desk["resident"])
    bad = call(
        "post",
        "/api/v1/tickets",
        token,
        json={"subject": "Light out", "catalog_item_id": item.id, "fields": {"kind": "purple"}},
    )
    assert set(assert_problem(bad, 400)["errors"]) == {"pole", "kind"}
    good = call(
        "post",
        "/api/v1/tickets",
        token,
        json={"subject": "Light out", "catalog_item_id": item.id, "fields": {"pole": "A-17"}},
    )
    assert good.status_code == 201
    assert good.get_json()["fields"] == {"pole": "A-17"}
    assert good.get_json()["category_id"] == desk["category"].id


def test_the_list_uses_the_queue_filters_and_cursor_pages(desk, call, token_for, make_ticket):
    for number in range(5):
        make_ticket(subject=f"Pothole {number}", category=desk["category"])
    make_ticket(subject="Laptop", category=desk["staff_category"], team=desk["other_team"])
    db.session.commit()
    token = token_for(desk["agent"])
    first = call("get", "/api/v1/tickets?limit=2&q=pothole", token).get_json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = call("get", f"/api/v1/tickets?limit=2&q=pothole&after={first['next_cursor']}", token)
    third = call(
        "get", f"/api/v1/tickets?limit=2&q=pothole&after={second.get_json()['next_cursor']}", token
    ).get_json()
    seen = [t["subject"] for page in (first, second.get_json(), third) for t in page["items"]]
    assert sorted(seen) == [f"Pothole {n}" for n in range(5)]
    assert third["next_cursor"] is None
    # The other team's ticket is not in this agent's queue, as in the workspace.
    everything = call("get", "/api/v1/tickets?view=all&limit=200", token).get_json()
    assert "Laptop" not in [t["subject"] for t in everything["items"]]
    assert call("get", "/api/v1/tickets?status=bogus", token).status_code == 422
    broken = call("get", "/api/v1/tickets?after=garbage", token)
    assert "after" in assert_problem(broken, 400)["errors"]


def test_requesters_list_only_their_own_tickets(desk, call, token_for, make_ticket):
    make_ticket(subject="Mine", requester=desk["resident"])
    make_ticket(subject="Theirs", requester=desk["other_resident"])
    db.session.commit()
    listed = call("get", "/api/v1/tickets?view=all", token_for(desk["resident"])).get_json()
    assert [t["subject"] for t in listed["items"]] == ["Mine"]


def test_internal_notes_and_files_never_reach_the_requester(desk, call, token_for, make_ticket):
    ticket = make_ticket(requester=desk["resident"], category=desk["category"])
    db.session.commit()
    agent = token_for(desk["agent"])
    note = call("post", f"/api/v1/tickets/{ticket.id}/notes", agent, json={"body": "Secret plan"})
    assert note.status_code == 201 and note.get_json()["is_internal"] is True
    upload = call(
        "post",
        f"/api/v1/tickets/{ticket.id}/attachments?message_id={note.get_json()['id']}",
        agent,
        data={"file": (io.BytesIO(b"internal memo"), "memo.txt")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201 and upload.get_json()["is_internal"] is True
    reply = call("post", f"/api/v1/tickets/{ticket.id}/replies", agent, json={"body": "On it"})
    assert reply.status_code == 201

    requester = token_for(desk["resident"])
    seen = call("get", f"/api/v1/tickets/{ticket.id}", requester)
    text = seen.get_data(as_text=True)
    assert "Secret plan" not in text and "memo.txt" not in text
    assert [m["body"] for m in seen.get_json()["messages"]] == ["On it"]
    download = call("get", upload.get_json()["download_url"], requester)
    assert_problem(download, 404)
    # A requester may not write notes at all.
    refused = call("post", f"/api/v1/tickets/{ticket.id}/notes", requester, json={"body": "x"})
    assert_problem(refused, 403)
    # Staff see everything.
    staff_view = call("get", f"/api/v1/tickets/{ticket.id}", agent).get_json()
    assert [m["body"] for m in staff_view["messages"]] == ["Secret plan", "On it"]


def test_requester_reply_and_files(desk, call, token_for, make_ticket):
    ticket = make_ticket(requester=desk["resident"], category=desk["category"])
    db.session.commit()
    token = token_for(desk["resident"])
    reply = call("post", f"/api/v1/tickets/{ticket.id}/replies", token, json={"body": "Any news?"})
    assert reply.status_code == 201 and reply.get_json()["is_internal"] is False
    upload = call(
        "post",
        f"/api/v1/tickets/{ticket.id}/attachments",
        token,
        data={"file": (io.BytesIO(b"%PDF-1.4 photo"), "report.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201
    download = call("get", upload.get_json()["download_url"], token)
    assert download.status_code == 200
    assert download.data == b"%PDF-1.4 photo"
    assert download.mimetype == "application/octet-stream"
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.html", b"<html><script>x</script></html>", "not accepted"),
        ("tool.exe", b"MZ....", "not accepted"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_uploads_are_checked_like_every_upload(
    desk, call, token_for, make_ticket, name, data, message
):
    ticket = make_ticket(requester=desk["resident"])
    db.session.commit()
    response = call(
        "post",
        f"/api/v1/tickets/{ticket.id}/attachments",
        token_for(desk["resident"]),
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    problem = assert_problem(response, 400)
    assert message in (problem["detail"] + problem["errors"]["attachment"])


def test_an_upload_over_the_size_limit_is_refused(app, desk, call, token_for, make_ticket):
    app.config["MAX_ATTACHMENT_BYTES"] = 10
    ticket = make_ticket(requester=desk["resident"])
    db.session.commit()
    response = call(
        "post",
        f"/api/v1/tickets/{ticket.id}/attachments",
        token_for(desk["resident"]),
        data={"file": (io.BytesIO(b"x" * 11), "big.txt")},
        content_type="multipart/form-data",
    )
    assert "larger than" in assert_problem(response, 400)["errors"]["attachment"]
    app.config["MAX_CONTENT_LENGTH"] = 100
    huge = call(
        "post",
        f"/api/v1/tickets/{ticket.id}/attachments",
        token_for(desk["resident"]),
        data={"file": (io.BytesIO(b"x" * 500), "huge.txt")},
        content_type="multipart/form-data",
    )
    assert_problem(huge, 413)


def test_assign_and_status_with_versions(desk, call, token_for, make_ticket):
    ticket = make_ticket(category=desk["category"])
    db.session.commit()
    version = ticket.version
    lead = token_for(desk["lead"])
    agent = token_for(desk["agent"])
    taken = call(
        "post",
        f"/api/v1/tickets/{ticket.id}/assign",
        lead,
        json={"assignee_id": desk["agent"].id, "version": version},
    )
    assert taken.status_code == 200
    assert taken.get_json()["assignee"]["id"] == desk["agent"].id
    # Another agent working from the old version is told who changed what.
    stale = call(
        "post",
        f"/api/v1/tickets/{ticket.id}/assign",
        agent,
        json={"assignee_id": None, "version": version},
    )
    detail = assert_problem(stale, 409)["detail"]
    assert desk["lead"].name in detail and "assigned" in detail
    # A status change does not conflict with the assignment.
    moved = call(
        "post",
        f"/api/v1/tickets/{ticket.id}/status",
        agent,
        json={"status": "in_progress", "version": version},
    )
    assert moved.status_code == 200 and moved.get_json()["status"] == "in_progress"
    impossible = call("post", f"/api/v1/tickets/{ticket.id}/status", agent, json={"status": "new"})
    assert_problem(impossible, 409)


def test_requesters_cannot_change_status_or_assign(desk, call, token_for, make_ticket):
    ticket = make_ticket(requester=desk["resident"])
    db.session.commit()
    token = token_for(desk["resident"])
    assert_problem(
        call("post", f"/api/v1/tickets/{ticket.id}/status", token, json={"status": "closed"}), 403
    )
    assert_problem(
        call(
            "post",
            f"/api/v1/tickets/{ticket.id}/assign",
            token,
            json={"assignee_id": desk["agent"].id},
        ),
        403,
    )
    db.session.refresh(ticket)
    assert ticket.status == Status.NEW


def test_a_closed_ticket_takes_no_reply(desk, call, token_for, make_ticket):
    ticket = make_ticket(requester=desk["resident"], category=desk["category"])
    tickets.change_status(ticket, Status.CANCELLED, actor=desk["admin"])
    db.session.commit()
    response = call(
        "post", f"/api/v1/tickets/{ticket.id}/replies", token_for(desk["resident"]),
        json={"body": "hello"},
    )  # fmt: skip
    assert_problem(response, 409)


def test_ids_too_large_for_the_database_find_nothing_instead_of_failing(
    desk, call, token_for, client, login_as
):
    token = token_for(desk["admin"])
    for query in ("assignee=999999999", "team=2147483647", "category=2147483647"):
        response = call("get", f"/api/v1/tickets?view=all&{query}", token)
        assert response.status_code == 200 and response.get_json()["items"] == []
    assert_problem(call("get", "/api/v1/tickets?after=0_99999999999", token), 400)
    assert_problem(call("get", "/api/v1/users?after=2147483648", token), 400)
    # The workspace queue shares the filters (PostgreSQL refused such ids with an error).
    login_as(desk["admin"])
    assert client.get("/agent/?view=all&assignee=9999999999&team=99999999999").status_code == 200
