"""Dashboards, reports, exports, the public performance figures and the sentiment flag.

Everything here is derived from the ticket core's own records (events, SLA clocks, ratings)
and the knowledge base's search log; nothing here changes a ticket.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Listen to the ticket signals that feed the sentiment flag."""
    from . import sentiment

    sentiment.connect_signals()
