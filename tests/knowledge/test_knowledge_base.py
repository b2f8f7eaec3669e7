"""The knowledge base: who finds what, in every channel; the workflow; the index after commit."""

import multiprocessing
import os
import re

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from servicedesk.accounts.models import Role
from servicedesk.audit import AuditEntry
from servicedesk.errors import InvalidTransition, PermissionDenied
from servicedesk.extensions import db
from servicedesk.knowledge import indexing
from servicedesk.knowledge import service as kb
from servicedesk.knowledge.models import Article, ArticleStatus, SearchLog
from servicedesk.knowledge.render import to_html
from servicedesk.knowledge.search import ArticleDocument, WhooshBackend
from servicedesk.knowledge.service import ArticleText

SECRET_WORDS = "quokkaflux zanzibarite"  # only the internal article contains these


@pytest.fixture
def people(make_user, make_team):
    team = make_team("Service Desk")
    return {
        "lead": make_user(Role.LEAD, teams=[team], name="Lee Lead"),
        "agent": make_user(Role.AGENT, teams=[team], name="Ada Agent"),
        "employee": make_user(Role.EMPLOYEE, name="Emil Employee"),
        "resident": make_user(Role.RESIDENT, name="Rosa Resident"),
    }


@pytest.fixture
def publish(people):
    """Write, publish and commit an article; return it."""

    def make(title, body="", audience="public", language="en", tags=(), summary="", **extra):
        article = kb.create_article(
            ArticleText(title=title, summary=summary, body=body, tags=tags),
            actor=people["agent"],
            audience=audience,
            language=language,
            **extra,
        )
        kb.publish(article, actor=people["lead"])
        db.session.commit()
        return article

    return make


@pytest.fixture
def library(publish):
    """A public, an employees-only and an agents-only article, each with its own words."""
    return {
        "public": publish(
            "Reset your password",
            "Open the portal and choose **Forgot password**. Passwords expire every 90 days.",
            tags=["password", "account"],
        ),
        "employees": publish(
            "Download your payslip",
            "Payslips for employees are in the HR portal under Pay. Quarterly payslip archive.",
            audience="employees",
        ),
        "agents": publish(
            f"Triage streetlight reports {SECRET_WORDS}",
            f"Internal: open AssetWorks and check the pole number. {SECRET_WORDS} extension 4411.",
            audience="agents",
        ),
    }


def slugs_in(response) -> set[str]:
    return set(re.findall(r'/kb/([a-z0-9-]+)"', response.get_data(as_text=True)))


def search(query, audiences=("public",)):
    return indexing.backend().search(query, set(audiences))


# --- the index follows commits only ---------------------------------------------------------


def test_an_article_published_then_rolled_back_is_never_found(people):
    article = kb.create_article(
        ArticleText(title="Snow emergency routes", body="Park off the snow routes."),
        actor=people["agent"],
    )
    kb.publish(article, actor=people["lead"])
    db.session.flush()
    db.session.rollback()
    assert search("snow emergency").total == 0
    assert indexing.backend().document_ids() == set()


def test_a_committed_publish_is_found_and_an_archive_removes_it(library, people):
    assert [hit.slug for hit in search("password").hits] == [library["public"].slug]
    kb.archive(library["public"], actor=people["lead"])
    db.session.commit()
    assert search("password").total == 0


def test_editing_a_published_article_keeps_the_published_text_until_the_next_publish(
    library, people, client
):
    article = library["public"]
    kb.save_revision(
        article,
        ArticleText(title="Reset your password", body="A new process with hovercraftium."),
        actor=people["agent"],
    )
    db.session.commit()
    assert article.status == ArticleStatus.DRAFT and article.is_live
    page = client.get(f"/citizen/kb/{article.slug}").get_data(as_text=True)
    assert "Forgot password" in page and "hovercraftium" not in page
    assert search("hovercraftium").total == 0
    kb.publish(article, actor=people["lead"])
    db.session.commit()
    assert "hovercraftium" in client.get(f"/citizen/kb/{article.slug}").get_data(as_text=True)
    assert search("hovercraftium").total == 1


# --- audiences, in every channel ------------------------------------------------------------


