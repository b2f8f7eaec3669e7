"""Routing of a new ticket: which rule fires, which team gets it, and which agent.

Active rules run in order of ``(position, id)`` and the first whose conditions all hold wins;
fallback rules are only considered after every other rule, whatever their position. The rule
then names a team, may override the priority, and picks an agent by its strategy. Everything
here takes values and returns values: no app, no session, no clock. The service layer turns
database rows into these dataclasses and applies the :class:`RoutingDecision`.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AssignStrategy(StrEnum):
    NONE = "none"  # leave unassigned in the team queue
    FIXED = "fixed"  # the rule's named agent
    ROUND_ROBIN = "round_robin"
    LEAST_LOADED = "least_loaded"


@dataclass(frozen=True)
class TicketFacts:
    """What routing may look at on a new ticket."""

    category_path: tuple[int, ...]  # category ids from the root down; empty if no category
    channel: str
    audience: str
    subject: str
    description: str
    priority: str
    # The requester's words are very negative or name a danger (reports.sentiment).
    is_flagged: bool = False


@dataclass(frozen=True)
class RoutingRule:
    """Conditions (empty means any) and the actions taken when they all hold."""

    id: int
    name: str
    position: int  # lower runs first
    team_id: int | None
    is_fallback: bool = False  # matches everything, considered after all other rules
    category_id: int | None = None  # matches this category and its descendants
    category_name: str = ""  # only for the reason text
    channels: frozenset[str] = frozenset()
    audiences: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()  # whole words or phrases, case- and accent-insensitive
    priorities: frozenset[str] = frozenset()
    set_priority: str | None = None
    strategy: AssignStrategy = AssignStrategy.NONE
    fixed_agent_id: int | None = None
    is_active: bool = True
    when_flagged: bool = False  # only tickets whose text raised the sentiment flag


@dataclass(frozen=True)
class AgentLoad:
    """One team member as the assignment strategies see them."""

    agent_id: int
    open_tickets: int
    is_available: bool = True  # away or out of office: never picked
    last_assigned_at: datetime | None = None
    capacity: int | None = None  # max open tickets; None is unlimited


@dataclass(frozen=True)
class RoutingDecision:
    rule: RoutingRule | None
    team_id: int | None
    priority: str
    agent_id: int | None
    reason: str  # a sentence for the ticket timeline


def rule_matches(rule: RoutingRule, facts: TicketFacts) -> bool:
    """Return whether *facts* meet every condition of *rule*.

    A fallback rule matches anything. Whether the rule is active is :func:`choose_rule`'s
    business, not this function's.
    """
    if rule.is_fallback:
        return True
    return (
        (rule.category_id is None or rule.category_id in facts.category_path)
        and _allows(rule.channels, facts.channel)
        and _allows(rule.audiences, facts.audience)
        and _allows(rule.priorities, facts.priority)
        and (not rule.keywords or _first_matching_keyword(rule.keywords, facts) is not None)
        and (not rule.when_flagged or facts.is_flagged)
    )


def matched_conditions(rule: RoutingRule, facts: TicketFacts) -> list[str]:
    """List, as short phrases, the conditions set on *rule* that *facts* meet.

    A fallback rule has no conditions to report.
    """
    if rule.is_fallback:
        return []
    phrases = []
    if rule.category_id is not None and rule.category_id in facts.category_path:
        phrases.append(f"category {rule.category_name or rule.category_id}")
    if rule.channels and facts.channel in rule.channels:
        phrases.append(f"channel {facts.channel}")
    if rule.audiences and facts.audience in rule.audiences:
        phrases.append(f"audience {facts.audience}")
    keyword = _first_matching_keyword(rule.keywords, facts)
    if keyword is not None:
        phrases.append(f'keyword "{keyword}"')
    if rule.priorities and facts.priority in rule.priorities:
        phrases.append(f"priority {facts.priority}")
    if rule.when_flagged and facts.is_flagged:
        phrases.append("flagged text (very negative or safety words)")
    return phrases


def choose_rule(rules: Iterable[RoutingRule], facts: TicketFacts) -> RoutingRule | None:
    """Return the first active rule that matches *facts*, or ``None``.

    Rules run by ``(position, id)``, fallback rules after all others, so the fallback with the
    lowest position catches what nothing else did.
    """
    active = (rule for rule in rules if rule.is_active)
    for rule in sorted(active, key=lambda rule: (rule.is_fallback, rule.position, rule.id)):
        if rule_matches(rule, facts):
            return rule
    return None


def choose_agent(rule: RoutingRule, team_agents: Sequence[AgentLoad]) -> int | None:
    """Pick an agent from *team_agents* by the rule's strategy, or ``None``.

    Only agents who are available and under capacity can be picked. Round-robin takes the one
    assigned longest ago (never assigned comes first); least-loaded takes the fewest open
    tickets, then the one assigned longest ago. Remaining ties go to the lowest agent id.
    """
    candidates = [agent for agent in team_agents if _can_take(agent)]
    if rule.strategy is AssignStrategy.FIXED:
        ids = {agent.agent_id for agent in candidates}
        return rule.fixed_agent_id if rule.fixed_agent_id in ids else None
    if not candidates:
        return None
    if rule.strategy is AssignStrategy.ROUND_ROBIN:
        return min(candidates, key=_round_robin_order).agent_id
    if rule.strategy is AssignStrategy.LEAST_LOADED:
        return min(candidates, key=_least_loaded_order).agent_id
    return None


def route(
    rules: Iterable[RoutingRule],
    facts: TicketFacts,
    team_agents_by_team: Mapping[int, Sequence[AgentLoad]],
) -> RoutingDecision:
    """Decide the team, priority and agent of a new ticket, and say why."""
    rule = choose_rule(rules, facts)
    if rule is None:
        return RoutingDecision(
            rule=None,
            team_id=None,
            priority=facts.priority,
            agent_id=None,
            reason="No routing rule matched and there is no fallback rule.",
        )
    team_agents = team_agents_by_team.get(rule.team_id, ()) if rule.team_id is not None else ()
    priority = rule.set_priority or facts.priority
    agent_id = choose_agent(rule, team_agents)
    sentences = [
        _rule_sentence(rule, facts),
        _priority_sentence(facts.priority, priority),
        _assignment_sentence(rule, agent_id, team_agents),
    ]
    return RoutingDecision(
        rule=rule,
        team_id=rule.team_id,
        priority=priority,
        agent_id=agent_id,
        reason=" ".join(sentence for sentence in sentences if sentence),
    )


def _allows(accepted: frozenset[str], value: str) -> bool:
    return not accepted or value in accepted


def _normalize(text: str) -> str:
    """Casefold *text* and strip its accents, so "Éclairage" and "eclairage" compare equal."""
    # Casefold first: it can itself produce combining marks ("İ" -> "i" + dot above).
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def contains_phrase(text: str, phrase: str) -> bool:
    """Return whether the words of *phrase* appear in *text* as whole words, in order
    (case- and accent-insensitive)."""
    words = _normalize(phrase).split()
    if not words:
        return False  # a blank keyword is a typo, not a wildcard
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"
    return re.search(pattern, _normalize(text)) is not None


def _first_matching_keyword(keywords: Iterable[str], facts: TicketFacts) -> str | None:
    for keyword in keywords:
        if contains_phrase(facts.subject, keyword) or contains_phrase(facts.description, keyword):
            return keyword
    return None


def _can_take(agent: AgentLoad) -> bool:
    under_capacity = agent.capacity is None or agent.open_tickets < agent.capacity
    return agent.is_available and under_capacity


def _round_robin_order(agent: AgentLoad) -> tuple[bool, datetime, int]:
    """Never assigned first, then the oldest assignment, then the lowest id."""
    # The leading flag keeps datetime.min (naive) from ever being compared with a real,
    # timezone-aware assignment time.
    ever_assigned = agent.last_assigned_at is not None
    return (ever_assigned, agent.last_assigned_at or datetime.min, agent.agent_id)


def _least_loaded_order(agent: AgentLoad) -> tuple[int, tuple[bool, datetime, int]]:
    return (agent.open_tickets, _round_robin_order(agent))


def _rule_sentence(rule: RoutingRule, facts: TicketFacts) -> str:
    if rule.is_fallback:
        return f'Fallback rule "{rule.name}" applied.'
    conditions = matched_conditions(rule, facts)
    if not conditions:
        return f'Rule "{rule.name}" matched (no conditions).'
    return f'Rule "{rule.name}" matched: {"; ".join(conditions)}.'


def _priority_sentence(before: str, after: str) -> str:
    return "" if before == after else f"Priority changed from {before} to {after}."


_ASSIGNED = {
    AssignStrategy.FIXED: "Assigned to fixed agent {}.",
    AssignStrategy.ROUND_ROBIN: "Assigned round-robin to agent {}.",
    AssignStrategy.LEAST_LOADED: "Assigned to least-loaded agent {}.",
}


def _assignment_sentence(
    rule: RoutingRule, agent_id: int | None, team_agents: Sequence[AgentLoad]
) -> str:
    if rule.strategy is AssignStrategy.NONE:
        return "Left unassigned in the team queue."
    if agent_id is not None:
        return _ASSIGNED[rule.strategy].format(agent_id)
    if rule.strategy is AssignStrategy.FIXED:
        return _fixed_agent_unavailable(rule.fixed_agent_id, team_agents)
    label = rule.strategy.value.replace("_", "-")
    return f"No agent was available for {label} assignment; left unassigned."


def _fixed_agent_unavailable(agent_id: int | None, team_agents: Sequence[AgentLoad]) -> str:
    if agent_id is None:
        return "The rule names no fixed agent; left unassigned."
    agent = next((agent for agent in team_agents if agent.agent_id == agent_id), None)
    if agent is None:
        why = "is not in the team"
    elif not agent.is_available:
        why = "is away"
    else:
        why = "is at capacity"
    return f"Fixed agent {agent_id} {why}; left unassigned."
