"""People and teams. A user has one role; agents and leads belong to teams."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dbtypes import EnumText
from ..extensions import db
from ..timeutils import UTCDateTime, utcnow


class Role(StrEnum):
    RESIDENT = "resident"
    EMPLOYEE = "employee"
    AGENT = "agent"
    LEAD = "lead"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"lead": "Team lead"}.get(self.value, self.value.capitalize())


STAFF_ROLES = frozenset({Role.AGENT, Role.LEAD, Role.ADMIN})

team_memberships = Table(
    "team_memberships",
    db.metadata,
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Team(db.Model):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    department: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    description: Mapped[str] = mapped_column(String(500), default="")

    members: Mapped[list["User"]] = relationship(
        secondary=team_memberships, back_populates="teams", order_by="User.name"
    )

    def __str__(self) -> str:
        return self.name


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(EnumText(Role, 20), default=Role.RESIDENT, index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Single sign-on links an external identity here (issuer + subject), next to passwords.
    sso_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    # The language of the emails this person receives ("en", "es").
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    # Residents prove they own their address before their account may claim earlier reports.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every emailed sign-in or confirmation link; a new value when one is used, so
    # each link works once (see accounts/residents.py).
    sign_in_nonce: Mapped[str | None] = mapped_column(String(32))
    # Routing: an unavailable agent is never picked; capacity caps open assigned tickets.
    is_available: Mapped[bool] = mapped_column(Boolean, default=True)
    capacity: Mapped[int | None]
    last_assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # From single sign-on's claims (or the directory): where someone works and who approves
    # their requests that need a manager's approval.
    department: Mapped[str] = mapped_column(String(120), default="", server_default="")
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    teams: Mapped[list[Team]] = relationship(
        secondary=team_memberships, back_populates="members", order_by=Team.name
    )
    manager: Mapped["User | None"] = relationship(remote_side=[id])

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_lead(self) -> bool:
        return self.role == Role.LEAD

    @property
    def team_ids(self) -> set[int]:
        return {team.id for team in self.teams}

    def __str__(self) -> str:
        return self.name


class ExternalIdentity(db.Model):
    """A person's identity at an OpenID provider, linked to their account.

    Keyed by (issuer, subject), the only pair a provider promises never to reuse; an email
    address can change hands, so it never identifies anyone on its own (see accounts/oidc.py).
    """

    __tablename__ = "external_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255))
    # The email the provider last sent, for the directory; not used to find anyone.
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("issuer", "subject"),)


class TokenScope(StrEnum):
    READ = "read"  # GET only
    WRITE = "write"  # everything the owner may do

    @property
    def label(self) -> str:
        return {"read": "Read only", "write": "Read and write"}[self.value]


class ApiToken(db.Model):
    """A personal API token: acts as its owner, within its scope, until it expires or is revoked.

    Only a hash of the token is kept (see ``accounts/tokens.py``); the owner sees it once.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The first characters of the token, shown so the owner can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[TokenScope] = mapped_column(EnumText(TokenScope, 10), default=TokenScope.READ)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    def __str__(self) -> str:
        return self.name
