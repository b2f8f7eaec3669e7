"""Who calls the API: a personal token (``Authorization: Bearer``) or the browser session.

- With an Authorization header, only the token counts (a session cookie beside it is ignored):
  a bad, expired or revoked token is 401, a read token writing is 403. No CSRF check: a
  browser never sends the header by itself, so another site cannot forge such a call.
- Without one, the signed-in session is the caller, and every write needs the CSRF token
  (``X-CSRFToken`` header, as Flask-WTF checks it for forms), since a browser sends cookies
  by itself. The API's blueprints are exempt from the app-wide check and call it here instead.
- Rate limits count per token, else per signed-in user, else per client address.
"""

from flask import abort, current_app, request
from flask_smorest import Blueprint

from ...accounts import tokens
from ...accounts.models import ApiToken, TokenScope, User
from ...extensions import csrf, db, limiter
from ..common import current_actor
from . import problems
from .problems import problem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_UNSET = object()
_TOKEN_KEY = "servicedesk.api_token"


class Unauthorized(Exception):
    """A credential was sent and is not good (answered 401)."""

    def __init__(self, detail: str, error: str = "invalid_token"):
        super().__init__(detail)
        self.detail = detail
        self.error = error


def _bearer() -> str | None:
    """The token in the Authorization header; None without the header.

    :raises Unauthorized: for a header that is not ``Bearer <token>``.
    """
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, raw = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise Unauthorized("Send the token as 'Authorization: Bearer <token>'.", "invalid_request")
    return raw.strip()


def request_token() -> ApiToken | None:
    """The live token of this request (looked up once), or None when none was sent.

    :raises Unauthorized: when a token was sent that is unknown, expired or revoked.
    """
    # Kept on the request itself: ``g`` lives as long as the app context, which a test (or a
    # CLI command) may hold open across several requests.
    found = request.environ.get(_TOKEN_KEY, _UNSET)
    if found is _UNSET:
        raw = _bearer()
        found = tokens.authenticate(raw) if raw is not None else None
        if raw is not None and found is None:
            raise Unauthorized("The token is unknown, expired or revoked.")
        request.environ[_TOKEN_KEY] = found
    return found


def api_actor() -> User | None:
    """The user this API call acts as (the token's owner or the signed-in person), or None."""
    token = request_token()
    return token.user if token is not None else current_actor()


def rate_limit_key() -> str:
    """Count calls per token, else per signed-in user, else per client address."""
    try:
        token = request_token()
    except Unauthorized:
        token = None
    if token is not None:
        return f"token:{token.id}"
    user = current_actor()
    return f"user:{user.id}" if user is not None else f"address:{request.remote_addr}"


def api_rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def check_caller():
    """Before every API view: a good credential, the token's scope, CSRF for the session."""
    try:
        token = request_token()
    except Unauthorized as error:
        return unauthorized(error.detail, error.error)
    if token is not None:
        if token.scope == TokenScope.READ and request.method not in SAFE_METHODS:
            return problem(
                403,
                "This token may only read. Make a token with the write scope to change things.",
                headers={"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="write"'},
            )
        db.session.commit()  # the token's last-used time, apart from the call's own work
        return None
    if request.method not in SAFE_METHODS and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    return None


BODY_TYPES = ("application/json", "multipart/form-data")


def check_body():
    """Refuse a body the API does not read (415), and text no database stores (400): NUL
    characters (PostgreSQL refuses them) and lone surrogates (not UTF-8)."""
    if request.method in SAFE_METHODS or not (request.content_length or request.content_type):
        return None
    if request.mimetype not in BODY_TYPES and not request.is_json:
        return problem(
            415,
            f"Send the body as application/json (files as multipart/form-data), "
            f"not {request.mimetype or 'without a Content-Type'}.",
            fields={"header.Content-Type": "Use application/json."},
        )
    if request.is_json:
        bad = _unstorable(request.get_json(silent=True))
        if bad is not None:
            return problem(
                400,
                "The text contains a character that cannot be stored.",
                fields={bad: "Remove NUL characters and unpaired surrogates."},
            )
    return None


def _unstorable(value, path: str = "body") -> str | None:
    """The path of the first string (or key) no database can store, or None."""
    if isinstance(value, str):
        return path if not _storable(value) else None
    if isinstance(value, dict):
        for key, inner in value.items():
            where = f"{path}.{key}" if _storable(key) else path
            found = where if not _storable(key) else _unstorable(inner, where)
            if found:
                return found
    if isinstance(value, list):
        for index, inner in enumerate(value):
            found = _unstorable(inner, f"{path}.{index}")
            if found:
                return found
    return None


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unauthorized(detail: str, error: str | None = None):
    challenge = (
        f'Bearer realm="servicedesk", error="{error}"' if error else 'Bearer realm="servicedesk"'
    )
    return problem(401, detail, headers={"WWW-Authenticate": challenge})


def require_actor() -> User:
    """The caller, for views that need one; an anonymous call is answered 401."""
    actor = api_actor()
    if actor is None:
        abort(unauthorized("Send a personal API token: 'Authorization: Bearer <token>'."))
    return actor


def guard(blueprint, *, anonymous: bool = False) -> None:
    """Check the caller before each view of *blueprint*, exempt it from the app-wide CSRF check
    (``check_caller`` applies it to session calls), count its calls per caller, and, unless
    *anonymous* callers may read it, answer 401 to a call without a credential."""
    csrf.exempt(blueprint)
    # One budget per caller across the whole API, not one per blueprint.
    limiter.shared_limit(api_rate_limit, scope="api", key_func=rate_limit_key)(blueprint)

    @blueprint.before_request
    def _check():
        refused = check_caller() or check_body()
        if refused is not None:
            return refused
        if not anonymous:
            require_actor()
        return None


def api_blueprint(name: str, url_prefix: str, description: str, *, anonymous_reads: bool):
    """A blueprint of the API: its errors are problems, its callers are checked (``guard``)."""
    blueprint = Blueprint(name, __name__, url_prefix=url_prefix, description=description)
    problems.register(blueprint)
    guard(blueprint, anonymous=anonymous_reads)
    return blueprint
