"""Email in: replies thread into their ticket, new mail opens one, machine mail is dropped.

The parser runs through ``email_in.receive`` (what both receivers call), then once end to end
through the real aiosmtpd receiver and once through ``servicedesk mail fetch`` against a real
IMAP server (Dovecot, started from a throwaway configuration).
"""

import grp
import imaplib
import os
import pwd
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from sqlalchemy import select

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.notifications import email_out, outbox
from servicedesk.notifications.email_in import Desk, receive
from servicedesk.notifications.mail_commands import smtp_receiver
from servicedesk.notifications.models import InboundEmail, InboundOutcome, OutboxKind
from servicedesk.tickets import service as tickets
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Attachment, Channel, Message, RoutingRule, Subscription
from servicedesk.tickets.models import Ticket as TicketModel

from ..conftest import missing_server

DESK = "desk@riverton.test"  # MAIL_FROM's address in tests/conftest.py
RESIDENT = "jane@example.net"


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def city(make_team, make_user, make_category, sla_policy):
    """Public Works gets streetlight mail through an ordinary routing rule."""
    works = make_team("Public Works")
    agent = make_user(Role.AGENT, teams=[works], email="agent@riverton.test")
    resident = make_user(Role.RESIDENT, email=RESIDENT, name="Jane Resident")
    lights = make_category("Streetlights")
    db.session.add(
        RoutingRule(name="Streetlights", position=10, keywords=["streetlight"], team=works)
    )
    db.session.flush()
    return {"works": works, "agent": agent, "resident": resident, "lights": lights}


@pytest.fixture
def resident_ticket(city, make_ticket):
    """Two tickets of the same resident: replies must find the right one, not the latest."""
    make_ticket(
        actor=city["resident"],
        requester=city["resident"],
        channel=Channel.CITIZEN_PORTAL,
        subject="Pothole on Elm St",
    )
    ticket = make_ticket(
        actor=city["resident"],
        requester=city["resident"],
        channel=Channel.CITIZEN_PORTAL,
        subject="Streetlight out on Main St",
        category=city["lights"],
    )
    make_ticket(
        actor=city["resident"],
        requester=city["resident"],
        channel=Channel.CITIZEN_PORTAL,
        subject="Graffiti on the library",
    )
    return ticket


@pytest.fixture
def deliver(app):
    """Receive a raw email the way the receivers do; return its log row."""

    def deliver(raw: bytes, **envelope) -> InboundEmail:
        row = receive(raw, Desk.from_config(app.config), source="smtp", **envelope)
        db.session.flush()
        return row

    return deliver


def email(
    *,
    sender=RESIDENT,
    to=DESK,
    subject="Re: Your request",
    body="The light is still out.",
    html=None,
    files=(),
    message_id=None,
    **headers,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="example.net")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    if body is not None:
        message.set_content(body)
    if html is not None:
        if body is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for filename, content_type, data in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def public_bodies(ticket) -> list[str]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(Message).where(Message.ticket_id == ticket.id).order_by(Message.id)
    )
    return [row.body for row in rows if not row.is_internal]


def ticket_count() -> int:
    return len(db.session.scalars(select(TicketModel.id)).all())


def reference_of_a_notice(ticket) -> str:
    """Queue a notice about *ticket* as email out does; return its Message-ID."""
    message_id = email_out.message_id_for(f"test-notice-{ticket.id}", "riverton.test")
    outbox.enqueue(
        kind=OutboxKind.EMAIL,
        key=f"test-notice-{ticket.id}",
        event="ticket.replied",
        recipient=RESIDENT,
        payload={},
        ticket_id=ticket.id,
        message_id=message_id,
    )
    db.session.flush()
    return message_id


# --- threading -----------------------------------------------------------------------------


def _in_reply_to_a_notice(ticket, app):
    return {"In_Reply_To": reference_of_a_notice(ticket)}


def _references_the_thread_id(ticket, app):
    thread = email_out.thread_id(ticket.reference, "riverton.test")
    return {"References": f"<unrelated@example.net> {thread}"}


