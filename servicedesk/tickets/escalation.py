"""The SLA sweep: record each warning and breach once, and tell the team's leads.

Idempotent: a ticket's warned/breached marks are set the first time, so running the sweep
every minute (or twice at once after a restart) never repeats an escalation.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from . import lifecycle
from .models import Ticket
from .service import record_escalation


@dataclass
class EscalationReport:
    warnings: int = 0
    breaches: int = 0

    def __str__(self) -> str:
        return f"{self.warnings} warning(s), {self.breaches} breach(es) recorded"


# (target, kind, the instant it happens, the mark set once, the due time)
_CHECKS = (
    ("first_response", "breach", Ticket.first_response_due_at, Ticket.first_response_breached_at),
    ("first_response", "warning", Ticket.first_response_warn_at, Ticket.first_response_warned_at),
    ("resolution", "breach", Ticket.resolution_due_at, Ticket.resolution_breached_at),
    ("resolution", "warning", Ticket.resolution_warn_at, Ticket.resolution_warned_at),
)
_DUE = {"first_response": Ticket.first_response_due_at, "resolution": Ticket.resolution_due_at}


def escalate(now: datetime, batch_size: int = 500) -> EscalationReport:
    """Record every warning and breach due by *now*; flushes, the caller commits."""
    report = EscalationReport()
    for target, kind, instant, mark in _CHECKS:
        query = (
            select(Ticket)
            .where(Ticket.status.in_(list(lifecycle.ACTIVE)), instant <= now, mark.is_(None))
            .order_by(instant)
            .limit(batch_size)
        )
        if kind == "warning":
            # A warning after the breach says nothing new: a late sweep records the breach only.
            query = query.where(_DUE[target] > now)
        while batch := list(db.session.scalars(query)):
            for ticket in batch:
                if record_escalation(ticket, kind, target, now=now):
                    if kind == "breach":
                        report.breaches += 1
                    else:
                        report.warnings += 1
            db.session.flush()
    return report
