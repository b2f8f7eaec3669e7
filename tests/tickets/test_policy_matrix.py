"""Deny by default, as a matrix: every role x every kind of ticket x every check and channel.

Requesters see their own tickets and never internal notes or events; staff see their teams'
tickets, tickets assigned to them and tickets no team has yet; nobody else sees anything.
"""

import pytest

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.tickets import policy
from servicedesk.tickets import service as tickets
from servicedesk.tickets.attachments import UploadRules

from ..conftest import TUESDAY_10AM_NY

NOTE = "Internal only: caller threatened the crew, send two people"
NOTE_FILE = b"%PDF-1.4 internal only: caller threatened the crew"
REPLY = "A crew is booked for Thursday morning"

ROLES = (
    "admin",
    "lead",  # lead of Public Works, the team of the team ticket
    "agent",  # agent of Public Works
    "outsider",  # agent of IT only
    "requester",  # the resident who filed the first three tickets
    "other_resident",
    "employee",  # an employee who filed the fourth ticket
    "anonymous",
    "deactivated",  # a Public Works agent whose account was switched off
)
OBJECTS = (
    "team_ticket",  # Public Works, unassigned, filed by the requester
    "triage_ticket",  # no team yet, filed by the requester
    "assigned_elsewhere",  # IT's ticket, assigned to the Public Works agent
    "others_ticket",  # Public Works, filed by the employee: another requester's data
)
CHECKS = (
    "can_view",
    "can_update",
    "can_add_note",
    "can_reply",
    "in_visible_tickets",
    "internal_note_visible",
    "internal_event_visible",
    "public_reply_visible",
)

# "y" = allowed or contained, "-" = denied or absent. V can_view, U can_update, N can_add_note,
# R can_reply, L listed by visible_tickets, IN internal note in visible_messages, IE internal
# event in visible_events, PR public reply in visible_messages (another requester's data).
MATRIX = {
    #                                          V  U  N  R  L  IN IE PR
    ("admin", "team_ticket"):                 "y  y  y  y  y  y  y  y",
    ("admin", "triage_ticket"):               "y  y  y  y  y  y  y  y",
    ("admin", "assigned_elsewhere"):          "y  y  y  y  y  y  y  y",
    ("admin", "others_ticket"):               "y  y  y  y  y  y  y  y",
    ("lead", "team_ticket"):                  "y  y  y  y  y  y  y  y",
    ("lead", "triage_ticket"):                "y  y  y  y  y  y  y  y",
    ("lead", "assigned_elsewhere"):           "-  -  -  -  -  -  -  -",
    ("lead", "others_ticket"):                "y  y  y  y  y  y  y  y",
    ("agent", "team_ticket"):                 "y  y  y  y  y  y  y  y",
    ("agent", "triage_ticket"):               "y  y  y  y  y  y  y  y",
    ("agent", "assigned_elsewhere"):          "y  y  y  y  y  y  y  y",
    ("agent", "others_ticket"):               "y  y  y  y  y  y  y  y",
    ("outsider", "team_ticket"):              "-  -  -  -  -  -  -  -",
    ("outsider", "triage_ticket"):            "y  y  y  y  y  y  y  y",
    ("outsider", "assigned_elsewhere"):       "y  y  y  y  y  y  y  y",
    ("outsider", "others_ticket"):            "-  -  -  -  -  -  -  -",
    ("requester", "team_ticket"):             "y  -  -  y  y  -  -  y",
    ("requester", "triage_ticket"):           "y  -  -  y  y  -  -  y",
    ("requester", "assigned_elsewhere"):      "y  -  -  y  y  -  -  y",
    ("requester", "others_ticket"):           "-  -  -  -  -  -  -  -",
    ("other_resident", "team_ticket"):        "-  -  -  -  -  -  -  -",
    ("other_resident", "triage_ticket"):      "-  -  -  -  -  -  -  -",
    ("other_resident", "assigned_elsewhere"): "-  -  -  -  -  -  -  -",
    ("other_resident", "others_ticket"):      "-  -  -  -  -  -  -  -",
    ("employee", "team_ticket"):              "-  -  -  -  -  -  -  -",
    ("employee", "triage_ticket"):            "-  -  -  -  -  -  -  -",
    ("employee", "assigned_elsewhere"):       "-  -  -  -  -  -  -  -",
    ("employee", "others_ticket"):            "y  -  -  y  y  -  -  y",
    ("anonymous", "team_ticket"):             "-  -  -  -  -  -  -  -",
    ("anonymous", "triage_ticket"):           "-  -  -  -  -  -  -  -",
    ("anonymous", "assigned_elsewhere"):      "-  -  -  -  -  -  -  -",
    ("anonymous", "others_ticket"):           "-  -  -  -  -  -  -  -",
    ("deactivated", "team_ticket"):           "-  -  -  -  -  -  -  -",
    ("deactivated", "triage_ticket"):         "-  -  -  -  -  -  -  -",
    ("deactivated", "assigned_elsewhere"):    "-  -  -  -  -  -  -  -",
    ("deactivated", "others_ticket"):         "-  -  -  -  -  -  -  -",
}  # fmt: skip