@pytest.mark.parametrize(
    "query", [SECRET_WORDS, "quokkaflux", "Triage streetlight", "AssetWorks", "4411", "*"]
)
def test_internal_articles_never_reach_citizens_in_any_channel(library, client, query):
    internal = library["agents"]
    for url in ("/citizen/kb", "/citizen/kb/suggest", "/api/v1/kb/search"):
        response = client.get(url, query_string={"q": query})
        text = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert internal.slug not in text and "check the pole number" not in text
    assert client.get(f"/citizen/kb/{internal.slug}").status_code == 404


def test_no_word_of_an_internal_article_finds_it_outside_the_workspace(library, client):
    internal = library["agents"]
    words = set(re.findall(r"\w+", f"{internal.latest.title} {internal.latest.body}".lower()))
    assert len(words) > 10
    for word in sorted(words):
        found = client.get("/api/v1/kb/search", query_string={"q": word}).get_json()
        assert internal.id not in {article["id"] for article in found["articles"]}, word
        suggested = client.get("/citizen/kb/suggest", query_string={"q": word}).get_json()
        assert internal.slug not in str(suggested), word


def test_employees_articles_reach_employees_but_not_residents(library, people, login_as):
    client = login_as(people["resident"])
    employees_only = library["employees"]
    assert employees_only.slug not in client.get("/citizen/kb?q=payslip").get_data(as_text=True)
    found = client.get("/api/v1/kb/search?q=payslip").get_json()
    assert found["total"] == 0 and found["articles"] == []
    assert client.get(f"/citizen/kb/{employees_only.slug}").status_code == 404
    assert client.get("/employee/kb?q=payslip").status_code == 403


def test_employee_portal_shows_employee_articles_and_never_internal_ones(library, people, login_as):
    client = login_as(people["employee"])
    assert library["employees"].slug in slugs_in(client.get("/employee/kb?q=payslip"))
    api = client.get("/api/v1/kb/search", query_string={"q": SECRET_WORDS}).get_json()
    assert api["total"] == 0
    assert client.get(f"/employee/kb/{library['agents'].slug}").status_code == 404
    suggestions = client.get("/employee/kb/suggest?q=payslip").get_json()["articles"]
    assert [s["title"] for s in suggestions] == ["Download your payslip"]


def test_agents_find_internal_articles_in_the_workspace(library, people, login_as):
    client = login_as(people["agent"])
    assert library["agents"].slug in slugs_in(
        client.get("/agent/kb", query_string={"q": "quokkaflux"})
    )


def test_drafts_in_review_and_archived_articles_never_appear_outside_the_workspace(
    people, publish, client
):
    draft = kb.create_article(ArticleText(title="Draft about glimmerdust"), actor=people["agent"])
    in_review = kb.create_article(
        ArticleText(title="Review about glimmerdust"), actor=people["agent"]
    )
    kb.submit_for_review(in_review, actor=people["agent"])
    archived = publish("Archived glimmerdust notice")
    kb.archive(archived, actor=people["lead"])
    db.session.commit()
    assert client.get("/citizen/kb?q=glimmerdust").get_data(as_text=True).count("/kb/") == 0
    assert client.get("/api/v1/kb/search?q=glimmerdust").get_json()["total"] == 0
    for article in (draft, in_review, archived):
        assert client.get(f"/citizen/kb/{article.slug}").status_code == 404


# --- search quality -------------------------------------------------------------------------


def test_a_misspelled_query_suggests_the_right_word(library, client):
    page = client.get("/citizen/kb?q=pasword").get_data(as_text=True)
    assert "Did you mean" in page and ">password</a>" in page
    assert client.get("/api/v1/kb/search?q=pasword").get_json()["did_you_mean"] == "password"


def test_did_you_mean_never_comes_from_words_the_reader_may_not_see(library, client):
    found = client.get("/api/v1/kb/search?q=quokkaflax").get_json()
    assert found["did_you_mean"] is None


def test_did_you_mean_knows_the_words_of_an_article_published_since_the_last_rebuild(
    library, publish
):
    assert search("quokka").did_you_mean is None  # nobody wrote it yet
    publish("Quokkas in the city park", "Please do not feed the quokkas.")
    assert search("quokas").did_you_mean == "quokkas"


