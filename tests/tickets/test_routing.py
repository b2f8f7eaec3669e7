from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from servicedesk.tickets.routing import (
    AgentLoad,
    AssignStrategy,
    RoutingRule,
    TicketFacts,
    choose_agent,
    choose_rule,
    matched_conditions,
    route,
    rule_matches,
)

# Category tree used throughout:
#   1 Public space
#     10 Streetlights
#       100 Lamp out
#     11 Potholes
#   2 IT
PUBLIC_SPACE, STREETLIGHTS, LAMP_OUT, POTHOLES, IT = 1, 10, 100, 11, 2

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)

FACTS = TicketFacts(
    category_path=(PUBLIC_SPACE, STREETLIGHTS),
    channel="citizen_portal",
    audience="residents",
    subject="Lamp out on Elm Street",
    description="The street light in front of number 12 has been dark since Monday.",
    priority="medium",
)

RULE = RoutingRule(id=1, name="Rule", position=10, team_id=5)


def make_facts(**changes) -> TicketFacts:
    return replace(FACTS, **changes)


def make_rule(**changes) -> RoutingRule:
    return replace(RULE, **changes)


def at_minute(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


# --- conditions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category_path", "expected"),
    [
        ((PUBLIC_SPACE, STREETLIGHTS), True),
        ((PUBLIC_SPACE, STREETLIGHTS, LAMP_OUT), True),
        ((PUBLIC_SPACE,), False),
        ((PUBLIC_SPACE, POTHOLES), False),
        ((IT,), False),
        ((), False),
    ],
    ids=["itself", "descendant", "parent", "sibling", "other-tree", "no-category"],
)
def test_rule_on_category_matches_it_and_its_descendants_only(category_path, expected):
    rule = make_rule(category_id=STREETLIGHTS)
    assert rule_matches(rule, make_facts(category_path=category_path)) is expected


def test_rule_on_parent_category_matches_descendants():
    rule = make_rule(category_id=PUBLIC_SPACE)
    facts = make_facts(category_path=(PUBLIC_SPACE, STREETLIGHTS, LAMP_OUT))
    assert rule_matches(rule, facts) is True


@pytest.mark.parametrize(
    ("channels", "channel", "expected"),
    [
        (frozenset({"email", "open311"}), "email", True),
        (frozenset({"email", "open311"}), "open311", True),
        (frozenset({"email", "open311"}), "phone", False),
        (frozenset(), "phone", True),
    ],
)
def test_channel_condition(channels, channel, expected):
    rule = make_rule(channels=channels)
    assert rule_matches(rule, make_facts(channel=channel)) is expected


@pytest.mark.parametrize(
    ("audiences", "audience", "expected"),
    [
        (frozenset({"employees"}), "employees", True),
        (frozenset({"employees"}), "residents", False),
        (frozenset({"employees", "residents"}), "residents", True),
        (frozenset(), "employees", True),
    ],
)
def test_audience_condition(audiences, audience, expected):
    rule = make_rule(audiences=audiences)
    assert rule_matches(rule, make_facts(audience=audience)) is expected


@pytest.mark.parametrize(
    ("priorities", "priority", "expected"),
    [
        (frozenset({"critical", "high"}), "critical", True),
        (frozenset({"critical", "high"}), "high", True),
        (frozenset({"critical", "high"}), "medium", False),
        (frozenset(), "low", True),
    ],
)
def test_priority_condition(priorities, priority, expected):
    rule = make_rule(priorities=priorities)
    assert rule_matches(rule, make_facts(priority=priority)) is expected