def _in_reply_to_an_earlier_email(ticket, app):
    earlier = make_msgid(domain="example.net")
    tickets.add_reply(
        ticket, "First email.", actor=None, channel=Channel.EMAIL, email_message_id=earlier
    )
    return {"In_Reply_To": earlier}


def _signed_reply_address(ticket, app):
    address = email_out.reply_address(
        app.config["MAIL_FROM"], app.config["SECRET_KEY"], ticket.reference
    )
    return {"to": address}


def _reference_in_subject(ticket, app):
    return {"subject": f"RE: [{ticket.reference}] Streetlight out on Main St"}


@pytest.mark.parametrize(
    "clue",
    [
        _in_reply_to_a_notice,
        _references_the_thread_id,
        _in_reply_to_an_earlier_email,
        _signed_reply_address,
        _reference_in_subject,
    ],
)
def test_reply_becomes_a_public_message_on_its_ticket(clue, app, resident_ticket, deliver):
    fields = clue(resident_ticket, app)
    before = public_bodies(resident_ticket)
    row = deliver(email(body="It is still dark tonight.", **fields))
    assert row.outcome == InboundOutcome.REPLY and row.ticket_id == resident_ticket.id
    assert public_bodies(resident_ticket) == [*before, "It is still dark tonight."]
    posted = resident_ticket.messages[-1]
    assert posted.channel == Channel.EMAIL and posted.author_email == RESIDENT


def test_thread_headers_win_over_a_subject_naming_another_ticket(
    app, city, resident_ticket, make_ticket, deliver
):
    other = make_ticket(actor=city["resident"], requester=city["resident"], subject="Other")
    raw = email(
        subject=f"Re: [{other.reference}] wrong subject",
        In_Reply_To=reference_of_a_notice(resident_ticket),
    )
    assert deliver(raw).ticket_id == resident_ticket.id


def test_forged_reply_address_opens_a_new_ticket_instead(app, resident_ticket, deliver):
    forged = f"desk+{resident_ticket.reference}.0000000000@riverton.test"
    before = public_bodies(resident_ticket)
    row = deliver(email(to=forged, subject="Streetlight again"))
    assert row.outcome == InboundOutcome.NEW_TICKET and row.ticket_id != resident_ticket.id
    assert public_bodies(resident_ticket) == before


def test_reply_from_a_contact_without_an_account_threads_in(make_ticket, city, deliver):
    ticket = make_ticket(
        channel=Channel.EMAIL, contact_email="maria@example.net", subject="Farola apagada"
    )
    row = deliver(email(sender="María <maria@example.net>", subject=f"Re: [{ticket.reference}]"))
    assert row.outcome == InboundOutcome.REPLY
    assert ticket.messages[-1].author is None
    assert ticket.messages[-1].author_email == "maria@example.net"


def test_reply_wakes_a_ticket_waiting_on_the_requester(city, resident_ticket, deliver):
    resident_ticket.team = city["works"]
    tickets.add_reply(resident_ticket, "Which pole is it?", actor=city["agent"])
    tickets.change_status(resident_ticket, Status.WAITING, actor=city["agent"])
    deliver(email(subject=f"Re: [{resident_ticket.reference}]", body="Pole 14."))
    assert resident_ticket.status != Status.WAITING


# --- who may post --------------------------------------------------------------------------


def test_stranger_cannot_post_into_a_ticket(app, resident_ticket, deliver):
    before = public_bodies(resident_ticket)
    row = deliver(
        email(sender="mallory@example.com", In_Reply_To=reference_of_a_notice(resident_ticket))
    )
    assert row.outcome == InboundOutcome.STRANGER
    assert public_bodies(resident_ticket) == before
    assert "mallory@example.com" in row.detail


def test_follower_by_email_may_post(resident_ticket, deliver):
    db.session.add(Subscription(ticket=resident_ticket, email="neighbour@example.net"))
    db.session.flush()
    row = deliver(
        email(sender="neighbour@example.net", subject=f"Re: [{resident_ticket.reference}]")
    )
    assert row.outcome == InboundOutcome.REPLY
    assert resident_ticket.messages[-1].author_email == "neighbour@example.net"


