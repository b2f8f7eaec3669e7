"""Notifications benchmark: how fast the worker empties the outbox into an SMTP server, and
what notifications add to opening a ticket.

    python bench/notifications.py                        # both parts, SQLite
    python bench/notifications.py throughput --messages 2000 --threads 1 --threads 2 \
        --socket as-shipped --socket nodelay
    python bench/notifications.py throughput \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/notifications.py latency --tickets 500 --breakdown 200

``throughput`` makes a fresh instance folder per run, its schema with ``servicedesk db
upgrade``, and queues N emails with ``outbox.enqueue`` (the payload ``events._email`` builds
for a "received" notice, its text and HTML rendered by the real templates). Wake-ups:
``commit`` queues the rows six at a time (one ticket's notices), each commit waking the worker
through the jobs file as the web process does; ``one`` queues them in one transaction with no
wake-up but the worker's own at start-up (a backlog found when the worker starts). An aiosmtpd
server in another process counts what it accepts; then the real ``servicedesk worker
--threads T`` starts as a subprocess and the run is timed from its start until every row is
``sent`` (the database is polled every 0.1 s). Reported: messages/s over the whole run, the
start-up (spawn to the first ``sent_at``), the delivery rate from the first to the last
``sent_at``, and the worker's CPU per message. With ``--database-url`` (an admin URL of a
PostgreSQL server) each run gets its own database ``bench_notifications_<pid>``, dropped after.
``--socket nodelay`` is a what-if: the same worker started through a few lines that set
TCP_NODELAY on smtplib's sockets, to show what Nagle's algorithm costs the split end-of-data
write (``email_out.SmtpTransport.send``).

``latency`` runs in-process: a fresh SQLite database (migrations), a desk of one team of five
agents (one a lead) that a category's routing rule sends tickets to (least loaded), an SLA
policy on a business-hours calendar, and a dispatcher outside the team who files every ticket
(channel "agent", a contact email that differs per ticket). It times ``open_ticket(...)`` plus
``db.session.commit()`` with ``NOTIFICATIONS_ENABLED`` on and off, alternating per ticket
(ABBA) after a warm-up, the jobs queue a SQLite file as in production, and reports p50/p95/mean
and the difference, the outbox rows written per ticket, the SQL statements per opening and
the after-commit wake-up alone; ``--breakdown N`` then opens N more tickets with each step of
``events`` timed (wrapped in this process; nothing in the app changes).

Both print a Markdown table and write JSON to ``bench/results/notifications-<time>.json``.
Only 127.0.0.1 is ever contacted.
"""

import argparse
import json
import multiprocessing
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import HOST, free_port, percentile, wait_until_quiet  # noqa: E402

RESULTS = HERE / "results"
SERVICEDESK = Path(sys.executable).with_name("servicedesk")
MAIL_FROM = "Riverton Service Desk <desk@riverton.example.org>"
BASE_URL = "https://desk.riverton.example.org"
PER_TICKET = 6  # rows one ticket's opening queues in the latency desk: received + 5 staff
TEAM_SIZE = 5


# The worker as ``servicedesk worker`` runs it, with TCP_NODELAY on its SMTP sockets: what the
# delivery rate would be without Nagle's algorithm holding back the end-of-data mark.
NODELAY_WORKER = """
import smtplib, socket, sys

_get_socket = smtplib.SMTP._get_socket


def get_socket(self, host, port, timeout):
    sock = _get_socket(self, host, port, timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


smtplib.SMTP._get_socket = get_socket
from servicedesk.cli import main

sys.argv[0] = "servicedesk"
sys.exit(main())
"""


# --- the SMTP sink -------------------------------------------------------------------------


