"""Knowledge-base articles, their revisions, feedback and the anonymous search log.

An article keeps every revision. ``published_revision`` is the one readers see; the newest
revision may be a draft or in review while the published one stays live, so editing never
takes an answer away from the public. Archiving takes it away.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..dbtypes import EnumText
from ..extensions import db
from ..languages import LANGUAGES  # noqa: F401  (re-exported: the articles' languages)
from ..tickets.models import Category
from ..timeutils import UTCDateTime, utcnow


class ArticleAudience(StrEnum):
    """Who may read an article: anyone, signed-in employees (and staff), or staff only."""

    PUBLIC = "public"
    EMPLOYEES = "employees"
    AGENTS = "agents"

    @property
    def label(self) -> str:
        return {"public": "Public", "employees": "Employees", "agents": "Agents only"}[self.value]


class ArticleStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


article_categories = Table(
    "article_categories",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True),
)


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    language: Mapped[str] = mapped_column(String(5), default="en")
    audience: Mapped[ArticleAudience] = mapped_column(
        EnumText(ArticleAudience, 20), default=ArticleAudience.PUBLIC
    )
    status: Mapped[ArticleStatus] = mapped_column(
        EnumText(ArticleStatus, 20), default=ArticleStatus.DRAFT
    )
    # No foreign key: articles and revisions would point at each other, a cycle migrations
    # cannot create on SQLite. Revisions are never deleted except with their article.
    published_revision_id: Mapped[int | None]
    view_count: Mapped[int] = mapped_column(default=0)
    helpful_count: Mapped[int] = mapped_column(default=0)
    not_helpful_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    categories: Mapped[list[Category]] = relationship(
        secondary=article_categories, order_by="Category.name"
    )
    revisions: Mapped[list["ArticleRevision"]] = relationship(
        back_populates="article",
        order_by="ArticleRevision.number",
        foreign_keys="ArticleRevision.article_id",
        cascade="all, delete-orphan",
    )
    published_revision: Mapped["ArticleRevision | None"] = relationship(
        primaryjoin="foreign(Article.published_revision_id) == ArticleRevision.id",
        post_update=True,  # the revision is inserted after the article that points at it
    )

    @property
    def latest(self) -> "ArticleRevision":
        return self.revisions[-1]

    @property
    def is_live(self) -> bool:
        """Readers outside the workspace see it: a revision is published and not archived."""
        return self.published_revision_id is not None and self.status != ArticleStatus.ARCHIVED

    @property
    def has_unpublished_changes(self) -> bool:
        return self.published_revision_id is not None and self.latest.id != (
            self.published_revision_id
        )

    def __str__(self) -> str:
        return self.latest.title if self.revisions else self.slug


class ArticleRevision(db.Model):
    """One saved version of an article's text; never changed once written."""

    __tablename__ = "article_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown, rendered when shown
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(String(300), default="")  # the editor's change note
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[Article] = relationship(back_populates="revisions", foreign_keys=[article_id])
    author: Mapped[User | None] = relationship()


class ArticleFeedback(db.Model):
    """One reader's "was this helpful?" answer, with an optional comment."""

    __tablename__ = "article_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("article_revisions.id", ondelete="SET NULL")
    )
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchLog(db.Model):
    """One search or suggestion lookup, kept anonymously to measure deflection.

    ``visit`` is a random key of the browser session (never a user id), so a search can be
    tied to a ticket filed later in the same visit without knowing who searched.
    """

    __tablename__ = "kb_search_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    portal: Mapped[str] = mapped_column(String(20))  # citizen, employee, agent, api
    kind: Mapped[str] = mapped_column(String(20), default="search")  # search or suggestion
    query: Mapped[str] = mapped_column(String(200))
    result_count: Mapped[int] = mapped_column(default=0)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL")
    )
    visit: Mapped[str] = mapped_column(String(40), default="", index=True)
    opened_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL")
    )
    ticket_filed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_kb_search_log_created", "created_at"),)