@pytest.mark.parametrize(
    ("keywords", "subject", "description", "expected"),
    [
        pytest.param(("light",), "Light broken", "", True, id="word-in-subject"),
        pytest.param(("light",), "", "the light is broken", True, id="word-in-description"),
        pytest.param(("light",), "Lighthouse tour", "", False, id="not-prefix-of-word"),
        pytest.param(("light",), "Streetlight broken", "", False, id="not-suffix-of-word"),
        pytest.param(("light",), "Lights out", "", False, id="not-plural"),
        pytest.param(("light",), "light-pole down", "", True, id="hyphen-is-boundary"),
        pytest.param(("light",), "Is the light?", "", True, id="punctuation-is-boundary"),
        pytest.param(("street light",), "Street light out", "", True, id="phrase"),
        pytest.param(("street light",), "street\n  light", "", True, id="phrase-any-whitespace"),
        pytest.param(("street light",), "Light in the street", "", False, id="phrase-order"),
        pytest.param(("street light",), "Street lights out", "", False, id="phrase-whole-words"),
        pytest.param(("street light",), "Street", "light", False, id="phrase-within-one-field"),
        pytest.param(("STREET Light",), "street light out", "", True, id="keyword-case"),
        pytest.param(("light",), "LIGHT OUT", "", True, id="text-case"),
        pytest.param(("eclairage",), "Éclairage public en panne", "", True, id="accent-in-text"),
        pytest.param(("Éclairage",), "eclairage public", "", True, id="accent-in-keyword"),
        pytest.param(("strasse",), "Laterne Straße 4", "", True, id="casefold-eszett"),
        pytest.param(("lamp", "light"), "Lamp flickers", "", True, id="any-keyword"),
        pytest.param(("lamp", "light"), "Pothole", "", False, id="no-keyword"),
        pytest.param(("c++",), "Need a c++ compiler", "", True, id="symbols-literal"),
        pytest.param(("v1.5",), "Still on v125", "", False, id="dot-literal"),
        pytest.param(("",), "Anything at all", "", False, id="blank-keyword-never-matches"),
        pytest.param((), "Anything at all", "", True, id="no-keywords-is-any"),
    ],
)
def test_keyword_condition(keywords, subject, description, expected):
    rule = make_rule(keywords=keywords)
    facts = make_facts(subject=subject, description=description)
    assert rule_matches(rule, facts) is expected


COMBINED = make_rule(
    category_id=STREETLIGHTS,
    channels=frozenset({"citizen_portal"}),
    audiences=frozenset({"residents"}),
    keywords=("street light",),
    priorities=frozenset({"medium"}),
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),
        ({"category_path": (PUBLIC_SPACE, POTHOLES)}, False),
        ({"channel": "email"}, False),
        ({"audience": "employees"}, False),
        ({"description": "It is dark."}, False),
        ({"priority": "high"}, False),
    ],
    ids=["all-hold", "category", "channel", "audience", "keyword", "priority"],
)
def test_every_condition_of_a_rule_must_hold(changes, expected):
    assert rule_matches(COMBINED, make_facts(**changes)) is expected


def test_fallback_rule_matches_whatever_its_conditions():
    fallback = make_rule(is_fallback=True, channels=frozenset({"phone"}))
    assert rule_matches(fallback, make_facts(channel="email")) is True


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            COMBINED,
            [
                "category 10",
                "channel citizen_portal",
                "audience residents",
                'keyword "street light"',
                "priority medium",
            ],
        ),
        (
            make_rule(category_id=STREETLIGHTS, category_name="Streetlights"),
            ["category Streetlights"],
        ),
        (make_rule(keywords=("pothole", "Street Light", "Lamp")), ['keyword "Street Light"']),
        (make_rule(), []),
        (make_rule(is_fallback=True, channels=frozenset({"citizen_portal"})), []),
    ],
    ids=["all-conditions", "category-name", "first-matching-keyword", "none-set", "fallback"],
)
def test_matched_conditions_names_what_held(rule, expected):
    assert matched_conditions(rule, FACTS) == expected


# --- choosing the rule ----------------------------------------------------------------------


EMAIL_ONLY = frozenset({"email"})


