"""The private tracking page: a requester follows, answers, confirms, reopens and rates."""

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from servicedesk import signals
from servicedesk.accounts.models import Role
from servicedesk.errors import InvalidTransition, PermissionDenied, ValidationError
from servicedesk.extensions import db, limiter
from servicedesk.tickets import service as tickets
from servicedesk.tickets import tracking
from servicedesk.tickets.attachments import UploadRules
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import (
    Channel,
    EventKind,
    SatisfactionRating,
    TicketEvent,
)

from ..conftest import TUESDAY_10AM_NY

RESIDENT = "resident@example.net"
LATER = TUESDAY_10AM_NY + timedelta(hours=1)


@pytest.fixture
def desk(make_team, make_user, make_category, sla_policy):
    team = make_team("Public Works")
    return {
        "team": team,
        "agent": make_user(Role.AGENT, teams=[team], name="Ana Agent"),
        "category": make_category("Streetlights"),
    }


@pytest.fixture
def ticket(desk):
    ticket = tickets.open_ticket(
        actor=None,
        channel=Channel.CITIZEN_PORTAL,
        subject="Streetlight out on Elm St",
        description="The lamp outside number 12 has been dark for a week.",
        contact_name="Rita Resident",
        contact_email=RESIDENT,
        category=desk["category"],
        location={"address": "12 Elm St"},
        now=TUESDAY_10AM_NY,
    )
    ticket.team = desk["team"]
    db.session.flush()
    return ticket


@pytest.fixture
def link(app, ticket):
    def make(email=RESIDENT, for_ticket=None):
        token = tracking.token_for(
            for_ticket or ticket, email, secret=app.config["SECRET_KEY"], now=TUESDAY_10AM_NY
        )
        db.session.commit()
        return f"/citizen/track/{token}"

    return make


def resolve(ticket, agent):
    tickets.change_status(ticket, Status.RESOLVED, actor=agent, now=LATER)
    db.session.commit()


def events_of(ticket) -> list[TicketEvent]:
    return list(
        db.session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)
        )
    )


def ratings_of(ticket) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(SatisfactionRating)
        .where(SatisfactionRating.ticket_id == ticket.id)
    )


def file_rules(app) -> UploadRules:
    return UploadRules(
        folder=app.config["UPLOAD_FOLDER"], max_bytes=10_000, allowed_extensions=frozenset({"pdf"})
    )


# --- reading -------------------------------------------------------------------------------


