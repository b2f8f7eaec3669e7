"""The JSON API at ``/api/v1``. Errors answer JSON (see ``common.error_response``).

The caller's audience comes from their session for now; API tokens come with the API issue.
"""

from flask import Blueprint, jsonify, request

from ...extensions import configured_limit, limiter
from ...knowledge import indexing, policy
from ...knowledge.models import LANGUAGES
from ..common import current_actor, parse_id

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PER_PAGE = 10


@bp.get("/kb/search")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def kb_search():
    """Search the articles the caller may read: ``?q=words&page=1&lang=en&category=3``."""
    text = request.args.get("q", "")
    if not text.strip():
        return jsonify(error="Say what to search for in q.", fields={"q": "Required."}), 400
    language = request.args.get("lang") or None
    if language is not None and language not in LANGUAGES:
        message = f"Use one of {', '.join(LANGUAGES)}."
        return jsonify(error="Unknown language.", fields={"lang": message}), 400
    results = indexing.backend().search(
        text,
        policy.audiences_for(current_actor()),
        page=parse_id(request.args.get("page")) or 1,
        per_page=PER_PAGE,
        language=language,
        category_id=parse_id(request.args.get("category")),
    )
    return jsonify(
        query=results.query,
        total=results.total,
        page=results.page,
        pages=results.page_count,
        did_you_mean=results.did_you_mean,
        notice=results.notice or None,
        categories=[{"id": cid, "count": n} for cid, n in sorted(results.category_counts.items())],
        articles=[
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
    )