def test_staff_reply_by_email_counts_as_the_first_response(city, resident_ticket, deliver):
    resident_ticket.team = city["works"]
    db.session.flush()
    assert resident_ticket.first_responded_at is None
    raw = email(sender="agent@riverton.test", subject=f"Re: [{resident_ticket.reference}]")
    assert deliver(raw).outcome == InboundOutcome.REPLY
    assert resident_ticket.messages[-1].author == city["agent"]
    assert resident_ticket.first_responded_at is not None


def test_staff_without_access_is_a_stranger(make_team, make_user, city, resident_ticket, deliver):
    resident_ticket.team = city["works"]
    outsider = make_user(Role.AGENT, teams=[make_team("IT")], email="it@riverton.test")
    raw = email(sender=outsider.email, subject=f"Re: [{resident_ticket.reference}]")
    assert deliver(raw).outcome == InboundOutcome.STRANGER


def test_reply_to_a_closed_ticket_opens_a_follow_up(city, resident_ticket, deliver):
    resident_ticket.team = city["works"]
    tickets.change_status(resident_ticket, Status.RESOLVED, actor=city["agent"])
    tickets.change_status(resident_ticket, Status.CLOSED, actor=city["agent"])
    before = public_bodies(resident_ticket)
    row = deliver(email(subject=f"Re: [{resident_ticket.reference}]", body="It went out again."))
    assert row.outcome == InboundOutcome.NEW_TICKET
    follow_up = db.session.get(TicketModel, row.ticket_id)
    assert follow_up.id != resident_ticket.id and follow_up.channel == Channel.EMAIL
    assert resident_ticket.reference in follow_up.description
    assert "It went out again." in follow_up.description
    assert follow_up.category == resident_ticket.category and follow_up.team == city["works"]
    assert public_bodies(resident_ticket) == before


def test_reply_to_a_merged_ticket_lands_on_the_one_it_was_merged_into(
    city, resident_ticket, make_ticket, deliver
):
    duplicate = make_ticket(actor=city["resident"], requester=city["resident"], subject="Dark")
    for ticket in (duplicate, resident_ticket):
        ticket.team = city["works"]
    tickets.merge(duplicate, resident_ticket, actor=city["agent"])
    row = deliver(email(subject=f"Re: [{duplicate.reference}]", body="Any news?"))
    assert row.ticket_id == resident_ticket.id
    assert public_bodies(resident_ticket)[-1] == "Any news?"


# --- machine mail --------------------------------------------------------------------------


def _bounce_report() -> bytes:
    message = EmailMessage()
    message["From"] = "Mail Delivery System <MAILER-DAEMON@mx.example.net>"
    message["To"] = DESK
    message["Subject"] = "Undelivered Mail Returned to Sender"
    message["Message-ID"] = make_msgid(domain="mx.example.net")
    message.set_content("This is the mail system. I'm sorry to have to inform you...")
    report = EmailMessage()
    report.set_content("Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; x@y\n")
    message.make_mixed()
    message.attach(report)
    message.replace_header("Content-Type", "multipart/report; report-type=delivery-status")
    return message.as_bytes()


MACHINE_MAIL = {
    "auto-submitted": (InboundOutcome.AUTO_REPLY, {"Auto_Submitted": "auto-replied"}),
    "x-autoreply": (InboundOutcome.AUTO_REPLY, {"X_Autoreply": "yes"}),
    "precedence bulk": (InboundOutcome.AUTO_REPLY, {"Precedence": "bulk"}),
    "exchange suppress": (InboundOutcome.AUTO_REPLY, {"X_Auto_Response_Suppress": "All"}),
    "out of office": (InboundOutcome.AUTO_REPLY, {"subject": "Out of Office: Re: Streetlight"}),
    "automatic reply": (InboundOutcome.AUTO_REPLY, {"subject": "Automatic reply: Your request"}),
    "respuesta automática": (
        InboundOutcome.AUTO_REPLY,
        {"subject": "Respuesta automática: Su solicitud"},
    ),
    "null return path": (InboundOutcome.AUTO_REPLY, {"Return_Path": "<>"}),
    "postmaster": (InboundOutcome.BOUNCE, {"sender": "postmaster@example.net"}),
}


