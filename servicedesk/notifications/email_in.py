"""Email in: the one parser behind ``servicedesk mail serve`` (SMTP) and ``mail fetch`` (IMAP).

Each received email gets exactly one ``InboundEmail`` row saying what became of it, written in
the transaction of the ticket change it caused; :func:`receive` flushes and the edge commits.
A reply finds its ticket by In-Reply-To/References, then by the signed reply address, then by
the reference in the subject; it is posted only when the sender is the requester, a follower or
staff who may reply. Anything else addressed to the desk opens a ticket in the email channel.
Machine mail (bounces, out-of-office replies, the desk's own notices) is logged and dropped, so
two robots never answer each other.

The sender's address is taken from the ``From`` header as the receiving mail server passed it
on: checking that it is genuine (SPF, DKIM, DMARC) is the job of that server, as for any desk
that accepts email from residents.
"""

import email
import email.policy
import mimetypes
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

from mailparser_reply.parser import EmailMessage as ReplyText
from sqlalchemy import func, or_, select

from ..accounts.models import User
from ..accounts.service import find_user_by_email
from ..errors import DomainError, ValidationError
from ..extensions import db
from ..languages import LANGUAGES
from ..tickets import lifecycle, policy
from ..tickets import service as tickets
from ..tickets.attachments import UploadRules, rules_from_config
from ..tickets.models import (
    MAX_TICKET_ID,
    REFERENCE_PREFIX,
    Channel,
    Message,
    Subscription,
    Ticket,
    parse_reference,
)
from ..timeutils import utcnow
from . import email_out
from .models import InboundEmail, InboundOutcome, OutboxMessage

# --- the desk ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    """What the parser knows about the desk: its address, the reply-signing key, upload rules."""

    local_part: str
    domain: str
    secret: str
    upload_rules: UploadRules

    @classmethod
    def from_config(cls, config: Mapping) -> "Desk":
        local_part, domain = email_out.desk_address(config["MAIL_FROM"])
        rules = rules_from_config(config)
        return cls(local_part.lower(), domain.lower(), config["SECRET_KEY"], rules)

    def receives_for(self, address: str) -> bool:
        """True for any address at the desk's domain (the SMTP receiver relays nothing else)."""
        return parseaddr(address)[1].lower().rpartition("@")[2] == self.domain

    def is_own(self, address: str) -> bool:
        """True for the desk's address and its plus-addresses: mail from there is a loop."""
        local, _, domain = address.lower().rpartition("@")
        return domain == self.domain and local.partition("+")[0] == self.local_part


# --- reading an email ----------------------------------------------------------------------


@dataclass(frozen=True)
class File:
    filename: str
    content_type: str
    data: bytes


@dataclass
class Incoming:
    """The parts of an email the desk acts on, decoded."""

    message_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    language: str | None = None
    recipients: tuple[str, ...] = ()
    # In-Reply-To first, then References from the most recent: the best clue comes first.
    thread_ids: tuple[str, ...] = ()
    files: list[File] = field(default_factory=list)


_ANGLE_ID = re.compile(r"<[^<>\s]+>")
_RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def read_email(message: EmailMessage, envelope_to: Sequence[str] = ()) -> Incoming:
    """Decode the headers, the text (HTML converted when there is no plain text) and the files."""
    name, sender = parseaddr(_header(message, "From"))
    recipients = [address for _, address in getaddresses(_headers(message, *_RECIPIENT_HEADERS))]
    in_reply_to = _ANGLE_ID.findall(_header(message, "In-Reply-To"))
    references = _ANGLE_ID.findall(_header(message, "References"))
    ids = list(dict.fromkeys(in_reply_to + references[::-1]))
    language = _header(message, "Content-Language").split(",")[0].strip().lower()[:2]
    return Incoming(
        message_id=(_ANGLE_ID.findall(_header(message, "Message-ID")) or [""])[0][:255],
        sender=sender.strip().lower()[:254],
        sender_name=name.strip(),
        subject=" ".join(_header(message, "Subject").split()),
        text=body_text(message),
        language=language if language in LANGUAGES else None,
        recipients=tuple(a for a in [*recipients, *envelope_to] if a),
        thread_ids=tuple(ids),
        files=list(_files(message)),
    )


def _header(message: EmailMessage, name: str) -> str:
    return " ".join(_headers(message, name))


def _headers(message: EmailMessage, *names: str) -> list[str]:
    """Header values as text; a malformed header is read raw instead of failing the email."""
    values = []
    for name in names:
        try:
            values += [str(value) for value in message.get_all(name, [])]
        except (ValueError, TypeError, IndexError, AttributeError):  # the stdlib's parser trips
            values += [value for key, value in message.raw_items() if key.lower() == name.lower()]
    return values


