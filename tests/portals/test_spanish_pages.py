"""Every citizen page, form error and email in Spanish for a browser that asks for Spanish.

Each page is read as a resident would: it must say ``<html lang="es">``, show its Spanish
words, and leave no English sentence outside parts marked with another language (an English
article, the "English" button of the language switcher).
"""

import io
import re
from html.parser import HTMLParser

import pytest
from flask import render_template_string
from sqlalchemy import select

from servicedesk.accounts.models import Role, User
from servicedesk.extensions import db
from servicedesk.i18n import lazy_text
from servicedesk.knowledge import service as kb
from servicedesk.knowledge.service import ArticleText
from servicedesk.notifications import preferences
from servicedesk.notifications.models import OutboxMessage
from servicedesk.tickets import service as tickets
from servicedesk.tickets.models import Audience, CatalogItem, Ticket
from servicedesk.timeutils import utcnow

from ..conftest import PASSWORD
from .fresh_language import each_request_chooses_its_language  # noqa: F401

# Words of English sentences that Spanish never uses; one of them left on a page means an
# untranslated sentence.
ENGLISH = re.compile(
    r"\b(the|your|you|and|with|please|this|our|we|is|are|for|from|what|will|have|has|"
    r"here|there|not|was|were|been|choose|send|report|request|sign|email)\b",
    re.IGNORECASE,
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


class SpanishReader(HTMLParser):
    """The text a resident reads (and hears: labels of controls), outside other languages."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        other_language = (attrs.get("lang") or "es").split("-")[0] != "es"
        if not (self.skipping or other_language):
            self.texts += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
        if tag not in VOID:
            self.stack.append((tag, other_language or tag in ("script", "style")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data.strip())


def english_left(html: str) -> list[str]:
    reader = SpanishReader()
    reader.feed(html)
    return [text for text in reader.texts if ENGLISH.search(text)]


def spanish_page(response, status: int = 200) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:600]
    assert '<html lang="es">' in html
    assert english_left(html) == []
    return html


@pytest.fixture
def es(client):
    """A browser that asks for Spanish first."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es-US,es;q=0.9,en;q=0.5"
    return client


@pytest.fixture
def city(app, make_team, make_category, make_user, sla_policy):
    app.config["REPORT_MIN_SECONDS"] = 0  # tests fill the form faster than a person
    works = make_team("Obras Públicas")
    lights = make_category("Alumbrado", audience=Audience.RESIDENTS, default_team=works)
    item = CatalogItem(
        name="Bache",
        category=make_category("Calles", audience=Audience.RESIDENTS, default_team=works),
        audience=Audience.RESIDENTS,
        form_schema=[
            {"name": "size", "label": "Tamaño", "type": "choice", "required": True,
             "choices": ["Pequeño", "Grande"]},
        ],
    )  # fmt: skip
    agent = make_user(Role.AGENT, teams=[works], name="Ana Agente")
    lead = make_user(Role.LEAD, teams=[works], name="Luis Jefe")
    db.session.add(item)
    articles = {}
    for language, title, body in (
        ("es", "Farola apagada", "Reporte la farola apagada con el número del poste."),
        ("en", "Streetlight out", "Report a dark streetlight with its pole number."),
        ("en", "Parking permits", "Apply for a residential parking permit online."),
    ):
        article = kb.create_article(
            ArticleText(title=title, summary=body, body=body), actor=agent,
            audience="public", language=language, categories=[lights],
        )  # fmt: skip
        kb.publish(article, actor=lead)
        articles[title] = article
    db.session.commit()
    return {"lights": lights, "item": item, "agent": agent, "articles": articles}


def started_token(html: str) -> str:
    return re.search(r'name="started"[^>]*value="([^"]+)"', html).group(1)


def file_report(client, topic: str, **fields):
    html = client.get(f"/citizen/report/new?topic={topic}").get_data(as_text=True)
    data = {"subject": "Farola apagada en la calle Roble", "started": started_token(html)}
    return client.post(f"/citizen/report/new?topic={topic}", data=data | fields)


# --- finding an answer ---------------------------------------------------------------------


def test_home_and_accessibility_statement_in_spanish(es, city):
    html = spanish_page(es.get("/citizen/"))
    assert "¿Cómo podemos ayudarle?" in html and "Reportar un problema" in html
    # The Spanish answer is offered before the more read English ones.
    popular = html.split("Respuestas más consultadas", 1)[1]
    assert popular.index("Farola apagada") < popular.index("Streetlight out")
    html = spanish_page(es.get("/citizen/accessibility"))
    assert "Declaración de accesibilidad" in html and "2 de diciembre de 2026" in html


def test_search_prefers_articles_in_spanish(es, city):
    html = spanish_page(es.get("/citizen/kb?q=farola+poste"))
    assert "Farola apagada" in html and "Streetlight out" not in html
    assert "1 artículo encontrado" in html
    # "Any language" widens it; nothing in Spanish matching falls back to every language.
    assert "Streetlight out" in spanish_page(es.get("/citizen/kb?q=poste+pole&lang="))
    html = spanish_page(es.get("/citizen/kb?q=parking+permit"))
    assert "Parking permits" in html and "Ningún artículo en Español coincide" in html


def test_article_page_in_spanish(es, city):
    html = spanish_page(es.get(f"/citizen/kb/{city['articles']['Farola apagada'].slug}"))
    assert "¿Le resultó útil este artículo?" in html and "Actualizado el" in html
    answer = es.post(f"/citizen/kb/{city['articles']['Farola apagada'].slug}/feedback", data={})
    html = spanish_page(es.get(answer.headers["Location"]))
    assert "Elija Sí o No" in html


def test_a_missing_page_says_so_in_spanish(es, city):
    html = spanish_page(es.get("/citizen/no-such-page"), 404)
    assert "No encontrado" in html and "No hay ninguna página en esta dirección" in html
    html = spanish_page(es.get("/citizen/kb/no-such-article"), 404)
    assert "Ese artículo no existe." in html


# --- reporting -----------------------------------------------------------------------------


def test_report_steps_and_their_errors_in_spanish(es, city):
    topic = f"c{city['lights'].id}"
    assert "Paso 1 de 3" in spanish_page(es.get("/citizen/report"))
    html = spanish_page(es.get("/citizen/report/answers?topic=&what="), 400)
    assert "Elija de qué trata su reporte." in html and "Diga en pocas palabras" in html
    html = spanish_page(es.get(f"/citizen/report/answers?topic={topic}&what=farola"))
    assert "¿Alguna de estas respuestas le sirve?" in html and "Farola apagada" in html
    html = spanish_page(es.get(f"/citizen/report/new?topic={topic}"))
    assert "Paso 3 de 3" in html and "Reporte: Alumbrado" in html
    assert "Nuestro objetivo es resolver los reportes como este en 6 días laborables." in html


def test_form_errors_in_spanish_including_wtforms_and_domain_messages(es, city):
    topic = f"c{city['lights'].id}"
    html = spanish_page(file_report(es, topic, subject="", email="not-an-address"), 400)
    assert "Hay un problema" in html and "Diga en pocas palabras cuál es el problema." in html
    assert "Escriba una dirección como nombre@example.org." in html
    html = spanish_page(file_report(es, topic, subject="x" * 201), 400)
    assert "Field cannot be longer" not in html  # WTForms' own message, translated
    assert "200" in html
    html = spanish_page(file_report(es, f"i{city['item'].id}"), 400)
    assert "Tamaño es obligatorio." in html  # the request type's field, checked by the domain
    photo = (io.BytesIO(b"%PDF-1.4 not a picture"), "scan.pdf")
    html = spanish_page(file_report(es, topic, photo=photo), 400)
    assert "Este archivo no es una imagen que podamos leer." in html
    html = spanish_page(file_report(es, topic, lat="95", lon="0"), 400)
    assert "la latitud debe estar entre ±90" in html


def test_filed_in_spanish_the_tracking_page_and_emails_speak_spanish(es, city):
    answer = file_report(
        es, f"c{city['lights'].id}", email="rosa@example.net", address="12 Calle Roble",
        lat="40.7128", lon="-74.0060",
    )  # fmt: skip
    assert answer.status_code == 302
    ticket = db.session.scalars(select(Ticket)).one()
    assert ticket.language == "es"  # what the resident's emails speak
    html = spanish_page(es.get(answer.headers["Location"]))
    assert f"Gracias: su reporte {ticket.reference} quedó registrado." in html
    assert "En qué punto está su solicitud" in html and "Estado: Nueva" in html
    assert "noviembre de 2026" in html or "diciembre de 2026" in html  # dates in Spanish
    received = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.event == "received", OutboxMessage.recipient == "rosa@example.net"
        )
    ).one()
    notice = received.payload["notice"]
    assert notice["language"] == "es" and "Hemos recibido su solicitud" in notice["subject"]
    # A neighbour reporting the same place is offered the open report, in Spanish.
    html = spanish_page(
        file_report(es, f"c{city['lights'].id}", lat="40.71281", lon="-74.0060"), 200
    )
    assert "¿Es alguno de estos? Reportes abiertos cerca" in html and "Estado: Nueva" in html


