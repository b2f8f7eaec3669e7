"""Accounts: create users, check passwords, manage teams. Flushes; the edge commits."""

import re

from sqlalchemy import func, select

from ..errors import ValidationError
from ..extensions import db
from .models import Role, Team, User
from .passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def is_valid_email(email: str) -> bool:
    return bool(_EMAIL.match(email or ""))


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))


def create_user(
    *,
    email: str,
    name: str,
    role: Role | str,
    password: str | None = None,
    teams: list[Team] | None = None,
    min_password: int = MIN_PASSWORD,
) -> User:
    """Create a user with an argon2 password hash (or none, for single sign-on only).

    :raises ValidationError: for a malformed or taken email, a short password, a bad role.
    """
    email = normalize_email(email)
    errors = {}
    if not _EMAIL.match(email):
        errors["email"] = "Enter a valid email address."
    elif find_user_by_email(email) is not None:
        errors["email"] = "A user with this email already exists."
    if not (name or "").strip():
        errors["name"] = "A name is required."
    if role not in set(Role):
        errors["role"] = f"Choose one of {', '.join(Role)}."
    if password is not None and len(password) < min_password:
        errors["password"] = f"Use at least {min_password} characters."
    if errors:
        raise ValidationError("The user could not be created.", errors)
    user = User(
        email=email,
        name=name.strip(),
        role=Role(role),
        password_hash=hash_password(password) if password else None,
        teams=list(teams or []),
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with this email and password, else None (same time either way)."""
    user = find_user_by_email(email)
    if user is None:
        verify_password(DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def set_password(user: User, password: str) -> None:
    """:raises ValidationError: for a password that is too short."""
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            "Password too short.", {"password": f"Use at least {MIN_PASSWORD} characters."}
        )
    user.password_hash = hash_password(password)


def create_team(*, name: str, department: str = "", email: str = "", description: str = "") -> Team:
    """:raises ValidationError: for an empty or taken name."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("A team needs a name.", {"name": "A name is required."})
    if db.session.scalar(select(Team).where(Team.name == name)) is not None:
        raise ValidationError(
            "That team exists.", {"name": "A team with this name already exists."}
        )
    team = Team(
        name=name,
        department=department.strip(),
        email=email.strip(),
        description=description.strip(),
    )
    db.session.add(team)
    db.session.flush()
    return team
