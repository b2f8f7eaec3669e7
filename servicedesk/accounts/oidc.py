"""Single sign-on: turn an OpenID provider's verified claims into a local account.

The portal runs the protocol (Authlib: code + PKCE, state, nonce, id_token signature and claims);
this module decides who the person is. The rules:

- **An identity is (issuer, subject).** A later sign-in with the same pair is the same person,
  whatever email the provider sends now; their name, email, department and manager are updated.
- **An email never takes over an account by itself.** A first sign-in whose email belongs to an
  existing account is linked to it only if the provider says the address is verified
  (``email_verified`` true) and that account has no identity from this issuer yet (one person,
  one identity per provider). Otherwise it is refused and an admin must link the accounts: a
  provider that lets people type any address, or a reused mailbox, must not open someone
  else's requests or admin rights.
- **Roles follow the configured map when the provider sends the role claim.** With a map
  (``desk-admins=admin,desk-agents=agent``) and the claim present, the role is the highest one
  mapped from the claim's values, else employee: the provider is the authority, so removing
  someone from a group takes the right away at their next sign-in. Without the claim, a new
  account is an employee and an existing one keeps its role (a resident becomes an employee:
  only staff have the City's sign-on).
- Every account created, linked or changed here is written to the audit log.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from .. import audit
from ..errors import PermissionDenied, ValidationError
from ..extensions import db
from ..timeutils import utcnow
from . import service as accounts
from .models import ExternalIdentity, Role, User

# Higher wins when several of a person's groups map to roles.
ROLE_RANK = {Role.EMPLOYEE: 0, Role.AGENT: 1, Role.LEAD: 2, Role.ADMIN: 3}


@dataclass(frozen=True)
class Profile:
    """What the desk keeps from a provider's claims."""

    subject: str
    email: str
    email_verified: bool
    name: str
    department: str
    manager_email: str
    role_values: tuple[str, ...] | None  # None: the provider did not send the role claim


@dataclass(frozen=True)
class ClaimNames:
    """Which claims carry the department, the manager's email and the role values."""

    department: str = "department"
    manager: str = "manager_email"
    role: str = "groups"


def profile_from_claims(claims: Mapping[str, Any], names: ClaimNames = ClaimNames()) -> Profile:
    """Return the profile in validated id_token + userinfo claims.

    :raises ValidationError: when the subject or a usable email address is missing.
    """
    subject = claims.get("sub")
    subject = subject.strip() if isinstance(subject, str) else ""
    if not subject or len(subject) > 255:
        raise ValidationError("The sign-on provider sent no usable subject (sub) for you.")
    email = claims.get("email")
    email = accounts.normalize_email(email) if isinstance(email, str) else ""
    if not accounts.is_valid_email(email):
        raise ValidationError(
            "The sign-on provider did not send your email address, so the desk cannot write to "
            "you. Ask your IT team to release the email claim (scope 'email') to the service desk."
        )
    return Profile(
        subject=subject,
        email=email,
        email_verified=claims.get("email_verified") in (True, "true", "True"),
        name=_name(claims, email),
        department=_text(claims.get(names.department), 120),
        manager_email=accounts.normalize_email(_text(claims.get(names.manager), 254)),
        role_values=_values(claims.get(names.role)),
    )


def _name(claims: Mapping[str, Any], email: str) -> str:
    full = _text(claims.get("name"), 200)
    if full:
        return full
    parts = [_text(claims.get(key), 100) for key in ("given_name", "family_name")]
    return (
        " ".join(part for part in parts if part)
        or _text(claims.get("preferred_username"), 200)
        or email.split("@")[0]
    )


def _text(value: Any, limit: int) -> str:
    return " ".join(str(value).split())[:limit] if isinstance(value, str | int) else ""


def _values(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value)
    return ()


def parse_role_map(text: str) -> dict[str, Role]:
    """Read ``value=role`` pairs separated by commas.

    :raises ValueError: naming a pair that is malformed or maps to a role SSO may not give.
    """
    mapping: dict[str, Role] = {}
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        value, _, role = pair.rpartition("=")
        if not value.strip() or role.strip() not in {r.value for r in ROLE_RANK}:
            raise ValueError(
                f"SERVICEDESK_OIDC_ROLE_MAP: {pair.strip()!r} should be value=role with role one "
                "of employee, agent, lead, admin."
            )
        mapping[value.strip()] = Role(role.strip())
    return mapping