def test_tracking_page_errors_and_stopping_in_spanish(es, city):
    answer = file_report(es, f"c{city['lights'].id}")
    track = answer.headers["Location"]
    html = spanish_page(es.post(f"{track}/reply", data={"body": "  "}), 400)
    assert "No pudimos hacerlo" in html and "Escriba un mensaje primero." in html
    html = spanish_page(es.post(f"{track}/rate", data={"score": "5"}), 409)
    assert "podrá valorar nuestro servicio cuando la solicitud esté resuelta" in html
    assert "está nueva" in html  # the status inside the sentence is Spanish too
    assert "¿Dejar de seguir la solicitud" in spanish_page(es.get(f"{track}/stop"))
    html = spanish_page(es.get("/citizen/track/not-a-real-token"), 404)
    assert "Este enlace no funciona" in html


def test_a_resolved_request_asks_for_confirmation_and_rating_in_spanish(es, city):
    answer = file_report(es, f"c{city['lights'].id}")
    ticket = db.session.scalars(select(Ticket)).one()
    tickets.change_status(ticket, "resolved", actor=city["agent"])
    db.session.commit()
    html = spanish_page(es.get(answer.headers["Location"]))
    assert "¿Está resuelto el problema?" in html and "Valore nuestro servicio" in html
    assert "el estado cambió de nueva a resuelta." in html


