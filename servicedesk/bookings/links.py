"""Private links: a resident's appointment link and a person's calendar feed.

The pattern of ``tickets/tracking.py``: a token is derived from a random salt and the secret
key, and only the salt and the token's hash are stored. A copy of the database alone opens
nothing, while reminders can carry the same link again. A feed is revoked by replacing its row.
"""

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from ..timeutils import utcnow
from .models import CalendarFeed, Reservation

MAX_TOKEN_LENGTH = 100


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def derive(secret: str, purpose: str, salt: str) -> str:
    digest = hmac.new(secret.encode(), f"{purpose}:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def issue_appointment_token(reservation: Reservation, *, secret: str) -> str:
    """Give *reservation* a new private link token and return it (the old one stops working)."""
    reservation.token_salt = secrets.token_urlsafe(16)
    token = derive(secret, "appointment", reservation.token_salt)
    reservation.token_hash = token_hash(token)
    return token


def appointment_token(reservation: Reservation, *, secret: str) -> str | None:
    """The token of *reservation*'s link again (for reminders), or None if it has none."""
    if reservation.token_salt is None:
        return None
    token = derive(secret, "appointment", reservation.token_salt)
    return token if token_hash(token) == reservation.token_hash else None


def find_appointment(raw: str) -> Reservation | None:
    """The appointment whose link holds *raw*, or None (unknown or malformed)."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    return db.session.scalar(select(Reservation).where(Reservation.token_hash == token_hash(raw)))


def existing_feed_token(user: User, *, secret: str) -> str | None:
    """The token of *user*'s calendar feed, or None if they have not made one."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        return None
    token = derive(secret, "feed", feed.salt)
    return token if token_hash(token) == feed.token_hash else None


def feed_token(user: User, *, secret: str, renew: bool = False) -> str:
    """The token of *user*'s calendar feed, made on first use; *renew* revokes the old one."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is not None and not renew:
        token = derive(secret, "feed", feed.salt)
        if token_hash(token) == feed.token_hash:
            return token
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.salt = secrets.token_urlsafe(16)
    feed.created_at = utcnow()
    token = derive(secret, "feed", feed.salt)
    feed.token_hash = token_hash(token)
    db.session.flush()
    return token


def find_feed_owner(raw: str) -> User | None:
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(raw)))
    return feed.user if feed is not None and feed.user.is_active else None
