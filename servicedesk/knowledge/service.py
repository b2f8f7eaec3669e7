"""The one write path for articles: drafts, review, publishing, feedback and the search log.

Every state change records an audit entry in the same transaction and queues the article for
the search index, which is written after commit (see ``indexing``). Services flush; the edge
commits.
"""

import difflib
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select, update

from .. import audit
from ..accounts.models import User
from ..errors import InvalidTransition, NotFound, ValidationError
from ..extensions import db
from ..tickets.models import Category, category_full_names
from ..timeutils import utcnow
from . import indexing, policy
from .models import (
    LANGUAGES,
    Article,
    ArticleAudience,
    ArticleFeedback,
    ArticleRevision,
    ArticleStatus,
    SearchLog,
)

MAX_TITLE = 200
MAX_SUMMARY = 500
MAX_BODY = 100_000
MAX_TAGS = 12
MAX_COMMENT = 2000
TYPING_PAUSE = timedelta(minutes=2)  # suggestions closer than this belong to one request
VISIT_SPAN = timedelta(hours=1)  # a ticket filed this soon after a search was not deflected

# The editorial workflow: which status each verb moves an article from and to.
TRANSITIONS: dict[str, tuple[frozenset[ArticleStatus], ArticleStatus]] = {
    "submit": (frozenset({ArticleStatus.DRAFT}), ArticleStatus.IN_REVIEW),
    "send_back": (frozenset({ArticleStatus.IN_REVIEW}), ArticleStatus.DRAFT),
    "publish": (frozenset({ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW}), ArticleStatus.PUBLISHED),
    "archive": (
        frozenset({ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW, ArticleStatus.PUBLISHED}),
        ArticleStatus.ARCHIVED,
    ),
    "restore": (frozenset({ArticleStatus.ARCHIVED}), ArticleStatus.DRAFT),
}


@dataclass(frozen=True)
class ArticleText:
    """What an editor writes: the parts of a revision."""

    title: str
    summary: str = ""
    body: str = ""
    tags: Sequence[str] = ()
    note: str = ""