def test_did_you_mean_works_on_an_index_written_before_the_vocabulary_file(library):
    folder = indexing.backend().folder
    os.remove(os.path.join(folder, "vocabulary.txt"))
    fresh = WhooshBackend(folder)  # as a worker started after an upgrade sees it
    assert fresh.search("pasword", {"public"}).did_you_mean == "password"
    assert os.path.exists(os.path.join(folder, "vocabulary.txt"))  # gathered once, then kept


@pytest.mark.parametrize("query", ["farola", "farolas"])
def test_spanish_stemming_finds_singular_and_plural(publish, query):
    article = publish(
        "Farolas apagadas en su calle",
        "Si una farola no enciende, avísenos. Reparamos las farolas en cinco días.",
        language="es",
    )
    publish("Streetlights out", "Tell us about a dark lamp post.")
    assert [hit.slug for hit in search(query).hits] == [article.slug]


def test_results_are_highlighted_and_faceted_by_category(publish, make_category, client):
    streets = make_category("Streets")
    potholes = make_category("Potholes", parent=streets)
    publish("Report a pothole", "Potholes on Harbor Road get fixed in five days.",
            categories=[potholes])  # fmt: skip
    found = client.get("/api/v1/kb/search?q=harbor road").get_json()
    assert "<mark>Harbor</mark>" in found["articles"][0]["snippet_html"]
    assert {c["id"] for c in found["categories"]} == {streets.id, potholes.id}
    narrowed = client.get(f"/api/v1/kb/search?q=pothole&category={streets.id}").get_json()
    assert narrowed["total"] == 1


def test_search_pages_through_results(publish, client):
    for number in range(13):
        publish(f"Recycling rule {number}", "Rinse containers before recycling them.")
    first = client.get("/api/v1/kb/search?q=recycling").get_json()
    second = client.get("/api/v1/kb/search?q=recycling&page=2").get_json()
    assert (first["total"], first["pages"], len(first["articles"])) == (13, 2, 10)
    assert len(second["articles"]) == 3
    assert not {a["id"] for a in first["articles"]} & {a["id"] for a in second["articles"]}


def test_suggestions_match_a_word_being_typed(library, client):
    titles = [s["title"] for s in client.get("/citizen/kb/suggest?q=passw").get_json()["articles"]]
    assert titles == ["Reset your password"]


@pytest.mark.parametrize(
    "query", ["", " ", "x" * 10_000, '"', "AND OR", "*", "title:", "(", "a:b:c"]
)
def test_hostile_queries_answer_results_or_a_message(library, client, query):
    for url in ("/citizen/kb", "/citizen/kb/suggest", "/api/v1/kb/search"):
        response = client.get(url, query_string={"q": query})
        assert response.status_code in (200, 400), (url, response.status_code)
        if response.status_code == 400:
            body = response.get_json()  # the portals' {"error"}, the API's problem "detail"
            assert body.get("error") or body.get("detail")
    long = client.get("/api/v1/kb/search", query_string={"q": "password " * 1200}).get_json()
    assert "first 200 characters" in long["notice"]


# --- reindex and concurrency ----------------------------------------------------------------


def test_reindex_rebuilds_an_identical_result_set(library, publish, app):
    publish("Bulk waste pickup", "Book a bulk waste pickup for furniture and appliances.")
    queries = ["password", "payslip", "bulk waste", "streetlight", SECRET_WORDS]
    audiences = {"public", "employees", "agents"}

    def snapshot():
        return {q: [h.article_id for h in search(q, audiences).hits] for q in queries}

    before = snapshot()
    result = CliRunner().invoke(app.cli, ["kb", "reindex"], catch_exceptions=False)
    assert "The index holds 4 published articles" in result.output
    assert snapshot() == before and all(before.values())


def _index_many(folder: str, first: int, count: int) -> None:
    backend = WhooshBackend(folder)
    for article_id in range(first, first + count):
        document = ArticleDocument(
            article_id, f"doc-{article_id}", f"Document {article_id}", "", "text", (), "en",
            "public", (),
        )  # fmt: skip
        backend.update([document], [])


