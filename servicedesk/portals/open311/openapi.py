"""The OpenAPI 3 description of the Open311 endpoints, served at /open311/v2/openapi.json.

Written as data beside the views it describes; tests/open311 runs schemathesis against it, so
a view that answers something this document does not say fails the build. Each resource has
an ``.xml`` and a ``.json`` path (the format is part of the URL in GeoReport v2); the XML
media type carries the same schemas with ``xml`` names, as far as OpenAPI can express XML.
"""

from copy import deepcopy
from typing import Any

PREFIX = "/open311/v2"
FORMATS = {"xml": "text/xml", "json": "application/json"}


def _string(description: str, **extra) -> dict:
    return {"type": "string", "description": description, **extra}


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {
            "code": {"type": "integer", "description": "The HTTP status: 400, 403, 404 or 429."},
            "description": _string("What is wrong, naming the parameter."),
        },
        "xml": {"name": "error"},
    },
    "Errors": {
        "type": "array",
        "minItems": 1,
        "items": {"$ref": "#/components/schemas/Error"},
        "xml": {"name": "errors", "wrapped": True},
    },
    "Discovery": {
        "type": "object",
        "required": ["changeset", "contact", "key_service", "endpoints"],
        "properties": {
            "changeset": _string("When this API last changed.", format="date-time"),
            "contact": _string("Whom to ask about this API."),
            "key_service": _string("How to get an api_key."),
            "endpoints": {
                "type": "array",
                "xml": {"wrapped": True},
                "items": {
                    "type": "object",
                    "xml": {"name": "endpoint"},
                    "required": ["specification", "url", "changeset", "type", "formats"],
                    "properties": {
                        "specification": _string("The specification implemented."),
                        "url": _string("The endpoint's base URL."),
                        "changeset": _string("When it last changed.", format="date-time"),
                        "type": {"type": "string", "enum": ["production", "test"]},
                        "formats": {
                            "type": "array",
                            "xml": {"wrapped": True},
                            "items": {"type": "string", "xml": {"name": "format"}},
                        },
                    },
                },
            },
        },
        "xml": {"name": "discovery"},
    },
    "Service": {
        "type": "object",
        "required": ["service_code", "service_name", "metadata", "type"],
        "properties": {
            "service_code": _string("c<id> for a category, i<id> for a request type."),
            "service_name": _string("The name residents see."),
            "description": _string("A short description."),
            "metadata": {
                "type": "boolean",
                "description": "true: read the service definition for its attributes.",
            },
            "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
            "keywords": _string("Comma-separated keywords."),
            "group": _string("The top-level category."),
        },
        "xml": {"name": "service"},
    },
    "Services": {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Service"},
        "xml": {"name": "services", "wrapped": True},
    },
    "AttributeValue": {
        "type": "object",
        "required": ["key", "name"],
        "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
        "xml": {"name": "value"},
    },
    "Attribute": {
        "type": "object",
        "required": ["variable", "code", "datatype", "required", "order", "description"],
        "properties": {
            "variable": {"type": "boolean"},
            "code": _string("Post the answer as attribute[code]."),
            "datatype": {
                "type": "string",
                "enum": [
                    "string",
                    "number",
                    "datetime",
                    "text",
                    "singlevaluelist",
                    "multivaluelist",
                ],
            },
            "required": {"type": "boolean"},
            "datatype_description": _nullable(_string("A hint for the answer.")),
            "order": {"type": "integer", "minimum": 1},
            "description": _string("The question."),
            "values": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/AttributeValue"},
                "xml": {"wrapped": True},
            },
        },
        "xml": {"name": "attribute"},
    },
    "ServiceDefinition": {
        "type": "object",
        "required": ["service_code", "attributes"],
        "properties": {
            "service_code": {"type": "string"},
            "attributes": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Attribute"},
                "xml": {"wrapped": True},
            },
        },
        "xml": {"name": "service_definition"},
    },
    "Request": {
        "type": "object",
        "required": [
            "service_request_id",
            "status",
            "service_name",
            "service_code",
            "requested_datetime",
            "updated_datetime",
        ],
        "properties": {
            "service_request_id": _string("The ticket reference, e.g. SD-000123."),
            "status": {"type": "string", "enum": ["open", "closed"]},
            "status_notes": _nullable(_string("The latest public reply from the desk.")),
            "service_name": {"type": "string"},
            "service_code": {"type": "string"},
            "description": _nullable({"type": "string", "maxLength": 4000}),
            "agency_responsible": _nullable(_string("The team working on it.")),
            "service_notice": _nullable({"type": "string"}),
            "requested_datetime": _string("When it was filed.", format="date-time"),
            "updated_datetime": _string("When it last changed.", format="date-time"),
            "expected_datetime": _nullable(
                _string("When the desk aims to resolve it (SLA).", format="date-time")
            ),
            "address": _nullable({"type": "string"}),
            "address_id": _nullable({"type": "string"}),
            "zipcode": _nullable({"type": "string"}),
            "lat": _nullable({"type": "number", "minimum": -90, "maximum": 90}),
            "long": _nullable({"type": "number", "minimum": -180, "maximum": 180}),
            "media_url": _nullable({"type": "string"}),
        },
        "xml": {"name": "request"},
    },
    "Requests": {
        "type": "array",
        "maxItems": 1000,
        "items": {"$ref": "#/components/schemas/Request"},
        "xml": {"name": "service_requests", "wrapped": True},
    },
    "CreatedRequest": {
        "type": "object",
        "required": ["service_request_id", "token"],
        "properties": {
            "service_request_id": {"type": "string"},
            "token": _string("Also usable with GET tokens/{token}."),
            "service_notice": _nullable(_string("What to expect, e.g. the resolution target.")),
            "account_id": _nullable({"type": "string"}),
        },
        "xml": {"name": "request"},
    },
    "CreatedRequests": {
        "type": "array",
        "minItems": 1,
        "maxItems": 1,
        "items": {"$ref": "#/components/schemas/CreatedRequest"},
        "xml": {"name": "service_requests", "wrapped": True},
    },
    "TokenRequest": {
        "type": "object",
        "required": ["service_request_id", "token"],
        "properties": {"service_request_id": {"type": "string"}, "token": {"type": "string"}},
        "xml": {"name": "request"},
    },
    "TokenRequests": {
        "type": "array",
        "minItems": 1,
        "maxItems": 1,
        "items": {"$ref": "#/components/schemas/TokenRequest"},
        "xml": {"name": "service_requests", "wrapped": True},
    },
    "NewRequest": {
        "type": "object",
        "description": (
            "A form-encoded request. Give a location: lat and long, address_string or "
            "address_id. Answer the service's attributes as attribute[code]=value, and "
            "multivaluelist answers as attribute[code][]=key1&attribute[code][]=key2."
        ),
        "required": ["api_key", "service_code"],
        "properties": {
            "api_key": _string("The client application's key."),
            "jurisdiction_id": {"type": "string"},
            "service_code": {"type": "string"},
            "lat": _string("WGS84 latitude, e.g. 40.7128."),
            "long": _string("WGS84 longitude, e.g. -74.006."),
            "address_string": {"type": "string", "maxLength": 300},
            "address_id": {"type": "string", "maxLength": 120},
            "email": {"type": "string"},
            "device_id": {"type": "string"},
            "account_id": {"type": "string"},
            "first_name": {"type": "string"},
            "last_name": {"type": "string"},
            "phone": {"type": "string"},
            "description": {"type": "string", "maxLength": 4000},
            "media_url": {"type": "string"},
        },
    },
}