@pytest.mark.parametrize("kind", MACHINE_MAIL)
def test_auto_replies_and_bounces_are_dropped(kind, resident_ticket, deliver):
    expected, fields = MACHINE_MAIL[kind]
    before, count = public_bodies(resident_ticket), ticket_count()
    fields = {"subject": f"Re: [{resident_ticket.reference}] Streetlight"} | fields
    row = deliver(email(**fields))
    assert row.outcome == expected
    assert public_bodies(resident_ticket) == before and ticket_count() == count


def test_delivery_report_is_a_bounce(resident_ticket, deliver):
    count = ticket_count()
    row = deliver(_bounce_report(), envelope_from="")
    assert row.outcome == InboundOutcome.BOUNCE and ticket_count() == count


def test_a_subject_that_merely_starts_like_an_auto_reply_is_a_request(city, deliver):
    row = deliver(email(subject="Out of office hours noise on Elm St", body="Every night."))
    assert row.outcome == InboundOutcome.NEW_TICKET


def test_mail_from_the_desk_itself_is_dropped(resident_ticket, deliver):
    count = ticket_count()
    row = deliver(email(sender=f"Riverton Service Desk <{DESK}>", subject="Hello"))
    assert row.outcome == InboundOutcome.REJECTED and ticket_count() == count


def test_a_made_up_reference_opens_a_new_ticket(city, deliver):
    row = deliver(email(subject="Re: [SD-999999999999] lights", In_Reply_To="<sd-9999999999@x>"))
    assert row.outcome == InboundOutcome.NEW_TICKET


def test_unreadable_mail_is_logged_as_refused(city, deliver):
    count = ticket_count()
    row = deliver(b"\x00\xff\xfe not an email at all")
    assert row.outcome == InboundOutcome.REJECTED and ticket_count() == count


def test_same_message_id_twice_posts_once(resident_ticket, deliver):
    raw = email(subject=f"Re: [{resident_ticket.reference}]", body="Still out.")
    outcomes = [deliver(raw).outcome, deliver(raw).outcome]
    assert outcomes == [InboundOutcome.REPLY, InboundOutcome.DUPLICATE]
    assert public_bodies(resident_ticket).count("Still out.") == 1


# --- what is kept of the text --------------------------------------------------------------

ENGLISH_REPLY = """\
It is still out, and now the one next to it flickers.

Thanks,
Jane

--
Jane Resident
12 Main St, Riverton

On Tue, Nov 17, 2026 at 10:00 AM Riverton Service Desk <
desk@riverton.test> wrote:
> We have sent a crew to check the streetlight.
>
> Riverton Service Desk
"""

SPANISH_REPLY = """\
La farola sigue apagada:
- poste 14
- poste 15

Saludos,
María

Enviado desde mi iPhone

El mar, 17 nov 2026 a las 10:00, Mesa de Servicio (<desk@riverton.test>) escribió:
> Hemos enviado una cuadrilla.
"""

OUTLOOK_REPLY = """\
Still broken.

________________________________
From: Riverton Service Desk <desk@riverton.test>
Sent: Tuesday, November 17, 2026 10:00 AM
To: Jane Resident <jane@example.net>
Subject: RE: Streetlight out on Main St

We have sent a crew.
"""

GMAIL_HTML = (
    '<div dir="ltr">Still <b>dark</b> &amp; dangerous.<br>Pole 14.</div><br>'
    '<div class="gmail_quote"><div class="gmail_attr">On Tue, Nov 17, 2026 Riverton Service '
    "Desk wrote:</div><blockquote>We have sent a crew.</blockquote></div>"
)


@pytest.mark.parametrize(
    ("body", "html", "kept"),
    [
        (ENGLISH_REPLY, None, "It is still out, and now the one next to it flickers."),
        (SPANISH_REPLY, None, "La farola sigue apagada:\n- poste 14\n- poste 15"),
        (OUTLOOK_REPLY, None, "Still broken."),
        (None, GMAIL_HTML, "Still dark & dangerous.\nPole 14."),
    ],
    ids=["english", "spanish", "outlook", "html-only"],
)
def test_quoted_text_and_signatures_are_left_out(body, html, kept, resident_ticket, deliver):
    raw = email(subject=f"Re: [{resident_ticket.reference}]", body=body, html=html)
    assert deliver(raw).outcome == InboundOutcome.REPLY
    assert public_bodies(resident_ticket)[-1] == kept


