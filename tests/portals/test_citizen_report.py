"""The citizen portal's report flow, without JavaScript: what is it -> answers -> the form ->
the tracking page; nearby open reports and "me too"; the bot checks; what a resident sees."""

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.notifications.models import OutboxMessage
from servicedesk.tickets import service as tickets
from servicedesk.tickets.attachments import path_of
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import (
    Attachment,
    Audience,
    CatalogItem,
    Channel,
    Subscription,
    Ticket,
)
from servicedesk.tickets.nearby import distance_m, supporter_counts

# Riverton's Oak Avenue; 30 m and 200 m further north.
OAK_AVE = (40.7128, -74.0060)
NEXT_DOOR = (40.71307, -74.0060)
FAR_AWAY = (40.7146, -74.0060)


@pytest.fixture
def city(app, make_team, make_category, sla_policy):
    app.config["REPORT_MIN_SECONDS"] = 0  # tests fill the form faster than a person
    works = make_team("Public Works")
    lights = make_category("Streetlights", audience=Audience.RESIDENTS, default_team=works)
    staff_only = make_category("Laptops", audience=Audience.EMPLOYEES)
    item = CatalogItem(
        name="Pothole",
        category=make_category("Roads", audience=Audience.RESIDENTS, default_team=works),
        audience=Audience.RESIDENTS,
        form_schema=[
            {"name": "size", "label": "How big is it?", "type": "choice", "required": True,
             "choices": ["Small", "Large"]},
        ],
    )  # fmt: skip
    db.session.add(item)
    db.session.commit()
    return {"works": works, "lights": lights, "staff_only": staff_only, "item": item}


