"""The public performance page and the open-data file: figures, languages, no personal data."""

import csv
import io

import pytest

from servicedesk.extensions import db
from servicedesk.reports import public, rollup

from .conftest import ny

PERSONAL = (
    "Rosa",
    "rosa@example.net",
    "Carl",
    "carl@example.com",
    "555-0199",
    "Elm St",
    "Deep pothole",
    "Oak Ave",
    "nobody@example.com",
    "Erin",
)


def test_figures_per_category_of_residents_reports(desk):
    rollup.refresh(ny(18, 13, 30))
    rows = {row.category: row for row in public.performance(ny(18, 13, 30))}
    # Residents' reports: B, C (Streets), D (Parks), E (no category). A is an employee's.
    assert set(rows) == {"Streets", "Parks", "Other"}
    streets = rows["Streets"]
    assert (streets.requests, streets.resolved, streets.median_minutes) == (2, 2, (390 + 1620) / 2)
    assert (streets.met, streets.breached, streets.within_target) == (1, 1, 0.5)
    parks = rows["Parks"]  # D: open, resolution clock past due
    assert (parks.requests, parks.resolved, parks.median_minutes, parks.within_target) == (
        1,
        0,
        None,
        0.0,
    )


def test_open_reports_are_rounded_to_about_100_m(desk):
    rollup.refresh(ny(18, 13, 30))
    points = public.open_reports()
    assert [(p.category, p.status, p.latitude, p.longitude) for p in points] == [
        ("Parks", "new", 40.73, -74.0)
    ]


def test_the_page_shows_figures_and_a_table_of_open_reports(desk, client):
    db.session.commit()
    page = client.get("/citizen/performance")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "How fast we fix things" in html and "Streets" in html
    assert 'data-lat="40.73"' in html and 'id="open-reports"' in html
    for text in PERSONAL + ("Broken bench",):
        assert text not in html


def test_the_page_speaks_spanish(desk, client):
    db.session.commit()
    html = client.get("/citizen/performance", headers={"Accept-Language": "es"}).get_data(
        as_text=True
    )
    assert "Qué tan rápido resolvemos" in html and "Avisos abiertos en el mapa" in html
    assert 'lang="es"' in html


def test_open_data_has_resident_reports_without_personal_data(desk, client):
    db.session.commit()
    response = client.get("/citizen/open-data/reports.csv")
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert list(rows[0]) == [
        "reference",
        "category",
        "status",
        "created_at",
        "resolved_at",
        "latitude",
        "longitude",
    ]
    assert len(rows) == 4  # B, C, D, E; A is an employee's
    for forbidden in PERSONAL + ("@", "Laptop"):
        assert forbidden not in text
    located = {row["latitude"] for row in rows if row["latitude"]}
    assert located == {"40.712", "40.72", "40.73"}


def test_open_data_since_narrows_and_a_bad_date_is_a_400(desk, client):
    db.session.commit()
    later = client.get("/citizen/open-data/reports.csv?since=2026-11-18")
    assert len(list(csv.DictReader(io.StringIO(later.get_data(as_text=True))))) == 0
    assert client.get("/citizen/open-data/reports.csv?since=yesterday").status_code == 400


@pytest.mark.parametrize("path", ["/citizen/performance", "/citizen/open-data/reports.csv"])
def test_public_pages_are_rate_limited(app, client, path):
    app.config["PUBLIC_READ_LIMIT"] = app.config["PUBLIC_WRITE_LIMIT"] = "2 per minute"
    statuses = [client.get(path).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
