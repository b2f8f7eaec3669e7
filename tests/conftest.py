"""Shared fixtures. Every database test runs on SQLite and on PostgreSQL.

PostgreSQL tests skip when no server answers, unless SERVICEDESK_REQUIRE_POSTGRES=1 (CI sets
it), where a missing server fails the run instead. SERVICEDESK_TEST_DATABASES=sqlite narrows a
local run to one backend.
"""

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from flask import Flask
from sqlalchemy import text

from servicedesk import create_app, i18n
from servicedesk.accounts import passwords
from servicedesk.accounts.models import Role, Team, User
from servicedesk.accounts.passwords import hash_password
from servicedesk.extensions import db
from servicedesk.tickets import service as tickets
from servicedesk.tickets.models import Calendar, Category, Channel, SlaPolicy

PASSWORD = "correct horse battery"
POSTGRES_ADMIN_URL = os.environ.get(
    "SERVICEDESK_TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test"
)
# One database per test run, so parallel runs on one server never share tables.
POSTGRES_DB = f"servicedesk_test_{os.getpid()}"
BACKENDS = [
    b for b in os.environ.get("SERVICEDESK_TEST_DATABASES", "sqlite,postgresql").split(",") if b
]


def pytest_sessionstart(session):
    """Tests read the Spanish pages from catalogs compiled from the .po files as they are now."""
    i18n.compile_catalogs()


def _postgres_admin(sql: str) -> bool:
    """Run one statement as the test admin; False if no server answers."""
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(sql)
    except psycopg.OperationalError:
        return False
    return True


def _postgres_url() -> str | None:
    """Create this run's test database; return its URL, or None if no server answers."""
    if not _postgres_admin(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)'):
        return None
    _postgres_admin(f'CREATE DATABASE "{POSTGRES_DB}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{POSTGRES_DB}"


def missing_server(what: str, required_by: str):
    """A server a test talks to is not here: skip locally, fail where it is required (CI sets
    *required_by*, e.g. SERVICEDESK_REQUIRE_POSTGRES=1, so nothing skips there)."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{what}, but {required_by}=1 requires it.")
    pytest.skip(what)


@pytest.fixture(scope="session")
def postgres_url():
    url = _postgres_url()
    if url is None:
        missing_server("PostgreSQL is not running here", "SERVICEDESK_REQUIRE_POSTGRES")
    yield url
    _postgres_admin(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)')


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Argon2 with minimal cost in tests only: the same code paths, a fraction of the time.
    (Production keeps argon2-cffi's RFC 9106 defaults; test_accounts checks the format.)"""
    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = original


@pytest.fixture(scope="session")
def password_hash(cheap_password_hashing):
    return hash_password(PASSWORD)


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def make_test_app(database_url: str, folder) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-only-secret",
            "INSTANCE_PATH": str(folder),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "desk.test",
            # Limits stay on but out of reach; tests/portals/test_rate_limits.py lowers them.
            "PUBLIC_READ_LIMIT": "100000 per minute",
            "SUGGEST_LIMIT": "100000 per minute",
            "PUBLIC_WRITE_LIMIT": "100000 per minute",
            # Jobs queue in memory and never run by themselves: tests deliver the outbox
            # explicitly (tests/notifications), or run the real worker as a process.
            "JOBS_URL": "memory://",
            "MAIL_FROM": "Riverton Service Desk <desk@riverton.test>",
            "BASE_URL": "https://desk.test",
            "MAIL_DROP_FOLDER": str(folder / "mail-drop"),
        }
    )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty schema made once; each test copies the file (faster than creating tables)."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    template = make_test_app(f"sqlite:///{folder / 'template.db'}", folder)
    with template.app_context():
        db.create_all()
        db.engine.dispose()
    return folder / "template.db"


# PostgreSQL keeps one schema for the run; tests empty it afterwards. A test that drops the
# tables (the migration tests) marks it for rebuilding.
POSTGRES_SCHEMA = {"ready": False}


@pytest.fixture
def app(backend, request, tmp_path):
    if backend == "postgresql":
        database_url = request.getfixturevalue("postgres_url")
    else:
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "test.db")
        database_url = f"sqlite:///{tmp_path / 'test.db'}"
    app = make_test_app(database_url, tmp_path)
    with app.app_context():
        if backend == "postgresql" and not POSTGRES_SCHEMA["ready"]:
            db.drop_all()
            db.create_all()
            POSTGRES_SCHEMA["ready"] = True
        yield app
        db.session.rollback()
        db.session.remove()
        if backend == "postgresql":
            _truncate_all()
        db.engine.dispose()


def _truncate_all() -> None:
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_team(app):
    def make(name="Service Desk", **fields):
        team = Team(name=name, **fields)
        db.session.add(team)
        db.session.flush()
        return team

    return make


@pytest.fixture
def make_user(app, password_hash):
    counter = iter(range(1, 10_000))

    def make(role=Role.AGENT, teams=(), email=None, name=None, **fields):
        number = next(counter)
        user = User(
            email=email or f"{role}{number}@example.org",
            name=name or f"{str(role).capitalize()} {number}",
            role=Role(role),
            password_hash=password_hash,
            teams=list(teams),
            **fields,
        )
        db.session.add(user)
        db.session.flush()
        return user

    return make


@pytest.fixture
def calendar(app):
    """Weekdays 08:00-17:00 in New York with US holidays."""
    hours = {str(day): [["08:00", "17:00"]] for day in range(5)}
    row = Calendar(
        name="Office hours", timezone="America/New_York", hours=hours, holiday_country="US"
    )
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def sla_policy(calendar):
    policy = SlaPolicy(
        name="Standard",
        is_fallback=True,
        first_response_minutes=240,
        resolution_minutes=2700,
        calendar=calendar,
    )
    db.session.add(policy)
    db.session.flush()
    return policy


@pytest.fixture
def make_category(app):
    def make(name="Streetlights", parent=None, **fields):
        category = Category(name=name, parent=parent, **fields)
        db.session.add(category)
        db.session.flush()
        return category

    return make


# A Tuesday morning, inside business hours in New York.
TUESDAY_10AM_NY = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)


@pytest.fixture
def make_ticket(app):
    def make(actor=None, now=TUESDAY_10AM_NY, **overrides):
        fields = {"channel": Channel.AGENT, "subject": "Streetlight out on Main St"} | overrides
        ticket = tickets.open_ticket(actor=actor, now=now, **fields)
        db.session.flush()
        return ticket

    return make


@pytest.fixture
def login_as(client):
    def login(user, password=PASSWORD):
        response = client.post("/auth/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return login
