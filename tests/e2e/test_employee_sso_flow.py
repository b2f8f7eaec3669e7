"""An employee signs in through a real OpenID provider, files a request from the catalog, an
agent replies and resolves it, and the employee reads the reply and rates the service."""

import os
import re
import subprocess

import pytest

from ..sso.conftest import start_provider
from .conftest import BIN, ROOT, _free_port, _wait_until_up

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory, chromium_path):
    """The demo desk (no history) with single sign-on through the test provider."""
    folder = tmp_path_factory.mktemp("e2e-sso")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    provider_process, provider = start_provider(
        folder, base_url + "/auth/sso/callback", base_url + "/auth/login"
    )
    provider.set_account(
        "erin", email="erin.walsh@example.org", email_verified=True, name="Erin Walsh",
        department="Libraries",
    )  # fmt: skip
    env = os.environ | {
        "SERVICEDESK_INSTANCE_PATH": str(folder),
        "SERVICEDESK_SECRET_KEY": "e2e-only-secret",
        "SERVICEDESK_INSECURE_COOKIES": "1",
        "SERVICEDESK_ENV": "production",
        "SERVICEDESK_OIDC_ISSUER": provider.issuer,
        "SERVICEDESK_OIDC_CLIENT_ID": "servicedesk",
        "SERVICEDESK_OIDC_CLIENT_SECRET": "servicedesk-test-secret",
        "SERVICEDESK_OIDC_PROVIDER_NAME": "City Login",
    }
    env.pop("SERVICEDESK_DATABASE_URL", None)
    cli = str(BIN / "servicedesk")
    subprocess.run([cli, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run(
        [cli, "demo", "--tickets", "0"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    log_path = folder / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(base_url, server, log_path)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)
        provider_process.terminate()
        provider_process.wait(timeout=10)


def test_employee_files_a_request_through_sso_and_rates_the_answer(browser, sso_server):
    employee = browser.new_context()
    page = employee.new_page()
    page.set_default_timeout(15_000)
    # The provider's development login page imports a web font: not needed, not reachable.
    page.route(re.compile(r"https://fonts\.(googleapis|gstatic)\.com/.*"), lambda r: r.abort())

    page.goto(sso_server + "/employee/")
    page.get_by_role("link", name="Sign in with City Login").click()
    page.locator("input[name=login]").fill("erin")
    page.locator("input[name=password]").fill("anything")
    page.locator("button[type=submit]").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/employee/$"))
    assert page.get_by_text("Signed in as Erin Walsh.").is_visible()

    page.get_by_role("link", name="Laptop repair").click()
    page.get_by_label("In a few words, what do you need?").fill("Screen goes black")
    page.get_by_label("Asset tag (required)").fill("RV-LT-0412")
    page.get_by_label("What is wrong? (required)").select_option("Screen")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url(re.compile(r".*/employee/requests/\d+$"))
    ticket_id = page.url.rsplit("/", 1)[1]
    assert page.get_by_text(re.compile(r"Your request SD-\d+ is filed")).is_visible()

    agent = browser.new_context()
    desk = agent.new_page()
    desk.set_default_timeout(15_000)
    desk.goto(sso_server + "/auth/login")
    desk.get_by_label("Email").fill("admin@example.org")
    desk.get_by_label("Password").fill("demo")
    desk.get_by_role("button", name="Sign in", exact=True).click()
    desk.goto(f"{sso_server}/agent/tickets/{ticket_id}")
    desk.get_by_label("Message").fill("A new screen is fitted: pick the laptop up at the counter.")
    desk.get_by_role("button", name="Send").click()
    desk.get_by_label("Status").select_option(label="Resolved")
    desk.get_by_role("button", name="Set status").click()
    assert desk.locator("#ticket-status").inner_text() == "Resolved"
    agent.close()

    page.reload()
    assert page.get_by_text("A new screen is fitted").is_visible()
    page.get_by_label("5 – Excellent").check()
    page.get_by_label("Comment (optional)").fill("Fast and friendly.")
    page.get_by_role("button", name="Send my rating").click()
    assert page.get_by_text("Thank you for your rating.").is_visible()
    assert page.get_by_text("You rated it 5 of 5").is_visible()
    employee.close()