def _sink_main(port: int, accepted, received_bytes, ready, stop) -> None:
    """Run an aiosmtpd server that accepts and counts every message (in its own process)."""
    from aiosmtpd.controller import Controller

    class Counter:
        async def handle_DATA(self, server, session, envelope):
            with accepted.get_lock():
                accepted.value += 1
                received_bytes.value += len(envelope.content)
            return "250 OK"

    controller = Controller(Counter(), hostname=HOST, port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class Sink:
    """The SMTP sink process: ``accepted`` counts messages the server said 250 to."""

    def __init__(self):
        context = multiprocessing.get_context("spawn")  # nothing of this process rides along
        self.port = free_port()
        self.accepted = context.Value("q", 0)
        self.bytes = context.Value("q", 0)
        self._ready, self._stop = context.Event(), context.Event()
        self.process = context.Process(
            target=_sink_main,
            args=(self.port, self.accepted, self.bytes, self._ready, self._stop),
            daemon=True,
        )
        self.process.start()
        if not self._ready.wait(30):
            self.process.kill()
            raise SystemExit("the SMTP sink did not start")

    def stop(self) -> None:
        self._stop.set()
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a live process (from /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- databases -----------------------------------------------------------------------------


class Database:
    """A fresh database for one run: a file in the instance folder, or a PostgreSQL database
    ``bench_notifications_<pid>`` made with the admin URL and dropped afterwards."""

    def __init__(self, admin_url: str | None, folder: Path):
        from sqlalchemy.engine import make_url

        from servicedesk.config import normalize_database_url

        self.admin = make_url(normalize_database_url(admin_url)) if admin_url else None
        if self.admin is None:
            self.url = f"sqlite:///{folder / 'servicedesk.db'}"
            return
        self.name = f"bench_notifications_{os.getpid()}"
        self._admin_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin_sql(f'CREATE DATABASE "{self.name}"')
        self.url = self.admin.set(database=self.name).render_as_string(hide_password=False)

    def _admin_sql(self, sql: str) -> None:
        import psycopg

        libpq = self.admin.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(libpq, autocommit=True) as connection:
            connection.execute(sql)

    def drop(self) -> None:
        if self.admin is not None:
            self._admin_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    @property
    def label(self) -> str:
        return "PostgreSQL" if self.admin is not None else "SQLite"


def make_app(database_url: str, folder: Path, **config):
    from servicedesk import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": secrets.token_urlsafe(32),
            "INSTANCE_PATH": str(folder),
            "JOBS_URL": f"sqlite:///{folder / 'jobs.db'}",
            "MAIL_FROM": MAIL_FROM,
            "BASE_URL": BASE_URL,
            **config,
        }
    )


# --- throughput ----------------------------------------------------------------------------


def email_payload(number: int, body: tuple[str, str]) -> dict:
    """What ``events._email`` queues for a "received" notice to a resident."""
    from servicedesk.notifications.email_out import message_id_for, reply_address, thread_id

    reference = f"SD-{number:06d}"
    key = f"email:received:event:{number}:resident{number}@example.net"
    root = thread_id(reference, "riverton.example.org")
    unsubscribe = f"{BASE_URL}/notifications/unsubscribe/{secrets.token_urlsafe(24)}"
    return {
        "from": MAIL_FROM,
        "to": f"resident{number}@example.net",
        "to_name": f"Resident {number}",
        "subject": f"[{reference}] We received your request: Streetlight out on Maple Ave",
        "text": body[0],
        "html": body[1],
        "message_id": message_id_for(key, "riverton.example.org"),
        "date": format_datetime(datetime.now(UTC)),
        "language": "en",
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        "reply_to": reply_address(MAIL_FROM, "bench", reference),
        "in_reply_to": root,
        "references": [root],
    }


def rendered_body() -> tuple[str, str]:
    """The text and HTML of a "received" notice, from the real templates (app context)."""
    from servicedesk.notifications.notices import Composed, text

    facts = {"reference": "SD-000001", "subject": "Streetlight out on Maple Ave near #1423"}
    composed = Composed(
        language="en",
        subject=text("en", "received.subject", **facts),
        greeting=text("en", "greeting", name="Rosa Resident"),
        paragraphs=[
            text("en", "received.body", **facts),
            text("en", "received.expect", due="2026-12-04 17:00 EST"),
        ],
        actions=[(text("en", "track"), f"{BASE_URL}/citizen/track/{secrets.token_urlsafe(40)}")],
        footer_links=[
            (text("en", "unsubscribe"), f"{BASE_URL}/notifications/unsubscribe/x{'y' * 60}")
        ],
    )
    return composed.text_body(), composed.html_body()