JURISDICTION = {
    "name": "jurisdiction_id",
    "in": "query",
    "required": False,
    "description": "Optional: this endpoint serves one jurisdiction.",
    "schema": {"type": "string"},
}
REQUEST_FILTERS = [
    ("service_request_id", "Comma-separated ids; overrides every other filter."),
    ("service_code", "Comma-separated service codes."),
    ("status", "open, closed, or both comma-separated."),
    ("start_date", "W3C datetime; with end_date at most 90 days apart."),
    ("end_date", "W3C datetime; default now (or 90 days after start_date)."),
]
ERROR_TEXT = {
    400: "The request cannot be done (a missing or malformed parameter, named in the error).",
    403: "api_key is missing, unknown or revoked.",
    404: "No such service, request, token or jurisdiction.",
    413: "The request body is too large.",
    429: "Too many requests; wait a minute.",
}


def _content(schema: str, fmt: str) -> dict:
    return {FORMATS[fmt]: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _responses(schema: str, fmt: str, errors: tuple[int, ...], text: str) -> dict:
    responses = {"200": {"description": text, "content": _content(schema, fmt)}}
    for status in errors:
        responses[str(status)] = {
            "description": ERROR_TEXT[status],
            "content": _content("Errors", fmt),
        }
    if 405 in errors:
        responses["405"]["headers"] = {"Allow": {"schema": {"type": "string"}}}
    return responses


def _path_parameter(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", "minLength": 1},
    }


def _operations(fmt: str) -> dict[str, dict]:
    reads = (400, 404, 429)
    return {
        f"{PREFIX}/discovery.{fmt}": {
            "get": {
                "operationId": f"discovery_{fmt}",
                "summary": "Service discovery: the endpoints, formats and how to get a key.",
                "responses": _responses("Discovery", fmt, (404, 429), "The discovery document."),
            }
        },
        f"{PREFIX}/services.{fmt}": {
            "get": {
                "operationId": f"services_{fmt}",
                "summary": "The request types residents may report.",
                "parameters": [JURISDICTION],
                "responses": _responses("Services", fmt, reads, "The services."),
            }
        },
        f"{PREFIX}/services/{{service_code}}.{fmt}": {
            "get": {
                "operationId": f"service_definition_{fmt}",
                "summary": "A service's attributes (the questions its form asks).",
                "parameters": [_path_parameter("service_code", "A service code."), JURISDICTION],
                "responses": _responses("ServiceDefinition", fmt, reads, "The service definition."),
            }
        },
        f"{PREFIX}/requests.{fmt}": {
            "get": {
                "operationId": f"requests_{fmt}",
                "summary": "Requests, newest first: at most 1000, from at most 90 days.",
                "parameters": [
                    JURISDICTION,
                    *(
                        {
                            "name": name,
                            "in": "query",
                            "required": False,
                            "description": description,
                            "schema": {"type": "string"},
                        }
                        for name, description in REQUEST_FILTERS
                    ),
                ],
                "responses": _responses("Requests", fmt, reads, "The matching requests."),
            },
            "post": {
                "operationId": f"create_request_{fmt}",
                "summary": "File a request (needs an api_key).",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"$ref": "#/components/schemas/NewRequest"}
                        }
                    },
                },
                "responses": _responses(
                    "CreatedRequests", fmt, (400, 403, 404, 413, 429), "The new request's id."
                ),
            },
        },
        f"{PREFIX}/requests/{{service_request_id}}.{fmt}": {
            "get": {
                "operationId": f"request_{fmt}",
                "summary": "One request (in a list of one, as the spec has it).",
                "parameters": [
                    _path_parameter("service_request_id", "A request id, e.g. SD-000123."),
                    JURISDICTION,
                ],
                "responses": _responses("Requests", fmt, reads, "The request."),
            }
        },
        f"{PREFIX}/tokens/{{token}}.{fmt}": {
            "get": {
                "operationId": f"token_{fmt}",
                "summary": "The request id a POST's token stands for.",
                "parameters": [
                    _path_parameter("token", "A token from POST requests."),
                    JURISDICTION,
                ],
                "responses": _responses("TokenRequests", fmt, reads, "The request's id."),
            }
        },
    }


def openapi_document(base_url: str) -> dict[str, Any]:
    """The document; *base_url* is where the desk is served (the paths carry the prefix)."""
    paths: dict[str, dict] = {}
    for fmt in FORMATS:
        paths.update(_operations(fmt))
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "servicedesk Open311 GeoReport v2",
            "version": "2",
            "description": (
                "Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2). The format is "
                "the path's extension: .xml (text/xml) or .json (application/json). Errors "
                "are a list of {code, description}. Reads need no key; POST requests needs an "
                "api_key issued by the desk's administrators."
            ),
        },
        "servers": [{"url": base_url or "/"}],
        "paths": paths,
        "components": {"schemas": deepcopy(SCHEMAS)},
    }
