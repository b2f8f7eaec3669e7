"""The unified queue: saved views, filters, order and keyset paging, seen by an agent."""

from datetime import UTC, datetime

import pytest

from servicedesk.accounts.models import Role
from servicedesk.errors import ValidationError
from servicedesk.extensions import db
from servicedesk.tickets import queues
from servicedesk.tickets import service as tickets
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import NO_DUE_TIME
from servicedesk.tickets.queues import QueueFilters

# Tuesday 16:00 in New York: a 4-business-hour first response is due Wednesday 11:00, so a
# ticket opened now is not "breaching soon" (within 4 hours).
NOW = datetime(2026, 11, 17, 21, 0, tzinfo=UTC)
TUESDAY_1PM_NY = datetime(2026, 11, 17, 18, 0, tzinfo=UTC)  # due Tuesday 17:00 NY
MONDAY_10AM_NY = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)  # due Monday 14:00 NY: overdue


@pytest.fixture
def people(make_team, make_user, sla_policy):
    works, it = make_team("Public Works"), make_team("IT")
    return {
        "works": works,
        "it": it,
        "agent": make_user(Role.AGENT, teams=[works], name="Avery Agent"),
        "colleague": make_user(Role.AGENT, teams=[works], name="Casey Colleague"),
        "outsider": make_user(Role.AGENT, teams=[it], name="Olive Outsider"),
        "admin": make_user(Role.ADMIN, name="Ada Admin"),
    }


@pytest.fixture
def make_queued(people, make_ticket):
    """Open a ticket, then put it in a team, with an assignee and a status."""

    def make(subject, *, team="works", assignee=None, statuses=(), opened=NOW, **fields):
        ticket = make_ticket(actor=people["admin"], subject=subject, now=opened, **fields)
        ticket.team = people[team] if team else None
        ticket.assignee = people[assignee] if assignee else None
        for status in statuses:
            tickets.change_status(ticket, status, actor=people["admin"], now=NOW)
        db.session.flush()
        return ticket

    return make


@pytest.fixture
def board(make_queued):
    """One ticket per situation, created so that id order differs from queue order."""
    made = {}
    made["waiting"] = make_queued("Which pole is it", assignee="agent", statuses=[Status.WAITING])
    made["resolved"] = make_queued("Lamp replaced", assignee="agent", statuses=[Status.RESOLVED])
    made["closed"] = make_queued("Old complaint", statuses=[Status.RESOLVED, Status.CLOSED])
    made["mine"] = make_queued("Flickering lamp", assignee="agent")
    made["team"] = make_queued("Graffiti on the bridge")
    made["colleagues"] = make_queued("Blocked drain", assignee="colleague")
    made["triage"] = make_queued("Something smells", team=None)
    made["soon"] = make_queued("Dark crossing", assignee="agent", opened=TUESDAY_1PM_NY)
    made["overdue"] = make_queued("Fallen tree", opened=MONDAY_10AM_NY)
    made["it_overdue"] = make_queued("Printer jam", team="it", opened=MONDAY_10AM_NY)
    made["it_waiting"] = make_queued("Password reset", team="it", statuses=[Status.WAITING])
    made["it_outsiders"] = make_queued("VPN down", team="it", assignee="outsider")
    return made


def queue(people, board=None, **filters) -> list[str]:
    """Names of the tickets the agent sees, in queue order."""
    names = {ticket.id: name for name, ticket in (board or {}).items()}
    query = queues.queue_select(people["agent"], QueueFilters(**filters), NOW)
    return [names.get(ticket.id, ticket.subject) for ticket in db.session.scalars(query)]


def test_the_board_has_the_due_times_the_views_rely_on(board):
    assert board["overdue"].queue_due_at < board["soon"].queue_due_at < board["mine"].queue_due_at
    assert board["mine"].queue_due_at == board["team"].queue_due_at
    assert board["soon"].queue_due_at <= NOW + queues.BREACHING_SOON < board["mine"].queue_due_at
    for name in ("waiting", "resolved", "closed"):
        assert board[name].queue_due_at == NO_DUE_TIME


QUEUE_ORDER_OPEN = ["overdue", "soon", "mine", "team", "colleagues", "triage", "waiting"]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("mine", ["soon", "mine", "waiting"]),
        ("team_unassigned", ["overdue", "team"]),
        ("breaching", ["overdue", "soon"]),
        ("waiting", ["waiting"]),
        ("all_open", QUEUE_ORDER_OPEN),
        ("all", QUEUE_ORDER_OPEN + ["resolved", "closed"]),
    ],
)
def test_each_saved_view_shows_exactly_its_tickets_in_queue_order(people, board, view, expected):
    assert queue(people, board, view=view) == expected