def body_text(message: EmailMessage) -> str:
    """The plain text of the email, or its HTML turned into text (quoted blocks left out)."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _content(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return text.replace("\r\n", "\n").strip()


def _content(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, ValueError, AssertionError):  # unknown charset, broken encoding
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _files(part: EmailMessage) -> Iterator[File]:
    """Every file in the email: attachments, inline pictures, forwarded emails (as .eml)."""
    if part.is_multipart():
        for sub in part.iter_parts():
            yield from _files(sub)
        return
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        inner = part.get_payload(0)
        yield File(part.get_filename() or "forwarded.eml", content_type, inner.as_bytes())
        return
    is_body_text = part.get_content_maintype() == "text" and not part.get_filename()
    if is_body_text and not part.is_attachment():
        return
    name = part.get_filename() or "attachment" + (mimetypes.guess_extension(content_type) or "")
    yield File(name, content_type, part.get_payload(decode=True) or b"")


# --- HTML to text --------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "col", "wbr", "source", "area"}
_SKIPPED_TAGS = {"script", "style", "head", "title", "blockquote"}
# Containers mail programs put the quoted earlier message in (Gmail, Thunderbird).
_QUOTE_CLASSES = {"gmail_quote", "moz-cite-prefix", "yahoo_quoted"}


class _HtmlText(HTMLParser):
    """Collects the visible text of an HTML email, leaving out quoted history and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: str | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            self.depth += tag == self.skipping
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag in _SKIPPED_TAGS or (classes & _QUOTE_CLASSES and tag not in _VOID_TAGS):
            self.skipping, self.depth = tag, 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.depth -= tag == self.skipping
            if self.depth == 0:
                self.skipping = None
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Readable text from an HTML-only email; the text is stored as text, never as HTML."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- what was written, without the quote and signature -------------------------------------

# Where a mail program starts quoting the message answered (English and Spanish), allowing the
# attribution line to be wrapped once. mail-parser-reply knows these too, but misses Gmail's
# Spanish line ("... (<desk@city.gov>) escribió:"), so they are cut here first.
_QUOTE_STARTS = re.compile(
    r"^(?:>\s*)?(?:On\s[^\n]*(?:\n[^\n]*)?\swrote:"
    r"|El\s[^\n]*(?:\n[^\n]*)?\sescribi[óo]:"
    r"|-{3,}\s*(?:Original Message|Mensaje original|Forwarded message|Mensaje reenviado)\s*-*"
    r"|(?:From|De):\s[^\n]*\n(?:Sent|Date|Enviado|Fecha|To|Para):\s[^\n]*"
    r")\s*$",
    re.MULTILINE | re.IGNORECASE,
)
_TRAILING_QUOTE = re.compile(r"(?:\n>[^\n]*)+\s*\Z")
_REPLY_LANGUAGES = ("en", "es")


def reply_text(text: str) -> str:
    """Return what the sender wrote: without the quoted message and without the signature.

    If nothing would be left (an answer written between quoted lines), the whole text is kept:
    an agent would rather read too much than lose the reply.
    """
    match = _QUOTE_STARTS.search(text)
    fresh = text[: match.start()] if match else text
    fresh = _TRAILING_QUOTE.sub("", "\n" + fresh).strip()
    if not fresh:
        return text.strip()
    return _without_signature(fresh) or fresh


def _without_signature(text: str) -> str:
    """Cut the signature (and a "Sent from my phone" line) with mail-parser-reply's patterns.

    Only its signature pattern is used: its quote-header patterns take time growing with the
    square of a line's length, and the quote is already cut above.
    """
    parsed = ReplyText(text=text, languages=list(_REPLY_LANGUAGES), keep_hyphen_lists=True)
    signature = parsed.SIGNATURE_REGEX.search(parsed.text)
    return (parsed.text[: signature.start()] if signature else parsed.text).strip()


# --- machine mail --------------------------------------------------------------------------

_DAEMONS = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon)@", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered mail|delivery status notification|"
    r"mail delivery (?:failed|failure|subsystem)|failure notice|returned mail|"
    r"no se puede entregar|error de entrega)",
    re.IGNORECASE,
)
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto[- ]?reply|autoresponse|out of (?:the )?office|"
    r"respuesta autom[áa]tica|fuera de (?:la )?oficina|ausente|r[ée]ponse automatique|"
    r"abwesenheitsnotiz)\s*(?:[:\-–(]|$)",
    re.IGNORECASE,
)
_QUIET_PRECEDENCE = {"bulk", "junk", "auto_reply", "list"}


