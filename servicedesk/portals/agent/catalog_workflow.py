"""Approval and child tasks of a request type, edited on its admin page (team leads, admins)."""

from flask import flash, redirect, request, url_for
from sqlalchemy import select

from ...accounts.models import Team
from ...errors import ValidationError
from ...extensions import db
from ...tickets import configuration, onboarding, policy
from ...tickets.models import ApprovalRule, CatalogItem
from ..common import current_actor, load_or_404, parse_id
from . import bp


@bp.context_processor
def workflow_helpers():
    """What the request type page's approval section lists."""
    return {
        "approval_rules": list(ApprovalRule),
        "workflow_teams": lambda: list(db.session.scalars(select(Team).order_by(Team.name))),
        "child_task_lines": onboarding.as_lines,
    }


@bp.post("/admin/catalog/<int:item_id>/workflow")
def admin_catalog_workflow(item_id: int):
    actor = current_actor()
    policy.require_manage_catalog(actor)
    item = load_or_404(CatalogItem, item_id)
    team_id = parse_id(request.form.get("approver_team"))
    try:
        configuration.set_catalog_workflow(
            item,
            actor=actor,
            approval=request.form.get("approval", ""),
            approver_team=db.session.get(Team, team_id) if team_id else None,
            child_tasks=onboarding.parse_lines(request.form.get("child_tasks", "")[:20_000]),
            due_field=request.form.get("due_field", "")[:40],
        )
    except ValidationError as error:
        db.session.rollback()
        for message in error.fields.values() or [error.message]:
            flash(message, "error")
        return redirect(url_for(".admin_edit_catalog_item", item_id=item_id, _anchor="workflow"))
    db.session.commit()
    flash(f"Approval and child tasks of {item.name} saved.")
    return redirect(url_for(".admin_edit_catalog_item", item_id=item_id, _anchor="workflow"))
