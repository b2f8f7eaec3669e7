"""Who may read reports. Deny by default.

- The dashboard's aggregates (counts and rates, never a ticket's content) are for team leads
  and admins.
- A ticket export holds ticket rows: it contains exactly the tickets the viewer may see
  (``tickets.policy.visible_tickets``) and only staff may ask for one.
- The open-data export and the public performance page are for everyone: they hold no
  personal data by construction (``exports.OPEN_DATA_COLUMNS``, rounded locations).
"""

from ..accounts.models import User
from ..errors import PermissionDenied


def can_view_dashboard(user: User | None) -> bool:
    return user is not None and user.is_active and (user.is_admin or user.is_lead)


def require_view_dashboard(user: User | None) -> None:
    """:raises PermissionDenied: unless the user is an active team lead or admin."""
    if not can_view_dashboard(user):
        raise PermissionDenied("The dashboard is for team leads and admins.")


def can_export_tickets(user: User | None) -> bool:
    return user is not None and user.is_active and user.is_staff


def require_export_tickets(user: User | None) -> None:
    """:raises PermissionDenied: unless the user is active staff."""
    if not can_export_tickets(user):
        raise PermissionDenied("Ticket exports are for service-desk staff.")
