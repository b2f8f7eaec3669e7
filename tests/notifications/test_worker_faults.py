"""The fault test: 1,000 notifications queued while the SMTP server is down, the real worker
(`servicedesk worker`) killed with SIGKILL twice during delivery, then exactly 1,000 messages
arrive, none twice. Runs on SQLite and PostgreSQL against a real SMTP server (aiosmtpd).

Run it alone with ``pytest tests/notifications/test_worker_faults.py -s`` to see its figures.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from servicedesk.extensions import db
from servicedesk.notifications import outbox
from servicedesk.notifications.models import OutboxKind, OutboxMessage, OutboxStatus

from ..conftest import missing_server
from .test_email_out import free_port

MESSAGES = 1_000
KILL_AFTER = (200, 550)  # SIGKILL the worker once the server has this many messages
DEADLINE_SECONDS = 60


class CountingServer:
    """Counts each Message-ID the SMTP server accepts."""

    def __init__(self):
        self.received = Counter()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        self.received[message["Message-ID"]] += 1
        return "250 OK"

    @property
    def total(self) -> int:
        return sum(self.received.values())


def queue_messages(count: int) -> None:
    for number in range(count):
        outbox.enqueue(
            kind=OutboxKind.EMAIL,
            key=f"fault-test:{number}",
            event="fault_test",
            recipient=f"resident{number}@example.net",
            message_id=f"<fault-{number}@riverton.test>",
            payload={
                "from": "Riverton Service Desk <desk@riverton.test>",
                "to": f"resident{number}@example.net",
                "subject": f"Notice {number}",
                "text": f"Notice number {number}.",
                "html": f"<p>Notice number {number}.</p>",
                "message_id": f"<fault-{number}@riverton.test>",
                "date": "Wed, 02 Dec 2026 06:00:00 +0000",
            },
        )
    db.session.commit()


def start_worker(
    app, tmp_path: Path, port: int, log_name: str, jobs_url: str | None = None
) -> subprocess.Popen:
    env = os.environ | {
        "SERVICEDESK_ENV": "development",
        "SERVICEDESK_SECRET_KEY": "fault-test-secret",
        "SERVICEDESK_INSTANCE_PATH": str(tmp_path / "worker"),
        "SERVICEDESK_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SERVICEDESK_JOBS_URL": jobs_url or f"sqlite:///{tmp_path / 'jobs.db'}",
        "SERVICEDESK_SMTP_HOST": "127.0.0.1",
        "SERVICEDESK_SMTP_PORT": str(port),
        "SERVICEDESK_SMTP_SECURITY": "none",
        "SERVICEDESK_OUTBOX_RETRY_SECONDS": "1",
        "SERVICEDESK_OUTBOX_CLAIM_TIMEOUT": "2",
    }
    command = [str(Path(sys.executable).parent / "servicedesk"), "worker", "--threads", "2"]
    with open(tmp_path / log_name, "wb") as log:  # the child keeps its own copy of the handle
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def sent_rows() -> int:
    db.session.commit()  # a fresh snapshot each time
    return db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENT)
    )


def wait_until(condition, what: str, deadline: float) -> None:
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting until {what}")
        time.sleep(0.05)


def test_a_killed_worker_and_a_down_server_lose_and_double_nothing(app, tmp_path):
    port = free_port()
    queue_messages(MESSAGES)
    deadline = time.monotonic() + DEADLINE_SECONDS
    started = time.monotonic()
    worker = start_worker(app, tmp_path, port, "worker-1.log")
    kills = 0
    server = CountingServer()
    controller = None
    try:
        time.sleep(3)  # the worker tries, finds no server, and the rows wait
        assert sent_rows() == 0
        db.session.commit()
        waiting = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.attempts == 0)
        )
        assert waiting == MESSAGES  # an unreachable server costs no attempt

        controller = Controller(server, hostname="127.0.0.1", port=port)
        controller.start()
        for threshold in KILL_AFTER:
            wait_until(lambda t=threshold: server.total >= t, f"{threshold} arrived", deadline)
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            kills += 1
            worker = start_worker(app, tmp_path, port, f"worker-{kills + 1}.log")
        wait_until(lambda: sent_rows() == MESSAGES, "every row is sent", deadline)
        try:
            wait_until(lambda: server.total >= MESSAGES, "every message arrived", deadline)
        except AssertionError:
            missing = [
                row
                for row in db.session.scalars(select(OutboxMessage))
                if row.message_id not in server.received
            ]
            print(
                "MISSING",
                server.total,
                [(r.id, r.attempts, r.sent_at, r.last_error) for r in missing][:20],
            )
            raise
        time.sleep(2)  # a late duplicate would arrive now
        elapsed = time.monotonic() - started
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
        if controller is not None:
            controller.stop()

    doubled = {key: count for key, count in server.received.items() if count > 1}
    print(
        f"\nfault test: {MESSAGES} queued, {kills} SIGKILLs, {server.total} arrived, "
        f"{len(server.received)} distinct, {len(doubled)} doubled, {elapsed:.1f} s"
    )
    assert kills == 2
    assert doubled == {}
    assert len(server.received) == MESSAGES
    assert server.total == MESSAGES


def test_at_scale_the_worker_is_woken_through_redis(app, tmp_path):
    """SERVICEDESK_JOBS_URL=redis://... : the web side's wake-up after a commit travels through
    Redis to a worker process, which delivers at once (no minute sweep needed)."""
    import redis

    # A database of its own on the machine's Redis, apart from other test processes running
    # at the same time (parallel workers, other checkouts), since the test empties it.
    jobs_url = f"redis://127.0.0.1:6379/{1 + os.getpid() % 15}"
    try:
        redis.Redis.from_url(jobs_url, socket_connect_timeout=2).flushdb()
    except redis.ConnectionError:
        missing_server("Redis is not running on 127.0.0.1:6379", "SERVICEDESK_REQUIRE_REDIS")
    from servicedesk.notifications import jobs

    port = free_port()
    server = CountingServer()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    worker = start_worker(app, tmp_path, port, "worker-redis.log", jobs_url=jobs_url)
    try:
        time.sleep(2)  # the worker's first drain finds nothing; it now waits on Redis
        app.config["JOBS_URL"] = jobs_url
        jobs.init_app(app)  # this "web process" now enqueues its wake-ups in Redis
        started = time.monotonic()
        queue_messages(3)  # the commit wakes the worker through Redis
        deadline = started + 20
        wait_until(lambda: server.total >= 3, "the three messages arrived", deadline)
        assert time.monotonic() - started < 15  # well before the minute sweep
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=10)
        controller.stop()
    assert server.total == 3
