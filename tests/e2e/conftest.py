"""Browser tests: the real app under gunicorn on a free port, driven by Debian's Chromium.

Playwright's own browser download cannot run here, so Chromium comes from the system
(`chromium` on PATH). Without it these tests skip, unless SERVICEDESK_REQUIRE_BROWSER=1.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from ..conftest import missing_server
from .languages import language, resident_page, words  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        missing_server(
            "Chromium is not installed (apt-get install chromium)", "SERVICEDESK_REQUIRE_BROWSER"
        )
    return path


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The demo desk on SQLite, seeded with the demo city, served by gunicorn."""
    folder = tmp_path_factory.mktemp("e2e-instance")
    env = os.environ | {
        "SERVICEDESK_INSTANCE_PATH": str(folder),
        "SERVICEDESK_SECRET_KEY": "e2e-only-secret",
        "SERVICEDESK_INSECURE_COOKIES": "1",
        "SERVICEDESK_ENV": "production",
        # The report form refuses answers sent faster than a person types; a script is fast.
        "SERVICEDESK_REPORT_MIN_SECONDS": "1",
    }
    env.pop("SERVICEDESK_DATABASE_URL", None)
    cli = str(BIN / "servicedesk")
    subprocess.run([cli, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run(
        [cli, "demo", "--tickets", "80"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    port = _free_port()
    log_path = folder / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    _wait_until_up(base_url, server, log_path)
    yield base_url
    server.terminate()
    server.wait(timeout=10)


def _wait_until_up(base_url: str, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            if requests.get(base_url + "/healthz", timeout=1).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise RuntimeError("the demo server did not answer in time")


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