@pytest.mark.parametrize(
    ("rules", "expected_id"),
    [
        ([make_rule(id=1, position=20), make_rule(id=2, position=10)], 2),
        ([make_rule(id=2, position=10), make_rule(id=1, position=10)], 1),
        ([make_rule(id=1, position=10, channels=EMAIL_ONLY), make_rule(id=2, position=20)], 2),
        (
            [
                make_rule(id=1, position=10, keywords=("light",)),
                make_rule(id=2, position=20, category_id=STREETLIGHTS),
            ],
            1,
        ),
        ([make_rule(id=1, position=10, is_active=False), make_rule(id=2, position=20)], 2),
        ([make_rule(id=1, position=0, is_fallback=True), make_rule(id=2, position=99)], 2),
        (
            [
                make_rule(id=1, position=0, is_fallback=True),
                make_rule(id=2, position=10, channels=EMAIL_ONLY),
            ],
            1,
        ),
        (
            [
                make_rule(id=1, position=30, is_fallback=True),
                make_rule(id=2, position=20, is_fallback=True),
                make_rule(id=3, position=10, is_fallback=True, is_active=False),
            ],
            2,
        ),
    ],
    ids=[
        "lower-position-first",
        "position-tie-lower-id",
        "skips-non-matching",
        "first-match-wins",
        "inactive-skipped",
        "fallback-last-despite-low-position",
        "fallback-when-nothing-matches",
        "lowest-active-fallback",
    ],
)
def test_choose_rule(rules, expected_id):
    assert choose_rule(rules, FACTS).id == expected_id


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [make_rule(channels=EMAIL_ONLY)],
        [make_rule(is_fallback=True, is_active=False)],
    ],
    ids=["no-rules", "no-match", "inactive-fallback"],
)
def test_choose_rule_returns_none_without_match_or_fallback(rules):
    assert choose_rule(rules, FACTS) is None


# --- choosing the agent ---------------------------------------------------------------------


def agent(agent_id, open_tickets=0, *, assigned_minute=None, **changes) -> AgentLoad:
    """Build an agent last assigned *assigned_minute* minutes after T0 (never if None)."""
    last = None if assigned_minute is None else at_minute(assigned_minute)
    return AgentLoad(agent_id, open_tickets, last_assigned_at=last, **changes)


FIXED_7 = make_rule(strategy=AssignStrategy.FIXED, fixed_agent_id=7)


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        ([agent(3), agent(7, 5)], 7),
        ([agent(3), agent(7, is_available=False)], None),
        ([agent(3)], None),
        ([agent(7, 4, capacity=4)], None),
        ([agent(7, 3, capacity=4)], 7),
    ],
    ids=["available", "away", "not-in-team", "at-capacity", "under-capacity"],
)
def test_fixed_strategy_picks_the_named_agent_only_when_they_can_take_it(team, expected):
    assert choose_agent(FIXED_7, team) == expected


def test_fixed_strategy_without_an_agent_picks_nobody():
    rule = make_rule(strategy=AssignStrategy.FIXED, fixed_agent_id=None)
    assert choose_agent(rule, [agent(3)]) is None


ROUND_ROBIN = make_rule(strategy=AssignStrategy.ROUND_ROBIN)
LEAST_LOADED = make_rule(strategy=AssignStrategy.LEAST_LOADED)


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        (
            [
                agent(1, assigned_minute=30),
                agent(2, assigned_minute=10),
                agent(3, assigned_minute=20),
            ],
            2,
        ),
        ([agent(1, assigned_minute=10), agent(2), agent(3, assigned_minute=5)], 2),
        ([agent(4), agent(2), agent(3)], 2),
        ([agent(1, assigned_minute=10), agent(2, assigned_minute=10)], 1),
        ([agent(1, assigned_minute=30), agent(2, assigned_minute=10, is_available=False)], 1),
        ([agent(1, assigned_minute=30), agent(2, 2, assigned_minute=10, capacity=2)], 1),
        ([agent(1, 9, assigned_minute=30), agent(2, 0, assigned_minute=40)], 1),
    ],
    ids=[
        "assigned-longest-ago",
        "never-assigned-first",
        "never-assigned-tie-lowest-id",
        "same-time-lowest-id",
        "skips-away",
        "skips-full",
        "ignores-load",
    ],
)
def test_round_robin_strategy(team, expected):
    assert choose_agent(ROUND_ROBIN, team) == expected


