"""Approvals: ``/employee/approvals`` lists the requests waiting for the signed-in person's
decision (as someone's manager or as a member of an approver team); each opens to the request
and a decision with a comment. Nobody else sees these pages' requests: any other id is a 404.
"""

from flask import flash, redirect, render_template, request, url_for

from ...errors import DomainError, NotFound
from ...extensions import db
from ...tickets import policy
from ...tickets import service as tickets
from ...tickets.models import Approval, ApprovalState
from ..common import current_actor, status_of
from . import bp


@bp.get("/approvals")
def approvals_list():
    actor = current_actor()
    pending = db.session.scalars(policy.visible_approvals(actor).order_by(Approval.created_at))
    decided = db.session.scalars(
        policy.visible_approvals(actor, pending_only=False)
        .where(Approval.state != ApprovalState.PENDING)
        .order_by(Approval.decided_at.desc())
        .limit(20)
    )
    return render_template("employee/approvals.html", pending=list(pending), decided=list(decided))


def _load(approval_id: int) -> Approval:
    query = policy.visible_approvals(current_actor(), pending_only=False).where(
        Approval.id == approval_id
    )
    approval = db.session.scalar(query) if 0 < approval_id < 2**31 else None
    if approval is None:
        raise NotFound("There is no such approval among yours.")
    return approval


@bp.get("/approvals/<int:approval_id>")
def approval_page(approval_id: int):
    return _page(_load(approval_id))


def _page(approval: Approval, error: DomainError | None = None, status: int = 200):
    ticket = approval.ticket
    html = render_template(
        "employee/approval.html",
        approval=approval,
        ticket=ticket,
        can_decide=policy.can_decide_approval(current_actor(), approval)
        and approval.state == ApprovalState.PENDING,
        error=error,
        comment=request.form.get("comment", ""),
    )
    return html, status


@bp.post("/approvals/<int:approval_id>")
def approval_decide(approval_id: int):
    approval = _load(approval_id)
    decision = request.form.get("decision")
    comment = request.form.get("comment", "")
    verbs = {"approve": tickets.approve, "reject": tickets.reject}
    if decision not in verbs:
        return _page(approval, DomainError("Choose Approve or Reject."), 400)
    try:
        verbs[decision](approval, comment, actor=current_actor())
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return _page(approval, error, status_of(error))
    reference = approval.ticket.reference
    flash(f"{reference} is {'approved and sent on' if decision == 'approve' else 'rejected'}.")
    return redirect(url_for(".approvals_list"))
