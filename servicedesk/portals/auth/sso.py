"""Single sign-on with an OpenID Connect provider: ``/auth/sso/login`` and ``/auth/sso/callback``.

Authlib's Flask client runs the protocol: discovery from ``SERVICEDESK_OIDC_ISSUER``, the
authorization code flow with PKCE (S256), a state and a nonce kept in the session and checked on
return, the id_token's signature checked against the provider's JWKS and its iss, aud, exp and
nonce claims validated, then the userinfo endpoint read. accounts/oidc.py decides who the person
is. Anything that goes wrong is told on a page that says what to do, never a 500.
"""

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import (
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_user
from joserfc.errors import JoseError

from ...accounts import oidc
from ...errors import DomainError
from ...extensions import configured_limit, db, limiter
from ..common import status_of

CLIENT = "sso"
# What the session keeps for sign-out at the provider and for the way back after sign-in. The
# session is a cookie (at most 4 KB): a long id_token (Entra with many groups) is not kept, and
# sign-out names the client instead, which the end-session endpoint accepts as well.
SIGNED_ON_KEY = "sso_signed_on"
ID_TOKEN_KEY = "sso_id_token"
MAX_KEPT_ID_TOKEN = 1500
NEXT_KEY = "sso_next"


def init_app(app: Flask) -> None:
    """Register the provider's client on this app when an issuer is configured."""
    issuer = app.config.get("OIDC_ISSUER")
    if not issuer:
        return
    oidc.parse_role_map(app.config.get("OIDC_ROLE_MAP", ""))  # a bad map fails at start-up
    registry = OAuth(app)
    registry.register(
        CLIENT,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        client_kwargs={
            "scope": app.config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "timeout": 10,
        },
    )
    app.extensions["servicedesk_sso"] = registry.create_client(CLIENT)


def sso_client():
    return current_app.extensions.get("servicedesk_sso")


def sso_enabled() -> bool:
    return sso_client() is not None


def refused(message: str, status: int = 400):
    """The page for a sign-in that did not work: what happened and a way to try again."""
    db.session.rollback()
    return render_template("auth/sso_error.html", message=message), status


def add_sso_routes(bp, safe_next, home_for) -> None:
    """Add the sign-on routes to the auth blueprint (which owns the other sign-in routes)."""

    @bp.get("/sso/login")
    @limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
    def sso_login():
        client = sso_client()
        if client is None:
            return refused("Single sign-on is not set up on this desk.", 404)
        session[NEXT_KEY] = safe_next(request.args.get("next")) or ""
        try:
            return client.authorize_redirect(url_for("auth.sso_callback", _external=True))
        except (requests.RequestException, AuthlibBaseError, ValueError, KeyError):
            current_app.logger.exception("single sign-on: the provider's discovery failed")
            return refused(
                "The sign-on provider did not answer. Try again in a few minutes, or ask the "
                "service desk.",
                503,
            )

    @bp.get("/sso/callback")
    @limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"))
    def sso_callback():
        client = sso_client()
        if client is None:
            return refused("Single sign-on is not set up on this desk.", 404)
        if request.args.get("error"):
            return refused(
                "The sign-on provider did not sign you in ("
                + (request.args.get("error_description") or request.args["error"])[:200]
                + ")."
            )
        try:
            token = client.authorize_access_token()
            claims = dict(token.get("userinfo") or {})
            if not claims:
                return refused("The sign-on provider sent no id_token; sign-in was refused.")
            extra = client.userinfo(token=token)
            if extra.get("sub") != claims.get("sub"):
                return refused("The provider's user information is about someone else.")
            claims = dict(extra) | claims  # the signed id_token wins where both speak
        except MismatchingStateError:
            return refused(
                "This sign-in answer does not belong to a sign-in started here (its state did "
                "not match), so it was refused. Start again from the sign-in page."
            )
        except JoseError as error:
            return refused(
                "The sign-on provider's id_token did not pass its checks ("
                + (getattr(error, "description", "") or error.__class__.__name__)
                + "), so sign-in was refused. Start again from the sign-in page."
            )
        except (AuthlibBaseError, requests.RequestException, ValueError, KeyError) as error:
            current_app.logger.warning("single sign-on refused: %r", error)
            return refused(
                "Sign-in with the provider did not complete, so you are not signed in. "
                "Start again from the sign-in page."
            )
        config = current_app.config
        names = oidc.ClaimNames(
            department=config["OIDC_DEPARTMENT_CLAIM"],
            manager=config["OIDC_MANAGER_CLAIM"],
            role=config["OIDC_ROLE_CLAIM"],
        )
        try:
            profile = oidc.profile_from_claims(claims, names)
            user = oidc.sign_in(
                config["OIDC_ISSUER"],
                profile,
                role_map=oidc.parse_role_map(config["OIDC_ROLE_MAP"]),
            )
        except DomainError as error:
            return refused(error.message, status_of(error))
        next_url = session.pop(NEXT_KEY, "") or None
        login_user(user)
        session[SIGNED_ON_KEY] = True
        id_token = token.get("id_token", "")
        if len(id_token) <= MAX_KEPT_ID_TOKEN:
            session[ID_TOKEN_KEY] = id_token
        db.session.commit()
        flash(f"Signed in as {user.name}.")
        return redirect(next_url or home_for(user))


def provider_logout_url(signed_on: bool, id_token: str) -> str | None:
    """The provider's end-session address for this sign-out, if it offers one."""
    client = sso_client()
    if client is None or not signed_on or not current_app.config["OIDC_END_PROVIDER_SESSION"]:
        return None
    try:
        if not client.load_server_metadata().get("end_session_endpoint"):
            return None
        result = client.create_logout_url(
            post_logout_redirect_uri=url_for("auth.login", _external=True),
            id_token_hint=id_token or None,
            client_id=client.client_id,
        )
    except (requests.RequestException, AuthlibBaseError, RuntimeError, ValueError):
        current_app.logger.warning("single sign-on: could not reach the provider to sign out")
        return None
    return result["url"]
