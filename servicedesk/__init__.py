"""servicedesk: one ticketing core and one knowledge base behind an agent workspace and portals."""

import os
from pathlib import Path

from flask import Flask, redirect, url_for
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config
from .extensions import csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, portals and CLI."""
    folder = (test_config or {}).get("INSTANCE_PATH") or config.instance_path()
    app = Flask(__name__, instance_path=folder, instance_relative_config=False)
    app.config.from_mapping(config.from_environment(folder))
    if test_config:
        app.config.update(test_config)
    _refuse_unsafe_secret(app)
    if app.config.get("BEHIND_PROXY"):
        # One trusted proxy in front: take the client address and scheme from its headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    os.makedirs(app.config["UPLOAD_FOLDER"], exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    _init_login(app)
    from . import i18n

    i18n.init_app(app)
    _register_blueprints(app)
    _register_cli(app)

    from . import audit  # noqa: F401  (registers the audit table with the metadata)
    from .knowledge import indexing

    indexing.init_app(app)
    from . import notifications

    notifications.init_app(app)
    from . import bookings

    bookings.init_app(app)
    from .portals import common

    common.init_app(app)
    from . import reports

    reports.init_app(app)
    return app


def _refuse_unsafe_secret(app: Flask) -> None:
    if app.config.get("TESTING") or app.config["ENV_NAME"] == "development":
        return
    key = app.config.get("SECRET_KEY")
    if not key or key == config.DEVELOPMENT_SECRET_KEY:
        raise RuntimeError(
            "Set SERVICEDESK_SECRET_KEY to a long random value before running in production "
            "(or SERVICEDESK_ENV=development for a local trial)."
        )


def _init_login(app: Flask) -> None:
    from .accounts.models import User

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def _register_blueprints(app: Flask) -> None:
    from .portals import api
    from .portals.agent import bp as agent_bp
    from .portals.auth import bp as auth_bp
    from .portals.citizen import bp as citizen_bp
    from .portals.employee import bp as employee_bp
    from .portals.employee.bookings import feed_bp as bookings_feed_bp
    from .portals.language import bp as language_bp
    from .portals.notifications import bp as notifications_bp
    from .portals.open311 import bp as open311_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(agent_bp)
    app.register_blueprint(citizen_bp)
    app.register_blueprint(employee_bp)
    api.init_app(app)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(language_bp)
    app.register_blueprint(bookings_feed_bp)
    app.register_blueprint(open311_bp)

    @app.get("/")
    def index():
        return redirect(url_for("citizen.home"))


def _register_cli(app: Flask) -> None:
    from .cli import register

    register(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL lets readers go on while one writer writes; the busy timeout waits for the lock."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