def test_round_robin_rotates_through_the_team():
    team = {
        1: agent(1, assigned_minute=20),
        2: agent(2, assigned_minute=0),
        3: agent(3, assigned_minute=10),
    }
    picked = []
    for call in range(1, 4):
        agent_id = choose_agent(ROUND_ROBIN, list(team.values()))
        picked.append(agent_id)
        team[agent_id] = replace(team[agent_id], last_assigned_at=at_minute(60 + call))
    assert picked == [2, 3, 1]


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        ([agent(1, 4), agent(2, 1), agent(3, 2)], 2),
        ([agent(1, 2, assigned_minute=10), agent(2, 2, assigned_minute=5), agent(3, 3)], 2),
        ([agent(1, 2, assigned_minute=10), agent(2, 2)], 2),
        ([agent(3, 2, assigned_minute=10), agent(2, 2, assigned_minute=10)], 2),
        ([agent(1, 0, is_available=False), agent(2, 5)], 2),
        ([agent(1, 3, capacity=3), agent(2, 5)], 2),
        ([agent(1, 3, capacity=4), agent(2, 5)], 1),
    ],
    ids=[
        "fewest-open",
        "tie-assigned-longest-ago",
        "tie-never-assigned-first",
        "tie-lowest-id",
        "skips-away",
        "skips-at-capacity",
        "under-capacity",
    ],
)
def test_least_loaded_strategy(team, expected):
    assert choose_agent(LEAST_LOADED, team) == expected


NOBODY_CAN_TAKE = [agent(1, is_available=False), agent(2, 3, capacity=3)]


@pytest.mark.parametrize(
    "rule",
    [ROUND_ROBIN, LEAST_LOADED, make_rule(strategy=AssignStrategy.FIXED, fixed_agent_id=2)],
    ids=["round-robin", "least-loaded", "fixed"],
)
def test_nobody_available_picks_nobody(rule):
    assert choose_agent(rule, NOBODY_CAN_TAKE) is None


@pytest.mark.parametrize("team", [[], [agent(1), agent(2)]], ids=["empty", "with-agents"])
def test_none_strategy_picks_nobody(team):
    assert choose_agent(make_rule(strategy=AssignStrategy.NONE), team) is None


# --- route ----------------------------------------------------------------------------------


STREETLIGHTS_RULE = make_rule(
    id=1,
    name="Streetlights to Public Works",
    position=10,
    team_id=5,
    category_id=STREETLIGHTS,
    category_name="Streetlights",
    keywords=("streetlight", "street light"),
    strategy=AssignStrategy.ROUND_ROBIN,
)
FALLBACK = make_rule(id=9, name="Everything else", position=0, team_id=1, is_fallback=True)
TEAMS = {5: [agent(7, assigned_minute=10), agent(8, assigned_minute=20)], 1: [agent(2)]}


STREETLIGHTS_MATCHED = (
    'Rule "Streetlights to Public Works" matched: category Streetlights; keyword "street light".'
)


