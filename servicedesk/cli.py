"""Operator commands: ``servicedesk <group> <verb>`` (the app's Flask CLI).

servicedesk db upgrade          apply migrations (Flask-Migrate)
servicedesk demo                seed the demo city (idempotent)
servicedesk users create        add a user
servicedesk tickets escalate    run the SLA sweep once (idempotent)
servicedesk worker              deliver notifications and run the minute sweep (huey)
servicedesk mail fetch          read new email from the IMAP mailbox into tickets
servicedesk mail serve          receive email over SMTP into tickets
servicedesk open311 keys create issue an api_key for an Open311 client (printed once)
servicedesk run                 serve (development server)
"""

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from .errors import ValidationError
from .extensions import db
from .timeutils import utcnow


def _create_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main():
    """The servicedesk operator commands."""


def register(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(users_group)
    app.cli.add_command(tickets_group)
    app.cli.add_command(kb_group)
    app.cli.add_command(worker_command)
    from .notifications.mail_commands import mail_group

    app.cli.add_command(mail_group)
    from .bookings.cli import bookings_group

    app.cli.add_command(bookings_group)

    from .open311.cli import open311_group

    app.cli.add_command(open311_group)

    from .reports.cli import reports_group

    app.cli.add_command(reports_group)


@click.command("demo")
@click.option(
    "--tickets", "ticket_count", default=300, show_default=True, help="How many demo tickets."
)
@with_appcontext
def demo_command(ticket_count: int) -> None:
    """Seed the demo city: teams, people, categories, forms, SLAs, routing, tickets (idempotent)."""
    from .demo import DEMO_PASSWORD, DEMO_SIGN_INS, seed_demo

    summary = seed_demo(ticket_count=ticket_count, now=utcnow())
    db.session.commit()
    click.echo(summary)
    click.echo(f"Demo sign-ins (password '{DEMO_PASSWORD}'):")
    for email, role in DEMO_SIGN_INS:
        click.echo(f"  {email:<28} {role}")


@click.group("users")
def users_group() -> None:
    """Manage users."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role", type=click.Choice(["resident", "employee", "agent", "lead", "admin"]), required=True
)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--team", "team_names", multiple=True, help="Team name; repeat for several.")
@with_appcontext
def create_user_command(
    email: str, name: str, role: str, password: str, team_names: tuple[str, ...]
) -> None:
    """Create a user with a password."""
    from sqlalchemy import select

    from .accounts.models import Team
    from .accounts.service import create_user

    teams = []
    for team_name in team_names:
        team = db.session.scalar(select(Team).where(Team.name == team_name))
        if team is None:
            raise click.UsageError(f"There is no team named {team_name!r}.")
        teams.append(team)
    try:
        user = create_user(email=email, name=name, role=role, password=password, teams=teams)
    except ValidationError as error:
        raise click.UsageError(
            "; ".join(f"{k}: {v}" for k, v in error.fields.items()) or error.message
        ) from None
    db.session.commit()
    click.echo(f"Created {user.role.label.lower()} {user.email} (id {user.id}).")


@click.group("tickets")
def tickets_group() -> None:
    """Ticket maintenance."""


@tickets_group.command("escalate")
@with_appcontext
def escalate_command() -> None:
    """Record SLA warnings and breaches due now, each once, and tell the team leads."""
    from .tickets.escalation import escalate

    report = escalate(utcnow())
    db.session.commit()
    click.echo(f"SLA sweep: {report}.")


@click.group("kb")
def kb_group() -> None:
    """The knowledge base."""


@kb_group.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the search index from the database (safe while the desk runs)."""
    from .knowledge import indexing

    total = indexing.count_live()
    with click.progressbar(length=total, label="Indexing articles", show_pos=True) as bar:
        written = indexing.reindex(progress=bar.update)
    click.echo(f"The index holds {written} published articles.")


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Jobs run side by side.")
@with_appcontext
def worker_command(threads: int) -> None:
    """Deliver queued emails and webhooks, and run the SLA sweep every minute (until stopped)."""
    from flask import current_app

    from .notifications.jobs import run_worker

    app = current_app._get_current_object()
    click.echo(f"Worker started: jobs from {app.config['JOBS_URL'].split('@')[-1]}")
    run_worker(app, workers=threads)
