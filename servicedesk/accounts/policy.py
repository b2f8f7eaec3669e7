"""Who may manage people and teams. Deny by default: only active admins."""

from ..errors import PermissionDenied
from .models import User


def can_manage_directory(user: User | None) -> bool:
    return user is not None and user.is_active and user.is_admin


def require_manage_directory(user: User | None) -> None:
    """:raises PermissionDenied: unless the user is an active admin."""
    if not can_manage_directory(user):
        raise PermissionDenied("Only admins manage users and teams.")