def queue_emails(database_url: str, folder: Path, count: int, per_commit: int) -> int:
    """Queue *count* emails; commit every *per_commit* rows (0: one commit, no wake-up).
    Return how many wake-ups went to the jobs file."""
    from servicedesk.extensions import db
    from servicedesk.notifications import outbox
    from servicedesk.notifications.models import OutboxKind

    jobs = f"sqlite:///{folder / 'jobs.db'}" if per_commit else "memory://"
    app = make_app(database_url, folder, JOBS_URL=jobs)
    wakeups = 0
    with app.app_context():
        body = rendered_body()
        for number in range(1, count + 1):
            payload = email_payload(number, body)
            outbox.enqueue(
                kind=OutboxKind.EMAIL,
                key=f"email:received:event:{number}:{payload['to']}",
                event="received",
                recipient=payload["to"],
                payload=payload,
                message_id=payload["message_id"],
            )
            if per_commit and number % per_commit == 0:
                db.session.commit()
                wakeups += 1
        if per_commit and count % per_commit:
            wakeups += 1
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return wakeups


def count_sent(engine) -> int:
    from sqlalchemy import text

    with engine.connect() as connection:
        return connection.execute(
            text("SELECT count(*) FROM outbox WHERE status = 'sent'")
        ).scalar_one()


def outbox_summary(engine) -> dict:
    from sqlalchemy import text

    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT min(sent_at), max(sent_at), "
                "sum(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), "
                "sum(CASE WHEN status <> 'sent' THEN 1 ELSE 0 END) FROM outbox"
            )
        ).one()
        attempts = connection.execute(
            text("SELECT count(*), sum(CASE WHEN ok THEN 0 ELSE 1 END) FROM delivery_attempts")
        ).one()
    first, last = (_aware(value) for value in row[:2])
    return {
        "first_sent": first,
        "last_sent": last,
        "sent": row[2] or 0,
        "not_sent": row[3] or 0,
        "attempts": attempts[0],
        "failed_attempts": attempts[1] or 0,
    }


