"""WSGI entry point: ``gunicorn wsgi:app``."""

from servicedesk import create_app

app = create_app()
