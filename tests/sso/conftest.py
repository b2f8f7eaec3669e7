"""A real OpenID provider for the single sign-on tests: panva's oidc-provider under Node.

tests/sso/provider is a small test-only node project (scripts/test-services installs it with
``npm ci``). Without node or its packages these tests skip, unless SERVICEDESK_REQUIRE_SSO=1
(CI sets it), where they fail.
"""

import json
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from ..conftest import missing_server

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
CLIENT_ID = "servicedesk"
CLIENT_SECRET = "servicedesk-test-secret"
APP_CALLBACK = "http://desk.test/auth/sso/callback"
APP_SIGNED_OUT = "http://desk.test/auth/login"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Provider:
    """A running provider: its issuer URL and the claims file it reads at every request."""

    def __init__(self, issuer: str, accounts_file: Path):
        self.issuer = issuer
        self.accounts_file = accounts_file

    def set_account(self, login: str, **claims) -> None:
        accounts = json.loads(self.accounts_file.read_text())
        accounts[login] = claims
        self.accounts_file.write_text(json.dumps(accounts))


def start_provider(folder: Path, redirect_uri: str, signed_out_uri: str):
    """Start the provider on a free port; return (process, Provider) once discovery answers."""
    node = shutil.which("node")
    if node is None:
        missing_server("Node.js is not installed (the OpenID provider runs on it)",
                       "SERVICEDESK_REQUIRE_SSO")  # fmt: skip
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        missing_server(
            "The test OpenID provider is not installed (run scripts/test-services)",
            "SERVICEDESK_REQUIRE_SSO",
        )
    accounts_file = folder / "accounts.json"
    accounts_file.write_text("{}")
    port = free_port()
    log_path = folder / "provider.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [node, "provider.mjs", str(port), redirect_uri, signed_out_uri, str(accounts_file)],
            cwd=PROVIDER_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the OpenID provider exited: {log_path.read_text()[-2000:]}")
        try:
            discovery = requests.get(issuer + "/.well-known/openid-configuration", timeout=1)
            if discovery.status_code == 200:
                break
        except (requests.ConnectionError, requests.Timeout):
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the OpenID provider did not answer in time")
        time.sleep(0.2)
    return process, Provider(issuer, accounts_file)


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    process, running = start_provider(
        tmp_path_factory.mktemp("oidc-provider"), APP_CALLBACK, APP_SIGNED_OUT
    )
    yield running
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso_env(provider, monkeypatch):
    """The desk's single sign-on settings, as an operator sets them in the environment."""
    settings = {
        "OIDC_ISSUER": provider.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_PROVIDER_NAME": "City Login",
        "OIDC_ROLE_MAP": "desk-admins=admin,desk-agents=agent",
    }
    for name, value in settings.items():
        monkeypatch.setenv("SERVICEDESK_" + name, value)
    return settings


@pytest.fixture
def sso_app(sso_env, app):
    return app


@pytest.fixture
def sso_client(sso_app):
    return sso_app.test_client()


class ProviderBrowser:
    """Drives the provider's own login and consent pages over HTTP, as a person would."""

    def __init__(self):
        self.session = requests.Session()

    def sign_in(self, authorize_url: str, login: str) -> str:
        """Answer the provider's forms; return the URL it sends the browser back to."""
        response = self.session.get(authorize_url, allow_redirects=False)
        for _ in range(8):
            location = response.headers.get("Location")
            if location:
                if location.startswith("http://desk.test/"):
                    return location
                response = self.session.get(urljoin(response.url, location), allow_redirects=False)
                continue
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
            prompt = re.search(r'name="prompt" value="(\w+)"', response.text).group(1)
            data = {"prompt": prompt}
            if prompt == "login":
                data |= {"login": login, "password": "any"}
            response = self.session.post(
                urljoin(response.url, action), data=data, allow_redirects=False
            )
        raise AssertionError(f"the provider did not send us back: {response.status_code}")

    def end_session(self, logout_url: str) -> requests.Response:
        """Confirm sign-out on the provider's end-session page."""
        page = self.session.get(logout_url)
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text).group(1)
        xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text).group(1)
        return self.session.post(
            urljoin(page.url, action), data={"xsrf": xsrf, "logout": "yes"}, allow_redirects=False
        )


@pytest.fixture
def provider_browser():
    return ProviderBrowser()


def sign_in_through_provider(client, browser: ProviderBrowser, login: str, next_url=None):
    """The whole dance: the desk's SSO link, the provider's pages, the desk's callback."""
    start = client.get("/auth/sso/login", query_string={"next": next_url} if next_url else {})
    assert start.status_code == 302, start.get_data(as_text=True)[:500]
    back = browser.sign_in(start.headers["Location"], login)
    return client.get(back.removeprefix("http://desk.test"))
