"""The knowledge base in the agent workspace: search (every audience), the article editor
with preview, the review workflow, revisions with diffs, and the deflection figures.

Reading pages come from ``portals.kb``; this module adds what staff do with articles.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ...errors import ValidationError
from ...extensions import db
from ...knowledge import indexing, policy
from ...knowledge import service as kb
from ...knowledge.models import (
    LANGUAGES,
    Article,
    ArticleAudience,
    ArticleFeedback,
    ArticleStatus,
)
from ...knowledge.render import to_html
from ...knowledge.service import ArticleText
from ...tickets.models import Category, Ticket, category_full_names
from ..common import choices, current_actor, load_or_404
from ..kb import add_kb_routes
from . import bp

add_kb_routes(bp, "agent")


class ArticleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("A title is required."), Length(max=200)])
    summary = TextAreaField("Summary (shown in search results)", validators=[Length(max=500)])
    body = TextAreaField("Body (Markdown)", validators=[Length(max=kb.MAX_BODY)])
    tags = StringField("Tags, separated by commas", validators=[Length(max=500)])
    language = SelectField("Language")
    audience = SelectField("Who may read it")
    categories = SelectMultipleField("Categories", validators=[Optional()], coerce=str)
    note = StringField("What changed (for the revision history)", validators=[Length(max=300)])


def _article_form(article: Article | None = None) -> ArticleForm:
    form = ArticleForm()
    if article is not None and request.method == "GET":
        latest = article.latest
        form = ArticleForm(
            title=latest.title,
            summary=latest.summary,
            body=latest.body,
            tags=", ".join(latest.tags or ()),
            language=article.language,
            audience=article.audience.value,
            categories=[str(c.id) for c in article.categories],
        )
    form.language.choices = choices(LANGUAGES.items())
    form.audience.choices = choices((a.value, a.label) for a in ArticleAudience)
    names = sorted(category_full_names().items(), key=lambda item: item[1].lower())
    form.categories.choices = choices(names)
    return form


def _chosen_categories(form: ArticleForm) -> list[Category]:
    ids = [int(value) for value in form.categories.data or () if value.isdigit()]
    return list(db.session.scalars(select(Category).where(Category.id.in_(ids)))) if ids else []


def _text_of(form: ArticleForm) -> ArticleText:
    return ArticleText(
        title=form.title.data or "",
        summary=form.summary.data or "",
        body=form.body.data or "",
        tags=form.tags.data or "",
        note=form.note.data or "",
    )


@bp.get("/kb/articles")
def kb_articles():
    status = request.args.get("status", "")
    query = select(Article).order_by(Article.updated_at.desc(), Article.id.desc())
    if status in set(ArticleStatus):
        query = query.where(Article.status == status)
    counts = dict(
        db.session.execute(select(Article.status, func.count()).group_by(Article.status)).all()
    )
    return render_template(
        "agent/kb/articles.html",
        articles=list(db.session.scalars(query.limit(500))),
        statuses=list(ArticleStatus),
        status=status,
        counts=counts,
        can_publish=policy.can_publish(current_actor()),
    )


@bp.route("/kb/articles/new", methods=["GET", "POST"])
def kb_new():
    def save(form: ArticleForm, actor) -> str:
        article = kb.create_article(_text_of(form), actor=actor, **_settings_of(form))
        flash("Draft saved. Submit it for review when it is ready.")
        return url_for(".kb_manage", article_id=article.id)

    return _editor(None, save)


@bp.route("/kb/articles/<int:article_id>/edit", methods=["GET", "POST"])
def kb_edit(article_id: int):
    article = load_or_404(Article, article_id)

    def save(form: ArticleForm, actor) -> str:
        revision = kb.save_revision(article, _text_of(form), actor=actor, **_settings_of(form))
        flash(f"Saved revision {revision.number}." if revision else "Nothing changed.")
        return url_for(".kb_manage", article_id=article.id)

    return _editor(article, save)


def _editor(article: Article | None, save):
    """The editor page: Preview renders the Markdown without saving; Save calls *save*,
    which returns where to go next, or the page shows each bad field."""
    actor = current_actor()
    policy.require_edit(actor)
    form = _article_form(article)
    preview = None
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        if request.form.get("action") == "preview":
            preview = to_html(form.body.data or "")
        else:
            try:
                next_page = save(form, actor)
            except ValidationError as error:
                errors = error.fields
            else:
                db.session.commit()
                return redirect(next_page)
    status = 400 if request.method == "POST" and (form.errors or errors) else 200
    return render_template(
        "agent/kb/edit.html", form=form, article=article, preview=preview, errors=errors
    ), status


def _settings_of(form: ArticleForm) -> dict:
    return {
        "language": form.language.data,
        "audience": form.audience.data,
        "categories": _chosen_categories(form),
    }


@bp.get("/kb/articles/<int:article_id>")
def kb_manage(article_id: int):
    article = load_or_404(Article, article_id)
    latest = article.latest
    return render_template(
        "agent/kb/manage.html",
        article=article,
        latest=latest,
        body_html=to_html(latest.body),
        actions=_actions_for(article),
        feedback=list(reversed(article_feedback(article))),
    )


def article_feedback(article: Article) -> list[ArticleFeedback]:
    return list(
        db.session.scalars(
            select(ArticleFeedback)
            .where(ArticleFeedback.article_id == article.id)
            .order_by(ArticleFeedback.id)
            .limit(50)
        )
    )


_VERBS = {
    "submit": (kb.submit_for_review, "Submit for review", "Submitted for review."),
    "publish": (kb.publish, "Publish", "Published: readers see this revision now."),
    "send-back": (kb.send_back, "Send back to draft", "Sent back to draft."),
    "archive": (kb.archive, "Archive", "Archived: readers no longer see it."),
    "restore": (kb.restore, "Restore", "Restored."),
}


def _actions_for(article: Article) -> list[tuple[str, str]]:
    """The workflow buttons this user may press on this article now."""
    actor = current_actor()
    allowed = []
    for verb, (_, label, _) in _VERBS.items():
        sources, _target = kb.TRANSITIONS[verb.replace("-", "_")]
        needs_publish = verb != "submit"
        permitted = policy.can_publish(actor) if needs_publish else policy.can_edit(actor)
        if article.status in sources and permitted:
            allowed.append((verb, label))
    return allowed


@bp.post("/kb/articles/<int:article_id>/<any(submit, publish, 'send-back', archive, restore):verb>")
def kb_transition(article_id: int, verb: str):
    article = load_or_404(Article, article_id)
    action, _label, done = _VERBS[verb]
    action(article, actor=current_actor())
    db.session.commit()
    flash(done)
    return redirect(url_for(".kb_manage", article_id=article.id))


@bp.get("/kb/articles/<int:article_id>/revisions/<int:number>")
def kb_revision(article_id: int, number: int):
    article = load_or_404(Article, article_id)
    by_number = {revision.number: revision for revision in article.revisions}
    revision = by_number.get(number) or abort(404, "There is no such revision.")
    return render_template(
        "agent/kb/revision.html",
        article=article,
        revision=revision,
        diff=kb.revision_diff(by_number.get(number - 1), revision),
    )


@bp.get("/kb/insights")
def kb_insights():
    policy.require_publish(current_actor())
    return render_template("agent/kb/insights.html", report=kb.deflection_report())


def suggested_articles(ticket: Ticket, limit: int = 5):
    """Articles that may answer this ticket, for the ticket page (not logged as searches)."""
    text = f"{ticket.subject} {ticket.category.name if ticket.category else ''}"
    return indexing.backend().suggest(
        text, set(ArticleAudience), limit=limit, complete_last_word=False
    )


def requester_link(ticket: Ticket, slug: str, audience: str) -> str | None:
    """Where the requester can read an article, or None if they may not (agents only)."""
    if audience == ArticleAudience.AGENTS:
        return None
    portal = "employee" if ticket.audience == "employees" else "citizen"
    if audience == ArticleAudience.EMPLOYEES and portal != "employee":
        return None
    return url_for(f"{portal}.kb_article", slug=slug, _external=True)
