"""The citizen portal at ``/citizen``: open to everyone, no account needed.

Search first (``/citizen/kb``), then report a problem (``report.py``) and follow it through its
private tracking link (``track.py``).
"""

from datetime import UTC, datetime

from flask import Blueprint, render_template

from ...extensions import configured_limit, limiter
from ...tickets.lifecycle import status_name
from ..kb import add_kb_routes

bp = Blueprint("citizen", __name__, url_prefix="/citizen")
add_kb_routes(bp, "citizen")
# Residents read a ticket's status in their own language (the agent pages keep .label).
bp.record_once(lambda state: state.app.jinja_env.globals.update(status_name=status_name))

POPULAR_ANSWERS = 6
# When the accessibility statement was last reviewed (noon, so it is that day in every zone).
STATEMENT_REVIEWED = datetime(2026, 12, 2, 12, tzinfo=UTC)


@bp.get("/")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def home():
    from ..kb import popular_articles
    from .report import resident_topics

    return render_template(
        "citizen/home.html",
        topics=resident_topics(),
        articles=popular_articles("citizen", POPULAR_ANSWERS),
    )


@bp.get("/accessibility")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def accessibility():
    """The accessibility statement: what we test, what we know falls short, how to reach us."""
    return render_template("citizen/accessibility.html", statement_reviewed=STATEMENT_REVIEWED)


from . import account, performance, report, track  # noqa: E402,F401  (register their routes on bp)
from . import appointments as _appointments  # noqa: E402,F401  (its routes register on bp)
