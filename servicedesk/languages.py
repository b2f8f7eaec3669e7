"""The languages the desk speaks: articles, portals and the emails it sends."""

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"


def supported(language: str | None) -> str:
    """Return *language* if the desk speaks it, else the default."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE
