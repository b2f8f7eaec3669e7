"""`alembic upgrade head` on an empty database gives exactly the tables the models declare."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from servicedesk import create_app
from servicedesk.extensions import db

from .conftest import POSTGRES_SCHEMA


@pytest.fixture
def empty_database_app(backend, request, tmp_path):
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp_path / 'migrated.db'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": url,
        }
    )
    with app.app_context():
        _drop_everything()
        yield app
        _drop_everything()
        POSTGRES_SCHEMA["ready"] = False
        db.engine.dispose()


def _drop_everything():
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_upgrade_head_matches_the_models(empty_database_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_downgrade_to_base_removes_every_table(empty_database_app):
    upgrade()
    downgrade(revision="base")
    remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()


def test_upgrade_keeps_data_in_tables_that_others_point_to(empty_database_app):
    """SQLite batch migrations rebuild tables: rows and the rows pointing at them survive."""
    upgrade(revision="8a81750cf3ff")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO calendars (id, name, timezone, hours) "
                "VALUES (1, 'City Hall', 'America/New_York', '{}')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO sla_policies (id, name, position, is_active, is_fallback, priorities,"
                " channels, audiences, first_response_minutes, resolution_minutes, warn_percent,"
                " calendar_id) VALUES (1, 'Standard', 1, true, true, '[]', '[]', '[]', 60, 600,"
                " 80, 1)"
            )
        )
    upgrade()
    with db.engine.connect() as connection:
        policy_calendar = connection.execute(text("SELECT calendar_id FROM sla_policies")).scalar()
        calendar_name = connection.execute(text("SELECT name FROM calendars")).scalar()
    assert (policy_calendar, calendar_name) == (1, "City Hall")
