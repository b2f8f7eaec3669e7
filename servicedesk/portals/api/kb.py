"""The knowledge base: search and read the articles the caller may read; staff write them.

Readers (anonymous callers, residents, employees) get live articles of their audiences and
only the published revision, as in their portal. Staff see every article with its newest
revision and status, write drafts through ``knowledge.service`` (agents submit for review,
team leads and admins publish, send back, archive and restore), and every change is audited.
"""

from flask.views import MethodView
from sqlalchemy import select

from ...accounts.models import User
from ...errors import NotFound, ValidationError
from ...extensions import configured_limit, db, limiter
from ...knowledge import indexing, policy, render
from ...knowledge import service as kb
from ...knowledge.models import Article, ArticleStatus
from ...tickets.models import Category
from . import schemas
from .auth import api_actor, api_blueprint, require_actor
from .paging import page_by_id

ANONYMOUS_READS = True
PER_PAGE = 10
WRITE_SECURITY = [{"bearerAuth": []}]

blp = api_blueprint(
    "knowledge",
    url_prefix="/api/v1/kb",
    description="Search and read articles; staff write them. Readers see live articles of "
    "their audience (public; employees also the employees' ones; staff all).",
    anonymous_reads=ANONYMOUS_READS,
)


@blp.get("/search")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
@blp.arguments(schemas.KbSearchArgs, location="query", unknown=schemas.RAISE)
@blp.response(200, schemas.KbSearchResult)
def kb_search(args: dict):
    """Search the articles the caller may read: `?q=words&page=1&lang=en&category=3`."""
    if not args["q"].strip():
        raise ValidationError("Say what to search for in q.", {"q": "Required."})
    results = indexing.backend().search(
        args["q"],
        policy.audiences_for(api_actor()),
        page=args["page"],
        per_page=PER_PAGE,
        language=args.get("lang"),
        category_id=args.get("category"),
    )
    return {
        "query": results.query,
        "total": results.total,
        "page": results.page,
        "pages": results.page_count,
        "did_you_mean": results.did_you_mean,
        "notice": results.notice or None,
        "categories": [
            {"id": cid, "count": n} for cid, n in sorted(results.category_counts.items())
        ],
        "articles": [
            {
                "id": hit.article_id,
                "slug": hit.slug,
                "title": hit.title,
                "summary": hit.summary,
                "snippet_html": hit.snippet_html,
                "language": hit.language,
                "audience": hit.audience,
            }
            for hit in results.hits
        ],
    }


def article_out(article: Article, actor: User | None) -> dict:
    """Staff get the newest revision; readers the published one."""
    staff = policy.can_edit(actor)
    revision = article.latest if staff else article.published_revision
    return {
        "id": article.id,
        "slug": article.slug,
        "title": revision.title,
        "summary": revision.summary,
        "body": revision.body,
        "body_html": render.to_html(revision.body),
        "tags": list(revision.tags or []),
        "language": article.language,
        "audience": article.audience.value,
        "status": article.status.value,
        "category_ids": sorted(c.id for c in article.categories),
        "revision": revision.number,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
    }


def _readable(actor: User | None):
    """Staff read every article; others the live ones of their audiences."""
    if policy.can_edit(actor):
        return select(Article)
    return policy.visible_articles(policy.audiences_for(actor))


def load_article(article_id: int, actor: User | None) -> Article:
    """:raises NotFound: for an article that does not exist or the caller may not read."""
    article = (
        db.session.scalar(_readable(actor).where(Article.id == article_id))
        if article_id <= schemas.MAX_ID
        else None
    )
    if article is None:
        raise NotFound(f"There is no article {article_id} you can read.")
    return article


def _categories(ids: list[int] | None) -> list[Category] | None:
    if ids is None:
        return None
    found = list(db.session.scalars(select(Category).where(Category.id.in_(ids))))
    if len(found) != len(set(ids)):
        raise ValidationError(
            "Unknown category.", {"category_ids": "Use ids from GET /api/v1/categories."}
        )
    return found


@blp.route("/articles")
class Articles(MethodView):
    @blp.arguments(schemas.ArticleListArgs, location="query", unknown=schemas.RAISE)
    @blp.response(200, schemas.ArticlePage)
    def get(self, args: dict):
        """Articles the caller may read, newest first (staff may filter by status)."""
        actor = api_actor()
        query = _readable(actor)
        if args.get("lang"):
            query = query.where(Article.language == args["lang"])
        if args.get("status"):
            if not policy.can_edit(actor):
                raise ValidationError(
                    "Only staff filter by status.", {"status": "Readers see published articles."}
                )
            query = query.where(Article.status == ArticleStatus(args["status"]))
        page = page_by_id(query, Article.id, args, newest_first=True)
        return page | {"items": [article_out(a, actor) for a in page["items"]]}

    @blp.doc(security=WRITE_SECURITY)
    @blp.arguments(schemas.ArticleWrite)
    @blp.response(201, schemas.ArticleSchema)
    def post(self, body: dict):
        """Start an article as a draft (staff)."""
        actor = require_actor()
        article = kb.create_article(
            _text(body),
            actor=actor,
            language=body.get("language") or "en",
            audience=body.get("audience") or "public",
            categories=_categories(body.get("category_ids")) or (),
        )
        db.session.commit()
        return article_out(article, actor)


def _text(body: dict) -> kb.ArticleText:
    return kb.ArticleText(
        title=body["title"],
        summary=body["summary"],
        body=body["body"],
        tags=body["tags"],
        note=body["note"],
    )


@blp.route("/articles/<int:article_id>")
class ArticleItem(MethodView):
    @blp.response(200, schemas.ArticleSchema)
    def get(self, article_id: int):
        """Read an article (readers: its published revision)."""
        actor = api_actor()
        return article_out(load_article(article_id, actor), actor)

    @blp.doc(security=WRITE_SECURITY)
    @blp.arguments(schemas.ArticleWrite)
    @blp.response(200, schemas.ArticleSchema)
    def put(self, body: dict, article_id: int):
        """Save an edit as a new revision (staff). The published revision stays live until
        the next publish; changing a live article's audience, language or categories takes a
        team lead or admin."""
        actor = require_actor()
        article = load_article(article_id, actor)
        kb.save_revision(
            article,
            _text(body),
            actor=actor,
            language=body.get("language"),
            audience=body.get("audience"),
            categories=_categories(body.get("category_ids")),
        )
        db.session.commit()
        return article_out(article, actor)


ACTIONS = {
    "submit": kb.submit_for_review,
    "publish": kb.publish,
    "archive": kb.archive,
    "restore": kb.restore,
}


@blp.post("/articles/<int:article_id>/actions")
@blp.doc(security=WRITE_SECURITY)
@blp.arguments(schemas.ArticleAction)
@blp.response(200, schemas.ArticleSchema)
def article_action(body: dict, article_id: int):
    """Move an article through review: submit (agents), publish, send_back, archive, restore
    (team leads and admins)."""
    actor = require_actor()
    article = load_article(article_id, actor)
    policy.require_edit(actor)
    if body["action"] == "send_back":
        kb.send_back(article, actor=actor, note=body["note"])
    else:
        ACTIONS[body["action"]](article, actor=actor)
    db.session.commit()
    return article_out(article, actor)