def role_for(values: tuple[str, ...], role_map: Mapping[str, Role]) -> Role:
    """Return the highest role the claim's values map to, or employee."""
    roles = [role_map[value] for value in values if value in role_map]
    return max(roles, key=ROLE_RANK.__getitem__, default=Role.EMPLOYEE)


def find_identity(issuer: str, subject: str) -> ExternalIdentity | None:
    return db.session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject
        )
    )


def sign_in(
    issuer: str,
    profile: Profile,
    *,
    role_map: Mapping[str, Role] | None = None,
    now: datetime | None = None,
) -> User:
    """Return the account for this identity: found, linked or created, and brought up to date.

    :raises PermissionDenied: when the email belongs to an account this identity may not take
        (unverified email, or an account already linked to another identity of this issuer),
        or the account is switched off.
    """
    now = now or utcnow()
    identity = find_identity(issuer, profile.subject)
    if identity is None:
        identity = _link_or_create(issuer, profile, role_map or {}, now)
    user = identity.user
    if not user.is_active_account:
        raise PermissionDenied(
            "Your service desk account is switched off. Ask the service desk to turn it on."
        )
    identity.email = profile.email
    identity.last_sign_in_at = now
    _update(user, profile, role_map or {})
    return user


def _link_or_create(
    issuer: str, profile: Profile, role_map: Mapping[str, Role], now: datetime
) -> ExternalIdentity:
    user = accounts.find_user_by_email(profile.email)
    if user is None:
        role = _role(None, profile, role_map)
        user = User(email=profile.email, name=profile.name, role=role, password_hash=None)
        db.session.add(user)
        db.session.flush()
        summary = audit.describe(
            {"email": user.email, "name": user.name, "role": role.value, "issuer": issuer}
        )
        audit.record(user, "user.created_by_sign_on", user, summary, now=now)
    else:
        _require_linkable(user, issuer, profile)
    identity = ExternalIdentity(
        user=user, issuer=issuer, subject=profile.subject, email=profile.email, created_at=now
    )
    db.session.add(identity)
    audit.record(
        user,
        "external_identity.linked",
        identity,
        f"{issuer} subject {profile.subject!r} -> {user.email}",
        now=now,
    )
    return identity


def _require_linkable(user: User, issuer: str, profile: Profile) -> None:
    if not profile.email_verified:
        raise PermissionDenied(
            f"An account with the address {profile.email} exists already, and the sign-on "
            "provider has not verified that this address is yours. Ask the service desk to link "
            "your sign-on to your account."
        )
    linked = db.session.scalar(
        select(ExternalIdentity.id).where(
            ExternalIdentity.user_id == user.id, ExternalIdentity.issuer == issuer
        )
    )
    if linked is not None:
        raise PermissionDenied(
            f"The account {profile.email} is linked to another sign-on identity already. Ask "
            "the service desk to check your account."
        )


def _role(user: User | None, profile: Profile, role_map: Mapping[str, Role]) -> Role:
    if role_map and profile.role_values is not None:
        return role_for(profile.role_values, role_map)
    if user is None or user.role == Role.RESIDENT:
        return Role.EMPLOYEE
    return Role(user.role)


def _update(user: User, profile: Profile, role_map: Mapping[str, Role]) -> None:
    before = _facts(user)
    user.name = profile.name
    user.department = profile.department or user.department
    if profile.email != user.email and accounts.find_user_by_email(profile.email) is None:
        user.email = profile.email  # the provider renamed the mailbox; never steal a taken one
    user.role = _role(user, profile, role_map)
    if profile.manager_email and profile.manager_email != user.email:
        manager = accounts.find_user_by_email(profile.manager_email)
        user.manager = manager or user.manager
    after = _facts(user)
    if after != before:
        audit.record(user, "user.updated_by_sign_on", user, audit.changes(before, after))


def _facts(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "role": Role(user.role).value,
        "department": user.department,
        "manager": user.manager.email if user.manager else None,
    }
