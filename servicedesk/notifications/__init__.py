"""Notifications: the outbox, who hears what, email out and in, webhooks, the worker's jobs."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

PAUSED = "notifications_paused"


def init_app(app: Flask) -> None:
    from . import events, jobs, models  # noqa: F401  (models join the metadata; events listen)

    jobs.init_app(app)
    events.connect()


@contextmanager
def paused() -> Iterator[None]:
    """Tell nobody about the changes made inside (seeding demo data, imports)."""
    from ..extensions import db

    db.session.info[PAUSED] = True
    try:
        yield
    finally:
        db.session.info.pop(PAUSED, None)
