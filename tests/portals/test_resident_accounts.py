"""Optional resident accounts in the citizen portal: sign up and confirm, one-time sign-in
links, the account page and claiming earlier reports, the data download, deletion; nothing
tells whether an address has an account, and staff are refused."""

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask import g, request_started
from sqlalchemy import func, select

from servicedesk.accounts import residents
from servicedesk.accounts.models import Role, User
from servicedesk.audit import AuditEntry
from servicedesk.extensions import db, limiter
from servicedesk.notifications import email_out
from servicedesk.notifications.models import OutboxMessage
from servicedesk.tickets import service as tickets
from servicedesk.tickets import tracking
from servicedesk.tickets.models import (
    Channel,
    EventKind,
    Subscription,
    Ticket,
    TicketEvent,
    TrackingToken,
)
from servicedesk.timeutils import utcnow

from ..conftest import PASSWORD

RITA = "rita@example.net"
NEW_PASSWORD = "a long new password"


def sign_up(client, email=RITA, name="Rita Resident", password=NEW_PASSWORD, again=None):
    return client.post(
        "/citizen/account/new",
        data={
            "name": name,
            "email": email,
            "password": password,
            "password_again": password if again is None else again,
        },
    )


def emails(event: str, to: str) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.event == event)
    query = query.where(OutboxMessage.recipient == to).order_by(OutboxMessage.id)
    return list(db.session.scalars(query))


def without(response, email: str) -> str:
    """The page with the address typed in left out, to compare two answers."""
    return response.get_data(as_text=True).replace(email, "@")


def link_in(row: OutboxMessage, action: int = 0) -> str:
    """The path of an action link in a queued email (the URL is on the desk's BASE_URL)."""
    url = row.payload["notice"]["actions"][action][1]
    assert url.startswith("https://desk.test/")
    return urlsplit(url).path


def user_with(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def signed_in_name(client) -> str | None:
    response = client.get("/citizen/account")
    return response.get_data(as_text=True) if response.status_code == 200 else None


@pytest.fixture(autouse=True)
def each_request_loads_its_own_user(app):
    """The tests hold one app context, whose ``g`` outlives a request: without this,
    Flask-Login's cached user of one client's request would answer another client's."""

    def forget(sender, **extra):
        g.pop("_login_user", None)

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)


@pytest.fixture
def resident(make_user):
    user = make_user(Role.RESIDENT, email=RITA, name="Rita Resident")
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return user


@pytest.fixture
def report(make_ticket):
    """A report filed through the portal by *user*, or anonymously with *email*."""

    def make(user=None, email="", subject="Streetlight out on Elm St", **fields):
        ticket = make_ticket(
            channel=Channel.CITIZEN_PORTAL,
            subject=subject,
            requester=user,
            contact_email=email,
            **fields,
        )
        db.session.commit()
        return ticket

    return make


# --- signing up -------------------------------------------------------------------------------


