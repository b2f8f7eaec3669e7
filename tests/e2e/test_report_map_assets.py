"""The report map's assets: Leaflet vendored from the pinned npm package, served by the app,
and a page script that keeps to the strict Content-Security-Policy (no eval, no inline styles,
no network but the configured tiles)."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "servicedesk" / "static"
LEAFLET = STATIC / "vendor" / "leaflet"
SCRIPT = STATIC / "js" / "report-map.js"
JS_TYPES = {"text/javascript", "application/javascript"}

VENDORED = [
    "leaflet.js",
    "leaflet.js.map",
    "leaflet.css",
    "LICENSE",
    "VERSION",
    "images/marker-icon.png",
    "images/marker-icon-2x.png",
    "images/marker-shadow.png",
    "images/layers.png",
    "images/layers-2x.png",
]

# Each pattern is something the CSP (script-src 'self'; style-src 'self') forbids or that
# would reach the network on its own.
FORBIDDEN_IN_SCRIPT = {
    "eval": r"\beval\s*\(",
    "Function constructor": r"\bnew\s+Function\b|\bFunction\s*\(",
    "string timer": r"\bset(?:Timeout|Interval)\s*\(\s*[\"'`]",
    "style attribute": r"setAttribute\s*\(\s*[\"'`]style",
    "inline style write": r"\.style\b|\bcssText\b",
    "HTML strings": r"\binnerHTML\b|\bouterHTML\b|\binsertAdjacentHTML\b|\bdocument\.write",
    "hard-coded URL": r"https?://",
    "network call": r"\bfetch\s*\(|\bXMLHttpRequest\b|\bimportScripts\b|\bimport\s*\(",
}


def pinned_leaflet_version() -> str:
    return json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet"]


def test_package_json_pins_leaflet_exactly_and_no_other_tool_than_axe():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())

    assert re.fullmatch(r"\d+\.\d+\.\d+", package["dependencies"]["leaflet"])
    # The browser tests' axe-core is the only tool beside the vendored libraries.
    assert set(package.get("devDependencies", {})) <= {"axe-core"}
    assert lock["packages"]["node_modules/leaflet"]["version"] == pinned_leaflet_version()
    assert lock["packages"]["node_modules/leaflet"]["integrity"].startswith("sha512-")


@pytest.mark.parametrize("name", VENDORED)
def test_vendored_leaflet_file_is_committed_in_static(name):
    assert (LEAFLET / name).is_file()


def test_vendored_leaflet_is_the_pinned_version():
    version = pinned_leaflet_version()

    assert (LEAFLET / "VERSION").read_text().strip() == version
    assert f"Leaflet {version}," in (LEAFLET / "leaflet.js").read_text()[:300]


def test_leaflet_license_is_vendored():
    license_text = (LEAFLET / "LICENSE").read_text()

    assert "BSD 2-Clause License" in license_text
    assert "Agafonkin" in license_text


@pytest.mark.parametrize(
    ("path", "types"),
    [
        ("vendor/leaflet/leaflet.js", JS_TYPES),
        ("vendor/leaflet/leaflet.css", {"text/css"}),
        ("vendor/leaflet/images/marker-icon.png", {"image/png"}),
        ("js/report-map.js", JS_TYPES),
        ("css/report-map.css", {"text/css"}),
    ],
)
def test_app_serves_report_map_asset(client, path, types):
    response = client.get(f"/static/{path}")

    assert response.status_code == 200
    assert response.mimetype in types
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


@pytest.mark.parametrize("rule", FORBIDDEN_IN_SCRIPT)
def test_report_map_script_keeps_to_the_csp(rule):
    code = SCRIPT.read_text()

    assert not re.search(FORBIDDEN_IN_SCRIPT[rule], code), rule


def test_report_map_script_builds_to_the_form_contract():
    code = SCRIPT.read_text()

    for needle in (
        '"report-map"',
        '"lat"',
        '"lon"',
        '"use-my-location"',
        '"location-status"',
        "tileUrl",
        "attribution",
        "centerLat",
        "centerLon",
        "zoom",
        '"aria-live", "polite"',
        "toFixed(6)",
    ):
        assert needle in code, needle


def test_report_map_stylesheet_loads_nothing_from_elsewhere():
    css = (STATIC / "css" / "report-map.css").read_text()

    assert not re.search(r"@import|url\(|https?://", css)