def get_article(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    return article


def create_article(
    text: ArticleText,
    *,
    actor: User,
    language: str = "en",
    audience: ArticleAudience | str = ArticleAudience.PUBLIC,
    categories: Iterable[Category] = (),
    slug: str = "",
    now: datetime | None = None,
) -> Article:
    """Start an article as a draft with its first revision."""
    policy.require_edit(actor)
    now = now or utcnow()
    title, summary, body, tags, note = _check_text(text)
    _check_language(language)
    article = Article(
        slug=_unique_slug(slug or title),
        language=language,
        audience=_check_audience(audience),
        status=ArticleStatus.DRAFT,
        categories=list(categories),
        created_at=now,
        updated_at=now,
    )
    article.revisions.append(
        ArticleRevision(
            number=1,
            title=title,
            summary=summary,
            body=body,
            tags=tags,
            note=note,
            author=actor,
            created_at=now,
        )  # fmt: skip
    )
    db.session.add(article)
    audit.record(actor, "article.created", article, f'Draft "{title}" ({article.audience.label}).')
    return article


def save_revision(
    article: Article,
    text: ArticleText,
    *,
    actor: User,
    language: str | None = None,
    audience: ArticleAudience | str | None = None,
    categories: Iterable[Category] | None = None,
    now: datetime | None = None,
) -> ArticleRevision | None:
    """Save an edit as a new revision (the published one stays live until the next publish).

    Returns the new revision, or None when nothing changed. Widening who may read a live
    article takes effect at once, so only those who publish may change a live article's
    audience, language or categories.
    """
    policy.require_edit(actor)
    if article.status == ArticleStatus.ARCHIVED:
        raise InvalidTransition("Restore the article before editing it.")
    now = now or utcnow()
    title, summary, body, tags, note = _check_text(text)
    changes = _settings_changes(article, language, audience, categories)
    if changes and article.is_live:
        policy.require_publish(actor)
    latest = article.latest
    text_changed = (title, summary, body, list(tags)) != (
        latest.title, latest.summary, latest.body, list(latest.tags or ()),
    )  # fmt: skip
    if not text_changed and not changes:
        return None
    for name, value in changes.items():
        setattr(article, name, value)
    revision = None
    if text_changed:
        revision = ArticleRevision(
            number=latest.number + 1, title=title, summary=summary, body=body, tags=tags,
            note=note, author=actor, created_at=now,
        )  # fmt: skip
        article.revisions.append(revision)
        if article.status == ArticleStatus.IN_REVIEW or article.status == ArticleStatus.PUBLISHED:
            article.status = ArticleStatus.DRAFT  # a changed text is reviewed again
    article.updated_at = now
    summary_parts = [f"revision {revision.number}" if revision else ""]
    summary_parts += [f"{name} changed" for name in changes]
    audit.record(actor, "article.edited", article, ", ".join(p for p in summary_parts if p) + ".")
    if changes and article.is_live:
        indexing.queue(article)
    return revision


def _settings_changes(article, language, audience, categories) -> dict:
    changes = {}
    if language is not None and language != article.language:
        _check_language(language)
        changes["language"] = language
    if audience is not None and _check_audience(audience) != article.audience:
        changes["audience"] = _check_audience(audience)
    if categories is not None:
        categories = list(categories)
        if {c.id for c in categories} != {c.id for c in article.categories}:
            changes["categories"] = categories
    return changes


def submit_for_review(article: Article, *, actor: User, now: datetime | None = None) -> None:
    policy.require_edit(actor)
    _move(article, "submit", actor, now, "Submitted for review.")


def send_back(article: Article, *, actor: User, note: str = "", now: datetime | None = None):
    policy.require_publish(actor)
    reason = f" {note.strip()[:300]}" if note.strip() else ""
    _move(article, "send_back", actor, now, f"Sent back to draft.{reason}")


def publish(article: Article, *, actor: User, now: datetime | None = None) -> None:
    """Make the newest revision the one readers see."""
    policy.require_publish(actor)
    now = now or utcnow()
    revision = article.latest
    _move(article, "publish", actor, now, f"Published revision {revision.number}.")
    article.published_revision = revision
    article.published_at = now
    indexing.queue(article)


def archive(article: Article, *, actor: User, now: datetime | None = None) -> None:
    """Take the article away from readers; its revisions stay."""
    policy.require_publish(actor)
    _move(article, "archive", actor, now, "Archived: readers no longer see it.")
    indexing.queue(article)


def restore(article: Article, *, actor: User, now: datetime | None = None) -> None:
    """Bring an archived article back: readers see its published revision again, if it has
    one; the status is again that of its newest revision."""
    policy.require_publish(actor)
    _move(article, "restore", actor, now, "Restored.")
    if article.published_revision_id is not None:
        if article.latest.id == article.published_revision_id:
            article.status = ArticleStatus.PUBLISHED
        indexing.queue(article)


def _move(article: Article, verb: str, actor: User, now: datetime | None, summary: str) -> None:
    sources, target = TRANSITIONS[verb]
    if article.status not in sources:
        raise InvalidTransition(
            f"A {article.status.label.lower()} article cannot be {_PAST[verb]}."
        )
    article.status = target
    article.updated_at = now or utcnow()
    audit.record(actor, f"article.{_PAST[verb].replace(' ', '_')}", article, summary, now=now)


_PAST = {
    "submit": "submitted",
    "send_back": "sent back",
    "publish": "published",
    "archive": "archived",
    "restore": "restored",
}


# --- readers -------------------------------------------------------------------------------


def record_view(article: Article) -> None:
    """Count a reader's visit (one UPDATE, safe under concurrent readers)."""
    db.session.execute(
        update(Article).where(Article.id == article.id).values(view_count=Article.view_count + 1)
    )


def record_feedback(article: Article, helpful: bool, comment: str = "") -> ArticleFeedback:
    """A reader's "was this helpful?" answer; the comment is optional and kept as text."""
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            "The comment is too long.", {"comment": f"At most {MAX_COMMENT} characters."}
        )
    feedback = ArticleFeedback(
        article_id=article.id,
        revision_id=article.published_revision_id,
        helpful=bool(helpful),
        comment=comment,
    )
    db.session.add(feedback)
    counter = Article.helpful_count if helpful else Article.not_helpful_count
    db.session.execute(
        update(Article).where(Article.id == article.id).values({counter: counter + 1})
    )
    db.session.flush()
    return feedback


