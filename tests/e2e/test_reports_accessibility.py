"""The dashboard and the public performance page in a real browser: axe-core finds nothing
(the same rules as the citizen pages), the public page reflows at 320 px and draws its map."""

import re

import pytest

from .test_agent_flow import sign_in
from .test_citizen_accessibility import (  # noqa: F401  (axe_page is a fixture)
    REFLOW_WIDTH,
    axe_page,
    axe_violations,
    describe,
)

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["en"])  # the workspace speaks English so far
@pytest.mark.parametrize("query", ["", "?days=90&audience=residents"])
def test_the_dashboard_has_no_axe_violations(axe_page, demo_server, query, language):  # noqa: F811
    sign_in(axe_page, demo_server, "lead@example.org")
    axe_page.wait_for_url(re.compile(r".*/agent/$"))
    axe_page.get_by_role("link", name="Dashboard").click()
    axe_page.goto(demo_server + "/agent/dashboard" + query)
    assert axe_page.locator("svg.chart").count() >= 3
    assert axe_page.get_by_role("table", name="Tickets created and resolved per day").is_visible()
    violations = axe_violations(axe_page)
    assert not violations, f"{axe_page.url}\n{describe(violations)}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_performance_page_has_no_axe_violations_and_reflows(
    axe_page,  # noqa: F811
    demo_server,
    language,
):
    axe_page.context.set_extra_http_headers({"Accept-Language": language})
    axe_page.goto(demo_server + "/citizen/performance")
    assert axe_page.locator("html").get_attribute("lang") == language
    # The map is drawn from the table's rows once Leaflet has run.
    axe_page.wait_for_selector("#open-reports-map.leaflet-container")
    assert axe_page.locator("#open-reports-map path.leaflet-interactive").count() >= 1
    violations = axe_violations(axe_page)
    assert not violations, f"{axe_page.url}\n{describe(violations)}"

    axe_page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    scroll_width = axe_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= REFLOW_WIDTH
    violations = axe_violations(axe_page)
    assert not violations, f"{axe_page.url} at {REFLOW_WIDTH}px\n{describe(violations)}"
