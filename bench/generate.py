"""Workload generator: a city's service desk with N tickets, their events and messages.

    python bench/generate.py --tickets 1000000 --database-url sqlite:///bench/results/servicedesk-1m.db
    python bench/generate.py --tickets 100000 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/servicedesk_bench

The schema comes from the migrations (``flask db upgrade``), the reference data (teams, agents,
categories, SLA policies, a calendar, routing rules, canned responses) through the models, and
the tickets through the fastest path each database has: one transaction of multi-row
``executemany`` on SQLite, ``COPY`` on PostgreSQL, with the bulk tables' secondary indexes
rebuilt once at the end. Everything is drawn from a ``random.Random`` seeded per chunk of
tickets, so a seed always gives the same database.

The data follows a desk three years old: tickets are opened at a steady rate; recent ones are
mostly active (new, open, in progress, waiting on the requester), older ones resolved, closed
or cancelled. Due times follow the status like the service sets them: a running clock has a
due time, a paused or stopped one has none and the ticket sorts last (``NO_DUE_TIME``).

Signs in for the benchmark as ``bench-agent@example.org`` / ``bench`` (an agent in every team).
"""

import argparse
import bisect
import math
import os
import queue
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

from servicedesk.tickets.priority import priority_for  # noqa: E402

BENCH_EMAIL = "bench-agent@example.org"
BENCH_PASSWORD = "bench"
DEFAULT_SEED = 20261122
CHUNK = 10_000
HISTORY_DAYS = 3 * 365
EMPLOYEES = 4_000
RESIDENTS = 30_000
AGENTS_PER_TEAM = 6
NO_DUE = "2999-01-01 00:00:00.000000"
# Business minutes -> wall-clock minutes, roughly: 45 open hours in a 168-hour week.
WALL_PER_BUSINESS_MINUTE = 168 / 45

# (name, position, is_fallback, priorities, channels, first response, resolution)
SLA_POLICIES = [
    ("Critical and high", 10, False, ["critical", "high"], [], 60, 480),
    ("Residents", 20, False, [], ["citizen_portal", "open311"], 480, 7200),
    ("Standard", 100, True, [], [], 240, 2700),
]
EMPLOYEE_CHANNELS = [("employee_portal", 55), ("email", 25), ("agent", 15), ("api", 5)]
RESIDENT_CHANNELS = [("citizen_portal", 40), ("open311", 25), ("agent", 20), ("email", 15)]
IMPACT_URGENCY = [
    (("medium", "medium"), 50),
    (("low", "medium"), 12),
    (("medium", "low"), 12),
    (("medium", "high"), 9),
    (("high", "medium"), 7),
    (("low", "low"), 5),
    (("high", "high"), 2),
    (("high", "low"), 2),
    (("low", "high"), 1),
]
CHANNEL_LABELS = {
    "agent": "Agent (phone / counter)",
    "employee_portal": "Employee portal",
    "citizen_portal": "Citizen portal",
    "email": "Email",
    "api": "REST API",
    "open311": "Open311",
}

TICKET_COLUMNS = [
    "id",
    "channel",
    "requester_id",
    "contact_name",
    "contact_email",
    "category_id",
    "field_values",
    "subject",
    "description",
    "location_lat",
    "location_lon",
    "location_address",
    "status",
    "impact",
    "urgency",
    "priority",
    "team_id",
    "assignee_id",
    "sla_policy_id",
    "first_response_due_at",
    "resolution_due_at",
    "queue_due_at",
    "first_responded_at",
    "resolved_at",
    "closed_at",
    "first_response_warn_at",
    "resolution_warn_at",
    "first_response_warned_at",
    "first_response_breached_at",
    "resolution_warned_at",
    "resolution_breached_at",
    "created_at",
    "updated_at",
    "updated_by_id",
    "version",
]
EVENT_COLUMNS = [
    "ticket_id",
    "actor_id",
    "kind",
    "old_value",
    "new_value",
    "detail",
    "is_internal",
    "ticket_version",
    "created_at",
]
MESSAGE_COLUMNS = [
    "ticket_id",
    "author_id",
    "author_email",
    "is_internal",
    "channel",
    "body",
    "email_message_id",
    "created_at",
]


