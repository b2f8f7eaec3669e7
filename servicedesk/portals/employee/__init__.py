"""The employee portal at ``/employee``: for signed-in City staff (employees and the desk).

For now it holds the knowledge base with the employees' articles (``/employee/kb``); single
sign-on, the service catalog and requests come with the employee portal's own pages.
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


@bp.get("/")
def home():
    return redirect(url_for(".kb_search"))


from . import bookings  # noqa: E402,F401  (booking pages register on bp)