def revision_diff(older: ArticleRevision | None, newer: ArticleRevision) -> list[tuple[str, str]]:
    """A readable line diff of two revisions: ("added" | "removed" | "same", line)."""
    before = _diffable(older) if older else []
    after = _diffable(newer)
    lines = []
    for line in difflib.ndiff(before, after):
        marker, text = line[:2], line[2:]
        if marker == "? ":
            continue
        lines.append(({"+ ": "added", "- ": "removed"}.get(marker, "same"), text))
    return lines


def _diffable(revision: ArticleRevision) -> list[str]:
    return [
        f"Title: {revision.title}",
        f"Summary: {revision.summary}",
        f"Tags: {', '.join(revision.tags or ())}",
        "",
        *revision.body.splitlines(),
    ]


# --- the search log (anonymous) ------------------------------------------------------------


def new_visit_key() -> str:
    """A random key for one browser visit; it names no one."""
    return secrets.token_urlsafe(16)


def log_search(
    *,
    portal: str,
    query: str,
    result_count: int,
    visit: str = "",
    kind: str = "search",
    category_id: int | None = None,
    now: datetime | None = None,
) -> SearchLog:
    entry = SearchLog(
        portal=portal,
        kind=kind,
        query=" ".join(query.split())[:200],
        result_count=result_count,
        visit=visit[:40],
        category_id=category_id,
        created_at=now or utcnow(),
    )
    db.session.add(entry)
    return entry


def log_suggestion(
    *, portal: str, query: str, result_count: int, visit: str = "", now: datetime | None = None
) -> SearchLog:
    """Log suggestions shown while someone types. Typing "stre", "street", "streetlight"
    is one entry, updated as the words grow, not three."""
    now = now or utcnow()
    query = " ".join(query.split())[:200]
    latest = _latest_search(visit)
    if (
        latest is not None
        and latest.kind == "suggestion"
        and now - latest.created_at < TYPING_PAUSE
        and (query.startswith(latest.query) or latest.query.startswith(query))
    ):
        latest.query, latest.result_count, latest.created_at = query, result_count, now
        return latest
    return log_search(
        portal=portal, query=query, result_count=result_count, visit=visit, kind="suggestion",
        now=now,
    )  # fmt: skip


def log_article_opened(visit: str, article: Article) -> None:
    """The visit's latest search led to this article."""
    latest = _latest_search(visit)
    if latest is not None and latest.opened_article_id is None:
        latest.opened_article_id = article.id


def log_ticket_filed(visit: str, category_id: int | None, now: datetime | None = None) -> int:
    """The visit filed a ticket: its recent searches did not deflect it."""
    if not visit:
        return 0
    recent = (SearchLog.visit == visit, SearchLog.created_at >= (now or utcnow()) - VISIT_SPAN)
    result = db.session.execute(update(SearchLog).where(*recent).values(ticket_filed=True))
    if category_id is not None:  # what the person searched for, as they then filed it
        db.session.execute(
            update(SearchLog)
            .where(*recent, SearchLog.category_id.is_(None))
            .values(category_id=category_id)
        )
    return result.rowcount or 0


def _latest_search(visit: str) -> SearchLog | None:
    if not visit:
        return None
    return db.session.scalar(
        select(SearchLog).where(SearchLog.visit == visit).order_by(SearchLog.id.desc()).limit(1)
    )


