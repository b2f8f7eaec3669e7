"""Categories and request types, the knowledge base, and users and teams through the API."""

from sqlalchemy import select

from servicedesk.accounts.models import Role, Team, User
from servicedesk.audit import AuditEntry
from servicedesk.extensions import db
from servicedesk.knowledge import service as kb
from servicedesk.knowledge.models import ArticleAudience
from servicedesk.tickets.models import Audience, CatalogItem

from .conftest import assert_problem

FORM = [
    {"name": "pole", "label": "Pole number", "type": "text", "required": True},
    {"name": "kind", "label": "Kind", "type": "choice", "required": False,
     "choices": ["dark", "flickering"], "shown_when": {"field": "pole", "in": ["A", "B"]}},
]  # fmt: skip


def test_each_caller_gets_the_categories_and_request_types_of_their_portal(
    call, make_user, make_category, token_for
):
    roads = make_category("Roads", audience=Audience.RESIDENTS)
    laptops = make_category("Laptops", audience=Audience.EMPLOYEES)
    make_category("Both", audience=Audience.BOTH)
    make_category("Old", audience=Audience.BOTH, is_active=False)
    light = CatalogItem(
        category=roads, name="Streetlight", audience=Audience.BOTH, form_schema=FORM
    )
    laptop = CatalogItem(category=laptops, name="New laptop", audience=Audience.EMPLOYEES)
    db.session.add_all([light, laptop])
    resident, employee, agent = make_user(Role.RESIDENT), make_user(Role.EMPLOYEE), make_user()
    db.session.commit()

    def names(token, url="/api/v1/categories"):
        return sorted(c["name"] for c in call("get", url, token).get_json())

    assert names(None) == names(token_for(resident)) == ["Both", "Roads"]
    assert names(token_for(employee)) == ["Both", "Laptops"]
    assert names(token_for(agent)) == ["Both", "Laptops", "Roads"]
    assert names(None, "/api/v1/catalog-items") == ["Streetlight"]
    assert names(token_for(employee), "/api/v1/catalog-items") == ["New laptop"]
    item = call("get", f"/api/v1/catalog-items/{light.id}").get_json()
    assert item["form_schema"] == FORM and item["category_id"] == roads.id
    assert_problem(call("get", f"/api/v1/catalog-items/{laptop.id}", token_for(resident)), 404)
    assert_problem(call("get", f"/api/v1/categories/{laptops.id}"), 404)


def _article(actor, title, audience, publish=True):
    article = kb.create_article(kb.ArticleText(title=title, body=f"About {title}."), actor=actor,
                                audience=audience)  # fmt: skip
    if publish:
        kb.publish(article, actor=actor)
    return article


def test_readers_get_live_articles_of_their_audience(call, make_user, token_for):
    lead = make_user(Role.LEAD)
    public = _article(lead, "Bins", ArticleAudience.PUBLIC)
    internal = _article(lead, "Escalation ladder", ArticleAudience.AGENTS)
    draft = _article(lead, "Draft idea", ArticleAudience.PUBLIC, publish=False)
    db.session.commit()
    listed = call("get", "/api/v1/kb/articles").get_json()["items"]
    assert [a["title"] for a in listed] == ["Bins"]
    assert call("get", f"/api/v1/kb/articles/{public.id}").get_json()["body_html"]
    assert_problem(call("get", f"/api/v1/kb/articles/{internal.id}"), 404)
    assert_problem(call("get", f"/api/v1/kb/articles/{draft.id}"), 404)
    resident = token_for(make_user(Role.RESIDENT))
    assert_problem(call("get", f"/api/v1/kb/articles/{internal.id}", resident), 404)
    assert_problem(call("get", "/api/v1/kb/articles?status=draft", resident), 400)
    staff = call("get", "/api/v1/kb/articles?limit=2", token_for(lead)).get_json()
    assert len(staff["items"]) == 2 and staff["next_cursor"]


