"""A request type's own form fields as the portals post them (``f_<name>``)."""

from flask import request

from ..errors import ValidationError
from ..tickets.catalog import clean_submission
from ..tickets.models import CatalogItem


def catalog_errors(item: CatalogItem, raw: dict) -> dict[str, str]:
    """The request type's field errors, shown beside the form's own errors."""
    try:
        clean_submission(item.form_schema, raw)
    except ValidationError as error:
        return error.fields
    return {}


def submitted_fields(item: CatalogItem | None) -> dict:
    """Raw values of the item's custom fields from the form (``f_<name>``)."""
    if item is None:
        return {}
    raw = {}
    for field in item.form_schema:
        key = f"f_{field['name']}"
        if field["type"] == "multi_choice":
            raw[field["name"]] = request.form.getlist(key)
        elif field["type"] == "location":
            raw[field["name"]] = {
                "address": request.form.get(key, ""),
                "lat": request.form.get(key + "_lat", ""),
                "lon": request.form.get(key + "_lon", ""),
            }
        elif field["type"] == "file":
            upload = request.files.get(key)
            raw[field["name"]] = upload.filename if upload else ""
        else:
            raw[field["name"]] = request.form.get(key, "")
    return raw
