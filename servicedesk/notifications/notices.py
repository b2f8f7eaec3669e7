"""What each notice says, in each language the desk speaks.

A notice is composed into a subject, paragraphs, an optional quoted message and action links;
``templates/notifications/email.{txt,html}`` lay it out as the two alternatives of one email.
Values are filled in with ``str.format``; the HTML template escapes them.
"""

from dataclasses import dataclass, field

from flask import render_template

from ..i18n import lazy_text
from ..languages import supported


@dataclass(frozen=True)
class Notice:
    """A kind of notice and who may switch it off in their preferences."""

    name: str
    label: str
    for_staff: bool
    for_residents: bool = True


NOTICES = {
    notice.name: notice
    for notice in (
        Notice("received", lazy_text("We received your request"), False),
        Notice("reply", lazy_text("A reply from the service desk"), False),
        Notice("status", lazy_text("Your request's status changed"), False),
        Notice("resolved", lazy_text("Your request was resolved"), False),
        Notice("assigned", "A ticket was assigned to you", True),
        Notice("team_new", "A new ticket in your team's queue", True),
        Notice("requester_replied", "A requester replied on your ticket", True),
        Notice("sla_warning", "An SLA target is due soon", True),
        Notice("sla_breach", "An SLA target was breached", True),
        Notice("kpi_alert", "Team KPI alerts (team leads)", True),
        Notice("approval_requested", "A request waits for your approval", False, False),
    )
}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "greeting": "Hello {name},",
        "greeting_anonymous": "Hello,",
        "received.subject": "[{reference}] We received your request: {subject}",
        "received.body": "Thank you. Your request {reference} ({subject}) is registered "
        "and on its way to the right team.",
        "received.expect": "We aim to resolve it by {due}.",
        "track": "Follow your request",
        "reply.subject": "[{reference}] A reply to your request: {subject}",
        "reply.body": "The service desk answered your request {reference}:",
        "reply.hint": "Reply to this email to answer; keep the reference in the subject.",
        "follower_update.subject": "[{reference}] An update on the request you follow",
        "follower_update.body": "There is a new public update on {reference} ({subject}).",
        "status.subject": "[{reference}] Your request is now {status}",
        "status.body": "The status of your request {reference} ({subject}) changed to {status}.",
        "approval_requested.subject": "[{reference}] Waiting for your approval: {subject}",
        "approval_requested.body": "{requester} asks for {item}: {reference} ({subject}). "
        "It is sent on to the team once you approve it.",
        "approval_requested.action": "Approve or reject",
        "resolved.subject": "[{reference}] Resolved: {subject}",
        "resolved.body": "We believe your request {reference} ({subject}) is resolved.",
        "resolved.ask": "Is it fixed? Please confirm, or reopen it if it is not; "
        "and tell us how we did.",
        "resolved.confirm": "Yes, it is fixed",
        "resolved.reopen": "No, reopen it",
        "resolved.rate": "Rate our service",
        "assigned.subject": "[{reference}] Assigned to you: {subject}",
        "assigned.body": "{reference} ({subject}) is now assigned to you. Priority: {priority}.",
        "team_new.subject": "[{reference}] New in {team}: {subject}",
        "team_new.body": "A new ticket arrived in {team}'s queue: {reference} ({subject}). "
        "Priority: {priority}.",
        "requester_replied.subject": "[{reference}] The requester replied: {subject}",
        "requester_replied.body": "The requester replied on {reference}:",
        "sla_warning.subject": "[{reference}] SLA due soon: {target}",
        "sla_warning.body": "The {target} target of {reference} ({subject}) is due at {due}.",
        "sla_breach.subject": "[{reference}] SLA breached: {target}",
        "sla_breach.body": "The {target} target of {reference} ({subject}) was due at {due} "
        "and is breached.",
        "kpi_alert.subject": "[{team}] {what}",
        "kpi_alert.body": "{what}. Threshold: {threshold}.",
        "kpi.backlog": "{team} has {value} open tickets",
        "kpi.breach_rate": "{team} breached {value}% of its SLA targets in the last 7 days",
        "open_ticket": "Open the ticket",
        "target.first_response": "first response",
        "target.resolution": "resolution",
        "footer": "You receive this because of a request at the service desk.",
        "unsubscribe": "Stop these emails",
        "preferences": "Choose which notices you receive",
        "account_confirm.subject": "Confirm your email for your service desk account",
        "account_confirm.body": "Thank you for signing up. To finish, confirm that this address "
        "is yours: the link works once, within 3 days. If you did not sign up, ignore this email.",
        "account_confirm.action": "Confirm my email",
        "account_exists.subject": "You already have a service desk account",
        "account_exists.body": "Someone, probably you, tried to sign up with this address, "
        "which has an account already. Sign in with your password, or ask for a sign-in link "
        "by email. If it was not you, ignore this email: nothing has changed.",
        "account_exists.action": "Sign in",
        "account_exists.action2": "Email me a sign-in link",
        "account_sign_in.subject": "Your sign-in link for the service desk",
        "account_sign_in.body": "Use this link to sign in to your account. It works once, "
        "within 30 minutes. If you did not ask for it, ignore this email.",
        "account_sign_in.action": "Sign in",
    },
    "es": {
        "greeting": "Hola, {name}:",
        "greeting_anonymous": "Hola:",
        "received.subject": "[{reference}] Hemos recibido su solicitud: {subject}",
        "received.body": "Gracias. Su solicitud {reference} ({subject}) está registrada "
        "y va camino del equipo adecuado.",
        "received.expect": "Nuestro objetivo es resolverla antes del {due}.",
        "track": "Seguir su solicitud",
        "reply.subject": "[{reference}] Respuesta a su solicitud: {subject}",
        "reply.body": "El servicio de atención respondió a su solicitud {reference}:",
        "reply.hint": "Responda a este correo para contestar; mantenga la referencia en el asunto.",
        "follower_update.subject": "[{reference}] Novedades de la solicitud que sigue",
        "follower_update.body": "Hay una nueva actualización pública en {reference} ({subject}).",
        "status.subject": "[{reference}] Su solicitud está ahora: {status}",
        "status.body": "El estado de su solicitud {reference} ({subject}) cambió a: {status}.",
        "approval_requested.subject": "[{reference}] Espera su aprobación: {subject}",
        "approval_requested.body": "{requester} solicita {item}: {reference} ({subject}). "
        "Se envía al equipo cuando usted la apruebe.",
        "approval_requested.action": "Aprobar o rechazar",
        "resolved.subject": "[{reference}] Resuelta: {subject}",
        "resolved.body": "Creemos que su solicitud {reference} ({subject}) está resuelta.",
        "resolved.ask": "¿Está solucionado? Confírmelo, o reábrala si no lo está; "
        "y díganos qué tal lo hicimos.",
        "resolved.confirm": "Sí, está solucionado",
        "resolved.reopen": "No, reabrirla",
        "resolved.rate": "Valore nuestro servicio",
        "assigned.subject": "[{reference}] Asignado a usted: {subject}",
        "assigned.body": "{reference} ({subject}) está ahora asignado a usted. "
        "Prioridad: {priority}.",
        "team_new.subject": "[{reference}] Nuevo en {team}: {subject}",
        "team_new.body": "Llegó un ticket nuevo a la cola de {team}: {reference} ({subject}). "
        "Prioridad: {priority}.",
        "requester_replied.subject": "[{reference}] El solicitante respondió: {subject}",
        "requester_replied.body": "El solicitante respondió en {reference}:",
        "sla_warning.subject": "[{reference}] SLA a punto de vencer: {target}",
        "sla_warning.body": "El objetivo de {target} de {reference} ({subject}) vence el {due}.",
        "sla_breach.subject": "[{reference}] SLA incumplido: {target}",
        "sla_breach.body": "El objetivo de {target} de {reference} ({subject}) vencía el {due} "
        "y está incumplido.",
        "kpi_alert.subject": "[{team}] {what}",
        "kpi_alert.body": "{what}. Umbral: {threshold}.",
        "kpi.backlog": "{team} tiene {value} tickets abiertos",
        "kpi.breach_rate": "{team} incumplió el {value} % de sus objetivos SLA "
        "en los últimos 7 días",
        "open_ticket": "Abrir el ticket",
        "target.first_response": "primera respuesta",
        "target.resolution": "resolución",
        "footer": "Recibe este correo por una solicitud al servicio de atención.",
        "unsubscribe": "Dejar de recibir estos correos",
        "preferences": "Elegir qué avisos recibe",
        "account_confirm.subject": "Confirme su correo para su cuenta del servicio de atención",
        "account_confirm.body": "Gracias por registrarse. Para terminar, confirme que esta "
        "dirección es suya: el enlace funciona una vez, durante 3 días. Si no se registró, "
        "ignore este correo.",
        "account_confirm.action": "Confirmar mi correo",
        "account_exists.subject": "Ya tiene una cuenta en el servicio de atención",
        "account_exists.body": "Alguien, probablemente usted, intentó registrarse con esta "
        "dirección, que ya tiene una cuenta. Entre con su contraseña o pida un enlace de acceso "
        "por correo. Si no fue usted, ignore este correo: nada ha cambiado.",
        "account_exists.action": "Entrar",
        "account_exists.action2": "Enviarme un enlace de acceso",
        "account_sign_in.subject": "Su enlace de acceso al servicio de atención",
        "account_sign_in.body": "Use este enlace para entrar en su cuenta. Funciona una vez, "
        "durante 30 minutos. Si no lo pidió, ignore este correo.",
        "account_sign_in.action": "Entrar",
    },
}