def test_page_shows_status_details_and_public_messages_but_no_internal_notes(
    app, client, desk, ticket, link
):
    agent = desk["agent"]
    reply = tickets.add_reply(ticket, "A crew is booked for Thursday.", actor=agent, now=LATER)
    note = tickets.add_internal_note(ticket, "Caller sounded furious; lamp 4411.", actor=agent)
    for message, name in ((reply, "crew-schedule.pdf"), (note, "internal-costing.pdf")):
        tickets.add_attachment(
            ticket,
            filename=name,
            content_type="application/pdf",
            data=b"%PDF-1.4 test",
            rules=file_rules(app),
            actor=agent,
            message=message,
        )
    db.session.commit()
    response = client.get(link())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert response.headers["Cache-Control"] == "private, no-store"
    for shown in (
        ticket.reference,
        "Streetlight out on Elm St",
        "Streetlights",  # the category
        "Status: Open",  # in words, not only a colour
        "12 Elm St",
        "dark for a week",
        "A crew is booked for Thursday.",
        "Ana Agent, City service desk",
        "crew-schedule.pdf",
        "Expected resolution",
    ):
        assert shown in page, shown
    for hidden in ("furious", "lamp 4411", "internal-costing.pdf", "internal note", "Routed"):
        assert hidden not in page, hidden
    internal_file = next(a for a in ticket.attachments if a.is_internal)
    public_file = next(a for a in ticket.attachments if not a.is_internal)
    assert client.get(f"{link()}/files/{internal_file.id}").status_code == 404
    download = client.get(f"{link()}/files/{public_file.id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 test"
    download.close()


def test_expected_resolution_says_we_will_tell_you_without_a_due_time(client, ticket, link):
    ticket.resolution_due_at = None
    db.session.commit()
    assert "We will tell you as soon as we know." in client.get(link()).get_data(as_text=True)


def test_page_never_shows_what_other_residents_wrote_in_merged_reports(client, desk, ticket, link):
    other = tickets.open_ticket(
        actor=None,
        channel=Channel.EMAIL,
        subject="Dark lamp",
        contact_email="neighbour@example.org",
        contact_name="Ned Neighbour",
        now=TUESDAY_10AM_NY,
    )
    other.team = desk["team"]
    tickets.add_reply(
        other, "Call me on 555-0100.", actor=None, author_email="neighbour@example.org"
    )
    tickets.merge(other, ticket, actor=desk["agent"], now=LATER)
    db.session.commit()
    page = client.get(link()).get_data(as_text=True)
    assert "555-0100" not in page
    assert "neighbour@example.org" not in page and "Ned Neighbour" not in page
    # The neighbour follows the merged request now: they see their own words, not Rita's.
    theirs = client.get(link("neighbour@example.org")).get_data(as_text=True)
    assert "Call me on 555-0100." in theirs
    assert "dark for a week" not in theirs and RESIDENT not in theirs
    # Their link to the old request says where it went.
    old = client.get(link("neighbour@example.org", for_ticket=other)).get_data(as_text=True)
    assert f"joined this request with request {ticket.reference}" in old


@pytest.mark.parametrize("suffix", ["", "/stop", "/files/1"])
def test_unknown_link_answers_a_friendly_404(client, ticket, suffix):
    response = client.get(f"/citizen/track/not-a-real-token{suffix}")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "This link does not work" in page and ticket.subject not in page


def test_stop_following_asks_first_then_revokes_the_link(client, ticket, link):
    url = link()
    confirm = client.get(f"{url}/stop")
    assert confirm.status_code == 200 and "Yes, turn off this link" in confirm.text
    assert client.get(url).status_code == 200  # asking changed nothing
    response = client.post(f"{url}/stop", follow_redirects=True)
    assert response.status_code == 200
    assert f"You stopped following {ticket.reference}" in response.text
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/reply", data={"body": "Hello?"}).status_code == 404
    assert [m for m in ticket.messages if m.body == "Hello?"] == []


# --- replying ------------------------------------------------------------------------------


def test_reply_is_a_public_message_by_the_contact_and_wakes_a_waiting_ticket(
    client, desk, ticket, link
):
    tickets.change_status(ticket, Status.WAITING, actor=desk["agent"], now=LATER)
    db.session.commit()
    before = len(events_of(ticket))
    response = client.post(f"{link()}/reply", data={"body": "The pole is number 4411."})
    assert response.status_code == 302
    db.session.expire_all()
    message = ticket.messages[-1]
    assert (message.body, message.is_internal) == ("The pole is number 4411.", False)
    assert (message.author_id, message.author_email) == (None, RESIDENT)
    assert message.channel == Channel.CITIZEN_PORTAL
    assert ticket.status == Status.OPEN
    events = events_of(ticket)
    assert len(events) == before + 1
    assert (events[-1].kind, events[-1].old_value, events[-1].new_value) == (
        EventKind.REPLIED,
        Status.WAITING,
        Status.OPEN,
    )
    page = client.get(response.headers["Location"]).text
    assert "your message was sent" in page and "The pole is number 4411." in page


def test_reply_from_a_link_of_a_requester_with_an_account_is_theirs(client, desk, make_user, link):
    resident = make_user(Role.RESIDENT, email="rosa@example.net", name="Rosa Resident")
    own = tickets.open_ticket(
        actor=resident, requester=resident, channel=Channel.CITIZEN_PORTAL, subject="Pothole"
    )
    response = client.post(f"{link('rosa@example.net', for_ticket=own)}/reply", data={"body": "Hi"})
    assert response.status_code == 302
    db.session.expire_all()
    assert own.messages[-1].author_id == resident.id


def test_empty_reply_is_refused_at_the_field(client, ticket, link):
    response = client.post(f"{link()}/reply", data={"body": "  "})
    assert response.status_code == 400
    assert 'id="reply-body-error"' in response.text and 'aria-invalid="true"' in response.text


def test_a_photo_can_go_with_a_reply_or_alone(client, ticket, link):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    photo = (io.BytesIO(buffer.getvalue()), "IMG_1.png")
    response = client.post(f"{link()}/reply", data={"body": "", "photo": photo})
    assert response.status_code == 302
    db.session.expire_all()
    message = ticket.messages[-1]
    assert [a.filename for a in message.attachments] == ["photo.png"]
    assert not message.attachments[0].is_internal
    page = client.get(response.headers["Location"]).text
    assert "photo.png" in page  # the resident sees what they sent

    fake = (io.BytesIO(b"%PDF-1.4 not a photo"), "pic.jpg")
    refused = client.post(f"{link()}/reply", data={"body": "And this", "photo": fake})
    assert refused.status_code == 400
    assert "not a picture we can read" in refused.text


# --- resolution: confirm, reopen -----------------------------------------------------------


def test_confirm_closes_a_resolved_ticket_and_is_audited(client, desk, ticket, link):
    resolve(ticket, desk["agent"])
    page = client.get(link()).text
    assert 'id="resolution"' in page and 'id="rating"' in page
    before = len(events_of(ticket))
    response = client.post(f"{link()}/confirm", follow_redirects=True)
    assert response.status_code == 200 and "your request is now closed" in response.text
    db.session.expire_all()
    assert ticket.status == Status.CLOSED and ticket.closed_at is not None
    events = events_of(ticket)
    assert len(events) == before + 1
    last = events[-1]
    assert (last.kind, last.old_value, last.new_value) == (
        EventKind.STATUS_CHANGED,
        Status.RESOLVED,
        Status.CLOSED,
    )
    assert "tracking link" in last.detail and last.actor_id is None


def test_reopen_reopens_with_the_reason_as_a_public_message(client, desk, ticket, link):
    resolve(ticket, desk["agent"])
    before = len(events_of(ticket))
    response = client.post(f"{link()}/reopen", data={"body": "Still dark tonight."})
    assert response.status_code == 302
    db.session.expire_all()
    assert ticket.status == Status.OPEN and ticket.resolved_at is None
    message = ticket.messages[-1]
    assert (message.body, message.is_internal, message.author_email) == (
        "Still dark tonight.",
        False,
        RESIDENT,
    )
    events = events_of(ticket)
    assert len(events) == before + 1
    assert (events[-1].kind, events[-1].old_value, events[-1].new_value) == (
        EventKind.REPLIED,
        Status.RESOLVED,
        Status.OPEN,
    )


def test_reopen_without_a_reason_is_refused_and_keeps_the_ticket_resolved(
    client, desk, ticket, link
):
    resolve(ticket, desk["agent"])
    response = client.post(f"{link()}/reopen", data={"body": ""})
    assert response.status_code == 400
    assert "Tell us what is still wrong" in response.text
    db.session.expire_all()
    assert ticket.status == Status.RESOLVED


@pytest.mark.parametrize(
    ("action", "data", "words"),
    [
        ("confirm", {}, "not resolved"),
        ("reopen", {"body": "Still broken"}, "not resolved"),
        ("rate", {"score": "5"}, "once the request is resolved"),
    ],
)
def test_resolution_actions_on_an_open_ticket_are_refused_with_a_message(
    client, ticket, link, action, data, words
):
    before = len(events_of(ticket))
    response = client.post(f"{link()}/{action}", data=data)
    assert response.status_code == 409
    assert words in response.text and "We could not do that" in response.text
    db.session.expire_all()
    assert ticket.status == Status.NEW and len(events_of(ticket)) == before
    assert ratings_of(ticket) == 0


def test_a_closed_ticket_takes_no_reply_and_no_reopening(client, desk, ticket, link):
    resolve(ticket, desk["agent"])
    tickets.change_status(ticket, Status.CLOSED, actor=desk["agent"], now=LATER)
    db.session.commit()
    page = client.get(link()).text
    assert 'id="reply"' not in page and 'id="resolution"' not in page
    assert client.post(f"{link()}/reply", data={"body": "Hi"}).status_code == 409
    refused = client.post(f"{link()}/reopen", data={"body": "Broken again"})
    assert refused.status_code == 409 and "make a new request" in refused.text


# --- rating --------------------------------------------------------------------------------


def test_rating_is_stored_once_and_a_second_is_refused(client, desk, ticket, link):
    resolve(ticket, desk["agent"])
    before = len(events_of(ticket))
    response = client.post(
        f"{link()}/rate", data={"score": "4", "comment": "Quick\x07 fix, thanks!"}
    )
    assert response.status_code == 302
    rating = db.session.scalar(select(SatisfactionRating))
    assert (rating.ticket_id, rating.score, rating.comment) == (ticket.id, 4, "Quick fix, thanks!")
    events = events_of(ticket)
    assert len(events) == before + 1
    assert (events[-1].kind, events[-1].new_value) == (EventKind.RATED, "4")
    assert "You rated our service 4 out of 5" in client.get(link()).text
    again = client.post(f"{link()}/rate", data={"score": "1"})
    assert again.status_code == 409 and "already" in again.text
    assert ratings_of(ticket) == 1 and len(events_of(ticket)) == before + 1


@pytest.mark.parametrize("score", ["0", "6", "-1", "abc", "", "4.5"])
def test_rating_out_of_range_is_refused(client, desk, ticket, link, score):
    resolve(ticket, desk["agent"])
    response = client.post(f"{link()}/rate", data={"score": score})
    assert response.status_code == 400
    assert "Choose a rating from 1" in response.text and 'id="score-error"' in response.text
    assert ratings_of(ticket) == 0


def test_rating_form_is_accessible_without_javascript(client, desk, ticket, link):
    resolve(ticket, desk["agent"])
    page = client.get(link()).text
    assert "<fieldset" in page and "<legend>Rate our service" in page
    for score in range(1, 6):
        assert f'<label class="option" for="score-{score}">' in page
        assert f'type="radio" id="score-{score}" name="score" value="{score}"' in page
    assert '<label for="rating-comment">' in page


def test_a_closed_ticket_can_still_be_rated(client, desk, ticket, link):
    resolve(ticket, desk["agent"])
    assert client.post(f"{link()}/confirm").status_code == 302
    assert client.post(f"{link()}/rate", data={"score": "5"}).status_code == 302
    assert ratings_of(ticket) == 1


# --- forms and limits ----------------------------------------------------------------------


def test_forms_need_the_csrf_token(app, client, ticket, link):
    app.config["WTF_CSRF_ENABLED"] = True
    url = link()
    page = client.get(url).text
    assert 'name="csrf_token"' in page
    assert client.post(f"{url}/reply", data={"body": "Hello"}).status_code == 400
    assert [m for m in ticket.messages if m.body == "Hello"] == []


def test_actions_are_rate_limited(app, client, ticket, link):
    app.config["PUBLIC_WRITE_LIMIT"] = "2 per minute"
    limiter.reset()
    url = f"{link()}/reply"
    statuses = [client.post(url, data={"body": f"Hello {n}"}).status_code for n in range(3)]
    assert statuses == [302, 302, 429]


# --- the service verbs ---------------------------------------------------------------------


def test_requester_verbs_send_the_status_signal_like_the_agent_verbs(desk, ticket):
    heard = []

    def receiver(sender, **kwargs):
        heard.append((sender.id, kwargs["old"], kwargs["new"]))

    resolve(ticket, desk["agent"])
    with signals.ticket_status_changed.connected_to(receiver):
        tickets.reopen(
            ticket, "Not fixed", actor=None, author_email=RESIDENT, channel=Channel.EMAIL
        )
        tickets.change_status(ticket, Status.RESOLVED, actor=desk["agent"])
        tickets.confirm_resolution(ticket, actor=None, via="email")
    assert heard == [
        (ticket.id, Status.RESOLVED, Status.OPEN),
        (ticket.id, Status.OPEN, Status.RESOLVED),
        (ticket.id, Status.RESOLVED, Status.CLOSED),
    ]


def test_only_the_requesters_own_account_may_act_as_requester(desk, make_user):
    resident = make_user(Role.RESIDENT)
    stranger = make_user(Role.RESIDENT)
    own = tickets.open_ticket(
        actor=resident, requester=resident, channel=Channel.CITIZEN_PORTAL, subject="Pothole"
    )
    tickets.change_status(own, Status.RESOLVED, actor=make_user(Role.ADMIN))
    for verb in (
        lambda actor: tickets.confirm_resolution(own, actor=actor, via="portal"),
        lambda actor: tickets.rate(own, 5, "", actor=actor),
        lambda actor: tickets.reopen(
            own, "No", actor=actor, author_email="", channel=Channel.CITIZEN_PORTAL
        ),
    ):
        with pytest.raises(PermissionDenied):
            verb(stranger)
        with pytest.raises(PermissionDenied):
            verb(desk["agent"])
    tickets.rate(own, 5, "Great", actor=resident)
    assert own.events[-1].actor == resident


def test_rating_comment_is_limited_and_a_score_is_a_number(desk, ticket):
    resolve(ticket, desk["agent"])
    with pytest.raises(ValidationError) as error:
        tickets.rate(ticket, 3, "x" * 2001, actor=None)
    assert "comment" in error.value.fields
    with pytest.raises(ValidationError):
        tickets.rate(ticket, True, "", actor=None)  # a bool is an int to Python, not a score
    assert ratings_of(ticket) == 0


def test_confirming_twice_is_refused(desk, ticket):
    resolve(ticket, desk["agent"])
    tickets.confirm_resolution(ticket, actor=None, via="email")
    with pytest.raises(InvalidTransition, match="closed already"):
        tickets.confirm_resolution(ticket, actor=None, via="email")


@pytest.mark.parametrize("resolved", [False, True])
@pytest.mark.parametrize("junk", ["", "x" * 60_000, "-1", "99999999999999999999", "²", "<script>"])
def test_no_input_produces_a_server_error(client, desk, ticket, link, resolved, junk):
    if resolved:
        resolve(ticket, desk["agent"])
    url = link()
    for action in ("reply", "confirm", "reopen", "rate"):
        response = client.post(
            f"{url}/{action}", data={"body": junk, "score": junk, "comment": junk}
        )
        assert response.status_code < 500, (action, response.status_code)
    assert client.get(f"{url}/files/{junk or 0}").status_code == 404
    assert client.get(f"/citizen/track/{junk}").status_code == 404


def test_links_survive_a_new_secret_key_and_new_notices_get_working_ones(app, client):
    ticket = tickets.open_ticket(
        actor=None, channel=Channel.CITIZEN_PORTAL, subject="Bench by the pond is broken",
        contact_email="rosa@example.net",
    )  # fmt: skip
    old = tracking.token_for(ticket, "rosa@example.net", secret="the-old-key")
    db.session.commit()
    new = tracking.token_for(ticket, "rosa@example.net", secret="a-rotated-key")
    db.session.commit()
    assert new != old
    for token in (old, new):
        assert client.get(f"/citizen/track/{token}").status_code == 200
    assert tracking.token_for(ticket, "rosa@example.net", secret="a-rotated-key") == new