def bounce_reason(message: EmailMessage, envelope_from: str | None = None) -> str | None:
    """Why this is a delivery report, or None: a report must never become a ticket."""
    if message.get_content_type() == "multipart/report":
        return f"delivery report ({message.get_param('report-type') or 'multipart/report'})"
    if any(part.get_content_type() == "message/delivery-status" for part in message.walk()):
        return "delivery report (message/delivery-status)"
    sender = parseaddr(_header(message, "From"))[1]
    if _DAEMONS.match(sender) or (envelope_from and _DAEMONS.match(envelope_from)):
        return f"sent by {sender or envelope_from}"
    if _null_sender(message, envelope_from) and _BOUNCE_SUBJECT.match(_header(message, "Subject")):
        return "null sender and a delivery-failure subject"
    return None


def auto_reply_reason(message: EmailMessage, envelope_from: str | None = None) -> str | None:
    """Why this is an automatic answer (RFC 3834 and the common vendor headers), or None."""
    auto_submitted = _header(message, "Auto-Submitted").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Autogenerated"):
        if message.get(name) is not None:
            return f"{name} header"
    precedence = _header(message, "Precedence").strip().lower()
    if precedence in _QUIET_PRECEDENCE:
        return f"Precedence: {precedence}"
    suppress = {v.strip().lower() for v in _header(message, "X-Auto-Response-Suppress").split(",")}
    if suppress & {"all", "oof", "autoreply"}:
        return "X-Auto-Response-Suppress header"
    if _AUTO_SUBJECT.match(_header(message, "Subject")):
        return "automatic-reply subject"
    if _null_sender(message, envelope_from):
        return "empty return path"
    return None


def _null_sender(message: EmailMessage, envelope_from: str | None) -> bool:
    """An empty envelope sender (``MAIL FROM:<>`` or ``Return-Path: <>``): machine mail."""
    if envelope_from is not None:
        return envelope_from.strip("<> ") == ""
    return_path = message.get("Return-Path")
    return return_path is not None and str(return_path).strip("<> ") == ""


# --- finding the ticket --------------------------------------------------------------------


# Enough of a long References chain to find the thread; the rest are older messages of it.
_MAX_THREAD_IDS = 50


@dataclass(frozen=True)
class Match:
    ticket: Ticket
    how: str


def find_ticket(mail: Incoming, desk: Desk) -> Match | None:
    """The ticket this email answers: by thread, then reply address, then subject."""
    for finder, how in (
        (_by_thread, "In-Reply-To/References"),
        (_by_reply_address, "signed reply address"),
        (_by_subject, "reference in the subject"),
    ):
        ticket_id = finder(mail, desk)
        # A made-up reference (SD-999999999999) can exceed PostgreSQL's integer: no such ticket.
        ticket = (
            db.session.get(Ticket, ticket_id) if 0 < (ticket_id or 0) <= MAX_TICKET_ID else None
        )
        if ticket is not None:
            return Match(_surviving(ticket), how)
    return None


def _by_thread(mail: Incoming, desk: Desk) -> int | None:
    """A Message-ID of one of our notices, a ticket's thread id, or an earlier email on it."""
    ids = list(mail.thread_ids[:_MAX_THREAD_IDS])
    if not ids:
        return None
    known: dict[str, int] = {}
    for column, ticket_column in (
        (OutboxMessage.message_id, OutboxMessage.ticket_id),
        (Message.email_message_id, Message.ticket_id),
        (InboundEmail.message_id, InboundEmail.ticket_id),
    ):
        rows = db.session.execute(
            select(column, ticket_column).where(column.in_(ids), ticket_column.is_not(None))
        )
        known.update({message_id: ticket_id for message_id, ticket_id in rows})
    for message_id in ids:
        ticket_id = known.get(message_id) or _thread_reference(message_id, desk)
        if ticket_id:
            return ticket_id
    return None


def _thread_reference(message_id: str, desk: Desk) -> int | None:
    """The ticket of ``<sd-000123@domain>`` (``email_out.thread_id``), made only by this desk."""
    local, _, domain = message_id.strip("<>").rpartition("@")
    if domain.lower() != desk.domain or not local.upper().startswith(REFERENCE_PREFIX):
        return None
    return parse_reference(local)


def _by_reply_address(mail: Incoming, desk: Desk) -> int | None:
    for address in mail.recipients:
        if not desk.receives_for(address):
            continue
        reference = email_out.reference_in_reply_address(_as_signed(address), desk.secret)
        if reference and (ticket_id := parse_reference(reference)):
            return ticket_id
    return None