# --- accounts and notices ------------------------------------------------------------------


def test_account_pages_and_the_confirmation_email_in_spanish(es, city):
    html = spanish_page(es.get("/citizen/account/new"))
    assert "Crear una cuenta" in html
    data = {"name": "Rosa Vecina", "email": "rosa@example.net", "password": "largo y seguro"}
    html = spanish_page(
        es.post("/citizen/account/new", data=data | {"password_again": "otra cosa"}), 400
    )
    assert "Las dos contraseñas no coinciden." in html
    html = spanish_page(
        es.post("/citizen/account/new", data=data | {"password_again": data["password"]})
    )
    assert "Revise su correo electrónico" in html
    user = db.session.scalar(select(User).where(User.email == "rosa@example.net"))
    assert user.language == "es"
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.event == "account_confirm")
    ).one()
    assert mail.payload["notice"]["language"] == "es"
    assert "Confirme su correo" in mail.payload["notice"]["subject"]
    assert "Iniciar sesión con un enlace" in spanish_page(es.get("/citizen/account/link"))
    html = spanish_page(
        es.post("/auth/login", data={"email": "rosa@example.net", "password": "wrong"}), 401
    )
    assert "El correo electrónico o la contraseña no son correctos." in html


def test_signed_in_account_preferences_and_unsubscribe_in_spanish(app, es, city, make_user):
    rosa = make_user(Role.RESIDENT, email="rosa@example.net", name="Rosa Vecina", language="es")
    rosa.email_confirmed_at = utcnow()
    db.session.commit()
    es.post("/auth/login", data={"email": rosa.email, "password": PASSWORD})
    file_report(es, f"c{city['lights'].id}")
    html = spanish_page(es.get("/citizen/account"))
    assert "Sus reportes" in html and "Nueva" in html and "enviado el" in html
    assert "¿Eliminar su cuenta?" in spanish_page(es.get("/citizen/account/delete"))
    html = spanish_page(es.get("/auth/account/notifications"))
    assert "Sus avisos" in html and "Recibimos su solicitud" in html
    token = preferences.unsubscribe_token(rosa.email, app.config["SECRET_KEY"])
    html = spanish_page(es.get(f"/notifications/unsubscribe/{token}"))
    assert "Avisos por correo" in html
    html = spanish_page(es.get("/notifications/unsubscribe/forged"), 404)
    assert "Este enlace para darse de baja no es válido." in html


def test_a_translated_message_quoting_typed_text_is_escaped(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        message = lazy_text("Stop following %(reference)s", reference="<b>SD-1</b>")
        html = render_template_string("<p>{{ message }}</p>", message=message)
    assert html == "<p>Dejar de seguir &lt;b&gt;SD-1&lt;/b&gt;</p>"
