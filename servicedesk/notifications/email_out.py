"""Email out: build the message from an outbox payload and hand it to SMTP (or a folder).

Exactly once: the row is marked sent (and committed) after the whole message has reached
the SMTP server but before the end-of-data mark that makes the server accept it. A worker
killed before that commit leaves a message the server discards (it never saw the end mark)
and a row that is sent again; one killed after it has already handed the five bytes of the end
mark to the kernel, which delivers them even after the process is gone. If the server then
refuses the message, the row goes back to retrying.
"""

import contextlib
import hashlib
import hmac
import os
import re
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import Any

from . import notices
from .models import OutboxMessage
from .outbox import DeliveryFailed, TransportDown

_DOT_AT_LINE_START = re.compile(rb"(?m)^\.")


def desk_address(mail_from: str) -> tuple[str, str]:
    """Split ``Name <local@domain>`` into (local part, domain)."""
    address = parseaddr(mail_from)[1] or "servicedesk@localhost"
    local, _, domain = address.partition("@")
    return local, domain or "localhost"


def reply_token(secret: str, reference: str) -> str:
    """Ten hex characters that prove a reply address was made by this desk for this ticket."""
    digest = hmac.new(secret.encode(), f"reply:{reference}".encode(), hashlib.sha256)
    return digest.hexdigest()[:10]


def reply_address(mail_from: str, secret: str, reference: str) -> str:
    """The signed plus-address replies go to: ``desk+SD-000123.1a2b3c4d5e@city.gov``."""
    local, domain = desk_address(mail_from)
    return f"{local}+{reference}.{reply_token(secret, reference)}@{domain}"


def reference_in_reply_address(address: str, secret: str) -> str | None:
    """The ticket reference of a signed reply address, or None if the signature is wrong."""
    local = address.partition("@")[0]
    tag = local.partition("+")[2]
    reference, _, token = tag.rpartition(".")
    if not reference or not hmac.compare_digest(token, reply_token(secret, reference)):
        return None
    return reference


def thread_id(reference: str, domain: str) -> str:
    """The Message-ID every notice about a ticket refers to, so mail clients thread them."""
    return f"<{reference.lower()}@{domain}>"


def message_id_for(key: str, domain: str) -> str:
    """A Message-ID made from the idempotency key: a resent row keeps the same one."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def build(payload: dict[str, Any]) -> EmailMessage:
    """The MIME message (text and HTML alternatives) described by an outbox payload."""
    message = EmailMessage(policy=SMTP)
    message["From"] = payload["from"]
    message["To"] = formataddr((payload.get("to_name") or "", payload["to"]))
    message["Subject"] = payload["subject"]
    message["Message-ID"] = payload["message_id"]
    message["Date"] = payload["date"]
    if payload.get("reply_to"):
        message["Reply-To"] = payload["reply_to"]
    if payload.get("in_reply_to"):
        message["In-Reply-To"] = payload["in_reply_to"]
    if payload.get("references"):
        message["References"] = " ".join(payload["references"])
    # RFC 3834: our notices are machine mail, so other desks' robots do not answer them.
    message["Auto-Submitted"] = "auto-generated"
    for name, value in payload.get("headers", {}).items():
        message[name] = value
    if "notice" in payload:  # the words of a notice: laid out now, by the worker
        text, html = notices.render(payload["notice"])
    else:
        text, html = payload["text"], payload.get("html")
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    message["Content-Language"] = payload.get("language", "en")  # set_content drops Content-*
    return message


def _envelope_sender(payload: dict[str, Any]) -> str:
    return parseaddr(payload["from"])[1]


class SmtpTransport:
    """Sends over one SMTP connection per batch, reconnecting when the server drops it."""

    def __init__(self, config: dict):
        self.host = config["SMTP_HOST"]
        self.port = config["SMTP_PORT"]
        self.security = config["SMTP_SECURITY"]
        self.username = config["SMTP_USERNAME"]
        self.password = config["SMTP_PASSWORD"]
        self.timeout = config["SMTP_TIMEOUT"]
        self._smtp: smtplib.SMTP | None = None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        try:
            if self.security == "ssl":
                smtp = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo_or_helo_if_needed()
            # The end-of-data mark goes out as its own small write after the commit; Nagle's
            # algorithm would hold it until the server's delayed ACK (40 ms a message).
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.username:
                smtp.login(self.username, self.password)
        except (OSError, smtplib.SMTPException) as error:
            raise TransportDown(f"SMTP server {self.host}:{self.port}: {error}") from error
        self._smtp = smtp
        return smtp

    def send(self, message: OutboxMessage, commit_point) -> str:
        payload = message.payload
        data = build(payload).as_bytes()
        smtp = self._connection()
        try:
            _expect(smtp.mail(_envelope_sender(payload)), (250,), smtp)
            _expect(smtp.rcpt(payload["to"]), (250, 251), smtp)
            _expect(smtp.docmd("DATA"), (354,), smtp)
            body = _DOT_AT_LINE_START.sub(b"..", data)
            smtp.send(body if body.endswith(b"\r\n") else body + b"\r\n")
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self.close()
            raise TransportDown(f"SMTP server {self.host}:{self.port}: {error}") from error
        try:
            commit_point()
        except BaseException:
            self._abandon()  # the server drops a message whose end mark never came
            raise
        try:
            smtp.send(b".\r\n")
            code, answer = smtp.getreply()
        except (OSError, smtplib.SMTPServerDisconnected):
            self._abandon()
            return "sent; the connection closed before the server confirmed"
        if code != 250:
            raise DeliveryFailed(f"{code} {_text(answer)}", permanent=500 <= code < 600)
        return f"{code} {_text(answer)}"

    def _abandon(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError):
                self._smtp.sock.close()
            self._smtp = None

    def close(self) -> None:
        if self._smtp is None:
            return
        with contextlib.suppress(OSError, smtplib.SMTPException):
            self._smtp.quit()
        self._smtp = None


def _expect(reply: tuple[int, bytes], codes: tuple[int, ...], smtp: smtplib.SMTP) -> None:
    code, answer = reply
    if code in codes:
        return
    if code == 421:  # the server is closing: try again later, without spending an attempt
        raise smtplib.SMTPServerDisconnected(_text(answer))
    smtp.rset()
    raise DeliveryFailed(f"{code} {_text(answer)}", permanent=500 <= code < 600)


def _text(answer: bytes | str) -> str:
    text = answer.decode(errors="replace") if isinstance(answer, bytes) else answer
    return " ".join(text.split())[:300]


class MailDropTransport:
    """Without an SMTP server (a trial on one machine), each email becomes a file to open."""

    def __init__(self, folder: str):
        self.folder = Path(folder)

    def send(self, message: OutboxMessage, commit_point) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{message.id:08d}-{message.payload['to'].replace('/', '_')}.eml"
        partial = self.folder / f".{name}.partial"
        partial.write_bytes(build(message.payload).as_bytes())
        os.replace(partial, self.folder / name)  # a file with the same name is the same message
        return f"written to {name}"

    def close(self) -> None:
        pass