def _aware(value):
    if value is None:
        return None
    if isinstance(value, str):  # SQLite hands back text
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def throughput_run(args, threads: int, wakeups: str, nodelay: bool) -> dict:
    """One fresh instance, N queued emails, the worker with *threads* threads until all sent.
    *nodelay*: the what-if worker whose SMTP sockets have TCP_NODELAY."""
    from sqlalchemy import create_engine

    folder = Path(tempfile.mkdtemp(prefix="servicedesk-bench-notify-"))
    database = Database(args.database_url, folder)
    sink = None
    worker = None
    variant = "-nodelay" if nodelay else ""
    log_path = RESULTS / f"notifications-worker-{threads}t-{wakeups}{variant}-{_stamp()}.log"
    try:
        env = {
            **os.environ,
            "SERVICEDESK_ENV": "development",
            "SERVICEDESK_INSTANCE_PATH": str(folder),
            "SERVICEDESK_DATABASE_URL": database.url,
            "SERVICEDESK_JOBS_URL": f"sqlite:///{folder / 'jobs.db'}",
            "SERVICEDESK_MAIL_FROM": MAIL_FROM,
        }
        subprocess.run(
            [str(SERVICEDESK), "db", "upgrade"], env=env, check=True, capture_output=True
        )
        queued_at = time.perf_counter()
        per_commit = PER_TICKET if wakeups == "commit" else 0
        woken = queue_emails(database.url, folder, args.messages, per_commit)
        queue_seconds = time.perf_counter() - queued_at
        sink = Sink()
        env |= {
            "SERVICEDESK_SMTP_HOST": HOST,
            "SERVICEDESK_SMTP_PORT": str(sink.port),
            "SERVICEDESK_SMTP_SECURITY": "none",
        }
        engine = create_engine(database.url)
        busy = wait_until_quiet(args.quiet_below, args.quiet_patience)
        load_before = os.getloadavg()[0]
        spawned_at = datetime.now(UTC)
        started = time.perf_counter()
        command = [sys.executable, "-c", NODELAY_WORKER] if nodelay else [str(SERVICEDESK)]
        worker = subprocess.Popen(
            [*command, "worker", "--threads", str(threads)],
            env=env,
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = started + args.timeout
        sent = 0
        while sent < args.messages and time.perf_counter() < deadline:
            if worker.poll() is not None:
                raise SystemExit(f"the worker exited ({worker.returncode}); see {log_path}")
            time.sleep(0.1)
            sent = count_sent(engine)
        seconds = time.perf_counter() - started
        worker_cpu = cpu_seconds(worker.pid)
        sink_cpu = cpu_seconds(sink.process.pid)
        load_after = os.getloadavg()[0]
        summary = outbox_summary(engine)
        engine.dispose()
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                worker.kill()
        if sink is not None:
            sink.stop()
        database.drop()
        shutil.rmtree(folder, ignore_errors=True)
    first, last = summary["first_sent"], summary["last_sent"]
    span = (last - first).total_seconds() if first and last else float("nan")
    sent = summary["sent"]
    result = {
        "database": database.label,
        "threads": threads,
        "wakeups": wakeups,
        "queued_wakeups": woken,
        "tcp_nodelay": nodelay,
        "messages": args.messages,
        "sent": sent,
        "not_sent": summary["not_sent"],
        "accepted_by_sink": sink.accepted.value,
        "bytes_per_message": round(sink.bytes.value / max(sink.accepted.value, 1)),
        "attempts": summary["attempts"],
        "failed_attempts": summary["failed_attempts"],
        "timed_out": sent < args.messages,
        "seconds": round(seconds, 2),
        "messages_per_second": round(sent / seconds, 1),
        "startup_seconds": round((first - spawned_at).total_seconds(), 2) if first else None,
        "delivery_per_second": round((sent - 1) / span, 1) if span and span > 0 else None,
        "worker_cpu_seconds": round(worker_cpu, 2),
        "worker_cpu_ms_per_message": round(worker_cpu * 1000 / max(sent, 1), 2),
        "sink_cpu_seconds": round(sink_cpu, 2),
        "queue_seconds": round(queue_seconds, 2),
        "busy_before": round(busy, 2),
        "load_before": round(load_before, 2),
        "load_after": round(load_after, 2),
        "log": str(log_path),
    }
    _say(
        f"{database.label}, {threads} thread(s), wake-ups {wakeups}"
        f"{', TCP_NODELAY' if nodelay else ''}: {sent}/{args.messages} sent "
        f"in {seconds:.1f}s = {result['messages_per_second']} msg/s "
        f"(start-up {result['startup_seconds']}s, then {result['delivery_per_second']} msg/s; "
        f"worker CPU {result['worker_cpu_ms_per_message']} ms/msg; sink accepted "
        f"{sink.accepted.value})"
    )
    return result


def throughput_markdown(results: list[dict]) -> str:
    lines = [
        "| database | worker threads | wake-ups | SMTP socket | messages | seconds "
        "| msg/s (whole run) | start-up s | msg/s after start-up | worker CPU ms/msg "
        "| CPU busy before |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        note = " (timed out)" if r["timed_out"] else ""
        lines.append(
            f"| {r['database']} | {r['threads']} | {r['wakeups']} "
            f"| {'TCP_NODELAY (what-if)' if r['tcp_nodelay'] else 'as shipped'} "
            f"| {r['sent']:,}{note} | "
            f"{r['seconds']:.1f} | {r['messages_per_second']:,.0f} | {r['startup_seconds']} | "
            f"{r['delivery_per_second'] or float('nan'):,.0f} | "
            f"{r['worker_cpu_ms_per_message']:.1f} | {r['busy_before']:.0%} |"
        )
    return "\n".join(lines)


# --- creation latency ----------------------------------------------------------------------


def seed_desk() -> dict:
    """One team of five (a lead, four agents), a category routed to it, an SLA on a calendar,
    and a dispatcher outside the team who files the tickets."""
    from servicedesk.accounts.models import Role, Team, User
    from servicedesk.extensions import db
    from servicedesk.tickets.models import Calendar, Category, RoutingRule, SlaPolicy

    team = Team(name="Public Works", email="public-works@riverton.example.org")
    members = [
        User(
            email=f"public-works.{number}@riverton.example.org",
            name=f"Agent {number}",
            role=Role.LEAD if number == 0 else Role.AGENT,
            teams=[team],
        )
        for number in range(TEAM_SIZE)
    ]
    dispatcher = User(
        email="dispatcher@riverton.example.org", name="Dana Dispatcher", role=Role.AGENT
    )
    hours = {str(day): [["08:00", "17:00"]] for day in range(5)}
    calendar = Calendar(
        name="City hall hours",
        timezone="America/New_York",
        hours=hours,
        holiday_country="US",
        holiday_subdivision="NY",
    )
    policy = SlaPolicy(
        name="Standard",
        is_fallback=True,
        first_response_minutes=240,
        resolution_minutes=2700,
        calendar=calendar,
    )
    category = Category(name="Streetlights", default_team=team)
    rule = RoutingRule(
        name="Streetlights to Public Works",
        position=10,
        category=category,
        team=team,
        strategy="least_loaded",
    )
    db.session.add_all([team, *members, dispatcher, calendar, policy, category, rule])
    db.session.commit()
    return {"team": team, "dispatcher": dispatcher, "category": category}


def latency(args) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from servicedesk.extensions import db
    from servicedesk.notifications import outbox
    from servicedesk.notifications.models import OutboxMessage
    from servicedesk.tickets import service as tickets
    from servicedesk.tickets.models import Channel

    folder = Path(tempfile.mkdtemp(prefix="servicedesk-bench-notify-latency-"))
    app = make_app(f"sqlite:///{folder / 'servicedesk.db'}", folder)
    # Time the after-commit wake-up on its own: wrap the callbacks the app registered.
    wake_times: list[float] = []
    registered = list(outbox.wake_callbacks)

    def timed(callback):
        def wake():
            started = time.perf_counter()
            callback()
            wake_times.append(time.perf_counter() - started)

        return wake

    outbox.wake_callbacks[:] = [timed(callback) for callback in registered]
    try:
        with app.app_context():
            upgrade()
            desk = seed_desk()
            opened = {True: [], False: []}
            timings = {True: [], False: []}
            commits = {True: [], False: []}
            count = 0

            def open_one(enabled: bool, record: bool) -> None:
                nonlocal count
                count += 1
                app.config["NOTIFICATIONS_ENABLED"] = enabled
                started = time.perf_counter()
                ticket = tickets.open_ticket(
                    actor=desk["dispatcher"],
                    channel=Channel.AGENT,
                    subject=f"Streetlight out on Maple Ave near #{count}",
                    description="Dark since Monday; the pole leans a little.",
                    contact_name=f"Resident {count}",
                    contact_email=f"resident{count}@example.net",
                    category=desk["category"],
                )
                opened_at = time.perf_counter()
                ticket_id = ticket.id  # flushed already; after the commit it would be reloaded
                db.session.commit()
                done = time.perf_counter()
                if record:
                    timings[enabled].append(done - started)
                    commits[enabled].append(done - opened_at)
                    opened[enabled].append(ticket_id)

            for number in range(args.warmup):
                open_one(number % 2 == 0, record=False)
            busy = wait_until_quiet(args.quiet_below, args.quiet_patience)
            load_before = os.getloadavg()[0]
            wake_times.clear()
            for number in range(args.tickets):
                first = number % 2 == 0  # ABBA: each mode goes first half the time
                open_one(first, record=True)
                open_one(not first, record=True)
            wake_timed = list(wake_times)
            statements = {
                enabled: statements_per_ticket(lambda e=enabled: open_one(e, record=False))
                for enabled in (True, False)
            }
            parts = breakdown(lambda: open_one(True, record=False), args.breakdown)
            rows = {
                enabled: db.session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.ticket_id.in_(ids))
                )
                for enabled, ids in opened.items()
            }
            db.session.remove()
            db.engine.dispose()
    finally:
        outbox.wake_callbacks[:] = registered
        shutil.rmtree(folder, ignore_errors=True)

    def stats(samples: list[float]) -> dict:
        ordered = sorted(samples)
        return {
            "p50_ms": round(percentile(ordered, 0.50) * 1000, 2),
            "p95_ms": round(percentile(ordered, 0.95) * 1000, 2),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
        }

    result = {
        "tickets_per_mode": args.tickets,
        "warmup": args.warmup,
        "enabled": stats(timings[True])
        | {
            "commit_mean_ms": round(statistics.fmean(commits[True]) * 1000, 2),
            "outbox_rows_per_ticket": round(rows[True] / args.tickets, 2),
        },
        "disabled": stats(timings[False])
        | {
            "commit_mean_ms": round(statistics.fmean(commits[False]) * 1000, 2),
            "outbox_rows_per_ticket": round(rows[False] / args.tickets, 2),
        },
        "wakeup": stats(wake_timed) | {"count": len(wake_timed)},
        "statements_per_ticket": {"enabled": statements[True], "disabled": statements[False]},
        "breakdown_ms_per_ticket": parts,
        "busy_before": round(busy, 2),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }
    _say(
        f"open_ticket + commit: enabled {result['enabled']}, disabled {result['disabled']}, "
        f"wake-up {result['wakeup']}"
    )
    return result


