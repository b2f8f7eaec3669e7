"""``servicedesk open311 keys create|revoke|list``: api_keys for Open311 client applications.

A new key is printed once; only its hash is stored, so a lost key is revoked and replaced.
"""

import click
from flask.cli import with_appcontext

from ..errors import NotFound, ValidationError
from ..extensions import db
from . import keys


@click.group("open311")
def open311_group() -> None:
    """The Open311 GeoReport v2 endpoint."""


@open311_group.group("keys")
def keys_group() -> None:
    """api_keys of client applications."""


def _refuse(error: ValidationError | NotFound) -> click.ClickException:
    fields = getattr(error, "fields", None) or {}
    return click.ClickException("; ".join(fields.values()) or error.message)


@keys_group.command("create")
@click.argument("name")
@with_appcontext
def create_key_command(name: str) -> None:
    """Issue a key for the client application NAME and print it (once)."""
    try:
        row, key = keys.issue_key(name, actor=None)
    except ValidationError as error:
        raise _refuse(error) from None
    db.session.commit()
    click.echo(f"Issued Open311 key {row.name!r} (id {row.id}). Give it to the client now;")
    click.echo("it is not shown again:")
    click.echo(key)


@keys_group.command("revoke")
@click.argument("name_or_id")
@with_appcontext
def revoke_key_command(name_or_id: str) -> None:
    """Refuse the key NAME (or id) from now on."""
    try:
        row = keys.get_key(name_or_id)
        keys.revoke_key(row, actor=None)
    except (ValidationError, NotFound) as error:
        raise _refuse(error) from None
    db.session.commit()
    click.echo(f"Revoked Open311 key {row.name!r} (id {row.id}).")


@keys_group.command("list")
@with_appcontext
def list_keys_command() -> None:
    """Show every key: name, id, first characters, created, last used, revoked."""
    rows = keys.list_keys()
    if not rows:
        click.echo("No Open311 keys yet.")
    for row in rows:
        used = row.last_used_at.strftime("%Y-%m-%d %H:%M") if row.last_used_at else "never"
        state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
        click.echo(
            f"{row.id:>4}  {row.name:<30} {row.key_prefix}…  created {row.created_at:%Y-%m-%d}"
            f"  last used {used}  {state}"
        )