MATRIX_CASES = [pytest.param(role, obj, id=f"{role}-{obj}") for role, obj in MATRIX]


def test_the_matrix_covers_every_role_and_object_and_check():
    assert set(MATRIX) == {(role, obj) for role in ROLES for obj in OBJECTS}
    assert {len(row.split()) for row in MATRIX.values()} == {len(CHECKS)}


@pytest.fixture
def desk(make_team, make_user, make_ticket, sla_policy, app):
    works, it = make_team("Public Works"), make_team("IT")
    people = {
        "admin": make_user(Role.ADMIN, name="Ada Admin"),
        "lead": make_user(Role.LEAD, teams=[works], name="Lee Lead"),
        "agent": make_user(Role.AGENT, teams=[works], name="Avery Agent"),
        "colleague": make_user(Role.AGENT, teams=[works], name="Casey Colleague"),
        "outsider": make_user(Role.AGENT, teams=[it], name="Olive Outsider"),
        "requester": make_user(Role.RESIDENT, name="Rita Resident"),
        "other_resident": make_user(Role.RESIDENT, name="Otto Other"),
        "employee": make_user(Role.EMPLOYEE, name="Emma Employee"),
        "anonymous": None,
        "deactivated": make_user(
            Role.AGENT, teams=[works], name="Dana Deactivated", is_active_account=False
        ),
    }
    resident, employee = people["requester"], people["employee"]

    def filed(by, channel, team=None, assignee=None, subject="Streetlight out on Main St"):
        ticket = make_ticket(actor=by, requester=by, channel=channel, subject=subject)
        ticket.team, ticket.assignee = team, assignee
        return ticket

    objects = {
        "team_ticket": filed(resident, "citizen_portal", team=works),
        "triage_ticket": filed(resident, "citizen_portal", subject="Bench broken in the park"),
        "assigned_elsewhere": filed(
            resident, "citizen_portal", team=it, assignee=people["agent"], subject="Wifi at library"
        ),
        "others_ticket": filed(employee, "employee_portal", team=works, subject="Desk lamp"),
    }
    rules = UploadRules(
        folder=app.config["UPLOAD_FOLDER"], max_bytes=1 << 20, allowed_extensions=frozenset({"pdf"})
    )
    for ticket in objects.values():
        tickets.add_reply(ticket, REPLY, actor=people["admin"], now=TUESDAY_10AM_NY)
        note = tickets.add_internal_note(ticket, NOTE, actor=people["admin"], now=TUESDAY_10AM_NY)
        tickets.add_attachment(
            ticket,
            filename="threat.pdf",
            content_type="application/pdf",
            data=NOTE_FILE,
            rules=rules,
            actor=people["admin"],
            message=note,
            now=TUESDAY_10AM_NY,
        )
    db.session.commit()
    return {"people": people, "objects": objects, "works": works, "it": it}


def check(name, user, ticket) -> bool:
    if name == "in_visible_tickets":
        return ticket in db.session.scalars(policy.visible_tickets(user)).all()
    if name == "internal_note_visible":
        return NOTE in [m.body for m in policy.visible_messages(user, ticket)]
    if name == "public_reply_visible":
        return REPLY in [m.body for m in policy.visible_messages(user, ticket)]
    if name == "internal_event_visible":
        return any(event.is_internal for event in policy.visible_events(user, ticket))
    return getattr(policy, name)(user, ticket)


def test_every_ticket_has_the_internal_and_public_items_the_matrix_looks_for(desk):
    # Guards the matrix against passing because the fixture wrote nothing to hide.
    for ticket in desk["objects"].values():
        assert [(m.body, m.is_internal) for m in ticket.messages] == [
            (REPLY, False),
            (NOTE, True),
        ]
        assert any(e.is_internal for e in ticket.events)
        assert any(not e.is_internal for e in ticket.events)


@pytest.mark.parametrize(("role", "obj"), MATRIX_CASES)
def test_policy_matrix(desk, role, obj):
    # One row per test; a failure lists every check of the row that disagrees with the table.
    user, ticket = desk["people"][role], desk["objects"][obj]
    expected = {
        name: mark == "y" for name, mark in zip(CHECKS, MATRIX[role, obj].split(), strict=True)
    }
    assert {name: check(name, user, ticket) for name in CHECKS} == expected


