"""The API docs page in a real browser: Swagger UI from the desk's own files renders every
operation under the strict Content-Security-Policy, with no request leaving the site."""

import pytest

pytestmark = pytest.mark.e2e


def test_the_api_docs_render_offline_under_the_csp(page, demo_server):
    problems, outside = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(demo_server) else outside.append(request.url)
        ),
    )
    page.goto(demo_server + "/api/v1/docs")
    page.wait_for_selector(".opblock-summary", timeout=20_000)
    operations = page.locator(".opblock-summary").count()
    assert operations >= 25
    assert page.get_by_text("Service desk API").first.is_visible()
    csp = [text for text in problems if "Content Security Policy" in text]
    assert csp == [] and outside == []
