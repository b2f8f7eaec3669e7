"""Open311 tables: client applications' api keys and what an Open311 request adds to a ticket.

A key is shown once when issued; only its SHA-256 is kept (the key is 32 random bytes, so a fast
hash is enough: nobody can guess a preimage), so a copy of the database files no requests.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..tickets.models import Ticket
from ..timeutils import UTCDateTime, utcnow


class Open311Key(db.Model):
    """An api_key for one client application (a 311 app, a contact-centre tool)."""

    __tablename__ = "open311_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the key, so an admin can tell keys apart without the key.
    key_prefix: Mapped[str] = mapped_column(String(12))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __str__(self) -> str:
        return self.name


class Open311Request(db.Model):
    """What an Open311 POST brought besides the ticket: the client, the token, the media URL."""

    __tablename__ = "open311_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), unique=True
    )
    key_id: Mapped[int | None] = mapped_column(ForeignKey("open311_keys.id", ondelete="SET NULL"))
    # A random handle the client may poll (GET tokens/<token>); not a secret: it only leads to
    # the request's public side, which GET requests shows anyway.
    token: Mapped[str] = mapped_column(String(40), unique=True)
    media_url: Mapped[str] = mapped_column(String(2000), default="")
    address_id: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The agent's ticket page shows the client and the media link (ticket.open311_request).
    ticket: Mapped[Ticket] = relationship(backref=backref("open311_request", uselist=False))
    key: Mapped[Open311Key | None] = relationship()
