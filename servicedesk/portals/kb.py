"""Knowledge-base pages every portal shares: search, article, feedback and suggestions.

Each portal mounts the same routes under its own ``/kb`` with its own audience
(``knowledge.policy.portal_audiences``): the citizen portal shows public articles, the
employee portal adds the employees' ones, the agent workspace shows all three.
Searches and suggestions are logged with an anonymous visit key to measure deflection.

Readers get articles in the language of the page first: a search without a chosen language
looks in that language, and only when nothing there matches in every language (and says so).
"""

from dataclasses import replace

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import configured_limit, db, limiter
from ..i18n import current_language
from ..knowledge import indexing, policy
from ..knowledge import service as kb
from ..knowledge.models import LANGUAGES, Article
from ..knowledge.render import to_html
from ..knowledge.search import SearchResults
from ..tickets.models import category_full_names
from .common import current_actor, parse_id

PER_PAGE = 10
SUGGESTIONS = 5
VISIT_KEY = "kb_visit"


def visit_key() -> str:
    """The anonymous key of this browser visit (made on first use, kept in the session)."""
    if VISIT_KEY not in session:
        session[VISIT_KEY] = kb.new_visit_key()
    return session[VISIT_KEY]


def audiences(portal: str):
    return policy.portal_audiences(portal, current_actor())


def search_articles(portal: str, text: str, *, page: int = 1, **filters):
    """Search as this portal's reader may, and log it for the deflection figures.

    Without a ``language`` filter, residents and employees get articles in the page's language
    first: only when none of them matches are all languages searched, and ``results.notice``
    says so. Agents search every language (they answer requests in both).
    """
    backend = indexing.backend()
    if "language" in filters or portal == "agent":
        results = backend.search(text, audiences(portal), page=page, per_page=PER_PAGE, **filters)
    else:
        language = current_language()
        results = backend.search(
            text, audiences(portal), page=page, per_page=PER_PAGE, language=language, **filters
        )
        if not results.hits and page == 1:
            results = backend.search(
                text, audiences(portal), page=page, per_page=PER_PAGE, **filters
            )
            if results.hits:
                results = replace(
                    results,
                    notice=_(
                        "No article in %(language)s matches: these are in other languages.",
                        language=LANGUAGES[language],
                    ),
                )
    if results.query and page == 1:
        kb.log_search(
            portal=portal,
            query=results.query,
            result_count=results.total,
            visit=visit_key(),
            category_id=filters.get("category_id"),
        )
        db.session.commit()
    return results


def suggestions_for(portal: str, text: str) -> list[dict]:
    """Articles that may answer what a person is typing into a request subject."""
    hits = indexing.backend().suggest(text, audiences(portal), limit=SUGGESTIONS)
    if text.strip():
        kb.log_suggestion(portal=portal, query=text, result_count=len(hits), visit=visit_key())
        db.session.commit()
    return [
        {
            "title": hit.title,
            "summary": hit.summary,
            "url": url_for(f"{portal}.kb_article", slug=hit.slug),
            "language": hit.language,
        }
        for hit in hits
    ]


def add_kb_routes(bp: Blueprint, portal: str) -> None:
    """Mount ``/kb``, ``/kb/suggest``, ``/kb/<slug>`` and its feedback on *bp*."""

    def kb_search():
        text = request.args.get("q", "")
        page = parse_id(request.args.get("page")) or 1
        category_id = parse_id(request.args.get("category"))
        # No choice made (the home page's box): the page's language first. "Any" sends lang="".
        chosen = request.args.get("lang")
        language = chosen if chosen in LANGUAGES else None
        filters = {"language": language} if "lang" in request.args else {}
        results = (
            search_articles(portal, text, page=page, category_id=category_id, **filters)
            if text.strip()
            else SearchResults(query="")
        )
        if "lang" not in request.args and results.hits and portal != "agent":
            # The next pages and the language menu carry on with the language searched: the
            # page's own, or any when nothing in it matched.
            fell_back = any(hit.language != current_language() for hit in results.hits)
            language = "" if fell_back else current_language()
        return render_template(
            "kb/search.html",
            portal=portal,
            results=results,
            category_id=category_id,
            language=language,
            languages=LANGUAGES,
            category_names=_category_names(),
            latest=[] if text.strip() else popular_articles(portal),
        )

    def kb_suggest():
        text = request.args.get("q", "")
        return jsonify(query=text[:200], articles=suggestions_for(portal, text))

    def kb_article(slug: str):
        article = _readable(portal, slug)
        kb.record_view(article)
        if VISIT_KEY in session:
            kb.log_article_opened(session[VISIT_KEY], article)
        db.session.commit()
        revision = article.published_revision
        return render_template(
            "kb/article.html",
            portal=portal,
            article=article,
            revision=revision,
            body_html=to_html(revision.body),
        )

    def kb_feedback(slug: str):
        article = _readable(portal, slug)
        answer = request.form.get("helpful")
        if answer not in ("yes", "no"):
            flash(_("Choose Yes or No to tell us whether the article helped."), "error")
        else:
            kb.record_feedback(article, answer == "yes", request.form.get("comment", ""))
            db.session.commit()
            flash(_("Thank you: your answer helps us improve this article."))
        return redirect(url_for(f"{portal}.kb_article", slug=slug) + "#feedback")

    for rule, view, limit, methods in (
        ("/kb", kb_search, "PUBLIC_READ_LIMIT", ["GET"]),
        ("/kb/suggest", kb_suggest, "SUGGEST_LIMIT", ["GET"]),
        ("/kb/<slug>", kb_article, "PUBLIC_READ_LIMIT", ["GET"]),
        ("/kb/<slug>/feedback", kb_feedback, "PUBLIC_WRITE_LIMIT", ["POST"]),
    ):
        endpoint = view.__name__
        bp.add_url_rule(rule, endpoint, _limited(view, portal, limit), methods=methods)


def _limited(view, portal: str, limit: str):
    """Rate-limit one portal's view. Flask-Limiter keys limits by the function's name, and
    every portal's views come from the same code here, so each gets a name of its own."""
    view.__name__ = view.__qualname__ = f"{portal}_{view.__name__}"
    return limiter.limit(configured_limit(limit))(view)


def _readable(portal: str, slug: str) -> Article:
    article = db.session.scalar(select(Article).where(Article.slug == slug[:120]))
    if article is None or not policy.can_read(audiences(portal), article):
        abort(404, _("There is no such article."))  # never say that a hidden one exists
    return article


def popular_articles(portal: str, limit: int = 12) -> list[Article]:
    query = (
        policy.visible_articles(audiences(portal))
        # The reader's language first, then the most read.
        .order_by(
            (Article.language == current_language()).desc(), Article.view_count.desc(), Article.id
        )
        .limit(limit)
    )
    return list(db.session.scalars(query))


def _category_names() -> dict[int, str]:
    return category_full_names(active_only=False, language=current_language())
