"""Administration pages (placeholder until the admin screens land)."""

from flask import render_template

from ...errors import PermissionDenied
from ...tickets import policy
from ..common import current_actor
from . import bp


@bp.get("/admin/")
def admin_home():
    if not policy.can_manage_catalog(current_actor()):
        raise PermissionDenied("Administration is for team leads and admins.")
    return render_template("agent/admin/index.html")
