"""The employee portal at ``/employee``: for signed-in City staff (employees and the desk).

The service catalog and request forms (catalog.py), the person's own requests (my_requests.py),
the approvals they decide (approvals.py) and the knowledge base with the employees' articles
(``/employee/kb``). Guarded once here; each object is then checked with the domain policy.
"""

from flask import Blueprint, redirect, request, url_for

from ...errors import PermissionDenied
from ..common import current_actor
from ..kb import add_kb_routes

bp = Blueprint("employee", __name__, url_prefix="/employee")


@bp.before_request
def require_employee():
    actor = current_actor()
    if actor is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if actor.role == "resident":
        raise PermissionDenied("The employee portal is for City staff.")
    return None


add_kb_routes(bp, "employee")

from . import approvals, bookings, catalog, my_requests  # noqa: E402,F401  (their routes on bp)
