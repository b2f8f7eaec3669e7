"""Who reads and who edits knowledge-base articles. Deny by default.

Readers outside the workspace see live articles (a published revision, not archived) of their
audiences: everyone the public ones, employees also the employees' ones, staff all three.
"""

from sqlalchemy import Select, select

from ..accounts.models import User
from ..errors import PermissionDenied
from .models import Article, ArticleAudience, ArticleStatus


def audiences_for(user: User | None) -> frozenset[ArticleAudience]:
    if user is None or not user.is_active:
        return frozenset({ArticleAudience.PUBLIC})
    if user.is_staff:
        return frozenset(ArticleAudience)
    if user.role == "employee":
        return frozenset({ArticleAudience.PUBLIC, ArticleAudience.EMPLOYEES})
    return frozenset({ArticleAudience.PUBLIC})


def portal_audiences(portal: str, user: User | None) -> frozenset[ArticleAudience]:
    """What a portal shows: its own audience, narrowed to what the reader may see.

    The citizen portal shows public articles to everyone, staff included, so an agent sees
    exactly what residents see there.
    """
    shown = {
        "citizen": {ArticleAudience.PUBLIC},
        "employee": {ArticleAudience.PUBLIC, ArticleAudience.EMPLOYEES},
        "agent": set(ArticleAudience),
    }[portal]
    return frozenset(shown) & audiences_for(user)


def visible_articles(audiences: frozenset[ArticleAudience]) -> Select:
    """Live articles of these audiences."""
    return select(Article).where(
        Article.published_revision_id.is_not(None),
        Article.status != ArticleStatus.ARCHIVED,
        Article.audience.in_(sorted(audiences)),
    )


def can_read(audiences: frozenset[ArticleAudience], article: Article) -> bool:
    return article.is_live and article.audience in audiences


def can_edit(user: User | None) -> bool:
    """Staff write drafts and submit them for review."""
    return user is not None and user.is_active and user.is_staff


def can_publish(user: User | None) -> bool:
    """Team leads and admins publish, send back and archive."""
    return user is not None and user.is_active and (user.is_lead or user.is_admin)


def require_edit(user: User | None) -> None:
    if not can_edit(user):
        raise PermissionDenied("Only service-desk staff edit articles.")


def require_publish(user: User | None) -> None:
    if not can_publish(user):
        raise PermissionDenied("Only team leads and admins publish or archive articles.")