def test_agents_write_drafts_and_leads_publish(call, make_user, token_for):
    agent, lead = token_for(make_user(Role.AGENT)), token_for(make_user(Role.LEAD))
    article = {"title": "Parking permits", "body": "Apply **online**.", "tags": ["parking"]}
    assert_problem(call("post", "/api/v1/kb/articles", json=article), 401)
    resident = token_for(make_user(Role.RESIDENT))
    assert_problem(call("post", "/api/v1/kb/articles", resident, json=article), 403)
    made = call("post", "/api/v1/kb/articles", agent, json=article)
    assert made.status_code == 201 and made.get_json()["status"] == "draft"
    article_id = made.get_json()["id"]
    edited = call(
        "put", f"/api/v1/kb/articles/{article_id}", agent, json=article | {"body": "Apply now."}
    )
    assert edited.get_json()["revision"] == 2
    url = f"/api/v1/kb/articles/{article_id}/actions"
    assert_problem(call("post", url, agent, json={"action": "publish"}), 403)
    assert call("post", url, agent, json={"action": "submit"}).get_json()["status"] == "in_review"
    published = call("post", url, lead, json={"action": "publish"}).get_json()
    assert published["status"] == "published"
    assert call("get", f"/api/v1/kb/articles/{article_id}").get_json()["body"] == "Apply now."
    assert_problem(call("post", url, lead, json={"action": "restore"}), 409)
    query = select(AuditEntry.action).where(AuditEntry.object_type == "article")
    assert db.session.scalars(query.order_by(AuditEntry.id)).all() == [
        "article.created",
        "article.edited",
        "article.submitted",
        "article.published",
    ]


def test_admins_manage_users_and_teams(call, make_user, token_for):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    token = token_for(admin)
    team = call("post", "/api/v1/teams", token, json={"name": "Parks", "email": "parks@x.org"})
    assert team.status_code == 201
    team_id = team.get_json()["id"]
    user = call(
        "post",
        "/api/v1/users",
        token,
        json={"email": "new@example.org", "name": "New Agent", "role": "agent",
              "team_ids": [team_id]},
    )  # fmt: skip
    assert user.status_code == 201, user.get_json()
    assert "password" not in user.get_json()
    user_id = user.get_json()["id"]
    changed = call("patch", f"/api/v1/users/{user_id}", token, json={"role": "lead", "capacity": 5})
    assert changed.get_json()["role"] == "lead" and changed.get_json()["capacity"] == 5
    assert [t["name"] for t in changed.get_json()["teams"]] == ["Parks"]
    # Admins cannot lock themselves out.
    refused = call("patch", f"/api/v1/users/{admin.id}", token, json={"is_active": False})
    assert "is_active" in assert_problem(refused, 400)["errors"]
    members = call(
        "patch", f"/api/v1/teams/{team_id}", token, json={"member_ids": [admin.id, user_id]}
    )
    assert sorted(m["id"] for m in members.get_json()["members"]) == sorted([admin.id, user_id])
    duplicate = call("post", "/api/v1/teams", token, json={"name": "parks"})
    assert "name" in assert_problem(duplicate, 400)["errors"]
    listed = call("get", "/api/v1/users?role=lead", token).get_json()["items"]
    assert [u["email"] for u in listed] == ["new@example.org"]
    assert db.session.get(User, user_id).teams == [db.session.get(Team, team_id)]
    assert call("get", f"/api/v1/users/{user_id}", token).get_json()["email"] == "new@example.org"
    assert [t["name"] for t in call("get", "/api/v1/teams", token).get_json()] == ["Parks"]
    assert call("get", f"/api/v1/teams/{team_id}", token).get_json()["email"] == "parks@x.org"
    assert_problem(call("get", "/api/v1/teams/999", token), 404)
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"team.created", "user.created", "user.updated", "team.member_added"} <= actions