def form_page(client, topic: str, what: str = "Streetlight out") -> str:
    response = client.get(f"/citizen/report/new?topic={topic}&what={what}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def started_token(html: str) -> str:
    return re.search(r'name="started"[^>]*value="([^"]+)"', html).group(1)


def report(client, topic: str, **fields):
    html = form_page(client, topic)
    data = {"subject": "Streetlight out on Oak Avenue", "started": started_token(html)} | fields
    return client.post(f"/citizen/report/new?topic={topic}", data=data)


def only_ticket() -> Ticket:
    return db.session.scalars(select(Ticket)).one()


def test_the_home_page_starts_with_search_and_resident_topics(client, city):
    assert client.get("/").headers["Location"].endswith("/citizen/")
    html = client.get("/citizen/").get_data(as_text=True)
    assert 'role="search"' in html and "Report a problem" in html
    assert "Streetlights" in html and "Pothole" in html
    assert "Laptops" not in html  # an employees' category is not for residents


def test_step_one_asks_for_a_topic_and_a_few_words(client, city):
    response = client.get("/citizen/report/answers?topic=&what=")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose what your report is about." in html
    assert "Say in a few words what the problem is." in html
    refused = client.get(f"/citizen/report/answers?topic=c{city['staff_only'].id}&what=broken")
    assert refused.status_code == 400


def test_without_a_matching_answer_step_two_goes_straight_to_the_form(client, city):
    lights = city["lights"].id
    response = client.get(f"/citizen/report/answers?topic=c{lights}&what=zzzqqq")
    assert response.status_code == 302
    assert f"/citizen/report/new?topic=c{lights}" in response.headers["Location"]


def test_a_report_lands_on_its_tracking_page_and_in_the_queue(client, city):
    response = report(
        client, f"c{city['lights'].id}", description="Dark since Monday.",
        address="12 Oak Avenue", name="Rosa Resident", email="Rosa@Example.net",
        phone="555 0100",
    )  # fmt: skip
    assert response.status_code == 302
    assert "/citizen/track/" in response.headers["Location"]
    ticket = only_ticket()
    assert ticket.channel == Channel.CITIZEN_PORTAL
    assert ticket.team == city["works"]  # routed like any other ticket
    assert (ticket.contact_email, ticket.contact_phone) == ("rosa@example.net", "555 0100")
    assert ticket.location_address == "12 Oak Avenue"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ticket.reference in page and "private tracking link" in page
    sent = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert "rosa@example.net" in sent  # the link goes out by email too


def test_an_anonymous_report_still_gets_its_tracking_link(client, city):
    response = report(client, f"c{city['lights'].id}", description="Flickering all night.")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Flickering all night." in page  # the reporter reads what they sent


def test_a_request_type_s_own_fields_are_asked_and_checked(client, city):
    topic = f"i{city['item'].id}"
    assert "How big is it?" in form_page(client, topic)
    refused = report(client, topic)
    assert refused.status_code == 400
    assert "How big is it?" in refused.get_data(as_text=True)
    assert report(client, topic, f_size="Large").status_code == 302
    assert only_ticket().field_values == {"size": "Large"}


def test_open_reports_nearby_are_offered_before_filing(client, city):
    topic = f"c{city['lights'].id}"
    first = report(client, topic, lat=str(OAK_AVE[0]), lon=str(OAK_AVE[1]), address="Oak Ave")
    assert first.status_code == 302
    second = report(client, topic, lat=str(NEXT_DOOR[0]), lon=str(NEXT_DOOR[1]))
    assert second.status_code == 200  # shown again, with the nearby report
    html = second.get_data(as_text=True)
    assert "Open reports nearby" in html and "about 30 m away" in html
    assert "Mine is a different problem" in html
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 1
    # Confirming it is a different problem files it.
    third = report(client, topic, lat=str(NEXT_DOOR[0]), lon=str(NEXT_DOOR[1]), nearby_seen="1")
    assert third.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 2


def test_reports_further_away_or_of_another_kind_are_not_offered(client, city):
    lights, roads = f"c{city['lights'].id}", f"c{city['item'].category.id}"
    report(client, lights, lat=str(OAK_AVE[0]), lon=str(OAK_AVE[1]))
    assert report(client, lights, lat=str(FAR_AWAY[0]), lon=str(FAR_AWAY[1])).status_code == 302
    assert report(client, roads, lat=str(OAK_AVE[0]), lon=str(OAK_AVE[1])).status_code == 302
    assert round(distance_m(*OAK_AVE, *NEXT_DOOR)) == 30


def test_me_too_follows_the_report_and_counts_as_a_supporter(client, city):
    report(client, f"c{city['lights'].id}", lat=str(OAK_AVE[0]), lon=str(OAK_AVE[1]),
           email="rosa@example.net")  # fmt: skip
    ticket = only_ticket()
    response = client.post(
        f"/citizen/report/me-too/{ticket.id}", data={"email": "neighbour@example.net"}
    )
    assert response.status_code == 302 and "/citizen/track/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "rosa@example.net" not in page  # a follower never sees the reporter's details
    anonymous = client.post(f"/citizen/report/me-too/{ticket.id}", data={"email": ""})
    assert anonymous.status_code == 302
    assert supporter_counts([ticket.id]) == {ticket.id: 2}
    again = client.post(
        f"/citizen/report/me-too/{ticket.id}", data={"email": "neighbour@example.net"}
    )
    assert again.status_code == 302
    assert supporter_counts([ticket.id]) == {ticket.id: 2}  # the same neighbour counts once
    followers = db.session.scalars(select(Subscription.email)).all()
    assert "neighbour@example.net" in followers


def test_me_too_on_a_closed_report_is_refused_politely(client, city, make_user):
    report(client, f"c{city['lights'].id}")
    ticket = only_ticket()
    agent = make_user(Role.ADMIN)
    tickets.change_status(ticket, Status.CANCELLED, actor=agent)
    db.session.commit()
    response = client.post(f"/citizen/report/me-too/{ticket.id}", data={"email": ""})
    assert response.status_code == 302
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "no longer open" in follow
    assert client.post("/citizen/report/me-too/999999", data={}).status_code == 404


def test_the_honeypot_and_a_too_fast_submission_are_refused(app, client, city):
    topic = f"c{city['lights'].id}"
    assert report(client, topic, homepage="http://spam.example").status_code == 400
    app.config["REPORT_MIN_SECONDS"] = 60
    too_fast = report(client, topic)
    assert too_fast.status_code == 400
    assert "send it again" in too_fast.get_data(as_text=True)
    forged = client.post(
        f"/citizen/report/new?topic={topic}", data={"subject": "x", "started": "forged"}
    )
    assert forged.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 0


def test_field_limits_and_a_bad_email_are_form_errors(client, city):
    response = report(client, f"c{city['lights'].id}", subject="x" * 201, email="not-an-email")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "name@example.org" in html
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 0


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "orange")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (40.0, 42.0, 46.0), 3: "W", 4: (74.0, 0.0, 21.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_a_photo_is_kept_without_its_location_data(client, city):
    photo = (io.BytesIO(jpeg_with_gps()), "IMG_0042.jpg")
    response = report(client, f"c{city['lights'].id}", photo=photo)
    assert response.status_code == 302
    attachment = db.session.scalars(select(Attachment)).one()
    assert attachment.content_type == "image/jpeg"
    with Image.open(path_of(attachment, client.application.config["UPLOAD_FOLDER"])) as stored:
        assert stored.getexif().get_ifd(0x8825) == {}  # no GPS
        assert len(stored.getexif()) == 0


def test_a_file_that_is_not_a_photo_is_refused_with_a_message(client, city):
    fake = (io.BytesIO(b"<html><script>alert(1)</script></html>"), "cat.jpg")
    response = report(client, f"c{city['lights'].id}", photo=fake)
    assert response.status_code == 400
    assert "Photo" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 0


def test_the_form_says_how_long_it_usually_takes(client, city, make_user):
    html = form_page(client, f"c{city['lights'].id}")
    assert "Our target is to resolve reports like this within" in html
    agent = make_user(Role.ADMIN)
    for _ in range(10):
        ticket = tickets.open_ticket(
            actor=agent,
            channel=Channel.AGENT,
            subject="Dark lamp",
            category=city["lights"],
            now=tickets.utcnow() - timedelta(days=5),
        )
        tickets.change_status(
            ticket, Status.RESOLVED, actor=agent, now=tickets.utcnow() - timedelta(days=3)
        )
    db.session.commit()
    html = form_page(client, f"c{city['lights'].id}")
    assert "Most reports like this are resolved within 2 days" in html


def test_agents_see_how_many_residents_said_me_too(client, city, make_user, login_as):
    report(client, f"c{city['lights'].id}", phone="555 0100")
    ticket = only_ticket()
    for email in ("a@example.net", "b@example.net"):
        client.post(f"/citizen/report/me-too/{ticket.id}", data={"email": email})
    agent = make_user(Role.AGENT, teams=[city["works"]])
    db.session.commit()
    staff = login_as(agent)
    assert "+2 me too" in staff.get("/agent/?view=all").get_data(as_text=True)
    page = staff.get(f"/agent/tickets/{ticket.id}").get_data(as_text=True)
    assert "2 other people reported the same problem" in page and "555 0100" in page


def test_map_tiles_may_load_from_the_configured_tile_server_only(client, city):
    response = client.get(f"/citizen/report/new?topic=c{city['lights'].id}")
    policy = response.headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    html = response.get_data(as_text=True)
    assert 'id="report-map"' in html and 'data-tile-url="https://tile.openstreetmap.org/' in html
    assert 'id="lat"' in html and 'id="lon"' in html and 'id="use-my-location"' in html


def test_every_page_links_to_the_accessibility_statement(client, city):
    home = client.get("/citizen/").get_data(as_text=True)
    assert 'href="/citizen/accessibility"' in home
    statement = client.get("/citizen/accessibility").get_data(as_text=True)
    assert "WCAG" in statement and "report it like any other problem" in statement
