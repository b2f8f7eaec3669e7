"""Keeps the search index in step with the database, after commit only.

Services call :func:`queue` for each article whose live state changed. Just before the
transaction commits, the queued articles become documents (or removals); once it has
committed they are written to the index. A rolled-back transaction drops its queue, so the
index never holds a change the database does not. If the index write itself fails (the lock
was held too long), the article stays as it was in the index and ``servicedesk kb reindex``
repairs it; the failure is logged.
"""

import logging
from collections.abc import Callable, Iterator

from flask import Flask, current_app
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, selectinload

from ..extensions import db
from ..tickets.models import Category
from . import policy
from .models import Article, ArticleAudience
from .render import to_text
from .search import ArticleDocument, SearchBackend, WhooshBackend

log = logging.getLogger(__name__)

EVERY_AUDIENCE = frozenset(ArticleAudience)
_QUEUED = "kb_index_queue"
_READY = "kb_index_ready"


def init_app(app: Flask) -> None:
    folder = app.config.get("KB_INDEX_FOLDER") or f"{app.instance_path}/kb-index"
    app.extensions["kb_search"] = WhooshBackend(folder)


def backend() -> SearchBackend:
    return current_app.extensions["kb_search"]


def queue(article: Article) -> None:
    """Index (or unindex) *article* once the current transaction commits."""
    queued = db.session.info.setdefault(_QUEUED, {})
    queued[article.id] = backend()


def document_for(article: Article) -> ArticleDocument | None:
    """The index's view of an article, or None when readers must not find it."""
    revision = article.published_revision
    if revision is None or not article.is_live:
        return None
    return ArticleDocument(
        article_id=article.id,
        slug=article.slug,
        title=revision.title,
        summary=revision.summary,
        body_text=to_text(revision.body),
        tags=tuple(revision.tags or ()),
        language=article.language,
        audience=article.audience.value,
        category_ids=_with_ancestors(article.categories),
    )


def _with_ancestors(categories: list[Category]) -> tuple[int, ...]:
    ids: set[int] = set()
    for category in categories:
        ids.update(node.id for node in category.path)
    return tuple(sorted(ids))


def all_documents() -> Iterator[ArticleDocument]:
    """Every live article as a document, read in batches."""
    query = (
        policy.visible_articles(EVERY_AUDIENCE)
        .options(selectinload(Article.published_revision), selectinload(Article.categories))
        .order_by(Article.id)
        .execution_options(yield_per=500)
    )
    for article in db.session.scalars(query):
        document = document_for(article)
        if document is not None:
            yield document


def count_live() -> int:
    """How many articles readers can find (the length of a reindex)."""
    live = policy.visible_articles(EVERY_AUDIENCE).subquery()
    return db.session.scalar(select(func.count()).select_from(live)) or 0


def reindex(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database; return how many articles it holds."""
    return backend().rebuild(all_documents(), progress)


@event.listens_for(Session, "before_commit")
def _prepare(session: Session) -> None:
    queued = session.info.pop(_QUEUED, None)
    if not queued:
        return
    session.flush()
    ready = session.info.setdefault(_READY, [])
    for article_id, target in queued.items():
        article = session.get(Article, article_id)
        ready.append((target, article_id, document_for(article) if article else None))


@event.listens_for(Session, "after_commit")
def _write(session: Session) -> None:
    ready = session.info.pop(_READY, None)
    if not ready:
        return
    by_backend: dict[int, tuple[SearchBackend, list, list]] = {}
    for target, article_id, document in ready:
        _, documents, removed = by_backend.setdefault(id(target), (target, [], []))
        if document is None:
            removed.append(article_id)
        else:
            documents.append(document)
    for target, documents, removed in by_backend.values():
        try:
            target.update(documents, removed)
        except Exception:  # the commit stands; reindex repairs the index
            ids = [document.article_id for document in documents] + removed
            log.exception("Could not update the search index for articles %s", ids)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    session.info.pop(_QUEUED, None)
    session.info.pop(_READY, None)
