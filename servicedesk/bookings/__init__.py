"""Bookings: rooms, pool vehicles and counter appointments, never double-booked.

``models`` (resources, services, reservations), ``availability`` (pure rules and free-time
arithmetic), ``schedule`` (reads), ``service`` (the one write path), ``policy`` (who may),
``notify`` (emails and webhooks through the outbox), ``ical`` (iCalendar files and feeds).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Join the models to the metadata and give the worker its reminder sweep."""
    from huey import crontab

    from . import models  # noqa: F401

    huey = app.extensions["huey"]

    @huey.periodic_task(crontab(minute="*"), name="booking_reminders")
    def booking_reminders():
        from ..extensions import db
        from ..timeutils import utcnow
        from .notify import queue_reminders

        with app.app_context():
            queue_reminders(utcnow())
            db.session.commit()
