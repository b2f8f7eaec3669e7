"""The worker's jobs, on huey: SQLite storage embedded, Redis at scale; the same tasks.

- ``deliver_outbox``: drains the outbox. The web process enqueues it after each commit that
  queued messages; the worker schedules it again for the next retry that comes due.
- ``every_minute``: frees stale claims, runs the SLA sweep (warnings and breaches, which queue
  their own notices), checks the teams' KPI alerts, and drains whatever is due.

The huey queue only carries wake-ups: the outbox rows are the truth, so a lost wake-up delays a
message by at most a minute and never loses it.
"""

import logging
import os
import socket
import threading

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import Huey

from ..extensions import db
from ..timeutils import utcnow
from . import outbox

log = logging.getLogger(__name__)


def make_huey(url: str) -> Huey:
    """A huey for ``redis://...``, ``memory://`` (tests) or ``sqlite:///path/jobs.db``."""
    if url.startswith(("redis://", "rediss://")):
        return RedisHuey("servicedesk", url=url)
    if url.startswith("memory://"):
        return MemoryHuey("servicedesk")
    return SqliteHuey("servicedesk", filename=url.removeprefix("sqlite:///"))


def init_app(app: Flask) -> None:
    huey = make_huey(app.config["JOBS_URL"])
    tasks = _register_tasks(huey, app)
    app.extensions["huey"] = huey
    app.extensions["huey_tasks"] = tasks
    if wake not in outbox.wake_callbacks:
        outbox.on_commit_wake(wake)


def wake() -> None:
    """Ask a worker to drain the outbox now (called after a commit that queued messages)."""
    tasks = current_app.extensions.get("huey_tasks")
    if tasks is not None:
        tasks["deliver_outbox"]()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def transports(app: Flask) -> dict:
    """The transports configuration asks for: SMTP (or the mail-drop folder) and HTTP."""
    from .email_out import MailDropTransport, SmtpTransport
    from .models import OutboxKind
    from .webhooks import WebhookTransport

    config = app.config
    email = (
        SmtpTransport(config)
        if config["SMTP_HOST"]
        else MailDropTransport(config["MAIL_DROP_FOLDER"])
    )
    return {
        OutboxKind.EMAIL: email,
        OutboxKind.WEBHOOK: WebhookTransport(config["WEBHOOK_TIMEOUT"]),
    }


def drain_now(app: Flask) -> outbox.DrainReport:
    """Deliver everything due, then schedule a wake-up for the next retry."""
    settings = outbox.Settings.from_config(app.config)
    report = outbox.drain(transports(app), worker_name(), settings)
    if report.sent or report.failed or report.retrying:
        log.info("Outbox: %s", report)
    due = outbox.next_due_at(settings)
    db.session.rollback()
    if due is not None:
        delay = max((due - utcnow()).total_seconds(), 0.5)
        if delay < 60:  # later ones are found by the minute sweep
            app.extensions["huey_tasks"]["deliver_outbox"].schedule(delay=delay)
    return report


def minute_sweep(app: Flask) -> None:
    """What the worker does every minute, each part in its own transaction."""
    from ..reports import rollup
    from ..tickets.escalation import escalate
    from .alerts import check_team_alerts

    now = utcnow()
    report = escalate(now)
    db.session.commit()
    if report.warnings or report.breaches:
        log.info("SLA sweep: %s", report)
    check_team_alerts(now)
    db.session.commit()
    rollup.refresh_and_commit(now)  # the dashboard's figures follow the events
    drain_now(app)


def _register_tasks(huey: Huey, app: Flask) -> dict:
    @huey.task(name="deliver_outbox")
    def deliver_outbox():
        with app.app_context():
            drain_now(app)

    @huey.periodic_task(crontab(minute="*"), name="every_minute")
    def every_minute():
        with app.app_context():
            minute_sweep(app)

    return {"deliver_outbox": deliver_outbox, "every_minute": every_minute}


def run_worker(app: Flask, workers: int = 2) -> None:
    """Run huey's consumer in this process until it is stopped (SIGINT/SIGTERM)."""
    huey = app.extensions["huey"]
    tasks = app.extensions["huey_tasks"]
    tasks["deliver_outbox"]()  # whatever waited while no worker ran goes out at once
    consumer = huey.create_consumer(
        workers=workers, worker_type="thread", periodic=True, check_worker_health=True
    )
    consumer.run()