def statements_per_ticket(open_one, tickets: int = 20) -> float:
    """SQL statements one opening sends, on average (counted apart from the timed tickets)."""
    from sqlalchemy import event

    from servicedesk.extensions import db

    sent = 0

    def count(*_):
        nonlocal sent
        sent += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for _ in range(tickets):
            open_one()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return sent / tickets


def breakdown(open_one, tickets: int) -> dict[str, float]:
    """Where the notices' time goes: wall ms per ticket inside each step of ``events`` (nested
    steps count in their callers too), over *tickets* more openings with notifications on.
    A step that is first to query also pays the autoflush of the rows queued before it."""
    if not tickets:
        return {}
    from servicedesk.notifications import events, notices, outbox, preferences, webhooks
    from servicedesk.tickets.models import EventKind

    spent: dict[str, float] = {}
    patched = []

    def timed(label, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        return wrapper

    def wrap(owner, name, label):
        original = owner.get(name) if isinstance(owner, dict) else getattr(owner, name, None)
        if original is None:  # renamed since: leave it out rather than fail the run
            _say(f"breakdown: {label} not found, skipped")
            return
        patched.append((owner, name, original))
        if isinstance(owner, dict):
            owner[name] = timed(label, original)
        else:
            setattr(owner, name, timed(label, original))

    wrap(events._HANDLERS, EventKind.OPENED, "all notices of an opening (events._on_opened)")
    wrap(preferences, "opted_out", "preferences.opted_out (one per recipient)")
    wrap(preferences, "wants", "preferences.wants (one per staff recipient)")
    wrap(outbox, "enqueue", "outbox.enqueue (idempotency check, add)")
    wrap(notices.Composed, "text_body", "text template")
    wrap(notices.Composed, "html_body", "HTML template")
    wrap(events, "_tracking_url", "tracking link (events._tracking_url)")
    wrap(events, "_unsubscribe_url", "unsubscribe link (events._unsubscribe_url)")
    wrap(events, "requesters", "events.requesters")
    wrap(webhooks, "queue_event", "webhooks.queue_event")
    try:
        for _ in range(tickets):
            open_one()
    finally:
        for owner, name, original in reversed(patched):
            if isinstance(owner, dict):
                owner[name] = original
            else:
                setattr(owner, name, original)
    ordered = sorted(spent.items(), key=lambda item: -item[1])
    return {label: round(seconds * 1000 / tickets, 2) for label, seconds in ordered}


def latency_markdown(r: dict) -> str:
    on, off = r["enabled"], r["disabled"]
    lines = [
        "| open_ticket + commit | p50 ms | p95 ms | mean ms | of it commit, mean ms "
        "| outbox rows / ticket |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| notifications off | {off['p50_ms']:.2f} | {off['p95_ms']:.2f} | {off['mean_ms']:.2f} "
        f"| {off['commit_mean_ms']:.2f} | {off['outbox_rows_per_ticket']:g} |",
        f"| notifications on | {on['p50_ms']:.2f} | {on['p95_ms']:.2f} | {on['mean_ms']:.2f} "
        f"| {on['commit_mean_ms']:.2f} | {on['outbox_rows_per_ticket']:g} |",
        f"| added | {on['p50_ms'] - off['p50_ms']:+.2f} | {on['p95_ms'] - off['p95_ms']:+.2f} "
        f"| {on['mean_ms'] - off['mean_ms']:+.2f} "
        f"| {on['commit_mean_ms'] - off['commit_mean_ms']:+.2f} | |",
        f"| of it the wake-up (after commit) | {r['wakeup']['p50_ms']:.2f} "
        f"| {r['wakeup']['p95_ms']:.2f} | {r['wakeup']['mean_ms']:.2f} | | |",
    ]
    counted = r["statements_per_ticket"]
    lines.append(
        f"\nSQL statements per opening: {counted['disabled']:g} with notifications off, "
        f"{counted['enabled']:g} on."
    )
    if r["breakdown_ms_per_ticket"]:
        lines += ["", "| with notifications on, inside | ms per ticket |", "| --- | ---: |"]
        lines += [f"| {label} | {ms:.2f} |" for label, ms in r["breakdown_ms_per_ticket"].items()]
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------


def code_version() -> dict:
    """The commit measured and the app's files changed since (others edit the tree)."""

    def git(*command: str) -> str:
        return subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True).stdout

    changed = git("status", "--porcelain", "--", "servicedesk", "migrations")
    return {
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "changed": [line[3:] for line in changed.splitlines()],
    }


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("part", nargs="?", choices=("all", "throughput", "latency"), default="all")
    parser.add_argument("--messages", type=int, default=2000, help="emails queued per run")
    parser.add_argument(
        "--threads", type=int, action="append", help="worker threads (repeat; default 1 and 2)"
    )
    parser.add_argument(
        "--wakeups",
        choices=("commit", "one"),
        action="append",
        help="commit (default): a wake-up per commit of six rows; one: the rows in one commit, "
        "no wake-up but the worker's own at start (repeat for both)",
    )
    parser.add_argument(
        "--socket",
        choices=("as-shipped", "nodelay"),
        action="append",
        help="nodelay: a what-if worker with TCP_NODELAY on its SMTP sockets, patched in at "
        "start-up (repeat for both; default as-shipped)",
    )
    parser.add_argument(
        "--database-url",
        help="throughput on PostgreSQL: an admin URL (postgresql+psycopg://postgres@127.0.0.1"
        ":5432/test); a database bench_notifications_<pid> is made and dropped",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds per worker run")
    parser.add_argument("--tickets", type=int, default=500, help="timed tickets per mode")
    parser.add_argument("--warmup", type=int, default=40, help="tickets opened before timing")
    parser.add_argument(
        "--breakdown",
        type=int,
        default=200,
        metavar="TICKETS",
        help="then open this many more with each notification step timed (0: skip)",
    )
    parser.add_argument(
        "--quiet-below",
        type=float,
        default=0.25,
        help="before each timing wait until the CPUs are at most this busy (0..1)",
    )
    parser.add_argument("--quiet-patience", type=float, default=60, help="seconds, at most")
    args = parser.parse_args(argv)

    RESULTS.mkdir(exist_ok=True)
    report: dict = {"started": _stamp(), "cpus": os.cpu_count(), "code": code_version()}
    tables = []
    if args.part in ("all", "throughput"):
        runs = [
            throughput_run(args, threads, wakeups, nodelay)
            for nodelay in [socket == "nodelay" for socket in args.socket or ["as-shipped"]]
            for wakeups in args.wakeups or ["commit"]
            for threads in args.threads or [1, 2]
        ]
        report["throughput"] = runs
        tables.append(throughput_markdown(runs))
    if args.part in ("all", "latency"):
        report["latency"] = latency(args)
        tables.append(latency_markdown(report["latency"]))
    for table in tables:
        print(f"\n{table}")
    report["markdown"] = "\n\n".join(tables)
    out = RESULTS / f"notifications-{report['started']}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    _say(f"\nwrote {out}")


if __name__ == "__main__":
    main()