# --- text ----------------------------------------------------------------------------------


class _Slots(dict):
    """Fills a template's slots lazily: only the slots a phrase uses are drawn."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng

    def __missing__(self, key):
        r = self.rng
        value = {
            "street": lambda: r.choice(corpus.STREETS),
            "street2": lambda: r.choice(corpus.STREETS),
            "num": lambda: r.randint(1, 2400),
            "asset": lambda: (
                f"{r.choice(('HR', 'PW', 'FIN', 'CLK', 'IT', 'PD'))}-{r.randint(100, 999)}"
            ),
            "desk": lambda: f"{r.randint(1, 4)}{r.choice('ABCDEF')}{r.randint(1, 40):02d}",
            "n": lambda: r.choice((2, 3, 5, 10, 15, 20, 30)),
            "floor": lambda: r.randint(1, 6),
            "room": lambda: f"{r.randint(1, 4)}{r.randint(1, 40):02d}",
            "building": lambda: r.choice(corpus.BUILDINGS),
            "app": lambda: r.choice(corpus.APPS),
            "code": lambda: f"0x{r.randint(4096, 65535):04X}",
            "person": lambda: f"{r.choice(corpus.FIRST_NAMES)} {r.choice(corpus.LAST_NAMES)}",
            "share": lambda: r.choice(corpus.SHARES),
            "domain": lambda: r.choice(corpus.DOMAINS),
            "ext": lambda: r.randint(2000, 6999),
            "printer": lambda: f"PRN-{r.randint(1, 60):02d}",
            "temp": lambda: r.choice((58, 60, 61, 84, 86, 88)),
            "size": lambda: r.choice((6, 8, 10, 12, 18, 24)),
            "direction": lambda: r.choice(corpus.DIRECTIONS),
            "pole": lambda: f"SL-{r.randint(1000, 9999)}",
            "item": lambda: r.choice(corpus.ITEMS),
            "park": lambda: r.choice(corpus.PARKS),
            "plate": lambda: f"CTY-{r.randint(100, 999)}",
            "weekday": lambda: r.choice(corpus.WEEKDAYS),
            "hour": lambda: f"{r.randint(8, 16)}:{r.choice(('00', '30'))}",
            "phone": lambda: f"555-{r.randint(100, 999)}-{r.randint(1000, 9999)}",
        }[key]()
        self[key] = value
        return value


def _fill(template: str, rng: random.Random) -> str:
    return template.format_map(_Slots(rng)) if "{" in template else template


def _person(rng: random.Random) -> str:
    return f"{rng.choice(corpus.FIRST_NAMES)} {rng.choice(corpus.LAST_NAMES)}"


def _email_of(name: str, rng: random.Random) -> str:
    local = name.lower().replace(" ", ".").replace("'", "").replace("á", "a")
    return f"{local}{rng.randint(1, 99)}@{rng.choice(corpus.MAIL_DOMAINS)}"


def _weighted(pairs):
    """Return (values, cumulative weights) for bisect-based draws."""
    values, cumulative, total = [], [], 0
    for value, weight in pairs:
        total += weight
        values.append(value)
        cumulative.append(total)
    return values, cumulative


def _draw(table, rng: random.Random):
    values, cumulative = table
    return values[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


# --- timestamps: seconds since the epoch -> the text each database stores -----------------

_HMS = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]


class Clock:
    """Formats epoch seconds as ``YYYY-MM-DD HH:MM:SS.ffffff`` (SQLAlchemy's SQLite format,
    and valid PostgreSQL input in a UTC session) without building datetimes per value."""

    def __init__(self, first_day: int, last_day: int):
        self.first_day = first_day
        self.days = [
            (datetime(1970, 1, 1) + timedelta(days=day)).strftime("%Y-%m-%d")
            for day in range(first_day, last_day + 1)
        ]

    def text(self, seconds: float) -> str:
        whole = int(seconds)
        day, second = divmod(whole, 86400)
        return (
            f"{self.days[day - self.first_day]} {_HMS[second]}.{int((seconds - whole) * 1e6):06d}"
        )


# --- reference data ------------------------------------------------------------------------


class Reference:
    """Ids and lookup tables of the reference rows the tickets point at."""

    def __init__(self):
        self.team_ids: dict[str, int] = {}
        self.team_agents: dict[int, list[tuple[int, str, str]]] = {}
        self.leaves: list = []  # (category id, leaf name, audience, team id)
        self.policies: dict[str, tuple[int, int, int, str]] = {}
        self.employee_ids: tuple[int, int] = (0, 0)
        self.resident_ids: tuple[int, int] = (0, 0)
        self.bench_agent_id = 0


def seed_reference(rng: random.Random, now: datetime) -> Reference:
    """Write teams, staff, requesters, categories, calendar, SLA policies, routing rules."""
    from sqlalchemy import insert, select

    from servicedesk.accounts.models import Role, Team, User
    from servicedesk.accounts.passwords import hash_password
    from servicedesk.extensions import db
    from servicedesk.tickets.models import (
        Calendar,
        CannedResponse,
        Category,
        RoutingRule,
        SlaPolicy,
    )

    ref = Reference()
    staff_hash = hash_password(BENCH_PASSWORD)
    teams = [Team(name=n, department=d, email=e) for n, d, e in corpus.TEAMS]
    db.session.add_all(teams)
    staff = []
    for team in teams:
        for number in range(AGENTS_PER_TEAM):
            name = _person(rng)
            role = Role.LEAD if number == 0 else Role.AGENT
            slug = team.name.lower().replace(" & ", "-").replace(" ", "-")
            staff.append(
                User(
                    email=f"{slug}.{number}@city.example.org",
                    name=name,
                    role=role,
                    password_hash=staff_hash,
                    teams=[team],
                )
            )
    bench_agent = User(
        email=BENCH_EMAIL, name="Bench Agent", role=Role.AGENT, password_hash=staff_hash
    )
    bench_agent.teams = list(teams)
    admin = User(
        email="bench-admin@example.org",
        name="Bench Admin",
        role=Role.ADMIN,
        password_hash=staff_hash,
    )
    db.session.add_all([*staff, bench_agent, admin])

    hours = {str(day): [["08:00", "17:00"]] for day in range(5)}
    calendar = Calendar(
        name="City hall hours",
        timezone="America/New_York",
        hours=hours,
        holiday_country="US",
        holiday_subdivision="NY",
    )
    db.session.add(calendar)
    policies = [
        SlaPolicy(
            name=name,
            position=position,
            is_fallback=fallback,
            priorities=priorities,
            channels=channels,
            first_response_minutes=first,
            resolution_minutes=resolution,
            calendar=calendar,
        )
        for name, position, fallback, priorities, channels, first, resolution in SLA_POLICIES
    ]
    db.session.add_all(policies)

    by_name = {team.name: team for team in teams}
    leaves = []
    rules = []
    for root_name, (audience, team_name, children) in corpus.CATEGORIES.items():
        root = Category(name=root_name, audience=audience, default_team=by_name[team_name])
        db.session.add(root)
        for leaf_name, weight in children.items():
            leaf = Category(name=leaf_name, parent=root, audience=audience)
            db.session.add(leaf)
            leaves.append((leaf, leaf_name, audience, by_name[team_name], weight))
        strategy = "least_loaded" if audience == "employees" else "none"
        rules.append(
            RoutingRule(
                name=f"{root_name} to {team_name}",
                position=10 * len(rules) + 10,
                category=root,
                team=by_name[team_name],
                strategy=strategy,
            )
        )
    rules.append(
        RoutingRule(
            name="Everything else to the 311 Contact Center",
            position=1000,
            is_fallback=True,
            team=by_name["311 Contact Center"],
        )
    )
    db.session.add_all(rules)
    db.session.add_all(
        CannedResponse(title=f"Reply {number + 1}", body=body + " ({{reference}})")
        for number, body in enumerate(corpus.AGENT_REPLIES[:4])
    )
    db.session.flush()

    # Requesters: a Core executemany, not one ORM object each.
    created = now - timedelta(days=HISTORY_DAYS + 30)
    for role, count, domain in (
        (Role.EMPLOYEE, EMPLOYEES, "city.example.org"),
        (Role.RESIDENT, RESIDENTS, None),
    ):
        rows = []
        for number in range(count):
            name = _person(rng)
            local = name.lower().replace(" ", ".").replace("'", "").replace("á", "a")
            email = f"{local}.{number}@{domain or rng.choice(corpus.MAIL_DOMAINS)}"
            rows.append(
                {
                    "email": email,
                    "name": name,
                    "role": role,
                    "is_active_account": True,
                    "is_available": True,
                    "created_at": created,
                }
            )
        db.session.execute(insert(User), rows)
    ids = {
        role: db.session.execute(
            select(db.func.min(User.id), db.func.max(User.id)).where(User.role == role)
        ).one()
        for role in (Role.EMPLOYEE, Role.RESIDENT)
    }
    ref.employee_ids = tuple(ids[Role.EMPLOYEE])
    ref.resident_ids = tuple(ids[Role.RESIDENT])
    ref.bench_agent_id = bench_agent.id
    ref.team_ids = {team.name: team.id for team in teams}
    for user in staff:
        ref.team_agents.setdefault(user.teams[0].id, []).append((user.id, user.email, user.name))
    for agents in ref.team_agents.values():  # the bench agent works every team's queue
        agents.append((bench_agent.id, BENCH_EMAIL, bench_agent.name))
    ref.leaves = [
        (leaf.id, name, audience, team.id, weight) for leaf, name, audience, team, weight in leaves
    ]
    ref.policies = {
        policy.name: (
            policy.id,
            policy.first_response_minutes,
            policy.resolution_minutes,
            policy.name,
        )
        for policy in policies
    }
    ref.team_names = {team.id: team.name for team in teams}
    ref.rule_names = {rule.team_id: rule.name for rule in rules if not rule.is_fallback}
    return ref


# --- tickets -------------------------------------------------------------------------------


class TicketFactory:
    """Writes the rows of one chunk of tickets: (tickets, events, messages)."""

    def __init__(self, ref: Reference, total: int, now: datetime, seed: int):
        self.ref = ref
        self.total = total
        self.seed = seed
        self.now = now.timestamp()
        self.start = self.now - HISTORY_DAYS * 86400
        self.clock = Clock(int(self.start // 86400) - 2, int(self.now // 86400) + 400)
        self.leaves = _weighted([(leaf, leaf[4]) for leaf in ref.leaves])
        self.employee_channels = _weighted(EMPLOYEE_CHANNELS)
        self.resident_channels = _weighted(RESIDENT_CHANNELS)
        self.levels = _weighted(IMPACT_URGENCY)
        self.opened_detail = {}
        for _, _, _, team_id, _ in ref.leaves:
            for policy in ref.policies.values():
                self.opened_detail[(team_id, policy[0])] = (
                    f'Routed by rule "{ref.rule_names[team_id]}" to {ref.team_names[team_id]}. '
                    f'SLA policy "{policy[3]}": first response within {policy[1]} business '
                    f"minutes, resolution within {policy[2]}."
                )

    def chunk(self, first_id: int, count: int):
        rng = random.Random(self.seed * 1_000_003 + first_id)
        tickets, events, messages = [], [], []
        for ticket_id in range(first_id, first_id + count):
            self._ticket(rng, ticket_id, tickets, events, messages)
        return tickets, events, messages

    def _policy(self, channel: str, priority: str):
        policies = self.ref.policies
        if priority in ("critical", "high"):
            return policies["Critical and high"]
        if channel in ("citizen_portal", "open311"):
            return policies["Residents"]
        return policies["Standard"]

    def _ticket(self, rng, ticket_id, tickets, events, messages):
        ref, text = self.ref, self.clock.text
        random_ = rng.random
        span = self.now - self.start
        created = self.start + span * (ticket_id - 1 + random_()) / self.total
        created = min(created, self.now - 60)
        age_days = (self.now - created) / 86400
        leaf_id, leaf_name, audience, team_id, _ = _draw(self.leaves, rng)
        residents = audience == "residents"
        channel = _draw(self.resident_channels if residents else self.employee_channels, rng)
        subjects, sentences = corpus.PHRASES[leaf_name]
        slots = _Slots(rng)
        subject = rng.choice(subjects).format_map(slots)
        picked = rng.sample(sentences, min(len(sentences), 1 + int(random_() * 3)))
        opener, closer = rng.choice(corpus.OPENERS), rng.choice(corpus.CLOSERS)
        description = " ".join(p.format_map(slots) for p in (*picked, closer) if p)
        if opener:
            description = opener + ("\n\n" if opener.endswith(",") else " ") + description
        if random_() < 0.3:
            description += "\n\n" + rng.choice(corpus.POSTSCRIPTS).format_map(slots)

        requester_id, contact_name, contact_email = None, "", ""
        if channel == "employee_portal" or (channel == "api" and random_() < 0.5):
            requester_id = rng.randint(*ref.employee_ids)
        elif channel == "citizen_portal" and random_() < 0.7:
            requester_id = rng.randint(*ref.resident_ids)
        else:
            contact_name = _person(rng) if random_() < 0.8 else ""
            if channel == "email" or random_() < 0.5:
                contact_email = _email_of(contact_name or _person(rng), rng)
        lat = lon = None
        address = ""
        if residents:
            address = f"{rng.randint(1, 2400)} {rng.choice(corpus.STREETS)}"
            if channel in ("citizen_portal", "open311") and random_() < 0.8:
                lat = round(40.70 + random_() * 0.08, 6)
                lon = round(-74.02 + random_() * 0.09, 6)
        impact, urgency = _draw(self.levels, rng)
        priority = priority_for(impact, urgency)
        policy_id, first_minutes, resolution_minutes, _ = self._policy(channel, priority)
        agents = ref.team_agents[team_id]

        # Recent tickets are mostly still being worked; a few old ones linger.
        active = random_() < 0.92 * math.exp(-age_days / 25) + 0.012
        first_due = created + first_minutes * 60 * WALL_PER_BUSINESS_MINUTE
        resolution_due = created + resolution_minutes * 60 * WALL_PER_BUSINESS_MINUTE
        first_warn = created + first_minutes * 48 * WALL_PER_BUSINESS_MINUTE
        resolution_warn = created + resolution_minutes * 48 * WALL_PER_BUSINESS_MINUTE
        requester_actor = requester_id
        requester_email = contact_email
        message_channel = channel if channel != "api" else "email"

        version = 1
        detail = self.opened_detail[(team_id, policy_id)]
        events.append(
            (
                ticket_id,
                requester_actor,
                "opened",
                None,
                CHANNEL_LABELS[channel],
                detail,
                1,
                1,
                text(created),
            )
        )
        if active:
            roll = random_()
            if age_days < 1.0 and roll < 0.6 or roll < 0.12:
                status = "new"
            elif roll < 0.55:
                status = "open"
            elif roll < 0.82:
                status = "in_progress"
            else:
                status = "waiting_on_requester"
        else:
            roll = random_()
            status = "cancelled" if roll < 0.04 else "closed"
            if status == "closed" and age_days < 5 and random_() < 0.6:
                status = "resolved"  # not yet closed by the three-day rule
        # A timeline: each step happens some time after the previous one, never after now.
        moment = created
        horizon = self.now - 30

        def later(typical_minutes: float) -> float:
            nonlocal moment
            moment = min(moment + 60 + random_() * typical_minutes * 120, horizon)
            return moment

        assignee_id = None
        updated_by = requester_actor
        first_responded = resolved = closed = None
        # Employee requests are assigned by routing (least loaded) as they open; the rest are
        # assigned by hand, which is an event of its own.
        if status != "new" or random_() < 0.3:
            agent_id, _, agent_name = rng.choice(agents)
            assignee_id = agent_id
            if residents:
                version += 1
                events.append(
                    (
                        ticket_id,
                        agent_id,
                        "assigned",
                        None,
                        agent_name,
                        "",
                        0,
                        version,
                        text(later(30)),
                    )
                )
                updated_by = agent_id
        if status not in ("new",):
            agent_id = assignee_id or rng.choice(agents)[0]
            agent_email = next(email for aid, email, _ in agents if aid == agent_id)
            reply_at = later(first_minutes * 0.8)
            first_responded = reply_at
            body = _fill(rng.choice(corpus.AGENT_REPLIES), rng)
            version += 1
            events.append(
                (ticket_id, agent_id, "replied", "new", "open", body, 0, version, text(reply_at))
            )
            messages.append(
                (ticket_id, agent_id, agent_email, 0, "agent", body, None, text(reply_at))
            )
            updated_by = agent_id
            if random_() < 0.2:
                note_at = later(60)
                body = rng.choice(corpus.INTERNAL_NOTES)
                version += 1
                events.append(
                    (ticket_id, agent_id, "note_added", None, None, body, 1, version, text(note_at))
                )
                messages.append(
                    (ticket_id, agent_id, agent_email, 1, "agent", body, None, text(note_at))
                )
            if random_() < 0.3:
                answer_at = later(240)
                body = rng.choice(corpus.REQUESTER_REPLIES)
                version += 1
                message_id = (
                    f"<{ticket_id}.{version}@mail.example.org>"
                    if message_channel == "email"
                    else None
                )
                events.append(
                    (
                        ticket_id,
                        requester_actor,
                        "replied",
                        None,
                        None,
                        body,
                        0,
                        version,
                        text(answer_at),
                    )
                )
                messages.append(
                    (
                        ticket_id,
                        requester_actor,
                        requester_email,
                        0,
                        message_channel,
                        body,
                        message_id,
                        text(answer_at),
                    )
                )
            steps = {
                "open": [],
                "in_progress": [("open", "in_progress")],
                "waiting_on_requester": [("open", "waiting_on_requester")],
                "resolved": [("open", "resolved")],
                "closed": [("open", "resolved"), ("resolved", "closed")],
                "cancelled": [("open", "cancelled")],
            }[status]
            for old, new in steps:
                if new == "closed":
                    step_at = min(moment + 3 * 86400, horizon)  # closed three days after
                    moment = step_at
                else:
                    step_at = later(resolution_minutes * 0.6)
                if new == "resolved":
                    resolved = step_at
                elif new == "closed":
                    closed = step_at
                version += 1
                events.append(
                    (ticket_id, agent_id, "status_changed", old, new, "", 0, version, text(step_at))
                )

        running = status in ("new", "open", "in_progress")
        first_running = status == "new"
        first_due_text = text(first_due) if first_running else None
        resolution_due_text = text(resolution_due) if running else None
        queue_due = (first_due if first_running else resolution_due) if running else None
        first_warn_text = text(first_warn) if first_running else None
        resolution_warn_text = text(resolution_warn) if running else None
        # The escalation sweep has marked what is already past its warning or due time.
        first_warned = first_warn_text if first_running and first_warn < self.now else None
        first_breached = first_due_text if first_running and first_due < self.now else None
        resolution_warned = resolution_warn_text if running and resolution_warn < self.now else None
        resolution_breached = resolution_due_text if running and resolution_due < self.now else None
        tickets.append(
            (
                ticket_id,
                channel,
                requester_id,
                contact_name,
                contact_email,
                leaf_id,
                "{}",
                subject,
                description,
                lat,
                lon,
                address,
                status,
                impact,
                urgency,
                priority,
                team_id,
                assignee_id,
                policy_id,
                first_due_text,
                resolution_due_text,
                text(queue_due) if queue_due else NO_DUE,
                text(first_responded) if first_responded else None,
                text(resolved) if resolved else None,
                text(closed) if closed else None,
                first_warn_text,
                resolution_warn_text,
                first_warned,
                first_breached,
                resolution_warned,
                resolution_breached,
                text(created),
                text(moment),
                updated_by,
                version,
            )
        )


# --- loaders -------------------------------------------------------------------------------

BULK_TABLES = ("tickets", "ticket_events", "messages")


class SqliteLoader:
    """One transaction of executemany with journaling and fsync off; indexes rebuilt after."""

    def __init__(self, url):
        import sqlite3

        self.connection = sqlite3.connect(url.database, isolation_level=None)
        c = self.connection
        c.execute("PRAGMA journal_mode=OFF")  # load only: the app turns WAL back on
        c.execute("PRAGMA synchronous=OFF")
        c.execute("PRAGMA foreign_keys=OFF")
        c.execute("PRAGMA cache_size=-1000000")
        c.execute("PRAGMA temp_store=MEMORY")
        c.execute("PRAGMA locking_mode=EXCLUSIVE")
        self.indexes = c.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(BULK_TABLES))})",
            BULK_TABLES,
        ).fetchall()
        for name, _ in self.indexes:
            c.execute(f'DROP INDEX "{name}"')
        c.execute("BEGIN")
        self.statements = {
            table: f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})"
            for table, columns in (
                ("tickets", TICKET_COLUMNS),
                ("ticket_events", EVENT_COLUMNS),
                ("messages", MESSAGE_COLUMNS),
            )
        }

    def write(self, table, rows):
        self.connection.executemany(self.statements[table], rows)

    def finish(self):
        c = self.connection
        c.execute("COMMIT")
        started = time.perf_counter()
        for _, sql in self.indexes:
            c.execute(sql)
        index_seconds = time.perf_counter() - started
        c.execute("PRAGMA locking_mode=NORMAL")
        c.execute("PRAGMA journal_mode=WAL")
        c.close()
        return index_seconds


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        if "\\" in value or "\n" in value or "\t" in value or "\r" in value:
            value = (
                value.replace("\\", "\\\\")
                .replace("\n", "\\n")
                .replace("\t", "\\t")
                .replace("\r", "\\r")
            )
        return value
    return str(value)


class PostgresLoader:
    """COPY in text format from a second thread, so the server parses one chunk while Python
    writes the next; FK triggers off for the session; secondary indexes rebuilt after."""

    def __init__(self, url):
        import psycopg

        self.connection = psycopg.connect(_libpq_url(url))
        c = self.connection
        c.execute("SET session_replication_role = replica")  # skips FK checks: rows are consistent
        c.execute("SET synchronous_commit = off")
        c.execute("SET maintenance_work_mem = '1GB'")
        c.execute("SET TIME ZONE 'UTC'")
        self.indexes = c.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
            "WHERE k.conname = i.indexname)",
            (list(BULK_TABLES),),
        ).fetchall()
        for name, _ in self.indexes:
            c.execute(f'DROP INDEX "{name}"')
        self.statements = {
            table: f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            for table, columns in (
                ("tickets", TICKET_COLUMNS),
                ("ticket_events", EVENT_COLUMNS),
                ("messages", MESSAGE_COLUMNS),
            )
        }
        self.pending = queue.Queue(maxsize=3)
        self.failure = None
        self.copier = threading.Thread(target=self._copy_all, daemon=True)
        self.copier.start()

    def _copy_all(self):
        while (item := self.pending.get()) is not None:
            if self.failure is None:
                statement, lines = item
                try:
                    with self.connection.cursor().copy(statement) as copy:
                        copy.write(lines)
                except Exception as error:  # reported by the main thread
                    self.failure = error

    def write(self, table, rows):
        if self.failure is not None:
            raise self.failure
        lines = "".join("\t".join(map(_copy_text, row)) + "\n" for row in rows)
        self.pending.put((self.statements[table], lines))

    def finish(self):
        self.pending.put(None)
        self.copier.join()
        if self.failure is not None:
            raise self.failure
        c = self.connection
        c.commit()
        started = time.perf_counter()
        c.autocommit = True
        for _, sql in self.indexes:
            c.execute(sql)
        for table in BULK_TABLES:
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        # Autovacuum would soon do the same after such a load: statistics for the planner and
        # the visibility map that lets index-only scans skip the table.
        c.execute("VACUUM ANALYZE")
        index_seconds = time.perf_counter() - started
        c.close()
        return index_seconds


def _libpq_url(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


# --- schema --------------------------------------------------------------------------------


def prepare_database(url, force: bool) -> None:
    """Start from an empty database: remove an old file or schema only with --force."""
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            if not force:
                sys.exit(f"{path} exists; pass --force to replace it.")
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(_libpq_url(admin), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{url.database}"')
            return
    with psycopg.connect(_libpq_url(url), autocommit=True) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
        if tables:
            if not force:
                sys.exit(f"Database {url.database} has tables; pass --force to replace them.")
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")


def _check_columns(table, filled) -> None:
    """Fail early if the model gained a required column this generator does not fill."""
    missing = [
        column.name
        for column in table.columns
        if column.name not in filled
        and column.name != "id"
        and not column.nullable
        and column.server_default is None
    ]
    if missing:
        sys.exit(f"generate.py does not fill required {table.name} columns: {', '.join(missing)}")


# --- main ----------------------------------------------------------------------------------


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        default=f"sqlite:///{ROOT / 'bench' / 'results' / 'servicedesk.db'}",
        help="sqlite:////abs/path.db or postgresql+psycopg://user@host:port/name",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--now",
        help="ISO time the data ends at (UTC; default: now, to the hour). "
        "Due times are relative to it.",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing database")
    args = parser.parse_args(argv)

    from flask_migrate import upgrade
    from sqlalchemy.engine import make_url

    from servicedesk import create_app
    from servicedesk.config import normalize_database_url
    from servicedesk.extensions import db
    from servicedesk.tickets.models import Message, Ticket, TicketEvent

    url = make_url(normalize_database_url(args.database_url))
    if args.now:
        now = datetime.fromisoformat(args.now).astimezone(UTC)
    else:
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    started = time.perf_counter()
    prepare_database(url, args.force)
    instance = tempfile.mkdtemp(prefix="servicedesk-bench-")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False),
            "SECRET_KEY": "bench-generate",
            "INSTANCE_PATH": instance,
        }
    )
    with app.app_context():
        for model, columns in (
            (Ticket, TICKET_COLUMNS),
            (TicketEvent, EVENT_COLUMNS),
            (Message, MESSAGE_COLUMNS),
        ):
            _check_columns(model.__table__, set(columns))
        upgrade()
        ref = seed_reference(random.Random(args.seed), now)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    schema_seconds = time.perf_counter() - started
    _say(f"schema and reference data: {schema_seconds:.1f}s")

    loader = SqliteLoader(url) if url.get_backend_name() == "sqlite" else PostgresLoader(url)
    factory = TicketFactory(ref, args.tickets, now, args.seed)
    counts = {"tickets": 0, "ticket_events": 0, "messages": 0}
    load_started = time.perf_counter()
    for first in range(1, args.tickets + 1, CHUNK):
        tickets, events, messages = factory.chunk(first, min(CHUNK, args.tickets - first + 1))
        for table, rows in (
            ("tickets", tickets),
            ("ticket_events", events),
            ("messages", messages),
        ):
            loader.write(table, rows)
            counts[table] += len(rows)
        done = counts["tickets"]
        if done % 100_000 == 0 or done == args.tickets:
            rate = done / (time.perf_counter() - load_started)
            _say(f"  {done:>9,} tickets ({rate:,.0f}/s)")
    rows_seconds = time.perf_counter() - load_started
    index_seconds = loader.finish()
    total = time.perf_counter() - started
    _say(
        f"{counts['tickets']:,} tickets, {counts['ticket_events']:,} events, "
        f"{counts['messages']:,} messages in {total:.1f}s "
        f"(schema {schema_seconds:.1f}s, rows {rows_seconds:.1f}s, indexes {index_seconds:.1f}s)"
    )
    _say(f"sign in as {BENCH_EMAIL} / {BENCH_PASSWORD}")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    os.environ.setdefault("SERVICEDESK_ENV", "production")
    main()
