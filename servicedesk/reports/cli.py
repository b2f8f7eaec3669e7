"""``servicedesk reports refresh`` and ``servicedesk reports rebuild``."""

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..extensions import db
from ..tickets.models import Ticket
from ..timeutils import utcnow
from . import rollup


@click.group("reports")
def reports_group() -> None:
    """Dashboard figures (derived from ticket events)."""


@reports_group.command("refresh")
@with_appcontext
def refresh_command() -> None:
    """Bring the report rows up to date with new ticket events (the worker does it every minute)."""
    report = rollup.refresh(utcnow())
    db.session.commit()
    click.echo(f"Refreshed {report.tickets} tickets (events up to {report.last_event_id}).")


@reports_group.command("rebuild")
@with_appcontext
def rebuild_command() -> None:
    """Recompute every ticket's report row from its events (after an upgrade, or to repair)."""
    total = db.session.scalar(select(func.count()).select_from(Ticket)) or 0
    with click.progressbar(length=total, label="Recomputing tickets", show_pos=True) as bar:
        done = rollup.rebuild(utcnow(), progress=bar.update, commit_each_batch=True)
    db.session.commit()
    click.echo(f"Recomputed {done} tickets.")
