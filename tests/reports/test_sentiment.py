"""The sentiment flag: a table of examples, how it reaches the queue, and the routing
condition that uses it."""

import pytest

from servicedesk.accounts.models import Role
from servicedesk.extensions import db
from servicedesk.reports import sentiment
from servicedesk.reports.models import SentimentFlag
from servicedesk.tickets import routing
from servicedesk.tickets import service as tickets
from servicedesk.tickets.models import Channel, RoutingRule

EXAMPLES = [
    # text, flagged, why
    ("The streetlight on Elm St is out", False, ""),
    ("Bin not collected this week", False, ""),
    ("Thanks, the light works now, great job!", False, ""),
    ("Please fix the pothole, it is a bit annoying", False, ""),
    ("I smell gas near the school, I think there is a GAS LEAK", True, "Safety: gas leak"),
    ("Exposed wires hanging from the lamp post", True, "Safety: exposed wires"),
    ("The underpass is flooding again", True, "Safety: flooding"),
    ("Hay una fuga de gas en la calle Mayor", True, "Safety: fuga de gas"),
    ("Cables pelados junto al parque infantil", True, "Safety: cables pelados"),
    ("Inundación en el sótano del centro cívico", True, "Safety: inundacion"),
    ("I am furious, this is terrible and dangerous, kids could get hurt", True, "Very negative"),
    ("Terrible. Awful. Worst city ever.", True, "Very negative"),
    # Whole words only: "flooded" is a word, "gaslight" is not "gas leak".
    ("The movie Gaslight was on at the library", False, ""),
]


@pytest.mark.parametrize("text, flagged, why", EXAMPLES)
def test_examples(text, flagged, why):
    found = sentiment.assess(text)
    assert found.is_flagged is flagged, (text, found)
    assert found.reason.startswith(why)


def test_scores_run_offline_from_the_bundled_lexicon():
    assert sentiment.assess("I love this, wonderful").score > 0.5
    assert sentiment.assess("").score == 0.0


def test_a_new_ticket_and_a_requester_reply_are_scored_staff_text_never(
    desk, make_user, make_ticket
):
    calm = make_ticket(
        subject="Bench is wobbly", requester=desk.resident, channel=Channel.CITIZEN_PORTAL
    )
    assert db.session.get(SentimentFlag, calm.id).is_flagged is False
    tickets.add_reply(calm, "Awful, horrible, disgusting, the worst!", actor=desk.agent)
    assert db.session.get(SentimentFlag, calm.id).is_flagged is False  # staff words
    tickets.add_reply(calm, "Now there are exposed wires under it", actor=desk.resident)
    flag = db.session.get(SentimentFlag, calm.id)
    assert flag.is_flagged and flag.reason == "Safety: exposed wires"


def test_the_queue_and_the_ticket_page_show_the_flag(desk, make_ticket, login_as):
    urgent = make_ticket(subject="Gas leak at 4 Pine St", team=desk.it)
    db.session.commit()
    client = login_as(desk.admin)
    assert "Flagged: Safety: gas leak" in client.get("/agent/?view=all").get_data(as_text=True)
    page = client.get(f"/agent/tickets/{urgent.id}").get_data(as_text=True)
    assert "Flagged: Safety: gas leak" in page


def _rule(**overrides):
    fields = dict(id=1, name="Danger first", position=1, team_id=7, when_flagged=True)
    return routing.RoutingRule(**(fields | overrides))


def _facts(text, **overrides):
    fields = dict(
        category_path=(),
        channel="email",
        audience="residents",
        subject=text,
        description="",
        priority="medium",
    )
    return routing.TicketFacts(**(fields | overrides))


@pytest.mark.parametrize("is_flagged, matches", [(True, True), (False, False)])
def test_a_rule_on_flagged_text_matches_only_flagged_tickets(is_flagged, matches):
    facts = _facts("Anything", is_flagged=is_flagged)
    assert routing.rule_matches(_rule(), facts) is matches
    assert routing.rule_matches(_rule(when_flagged=False), facts) is True
    if matches:
        assert "flagged text" in routing.matched_conditions(_rule(), facts)[0]


def test_a_flagged_ticket_is_routed_by_the_rule(make_team, make_user):
    emergency = make_team("Emergency")
    db.session.add(RoutingRule(name="Danger first", position=1, team=emergency, when_flagged=True))
    db.session.add(RoutingRule(name="Everything else", position=2, is_fallback=True))
    db.session.flush()
    danger = tickets.open_ticket(
        actor=None,
        channel=Channel.EMAIL,
        subject="Flooding in the basement",
        contact_email="a@b.org",
    )
    calm = tickets.open_ticket(
        actor=None, channel=Channel.EMAIL, subject="Leaflet request", contact_email="a@b.org"
    )
    assert danger.team == emergency and calm.team is None


def test_the_admin_form_saves_the_condition(make_user, login_as):
    admin = make_user(Role.ADMIN)
    db.session.commit()
    client = login_as(admin)
    response = client.post(
        "/agent/admin/routing/new",
        data={
            "name": "Danger first",
            "position": "1",
            "is_active": "y",
            "when_flagged": "y",
            "category": "",
            "team": "",
            "set_priority": "high",
            "strategy": "none",
            "fixed_agent": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    rule = db.session.scalar(db.select(RoutingRule))
    assert rule.when_flagged is True
    assert "flagged text" in client.get("/agent/admin/routing/").get_data(as_text=True)
