"""Who may manage people, teams and API tokens. Deny by default.

Only active admins manage people and teams. People make their own API tokens (never one for
someone else: a token acts as its owner); they revoke their own, and admins revoke anyone's.
"""

from ..errors import PermissionDenied
from .models import ApiToken, User


def can_manage_directory(user: User | None) -> bool:
    return user is not None and user.is_active and user.is_admin


def require_manage_directory(user: User | None) -> None:
    """:raises PermissionDenied: unless the user is an active admin."""
    if not can_manage_directory(user):
        raise PermissionDenied("Only admins manage users and teams.")


def can_create_token(user: User | None, owner: User) -> bool:
    return user is not None and user.is_active and user == owner


def require_create_token(user: User | None, owner: User) -> None:
    """:raises PermissionDenied: unless the user makes a token for themselves."""
    if not can_create_token(user, owner):
        raise PermissionDenied("You may only make API tokens for yourself.")


def can_revoke_token(user: User | None, token: ApiToken) -> bool:
    return user is not None and user.is_active and (user == token.user or user.is_admin)


def require_revoke_token(user: User | None, token: ApiToken) -> None:
    """:raises PermissionDenied: unless the token is the user's own, or the user is an admin."""
    if not can_revoke_token(user, token):
        raise PermissionDenied("You may only revoke your own API tokens.")