# --- checks --------------------------------------------------------------------------------


def _check_text(text: ArticleText) -> tuple[str, str, str, list[str], str]:
    errors = {}
    title = " ".join((text.title or "").split())
    if not title:
        errors["title"] = "A title is required."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"The title is at most {MAX_TITLE} characters."
    summary = " ".join((text.summary or "").split())
    if len(summary) > MAX_SUMMARY:
        errors["summary"] = f"The summary is at most {MAX_SUMMARY} characters."
    body = (text.body or "").replace("\r\n", "\n").strip()
    if len(body) > MAX_BODY:
        errors["body"] = f"The body is at most {MAX_BODY:,} characters."
    tags = _clean_tags(text.tags)
    if len(tags) > MAX_TAGS:
        errors["tags"] = f"At most {MAX_TAGS} tags."
    if errors:
        raise ValidationError("The article could not be saved.", errors)
    return title, summary, body, tags, " ".join((text.note or "").split())[:300]


def _clean_tags(tags: Iterable[str] | str) -> list[str]:
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned = []
    for tag in tags:
        tag = " ".join(tag.lower().split())[:40]
        if tag and tag not in cleaned:
            cleaned.append(tag)
    return cleaned


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError(
            "Unknown language.", {"language": f"Choose one of {', '.join(LANGUAGES)}."}
        )


def _check_audience(audience: ArticleAudience | str) -> ArticleAudience:
    try:
        return ArticleAudience(audience)
    except ValueError:
        raise ValidationError(
            "Unknown audience.", {"audience": "Choose public, employees or agents."}
        ) from None


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "article"


# Paths beside the article pages under /<portal>/kb/ that a slug must not shadow.
RESERVED_SLUGS = frozenset({"articles", "insights", "suggest", "new"})


def _unique_slug(text: str) -> str:
    base = slugify(text)
    if base in RESERVED_SLUGS:
        base = f"{base}-article"
    taken = set(db.session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def deflection_report(
    since: datetime | None = None,
    until: datetime | None = None,
    portals: Iterable[str] | None = None,
) -> "DeflectionReport":
    """Per category, the share of searches that ended without a ticket; queries that found
    nothing (content gaps). *until* is exclusive; *portals* narrows to those portals' searches."""
    conditions = [SearchLog.portal != "agent"]  # staff looking things up are not deflected
    if since is not None:
        conditions.append(SearchLog.created_at >= since)
    if until is not None:
        conditions.append(SearchLog.created_at < until)
    if portals is not None:
        conditions.append(SearchLog.portal.in_(list(portals)))
    rows = db.session.execute(
        select(
            SearchLog.category_id,
            func.count(),
            func.sum(case((SearchLog.ticket_filed, 1), else_=0)),
        )
        .where(*conditions)
        .group_by(SearchLog.category_id)
    ).all()
    gaps = db.session.execute(
        select(SearchLog.query, func.count().label("times"))
        .where(*conditions, SearchLog.result_count == 0)
        .group_by(SearchLog.query)
        .order_by(func.count().desc(), SearchLog.query)
        .limit(25)
    ).all()
    names = category_full_names(active_only=False)
    per_category = [
        DeflectionRow(
            category=names.get(category_id, "No category") if category_id else "No category",
            searches=searches,
            deflected=searches - int(filed or 0),
        )
        for category_id, searches, filed in rows
    ]
    per_category.sort(key=lambda row: (-row.searches, row.category))
    return DeflectionReport(per_category, [(query, times) for query, times in gaps])


@dataclass(frozen=True)
class DeflectionRow:
    category: str
    searches: int
    deflected: int

    @property
    def rate(self) -> float:
        return self.deflected / self.searches if self.searches else 0.0


@dataclass(frozen=True)
class DeflectionReport:
    per_category: list[DeflectionRow]
    content_gaps: list[tuple[str, int]]