def test_sign_up_then_confirm_by_email_signs_the_resident_in(app, client):
    page = sign_up(client)
    assert page.status_code == 200 and "Check your email" in page.get_data(as_text=True)
    user = user_with(RITA)
    assert user.role == Role.RESIDENT and user.email_confirmed_at is None
    assert signed_in_name(client) is None  # not signed in before confirming

    (mail,) = emails("account_confirm", RITA)
    confirm = link_in(mail)
    assert confirm.startswith("/citizen/account/confirm/")
    sent = email_out.build(mail.payload)
    assert sent["To"] == f"Rita Resident <{RITA}>" and "List-Unsubscribe" not in sent
    assert f"https://desk.test{confirm}" in sent.get_body(("plain",)).get_content()
    shown = client.get(confirm)
    assert shown.status_code == 200 and "Confirm my email" in shown.get_data(as_text=True)
    assert user_with(RITA).email_confirmed_at is None  # a GET (a mail scanner) changes nothing

    wrong = client.post(confirm, data={"password": "not my password"})
    assert wrong.status_code == 400 and "password" in wrong.get_data(as_text=True)
    done = client.post(confirm, data={"password": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/citizen/account")
    db.session.expire_all()
    assert user_with(RITA).email_confirmed_at is not None
    assert "Rita Resident" in signed_in_name(client)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.email_confirmed"))
    assert entry.object_id == user.id

    again = app.test_client().get(confirm)
    assert again.status_code == 400 and "does not work" in again.get_data(as_text=True)


def test_signed_in_with_the_password_a_resident_confirms_without_typing_it_again(app, client):
    sign_up(client)
    response = client.post("/auth/login", data={"email": RITA, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert "not confirmed yet" in signed_in_name(client)
    confirm = link_in(emails("account_confirm", RITA)[0])
    assert 'type="password"' not in client.get(confirm).get_data(as_text=True)
    assert client.post(confirm).status_code == 302
    db.session.expire_all()
    assert user_with(RITA).email_confirmed_at is not None
    assert "not confirmed yet" not in signed_in_name(client)


def test_a_staff_address_hears_only_of_password_sign_in(client, make_user):
    agent = make_user(Role.AGENT, email="ana@example.org")
    db.session.commit()
    assert sign_up(client, email=agent.email).status_code == 200
    (mail,) = emails("account_exists", agent.email)
    assert [label for label, _ in mail.payload["notice"]["actions"]] == ["Sign in"]
    assert db.session.get(User, agent.id).role == Role.AGENT


def test_sign_up_with_a_known_address_shows_the_same_page_and_mails_its_owner(
    app, client, resident
):
    known = sign_up(client, email=RITA, name="Someone Else", password="another password!")
    fresh = sign_up(app.test_client(), email="new@example.net")
    assert known.status_code == fresh.status_code == 200
    assert without(known, RITA) == without(fresh, "new@example.net")

    db.session.expire_all()
    assert user_with(RITA).name == "Rita Resident"  # nothing about the account changed
    assert emails("account_confirm", RITA) == []
    (mail,) = emails("account_exists", RITA)
    assert link_in(mail, 0) == "/auth/login" and link_in(mail, 1) == "/citizen/account/link"
    assert len(emails("account_confirm", "new@example.net")) == 1


def test_sign_up_form_errors_are_shown_and_nothing_is_created(app, client):
    response = sign_up(client, again="something different")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in html
    assert "The two passwords are not the same." in html
    short = sign_up(client, password="short")
    assert short.status_code == 400 and "Use 8 to 200 characters." in short.get_data(as_text=True)
    assert user_with(RITA) is None
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


# --- sign-in links -----------------------------------------------------------------------------


def test_a_sign_in_link_works_once(app, client, resident):
    asked = client.post("/citizen/account/link", data={"email": "RITA@example.net"})
    assert asked.status_code == 200 and "Check your email" in asked.get_data(as_text=True)
    (mail,) = emails("account_sign_in", RITA)
    path = link_in(mail)

    page = client.get(path)
    assert page.status_code == 200 and ">Sign in</button>" in page.get_data(as_text=True)
    assert signed_in_name(client) is None  # following the link alone signs nobody in
    used = client.post(path)
    assert used.status_code == 302 and used.headers["Location"].endswith("/citizen/account")
    assert "Rita Resident" in signed_in_name(client)
    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "user.signed_in_by_link")
    )

    other = app.test_client()
    for response in (other.get(path), other.post(path)):
        assert response.status_code == 400
        assert "used already" in response.get_data(as_text=True)
    assert signed_in_name(other) is None


def test_an_unknown_address_gets_the_same_answer_and_no_email(app, client, resident):
    known = client.post("/citizen/account/link", data={"email": RITA})
    unknown = client.post("/citizen/account/link", data={"email": "nobody@example.net"})
    assert known.status_code == unknown.status_code == 200
    assert without(known, RITA) == without(unknown, "nobody@example.net")
    assert emails("account_sign_in", "nobody@example.net") == []


def test_expired_and_forged_links_are_refused_with_a_message(app, client, resident):
    secret = app.config["SECRET_KEY"]
    old = residents.sign_in_token(resident, secret=secret, now=utcnow() - timedelta(minutes=31))
    stale = residents.confirmation_token(resident, secret=secret, now=utcnow() - timedelta(days=4))
    db.session.commit()
    for path in (f"/citizen/account/link/{old}", f"/citizen/account/confirm/{stale}"):
        for response in (client.get(path), client.post(path, data={"password": NEW_PASSWORD})):
            assert response.status_code == 400
            assert "expired" in response.get_data(as_text=True)
    for junk in ("x", "eyJ1IjoxfQ.forged", "a" * 600):
        response = client.post(f"/citizen/account/link/{junk}")
        assert response.status_code == 400 and "does not work" in response.get_data(as_text=True)
    assert signed_in_name(client) is None


def test_a_link_confirms_an_unconfirmed_account_and_removes_its_earlier_password(app, client):
    """Whoever signed up with someone else's address keeps no way into the account."""
    sign_up(app.test_client(), password="the squatter's password")
    client.post("/citizen/account/link", data={"email": RITA})
    client.post(link_in(emails("account_sign_in", RITA)[0]))
    db.session.expire_all()
    user = user_with(RITA)
    assert user.email_confirmed_at is not None and user.password_hash is None
    refused = app.test_client().post(
        "/auth/login", data={"email": RITA, "password": "the squatter's password"}
    )
    assert refused.status_code == 401
    # The confirmation email sent at sign-up no longer works either.
    assert client.get(link_in(emails("account_confirm", RITA)[0])).status_code == 400


# --- the account page and claims ------------------------------------------------------------


def test_the_account_lists_own_reports_and_follows_with_tracking_links(
    app, client, login_as, resident, report, make_user
):
    mine = report(user=resident, subject="Pothole on Oak Avenue")
    neighbour = make_user(Role.RESIDENT, email="neighbour@example.net")
    theirs = report(user=neighbour, subject="Graffiti on the library")
    followed = report(email="someone@example.net", subject="Fallen tree in the park")
    tickets.add_supporter(followed, user=resident)
    db.session.commit()

    html = login_as(resident).get("/citizen/account").get_data(as_text=True)
    assert mine.reference in html and "Pothole on Oak Avenue" in html
    assert followed.reference in html and "Fallen tree in the park" in html
    assert theirs.reference not in html and "Graffiti" not in html
    assert "someone@example.net" not in html

    token = tracking.token_for(mine, RITA, secret=app.config["SECRET_KEY"])
    assert f"/citizen/track/{token}" in html
    assert client.get(f"/citizen/track/{token}").status_code == 200


def test_visitors_are_sent_to_sign_in(client):
    for path in ("/citizen/account", "/citizen/account/data", "/citizen/account/delete"):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login?next=" in response.headers["Location"]


def test_an_unconfirmed_account_cannot_claim(client, login_as, resident, report):
    resident.email_confirmed_at = None
    anonymous = report(email=RITA, subject="Dark streetlight")
    db.session.commit()
    login_as(resident)
    assert "Dark streetlight" not in client.get("/citizen/account").get_data(as_text=True)
    response = client.post("/citizen/account/claim", data={"ticket_id": anonymous.id})
    assert response.status_code == 302
    page = client.get("/citizen/account").get_data(as_text=True)
    assert "Confirm your email address first" in page
    db.session.expire_all()
    assert db.session.get(Ticket, anonymous.id).requester_id is None


def test_claiming_makes_the_resident_the_requester_and_is_audited(
    client, login_as, resident, report
):
    anonymous = report(email="Rita@Example.net", subject="Dark streetlight")
    other = report(email="someone@example.net", subject="Broken bench")
    login_as(resident)
    html = client.get("/citizen/account").get_data(as_text=True)
    assert "Reports you made without an account" in html and "Dark streetlight" in html
    assert "Broken bench" not in html

    response = client.post("/citizen/account/claim", data={"ticket_id": anonymous.id})
    assert response.status_code == 302
    db.session.expire_all()
    claimed = db.session.get(Ticket, anonymous.id)
    assert claimed.requester_id == resident.id
    event = db.session.scalars(
        select(TicketEvent).where(
            TicketEvent.ticket_id == claimed.id, TicketEvent.kind == EventKind.REQUESTER_CHANGED
        )
    ).one()
    assert event.actor_id == resident.id and event.is_internal
    html = client.get("/citizen/account").get_data(as_text=True)
    assert "is now in your account" in html
    assert "Reports you made without an account" not in html

    client.post("/citizen/account/claim", data={"ticket_id": other.id})
    client.post("/citizen/account/claim", data={"ticket_id": "987654"})
    db.session.expire_all()
    assert db.session.get(Ticket, other.id).requester_id is None


# --- privacy ------------------------------------------------------------------------------------


def test_the_data_download_holds_their_reports_and_nobody_elses_data(
    client, login_as, resident, report, make_user, make_team
):
    team = make_team("Public Works")
    agent = make_user(Role.AGENT, teams=[team], name="Ana Agent")
    mine = report(user=resident, subject="Pothole on Oak Avenue", contact_phone="555-0101")
    mine.team = team
    tickets.add_reply(mine, "It is deep, please hurry.", actor=resident, channel=Channel.EMAIL)
    tickets.add_reply(mine, "We will fill it this week.", actor=agent, channel=Channel.AGENT)
    tickets.add_internal_note(mine, "Crew B owes us a favour.", actor=agent)
    neighbour = make_user(Role.RESIDENT, email="neighbour@example.net", name="Nora Neighbour")
    report(user=neighbour, subject="Graffiti on the library")
    db.session.commit()

    response = login_as(resident).get("/citizen/account/data")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == RITA
    (exported,) = data["reports"]
    assert exported["reference"] == mine.reference and exported["subject"].startswith("Pothole")
    assert exported["contact"]["phone"] == "555-0101"
    assert [m["from"] for m in exported["conversation"]] == ["you", "service desk"]
    assert [m["body"] for m in data["messages"]] == ["It is deep, please hurry."]
    text = response.get_data(as_text=True)
    for secret in ("Crew B", "Graffiti", "neighbour@example.net", "Nora", "Ana Agent"):
        assert secret not in text


def test_deleting_the_account_anonymises_it_and_keeps_the_reports(
    app, client, login_as, resident, report
):
    mine = report(user=resident, subject="Pothole on Oak Avenue", contact_phone="555-0101")
    followed = report(email="someone@example.net", subject="Fallen tree")
    tickets.add_supporter(followed, user=resident)
    token = tracking.token_for(mine, RITA, secret=app.config["SECRET_KEY"])
    db.session.commit()
    login_as(resident)
    page = client.get("/citizen/account/delete")
    assert page.status_code == 200 and "Yes, delete my account" in page.get_data(as_text=True)

    response = client.post("/citizen/account/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/citizen/")
    db.session.expire_all()
    user = db.session.get(User, resident.id)
    assert (user.name, user.email) == ("Former resident", f"deleted-{user.id}@invalid")
    assert user.password_hash is None and not user.is_active_account
    kept = db.session.get(Ticket, mine.id)
    assert kept.subject == "Pothole on Oak Avenue" and kept.requester_id == user.id
    assert kept.contact_phone == "" and kept.contact_email == ""
    assert db.session.scalar(select(Subscription).where(Subscription.user_id == user.id)) is None
    assert db.session.scalar(select(TrackingToken).where(TrackingToken.email == RITA)) is None
    assert client.get(f"/citizen/track/{token}").status_code == 404
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deleted"))
    assert entry.object_id == user.id and RITA not in entry.summary

    assert signed_in_name(client) is None  # signed out
    login = client.post("/auth/login", data={"email": RITA, "password": PASSWORD})
    assert login.status_code == 401
    assert client.post("/citizen/account/link", data={"email": RITA}).status_code == 200
    assert emails("account_sign_in", RITA) == []


# --- who may, and the guards ------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.AGENT, Role.ADMIN, Role.EMPLOYEE])
def test_staff_and_employees_are_refused(client, login_as, make_user, role):
    user = make_user(role)
    db.session.commit()
    login_as(user)
    for path in (
        "/citizen/account",
        "/citizen/account/new",
        "/citizen/account/link",
        "/citizen/account/data",
        "/citizen/account/delete",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "for residents" in response.get_data(as_text=True)
    assert client.post("/citizen/account/delete").status_code == 403
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active_account


def test_account_forms_need_a_csrf_token(app, client, resident):
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/citizen/account/link", data={"email": RITA}).status_code == 400
    assert sign_up(client, email="new@example.net").status_code == 400
    assert emails("account_sign_in", RITA) == [] and user_with("new@example.net") is None


def test_account_writes_are_rate_limited(app, client):
    app.config["PUBLIC_WRITE_LIMIT"] = "2 per minute"
    limiter.reset()
    statuses = [
        client.post("/citizen/account/link", data={"email": RITA}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    limiter.reset()