def _as_signed(address: str) -> str:
    """Undo a mail server's lowercasing of ``desk+SD-000123.1a2b3c4d5e@...`` (the token is hex)."""
    local, _, domain = address.rpartition("@")
    base, plus, tag = local.partition("+")
    reference, dot, token = tag.rpartition(".")
    return f"{base}{plus}{reference.upper()}{dot}{token.lower()}@{domain}"


_SUBJECT_REFERENCE = re.compile(rf"\b{REFERENCE_PREFIX}\d{{1,12}}\b", re.IGNORECASE)


def _by_subject(mail: Incoming, desk: Desk) -> int | None:
    found = _SUBJECT_REFERENCE.search(mail.subject)
    return parse_reference(found.group()) if found else None


def _surviving(ticket: Ticket) -> Ticket:
    """A merged ticket's replies belong on the ticket it was merged into."""
    for _ in range(10):
        if ticket.duplicate_of is None:
            break
        ticket = ticket.duplicate_of
    return ticket


# --- who is writing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    # Whom the ticket service sees: the requester's or a staff member's account; None for a
    # contact without an account and for followers (the policy lets only them reply as users).
    actor: User | None
    role: str


def identify_author(ticket: Ticket, sender: str) -> Author | None:
    """The sender's standing on the ticket, or None for a stranger (who may not post)."""
    if not sender:
        return None
    requester = ticket.requester
    if requester is not None and requester.is_active and requester.email.lower() == sender:
        return Author(requester, "requester")
    if ticket.contact_email and ticket.contact_email.lower() == sender:
        return Author(None, "requester")
    user = find_user_by_email(sender)
    if user is not None and user.is_staff and policy.can_reply(user, ticket):
        return Author(user, "staff")
    if _is_follower(ticket, sender, user):
        return Author(None, "follower")
    return None


def _is_follower(ticket: Ticket, sender: str, user: User | None) -> bool:
    followed_as = [func.lower(Subscription.email) == sender]
    if user is not None and user.is_active:
        followed_as.append(Subscription.user_id == user.id)
    query = select(Subscription.id).where(Subscription.ticket_id == ticket.id, or_(*followed_as))
    return db.session.scalar(query.limit(1)) is not None


# --- acting on it --------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: InboundOutcome
    detail: str
    ticket: Ticket | None = None