@pytest.mark.parametrize(
    ("rules", "facts", "teams", "expected", "reason"),
    [
        pytest.param(
            [STREETLIGHTS_RULE, FALLBACK],
            FACTS,
            TEAMS,
            (1, 5, "medium", 7),
            f"{STREETLIGHTS_MATCHED} Assigned round-robin to agent 7.",
            id="rule-round-robin",
        ),
        pytest.param(
            [STREETLIGHTS_RULE, FALLBACK],
            make_facts(category_path=(IT,)),
            TEAMS,
            (9, 1, "medium", None),
            'Fallback rule "Everything else" applied. Left unassigned in the team queue.',
            id="fallback",
        ),
        pytest.param(
            [replace(STREETLIGHTS_RULE, set_priority="high")],
            FACTS,
            TEAMS,
            (1, 5, "high", 7),
            f"{STREETLIGHTS_MATCHED} Priority changed from medium to high. "
            "Assigned round-robin to agent 7.",
            id="set-priority",
        ),
        pytest.param(
            [replace(STREETLIGHTS_RULE, keywords=(), set_priority="medium")],
            FACTS,
            TEAMS,
            (1, 5, "medium", 7),
            'Rule "Streetlights to Public Works" matched: category Streetlights. '
            "Assigned round-robin to agent 7.",
            id="same-priority-not-mentioned",
        ),
        pytest.param(
            [STREETLIGHTS_RULE],
            FACTS,
            {5: NOBODY_CAN_TAKE},
            (1, 5, "medium", None),
            f"{STREETLIGHTS_MATCHED} "
            "No agent was available for round-robin assignment; left unassigned.",
            id="nobody-available",
        ),
        pytest.param(
            [replace(STREETLIGHTS_RULE, strategy=AssignStrategy.LEAST_LOADED)],
            FACTS,
            {},
            (1, 5, "medium", None),
            f"{STREETLIGHTS_MATCHED} "
            "No agent was available for least-loaded assignment; left unassigned.",
            id="team-without-agents",
        ),
        pytest.param(
            [make_rule(name="Everything", strategy=AssignStrategy.LEAST_LOADED)],
            FACTS,
            {5: [agent(3, 4), agent(4, 1)]},
            (1, 5, "medium", 4),
            'Rule "Everything" matched (no conditions). Assigned to least-loaded agent 4.',
            id="least-loaded",
        ),
        pytest.param(
            [make_rule(name="Mayor", strategy=AssignStrategy.FIXED, fixed_agent_id=3)],
            FACTS,
            {5: [agent(3)]},
            (1, 5, "medium", 3),
            'Rule "Mayor" matched (no conditions). Assigned to fixed agent 3.',
            id="fixed",
        ),
    ],
)
def test_route(rules, facts, teams, expected, reason):
    decision = route(rules, facts, teams)
    rule_id = decision.rule.id if decision.rule else None
    assert (rule_id, decision.team_id, decision.priority, decision.agent_id) == expected
    assert decision.reason == reason


def test_route_without_match_or_fallback_leaves_ticket_unrouted():
    decision = route([make_rule(channels=EMAIL_ONLY)], make_facts(priority="high"), TEAMS)
    assert decision.rule is None
    assert decision.team_id is None
    assert decision.priority == "high"
    assert decision.agent_id is None
    assert decision.reason == "No routing rule matched and there is no fallback rule."


@pytest.mark.parametrize(
    ("team", "reason"),
    [
        ([agent(3)], "Fixed agent 7 is not in the team; left unassigned."),
        ([agent(7, is_available=False)], "Fixed agent 7 is away; left unassigned."),
        ([agent(7, 2, capacity=2)], "Fixed agent 7 is at capacity; left unassigned."),
    ],
    ids=["not-in-team", "away", "at-capacity"],
)
def test_route_says_why_the_fixed_agent_was_not_assigned(team, reason):
    rule = replace(FIXED_7, name="VIP")
    decision = route([rule], FACTS, {5: team})
    assert decision.agent_id is None
    assert decision.reason == f'Rule "VIP" matched (no conditions). {reason}'


def test_route_says_when_the_rule_names_no_fixed_agent():
    rule = make_rule(name="VIP", strategy=AssignStrategy.FIXED)
    decision = route([rule], FACTS, {5: [agent(7)]})
    assert decision.reason == (
        'Rule "VIP" matched (no conditions). The rule names no fixed agent; left unassigned.'
    )
