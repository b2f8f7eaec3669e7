"""Dependencies point one way: portals -> domain packages. A domain never imports a portal and
never reads request globals (request, session, g, current_user); the actor is a parameter."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "servicedesk"
DOMAINS = ["accounts", "tickets", "knowledge", "notifications", "bookings", "open311", "reports"]
FORBIDDEN_NAMES = {"request", "session", "g", "current_user"}


def domain_modules():
    for domain in DOMAINS:
        for path in sorted((PACKAGE / domain).rglob("*.py")):
            yield pytest.param(path, id=str(path.relative_to(PACKAGE)))


def imports_of(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found.append((module, [alias.name for alias in node.names]))
    return found


@pytest.mark.parametrize("path", list(domain_modules()))
def test_domain_module_never_imports_a_portal(path):
    for module, _names in imports_of(path):
        assert "portals" not in module.split("."), f"{path.name} imports {module}"


@pytest.mark.parametrize("path", list(domain_modules()))
def test_domain_module_never_reads_request_globals(path):
    for module, names in imports_of(path):
        if module in ("flask", "flask_login"):
            assert not FORBIDDEN_NAMES & set(names), f"{path.name} imports {names} from {module}"


def test_the_check_finds_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from flask import request\nfrom ..portals.common import current_actor\n")
    found = imports_of(bad)
    assert ("flask", ["request"]) in found and ("..portals.common", ["current_actor"]) in found
