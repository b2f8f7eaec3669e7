"""The citizen portal at ``/citizen``: open to everyone, no account needed.

Search first (``/citizen/kb``), then report a problem (``report.py``) and follow it through its
private tracking link (``track.py``).
"""

from flask import Blueprint, render_template

from ...extensions import configured_limit, limiter
from ..kb import add_kb_routes

bp = Blueprint("citizen", __name__, url_prefix="/citizen")
add_kb_routes(bp, "citizen")

POPULAR_ANSWERS = 6


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
    return render_template("citizen/accessibility.html")


from . import account, performance, report, track  # noqa: E402,F401  (register their routes on bp)
from . import appointments as _appointments  # noqa: E402,F401  (its routes register on bp)
