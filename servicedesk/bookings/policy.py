"""Who may do what with bookings. Deny by default.

- Booking a resource: active users whose role the resource lists in ``bookable_by``. Residents
  book counters only through a service's public appointment page (no account involved).
- A reservation is managed (changed, cancelled) by its requester, by facilities staff (agents
  and leads) of the resource's team, and by admins.
- Approving or rejecting a pending reservation, checking residents in and marking no-shows:
  facilities staff of the resource's team and admins; never for a booking of one's own.
- Resources and counter services are configuration: leads and admins.
"""

from sqlalchemy import Select, or_, select

from ..accounts.models import User
from ..errors import PermissionDenied
from .models import Reservation, Resource


def _active(user: User | None) -> bool:
    return user is not None and user.is_active


def is_facilities_staff(user: User | None, resource: Resource) -> bool:
    """Admins, and agents or leads of the team that runs the resource."""
    if not _active(user) or not user.is_staff:
        return False
    return user.is_admin or (resource.team_id is not None and resource.team_id in user.team_ids)


def can_book(user: User | None, resource: Resource) -> bool:
    if not _active(user) or not resource.is_active:
        return False
    return user.role.value in (resource.bookable_by or [])


def require_book(user: User | None, resource: Resource) -> None:
    """:raises PermissionDenied: unless *user* may book *resource*."""
    if not can_book(user, resource):
        raise PermissionDenied(f"You cannot book {resource.name}.")


def can_view(user: User | None, reservation: Reservation) -> bool:
    if not _active(user):
        return False
    return reservation.requester_id == user.id or is_facilities_staff(user, reservation.resource)


def require_view(user: User | None, reservation: Reservation) -> None:
    """:raises PermissionDenied: unless *user* may see *reservation*."""
    if not can_view(user, reservation):
        raise PermissionDenied("This booking is not yours.")


def can_manage(user: User | None, reservation: Reservation) -> bool:
    """Change or cancel: the requester or facilities staff."""
    return can_view(user, reservation)


def require_manage(user: User | None, reservation: Reservation) -> None:
    """:raises PermissionDenied: unless *user* may change or cancel *reservation*."""
    if not can_manage(user, reservation):
        raise PermissionDenied("Only the person who booked it or facilities staff can change it.")


def can_decide(user: User | None, reservation: Reservation) -> bool:
    """Approve, reject, check in, mark no-show: facilities staff, not on their own booking."""
    return is_facilities_staff(user, reservation.resource) and reservation.requester_id != user.id


def require_decide(user: User | None, reservation: Reservation) -> None:
    """:raises PermissionDenied: unless *user* is facilities staff for it (and not its booker)."""
    if not can_decide(user, reservation):
        raise PermissionDenied(
            "Only facilities staff of the resource's team decide on its bookings, "
            "and never on their own."
        )


def can_administer(user: User | None) -> bool:
    return _active(user) and (user.is_admin or user.is_lead)


def require_administer(user: User | None) -> None:
    """:raises PermissionDenied: unless *user* is a lead or an admin."""
    if not can_administer(user):
        raise PermissionDenied("Only team leads and admins manage bookable resources.")


def visible_reservations(user: User | None) -> Select:
    """The reservations *user* may see: admins all; staff their teams' resources and their
    own; everyone else their own."""
    query = select(Reservation).join(Reservation.resource)
    if not _active(user):
        return query.where(False)
    if user.is_admin:
        return query
    if user.is_staff and user.team_ids:
        return query.where(
            or_(Reservation.requester_id == user.id, Resource.team_id.in_(user.team_ids))
        )
    return query.where(Reservation.requester_id == user.id)
