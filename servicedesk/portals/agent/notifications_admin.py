"""Notification administration at /agent/admin/: webhooks and their delivery log, the outbox
(with Retry for failed messages) and the log of inbound email.

Admins only: webhooks send ticket data to other systems and the logs name every recipient.
Views follow admin.py: authorize, load, validate, call one service, commit, flash, redirect;
a form with errors comes back with HTTP 400. Long lists page by id, newest first.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit

from flask import flash, make_response, redirect, render_template, request, url_for
from sqlalchemy import Select, func, select

from ...accounts.models import Team, User
from ...errors import PermissionDenied, ValidationError
from ...extensions import db
from ...notifications import alerts, outbox, webhook_admin, webhooks
from ...notifications.models import (
    InboundEmail,
    InboundOutcome,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    TeamAlertRule,
    Webhook,
    WebhookEvent,
)
from ...tickets import policy
from ...tickets.models import format_reference
from ..common import current_actor, load_or_404, parse_id, show_errors
from . import bp
from .admin import _page, _saved, _submitted
from .admin_forms import ConfirmForm
from .notification_forms import RetryForm, TeamAlertForm, WebhookForm

E = TypeVar("E", bound=StrEnum)
PAGE_SIZE = 50
DELIVERIES_PAGE_SIZE = 25


def _administrator() -> User:
    actor = current_actor()
    if not policy.can_administer(actor):
        raise PermissionDenied("Only admins manage webhooks and read the outbox and mail logs.")
    return actor


# --- listing helpers -----------------------------------------------------------------------


@dataclass
class Page:
    rows: list
    next_cursor: int | None
    is_first: bool


def _page_of(query: Select, id_column, size: int) -> Page:
    """One page of *query* (ordered by *id_column*, newest first) after ``?after=<id>``."""
    after = request.args.get("after") or ""
    cursor = parse_id(after)
    if after and cursor is None:
        raise ValidationError("This page link is not valid.", {"after": "Start from page one."})
    if cursor is not None:
        query = query.where(id_column < cursor)
    rows = list(db.session.scalars(query.limit(size + 1)))
    next_cursor = rows[size - 1].id if len(rows) > size else None
    return Page(rows=rows[:size], next_cursor=next_cursor, is_first=cursor is None)


def _filter(enum: type[E], name: str) -> E | None:
    """The enum value chosen in ``?<name>=``; None for all. :raises ValidationError:"""
    value = request.args.get(name) or ""
    if not value:
        return None
    try:
        return enum(value)
    except ValueError:
        raise ValidationError(
            "The filter is not valid.", {name: "Choose a value from the list."}
        ) from None


def _back(target: str | None) -> str | None:
    """*target* if it is a page of the administration on this site (never another site)."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or "\\" in (target or ""):
        return None
    return target if parts.path.startswith("/agent/admin/") else None


def _event_label(value: str) -> str:
    try:
        return WebhookEvent(value).label
    except ValueError:
        return "Test event" if value == webhook_admin.TEST_EVENT else value


def _listing_context(here: str) -> dict:
    """What the tables of outbox rows need; a Retry button returns to *here*."""
    return {
        "event_label": _event_label,
        "reference": format_reference,
        "here": here,
    }


# --- webhooks ------------------------------------------------------------------------------


@bp.get("/admin/webhooks")
def admin_webhooks():
    _administrator()
    hooks = list(db.session.scalars(select(Webhook).order_by(Webhook.name, Webhook.id)))
    counts: dict[int, dict[OutboxStatus, int]] = {}
    for webhook_id, status, count in db.session.execute(
        select(OutboxMessage.webhook_id, OutboxMessage.status, func.count())
        .where(OutboxMessage.webhook_id.is_not(None))
        .group_by(OutboxMessage.webhook_id, OutboxMessage.status)
    ):
        counts.setdefault(webhook_id, {})[status] = count
    return render_template(
        "agent/admin/notifications/webhooks.html",
        hooks=hooks,
        counts=counts,
        event_label=_event_label,
        statuses=list(OutboxStatus),
    )


def _webhook_values(form: WebhookForm) -> dict:
    return {
        "name": form.name.data or "",
        "url": form.url.data or "",
        "events": list(form.events.data or []),
    }


