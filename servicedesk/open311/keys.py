"""Issuing, revoking and checking Open311 api_keys.

Admins issue a key per client application; the key is returned once and only its hash is kept.
A revoked key is refused for good (revoking is final: issue a new key instead). Every issue and
revoke is audited; checking a key records when it was last used.
"""

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select

from .. import audit
from ..accounts.models import User
from ..errors import NotFound, PermissionDenied, ValidationError
from ..extensions import db
from ..timeutils import utcnow
from .models import Open311Key

KEY_BYTES = 32
PREFIX_LENGTH = 8
MAX_NAME = 120
# Writing last_used_at on every request would turn each POST into two writes; once a minute
# is precise enough to tell an admin whether a client still uses its key.
LAST_USED_PRECISION_SECONDS = 60


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def list_keys() -> list[Open311Key]:
    """Every key, active ones first, then by name."""
    keys = db.session.scalars(select(Open311Key).order_by(Open311Key.name)).all()
    return sorted(keys, key=lambda key: key.revoked_at is not None)


def issue_key(
    name: str, *, actor: User | None, now: datetime | None = None
) -> tuple[Open311Key, str]:
    """Create a key for the client application *name*; return the row and the key (shown once).

    :raises ValidationError: for an empty, overlong or already used name.
    """
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("Name the client application.", {"name": "A name is required."})
    if len(name) > MAX_NAME:
        raise ValidationError("The name is too long.", {"name": f"At most {MAX_NAME} characters."})
    if db.session.scalar(select(Open311Key.id).where(Open311Key.name == name)) is not None:
        raise ValidationError(
            "That name is taken.", {"name": f"There is already a key named {name!r}."}
        )
    key = secrets.token_urlsafe(KEY_BYTES)
    row = Open311Key(
        name=name,
        key_hash=hash_key(key),
        key_prefix=key[:PREFIX_LENGTH],
        created_by=actor,
        created_at=now or utcnow(),
    )
    db.session.add(row)
    audit.record(actor, "open311_key.issued", row, audit.describe({"name": name}), now=now)
    return row, key


def revoke_key(row: Open311Key, *, actor: User | None, now: datetime | None = None) -> None:
    """Refuse the key from now on.

    :raises ValidationError: if it is already revoked.
    """
    if row.revoked_at is not None:
        raise ValidationError(f"The key {row.name!r} is already revoked.")
    row.revoked_at = now or utcnow()
    audit.record(actor, "open311_key.revoked", row, audit.describe({"name": row.name}), now=now)


def get_key(name_or_id: str) -> Open311Key:
    """Return the key with this name, or with this id when no key has that name.

    :raises NotFound: if there is neither.
    """
    text = (name_or_id or "").strip()
    row = db.session.scalar(select(Open311Key).where(Open311Key.name == text))
    if row is None and text.isascii() and text.isdigit() and len(text) < 12:
        row = db.session.get(Open311Key, int(text))
    if row is None:
        raise NotFound(f"There is no Open311 key named {text!r}.")
    return row


def authenticate(key: str | None, *, now: datetime | None = None) -> Open311Key:
    """Return the active key row for *key* and note its use.

    :raises PermissionDenied: for a missing, unknown or revoked key.
    """
    if not key:
        raise PermissionDenied("api_key was not provided; ask the city for one.")
    row = db.session.scalar(select(Open311Key).where(Open311Key.key_hash == hash_key(key)))
    if row is None:
        raise PermissionDenied("api_key is not valid.")
    if row.revoked_at is not None:
        raise PermissionDenied("api_key has been revoked.")
    now = now or utcnow()
    if (
        row.last_used_at is None
        or (now - row.last_used_at).total_seconds() >= LAST_USED_PRECISION_SECONDS
    ):
        row.last_used_at = now
    return row
