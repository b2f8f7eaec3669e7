"""The ticket lifecycle as a pure table: which status may follow which.

Waiting on the requester pauses the SLA clocks; resolved, closed and cancelled stop them.
A resolved ticket can be reopened; closed and cancelled are final.

A request whose catalog item needs approval waits in "awaiting approval" (clocks paused) until
an approver decides; only the approval verbs of ``service.py`` enter and leave that status
(approved -> new, and routed; rejected -> closed), so no status change can skip the decision.
"""

from enum import StrEnum

from ..i18n import LazyText, lazy_text


class Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting_on_requester"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    AWAITING_APPROVAL = "awaiting_approval"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.NEW: "New",
    Status.OPEN: "Open",
    Status.IN_PROGRESS: "In progress",
    Status.WAITING: "Waiting on requester",
    Status.RESOLVED: "Resolved",
    Status.CLOSED: "Closed",
    Status.CANCELLED: "Cancelled",
    Status.AWAITING_APPROVAL: "Awaiting approval",
}

# The labels in the reader's language, as a title ("Resolved") and inside a sentence ("resolved").
_STATUS_NAMES = {
    Status.NEW: (lazy_text("New"), lazy_text("new")),
    Status.OPEN: (lazy_text("Open"), lazy_text("open")),
    Status.IN_PROGRESS: (lazy_text("In progress"), lazy_text("in progress")),
    Status.WAITING: (lazy_text("Waiting on requester"), lazy_text("waiting on requester")),
    Status.RESOLVED: (lazy_text("Resolved"), lazy_text("resolved")),
    Status.CLOSED: (lazy_text("Closed"), lazy_text("closed")),
    Status.CANCELLED: (lazy_text("Cancelled"), lazy_text("cancelled")),
}


def status_name(status: Status | str | None, *, in_sentence: bool = False) -> LazyText | str:
    """*status* as its reader's language names it; an unknown value as it is."""
    try:
        title, word = _STATUS_NAMES[Status(status)]
    except ValueError:
        return status or ""
    return word if in_sentence else title


_WORKING = {Status.OPEN, Status.IN_PROGRESS, Status.WAITING}

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset(_WORKING | {Status.RESOLVED, Status.CANCELLED}),
    Status.OPEN: frozenset({Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.OPEN, Status.WAITING, Status.RESOLVED, Status.CANCELLED}),
    Status.WAITING: frozenset({Status.OPEN, Status.IN_PROGRESS, Status.RESOLVED, Status.CANCELLED}),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),  # open again = reopen
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.AWAITING_APPROVAL: frozenset({Status.CANCELLED}),  # decisions: see the docstring
}

PAUSING = frozenset({Status.WAITING, Status.AWAITING_APPROVAL})
STOPPED = frozenset({Status.RESOLVED, Status.CLOSED, Status.CANCELLED})
ACTIVE = frozenset(Status) - STOPPED
FINAL = frozenset({Status.CLOSED, Status.CANCELLED})


def can_transition(old: Status, new: Status) -> bool:
    return new in TRANSITIONS[old]


def allowed_next(old: Status) -> list[Status]:
    """Statuses an agent may pick next, in lifecycle order."""
    return [status for status in Status if status in TRANSITIONS[old]]


def after_requester_reply(status: Status) -> Status:
    """A requester's reply wakes a waiting or resolved ticket; otherwise nothing changes."""
    return Status.OPEN if status in (Status.WAITING, Status.RESOLVED) else status


def after_agent_reply(status: Status) -> Status:
    """An agent's first public reply takes a new ticket into work."""
    return Status.OPEN if status == Status.NEW else status