def _render_webhook(hook: Webhook, form: WebhookForm | None = None, **forms):
    """The edit page: form, secret, test, delivery log, delete. No cache: it shows a secret."""
    if form is None:
        form = WebhookForm(
            formdata=None,
            data={
                "name": hook.name,
                "url": hook.url,
                "events": list(hook.events or []),
                "is_active": hook.is_active,
            },
        )
    for prefix in ("secret", "test", "delete"):
        forms.setdefault(f"{prefix}_form", ConfirmForm(formdata=None, prefix=prefix))
    body, status = _page(
        "agent/admin/notifications/webhook_form.html",
        hook=hook,
        form=form,
        deliveries=_page_of(webhook_admin.deliveries(hook), OutboxMessage.id, DELIVERIES_PAGE_SIZE),
        waiting=webhook_admin.waiting_deliveries(hook),
        signature_header=webhooks.SIGNATURE_HEADER,
        event_id_header=webhooks.EVENT_ID_HEADER,
        **_listing_context(url_for(".admin_edit_webhook", webhook_id=hook.id)),
        **forms,
    )
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/webhooks/new", methods=["GET", "POST"])
def admin_new_webhook():
    actor = _administrator()
    form = WebhookForm()
    hook = _saved(
        form,
        lambda: webhook_admin.create_webhook(
            actor=actor, is_active=form.is_active.data, **_webhook_values(form)
        ),
    )
    if hook is None:
        return _page("agent/admin/notifications/webhook_form.html", form=form, hook=None)
    db.session.commit()
    flash(f"Webhook {hook.name} created. Give its signing secret to the receiver.")
    return redirect(url_for(".admin_edit_webhook", webhook_id=hook.id, _anchor="secret"))


@bp.route("/admin/webhooks/<int:webhook_id>", methods=["GET", "POST"])
def admin_edit_webhook(webhook_id: int):
    actor = _administrator()
    hook = load_or_404(Webhook, webhook_id)
    if request.method == "GET":
        return _render_webhook(hook)
    form = WebhookForm(formdata=_submitted())
    saved = _saved(
        form,
        lambda: webhook_admin.update_webhook(
            hook, actor=actor, is_active=form.is_active.data, **_webhook_values(form)
        ),
    )
    if saved is None:
        return _render_webhook(hook, form)
    db.session.commit()
    flash(f"Webhook {hook.name} saved.")
    return redirect(url_for(".admin_edit_webhook", webhook_id=hook.id))


def _confirmed(prefix: str) -> ConfirmForm:
    form = ConfirmForm(prefix=prefix)
    if not form.validate_on_submit():
        raise ValidationError("The form expired. Reload the page and try again.")
    return form


@bp.post("/admin/webhooks/<int:webhook_id>/secret")
def admin_rotate_webhook_secret(webhook_id: int):
    actor = _administrator()
    hook = load_or_404(Webhook, webhook_id)
    _confirmed("secret")
    webhook_admin.rotate_secret(hook, actor=actor)
    db.session.commit()
    flash(
        f"Webhook {hook.name} has a new signing secret. Every delivery from now on is signed "
        "with it: give it to the receiver."
    )
    return redirect(url_for(".admin_edit_webhook", webhook_id=hook.id, _anchor="secret"))


@bp.post("/admin/webhooks/<int:webhook_id>/test")
def admin_test_webhook(webhook_id: int):
    actor = _administrator()
    hook = load_or_404(Webhook, webhook_id)
    form = ConfirmForm(prefix="test")
    if not form.validate_on_submit():
        raise ValidationError("The form expired. Reload the page and try again.")
    try:
        webhook_admin.send_test_event(hook, actor=actor)
    except ValidationError as error:
        db.session.rollback()
        show_errors(form, error)
        return _render_webhook(hook, test_form=form)
    db.session.commit()
    flash(f"Test event queued for {hook.name}. Its delivery appears in the log below.")
    return redirect(url_for(".admin_edit_webhook", webhook_id=hook.id, _anchor="deliveries"))


@bp.post("/admin/webhooks/<int:webhook_id>/delete")
def admin_delete_webhook(webhook_id: int):
    actor = _administrator()
    hook = load_or_404(Webhook, webhook_id)
    _confirmed("delete")
    name = hook.name
    waiting = webhook_admin.delete_webhook(hook, actor=actor)
    db.session.commit()
    lost = f" {waiting} waiting deliver{'y' if waiting == 1 else 'ies'} will not be sent."
    flash(f"Webhook {name} deleted." + (lost if waiting else ""))
    return redirect(url_for(".admin_webhooks"))