STATUS_NAMES = {
    "es": {
        "new": "Nueva",
        "open": "Abierta",
        "in_progress": "En curso",
        "waiting_on_requester": "Esperando su respuesta",
        "resolved": "Resuelta",
        "closed": "Cerrada",
        "cancelled": "Cancelada",
        "awaiting_approval": "En espera de aprobación",
    }
}


def text(language: str, key: str, **values) -> str:
    """One string of the catalogue in *language* (English if a string is missing)."""
    catalogue = TEXTS[supported(language)]
    return catalogue.get(key, TEXTS["en"][key]).format(**values)


def status_name(language: str, status) -> str:
    return STATUS_NAMES.get(supported(language), {}).get(status.value, status.label)


@dataclass
class Composed:
    """A notice ready to lay out: both alternatives of the email come from it."""

    language: str
    subject: str
    greeting: str
    paragraphs: list[str]
    quote: str = ""
    actions: list[tuple[str, str]] = field(default_factory=list)
    footer_links: list[tuple[str, str]] = field(default_factory=list)

    def as_payload(self) -> dict:
        """What the outbox keeps: the words, not the rendered email (a small row; the worker
        lays it out when it sends, see ``render``)."""
        return {
            "language": self.language,
            "subject": self.subject,
            "greeting": self.greeting,
            "paragraphs": self.paragraphs,
            "quote": self.quote,
            "actions": [list(action) for action in self.actions],
            "footer_links": [list(link) for link in self.footer_links],
        }


def render(stored: dict) -> tuple[str, str]:
    """The text and HTML alternatives of a notice kept by ``Composed.as_payload``."""
    notice = Composed(**stored)
    footer = text(notice.language, "footer")
    return (
        render_template("notifications/email.txt", notice=notice, footer=footer),
        render_template("notifications/email.html", notice=notice, footer=footer),
    )
