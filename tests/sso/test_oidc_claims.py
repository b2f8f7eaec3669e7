"""From claims to an account, without a provider: the rules of accounts/oidc.py as tables."""

import pytest
from sqlalchemy import select

from servicedesk.accounts import oidc
from servicedesk.accounts.models import ExternalIdentity, Role
from servicedesk.errors import PermissionDenied, ValidationError
from servicedesk.extensions import db

ISSUER = "https://login.example.org"
ROLE_MAP = oidc.parse_role_map("desk-admins=admin, desk-leads=lead,desk-agents=agent")


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"email": "a@example.org"}, "no usable subject"),
        ({"sub": "x" * 256, "email": "a@example.org"}, "no usable subject"),
        ({"sub": "a"}, "did not send your email address"),
        ({"sub": "a", "email": "not-an-address"}, "did not send your email address"),
        ({"sub": "a", "email": ["a@example.org"]}, "did not send your email address"),
    ],
)
def test_missing_or_wrong_claims_are_refused_with_a_reason(claims, message):
    with pytest.raises(ValidationError, match=message):
        oidc.profile_from_claims(claims)


@pytest.mark.parametrize(
    ("claims", "name"),
    [
        ({"name": "Ana Díaz"}, "Ana Díaz"),
        ({"given_name": "Ana", "family_name": "Díaz"}, "Ana Díaz"),
        ({"preferred_username": "adiaz"}, "adiaz"),
        ({}, "ana"),
    ],
)
def test_the_name_comes_from_the_best_claim_there_is(claims, name):
    profile = oidc.profile_from_claims({"sub": "1", "email": "Ana@Example.org"} | claims)
    assert profile.name == name and profile.email == "ana@example.org"


@pytest.mark.parametrize(
    ("values", "role"),
    [
        ((), Role.EMPLOYEE),
        (("staff",), Role.EMPLOYEE),
        (("desk-agents",), Role.AGENT),
        (("desk-agents", "desk-admins"), Role.ADMIN),
        (("desk-leads", "desk-agents"), Role.LEAD),
    ],
)
def test_the_highest_mapped_role_wins(values, role):
    assert oidc.role_for(values, ROLE_MAP) == role


@pytest.mark.parametrize("text", ["desk-admins", "=admin", "x=resident", "x=superuser"])
def test_a_bad_role_map_is_a_configuration_error(text):
    with pytest.raises(ValueError, match="SERVICEDESK_OIDC_ROLE_MAP"):
        oidc.parse_role_map(text)


def _profile(**claims):
    return oidc.profile_from_claims(
        {"sub": "s-1", "email": "nina@example.org", "email_verified": True, "name": "Nina"} | claims
    )


def test_the_manager_claim_links_the_manager_account(app, make_user):
    boss = make_user(Role.EMPLOYEE, email="boss@example.org")
    user = oidc.sign_in(ISSUER, _profile(manager_email="BOSS@example.org"))
    assert user.manager == boss and user.role == Role.EMPLOYEE


def test_without_the_role_claim_an_existing_role_is_kept(app, make_user):
    agent = make_user(Role.AGENT, email="nina@example.org")
    user = oidc.sign_in(ISSUER, _profile(), role_map=ROLE_MAP)
    assert user == agent and user.role == Role.AGENT


def test_a_resident_account_becomes_an_employee_at_its_first_staff_sign_on(app, make_user):
    resident = make_user(Role.RESIDENT, email="nina@example.org")
    assert oidc.sign_in(ISSUER, _profile()).role == Role.EMPLOYEE
    assert resident.role == Role.EMPLOYEE


def test_a_switched_off_account_is_refused(app, make_user):
    make_user(Role.EMPLOYEE, email="nina@example.org", is_active_account=False)
    with pytest.raises(PermissionDenied, match="switched off"):
        oidc.sign_in(ISSUER, _profile())


def test_the_same_subject_at_another_issuer_is_another_identity(app):
    first = oidc.sign_in(ISSUER, _profile())
    with pytest.raises(PermissionDenied, match="not verified"):
        oidc.sign_in("https://other.example.org", _profile(email_verified=False))
    second = oidc.sign_in("https://other.example.org", _profile())
    assert first == second  # verified address, no identity from that issuer yet: linked
    issuers = db.session.scalars(select(ExternalIdentity.issuer).order_by(ExternalIdentity.id))
    assert list(issuers) == [ISSUER, "https://other.example.org"]


def test_a_new_email_never_takes_a_taken_address(app, make_user):
    user = oidc.sign_in(ISSUER, _profile())
    make_user(Role.ADMIN, email="taken@example.org")
    again = oidc.sign_in(ISSUER, _profile(email="taken@example.org"))
    assert again == user and user.email == "nina@example.org"
