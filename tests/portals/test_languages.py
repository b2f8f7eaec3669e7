"""Which language a page speaks: the switcher, the account, the browser, the default."""

import pytest

from ..conftest import PASSWORD


@pytest.fixture
def resident(make_user):
    return make_user(email="ana@example.net", role="resident", language="en")


def footer_link(page: str) -> str:
    return page.split('<footer class="site-footer">', 1)[1]


def test_browser_language_chooses_the_page_language(client):
    page = client.get("/citizen/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert '<html lang="es">' in page.text
    assert "Accesibilidad" in footer_link(page.text)


def test_pages_speak_english_without_a_preference(client):
    page = client.get("/citizen/", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in page.text
    assert "Accessibility" in footer_link(page.text)


def test_switcher_is_remembered_for_the_session_and_returns_to_the_page(client):
    answer = client.post("/language", data={"language": "es", "next": "/citizen/kb"})
    assert answer.status_code == 303 and answer.headers["Location"] == "/citizen/kb"
    page = client.get("/citizen/", headers={"Accept-Language": "en"})
    assert '<html lang="es">' in page.text


def test_switcher_refuses_to_redirect_off_site(client):
    answer = client.post("/language", data={"language": "es", "next": "https://evil.test/"})
    assert answer.headers["Location"] == "/"


def test_switcher_saves_a_signed_in_persons_choice_on_their_account(
    app, client, login_as, resident
):
    login_as(resident)
    client.post("/language", data={"language": "es", "next": "/citizen/"})
    other_browser = app.test_client()
    other_browser.post("/auth/login", data={"email": resident.email, "password": PASSWORD})
    page = other_browser.get("/citizen/", headers={"Accept-Language": "en"})
    assert '<html lang="es">' in page.text