def test_two_processes_indexing_at_once_lose_nothing(tmp_path):
    folder = str(tmp_path / "index")
    WhooshBackend(folder).update([], [])  # create it once, as the app does on first use
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_index_many, args=(folder, first, 25)) for first in (1, 1001)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    expected = set(range(1, 26)) | set(range(1001, 1026))
    assert WhooshBackend(folder).document_ids() == expected


def test_a_failed_index_commit_does_not_keep_the_index_locked(tmp_path, monkeypatch):
    """A commit that fails (here: the table of contents cannot be written, as on a full disk;
    injected, since a full disk cannot be made here) must not leave the lock held: the next
    write in the same process goes through at once instead of timing out."""
    from whoosh.writing import SegmentWriter

    backend = WhooshBackend(str(tmp_path / "index"))
    document = ArticleDocument(1, "doc-1", "Document one", "", "text", (), "en", "public", ())
    real_commit_toc = SegmentWriter._commit_toc

    def disk_full(self, segments):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SegmentWriter, "_commit_toc", disk_full)
    # Kept, as a log record or a reference cycle keeps it: the failed writer stays alive, so
    # Python's collector does not happen to release its lock.
    with pytest.raises(OSError) as failure:
        backend.update([document], [])
    monkeypatch.setattr(SegmentWriter, "_commit_toc", real_commit_toc)
    monkeypatch.setattr("servicedesk.knowledge.search.WRITE_TIMEOUT_SECONDS", 1.0)
    backend.update([document], [])
    assert backend.document_ids() == {1}
    assert failure.value.errno == 28


# --- workflow, audit, revisions -------------------------------------------------------------


def test_agents_write_and_submit_but_only_leads_publish(people):
    article = kb.create_article(ArticleText(title="Meeting rooms"), actor=people["agent"])
    kb.submit_for_review(article, actor=people["agent"])
    with pytest.raises(PermissionDenied):
        kb.publish(article, actor=people["agent"])
    with pytest.raises(PermissionDenied):
        kb.create_article(ArticleText(title="Nope"), actor=people["employee"])
    kb.publish(article, actor=people["lead"])
    with pytest.raises(InvalidTransition):
        kb.submit_for_review(article, actor=people["agent"])
    db.session.flush()
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_id == article.id).order_by(AuditEntry.id)
    ).all()
    assert actions == ["article.created", "article.submitted", "article.published"]


def test_a_live_article_cannot_be_widened_by_an_agent(library, people):
    with pytest.raises(PermissionDenied):
        kb.save_revision(
            library["agents"],
            ArticleText(title=library["agents"].latest.title, body=library["agents"].latest.body),
            actor=people["agent"],
            audience="public",
        )


def test_the_editor_over_http_previews_saves_and_publishes(people, login_as):
    client = login_as(people["lead"])
    form = {"title": "Guest Wi-Fi", "summary": "", "body": "Join **CityGuest**.", "tags": "wifi",
            "language": "en", "audience": "public", "note": ""}  # fmt: skip
    preview = client.post("/agent/kb/articles/new", data=form | {"action": "preview"})
    assert "<strong>CityGuest</strong>" in preview.get_data(as_text=True)
    assert db.session.scalar(select(Article)) is None
    saved = client.post("/agent/kb/articles/new", data=form | {"action": "save"})
    article = db.session.scalar(select(Article))
    assert saved.status_code == 302 and article.status == ArticleStatus.DRAFT
    assert client.post(f"/agent/kb/articles/{article.id}/publish").status_code == 302
    edited = form | {"body": "Join **CityGuest-5G**.", "note": "New network", "action": "save"}
    client.post(f"/agent/kb/articles/{article.id}/edit", data=edited)
    diff = client.get(f"/agent/kb/articles/{article.id}/revisions/2").get_data(as_text=True)
    assert "+ Join **CityGuest-5G**." in diff and "− Join **CityGuest**." in diff


