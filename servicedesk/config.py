"""Configuration read from ``SERVICEDESK_*`` environment variables.

Configuration alone switches between the embedded default (SQLite in the instance folder) and the
scale-out deployment (PostgreSQL). Secrets come only from the environment.
"""

import os
from pathlib import Path

ENV_PREFIX = "SERVICEDESK_"
# Development-only key: create_app refuses it outside development and testing.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(ENV_PREFIX + name, default)


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value else default


def instance_path() -> str:
    """Return the data folder (database, search index, uploads), made absolute."""
    configured = _env("INSTANCE_PATH") or str(Path.cwd() / "instance")
    return str(Path(configured).resolve())


def sqlite_url(folder: str) -> str:
    return f"sqlite:///{Path(folder) / 'servicedesk.db'}"


def normalize_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written without a driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def from_environment(folder: str) -> dict:
    """Return the Flask config mapping for this process."""
    env = _env("ENV", "production")
    database_url = _env("DATABASE_URL") or sqlite_url(folder)
    return {
        "ENV_NAME": env,
        "SECRET_KEY": _env("SECRET_KEY")
        or (DEVELOPMENT_SECRET_KEY if env != "production" else None),
        "SQLALCHEMY_DATABASE_URI": normalize_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_FOLDER": str(Path(folder) / "uploads"),
        "MAX_ATTACHMENT_BYTES": _env_int("MAX_ATTACHMENT_MB", 10) * 1024 * 1024,
        # The request limit leaves room for several attachments plus the form itself.
        "MAX_CONTENT_LENGTH": _env_int("MAX_REQUEST_MB", 40) * 1024 * 1024,
        "ALLOWED_ATTACHMENT_TYPES": (
            _env("ALLOWED_ATTACHMENT_TYPES")
            or "pdf,png,jpg,jpeg,gif,webp,txt,csv,log,docx,xlsx,odt,ods,eml,zip"
        ).split(","),
        "DEFAULT_TIMEZONE": _env("TIMEZONE", "America/New_York"),
        "HOLIDAY_COUNTRY": _env("HOLIDAY_COUNTRY", "US"),
        "HOLIDAY_SUBDIVISION": _env("HOLIDAY_SUBDIVISION", "NY"),
        "SESSION_COOKIE_SECURE": env == "production" and _env("INSECURE_COOKIES") != "1",
        "REMEMBER_COOKIE_SECURE": env == "production" and _env("INSECURE_COOKIES") != "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "QUEUE_PAGE_SIZE": _env_int("QUEUE_PAGE_SIZE", 50),
        "WTF_CSRF_TIME_LIMIT": None,
        # One trusted reverse proxy in front: client address and scheme from its headers.
        "BEHIND_PROXY": _env("BEHIND_PROXY") == "1",
        # Rate limits per client address on what anyone can call (limits' notation). Memory
        # storage suits one process; several web nodes share redis://host:6379.
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
        "PUBLIC_READ_LIMIT": _env("PUBLIC_READ_LIMIT", "120 per minute"),
        "SUGGEST_LIMIT": _env("SUGGEST_LIMIT", "300 per minute"),
        "PUBLIC_WRITE_LIMIT": _env("PUBLIC_WRITE_LIMIT", "10 per minute"),
        # Per API token (else per signed-in user, else per address) on every /api/v1 call.
        "API_RATE_LIMIT": _env("API_RATE_LIMIT", "600 per minute"),
        **notification_settings(folder),
        **citizen_settings(),
        **sso_settings(),
        **open311_settings(),
    }