# --- the outbox ----------------------------------------------------------------------------


@bp.get("/admin/outbox")
def admin_outbox():
    _administrator()
    status = _filter(OutboxStatus, "status")
    kind = _filter(OutboxKind, "kind")
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return render_template(
        "agent/admin/notifications/outbox.html",
        counts=outbox.counts_by_status(),
        page=_page_of(query, OutboxMessage.id, PAGE_SIZE),
        status=status,
        kind=kind,
        statuses=list(OutboxStatus),
        kinds=list(OutboxKind),
        **_listing_context(request.full_path.rstrip("?")),
    )


@bp.get("/admin/outbox/<int:outbox_id>")
def admin_outbox_message(outbox_id: int):
    _administrator()
    row = load_or_404(OutboxMessage, outbox_id)
    return render_template(
        "agent/admin/notifications/outbox_message.html",
        row=row,
        **_listing_context(url_for(".admin_outbox_message", outbox_id=row.id)),
    )


@bp.post("/admin/outbox/<int:outbox_id>/retry")
def admin_retry_outbox_message(outbox_id: int):
    actor = _administrator()
    row = load_or_404(OutboxMessage, outbox_id)
    form = RetryForm()
    if not form.validate_on_submit():
        raise ValidationError("The form expired. Reload the page and try again.")
    outbox.retry(row, actor=actor)
    db.session.commit()
    flash(f"Message {row.event} to {row.recipient} is queued again.")
    return redirect(_back(form.back.data) or url_for(".admin_outbox_message", outbox_id=row.id))


# --- inbound email -------------------------------------------------------------------------


@bp.get("/admin/mail")
def admin_mail():
    _administrator()
    outcome = _filter(InboundOutcome, "outcome")
    query = select(InboundEmail).order_by(InboundEmail.id.desc())
    if outcome is not None:
        query = query.where(InboundEmail.outcome == outcome)
    return render_template(
        "agent/admin/notifications/mail.html",
        page=_page_of(query, InboundEmail.id, PAGE_SIZE),
        outcome=outcome,
        outcomes=list(InboundOutcome),
        reference=format_reference,
    )


# --- team KPI alerts -----------------------------------------------------------------------


def _alert_forms(teams, formdata_team_id=None) -> list[tuple[Team, TeamAlertForm]]:
    rules = {rule.team_id: rule for rule in db.session.scalars(select(TeamAlertRule))}
    forms = []
    for team in teams:
        rule = rules.get(team.id)
        submitted = request.form if formdata_team_id == team.id else None
        form = TeamAlertForm(
            formdata=submitted,
            prefix=f"team{team.id}",
            data={
                "backlog_threshold": rule.backlog_threshold if rule else None,
                "breach_rate_percent": rule.breach_rate_percent if rule else None,
            },
        )
        forms.append((team, form))
    return forms


@bp.route("/admin/alerts", methods=["GET", "POST"])
def admin_team_alerts():
    """Each team's KPI alert thresholds: admins see every team, leads their own."""
    actor = current_actor()
    teams = [
        team
        for team in db.session.scalars(select(Team).order_by(Team.name))
        if alerts.can_set_alerts(actor, team)
    ]
    if not teams:
        raise PermissionDenied("Only admins and team leads set KPI alerts.")
    if request.method == "POST":
        team_id = parse_id(request.form.get("team"))
        team = next((team for team in teams if team.id == team_id), None)
        if team is None:
            raise PermissionDenied("You cannot set this team's alerts.")
        forms = _alert_forms(teams, team.id)
        form = next(form for shown, form in forms if shown.id == team.id)
        values = {
            "backlog_threshold": form.backlog_threshold.data,
            "breach_rate_percent": form.breach_rate_percent.data,
        }
        saved = _saved(form, lambda: alerts.save_rule(team, actor=actor, **values))
        if saved is not None:
            db.session.commit()
            flash(f"Alerts for {team.name} saved.")
            return redirect(url_for(".admin_team_alerts"))
        return _page("agent/admin/notifications/alerts.html", forms=forms)
    return _page("agent/admin/notifications/alerts.html", forms=_alert_forms(teams))