def test_the_editor_names_each_bad_field(people, login_as):
    client = login_as(people["agent"])
    response = client.post(
        "/agent/kb/articles/new",
        data={"title": "", "body": "x", "language": "xx", "audience": "everyone"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "A title is required." in text and "Not a valid choice" in text


def test_an_agent_cannot_publish_over_http(people, login_as):
    article = kb.create_article(ArticleText(title="Parking permits"), actor=people["agent"])
    db.session.commit()
    client = login_as(people["agent"])
    assert client.post(f"/agent/kb/articles/{article.id}/publish").status_code == 403
    assert db.session.get(Article, article.id).status == ArticleStatus.DRAFT


# --- readers --------------------------------------------------------------------------------


def test_article_bodies_are_sanitised(publish, client):
    html = to_html(
        '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:x()">a</a>'
    )
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    article = publish(
        "Pet licences", 'Apply online.<script>steal()</script><p onclick="x()">Hi</p>'
    )
    page = client.get(f"/citizen/kb/{article.slug}").get_data(as_text=True)
    assert "steal()" not in page and "onclick" not in page and "Apply online." in page


def test_views_and_feedback_are_counted(library, client):
    article = library["public"]
    client.get(f"/citizen/kb/{article.slug}")
    client.get(f"/citizen/kb/{article.slug}")
    response = client.post(
        f"/citizen/kb/{article.slug}/feedback", data={"helpful": "no", "comment": "Step 3 fails"}
    )
    assert response.status_code == 302
    refused = client.post(f"/citizen/kb/{article.slug}/feedback", data={"helpful": "maybe"})
    assert "Choose Yes or No" in client.get(refused.headers["Location"]).get_data(as_text=True)
    db.session.refresh(article)
    # three visits: two, and the page the refused answer returned to
    assert (article.view_count, article.helpful_count, article.not_helpful_count) == (3, 0, 1)


def test_searches_are_logged_anonymously_and_deflection_is_measured(
    library, client, make_category, people, login_as
):
    category = make_category("Accounts")
    db.session.commit()
    client.get("/citizen/kb?q=password")
    client.get(f"/citizen/kb/{library['public'].slug}")
    client.get("/citizen/kb?q=unicornium")  # a content gap
    entries = db.session.scalars(select(SearchLog).order_by(SearchLog.id)).all()
    assert [(e.query, e.result_count) for e in entries] == [("password", 1), ("unicornium", 0)]
    assert entries[0].opened_article_id == library["public"].id
    assert entries[0].visit and entries[0].visit == entries[1].visit
    kb.log_ticket_filed(entries[0].visit, category.id)
    other = kb.log_search(portal="citizen", query="password", result_count=1, visit="v2")
    other.category_id = category.id
    db.session.commit()
    report = kb.deflection_report()
    row = next(r for r in report.per_category if r.category == "Accounts")
    assert (row.searches, row.deflected) == (3, 1)
    assert ("unicornium", 1) in report.content_gaps
    lead_page = login_as(people["lead"]).get("/agent/kb/insights").get_data(as_text=True)
    assert "unicornium" in lead_page and "Accounts" in lead_page


def test_typing_suggestions_are_one_log_entry(library, client):
    for typed in ("pa", "pass", "password", "password re"):
        client.get("/citizen/kb/suggest", query_string={"q": typed})
    entries = db.session.scalars(select(SearchLog)).all()
    assert [(e.kind, e.query) for e in entries] == [("suggestion", "password re")]


def test_ticket_page_suggests_articles_and_inserts_only_readable_links(
    library, people, make_ticket, login_as
):
    ticket = make_ticket(
        actor=people["resident"], requester=people["resident"], channel="citizen_portal",
        subject="I forgot my password", description="Cannot sign in",
    )  # fmt: skip
    db.session.commit()
    client = login_as(people["lead"])
    page = client.get(f"/agent/tickets/{ticket.id}").get_data(as_text=True)
    assert "Reset your password" in page and "Insert link in reply" in page
    filled = client.get(f"/agent/tickets/{ticket.id}?insert={library['public'].id}")
    assert f"/citizen/kb/{library['public'].slug}" in filled.get_data(as_text=True)
    refused = client.get(f"/agent/tickets/{ticket.id}?insert={library['agents'].id}")
    assert refused.status_code == 404