def test_empty_reply_is_refused_and_says_why(resident_ticket, deliver):
    before = public_bodies(resident_ticket)
    row = deliver(email(subject=f"Re: [{resident_ticket.reference}]", body="\n\n"))
    assert row.outcome == InboundOutcome.REJECTED and "empty" in row.detail
    assert public_bodies(resident_ticket) == before


def test_answer_written_between_quoted_lines_is_kept_whole(resident_ticket, deliver):
    body = "> Which pole is it?\nPole 14, by the bakery.\n"
    deliver(email(subject=f"Re: [{resident_ticket.reference}]", body=body))
    assert "Pole 14, by the bakery." in public_bodies(resident_ticket)[-1]


# --- new requests --------------------------------------------------------------------------


def test_new_email_opens_a_ticket_routed_like_any_other(city, deliver):
    raw = email(
        sender="Maria Lopez <maria@example.net>",
        subject="Streetlight out on Elm St",
        body="The streetlight at Elm and 3rd has been dark for two nights.",
    )
    row = deliver(raw)
    assert row.outcome == InboundOutcome.NEW_TICKET
    ticket = db.session.get(TicketModel, row.ticket_id)
    assert ticket.channel == Channel.EMAIL and ticket.status == Status.NEW
    assert ticket.team == city["works"]  # the keyword rule, as for the portals
    assert ticket.subject == "Streetlight out on Elm St"
    assert "dark for two nights" in ticket.description
    assert (ticket.contact_name, ticket.contact_email) == ("Maria Lopez", "maria@example.net")
    assert ticket.requester is None and ticket.resolution_due_at is not None


def test_new_email_from_a_registered_resident_is_theirs(city, deliver):
    row = deliver(email(sender="JANE@example.net", subject="Broken bench in the park"))
    ticket = db.session.get(TicketModel, row.ticket_id)
    assert ticket.requester == city["resident"]
    followers = db.session.scalars(
        select(Subscription.user_id).where(Subscription.ticket_id == ticket.id)
    ).all()
    assert city["resident"].id in followers


def test_new_email_without_subject_uses_its_first_line(city, deliver):
    row = deliver(email(sender="maria@example.net", subject="", body="Dead tree on Oak Ave\nBig."))
    assert db.session.get(TicketModel, row.ticket_id).subject == "Dead tree on Oak Ave"


# --- attachments ---------------------------------------------------------------------------


def test_attachments_are_kept_and_refused_ones_noted(app, resident_ticket, deliver):
    app.config["MAX_ATTACHMENT_BYTES"] = 2048
    photo = b"\x89PNG\r\n\x1a\n" + b"p" * 500
    files = [
        ("pole.png", "image/png", photo),
        ("survey.pdf", "application/pdf", b"%PDF-1.7" + b"x" * 4096),  # over the limit
        ("run-me.exe", "application/octet-stream", b"MZ" + b"\0" * 100),  # not allowed
    ]
    raw = email(subject=f"Re: [{resident_ticket.reference}]", body="Photo attached.", files=files)
    row = deliver(raw)
    assert row.outcome == InboundOutcome.REPLY
    assert public_bodies(resident_ticket)[-1] == "Photo attached."
    stored = db.session.scalars(
        select(Attachment).where(Attachment.ticket_id == resident_ticket.id)
    ).all()
    assert [a.filename for a in stored] == ["pole.png"]
    assert stored[0].message == resident_ticket.messages[-1] and not stored[0].is_internal
    on_disk = Path(app.config["UPLOAD_FOLDER"]) / stored[0].storage_name
    assert on_disk.read_bytes() == photo
    assert "survey.pdf" in row.detail and "run-me.exe" in row.detail


