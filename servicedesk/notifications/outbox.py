"""The outbox: messages queued in the transaction of their cause, delivered by workers.

Queueing (:func:`enqueue`) adds a row to the caller's transaction, so a rolled back change
sends nothing; a repeated idempotency key queues nothing. After the commit the worker is woken.

Delivery (:func:`drain`) claims a few due rows in one short transaction (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL; SQLite has one writer at a time), so two workers never hold the same
row. Each row is marked sent at its transport's point of no return (see ``email_out``), and the
mark only lands while this worker still holds the claim. A transport that cannot be reached
(the SMTP server is down) costs no attempt: the row waits. A refused message is retried with
exponential backoff and, after the last attempt or a permanent refusal, ends "failed", where an
admin can send it again. Claims of a worker that died are freed after a timeout.
"""

import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import event, func, select, text, update
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..audit import record as audit
from ..errors import InvalidTransition
from ..extensions import db
from ..timeutils import utcnow
from .models import DeliveryAttempt, OutboxKind, OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

_QUEUED_KEYS = "outbox_keys"
_WAKE = "outbox_wake"
MAX_BACKOFF = timedelta(hours=6)


class TransportDown(Exception):
    """The server could not be reached: the message waits and no attempt is counted."""


class DeliveryFailed(Exception):
    """This message was refused. ``permanent`` gives up at once (an unknown mailbox)."""

    def __init__(self, detail: str, *, permanent: bool = False):
        super().__init__(detail)
        self.permanent = permanent


class ClaimLost(Exception):
    """Another worker took the row over (this one was presumed dead): do not deliver."""


class Transport(Protocol):
    def send(self, message: OutboxMessage, commit_point: Callable[[], None]) -> str:
        """Deliver *message*; call *commit_point* just before the delivery becomes final
        (it marks the row sent and commits). Return what the receiver answered."""

    def close(self) -> None: ...


# --- queueing ------------------------------------------------------------------------------


def enqueue(
    *,
    kind: OutboxKind,
    key: str,
    event: str,
    recipient: str,
    payload: dict[str, Any],
    ticket_id: int | None = None,
    webhook_id: int | None = None,
    message_id: str | None = None,
    now: datetime | None = None,
) -> OutboxMessage | None:
    """Queue one message in the current transaction; None if *key* was queued before."""
    key = key[:200]
    queued = db.session.info.setdefault(_QUEUED_KEYS, set())
    if key in queued:
        return None
    with db.session.no_autoflush:
        exists = db.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)
        )
    if exists is not None:
        return None
    row = OutboxMessage(
        kind=kind,
        idempotency_key=key,
        event=event,
        recipient=recipient[:500],
        payload=payload,
        ticket_id=ticket_id,
        webhook_id=webhook_id,
        message_id=message_id,
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now or utcnow(),
        created_at=now or utcnow(),
    )
    db.session.add(row)
    queued.add(key)
    db.session.info[_WAKE] = True
    return row


wake_callbacks: list[Callable[[], None]] = []


def on_commit_wake(callback: Callable[[], None]) -> None:
    """Call *callback* after each commit that queued messages (the worker's wake-up)."""
    wake_callbacks.append(callback)


@event.listens_for(Session, "after_commit")
def _wake_worker(session: Session) -> None:
    session.info.pop(_QUEUED_KEYS, None)
    session.info.pop("notification_screen", None)  # preferences.prime's reads
    if session.info.pop(_WAKE, False):
        for callback in wake_callbacks:
            try:
                callback()
            except Exception:  # the rows are committed; the worker's minute sweep finds them
                log.exception("Could not wake the notification worker")


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    session.info.pop(_QUEUED_KEYS, None)
    session.info.pop("notification_screen", None)
    session.info.pop(_WAKE, None)


# --- delivery ------------------------------------------------------------------------------


@dataclass
class Settings:
    max_attempts: int = 8
    retry_seconds: int = 30
    claim_timeout_seconds: int = 300
    batch_size: int = 10

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(
            max_attempts=config["OUTBOX_MAX_ATTEMPTS"],
            retry_seconds=config["OUTBOX_RETRY_SECONDS"],
            claim_timeout_seconds=config["OUTBOX_CLAIM_TIMEOUT"],
        )


@dataclass
class DrainReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    waiting: int = 0  # the transport was down

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed, "
            f"{self.waiting} waiting for their server"
        )


