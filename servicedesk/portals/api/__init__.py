"""The REST API at ``/api/v1``, described by an OpenAPI 3 document at ``/api/v1/openapi.json``
and readable at ``/api/v1/docs``.

Views are thin (load, authorize with the domain's policy, validate with a marshmallow schema,
call one service, commit, respond), so a caller sees and may do exactly what they would in
their portal. Callers are personal API tokens or the browser session (``auth.py``); every error
is an RFC 9457 problem (``problems.py``).
"""

import flask_smorest
from flask import Flask

from . import problems

API_DESCRIPTION = """\
The service desk's tickets, request types and knowledge base, with the same permissions as
the portals: a caller sees and may do exactly what they could in the agent workspace, the
employee portal or the citizen portal.

**Authentication.** Make a personal API token on your account page (*API tokens*), then send
`Authorization: Bearer <token>`. Read tokens may only call GET. A signed-in browser may call
the API with its session cookie; writes then need the `X-CSRFToken` header.

**Errors** are `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`, and
`errors` naming each wrong field (`subject`, `status`, `location.lat`).

**Lists** are pages: pass the `next_cursor` of one page as `after` to get the next.
"""


class DeskApi(flask_smorest.Api):
    """flask-smorest, with errors documented as problems and answered by ``problems.py``."""

    ERROR_SCHEMA = None  # set below, once the schemas module is imported

    def _register_error_handlers(self):
        """Errors are answered per API blueprint (``problems.register``) and, for routing
        errors on /api/ paths, by ``common.error_response``: never app-wide here, so the
        HTML portals keep their own error pages."""

    def _register_responses(self):
        from .schemas import ProblemSchema

        self.ERROR_SCHEMA = ProblemSchema
        default = self.DEFAULT_RESPONSE_CONTENT_TYPE
        self.DEFAULT_RESPONSE_CONTENT_TYPE = problems.MEDIA_TYPE
        try:
            super()._register_responses()
        finally:
            self.DEFAULT_RESPONSE_CONTENT_TYPE = default


def init_app(app: Flask) -> None:
    """Register the API's blueprints, its OpenAPI document and its docs page."""
    app.config.setdefault("API_TITLE", "Service desk API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "info": {"description": API_DESCRIPTION},
            "components": {
                "securitySchemes": {
                    "bearerAuth": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A personal API token from your account page.",
                    }
                }
            },
        },
    )
    app.config.setdefault("API_RATE_LIMIT", "600 per minute")
    api = DeskApi(app)  # one per application: each builds its own document
    from . import catalog, directory, docs, kb, tickets, token_pages

    for module in (tickets, catalog, kb, directory):
        api.register_blueprint(module.blp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(token_pages.bp)
