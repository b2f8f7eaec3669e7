"""Demo bookings: rooms in two buildings, three pool vehicles, a permits and a registration
counter with slots, and some bookings in the coming days (idempotent; nobody is emailed).

Everything goes through the booking service, so the demo data obeys the same rules (opening
hours, notice, no overlaps) as what people book.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from .. import notifications
from ..accounts.models import Team, User
from ..extensions import db
from ..tickets.models import Calendar
from . import schedule, service
from .models import BookingService, Reservation, Resource, ResourceKind

STAFF_ROLES = ["employee", "agent", "lead", "admin"]
CITY_HALL = "City Hall"
ANNEX = "Riverside Annex"
# name, building, location, capacity, features
ROOMS = [
    (
        "Council Chamber",
        CITY_HALL,
        "Floor 1",
        40,
        ["projector", "video", "wheelchair", "hearing_loop"],
    ),
    ("Room 2.10", CITY_HALL, "Floor 2", 8, ["projector", "whiteboard", "wheelchair"]),
    ("Room 2.14", CITY_HALL, "Floor 2", 4, ["screen"]),
    ("Annex Room A", ANNEX, "Ground floor", 12, ["projector", "video", "wheelchair"]),
    ("Annex Room B", ANNEX, "Ground floor", 6, ["whiteboard"]),
    ("Training Lab", ANNEX, "Floor 1", 20, ["projector", "screen"]),
]
VEHICLES = [
    ("Pool car 1 (electric)", "Bay 3", 4, ["electric"]),
    ("Pool car 2", "Bay 4", 4, []),
    ("Pool van", "Bay 7", 3, ["cargo"]),
]
# name, Spanish name, description, Spanish description, slot minutes, counters
SERVICES = [
    (
        "Permits",
        "Permisos",
        "Building, parking and event permits.",
        "Permisos de obra, aparcamiento y eventos.",
        15,
        ["Permits counter 1", "Permits counter 2"],
    ),
    (
        "Registrations",
        "Empadronamiento",
        "Register your address, births and marriages.",
        "Empadronamiento, nacimientos y matrimonios.",
        20,
        ["Registration counter"],
    ),
]


def seed_bookings(*, now: datetime, calendar_name: str = "City Hall hours") -> str:
    """Add the demo resources and bookings that are missing; return a sentence saying what."""
    calendar = db.session.scalar(select(Calendar).where(Calendar.name == calendar_name))
    teams = {team.name: team for team in db.session.scalars(select(Team))}
    created = _seed_resources(calendar, teams)
    if db.session.scalar(select(func.count(Reservation.id))):
        return f"Bookings: {created} resources added; demo bookings already exist."
    with notifications.paused():
        count = _seed_reservations(now)
    return f"Bookings: {created} resources and {count} bookings added."


def _resource(name: str, **values) -> int:
    if db.session.scalar(select(Resource.id).where(Resource.name == name)):
        return 0
    db.session.add(Resource(name=name, **values))
    return 1


def _seed_resources(calendar: Calendar | None, teams: dict[str, Team]) -> int:
    facilities, desk = teams.get("Facilities"), teams.get("Customer Service")
    created = 0
    for name, building, location, capacity, features in ROOMS:
        created += _resource(
            name,
            kind=ResourceKind.ROOM,
            building=building,
            location=location,
            capacity=capacity,
            features=features,
            calendar=calendar,
            team=facilities,
            bookable_by=STAFF_ROLES,
            max_length_minutes=8 * 60,
            max_days_ahead=120,
        )
    for name, bay, capacity, features in VEHICLES:
        created += _resource(
            name,
            kind=ResourceKind.VEHICLE,
            building="City garage",
            location=bay,
            capacity=capacity,
            features=features,
            team=facilities,
            bookable_by=STAFF_ROLES,
            requires_approval=True,
            min_notice_minutes=60,
            max_length_minutes=3 * 24 * 60,
            max_days_ahead=60,
        )
    for name, name_es, about, about_es, slot, counters in SERVICES:
        booking_service = db.session.scalar(
            select(BookingService).where(BookingService.name == name)
        )
        if booking_service is None:
            booking_service = BookingService(
                name=name,
                name_es=name_es,
                description=about,
                description_es=about_es,
                slot_minutes=slot,
            )
            db.session.add(booking_service)
            db.session.flush()
        for counter in counters:
            created += _resource(
                counter,
                kind=ResourceKind.COUNTER,
                building=CITY_HALL,
                location="Ground floor",
                capacity=2,
                calendar=calendar,
                team=desk,
                service=booking_service,
                bookable_by=[],
                min_notice_minutes=30,
                max_length_minutes=60,
                max_days_ahead=45,
            )
    db.session.flush()
    return created


def _open_days(resource: Resource, now: datetime, count: int) -> list:
    """The next *count* open days of a resource's calendar, starting tomorrow."""
    calendar = schedule.calendar_of(resource)
    zone = ZoneInfo(schedule.timezone_of(resource))
    day = now.astimezone(zone).date()
    days = []
    while len(days) < count:
        day += timedelta(days=1)
        if calendar is None or (calendar.hours.get(day.weekday()) and not calendar.is_closed(day)):
            days.append(day)
    return days