def drain(
    transports: dict[OutboxKind, Transport],
    worker: str,
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utcnow,
    limit: int | None = None,
) -> DrainReport:
    """Deliver every due row (or *limit* of them); commits as it goes."""
    report = DrainReport()
    free_stale_claims(clock(), settings)
    down: dict[OutboxKind, str] = {}  # kind -> why its server could not be reached
    handled = 0
    try:
        while limit is None or handled < limit:
            kinds = [kind for kind in transports if kind not in down]
            ids = claim_due(worker, clock(), settings.batch_size, kinds)
            if not ids:
                break
            for outbox_id in ids:
                handled += 1
                deliver_one(outbox_id, worker, transports, settings, clock, report, down)
    finally:
        for transport in transports.values():
            transport.close()
    return report


def claim_due(
    worker: str, now: datetime, batch_size: int, kinds: Iterable[OutboxKind] | None = None
) -> list[int]:
    """Claim up to *batch_size* due rows for *worker* and commit; return their ids."""
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.claimed_by.is_(None),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(batch_size)
    )
    if kinds is not None:
        due = due.where(OutboxMessage.kind.in_([OutboxKind(kind) for kind in kinds]))
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    # A CTE runs once: PostgreSQL may run an IN (... LIMIT) subquery again per row and
    # claim more than the batch.
    due = due.cte("due")
    claim = (
        update(OutboxMessage)
        .where(OutboxMessage.id == due.c.id, OutboxMessage.claimed_by.is_(None))
        .values(claimed_by=worker, claimed_at=now)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    ids = sorted(db.session.scalars(claim))
    db.session.commit()
    return ids


def free_stale_claims(now: datetime, settings: Settings) -> int:
    """Release rows claimed longer ago than the timeout (their worker died); commit."""
    cutoff = now - timedelta(seconds=settings.claim_timeout_seconds)
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.claimed_by.is_not(None),
            OutboxMessage.claimed_at < cutoff,
        )
        .values(claimed_by=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount:
        log.warning("Freed %d outbox claims of a worker that stopped", result.rowcount)
    return result.rowcount


def deliver_one(
    outbox_id: int,
    worker: str,
    transports: dict[OutboxKind, Transport],
    settings: Settings,
    clock: Callable[[], datetime],
    report: DrainReport,
    down: dict[OutboxKind, str],
) -> None:
    """Deliver one claimed row. A transport found down is noted in *down*: the rest of its
    rows in this drain wait without another try."""
    row = db.session.get(OutboxMessage, outbox_id)
    if row is None or row.status != OutboxStatus.PENDING or row.claimed_by != worker:
        db.session.rollback()
        return
    kind = row.kind
    if kind in down:
        db.session.rollback()
        report.waiting += 1
        _wait_for_transport(outbox_id, down[kind], clock(), settings, tried=False)
        return
    started = time.perf_counter()
    committed = False

    def commit_point() -> None:
        nonlocal committed
        _mark_sent(outbox_id, worker, clock())
        committed = True

    try:
        detail = transports[kind].send(row, commit_point)
        if not committed:
            commit_point()
    except ClaimLost:
        db.session.rollback()
        return
    except TransportDown as error:
        db.session.rollback()
        report.waiting += 1
        down[kind] = str(error)
        _wait_for_transport(outbox_id, down[kind], clock(), settings, tried=True)
        return
    except Exception as error:  # refused, or a bug in a transport: both must stay visible
        db.session.rollback()
        permanent = isinstance(error, DeliveryFailed) and error.permanent
        detail = str(error) if isinstance(error, DeliveryFailed) else f"{type(error).__name__}"
        if not isinstance(error, DeliveryFailed):
            log.exception("Delivering outbox row %s failed", outbox_id)
        _record_failure(outbox_id, detail, clock(), settings, report, permanent, committed)
        return
    report.sent += 1
    _log_attempt(outbox_id, True, detail, started, clock())


def _mark_sent(outbox_id: int, worker: str, now: datetime) -> None:
    """Mark sent and commit, only while *worker* still holds the claim."""
    db.session.rollback()  # nothing else may ride along in this commit
    if db.engine.dialect.name == "postgresql":
        # The commit is the point of no return, and a worker killed while it waits for the
        # server's fsync loses the message. Without the wait the window is one round trip;
        # only a crash of PostgreSQL itself in the next fraction of a second undoes the mark
        # (and then the message is sent twice, never lost).
        db.session.execute(text("SET LOCAL synchronous_commit = off"))
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == outbox_id,
            OutboxMessage.claimed_by == worker,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(
            status=OutboxStatus.SENT,
            sent_at=now,
            claimed_by=None,
            claimed_at=None,
            attempts=OutboxMessage.attempts + 1,
            last_error="",
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        raise ClaimLost(f"outbox row {outbox_id} was claimed by another worker")


def _wait_for_transport(outbox_id: int, detail: str, now, settings: Settings, *, tried) -> None:
    """The server is down: release the row for a try after the base retry delay, without
    counting an attempt (an outage is no fault of the message)."""
    if tried:
        db.session.add(
            DeliveryAttempt(outbox_id=outbox_id, attempted_at=now, ok=False, detail=detail[:500])
        )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .values(
            claimed_by=None,
            claimed_at=None,
            next_attempt_at=now + timedelta(seconds=settings.retry_seconds),
            last_error=detail,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _record_failure(outbox_id, detail, now, settings, report, permanent, marked_sent) -> None:
    """Count the attempt (marking sent counted it already) and schedule the next, or give up.

    A message the server refused after it was marked sent goes back to waiting."""
    row = db.session.get(OutboxMessage, outbox_id)
    if marked_sent:
        row.status, row.sent_at = OutboxStatus.PENDING, None
    else:
        row.attempts += 1
    row.claimed_by = row.claimed_at = None
    row.last_error = detail[:2000]
    if permanent or row.attempts >= settings.max_attempts:
        row.status = OutboxStatus.FAILED
        report.failed += 1
    else:
        row.next_attempt_at = now + backoff(row.attempts, settings.retry_seconds)
        report.retrying += 1
    db.session.add(
        DeliveryAttempt(outbox_id=outbox_id, attempted_at=now, ok=False, detail=detail[:500])
    )
    db.session.commit()


def _log_attempt(outbox_id, ok, detail, started, now) -> None:
    duration = int((time.perf_counter() - started) * 1000)
    db.session.add(
        DeliveryAttempt(
            outbox_id=outbox_id, attempted_at=now, ok=ok, detail=detail[:500], duration_ms=duration
        )
    )
    db.session.commit()


def backoff(attempts: int, base_seconds: int) -> timedelta:
    """Exponential backoff with jitter: about base, 2 x base, 4 x base ... up to six hours."""
    delay = timedelta(seconds=base_seconds) * 2 ** max(attempts - 1, 0)
    delay = min(delay, MAX_BACKOFF)
    return delay * random.uniform(0.8, 1.2)


def next_due_at(settings: Settings) -> datetime | None:
    """When the worker has something to do next: the earliest waiting row comes due, or the
    earliest claim of a worker that may have died can be freed."""
    pending = OutboxMessage.status == OutboxStatus.PENDING
    waiting = db.session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(
            pending, OutboxMessage.claimed_by.is_(None)
        )
    )
    oldest_claim = db.session.scalar(
        select(func.min(OutboxMessage.claimed_at)).where(
            pending, OutboxMessage.claimed_by.is_not(None)
        )
    )
    if oldest_claim is not None:
        expiry = oldest_claim + timedelta(seconds=settings.claim_timeout_seconds + 1)
        waiting = expiry if waiting is None else min(waiting, expiry)
    return waiting


# --- administration ------------------------------------------------------------------------


def retry(row: OutboxMessage, *, actor: User, now: datetime | None = None) -> None:
    """Send a failed row again from a fresh count of attempts (audited); flushes.

    :raises InvalidTransition: if the row has not failed.
    """
    if row.status != OutboxStatus.FAILED:
        raise InvalidTransition("Only a failed message can be sent again.")
    now = now or utcnow()
    row.status = OutboxStatus.PENDING
    row.attempts = 0
    row.next_attempt_at = now
    row.claimed_by = row.claimed_at = None
    db.session.info[_WAKE] = True
    audit(actor, "outbox.retried", row, f"{row.event} to {row.recipient}", now=now)


def counts_by_status() -> dict[OutboxStatus, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    found = {status: 0 for status in OutboxStatus}
    found.update({status: count for status, count in rows})
    return found
