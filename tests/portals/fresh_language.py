"""An autouse fixture for tests that make requests in several languages (import it)."""

import pytest
from flask import g, request_started


@pytest.fixture(autouse=True)
def each_request_chooses_its_language(app):
    """The tests hold one app context for many requests; Flask-Babel keeps the language it
    chose (and Flask-Login the user) on its ``g``, which a real request never shares."""

    def forget(sender, **extra):
        g.pop("_flask_babel", None)
        g.pop("_login_user", None)

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)
