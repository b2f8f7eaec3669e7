"""No double booking under fire: 50 people book the same room at the same moment, over HTTP.

The real app runs under gunicorn (several worker processes, several threads each) on a
migrated database, SQLite and PostgreSQL. Fifty signed-in employees wait at a barrier, then
all send the booking form for the same hour. Exactly one gets the room; the other 49 get a
409 page that says the room is taken and names the next free times; the database holds one
reservation, one audit entry and one confirmation email, nothing half-written. Then fifty
residents race for one appointment slot served by two counters: exactly two get it.
"""

import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import requests

from ..conftest import POSTGRES_ADMIN_URL, _postgres_admin, missing_server
from ..e2e.conftest import _free_port, _wait_until_up

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PEOPLE = 50

SEED = """
from servicedesk import create_app
from servicedesk.accounts.models import Role, User
from servicedesk.accounts.passwords import hash_password
from servicedesk.bookings.models import BookingService, Resource, ResourceKind
from servicedesk.extensions import db

app = create_app()
with app.app_context():
    secret = hash_password("race-password")
    for number in range({people}):
        db.session.add(User(email=f"racer{{number}}@example.org", name=f"Racer {{number}}",
                            role=Role.EMPLOYEE, password_hash=secret))
    db.session.add(Resource(kind=ResourceKind.ROOM, name="Council chamber", capacity=40,
                            features=[], bookable_by=["employee"], max_length_minutes=240,
                            max_days_ahead=30, building="City Hall"))
    permits = BookingService(name="Permits", slot_minutes=15)
    for number in (1, 2):
        db.session.add(Resource(kind=ResourceKind.COUNTER, name=f"Counter {{number}}",
                                service=permits, bookable_by=[], max_length_minutes=60,
                                min_notice_minutes=60, max_days_ahead=30))
    db.session.commit()
"""