def sso_settings() -> dict:
    """Single sign-on through an OpenID Connect provider (Entra ID, Keycloak, Okta...).

    Off while no issuer is set. The role map reads ``value=role`` pairs of the role claim
    (``desk-admins=admin,desk-agents=agent``); see accounts/oidc.py for how roles follow it.
    """
    return {
        "OIDC_ISSUER": (_env("OIDC_ISSUER") or "").rstrip("/"),
        "OIDC_CLIENT_ID": _env("OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": _env("OIDC_CLIENT_SECRET", ""),
        "OIDC_SCOPES": _env("OIDC_SCOPES") or "openid email profile",
        "OIDC_PROVIDER_NAME": _env("OIDC_PROVIDER_NAME") or "single sign-on",
        "OIDC_ROLE_CLAIM": _env("OIDC_ROLE_CLAIM") or "groups",
        "OIDC_ROLE_MAP": _env("OIDC_ROLE_MAP", ""),
        "OIDC_DEPARTMENT_CLAIM": _env("OIDC_DEPARTMENT_CLAIM") or "department",
        "OIDC_MANAGER_CLAIM": _env("OIDC_MANAGER_CLAIM") or "manager_email",
        # End the provider's session too on sign-out, where it offers end_session_endpoint.
        "OIDC_END_PROVIDER_SESSION": _env("OIDC_END_PROVIDER_SESSION", "1") != "0",
        # Password sign-in for staff and employees; turn it off once single sign-on works.
        "PASSWORD_SIGN_IN": _env("PASSWORD_SIGN_IN", "1") != "0",
    }


def open311_settings() -> dict:
    """The Open311 GeoReport v2 endpoint: whom it serves and how fast a client may post."""
    return {
        # The city's web domain, e.g. riverton.gov; empty: any jurisdiction_id is ours.
        "OPEN311_JURISDICTION": _env("OPEN311_JURISDICTION", ""),
        "OPEN311_CONTACT": _env("OPEN311_CONTACT")
        or "Write to the service desk administrators about this API.",
        "OPEN311_KEY_SERVICE": _env("OPEN311_KEY_SERVICE")
        or "Reading needs no key. To file requests, ask the service desk administrators for "
        "an api_key for your application.",
        # Per api_key (limits' notation).
        "OPEN311_WRITE_LIMIT": _env("OPEN311_WRITE_LIMIT", "60 per minute"),
        # Per client address, whatever the key: bounds a flood of guessed keys.
        "OPEN311_ADDRESS_LIMIT": _env("OPEN311_ADDRESS_LIMIT", "300 per minute"),
    }


def citizen_settings() -> dict:
    """The citizen portal's report form: duplicates nearby, the map, the bot checks."""
    center = (_env("MAP_CENTER") or "40.7128,-74.0060").split(",")
    return {
        "DUPLICATE_RADIUS_M": _env_int("DUPLICATE_RADIUS_M", 50),
        "MAP_TILE_URL": _env("MAP_TILE_URL") or "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        # Trusted HTML (Leaflet shows it as is): the tile provider's required credit.
        "MAP_ATTRIBUTION": _env("MAP_ATTRIBUTION")
        or '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        "MAP_CENTER": (float(center[0]), float(center[1])),
        "MAP_ZOOM": _env_int("MAP_ZOOM", 13),
        # A person needs a few seconds to fill in a report; a script does not.
        "REPORT_MIN_SECONDS": _env_int("REPORT_MIN_SECONDS", 3),
        "MAX_PHOTO_BYTES": _env_int("MAX_PHOTO_MB", 10) * 1024 * 1024,
    }


def notification_settings(folder: str) -> dict:
    """Email, webhooks and the worker. Without an SMTP host, emails go to files in a folder."""
    security = (_env("SMTP_SECURITY") or "starttls").lower()
    return {
        # Links in emails and webhooks point here (the address people open the desk at).
        "BASE_URL": (_env("BASE_URL") or "http://localhost:5000").rstrip("/"),
        "NOTIFICATIONS_ENABLED": _env("NOTIFICATIONS", "1") != "0",
        # huey's queue: a SQLite file in the instance folder, or redis://host:6379/0 at scale.
        "JOBS_URL": _env("JOBS_URL") or f"sqlite:///{Path(folder) / 'jobs.db'}",
        "SMTP_HOST": _env("SMTP_HOST", ""),
        "SMTP_PORT": _env_int("SMTP_PORT", {"ssl": 465, "none": 25}.get(security, 587)),
        "SMTP_SECURITY": security,  # starttls, ssl or none
        "SMTP_USERNAME": _env("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": _env("SMTP_PASSWORD", ""),
        "SMTP_TIMEOUT": _env_int("SMTP_TIMEOUT", 30),
        # The desk's address: notices come from it and replies to it thread into tickets.
        "MAIL_FROM": _env("MAIL_FROM") or "Service Desk <servicedesk@localhost>",
        "MAIL_DROP_FOLDER": _env("MAIL_DROP_FOLDER") or str(Path(folder) / "mail-drop"),
        "OUTBOX_MAX_ATTEMPTS": _env_int("OUTBOX_MAX_ATTEMPTS", 8),
        "OUTBOX_RETRY_SECONDS": _env_int("OUTBOX_RETRY_SECONDS", 30),
        "OUTBOX_CLAIM_TIMEOUT": _env_int("OUTBOX_CLAIM_TIMEOUT", 300),
        "WEBHOOK_TIMEOUT": _env_int("WEBHOOK_TIMEOUT", 10),
        "IMAP_HOST": _env("IMAP_HOST", ""),
        "IMAP_PORT": _env_int("IMAP_PORT", 993),
        "IMAP_SECURITY": (_env("IMAP_SECURITY") or "ssl").lower(),
        "IMAP_USERNAME": _env("IMAP_USERNAME", ""),
        "IMAP_PASSWORD": _env("IMAP_PASSWORD", ""),
        "IMAP_FOLDER": _env("IMAP_FOLDER", "INBOX"),
    }
