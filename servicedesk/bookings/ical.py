"""iCalendar (RFC 5545) files: one booking, or a person's private feed of their bookings.

Events carry their local time with a TZID and the matching VTIMEZONE (from the resource's
calendar), so calendar apps show the wall-clock time of the place, daylight saving included.
UIDs are stable per booking, so a re-imported or refreshed feed updates events instead of
doubling them; cancelled bookings stay in the feed as ``STATUS:CANCELLED`` for a while so
subscribed apps remove them.
"""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .models import Reservation, ReservationStatus
from .schedule import timezone_of

PRODID = "-//servicedesk//bookings//EN"
_STATUS = {
    ReservationStatus.PENDING: "TENTATIVE",
    ReservationStatus.CONFIRMED: "CONFIRMED",
}


def _event(reservation: Reservation, domain: str, now: datetime) -> Event:
    zone = ZoneInfo(timezone_of(reservation.resource))
    event = Event()
    event.add("uid", f"booking-{reservation.id}@{domain}")
    event.add("dtstamp", now)
    event.add("dtstart", reservation.starts_at.astimezone(zone))
    event.add("dtend", reservation.ends_at.astimezone(zone))
    what = reservation.service.name if reservation.service else reservation.resource.name
    event.add("summary", f"{what}" + (f": {reservation.purpose}" if reservation.purpose else ""))
    if reservation.resource.place:
        event.add("location", f"{reservation.resource.name}, {reservation.resource.place}")
    event.add("status", _STATUS.get(reservation.status, "CANCELLED"))
    event.add("description", f"{reservation.reference} ({reservation.status.label})")
    event.add("last-modified", reservation.updated_at)
    event.add("sequence", int(reservation.updated_at.timestamp()) % 2_000_000_000)
    return event


def calendar_of(
    reservations: Iterable[Reservation], *, domain: str, now: datetime, name: str = ""
) -> bytes:
    """An iCalendar document with one event per reservation and the VTIMEZONEs they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for reservation in reservations:
        calendar.add_component(_event(reservation, domain, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
