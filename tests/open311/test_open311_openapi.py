"""Schemathesis against the Open311 OpenAPI document, in-process: every generated call (valid and
invalid input, both formats) must answer without a server error, with a documented status and
content type, and (for JSON) a body that matches the document.

Most generated calls carry the city's real api_key, service codes, request ids and tokens (a
random key only ever meets the 403), so filing, reading back and validation are explored too.
``OPEN311_FUZZ_EXAMPLES`` sets the examples per operation and mode (valid and invalid input);
the calls made are counted and printed (``-s`` shows the count).
"""

import os
import xml.etree.ElementTree as ET
import zlib
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from servicedesk.extensions import db
from servicedesk.portals.open311.openapi import openapi_document

EXAMPLES = int(os.environ.get("OPEN311_FUZZ_EXAMPLES", "25"))
XML_ROOTS = {"discovery", "services", "service_definition", "service_requests", "errors"}


def xml_is_well_formed(ctx, response, case):
    """OpenAPI cannot validate XML bodies: check the declaration and the spec's root here."""
    if response.headers.get("content-type", [""])[0].startswith("text/xml"):
        body = response.content.decode("utf-8")
        assert body.startswith('<?xml version="1.0" encoding="utf-8"?>'), body[:60]
        assert ET.fromstring(response.content).tag in XML_ROOTS
    return None


CHECKS = [
    xml_is_well_formed,
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def known(app, city, api_key, post_request):
    """Real values to put into generated calls, and limits out of the fuzzer's reach."""
    app.config["OPEN311_WRITE_LIMIT"] = "100000000 per minute"
    app.config["OPEN311_ADDRESS_LIMIT"] = "100000000 per minute"
    created = post_request().get_json()[0]
    db.session.commit()
    return {
        "api_key": api_key,
        "service_codes": [f"c{city['lights'].id}", f"i{city['pothole'].id}"],
        "service_request_id": created["service_request_id"],
        "token": created["token"],
    }


def _often(case, salt: str) -> bool:
    """Three calls in four, chosen from the case itself (so Hypothesis can replay it)."""
    seed = repr((case.path_parameters, case.query, case.body, salt)).encode("utf-8", "replace")
    return zlib.crc32(seed) % 4 != 0


def _with_real_values(case, known) -> None:
    if isinstance(case.body, dict):
        if _often(case, "key"):
            case.body["api_key"] = known["api_key"]
        if _often(case, "service"):
            case.body["service_code"] = known["service_codes"][zlib.crc32(b"%r" % case.body) % 2]
    parameters = case.path_parameters or {}
    for name in ("service_request_id", "token"):
        if name in parameters and _often(case, name):
            parameters[name] = known[name]
    if "service_code" in parameters and _often(case, "code"):
        parameters["service_code"] = known["service_codes"][1]


def _fuzz(operation, mode: GenerationMode, known, calls: Counter) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    def run(case):
        if mode is GenerationMode.POSITIVE:
            _with_real_values(case, known)
        response = case.call_and_validate(checks=CHECKS)
        calls[response.status_code] += 1

    run()


def test_open311_answers_conform_to_the_openapi_document(app, known):
    schema = schemathesis.openapi.from_wsgi("/open311/v2/openapi.json", app)
    calls: Counter = Counter()
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 14
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, known, calls)
            except Unsatisfiable:
                # Discovery takes no input, so there is nothing to make invalid.
                assert mode is GenerationMode.NEGATIVE and "discovery" in operation.path
            except Exception as error:  # collect every operation's failure, then report them all
                failures.append(f"{operation.label} ({mode}): {error}")
    print(f"\nschemathesis: {sum(calls.values())} calls, by status {sorted(calls.items())}")
    assert not failures, "\n\n".join(failures)
    assert sum(calls.values()) >= 12 * EXAMPLES  # every operation was really exercised
    assert 200 in calls and 403 in calls and 404 in calls and 400 in calls


def test_the_document_describes_every_open311_route(app):
    document = openapi_document("https://desk.test")
    routes = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("open311.")
        and rule.endpoint not in ("open311.index", "open311.openapi")
    }
    described = {
        path.replace("{service_code}", "<open311_rest:rest>")
        .replace("{service_request_id}", "<open311_rest:rest>")
        .replace("{token}", "<open311_rest:rest>")
        .replace("/<open311_rest:rest>.xml", "/<open311_rest:rest>")
        .replace("/<open311_rest:rest>.json", "/<open311_rest:rest>")
        .replace(".xml", ".<fmt>")
        .replace(".json", ".<fmt>")
        for path in document["paths"]
    }
    assert routes == described
