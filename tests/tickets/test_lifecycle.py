"""The lifecycle and priority tables, written out by hand: no app, no database."""

import pytest

from servicedesk.tickets import lifecycle
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.priority import priority_for

NEW, OPEN, WORKING, WAITING = Status.NEW, Status.OPEN, Status.IN_PROGRESS, Status.WAITING
RESOLVED, CLOSED, CANCELLED = Status.RESOLVED, Status.CLOSED, Status.CANCELLED
APPROVAL = Status.AWAITING_APPROVAL

# Rows: the status a ticket has; columns: the status an agent picks. "y" = allowed.
# Awaiting approval is entered and left only by the approval verbs (approve -> new, reject ->
# closed): an agent can only cancel such a request, so no status change skips the decision.
COLUMNS = (NEW, OPEN, WORKING, WAITING, RESOLVED, CLOSED, CANCELLED, APPROVAL)
TRANSITION_TABLE = {
    #            new  open work wait res  clos canc appr
    NEW:       ("-", "y", "y", "y", "y", "-", "y", "-"),
    OPEN:      ("-", "-", "y", "y", "y", "-", "y", "-"),
    WORKING:   ("-", "y", "-", "y", "y", "-", "y", "-"),
    WAITING:   ("-", "y", "y", "-", "y", "-", "y", "-"),
    RESOLVED:  ("-", "y", "-", "-", "-", "y", "-", "-"),
    CLOSED:    ("-", "-", "-", "-", "-", "-", "-", "-"),
    CANCELLED: ("-", "-", "-", "-", "-", "-", "-", "-"),
    APPROVAL:  ("-", "-", "-", "-", "-", "-", "y", "-"),
}  # fmt: skip

TRANSITION_CASES = [
    pytest.param(old, new, mark == "y", id=f"{old}->{new}")
    for old, row in TRANSITION_TABLE.items()
    for new, mark in zip(COLUMNS, row, strict=True)
]


def test_the_table_covers_every_pair_of_statuses():
    assert len(TRANSITION_CASES) == len(Status) ** 2 == 64
    assert set(TRANSITION_TABLE) == set(COLUMNS) == set(Status)


@pytest.mark.parametrize(("old", "new", "allowed"), TRANSITION_CASES)
def test_transition_is_allowed_or_forbidden_as_the_table_says(old, new, allowed):
    assert lifecycle.can_transition(old, new) is allowed


@pytest.mark.parametrize(
    ("status", "choices"),
    [
        (NEW, [OPEN, WORKING, WAITING, RESOLVED, CANCELLED]),
        (OPEN, [WORKING, WAITING, RESOLVED, CANCELLED]),
        (WORKING, [OPEN, WAITING, RESOLVED, CANCELLED]),
        (WAITING, [OPEN, WORKING, RESOLVED, CANCELLED]),
        (RESOLVED, [OPEN, CLOSED]),
        (CLOSED, []),
        (CANCELLED, []),
        (APPROVAL, [CANCELLED]),
    ],
)
def test_allowed_next_lists_the_choices_in_lifecycle_order(status, choices):
    assert lifecycle.allowed_next(status) == choices


@pytest.mark.parametrize(
    ("status", "after_requester", "after_agent"),
    [
        (NEW, NEW, OPEN),
        (OPEN, OPEN, OPEN),
        (WORKING, WORKING, WORKING),
        (WAITING, OPEN, WAITING),
        (RESOLVED, OPEN, RESOLVED),
        (CLOSED, CLOSED, CLOSED),
        (CANCELLED, CANCELLED, CANCELLED),
        (APPROVAL, APPROVAL, APPROVAL),
    ],
)
def test_a_reply_moves_the_status_only_where_it_should(status, after_requester, after_agent):
    assert lifecycle.after_requester_reply(status) == after_requester
    assert lifecycle.after_agent_reply(status) == after_agent


@pytest.mark.parametrize(
    ("status", "pauses_clock", "stops_clock", "is_final", "is_active"),
    [
        (NEW, False, False, False, True),
        (OPEN, False, False, False, True),
        (WORKING, False, False, False, True),
        (WAITING, True, False, False, True),
        (RESOLVED, False, True, False, False),
        (CLOSED, False, True, True, False),
        (CANCELLED, False, True, True, False),
        (APPROVAL, True, False, False, True),
    ],
)
def test_which_statuses_pause_stop_or_end_the_ticket(
    status, pauses_clock, stops_clock, is_final, is_active
):
    assert (status in lifecycle.PAUSING) is pauses_clock
    assert (status in lifecycle.STOPPED) is stops_clock
    assert (status in lifecycle.FINAL) is is_final
    assert (status in lifecycle.ACTIVE) is is_active


@pytest.mark.parametrize(
    ("impact", "urgency", "priority"),
    [
        ("high", "high", "critical"),
        ("high", "medium", "high"),
        ("high", "low", "medium"),
        ("medium", "high", "high"),
        ("medium", "medium", "medium"),
        ("medium", "low", "low"),
        ("low", "high", "medium"),
        ("low", "medium", "low"),
        ("low", "low", "low"),
    ],
)
def test_priority_follows_the_impact_urgency_matrix(impact, urgency, priority):
    assert priority_for(impact, urgency) == priority


@pytest.mark.parametrize(
    ("impact", "urgency"),
    [("urgent", "high"), ("high", "HIGH"), ("", "low"), ("low", None), ("critical", "critical")],
)
def test_priority_refuses_a_level_outside_high_medium_low(impact, urgency):
    with pytest.raises(ValueError, match="must be one of high, medium, low"):
        priority_for(impact, urgency)
