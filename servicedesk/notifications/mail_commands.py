"""``servicedesk mail fetch`` and ``servicedesk mail serve``: email into tickets.

Both are edges around ``email_in.receive``: they commit once per email. An email that fails
for an unexpected reason (the database is down) is not lost: the SMTP receiver answers 451 so
the sending server tries again later, and the IMAP fetch leaves it unread for the next run.
"""

import asyncio
import contextlib
import imaplib
import logging
import signal
import ssl
import threading
from collections import Counter
from collections.abc import Callable

import click
from aiosmtpd.controller import Controller
from flask import Flask, current_app
from flask.cli import with_appcontext

from ..extensions import db
from .email_in import Desk, receive
from .models import InboundOutcome

log = logging.getLogger(__name__)


@click.group("mail")
def mail_group() -> None:
    """Email into tickets."""


# --- IMAP ----------------------------------------------------------------------------------


def connect_imap(config: dict) -> imaplib.IMAP4:
    """Open and log in to the desk's mailbox (IMAP_SECURITY: ssl, starttls or none)."""
    host, port, security = config["IMAP_HOST"], config["IMAP_PORT"], config["IMAP_SECURITY"]
    if security == "ssl":
        imap = imaplib.IMAP4_SSL(
            host, port, ssl_context=ssl.create_default_context(), timeout=config["SMTP_TIMEOUT"]
        )
    else:
        imap = imaplib.IMAP4(host, port, timeout=config["SMTP_TIMEOUT"])
        if security == "starttls":
            imap.starttls(ssl_context=ssl.create_default_context())
    if config["IMAP_USERNAME"]:
        imap.login(config["IMAP_USERNAME"], config["IMAP_PASSWORD"])
    return imap


def fetch_mailbox(imap: imaplib.IMAP4, folder: str, desk: Desk) -> tuple[Counter, int]:
    """Turn each unread email of *folder* into its outcome; return the outcomes and failures.

    An email is marked read only after its outcome is committed, so a crash in between makes
    the next run see it again, and its Message-ID then makes it a duplicate, not a second post.
    """
    outcomes: Counter = Counter()
    failures = 0
    _ok(imap.select(_quoted(folder)), f"open the folder {folder}")
    _, found = _ok(imap.uid("SEARCH", None, "UNSEEN"), "search for unread mail")
    for uid in found[0].split():
        raw = _message_bytes(_ok(imap.uid("FETCH", uid, "(BODY.PEEK[])"), "fetch a message")[1])
        try:
            row = receive(raw, desk, source="imap")
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("Inbound email (IMAP uid %s) failed; it stays unread", uid.decode())
            failures += 1
            continue
        _ok(imap.uid("STORE", uid, "+FLAGS", "(\\Seen)"), "mark a message read")
        outcomes[row.outcome] += 1
    return outcomes, failures


def _ok(reply: tuple[str, list], what: str) -> tuple[str, list]:
    status, data = reply
    if status != "OK":
        raise imaplib.IMAP4.error(f"could not {what}: {data!r}")
    return reply


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _message_bytes(data: list) -> bytes:
    for item in data:
        if isinstance(item, tuple):
            return item[1]
    raise imaplib.IMAP4.error("the server sent no message body")


def summary(outcomes: Counter, failures: int, folder: str) -> str:
    total = sum(outcomes.values()) + failures
    parts = [f"{outcomes[kind]} {kind.label.lower()}" for kind in InboundOutcome if outcomes[kind]]
    if failures:
        parts.append(f"{failures} left unread after an error (see the log)")
    return f"{total} new email(s) in {folder}" + (": " + ", ".join(parts) if parts else ".")


@mail_group.command("fetch")
@with_appcontext
def fetch_command() -> None:
    """Read the unread email in the IMAP mailbox into tickets (run it on a schedule)."""
    config = current_app.config
    if not config["IMAP_HOST"]:
        raise click.UsageError("Set SERVICEDESK_IMAP_HOST (and the other IMAP_* settings) first.")
    try:
        imap = connect_imap(config)
    except (OSError, imaplib.IMAP4.error) as error:
        raise click.ClickException(
            f"IMAP server {config['IMAP_HOST']}:{config['IMAP_PORT']}: {error}"
        ) from error
    try:
        outcomes, failures = fetch_mailbox(imap, config["IMAP_FOLDER"], Desk.from_config(config))
    except (OSError, imaplib.IMAP4.error) as error:
        raise click.ClickException(f"IMAP: {error}") from error
    finally:
        _logout(imap)
    click.echo(summary(outcomes, failures, config["IMAP_FOLDER"]))


def _logout(imap: imaplib.IMAP4) -> None:
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        imap.logout()


# --- SMTP ----------------------------------------------------------------------------------


class DeskHandler:
    """aiosmtpd handler: accepts mail for the desk's domain and files each email as it arrives.

    Every email the desk's domain accepts is answered 250 once processed, including a
    stranger's and an auto-reply: refusing it after the fact would make the sending server
    bounce it to the From address, which spammers forge (backscatter). What became of it is in
    the inbound log instead. Recipients at other domains get 550, so this is never a relay.
    """

    def __init__(self, app: Flask):
        self.app = app
        self.desk = Desk.from_config(app.config)
        # One email at a time: each is one short transaction, and SQLite has one writer anyway.
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not self.desk.receives_for(address):
            return f"550 5.7.1 This server only receives mail for {self.desk.domain}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        try:
            await asyncio.to_thread(
                self.process, envelope.original_content, envelope.mail_from, envelope.rcpt_tos
            )
        except Exception:
            log.exception(
                "Inbound email from %s failed; asking the sender to retry", envelope.mail_from
            )
            return "451 4.3.0 Temporary failure, please try again later"
        return "250 2.0.0 Received"

    def process(self, raw: bytes, mail_from: str, rcpt_tos: list[str]) -> InboundOutcome:
        """File one email in its own app context and transaction; return its outcome."""
        with self.lock, self.app.app_context():
            try:
                row = receive(
                    raw, self.desk, source="smtp", envelope_from=mail_from, envelope_to=rcpt_tos
                )
                db.session.commit()
                return row.outcome
            except Exception:
                db.session.rollback()
                raise


def smtp_receiver(app: Flask, host: str, port: int) -> Controller:
    """The receiver, not yet started; messages up to the upload request limit are accepted."""
    return Controller(
        DeskHandler(app),
        hostname=host,
        port=port,
        data_size_limit=app.config["MAX_CONTENT_LENGTH"],
        server_hostname=Desk.from_config(app.config).domain,
    )


@mail_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=2525, show_default=True, help="Port to listen on.")
@with_appcontext
def serve_command(host: str, port: int) -> None:
    """Receive email over SMTP into tickets (until stopped).

    Plain SMTP without TLS or authentication: run it behind the city's mail server, which
    filters spam and forwards the desk's mail here (for Postfix, a transport to this port).
    """
    app = current_app._get_current_object()
    receiver = smtp_receiver(app, host, port)
    receiver.start()
    click.echo(f"Receiving mail for {receiver.handler.desk.domain} on {host}:{port}")
    _wait_for_stop(receiver.stop)


def _wait_for_stop(stop: Callable[[], None]) -> None:
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        while not stopped.wait(1):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        stop()