def receive(
    raw: bytes,
    desk: Desk,
    *,
    source: str,
    envelope_from: str | None = None,
    envelope_to: Sequence[str] = (),
    now: datetime | None = None,
) -> InboundEmail:
    """Act on one received email and log what became of it (flushes; the caller commits).

    *envelope_from* is the SMTP ``MAIL FROM`` (None when it is unknown, as over IMAP, where the
    ``Return-Path`` header says it instead).
    """
    now = now or utcnow()
    try:
        message = parse(raw)
        mail = read_email(message, envelope_to)
    except Exception as error:
        # Reading it again would fail the same way: log it as refused rather than have the
        # sending server retry it for days, or leave it unread in the mailbox for ever.
        mail = Incoming(message_id="", sender="", sender_name="", subject="", text="")
        outcome = Outcome(InboundOutcome.REJECTED, f"unreadable email ({type(error).__name__})")
    else:
        outcome = _decide(message, mail, desk, envelope_from, now)
    row = InboundEmail(
        message_id=mail.message_id,
        sender=mail.sender,
        subject=mail.subject[:300],
        source=source,
        outcome=outcome.kind,
        ticket_id=outcome.ticket.id if outcome.ticket is not None else None,
        detail=outcome.detail[:500],
        received_at=now,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _decide(
    message: EmailMessage, mail: Incoming, desk: Desk, envelope_from: str | None, now: datetime
) -> Outcome:
    if mail.message_id and _seen_before(mail.message_id):
        return Outcome(InboundOutcome.DUPLICATE, f"{mail.message_id} was received before")
    if desk.is_own(mail.sender) or (envelope_from and desk.is_own(envelope_from)):
        return Outcome(InboundOutcome.REJECTED, "sent from the desk's own address (a mail loop)")
    if reason := bounce_reason(message, envelope_from):
        return Outcome(InboundOutcome.BOUNCE, reason)
    if reason := auto_reply_reason(message, envelope_from):
        return Outcome(InboundOutcome.AUTO_REPLY, reason)
    if not mail.sender or "@" not in mail.sender:
        return Outcome(InboundOutcome.REJECTED, "no sender address to answer")
    match = find_ticket(mail, desk)
    if match is None:
        return _open(mail, desk, now)
    return _reply(match, mail, desk, now)


def _seen_before(message_id: str) -> bool:
    inbound = select(InboundEmail.id).where(InboundEmail.message_id == message_id).limit(1)
    posted = select(Message.id).where(Message.email_message_id == message_id).limit(1)
    return db.session.scalar(inbound) is not None or db.session.scalar(posted) is not None


def _reply(match: Match, mail: Incoming, desk: Desk, now: datetime) -> Outcome:
    ticket = match.ticket
    author = identify_author(ticket, mail.sender)
    if author is None:
        return Outcome(
            InboundOutcome.STRANGER,
            f"{mail.sender} is not the requester or a follower of {ticket.reference} "
            f"(found by {match.how}); nothing was posted",
            ticket,
        )
    if ticket.status in lifecycle.FINAL:
        # The portals tell a requester to make a new request when a closed problem comes back;
        # by email the desk does that for them, so the answer is not lost in a closed ticket.
        return _open(mail, desk, now, follow_up_to=ticket)
    body, notes = _text_for_ticket(reply_text(mail.text), mail)
    try:
        message = tickets.add_reply(
            ticket,
            body,
            actor=author.actor,
            channel=Channel.EMAIL,
            author_email=mail.sender,
            email_message_id=mail.message_id or None,
            now=now,
        )
    except DomainError as error:
        return Outcome(InboundOutcome.REJECTED, _reason(error), ticket)
    notes += _attach(ticket, mail.files, desk, author.actor, message, now)
    detail = f"by the {author.role} (found by {match.how})"
    return Outcome(InboundOutcome.REPLY, "; ".join([detail, *notes]), ticket)


def _open(mail: Incoming, desk: Desk, now: datetime, follow_up_to: Ticket | None = None) -> Outcome:
    """Open a ticket in the email channel, routed like any other, the sender as requester."""
    user = find_user_by_email(mail.sender)
    requester = user if user is not None and user.is_active else None
    # A new request keeps everything (a forwarded complaint is the point); a follow-up keeps
    # only what was written, as a reply would.
    text = reply_text(mail.text) if follow_up_to is not None else mail.text
    description, notes = _text_for_ticket(text, mail)
    subject = mail.subject or description.split("\n", 1)[0][:80] or f"Email from {mail.sender}"
    category = None
    if follow_up_to is not None:
        description = f"Follow-up to {follow_up_to.reference}, which is closed.\n\n{description}"
        subject, category = follow_up_to.subject, follow_up_to.category
    try:
        ticket = tickets.open_ticket(
            actor=requester,
            channel=Channel.EMAIL,
            subject=subject[: tickets.MAX_SUBJECT],
            description=description[: tickets.MAX_BODY],
            requester=requester,
            contact_name=mail.sender_name,
            contact_email=mail.sender,
            category=category,
            language=mail.language,
            now=now,
        )
        db.session.flush()
    except ValidationError as error:
        return Outcome(InboundOutcome.REJECTED, _reason(error))
    notes += _attach(ticket, mail.files, desk, requester, None, now)
    detail = f"follow-up to closed {follow_up_to.reference}" if follow_up_to else "new request"
    return Outcome(InboundOutcome.NEW_TICKET, "; ".join([detail, *notes]), ticket)


def _text_for_ticket(text: str, mail: Incoming) -> tuple[str, list[str]]:
    """The text to post, never empty when files came with it, and cut to the service's limit."""
    notes = []
    if not text.strip() and mail.files:
        text = "Sent by email: " + ", ".join(file.filename for file in mail.files)
    if len(text) > tickets.MAX_BODY:
        text = text[: tickets.MAX_BODY]
        notes.append(f"text shortened to {tickets.MAX_BODY} characters")
    return text, notes


def _attach(
    ticket: Ticket,
    files: list[File],
    desk: Desk,
    actor: User | None,
    message: Message | None,
    now: datetime,
) -> list[str]:
    """Keep each file the upload rules allow; note each one refused (the message still posts)."""
    notes = []
    for file in files:
        try:
            tickets.add_attachment(
                ticket,
                filename=file.filename,
                content_type=file.content_type,
                data=file.data,
                rules=desk.upload_rules,
                actor=actor,
                message=message,
                now=now,
            )
        except DomainError as error:
            notes.append(f"file refused: {_reason(error)}")
    return notes


def _reason(error: DomainError) -> str:
    """The most specific words of a domain error ("photo.exe: files of type .exe are..."), as
    text (a domain words its messages lazily)."""
    fields = getattr(error, "fields", None)
    return "; ".join(map(str, fields.values())) if fields else str(error.message)
