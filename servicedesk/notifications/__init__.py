"""Notifications: the outbox, who hears what, email out and in, webhooks, the worker's jobs."""

from flask import Flask


def init_app(app: Flask) -> None:
    from . import events, jobs, models  # noqa: F401  (models join the metadata; events listen)

    jobs.init_app(app)
    events.connect()