# --- assignment ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "assignee", "allowed"),
    [
        ("agent", "colleague", True),
        ("agent", "lead", True),
        ("agent", "agent", True),
        ("agent", None, True),
        ("agent", "outsider", False),  # no team in common
        ("agent", "admin", False),  # admins belong to no team
        ("agent", "requester", False),
        ("agent", "deactivated", False),
        ("lead", "outsider", True),
        ("lead", "admin", True),
        ("lead", "colleague", True),
        ("lead", "requester", False),
        ("lead", "employee", False),
        ("lead", "deactivated", False),
        ("admin", "outsider", True),
        ("admin", "lead", True),
        ("admin", "requester", False),
        ("admin", "employee", False),
        ("admin", "deactivated", False),
        ("outsider", "outsider", False),  # may not take what it cannot see
        ("outsider", "agent", False),
        ("requester", "agent", False),
        ("employee", "agent", False),
        ("deactivated", "deactivated", False),
        ("anonymous", "agent", False),
    ],
)
def test_who_may_assign_the_team_ticket_to_whom(desk, actor, assignee, allowed):
    people = desk["people"]
    user, agent = people[actor], people[assignee] if assignee else None
    assert policy.can_assign(user, desk["objects"]["team_ticket"], agent) is allowed


# --- the HTML channel ----------------------------------------------------------------------

PAGE_STATUS = {
    #                 team triage elsewhere others
    "admin":          (200, 200, 200, 200),
    "lead":           (200, 200, 403, 200),
    "agent":          (200, 200, 200, 200),
    "outsider":       (403, 200, 200, 403),
    "requester":      (403, 403, 403, 403),
    "other_resident": (403, 403, 403, 403),
    "employee":       (403, 403, 403, 403),
    "anonymous":      (302, 302, 302, 302),
    "deactivated":    (302, 302, 302, 302),
}  # fmt: skip

PAGE_CASES = [
    pytest.param(role, obj, status, id=f"{role}-{obj}")
    for role, row in PAGE_STATUS.items()
    for obj, status in zip(OBJECTS, row, strict=True)
]


def signed_in(client, login_as, user):
    """A client signed in as *user*; a deactivated user signed in before the switch-off."""
    if user is None:
        return client
    if user.is_active:
        return login_as(user)
    user.is_active_account = True
    db.session.commit()
    login_as(user)
    user.is_active_account = False
    db.session.commit()
    return client


@pytest.mark.parametrize(("role", "obj", "status"), PAGE_CASES)
def test_agent_ticket_page_answers_each_role(desk, client, login_as, role, obj, status):
    browser = signed_in(client, login_as, desk["people"][role])
    ticket = desk["objects"][obj]
    response = browser.get(f"/agent/tickets/{ticket.id}")
    assert response.status_code == status
    html = response.get_data(as_text=True)
    if status == 302:
        assert "/auth/login" in response.headers["Location"]
    if status == 200:
        assert ticket.subject in html and NOTE in html
    else:
        assert NOTE not in html and ticket.subject not in html


def attachment_id(ticket) -> int:
    return ticket.attachments[0].id


REQUESTER_PAGES = {
    "queue": lambda d: "/agent/",
    "queue_all": lambda d: "/agent/?view=all",
    "queue_search": lambda d: "/agent/?view=all&q=threatened",
    "own_ticket": lambda d: f"/agent/tickets/{d['objects']['team_ticket'].id}",
    "others_ticket": lambda d: f"/agent/tickets/{d['objects']['others_ticket'].id}",
    "new_ticket": lambda d: "/agent/tickets/new",
    "admin": lambda d: "/agent/admin/",
    "note_attachment": lambda d: f"/agent/attachments/{attachment_id(d['objects']['team_ticket'])}",
}


@pytest.mark.parametrize("page", REQUESTER_PAGES)
@pytest.mark.parametrize("role", ["requester", "other_resident", "employee"])
def test_requesters_get_403_in_the_workspace_and_never_see_a_note(
    desk, client, login_as, role, page
):
    browser = signed_in(client, login_as, desk["people"][role])
    response = browser.get(REQUESTER_PAGES[page](desk))
    assert response.status_code == 403
    assert NOTE not in response.get_data(as_text=True)
    assert NOTE_FILE not in response.data


def test_staff_see_the_note_and_its_file_where_requesters_are_refused(desk, client, login_as):
    # The control for the tests above: the same pages do carry the note for staff.
    browser = signed_in(client, login_as, desk["people"]["agent"])
    ticket = desk["objects"]["team_ticket"]
    assert NOTE in browser.get(f"/agent/tickets/{ticket.id}").get_data(as_text=True)
    with browser.get(f"/agent/attachments/{attachment_id(ticket)}") as download:
        assert download.status_code == 200 and download.data == NOTE_FILE


def test_a_deactivated_agents_queue_is_closed(desk, client, login_as):
    browser = signed_in(client, login_as, desk["people"]["deactivated"])
    response = browser.get("/agent/?view=all")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
