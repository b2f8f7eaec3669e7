"""Availability search at scale: 500 resources, 100,000 reservations; p50/p95 per query kind.

    .venv/bin/python bench/bookings.py                       # SQLite in bench/results/
    .venv/bin/python bench/bookings.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/servicedesk_bench_bookings

The schema comes from the models; reservations are written with one bulk insert (never
overlapping on a resource: one a day each, at a random working hour). Then it times what the
pages ask: "a room for N people with features, near a building, at a time" (``find_resources``),
the next free counter slots of a service (``service_slots``) and a resource's week view. The
target (issue 7): search p95 <= 50 ms.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from servicedesk import create_app  # noqa: E402
from servicedesk.bookings import schedule  # noqa: E402
from servicedesk.bookings.models import (  # noqa: E402
    FEATURES,
    BookingService,
    Reservation,
    Resource,
    ResourceKind,
)
from servicedesk.extensions import db  # noqa: E402
from servicedesk.tickets.models import Calendar  # noqa: E402

BUILDINGS = ["City Hall", "Riverside Annex", "Library", "Depot", "Police HQ"]


def seed(resources: int, reservations: int, rng: random.Random, now: datetime) -> None:
    calendar = Calendar(
        name="Bench hours",
        timezone="America/New_York",
        hours={str(day): [["07:00", "20:00"]] for day in range(7)},
    )
    permits = BookingService(name="Permits", slot_minutes=15)
    db.session.add_all([calendar, permits])
    db.session.flush()
    features = list(FEATURES)
    rows = []
    for number in range(resources):
        kind = [ResourceKind.ROOM, ResourceKind.VEHICLE, ResourceKind.COUNTER][number % 10 // 8]
        rows.append(
            {
                "kind": kind,
                "name": f"{kind.value} {number}",
                "description": "",
                "building": rng.choice(BUILDINGS),
                "location": f"Floor {rng.randint(0, 5)}",
                "capacity": rng.choice([2, 4, 6, 8, 10, 12, 20, 40]),
                "features": rng.sample(features, rng.randint(0, 4)),
                "calendar_id": calendar.id,
                "service_id": permits.id if kind == ResourceKind.COUNTER else None,
                "min_notice_minutes": 0,
                "max_length_minutes": 240,
                "max_days_ahead": 365,
                "bookable_by": ["employee"],
                "requires_approval": False,
                "is_active": True,
                "booking_serial": 0,
            }
        )
    db.session.execute(insert(Resource), rows)
    ids = list(db.session.scalars(db.select(Resource.id)))
    per_resource = reservations // len(ids)
    first_day = now - timedelta(days=per_resource // 2)
    batch = []
    for resource_id in ids:
        for day in range(per_resource):
            start = first_day + timedelta(days=day, hours=rng.randint(-3, 4))
            start = start.replace(minute=0, second=0, microsecond=0)
            batch.append(
                {
                    "resource_id": resource_id,
                    "status": "confirmed",
                    "starts_at": start,
                    "ends_at": start + timedelta(minutes=rng.choice([30, 60, 90, 120])),
                    "contact_name": "",
                    "contact_email": "",
                    "language": "en",
                    "purpose": "",
                    "attendees": 1,
                    "decision_comment": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if len(batch) >= 20_000:
            db.session.execute(insert(Reservation), batch)
            batch = []
    if batch:
        db.session.execute(insert(Reservation), batch)
    db.session.commit()


def timed(label: str, runs: int, call) -> dict:
    times = []
    for run in range(runs):
        started = time.perf_counter()
        call(run)
        times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    times.sort()
    result = {
        "what": label,
        "runs": runs,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
    }
    print(f"{label:<52} p50 {result['p50_ms']:7.2f} ms   p95 {result['p95_ms']:7.2f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--resources", type=int, default=500)
    parser.add_argument("--reservations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{results / 'bookings.db'}"
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(results),
            "JOBS_URL": "memory://",
        }
    )
    rng = random.Random(20261202)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        seed(args.resources, args.reservations, rng, now)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        print(
            f"{db.engine.dialect.name}: {args.resources} resources, {args.reservations} "
            f"reservations written in {time.perf_counter() - started:.1f} s"
        )
        wanted = [[], ["projector"], ["projector", "wheelchair"], ["video"]]

        def search(run: int) -> None:
            start = now + timedelta(days=rng.randint(1, 30), hours=rng.randint(-3, 5))
            schedule.find_resources(
                kind=ResourceKind.ROOM,
                start=start,
                end=start + timedelta(hours=1),
                now=now,
                capacity=rng.choice([2, 6, 8, 12]),
                features=tuple(rng.choice(wanted)),
                building=rng.choice(BUILDINGS),
            )

        permits = db.session.scalar(db.select(BookingService))
        some_room = db.session.scalar(
            db.select(Resource).where(Resource.kind == ResourceKind.ROOM).limit(1)
        )
        timed("search: room for N with features near a building", args.runs, search)
        timed(
            "next 12 counter slots of a service (100 counters)",
            args.runs // 4,
            lambda run: schedule.service_slots(permits, now=now, limit=12),
        )
        timed(
            "week view of one resource",
            args.runs,
            lambda run: schedule.week_view(
                db.session.merge(some_room), (now + timedelta(days=run % 60)).date()
            ),
        )


if __name__ == "__main__":
    main()
