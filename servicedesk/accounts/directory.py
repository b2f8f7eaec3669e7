"""Administration of the staff directory: users, their roles and teams.

Only admins change the directory. Each verb validates everything before it changes anything,
writes one ``AuditEntry`` (never a password) and flushes; the edge commits. An admin cannot
lock themselves out: they may not drop their own admin role or deactivate their own account.

:raises PermissionDenied: from every verb, for an actor who is not an admin.
:raises ValidationError: from every verb, naming each bad field in ``fields``.
"""

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from .. import audit
from ..errors import ValidationError
from ..extensions import db
from . import service as accounts
from .models import STAFF_ROLES, Role, Team, User
from .policy import require_manage_directory

MAX_CAPACITY = 1000
MAX_PASSWORD = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --- users ---------------------------------------------------------------------------------


def _user_facts(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "role": Role(user.role).value,
        "teams": sorted(team.name for team in user.teams),
        "active": user.is_active_account,
        "available": user.is_available,
        "capacity": user.capacity,
    }


def _check_teams(errors: dict[str, str], role: str, teams: list[Team]) -> None:
    if teams and role in set(Role) and Role(role) not in STAFF_ROLES:
        errors["teams"] = "Only staff (agents, team leads, admins) belong to teams."


def create_user(
    *,
    actor: User | None,
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    teams: Iterable[Team] = (),
    now: datetime | None = None,
) -> User:
    """Add a user; without a password they can only sign in through single sign-on."""
    require_manage_directory(actor)
    teams = list(teams)
    errors: dict[str, str] = {}
    if len(email or "") > 254:
        errors["email"] = "An email address has at most 254 characters."
    if len((name or "").strip()) > 200:
        errors["name"] = "Use at most 200 characters."
    if password and len(password) > MAX_PASSWORD:
        errors["password"] = f"Use at most {MAX_PASSWORD} characters."
    _check_teams(errors, role, teams)
    if errors:
        raise ValidationError("The user could not be created.", errors)
    user = accounts.create_user(
        email=email, name=name, role=role, password=password or None, teams=teams
    )
    audit.record(actor, "user.created", user, audit.describe(_user_facts(user)), now=now)
    return user


def update_user(
    user: User,
    *,
    actor: User | None,
    name: str,
    role: str,
    teams: Iterable[Team],
    is_active: bool,
    is_available: bool,
    capacity: int | None,
    now: datetime | None = None,
) -> User:
    """Edit a user's name, role, teams and routing settings.

    :raises ValidationError: also when admins would remove their own admin role or deactivate
        themselves.
    """
    require_manage_directory(actor)
    teams = list(teams)
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "A name is required."
    elif len(name) > 200:
        errors["name"] = "Use at most 200 characters."
    if role not in set(Role):
        errors["role"] = f"Choose one of {', '.join(Role)}."
    elif user == actor and role != Role.ADMIN:
        errors["role"] = "You cannot remove your own admin role: ask another admin to do it."
    if user == actor and not is_active:
        errors["is_active"] = "You cannot deactivate your own account."
    if capacity is not None and not 0 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = (
            f"Enter a number of open tickets from 0 to {MAX_CAPACITY}, or leave it empty for "
            "no limit."
        )
    _check_teams(errors, role, teams)
    if errors:
        raise ValidationError("The user could not be saved.", errors)
    before = _user_facts(user)
    user.name = name
    user.role = Role(role)
    user.teams = teams
    user.is_active_account = is_active
    user.is_available = is_available
    user.capacity = capacity
    audit.record(actor, "user.updated", user, audit.changes(before, _user_facts(user)), now=now)
    return user


def reset_password(
    user: User, password: str, *, actor: User | None, now: datetime | None = None
) -> None:
    """Give a user a new password (tell them through a safe channel)."""
    require_manage_directory(actor)
    if len(password or "") > MAX_PASSWORD:
        raise ValidationError(
            "Password too long.", {"password": f"Use at most {MAX_PASSWORD} characters."}
        )
    accounts.set_password(user, password or "")
    audit.record(actor, "user.password_reset", user, f"Password of {user.email} reset.", now=now)


# --- teams ---------------------------------------------------------------------------------


def _team_facts(team: Team) -> dict[str, Any]:
    return {
        "name": team.name,
        "department": team.department,
        "email": team.email,
        "description": team.description,
    }


def _check_team(
    team: Team | None, name: str, department: str, email: str, description: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    values = {
        "name": (name or "").strip(),
        "department": (department or "").strip(),
        "email": accounts.normalize_email(email),
        "description": (description or "").strip(),
    }
    for field, limit in (("name", 120), ("department", 120), ("email", 254), ("description", 500)):
        if len(values[field]) > limit:
            errors[field] = f"Use at most {limit} characters."
    if not values["name"]:
        errors["name"] = "A name is required."
    elif "name" not in errors:
        query = select(Team.id).where(func.lower(Team.name) == values["name"].lower())
        if team is not None:
            query = query.where(Team.id != team.id)
        if db.session.scalar(query.limit(1)) is not None:
            errors["name"] = "A team with this name already exists."
    if values["email"] and "email" not in errors and not _EMAIL.match(values["email"]):
        errors["email"] = "Enter a valid email address, or leave it empty."
    if errors:
        raise ValidationError("The team could not be saved.", errors)
    return values


def create_team(
    *,
    actor: User | None,
    name: str,
    department: str = "",
    email: str = "",
    description: str = "",
    now: datetime | None = None,
) -> Team:
    """Add a team."""
    require_manage_directory(actor)
    values = _check_team(None, name, department, email, description)
    team = accounts.create_team(**values)
    audit.record(actor, "team.created", team, audit.describe(_team_facts(team)), now=now)
    return team


def update_team(
    team: Team,
    *,
    actor: User | None,
    name: str,
    department: str,
    email: str,
    description: str,
    now: datetime | None = None,
) -> Team:
    """Edit a team's name, department, email and description."""
    require_manage_directory(actor)
    values = _check_team(team, name, department, email, description)
    before = _team_facts(team)
    for key, value in values.items():
        setattr(team, key, value)
    audit.record(actor, "team.updated", team, audit.changes(before, _team_facts(team)), now=now)
    return team


def add_member(team: Team, user: User, *, actor: User | None, now: datetime | None = None) -> None:
    """Put a staff member in a team."""
    require_manage_directory(actor)
    if not user.is_staff:
        raise ValidationError(
            "Only staff belong to teams.",
            {"user": f"{user.name} is not staff (agent, team lead or admin)."},
        )
    if user in team.members:
        raise ValidationError(
            "Already a member.", {"user": f"{user.name} is already in {team.name}."}
        )
    team.members.append(user)
    summary = f"Added {user.name} <{user.email}>."
    audit.record(actor, "team.member_added", team, summary, now=now)


def remove_member(
    team: Team, user: User, *, actor: User | None, now: datetime | None = None
) -> None:
    """Take someone out of a team (their assigned tickets stay assigned)."""
    require_manage_directory(actor)
    if user not in team.members:
        raise ValidationError("Not a member.", {"user": f"{user.name} is not in {team.name}."})
    team.members.remove(user)
    summary = f"Removed {user.name} <{user.email}>."
    audit.record(actor, "team.member_removed", team, summary, now=now)