IT_TICKETS = {"it_overdue", "it_waiting", "it_outsiders"}


@pytest.mark.parametrize("view", list(queues.VIEWS))
def test_an_agent_never_sees_another_teams_tickets_in_any_view(people, board, view):
    assert IT_TICKETS.isdisjoint(queue(people, board, view=view))


def test_the_other_teams_agent_does_see_them(people, board):
    names = {ticket.id: name for name, ticket in board.items()}
    query = queues.queue_select(people["outsider"], QueueFilters(view="all"), NOW)
    assert IT_TICKETS.issubset(names[ticket.id] for ticket in db.session.scalars(query))


def test_filtering_by_another_team_shows_nothing(people, board):
    assert queue(people, board, view="all", team_id=people["it"].id) == []
    assert queue(people, board, view="all", text="Printer") == []
    assert queue(people, board, view="all", text=board["it_overdue"].reference) == []


def test_an_unknown_view_is_a_validation_error(people):
    with pytest.raises(ValidationError) as raised:
        queue(people, view="everything")
    assert "view" in raised.value.fields


def test_tickets_with_no_running_clock_go_last_in_id_order(people, board):
    # Created first, so by id alone they would lead; they have nothing due, so they trail.
    order = queue(people, board, view="all")
    assert order[-3:] == ["waiting", "resolved", "closed"]
    assert order[:2] == ["overdue", "soon"]


# --- filters -------------------------------------------------------------------------------


@pytest.fixture
def catalogue(make_category):
    streets = make_category("Streets")
    lights = make_category("Lighting", parent=streets)
    led = make_category("LED lamps", parent=lights)
    parks = make_category("Parks")
    return {"streets": streets, "lights": lights, "led": led, "parks": parks}


@pytest.fixture
def mixed(make_queued, catalogue):
    return {
        "lamp": make_queued(
            "Streetlight dark on Elm Street", category=catalogue["led"], channel="citizen_portal"
        ),
        "pothole": make_queued(
            "Pothole near the school",
            category=catalogue["streets"],
            channel="email",
            contact_name="Pat Walker",
            contact_email="Pat.Walker@Example.net",
            statuses=[Status.IN_PROGRESS],
        ),
        "bench": make_queued(
            "Broken bench in the park",
            category=catalogue["parks"],
            impact="high",
            urgency="high",
            assignee="agent",
        ),
        "lights_root": make_queued("Lighting survey", category=catalogue["lights"]),
        "it_laptop": make_queued(
            "Laptop dark screen on Elm Street",
            team="it",
            category=catalogue["led"],
            channel="email",
            contact_email="pat.walker@example.net",
        ),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "in_progress"}, ["pothole"]),
        ({"status": "new"}, ["lamp", "bench", "lights_root"]),
        ({"status": "waiting_on_requester"}, []),
        ({"assignee": "none"}, ["lamp", "pothole", "lights_root"]),
        ({"channel": "email"}, ["pothole"]),
        ({"channel": "citizen_portal"}, ["lamp"]),
        ({"priority": "critical"}, ["bench"]),
        ({"priority": "medium"}, ["lamp", "pothole", "lights_root"]),
        ({"text": "elm"}, ["lamp"]),
        ({"text": "  BENCH  "}, ["bench"]),
        ({"text": "walker@EXAMPLE"}, ["pothole"]),
        ({"text": "%"}, []),
        ({"text": "_"}, []),
        ({"text": "no such words"}, []),
        ({"category_id": "streets"}, ["lamp", "pothole", "lights_root"]),
        ({"category_id": "lights"}, ["lamp", "lights_root"]),
        ({"category_id": "led"}, ["lamp"]),
        ({"category_id": "parks"}, ["bench"]),
        ({"category_id": "streets", "channel": "email"}, ["pothole"]),
        ({"category_id": "streets", "text": "dark"}, ["lamp"]),
    ],
    ids=repr,
)
def test_filters_narrow_the_queue(people, mixed, catalogue, filters, expected):
    if "category_id" in filters:
        filters = filters | {"category_id": catalogue[filters["category_id"]].id}
    assert queue(people, mixed, view="all", **filters) == expected


