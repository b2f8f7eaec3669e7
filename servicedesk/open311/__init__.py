"""Open311 GeoReport v2: which requests residents' 311 apps may file and read, and their keys.

The portal (``portals/open311``) speaks the protocol (XML and JSON); this package holds the rules:
``keys.py`` issues and checks the client applications' api_keys, ``georeport.py`` maps our
resident categories and request types to Open311 services and our tickets to Open311 requests.
"""
