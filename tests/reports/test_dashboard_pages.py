"""The dashboard page and the ticket exports over HTTP: who gets in, what they see."""

import csv
import io

import pytest

from servicedesk.accounts.models import Role
from servicedesk.extensions import db

from .conftest import ny


@pytest.fixture
def lead_client(desk, login_as):
    db.session.commit()
    return login_as(desk.lead)


@pytest.mark.parametrize(
    "role, status", [(Role.AGENT, 403), (Role.EMPLOYEE, 403), (Role.RESIDENT, 403)]
)
def test_the_dashboard_is_for_leads_and_admins_only(make_user, login_as, role, status):
    user = make_user(role)
    db.session.commit()
    assert login_as(user).get("/agent/dashboard").status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/agent/dashboard")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_dashboard_shows_the_figures_with_charts_and_tables(lead_client):
    page = lead_client.get("/agent/dashboard?start=2026-11-17&end=2026-11-18")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('<svg class="chart') >= 4
    assert '<caption id="per-day-caption">' in html and 'scope="row">2026-11-17' in html
    assert "zeppelin" in html  # a search that found nothing
    assert "Agent Smith" in html  # workload


def test_the_nav_links_to_the_dashboard_for_leads(lead_client):
    assert 'href="/agent/dashboard"' in lead_client.get("/agent/").get_data(as_text=True)


def test_an_agent_sees_no_dashboard_link(desk, login_as):
    db.session.commit()
    html = login_as(desk.agent).get("/agent/").get_data(as_text=True)
    assert 'href="/agent/dashboard"' not in html


@pytest.mark.parametrize(
    "query",
    ["start=2026-02-30", "days=1000", "team=abc", "channel=fax", "start=2026-11-18&end=2026-11-01"],
)
def test_bad_filters_get_a_400_with_the_form(lead_client, query):
    page = lead_client.get(f"/agent/dashboard?{query}")
    assert page.status_code == 400
    assert "Some filters are not valid" in page.get_data(as_text=True)


def _rows(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_an_export_holds_only_the_tickets_the_viewer_may_see(desk, login_as, make_team, make_user):
    # The lead is in IT only: IT tickets (A, B) and nothing of Roads'.
    db.session.commit()
    client = login_as(desk.lead)
    rows = _rows(client.get("/agent/export/tickets.csv?view=all"))
    assert sorted(row["subject"] for row in rows) == ["Laptop will not start", "Pothole on Elm"]
    dashboard = _rows(client.get("/agent/dashboard/tickets.csv?start=2026-11-17&end=2026-11-18"))
    assert sorted(row["subject"] for row in dashboard) == sorted(row["subject"] for row in rows)


def test_an_admin_exports_everything_with_the_filters(desk, login_as):
    db.session.commit()
    client = login_as(desk.admin)
    everything = _rows(client.get("/agent/export/tickets.csv?view=all"))
    assert len(everything) == 5
    email_only = _rows(client.get("/agent/export/tickets.csv?view=all&channel=email"))
    assert {row["channel"] for row in email_only} == {"email"}
    residents = _rows(
        client.get(
            "/agent/dashboard/tickets.csv?start=2026-11-17&end=2026-11-18&audience=residents"
        )
    )
    assert len(residents) == 4


def test_requesters_cannot_export(desk, login_as):
    db.session.commit()
    assert login_as(desk.resident).get("/agent/export/tickets.csv?view=all").status_code == 403


def test_the_export_page_counts_rows_before_the_download(desk, login_as):
    db.session.commit()
    page = login_as(desk.admin).get("/agent/export?view=all&channel=email")
    html = page.get_data(as_text=True)
    assert "<strong>2</strong>" in html and "/agent/export/tickets.csv?" in html


def test_cells_that_look_like_formulas_are_defused(desk, login_as):
    from servicedesk.tickets import service as tickets
    from servicedesk.tickets.models import Channel

    tickets.open_ticket(
        actor=desk.admin,
        channel=Channel.AGENT,
        subject='=HYPERLINK("x")',
        team=desk.it,
        contact_name="@attacker",
        now=ny(17, 12),
    )
    db.session.commit()
    rows = _rows(login_as(desk.admin).get("/agent/export/tickets.csv?view=all&q=HYPERLINK"))
    assert rows[0]["subject"] == '\'=HYPERLINK("x")'
    assert rows[0]["requester_name"] == "'@attacker"
    assert rows[0]["created_at"] == "2026-11-17T17:00:00Z" and rows[0]["status"] == "new"
