"""``servicedesk bookings ...``: booking maintenance from the command line."""

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..timeutils import utcnow


@click.group("bookings")
def bookings_group() -> None:
    """Rooms, vehicles and counter appointments."""


@bookings_group.command("remind")
@with_appcontext
def remind_command() -> None:
    """Queue reminders for bookings starting within 24 hours, each once (the worker does this
    every minute)."""
    from .notify import queue_reminders

    count = queue_reminders(utcnow())
    db.session.commit()
    click.echo(f"Reminders queued: {count}.")
