"""Front doors: HTML portals and APIs. Portals call domain services; never the other way."""
