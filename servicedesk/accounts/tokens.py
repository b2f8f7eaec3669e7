"""Personal API tokens: created (shown once), found by hash, revoked; every change audited.

A token is 32 random bytes, so a plain SHA-256 is a safe lookup key (no salt or slow hash
needed, unlike a password): the database keeps only the hash and a short prefix for the owner
to recognise it. A token acts as its owner with the owner's current role and teams, narrowed
by its scope (read tokens may only read), and stops working when it expires, is revoked, or
its owner's account is deactivated. Services flush; the edge commits.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from .. import audit
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..timeutils import utcnow
from . import policy
from .models import ApiToken, TokenScope, User

TOKEN_PREFIX = "sdk_"
MAX_NAME = 100
LIFETIMES_DAYS = (7, 30, 90, 365)
MAX_LIFETIME_DAYS = 365
# Writing last_used_at on every call would make each read a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(
    user: User,
    *,
    name: str,
    scope: TokenScope | str,
    days: int,
    actor: User,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for *user*; return it and the raw token (shown once, never stored).

    :raises PermissionDenied: unless the actor is the user (people make their own tokens).
    :raises ValidationError: for a missing name, an unknown scope or a lifetime out of range.
    """
    policy.require_create_token(actor, user)
    now = now or utcnow()
    errors = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = "Give the token a name, e.g. the script that uses it."
    elif len(name) > MAX_NAME:
        errors["name"] = f"At most {MAX_NAME} characters."
    if scope not in set(TokenScope):
        errors["scope"] = "Choose read or write."
    if not isinstance(days, int) or not 1 <= days <= MAX_LIFETIME_DAYS:
        errors["days"] = f"Between 1 and {MAX_LIFETIME_DAYS} days."
    if errors:
        raise ValidationError("The token could not be created.", errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=raw[:12],
        token_hash=_hash(raw),
        scope=TokenScope(scope),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    audit.record(
        actor,
        "api_token.created",
        token,
        f"{name!r} for {user.email}, {token.scope.label.lower()},"
        f" expires {token.expires_at:%Y-%m-%d}.",
        now=now,
    )
    return token, raw


def revoke_token(token: ApiToken, *, actor: User, now: datetime | None = None) -> None:
    """Stop the token at once (final).

    :raises PermissionDenied: unless the actor owns the token or is an admin.
    """
    policy.require_revoke_token(actor, token)
    if token.revoked_at is not None:
        return
    token.revoked_at = now or utcnow()
    audit.record(actor, "api_token.revoked", token, f"{token.name!r} of {token.user.email}.")


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too, for the record)."""
    query = select(ApiToken).where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def get_token(token_id: int, owner: User) -> ApiToken:
    """:raises NotFound: unless the owner has a token with that id."""
    token = db.session.get(ApiToken, token_id) if 0 < token_id < 2**31 else None
    if token is None or token.user_id != owner.id:
        raise NotFound(f"There is no token {token_id}.")
    return token


def authenticate(raw: str, *, now: datetime | None = None) -> ApiToken | None:
    """The live token for *raw* whose owner is active, or None; notes when it was last used."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    now = now or utcnow()
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(raw)))
    if token is None or not token.is_live(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token