def _at(resource: Resource, day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(schedule.timezone_of(resource)))


def _seed_reservations(now: datetime) -> int:
    people = {user.email: user for user in db.session.scalars(select(User))}
    rooms = {r.name: r for r in db.session.scalars(select(Resource))}
    employee = people.get("employee@example.org")
    others = [people.get(e) for e in ("priya.raman@example.org", "dolores.vega@example.org")]
    if employee is None or None in others:
        return 0
    count = 0
    room = rooms["Room 2.10"]
    first, second, third = _open_days(room, now, 3)
    weekly = service.book_series(
        room,
        _at(room, first, 10),
        _at(room, first, 11),
        4,
        actor=employee,
        purpose="Team meeting",
        attendees=6,
        now=now,
    )
    count += len(weekly.booked)
    for resource, day, start, end, who, purpose, attendees in [
        (rooms["Council Chamber"], second, 14, 16, others[1], "Budget hearing", 30),
        (rooms["Annex Room A"], first, 9, 12, others[0], "Software training", 10),
        (rooms["Room 2.14"], third, 15, 16, employee, "Interview", 3),
    ]:
        service.book_resource(
            resource,
            _at(resource, day, start),
            _at(resource, day, end),
            actor=who,
            purpose=purpose,
            attendees=attendees,
            now=now,
        )
        count += 1
    van, car = rooms["Pool van"], rooms["Pool car 1 (electric)"]
    service.book_resource(
        van,
        _at(van, second, 8),
        _at(van, second, 17),
        actor=employee,
        purpose="Moving archive boxes to the Annex",
        attendees=2,
        now=now,
    )
    trip = service.book_resource(
        car,
        _at(car, first, 8),
        _at(car, first, 13),
        actor=others[0],
        purpose="Site visit, water plant",
        attendees=2,
        now=now,
    )
    admin = people.get("admin@example.org")
    if admin is not None:
        service.approve_reservation(trip, actor=admin, comment="Keys at the garage desk.", now=now)
    count += 2
    residents = [
        ("Rosa Resident", "resident@example.net", "en"),
        ("Lucía Fernández", "lucia.fernandez@example.net", "es"),
        ("Omar Haddad", "omar.haddad@example.net", "en"),
        ("Grace Liu", "grace.liu@example.net", "en"),
    ]
    for booking_service in db.session.scalars(select(BookingService)):
        slots = schedule.service_slots(booking_service, now=now, limit=6)
        for slot, (name, email, language) in zip(slots[::2], residents, strict=False):
            service.book_appointment(
                booking_service, slot.start, name=name, email=email, language=language, now=now
            )
            count += 1
    return count
