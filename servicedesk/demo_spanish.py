"""The demo city's topics in Spanish: what residents reading Spanish see instead of the names
of the categories and request types residents can report (administrators edit them on the
category and request-type pages). Only names still missing are filled, so a rerun keeps edits.
"""

from .tickets.models import CatalogItem, Category

CATEGORIES = {
    ("Streets",): ("Calles", "Calzadas, alumbrado y aceras."),
    ("Streets", "Potholes"): ("Baches", "Baches y pavimento roto."),
    ("Streets", "Streetlights"): ("Alumbrado público", "Farolas apagadas o que parpadean."),
    ("Streets", "Traffic signals"): ("Semáforos", "Semáforos apagados o bloqueados."),
    ("Streets", "Sidewalks"): ("Aceras", "Peligro de tropiezo, rampas de bordillo."),
    ("Water & sewer",): ("Agua y alcantarillado", "Fugas, roturas y atascos."),
    ("Sanitation",): ("Limpieza", "Basura, reciclaje, calles limpias."),
    ("Sanitation", "Missed collection"): ("Recogida no realizada", "Basura o reciclaje."),
    ("Sanitation", "Illegal dumping"): ("Vertido ilegal", "Objetos tirados en la vía pública."),
    ("Sanitation", "Graffiti"): ("Grafitis", "En propiedad pública o privada."),
    ("Parks & trees",): ("Parques y árboles", "Parques, zonas de juego y árboles de la calle."),
    ("Parks & trees", "Park maintenance"): ("Mantenimiento de parques", "Zonas de juego, aseos."),
    ("Parks & trees", "Trees"): ("Árboles", "Ramas caídas, árboles secos, poda."),
    ("General enquiries",): ("Consultas generales", "Preguntas para el Ayuntamiento."),
}
CATALOG = {
    "Report a pothole": (
        "Reportar un bache",
        "Díganos dónde está el bache y qué tamaño tiene. Las cuadrillas rellenan la mayoría en "
        "cinco días laborables.",
    ),
    "Streetlight out": (
        "Farola apagada",
        "Una farola apagada, que parpadea, encendida de día o dañada.",
    ),
    "Missed trash pickup": (
        "Recogida de basura no realizada",
        "Su contenedor estaba en la acera a las 6 de la mañana del día de recogida y no se vació.",
    ),
    "Report graffiti": (
        "Reportar grafitis",
        "Los grafitis en propiedad pública se quitan en una semana; los ofensivos, en un día.",
    ),
}


def add_spanish_names(
    categories: dict[tuple[str, ...], Category], items: dict[str, CatalogItem]
) -> None:
    """Give the demo's resident topics their Spanish name and description, where missing."""
    for path, texts in CATEGORIES.items():
        _fill(categories.get(path), texts)
    for name, texts in CATALOG.items():
        _fill(items.get(name), texts)


def _fill(row: Category | CatalogItem | None, texts: tuple[str, str]) -> None:
    if row is None or (row.translations or {}).get("es"):
        return
    name, description = texts
    row.translations = {
        **(row.translations or {}),
        "es": {"name": name, "description": description},
    }
