"""The citizen pages' words the browser tests look for, in each language, and the fixtures
that run a test once per language with a browser that asks for it (Accept-Language)."""

import re

import pytest

LANGUAGES = ["en", "es"]
BROWSER_LOCALES = {"en": "en-US", "es": "es-US"}
WORDS = {
    "en": {
        "lang": "en",
        # The demo city's topics (names an administrator gave, in each language).
        "streetlights": "Streets › Streetlights",
        "streetlight item": "Streetlight out",
        "report a problem": "Report a problem",
        "what": "In a few words, what is the problem?",
        "continue": "Continue",
        "none helps": "None of these helps: report the problem",
        "send": re.compile("send my report", re.I),
        "different": "Mine is a different problem: send my report",
        "subject": "What is the problem?",
        "address": "Address or place",
        "email": "Email (optional)",
        "filed": "private tracking link",
        "reference": r"Request SD-\d{6}",
        "nearby": re.compile("Open reports nearby"),
        "me too email": "Your email, to hear when it is fixed (optional)",
        "me too": re.compile("Me too"),
        "following": "you now follow report",
        "answers": "Does one of these answer it?",
        "stop following": "Stop following this request",
        "accessibility": "Accessibility",
        "statement": "Accessibility statement",
        "skip": "Skip to content",
        "search": "Search",
        "map": re.compile("^Map: choose the location"),
        "pinned": "Pin placed",
        "error title": "Error:",
        "search words": "pothole",
        "lamp": "streetlight out by the school",
        "search box": "Search for an answer",
        "not helped": "This didn't help: report a problem",
    },
    "es": {
        "lang": "es",
        "streetlights": "Calles › Alumbrado público",
        "streetlight item": "Farola apagada",
        "report a problem": "Reportar un problema",
        "what": "En pocas palabras, ¿cuál es el problema?",
        "continue": "Continuar",
        "none helps": "Ninguna me sirve: reportar el problema",
        "send": re.compile("enviar mi reporte", re.I),
        "different": "El mío es otro problema: enviar mi reporte",
        "subject": "¿Cuál es el problema?",
        "address": "Dirección o lugar",
        "email": "Correo electrónico (opcional)",
        "filed": "enlace privado de seguimiento",
        "reference": r"Solicitud SD-\d{6}",
        "nearby": re.compile("Reportes abiertos cerca"),
        "me too email": "Su correo electrónico, para saber cuándo se arregle (opcional)",
        "me too": re.compile("A mí también"),
        "following": "ahora sigue el reporte",
        "answers": "¿Alguna de estas respuestas le sirve?",
        "stop following": "Dejar de seguir esta solicitud",
        "accessibility": "Accesibilidad",
        "statement": "Declaración de accesibilidad",
        "skip": "Saltar al contenido",
        "search": "Buscar",
        "map": re.compile("^Mapa: elija la ubicación"),
        "pinned": "Marcador colocado",
        "error title": "Error:",
        "search words": "bache",
        "lamp": "farola apagada junto a la escuela",
        "search box": "Busque una respuesta",
        "not helped": "Esto no me ayudó: reportar un problema",
    },
}


@pytest.fixture(params=LANGUAGES)
def language(request) -> str:
    return request.param


@pytest.fixture
def words(language) -> dict:
    return WORDS[language]


def browser_page(browser, language: str, **options):
    """A new browser window that asks for *language*; close its ``context`` when done."""
    context = browser.new_context(locale=BROWSER_LOCALES[language], **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def resident_page(browser, language):
    """A browser window of a resident who reads *language*."""
    page = browser_page(browser, language)
    yield page
    page.context.close()
