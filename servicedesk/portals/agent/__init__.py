"""The agent workspace at /agent/: the unified queue, the ticket page and administration.

Guarded once for the whole blueprint: only signed-in staff get past ``before_request``;
each object is then checked with the ticket policy.
"""

from flask import Blueprint, redirect, request, url_for

from ...errors import PermissionDenied
from ..common import current_actor

bp = Blueprint("agent", __name__, url_prefix="/agent")


@bp.before_request
def require_staff():
    actor = current_actor()
    if actor is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not actor.is_staff:
        raise PermissionDenied("The agent workspace is for service-desk staff.")
    return None


from . import admin, catalog_workflow, dashboard, kb, notifications_admin, open311_keys, views  # noqa: E402,F401  (routes on bp)
from . import bookings as _bookings  # noqa: E402,F401  (its routes register on bp)
