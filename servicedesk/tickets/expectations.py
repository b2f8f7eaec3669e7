"""How long a resident can expect to wait, in plain words, before and after filing.

From what really happened: the median and the 90th percentile of the time from filing to
resolution of the category's tickets resolved in the last 90 days. With fewer than
``MIN_SAMPLES`` of them the SLA target the category would get stands in.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median, quantiles

from sqlalchemy import select

from ..extensions import db
from ..i18n import LazyText, lazy_plural, lazy_text
from . import routing, sla_clocks
from .models import Category, Channel, Ticket

WINDOW = timedelta(days=90)
MIN_SAMPLES = 10
# Enough for stable percentiles; the newest tickets say the most about today's pace.
MAX_SAMPLES = 2_000


@dataclass(frozen=True)
class Expectation:
    """``typical`` and ``most`` (9 in 10) from history, or ``target`` from the SLA policy."""

    typical: timedelta | None = None
    most: timedelta | None = None
    samples: int = 0
    target_business_minutes: int | None = None

    @property
    def from_history(self) -> bool:
        return self.typical is not None

    def sentence(self) -> LazyText:
        """The expectation in plain words, in the language of whoever reads it."""
        if self.from_history:
            return lazy_text(
                "Most reports like this are resolved within %(typical)s; 9 in 10 within "
                "%(most)s (from %(samples)s reports in the last 90 days).",
                typical=duration_words(self.typical),
                most=duration_words(self.most),
                samples=self.samples,
            )
        if self.target_business_minutes is not None:
            days = self.target_business_minutes / (8 * 60)
            target = (
                lazy_plural(
                    "%(num)s working hour",
                    "%(num)s working hours",
                    round(self.target_business_minutes / 60),
                )
                if days < 1
                else lazy_plural("%(num)s working day", "%(num)s working days", round(days))
            )
            return lazy_text(
                "Our target is to resolve reports like this within %(target)s.", target=target
            )
        return lazy_text("We will tell you when we expect to resolve it.")


def for_category(category: Category, now: datetime) -> Expectation:
    """What a resident filing in *category* (or its sub-categories) can expect."""
    ids = _with_descendants(category.id)
    rows = db.session.execute(
        select(Ticket.created_at, Ticket.resolved_at)
        .where(
            Ticket.category_id.in_(ids),
            Ticket.resolved_at.is_not(None),
            Ticket.resolved_at >= now - WINDOW,
            Ticket.duplicate_of_id.is_(None),
        )
        .order_by(Ticket.resolved_at.desc())
        .limit(MAX_SAMPLES)
    ).all()
    durations = sorted(row.resolved_at - row.created_at for row in rows)
    if len(durations) >= MIN_SAMPLES:
        ninetieth = quantiles(durations, n=10, method="inclusive")[-1]
        return Expectation(median(durations), ninetieth, len(durations))
    policy = sla_clocks.policy_for(_resident_facts(category))
    return Expectation(target_business_minutes=policy.resolution_minutes if policy else None)


def _resident_facts(category: Category) -> routing.TicketFacts:
    return routing.TicketFacts(
        category_path=tuple(node.id for node in category.path),
        channel=Channel.CITIZEN_PORTAL.value,
        audience="residents",
        subject="",
        description="",
        priority="medium",
    )


def _with_descendants(category_id: int) -> list[int]:
    parents = dict(db.session.execute(select(Category.id, Category.parent_id)).all())
    found, frontier = {category_id}, [category_id]
    while frontier:
        current = frontier.pop()
        children = [child for child, parent in parents.items() if parent == current]
        frontier += [child for child in children if child not in found]
        found.update(children)
    return sorted(found)


def duration_words(span: timedelta) -> LazyText:
    """``3 days``, ``5 hours``, ``40 minutes``: rounded the way a person would say it."""
    minutes = span.total_seconds() / 60
    if minutes < 90:
        return lazy_plural("%(num)s minute", "%(num)s minutes", max(round(minutes), 1))
    if minutes < 36 * 60:
        return lazy_plural("%(num)s hour", "%(num)s hours", round(minutes / 60))
    return lazy_plural("%(num)s day", "%(num)s days", round(minutes / (24 * 60)))
