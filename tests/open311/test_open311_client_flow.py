"""A 311 app's session against a real HTTP server (werkzeug's, in a thread) with ``requests``:
list services, read a definition, file a request with attributes, read it back by id and by
token, list by status and date range. XML where apps mostly speak it, JSON where they may."""

import threading
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import requests
from werkzeug.serving import make_server

from servicedesk.timeutils import utcnow


@pytest.fixture
def base_url(app, city):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/open311/v2"
    server.shutdown()
    thread.join(timeout=10)


def xml_of(response: requests.Response) -> ET.Element:
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert response.text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def test_a_311_app_files_and_follows_a_request(base_url, api_key, city):
    http = requests.Session()
    discovery = http.get(f"{base_url}/discovery.json", timeout=10).json()
    assert "application/json" in discovery["endpoints"][0]["formats"]

    services = xml_of(http.get(f"{base_url}/services.xml", timeout=10))
    pothole = next(s for s in services if s.findtext("service_name") == "Pothole")
    code = pothole.findtext("service_code")
    assert pothole.findtext("metadata") == "true"

    definition = xml_of(http.get(f"{base_url}/services/{code}.xml", timeout=10))
    required = [
        a.findtext("code") for a in definition.iter("attribute") if a.findtext("required") == "true"
    ]
    assert required == ["size"]
    choices = [v.findtext("key") for v in definition.find("attributes/attribute").iter("value")]

    filed = http.post(
        f"{base_url}/requests.xml",
        data={
            "api_key": api_key,
            "service_code": code,
            "lat": "40.7130",
            "long": "-74.0062",
            "email": "sam@example.org",
            "description": "Deep pothole by the bus stop",
            "attribute[size]": choices[-1],
            "attribute[hazards][]": ["Water", "Debris"],
        },
        timeout=10,
    )
    assert filed.status_code == 200, filed.text
    created = xml_of(filed).find("request")
    reference, token = created.findtext("service_request_id"), created.findtext("token")
    assert reference.startswith("SD-") and token

    [record] = http.get(f"{base_url}/requests/{reference}.json", timeout=10).json()
    assert record["service_code"] == code and record["status"] == "open"
    assert record["agency_responsible"] == "Public Works" and record["expected_datetime"]
    assert "sam@example.org" not in filed.text + str(record)

    by_token = xml_of(http.get(f"{base_url}/tokens/{token}.xml", timeout=10))
    assert by_token.findtext("request/service_request_id") == reference

    now = utcnow()
    window = {
        "status": "open",
        "start_date": (now - timedelta(hours=1)).isoformat(timespec="seconds"),
        "end_date": (now + timedelta(hours=1)).isoformat(timespec="seconds"),
    }
    listed = http.get(f"{base_url}/requests.json", params=window, timeout=10).json()
    assert [r["service_request_id"] for r in listed] == [reference]
    closed = http.get(f"{base_url}/requests.json", params=window | {"status": "closed"}, timeout=10)
    assert closed.json() == []

    refused = http.post(f"{base_url}/requests.xml", data={"service_code": code}, timeout=10)
    assert refused.status_code == 403
    assert xml_of(refused).findtext("error/code") == "403"
