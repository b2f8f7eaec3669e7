"""Private tracking links: follow a ticket without an account.

Each (ticket, requester email) has one link. The token in it is derived from a random salt
and the application's secret key; the database keeps the salt and a hash of the token, never
the token, so a copy of the database alone opens no ticket, while every notice about the ticket
can carry the same link. Whoever holds the token may read the ticket's public side and act as
its requester. Revoking a link is final (a later notice makes a new one).
"""

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..timeutils import utcnow
from .models import Ticket, TrackingToken


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _derive(secret: str, salt: str) -> str:
    digest = hmac.new(secret.encode(), f"track:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_for(ticket: Ticket, email: str, *, secret: str, now: datetime | None = None) -> str:
    """The tracking token for *email* on *ticket*, made on first use; flushes nothing.

    After the secret key changed, the stored salts give other tokens than the links already
    sent (which keep working: only their hash is compared); a new link is made beside them.
    """
    email = email.strip().lower()
    rows = db.session.scalars(
        select(TrackingToken).where(
            TrackingToken.ticket_id == ticket.id,
            TrackingToken.email == email,
            TrackingToken.revoked_at.is_(None),
        )
    )
    for row in rows:
        token = _derive(secret, row.salt)
        if _hash(token) == row.token_hash:
            return token
    salt = secrets.token_urlsafe(16)
    token = _derive(secret, salt)
    db.session.add(
        TrackingToken(
            ticket_id=ticket.id,
            salt=salt,
            token_hash=_hash(token),
            email=email,
            created_at=now or utcnow(),
        )
    )
    return token


def find(raw: str) -> TrackingToken | None:
    """The live token matching *raw*, or None (unknown, malformed or revoked)."""
    if not raw or len(raw) > 100:
        return None
    token = db.session.scalar(select(TrackingToken).where(TrackingToken.token_hash == _hash(raw)))
    return token if token is not None and token.revoked_at is None else None


def revoke(token: TrackingToken, *, now: datetime | None = None) -> None:
    token.revoked_at = now or utcnow()