def test_new_ticket_by_email_keeps_its_attachment(city, deliver):
    files = [("streetlight.jpg", "image/jpeg", b"\xff\xd8\xff" + b"j" * 300)]
    row = deliver(email(sender="maria@example.net", subject="Streetlight", files=files))
    ticket = db.session.get(TicketModel, row.ticket_id)
    assert [a.filename for a in ticket.attachments] == ["streetlight.jpg"]


# --- the SMTP receiver, end to end ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def receiver(app):
    """The real aiosmtpd receiver on a free port; it files mail in its own transactions."""
    port = free_port()
    controller = smtp_receiver(app, "127.0.0.1", port)
    controller.start()
    yield port
    controller.stop()


def test_smtp_receiver_files_a_reply_end_to_end(app, resident_ticket, receiver):
    reference, ticket_id = resident_ticket.reference, resident_ticket.id
    db.session.commit()  # the receiver works in its own transaction: it must see the ticket
    raw = email(subject=f"Re: [{reference}] Streetlight", body="Sent through SMTP.")
    with smtplib.SMTP("127.0.0.1", receiver, timeout=10) as smtp:
        smtp.sendmail(RESIDENT, [DESK], raw)
    assert public_bodies(db.session.get(TicketModel, ticket_id))[-1] == "Sent through SMTP."
    assert db.session.scalar(select(InboundEmail.source)) == "smtp"


def test_smtp_receiver_accepts_a_strangers_mail_without_posting_it(app, resident_ticket, receiver):
    reference, ticket_id = resident_ticket.reference, resident_ticket.id
    before = public_bodies(resident_ticket)
    db.session.commit()
    raw = email(sender="mallory@example.com", subject=f"Re: [{reference}]", body="Hi")
    with smtplib.SMTP("127.0.0.1", receiver, timeout=10) as smtp:
        assert smtp.sendmail("mallory@example.com", [DESK], raw) == {}  # 250: no backscatter
    assert public_bodies(db.session.get(TicketModel, ticket_id)) == before
    assert db.session.scalar(select(InboundEmail.outcome)) == InboundOutcome.STRANGER


def test_smtp_receiver_is_not_an_open_relay(app, receiver):
    raw = email(to="someone@elsewhere.example")
    with (
        smtplib.SMTP("127.0.0.1", receiver, timeout=10) as smtp,
        pytest.raises(smtplib.SMTPRecipientsRefused) as refused,
    ):
        smtp.sendmail(RESIDENT, ["someone@elsewhere.example"], raw)
    code, _ = refused.value.recipients["someone@elsewhere.example"]
    assert code == 550


def test_smtp_bounce_with_null_sender_is_dropped(app, city, receiver):
    db.session.commit()
    count = ticket_count()
    with smtplib.SMTP("127.0.0.1", receiver, timeout=10) as smtp:
        smtp.sendmail("", [DESK], _bounce_report())
    db.session.expire_all()
    assert ticket_count() == count
    assert db.session.scalar(select(InboundEmail.outcome)) == InboundOutcome.BOUNCE


# --- the IMAP fetch against Dovecot --------------------------------------------------------

