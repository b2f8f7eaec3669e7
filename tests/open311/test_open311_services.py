"""Open311 discovery, services and service definitions, in XML and JSON."""

import pytest

from servicedesk.extensions import db
from servicedesk.open311.georeport import attributes_of
from servicedesk.portals.open311.formats import to_xml

from .conftest import POTHOLE_FORM, error_codes, parse_xml


def test_discovery_names_the_endpoint_and_both_formats(client):
    document = client.get("/open311/v2/discovery.json").get_json()
    endpoint = document["endpoints"][0]
    assert endpoint["url"] == "https://desk.test/open311/v2"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert "api_key" in document["key_service"]
    root = parse_xml(client.get("/open311/v2/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


def test_services_list_resident_categories_and_request_types_only(client, city):
    services = client.get("/open311/v2/services.json").get_json()
    by_code = {service["service_code"]: service for service in services}
    lights, pothole = f"c{city['lights'].id}", f"i{city['pothole'].id}"
    assert set(by_code) == {lights, f"c{city['roads'].id}", pothole}  # no employees' services
    assert by_code[pothole] | {"description": ""} == {
        "service_code": pothole,
        "service_name": "Pothole",
        "description": "",
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "Roads",
    }
    assert by_code[lights]["metadata"] is False
    root = parse_xml(client.get("/open311/v2/services.xml"))
    assert root.tag == "services"
    codes = [service.findtext("service_code") for service in root.findall("service")]
    assert sorted(codes) == sorted(by_code)
    metadata = {s.findtext("service_code"): s.findtext("metadata") for s in root}
    assert metadata[pothole] == "true" and metadata[lights] == "false"


def test_an_inactive_category_is_not_offered(client, city):
    city["lights"].is_active = False
    db.session.commit()
    codes = [s["service_code"] for s in client.get("/open311/v2/services.json").get_json()]
    assert f"c{city['lights'].id}" not in codes
    assert client.get(f"/open311/v2/services/c{city['lights'].id}.json").status_code == 404


def test_a_definition_maps_form_fields_to_open311_datatypes(client, city):
    code = f"i{city['pothole'].id}"
    document = client.get(f"/open311/v2/services/{code}.json").get_json()
    assert document["service_code"] == code
    attributes = {a["code"]: a for a in document["attributes"]}
    assert {code: a["datatype"] for code, a in attributes.items()} == {
        "size": "singlevaluelist",
        "hazards": "multivaluelist",
        "depth_cm": "number",
        "noticed": "datetime",
        "details": "text",
        "lane": "string",
    }  # the location field is filled from the request's own location
    assert attributes["size"]["required"] is True
    assert attributes["size"]["values"] == [
        {"key": "Small", "name": "Small"},
        {"key": "Large", "name": "Large"},
    ]
    assert attributes["lane"]["required"] is False  # only asked after "Large"
    assert attributes["details"]["datatype_description"] == "Lane, landmarks."
    assert [a["order"] for a in document["attributes"]] == [1, 2, 3, 4, 5, 6]
    assert all(a["variable"] is True for a in document["attributes"])

    root = parse_xml(client.get(f"/open311/v2/services/{code}.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == code
    size = root.find("attributes/attribute")
    assert size.findtext("code") == "size" and size.findtext("required") == "true"
    assert [v.findtext("key") for v in size.iter("value")] == ["Small", "Large"]


def test_attribute_mapping_is_pure_and_skips_locations():
    found = attributes_of(POTHOLE_FORM)
    assert [a.code for a in found] == ["size", "hazards", "depth_cm", "noticed", "details", "lane"]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_unknown_and_staff_services_are_404_in_the_asked_format(client, city, fmt):
    for code in ["c999", "nonsense", f"c{city['laptops'].id}", f"i{city['staff_item'].id}"]:
        response = client.get(f"/open311/v2/services/{code}.{fmt}")
        assert response.status_code == 404, code
        assert error_codes(response) == [404]


def test_an_empty_service_code_is_400(client, city):
    response = client.get("/open311/v2/services/.xml")
    assert response.status_code == 400 and error_codes(response) == [400]


def test_a_path_without_a_format_is_404_in_xml(client, city):
    response = client.get(f"/open311/v2/services/c{city['lights'].id}.html")
    assert response.status_code == 404
    assert parse_xml(response).tag == "errors"


def test_another_jurisdiction_is_404_and_ours_or_none_is_fine(client, app, city):
    app.config["OPEN311_JURISDICTION"] = "riverton.gov"
    assert client.get("/open311/v2/services.json?jurisdiction_id=riverton.gov").status_code == 200
    assert client.get("/open311/v2/services.json?jurisdiction_id=").status_code == 200
    response = client.get("/open311/v2/services.xml?jurisdiction_id=elsewhere.gov")
    assert response.status_code == 404 and error_codes(response) == [404]
    assert "jurisdiction_id" in parse_xml(response).findtext("error/description")


def test_xml_escapes_markup_and_drops_characters_xml_cannot_carry():
    body = to_xml("services", [{"service_name": "<b>Lights & \x01lamps</b>", "metadata": False}])
    assert "&lt;b&gt;Lights &amp; lamps&lt;/b&gt;" in body
    assert "<metadata>false</metadata>" in body
