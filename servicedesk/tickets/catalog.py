"""Catalog item forms: the schema an admin writes and the server-side check of what people submit.

Pure: a schema is a list of field dicts, a submission is a mapping of raw values. Fields hidden by
a ``shown_when`` condition are neither required nor kept.

A field: ``{"name": "pole_number", "label": "Pole number", "type": "text", "required": true,
"help": "...", "choices": [...], "shown_when": {"field": "kind", "equals": "streetlight"}}``.
"""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..errors import ValidationError
from ..i18n import lazy_text

FIELD_TYPES = ("text", "long_text", "number", "choice", "multi_choice", "date", "location", "file")
CHOICE_TYPES = ("choice", "multi_choice")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TEXT = 2000
MAX_LONG_TEXT = 20000


def check_schema(schema: Any) -> list[dict[str, Any]]:
    """Return the schema normalised, or raise if an admin wrote something unusable.

    :raises ValidationError: naming the first problem.
    """
    if not isinstance(schema, list):
        raise ValidationError("The form must be a list of fields.")
    seen: list[str] = []
    cleaned = []
    for position, field in enumerate(schema, start=1):
        cleaned.append(_check_field(field, position, seen))
        seen.append(field["name"])
    return cleaned


def _check_field(field: Any, position: int, earlier: list[str]) -> dict[str, Any]:
    where = f"Field {position}"
    if not isinstance(field, dict):
        raise ValidationError(f"{where} must be an object.")
    name = field.get("name", "")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationError(f"{where}: name must be lower-case letters, digits or _.")
    if name in earlier:
        raise ValidationError(f"{where}: the name {name!r} is used twice.")
    kind = field.get("type")
    if kind not in FIELD_TYPES:
        raise ValidationError(f"{where}: type must be one of {', '.join(FIELD_TYPES)}.")
    label = str(field.get("label") or "").strip()
    if not label:
        raise ValidationError(f"{where}: a label is required.")
    result = {"name": name, "label": label, "type": kind, "required": bool(field.get("required"))}
    if field.get("help"):
        result["help"] = str(field["help"])
    if kind in CHOICE_TYPES:
        choices = field.get("choices")
        if (
            not isinstance(choices, list)
            or not choices
            or not all(isinstance(c, str) for c in choices)
        ):
            raise ValidationError(f"{where}: a choice field needs a list of choices.")
        result["choices"] = choices
    if field.get("shown_when"):
        result["shown_when"] = _check_condition(field["shown_when"], where, earlier)
    return result


def _check_condition(condition: Any, where: str, earlier: list[str]) -> dict[str, Any]:
    if not isinstance(condition, dict) or condition.get("field") not in earlier:
        raise ValidationError(f"{where}: shown_when must name an earlier field.")
    if "equals" not in condition and not isinstance(condition.get("in"), list):
        raise ValidationError(f"{where}: shown_when needs 'equals' or an 'in' list.")
    return condition


def is_shown(field: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    """Return whether a field applies, given the values of the fields before it."""
    condition = field.get("shown_when")
    if not condition:
        return True
    current = values.get(condition["field"])
    options = condition["in"] if "in" in condition else [condition["equals"]]
    if isinstance(current, list):
        return any(option in current for option in options)
    return current in options


def clean_submission(schema: list[dict[str, Any]], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Return the typed values of a submission; hidden and empty optional fields are dropped.

    :raises ValidationError: with a message per field that is missing or malformed.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in schema:
        if not is_shown(field, values):
            continue
        try:
            value = _clean_value(field, raw.get(field["name"]))
        except ValueError as error:
            errors[field["name"]] = str(error)
            continue
        if value in (None, "", []):
            if field.get("required"):
                errors[field["name"]] = lazy_text("%(label)s is required.", label=field["label"])
            continue
        values[field["name"]] = value
    if errors:
        raise ValidationError(lazy_text("Some fields need attention."), errors)
    return values


def _clean_value(field: Mapping[str, Any], raw: Any) -> Any:
    kind = field["type"]
    if kind == "multi_choice":
        return _clean_multi_choice(field, raw)
    if kind == "location":
        return _clean_location(field, raw)
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if kind in ("text", "file"):
        return _limit(field, text, MAX_TEXT)
    if kind == "long_text":
        return _limit(field, text, MAX_LONG_TEXT)
    if kind == "number":
        return _clean_number(field, text)
    if kind == "choice":
        if text not in field["choices"]:
            raise ValueError(
                lazy_text("%(label)s: choose one of the listed options.", label=field["label"])
            )
        return text
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(
                lazy_text("%(label)s: enter a date as YYYY-MM-DD.", label=field["label"])
            ) from None
    raise ValueError(f"{field['label']}: unknown field type.")


def _limit(field: Mapping[str, Any], text: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(
            lazy_text("%(label)s: at most %(limit)s characters.", label=field["label"], limit=limit)
        )
    return text


def _clean_number(field: Mapping[str, Any], text: str) -> int | float:
    try:
        number = float(text)
    except ValueError:
        raise ValueError(_enter_a_number(field)) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(_enter_a_number(field))
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _enter_a_number(field: Mapping[str, Any]):
    return lazy_text("%(label)s: enter a number.", label=field["label"])


def _clean_multi_choice(field: Mapping[str, Any], raw: Any) -> list[str]:
    if raw is None:
        raw = []
    elif isinstance(raw, str | int | float):
        raw = [raw]
    elif not isinstance(raw, list | tuple):
        raise ValueError(
            lazy_text("%(label)s: choose from the listed options.", label=field["label"])
        )
    chosen = raw
    chosen = [str(item) for item in chosen if str(item).strip()]
    unknown = [item for item in chosen if item not in field["choices"]]
    if unknown:
        raise ValueError(
            lazy_text(
                "%(label)s: %(choice)r is not one of the options.",
                label=field["label"],
                choice=unknown[0],
            )
        )
    return chosen


def _clean_location(field: Mapping[str, Any], raw: Any) -> dict[str, Any] | None:
    """A location is an address, a point (lat, lon), or both."""
    if not raw:
        return None
    if not isinstance(raw, Mapping):
        raw = {"address": raw}
    address = str(raw.get("address") or "").strip()[:300]
    lat_text, lon_text = _coordinate_text(raw.get("lat")), _coordinate_text(raw.get("lon"))
    if not address and not lat_text and not lon_text:
        return None
    location: dict[str, Any] = {"address": address}
    if lat_text or lon_text:
        location.update(parse_point(lat_text, lon_text, field["label"]))
    return location


def _coordinate_text(value: Any) -> str:
    """A coordinate as text; 0 given as a number is a coordinate, not a missing value."""
    return "" if value is None else str(value).strip()


def parse_point(lat_text: str, lon_text: str, label: str | None = None) -> dict[str, float]:
    """Return ``{"lat", "lon"}`` from text, or raise ValueError naming what is wrong."""
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise ValueError(
            lazy_text(
                "%(label)s: latitude and longitude must both be numbers.",
                label=label or lazy_text("Location"),
            )
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(
            lazy_text(
                "%(label)s: latitude must be within ±90 and longitude within ±180.",
                label=label or lazy_text("Location"),
            )
        )
    return {"lat": lat, "lon": lon}
