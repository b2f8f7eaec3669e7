"""The sentiment flag: requester text that is very negative or names a danger is flagged, so
the queue shows it and a routing rule can send it somewhere first.

Scoring: VADER (``vaderSentiment``, a lexicon and rules that ship inside the package and run
offline) gives a compound score from -1 to 1; a score at or below ``NEGATIVE_THRESHOLD``
flags. VADER reads English only, so safety words are listed in English and Spanish and flag
on their own, whatever the score: a calm "there is a gas leak" must not wait in line.

What is scored: the subject and description of a new ticket and every public reply from its
requester (never staff text). A ticket keeps its most negative score; once flagged it stays
flagged. The flag is written in the same transaction as the text, from the ticket signals.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select

from .. import signals
from ..extensions import db
from ..tickets.routing import contains_phrase
from ..timeutils import utcnow
from .models import SentimentFlag

NEGATIVE_THRESHOLD = -0.6
# Phrases match as whole words, case- and accent-insensitive ("Fuga de GAS" matches).
SAFETY_TERMS = (
    # English
    "gas leak",
    "smell of gas",
    "smells of gas",
    "smell gas",
    "exposed wire",
    "exposed wires",
    "live wire",
    "live wires",
    "downed power line",
    "power line down",
    "sparking",
    "electric shock",
    "flooding",
    "flooded",
    "sinkhole",
    "on fire",
    "carbon monoxide",
    "collapsed",
    "collapsing",
    "asbestos",
    "sewage overflow",
    # Spanish
    "fuga de gas",
    "olor a gas",
    "huele a gas",
    "cables expuestos",
    "cables pelados",
    "cable pelado",
    "cable caido",
    "cables caidos",
    "descarga electrica",
    "inundacion",
    "inundado",
    "inundada",
    "socavon",
    "incendio",
    "monoxido de carbono",
    "derrumbe",
    "amianto",
)


@dataclass(frozen=True)
class Assessment:
    score: float
    safety_terms: tuple[str, ...]

    @property
    def is_flagged(self) -> bool:
        return bool(self.safety_terms) or self.score <= NEGATIVE_THRESHOLD

    @property
    def reason(self) -> str:
        if self.safety_terms:
            return "Safety: " + ", ".join(self.safety_terms)
        if self.is_flagged:
            return f"Very negative ({self.score:.2f})"
        return ""


@lru_cache(maxsize=1)
def _analyzer():
    # Loading the lexicon takes a moment: once per process.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def assess(text: str) -> Assessment:
    """Score *text* and find the safety words in it."""
    text = (text or "")[:20_000]
    terms = tuple(term for term in SAFETY_TERMS if contains_phrase(text, term))
    score = _analyzer().polarity_scores(text)["compound"] if text.strip() else 0.0
    return Assessment(round(score, 4), terms)


def is_alarming(*texts: str) -> bool:
    """Tell whether any of *texts* would raise the flag (routing asks before filing)."""
    return any(assess(text).is_flagged for text in texts if text)


def record(ticket_id: int, text: str, now: datetime) -> SentimentFlag:
    """Score *text* for a ticket and keep the most negative result (flush, no commit)."""
    found = assess(text)
    row = db.session.get(SentimentFlag, ticket_id)
    if row is None:
        row = SentimentFlag(ticket_id=ticket_id, score=found.score, is_flagged=False, reason="")
        db.session.add(row)
    if found.score < row.score:
        row.score = found.score
    if found.is_flagged and not row.is_flagged:
        row.is_flagged, row.reason = True, found.reason
    elif found.safety_terms and not row.reason.startswith("Safety"):
        row.reason = found.reason
    row.updated_at = now
    db.session.flush()
    return row


def flags_for(ticket_ids: list[int]) -> dict[int, SentimentFlag]:
    """The flagged tickets among *ticket_ids* (for a queue page)."""
    if not ticket_ids:
        return {}
    rows = db.session.scalars(
        select(SentimentFlag).where(
            SentimentFlag.ticket_id.in_(ticket_ids), SentimentFlag.is_flagged.is_(True)
        )
    )
    return {row.ticket_id: row for row in rows}


def find_flag(ticket_id: int) -> SentimentFlag | None:
    row = db.session.get(SentimentFlag, ticket_id)
    return row if row is not None and row.is_flagged else None


def _on_opened(ticket, **_):
    # Filed by an agent for a caller, the words are still the caller's: always scored.
    record(ticket.id, f"{ticket.subject}\n{ticket.description}", ticket.created_at or utcnow())


def _on_replied(ticket, actor=None, message=None, **_):
    if message is None or (actor is not None and actor.is_staff):
        return  # staff text is never scored
    record(ticket.id, message.body, message.created_at or utcnow())


def connect_signals() -> None:
    signals.ticket_opened.connect(_on_opened, weak=False)
    signals.ticket_replied.connect(_on_replied, weak=False)
