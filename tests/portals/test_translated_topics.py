"""Names of categories and request types in Spanish: an administrator writes them on the admin
pages (audited), residents reading Spanish see them, everyone else the original names."""

import pytest
from sqlalchemy import select

from servicedesk.accounts.models import Role
from servicedesk.audit import AuditEntry
from servicedesk.errors import ValidationError
from servicedesk.extensions import db
from servicedesk.tickets import configuration
from servicedesk.tickets.models import Audience, CatalogItem, Category

from .fresh_language import each_request_chooses_its_language  # noqa: F401


@pytest.fixture
def topics(make_team, make_category, make_user):
    works = make_team("Public Works")
    streets = make_category("Streets", audience=Audience.RESIDENTS, default_team=works)
    lights = make_category("Streetlights", parent=streets, audience=Audience.RESIDENTS)
    item = CatalogItem(
        name="Report a pothole", category=streets, audience=Audience.RESIDENTS, form_schema=[]
    )
    db.session.add(item)
    lead = make_user(Role.LEAD, teams=[works], name="Lee Lead")
    db.session.commit()
    return {"streets": streets, "lights": lights, "item": item, "lead": lead}


def spanish_home(app) -> str:
    with app.test_client() as browser:
        return browser.get("/citizen/", headers={"Accept-Language": "es"}).get_data(as_text=True)


def test_a_lead_names_a_category_and_a_request_type_in_spanish(app, client, login_as, topics):
    login_as(topics["lead"])
    answer = client.post(
        f"/agent/admin/categories/{topics['lights'].id}",
        data={
            "name": "Streetlights", "parent": topics["streets"].id, "audience": "residents",
            "is_active": "y", "name_es": "Alumbrado público",
            "description_es": "Farolas apagadas o que parpadean.",
        },
    )  # fmt: skip
    assert answer.status_code == 302
    answer = client.post(
        f"/agent/admin/catalog/{topics['item'].id}",
        data={
            "name": "Report a pothole", "category": topics["streets"].id,
            "audience": "residents", "is_active": "y", "name_es": "Reportar un bache",
        },
    )  # fmt: skip
    assert answer.status_code == 302
    edit_page = client.get(f"/agent/admin/categories/{topics['lights'].id}").get_data(True)
    assert 'value="Alumbrado público"' in edit_page  # the form shows what is stored

    html = spanish_home(app)
    assert "Streets › Alumbrado público" in html and "Farolas apagadas" in html
    assert "Reportar un bache" in html
    english = app.test_client().get("/citizen/", headers={"Accept-Language": "en"}).text
    assert "Streets › Streetlights" in english and "Alumbrado" not in english
    summaries = db.session.scalars(
        select(AuditEntry.summary).where(AuditEntry.action.like("%.updated"))
    ).all()
    assert any("name (es)" in summary and "Alumbrado público" in summary for summary in summaries)


def test_a_report_in_a_spanish_named_topic_shows_it_on_the_form_and_tracking_page(
    app, topics, sla_policy
):
    app.config["REPORT_MIN_SECONDS"] = 0
    configuration.update_category(
        topics["lights"], actor=topics["lead"], name="Streetlights", description="",
        parent=topics["streets"], audience="residents", default_team=None, is_active=True,
        translations={"es": {"name": "Alumbrado público"}},
    )  # fmt: skip
    db.session.commit()
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    form = browser.get(f"/citizen/report/new?topic=c{topics['lights'].id}").text
    assert "Reporte: Streets › Alumbrado público" in form
    started = form.split('name="started" type="hidden" value="', 1)[1].split('"', 1)[0]
    answer = browser.post(
        f"/citizen/report/new?topic=c{topics['lights'].id}",
        data={"subject": "Farola apagada", "started": started},
    )
    assert answer.status_code == 302
    assert "Streets › Alumbrado público" in browser.get(answer.headers["Location"]).text


def test_names_in_other_languages_are_checked(topics):
    with pytest.raises(ValidationError) as refused:
        configuration.create_category(
            actor=topics["lead"], name="Noise", audience="residents",
            translations={"es": {"name": "x" * 121}, "fr": {"name": "Bruit"}},
        )  # fmt: skip
    assert set(refused.value.fields) == {"name_es", "translations_fr"}
    kept = configuration.update_category(
        topics["lights"], actor=topics["lead"], name="Streetlights", description="",
        parent=topics["streets"], audience="residents", default_team=None, is_active=True,
        translations={"es": {"name": "  Alumbrado  ", "description": ""}},
    )  # fmt: skip
    assert kept.translations == {"es": {"name": "Alumbrado"}}
    assert kept.full_name_in("es") == "Streets › Alumbrado"
    assert kept.full_name_in("en") == "Streets › Streetlights"
    # Saving without translations (another channel, an older form) keeps them.
    configuration.update_category(
        kept, actor=topics["lead"], name="Streetlights", description="",
        parent=topics["streets"], audience="residents", default_team=None, is_active=True,
    )  # fmt: skip
    assert db.session.get(Category, kept.id).translated("name", "es") == "Alumbrado"
