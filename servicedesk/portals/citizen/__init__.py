"""The citizen portal at ``/citizen``: open to everyone, no account needed.

For now it holds the public knowledge base (``/citizen/kb``); reporting a problem and
following it come with the citizen portal's own pages.
"""

from flask import Blueprint, redirect, url_for

from ..kb import add_kb_routes

bp = Blueprint("citizen", __name__, url_prefix="/citizen")
add_kb_routes(bp, "citizen")


@bp.get("/")
def home():
    return redirect(url_for(".kb_search"))


from . import track  # noqa: E402,F401  (registers /citizen/track on bp)