def _database(backend: str, folder: Path):
    """The database URL for one race, and a function that drops it afterwards."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'race.db'}", lambda: None
    name = f"servicedesk_race_{os.getpid()}"
    if not _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'):
        missing_server("PostgreSQL is not running here", "SERVICEDESK_REQUIRE_POSTGRES")
    _postgres_admin(f'CREATE DATABASE "{name}"')
    url = f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    return url, lambda: _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def race_server(request, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp(f"race-{request.param}")
    if request.param not in os.environ.get("SERVICEDESK_TEST_DATABASES", "sqlite,postgresql"):
        pytest.skip(f"{request.param} is not among SERVICEDESK_TEST_DATABASES")
    url, drop = _database(request.param, tmp_path)
    env = os.environ | {
        "SERVICEDESK_INSTANCE_PATH": str(tmp_path),
        "SERVICEDESK_DATABASE_URL": url,
        "SERVICEDESK_SECRET_KEY": "race-only-secret",
        "SERVICEDESK_INSECURE_COOKIES": "1",
        "SERVICEDESK_ENV": "production",
        "SERVICEDESK_PUBLIC_WRITE_LIMIT": "10000 per minute",
        "SERVICEDESK_PUBLIC_READ_LIMIT": "10000 per minute",
    }
    cli = str(BIN / "servicedesk")
    subprocess.run([cli, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    seed = SEED.format(people=PEOPLE)
    subprocess.run([sys.executable, "-c", seed], env=env, cwd=ROOT, check=True)
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                "3",
                "--threads",
                "8",
                "--bind",
                f"127.0.0.1:{port}",
                "wsgi:app",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, server, log_path)
        yield base_url, request.param, url
    finally:
        server.terminate()
        server.wait(timeout=10)
        drop()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _session() -> requests.Session:
    session = requests.Session()
    # A fresh connection per request: an idle keep-alive connection the server closed while
    # its owner waited at the barrier would fail the POST that matters.
    session.headers["Connection"] = "close"
    return session


def _signed_in(base_url: str, number: int) -> tuple[requests.Session, str]:
    session = _session()
    login = session.get(f"{base_url}/auth/login")
    session.post(
        f"{base_url}/auth/login",
        data={
            "email": f"racer{number}@example.org",
            "password": "race-password",
            "csrf_token": _csrf(login.text),
        },
    ).raise_for_status()
    page = session.get(f"{base_url}/employee/bookings/resources/1")
    page.raise_for_status()
    return session, _csrf(page.text)


def _count(url: str, backend: str, sql: str) -> int:
    if backend == "sqlite":
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return connection.execute(sql).fetchone()[0]
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()[0]


def test_fifty_simultaneous_bookings_of_one_slot_confirm_exactly_one(race_server):
    base_url, backend, url = race_server
    with ThreadPoolExecutor(8) as pool:
        people = list(pool.map(lambda n: _signed_in(base_url, n), range(PEOPLE)))
    day = (datetime.now(UTC) + timedelta(days=2)).date()
    barrier = threading.Barrier(PEOPLE)

    def attempt(person):
        session, token = person
        form = {
            "resource_id": "1",
            "day": day.isoformat(),
            "start": "10:00",
            "end": "11:00",
            "attendees": "10",
            "purpose": "Budget hearing",
            "csrf_token": token,
        }
        barrier.wait()
        return session.post(
            f"{base_url}/employee/bookings/new", data=form, allow_redirects=False, timeout=60
        )

    with ThreadPoolExecutor(PEOPLE) as pool:
        answers = list(pool.map(attempt, people))

    codes = sorted(answer.status_code for answer in answers)
    assert codes == [302] + [409] * (PEOPLE - 1)
    for answer in answers:
        if answer.status_code == 409:
            assert "Council chamber is already booked at that time. Next free:" in answer.text
            assert f"{day:%a %Y-%m-%d} 11:00" in answer.text  # the next free hour, bookable
    assert _count(url, backend, "SELECT count(*) FROM reservations") == 1
    assert _count(url, backend, "SELECT count(*) FROM reservations WHERE status = 'confirmed'") == 1
    assert (
        _count(url, backend, "SELECT count(*) FROM audit_entries WHERE object_type = 'reservation'")
        == 1
    )
    assert (
        _count(url, backend, "SELECT count(*) FROM outbox WHERE event = 'booking_confirmed'") == 1
    )


def _resident(base_url: str) -> tuple[requests.Session, str, str]:
    session = _session()
    page = session.get(f"{base_url}/citizen/appointments/1")
    page.raise_for_status()
    slot = re.search(r'name="slot" value="([^"]+)"', page.text).group(1)
    return session, _csrf(page.text), slot


def test_fifty_residents_racing_for_one_slot_at_two_counters_get_exactly_two(race_server):
    """Two counters serve the service: two residents get the slot, one at each counter."""
    base_url, backend, url = race_server
    with ThreadPoolExecutor(8) as pool:
        residents = list(pool.map(lambda n: _resident(base_url), range(PEOPLE)))
    slot = residents[0][2]
    barrier = threading.Barrier(PEOPLE)

    def attempt(numbered):
        number, (session, token, _) = numbered
        form = {
            "slot": slot,
            "name": f"Resident {number}",
            "email": f"r{number}@example.net",
            "website": "",
            "csrf_token": token,
        }
        barrier.wait()
        return session.post(
            f"{base_url}/citizen/appointments/1", data=form, allow_redirects=False, timeout=60
        )

    with ThreadPoolExecutor(PEOPLE) as pool:
        answers = list(pool.map(attempt, enumerate(residents)))

    assert sorted(a.status_code for a in answers) == [302, 302] + [409] * (PEOPLE - 2)
    for answer in answers:
        if answer.status_code == 409:
            assert "That time was just taken. Next free:" in answer.text
    booked = "SELECT count(DISTINCT resource_id) FROM reservations WHERE service_id = 1"
    assert _count(url, backend, booked) == 2
    assert _count(url, backend, "SELECT count(*) FROM reservations WHERE service_id = 1") == 2
    assert (
        _count(
            url,
            backend,
            "SELECT count(*) FROM reservations WHERE token_hash IS NULL AND service_id = 1",
        )
        == 0
    )
