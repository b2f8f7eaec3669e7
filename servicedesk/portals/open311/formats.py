"""Open311 documents in XML (the spec's required format) and JSON, from one plain structure.

A document is a root name and a value of dicts, lists and scalars. XML is built with
ElementTree, which escapes text; characters XML 1.0 cannot carry at all (control characters)
are dropped, so every answer is well-formed. Lists become repeated elements named by
``ITEM_NAMES`` (``services`` holds ``service`` elements); in JSON the list roots
(``services``, ``service_requests``, ``errors``) are bare arrays, as the spec shows.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
FORMATS = ("xml", "json")
# What XML 1.0 may not contain, even escaped (control characters, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def w3c(value: datetime | None, timezone: str) -> str | None:
    """A W3C datetime with its offset, in the desk's timezone: 2026-11-17T10:00:00-05:00."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(timezone)).isoformat(timespec="seconds")


def render(root: str, value: Any, fmt: str, status: int = 200) -> Response:
    if fmt == "json":
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return Response(body, status=status, content_type=JSON_TYPE)
    return Response(to_xml(root, value), status=status, content_type=XML_TYPE)


def to_xml(root: str, value: Any) -> str:
    element = ET.Element(root)
    _fill(element, value)
    return DECLARATION + ET.tostring(element, encoding="unicode")


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _fill(ET.SubElement(element, name), child)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES.get(element.tag, "item")
        for child in value:
            _fill(ET.SubElement(element, item_name), child)
    elif value is None:
        return
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = _NOT_XML.sub("", str(value))


def format_of(path: str) -> str:
    """The format a path asks for by its extension; XML (the spec's default) otherwise."""
    return "json" if path.lower().endswith(".json") else "xml"


def errors(items: list[tuple[int, str]], fmt: str, status: int) -> Response:
    """The spec's error list: ``<errors><error><code/><description/></error></errors>``."""
    body = [{"code": code, "description": description} for code, description in items]
    response = render("errors", body, fmt, status)
    response.headers["Cache-Control"] = "no-store"
    return response