def test_filter_by_team_and_by_assignee(people, mixed):
    assert queue(people, mixed, view="all", team_id=people["works"].id) == [
        "lamp",
        "pothole",
        "bench",
        "lights_root",
    ]
    assert queue(people, mixed, view="all", assignee=str(people["agent"].id)) == ["bench"]
    assert queue(people, mixed, view="all", assignee=str(people["colleague"].id)) == []


@pytest.mark.parametrize(
    "spelling",
    [
        lambda t: t.reference,  # SD-000123
        lambda t: t.reference.lower(),
        lambda t: f" {t.reference} ",
        lambda t: str(t.id),  # the bare number
        lambda t: f"{t.id:06d}",
    ],
    ids=["reference", "lower-case", "spaces", "bare-number", "zero-padded"],
)
def test_a_reference_finds_exactly_that_ticket(people, mixed, spelling):
    for name, ticket in mixed.items():
        expected = [] if name == "it_laptop" else [name]
        assert queue(people, mixed, view="all", text=spelling(ticket)) == expected


def test_a_reference_with_no_ticket_finds_nothing(people, mixed):
    assert queue(people, mixed, view="all", text="SD-999999") == []


# --- keyset paging -------------------------------------------------------------------------


@pytest.fixture
def seven(make_queued):
    """Seven tickets: two due at the same early time, three at the same later time, two
    with no running clock. Created in an order that differs from the queue order."""
    return [
        make_queued("Resolved one", statuses=[Status.RESOLVED]),
        make_queued("Later one"),
        make_queued("Early one", opened=MONDAY_10AM_NY),
        make_queued("Later two"),
        make_queued("Waiting one", statuses=[Status.WAITING]),
        make_queued("Early two", opened=MONDAY_10AM_NY),
        make_queued("Later three"),
    ]


SEVEN_IN_ORDER = [
    "Early one",
    "Early two",
    "Later one",
    "Later two",
    "Later three",
    "Resolved one",
    "Waiting one",
]


def all_pages(user, size, **filters) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = queues.fetch_page(user, QueueFilters(after=cursor, **filters), NOW, size)
        pages.append([ticket.subject for ticket in page.tickets])
        cursor = page.next_cursor
        if cursor is None:
            return pages
        assert len(pages) <= 8, "paging does not end"


def test_the_seven_tickets_queue_in_due_then_id_order(people, seven):
    assert queue(people, view="all") == SEVEN_IN_ORDER


def test_pages_of_three_return_every_ticket_once_in_order(people, seven):
    pages = all_pages(people["agent"], 3, view="all")
    assert pages == [SEVEN_IN_ORDER[0:3], SEVEN_IN_ORDER[3:6], SEVEN_IN_ORDER[6:7]]


@pytest.mark.parametrize("size", [1, 2, 4, 6, 7, 8])
def test_any_page_size_returns_every_ticket_once_in_order(people, seven, size):
    pages = all_pages(people["agent"], size, view="all")
    assert [subject for page in pages for subject in page] == SEVEN_IN_ORDER
    assert all(len(page) == size for page in pages[:-1]) and 0 < len(pages[-1]) <= size


def test_paging_keeps_the_filters(people, seven):
    pages = all_pages(people["agent"], 2, view="all", text="later")
    assert pages == [["Later one", "Later two"], ["Later three"]]


def test_the_last_page_has_no_next_cursor(people, seven):
    first = queues.fetch_page(people["agent"], QueueFilters(view="all"), NOW, 7)
    assert first.next_cursor is None and len(first.tickets) == 7


@pytest.mark.parametrize(
    "cursor",
    [
        "zzz",
        "123",
        "abc_1",
        "1_abc",
        "1.5_2",
        "1_0",
        "1_-3",
        "1_" + "9" * 20,
        "9" * 30 + "_1",
        "_",
    ],
)
def test_a_malformed_cursor_is_a_validation_error(people, seven, cursor):
    with pytest.raises(ValidationError) as raised:
        queues.fetch_page(people["agent"], QueueFilters(view="all", after=cursor), NOW, 3)
    assert raised.value.fields == {"after": "Not a valid page cursor."}


# --- the queue page's filter parsing -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [("team", "²"), ("category", "²"), ("assignee", "²"), ("team", "1²"), ("team", "abc")],
)
def test_a_queue_filter_that_is_not_an_id_answers_400(people, login_as, name, value):
    # "²" passes str.isdigit() but int() refuses it: it must be a 400, never a 500.
    response = login_as(people["agent"]).get("/agent/", query_string={name: value})
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)