DOVECOT_CONF = """\
base_dir = {home}/run
state_dir = {home}/state
log_path = {home}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:{home}/mail/%u
first_valid_uid = 1
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {home}/passwd
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={home}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _dovecot_binary() -> str | None:
    return shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")


@pytest.fixture(scope="module")
def dovecot():
    """A real IMAP server for this module, run from a throwaway configuration.

    As root (a container) it serves as ``nobody``; otherwise as the current user, as Dovecot
    allows for a rootless install. Skips when Dovecot is not installed (Debian:
    ``apt-get install dovecot-imapd``); CI installs it and requires it.
    """
    binary = _dovecot_binary()
    if binary is None:
        missing_server(
            "Dovecot is not installed (apt-get install dovecot-imapd)", "SERVICEDESK_REQUIRE_IMAP"
        )
    # Dovecot's sockets live here: a short path, as a Unix socket name is at most 108 bytes.
    home = Path(tempfile.mkdtemp(prefix="sd-imap-"))
    account = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
    group = grp.getgrgid(account.pw_gid).gr_name
    port = free_port()
    (home / "passwd").write_text("desk:{PLAIN}mailbox-secret::::::\n")
    conf = home / "dovecot.conf"
    conf.write_text(DOVECOT_CONF.format(home=home, user=account.pw_name, group=group, port=port))
    if os.geteuid() == 0:
        os.chown(home, account.pw_uid, account.pw_gid)
    with (home / "output.log").open("wb") as output:
        server = subprocess.Popen([binary, "-F", "-c", str(conf)], stdout=output, stderr=output)
        try:
            _wait_for_imap(port, server, home)
            yield {"port": port, "user": "desk", "password": "mailbox-secret"}
        finally:
            server.terminate()
            server.wait(timeout=10)
    shutil.rmtree(home, ignore_errors=True)


def _wait_for_imap(port: int, server: subprocess.Popen, home: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            imaplib.IMAP4("127.0.0.1", port, timeout=2).logout()
            return
        except (OSError, imaplib.IMAP4.error):
            if server.poll() is not None:
                break
            time.sleep(0.1)
    logs = [home / "output.log", home / "dovecot.log"]
    pytest.fail("Dovecot did not start:\n" + "".join(p.read_text() for p in logs if p.exists()))


@pytest.fixture
def mailbox(app, dovecot, request):
    """A fresh folder of the desk's mailbox, configured as the one ``mail fetch`` reads."""
    folder = f"Desk-{request.node.name.replace('[', '-').rstrip(']')}-{os.getpid()}"
    imap = imaplib.IMAP4("127.0.0.1", dovecot["port"])
    imap.login(dovecot["user"], dovecot["password"])
    imap.create(folder)
    app.config.update(
        IMAP_HOST="127.0.0.1",
        IMAP_PORT=dovecot["port"],
        IMAP_SECURITY="none",
        IMAP_USERNAME=dovecot["user"],
        IMAP_PASSWORD=dovecot["password"],
        IMAP_FOLDER=folder,
    )
    imap.select(folder)
    yield imap
    imap.logout()


def test_mail_fetch_files_unread_mail_and_marks_it_read(app, resident_ticket, mailbox):
    reference, ticket_id = resident_ticket.reference, resident_ticket.id
    db.session.commit()
    reply = email(subject=f"Re: [{reference}]", body="Fetched over IMAP.")
    out_of_office = email(
        subject="Automatic reply: Re: your request", Auto_Submitted="auto-replied"
    )
    for raw in (reply, out_of_office):
        mailbox.append(mailbox_folder(app), None, None, raw)

    result = app.test_cli_runner().invoke(args=["mail", "fetch"])

    assert result.exit_code == 0, result.output
    assert "2 new email(s)" in result.output and "1 reply added" in result.output.lower()
    assert public_bodies(db.session.get(TicketModel, ticket_id))[-1] == "Fetched over IMAP."
    mailbox.select(mailbox_folder(app))
    assert mailbox.uid("SEARCH", None, "UNSEEN")[1] == [b""]
    again = app.test_cli_runner().invoke(args=["mail", "fetch"])
    assert "0 new email(s)" in again.output


def test_mail_fetch_leaves_a_failed_email_unread(app, resident_ticket, mailbox, monkeypatch):
    db.session.commit()
    mailbox.append(mailbox_folder(app), None, None, email(subject="Streetlight"))

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("servicedesk.notifications.mail_commands.receive", broken)
    result = app.test_cli_runner().invoke(args=["mail", "fetch"])
    assert "1 left unread after an error" in result.output
    mailbox.select(mailbox_folder(app))
    assert mailbox.uid("SEARCH", None, "UNSEEN")[1] != [b""]


def test_mail_fetch_explains_a_mailbox_it_cannot_reach(app):
    app.config.update(IMAP_HOST="127.0.0.1", IMAP_PORT=free_port(), IMAP_SECURITY="none")
    result = app.test_cli_runner().invoke(args=["mail", "fetch"])
    assert result.exit_code == 1 and "IMAP server 127.0.0.1" in result.output


def mailbox_folder(app) -> str:
    return app.config["IMAP_FOLDER"]
