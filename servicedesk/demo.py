"""The demo city of Riverton: teams, people, categories, forms, calendars, SLAs, routing rules,
canned responses and two months of tickets.

Idempotent: reference data is looked up by its unique name (or email) and only what is missing is
added; tickets are seeded once, and skipped when any ticket was filed by, assigned to or changed
by a demo person. Content comes from a fixed seed, so every run tells the same story; only the
dates follow ``now``. Only the five demo sign-ins get a password.

Tickets go through the one write path (``tickets.service``) with explicit, increasing ``now``
values. Every ticket's story is planned first, then the steps of all tickets are replayed in time
order with the SLA sweep keeping pace, so routing sees the loads of that moment and warnings and
breaches are recorded when they happened, also on tickets resolved since. Flushes; the CLI
commits.
"""

import functools
import heapq
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select

from . import demo_spanish, employee_demo, notifications
from .accounts.models import Role, Team, User
from .accounts.passwords import hash_password
from .extensions import db
from .knowledge import service as knowledge
from .knowledge.demo_articles import DEMO_ARTICLES
from .knowledge.models import Article
from .knowledge.service import ArticleText
from .tickets import catalog, lifecycle, policy, sla, sla_clocks
from .tickets import service as tickets
from .tickets.escalation import escalate
from .tickets.lifecycle import Status
from .tickets.models import (
    Audience,
    Calendar,
    CalendarClosure,
    CannedResponse,
    CatalogItem,
    Category,
    Channel,
    EventKind,
    RoutingRule,
    SlaPolicy,
    Ticket,
    TicketEvent,
)
from .tickets.priority import priority_for

DEMO_PASSWORD = "demo"
DEMO_SIGN_INS = [
    ("admin@example.org", "admin"),
    ("lead@example.org", "team lead"),
    ("agent@example.org", "agent"),
    ("employee@example.org", "employee"),
    ("resident@example.net", "resident"),
    ("approver@example.org", "employee"),  # the demo employee's manager (employee_demo.py)
]
SEED = 20261122
CITY = "Riverton"
ZONE = ZoneInfo("America/New_York")
HISTORY_DAYS = 60

# --- reference data ------------------------------------------------------------------------

# name, department, email, description
TEAMS = [
    ("IT", "Information Technology", "itdesk@example.org", "Computers, software, accounts."),
    ("Facilities", "Facilities Management", "facilities@example.org", "City buildings."),
    ("Public Works", "Department of Public Works", "dpw@example.org", "Streets, sanitation."),
    ("Parks", "Parks & Recreation", "parks@example.org", "Parks, playgrounds, street trees."),
    ("Customer Service", "Riverton 311", "311@example.org", "First stop for every resident."),
    ("Human Resources", "Human Resources", "hr@example.org", "Benefits, payroll, onboarding."),
]
ALL_TEAMS = tuple(name for name, *_ in TEAMS)

# email, name, role, teams, extra columns. The first five are the demo sign-ins.
STAFF = [
    ("admin@example.org", "Adrian Admin", Role.ADMIN, ALL_TEAMS, {"capacity": 0}),
    (
        "lead@example.org",
        "Lena Lead",
        Role.LEAD,
        ("Public Works", "Customer Service"),
        {"capacity": 10},
    ),
    ("agent@example.org", "Alex Agent", Role.AGENT, ("Public Works", "Customer Service"), {}),
    ("employee@example.org", "Eddie Employee", Role.EMPLOYEE, (), {}),
    ("resident@example.net", "Rosa Resident", Role.RESIDENT, (), {}),
    ("priya.raman@example.org", "Priya Raman", Role.LEAD, ("IT",), {}),
    ("marcus.bell@example.org", "Marcus Bell", Role.AGENT, ("IT",), {}),
    ("hannah.okafor@example.org", "Hannah Okafor", Role.AGENT, ("IT",), {"capacity": 12}),
    ("dolores.vega@example.org", "Dolores Vega", Role.LEAD, ("Facilities",), {}),
    ("tom.kowalski@example.org", "Tom Kowalski", Role.AGENT, ("Facilities",), {}),
    ("jamal.carter@example.org", "Jamal Carter", Role.AGENT, ("Facilities",), {}),
    ("kevin.obrien@example.org", "Kevin O'Brien", Role.AGENT, ("Public Works",), {"capacity": 15}),
    ("maria.santos@example.org", "Maria Santos", Role.AGENT, ("Public Works",), {}),
    ("grace.whitfield@example.org", "Grace Whitfield", Role.LEAD, ("Parks",), {}),
    ("diego.morales@example.org", "Diego Morales", Role.AGENT, ("Parks",), {"is_available": False}),
    ("sam.nguyen@example.org", "Sam Nguyen", Role.AGENT, ("Parks",), {}),
    ("beth.lindqvist@example.org", "Beth Lindqvist", Role.AGENT, ("Customer Service",), {}),
    ("omar.haddad@example.org", "Omar Haddad", Role.AGENT, ("Customer Service",), {}),
    ("nicole.friedman@example.org", "Nicole Friedman", Role.LEAD, ("Human Resources",), {}),
]
EMPLOYEE_COUNT = 20
RESIDENT_COUNT = 30

_FIRST_NAMES = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Christopher Karen Daniel Lisa Matthew Nancy "
    "Anthony Betty Mark Sandra Donald Ashley Steven Kimberly Andrew Emily Joshua Donna Kenneth "
    "Michelle Brian Amanda Luis Aisha Wei Fatima Jorge Mei Tyrone Keisha Ananya Mateo Olga "
    "Yusuf Chloe Ethan Sofia Noah Liam Imani Ravi Ingrid"
)
_LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White "
    "Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres "
    "Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Roberts Kim Patel Chen "
    "Schmidt Kowalczyk O'Connor Dubois Novak Yamamoto Brennan Osei Lindgren Castillo"
)
FIRST_NAMES = _FIRST_NAMES.split()
LAST_NAMES = _LAST_NAMES.split()
EMPLOYEE_DEPARTMENTS = [
    "City Clerk",
    "Finance",
    "Planning & Zoning",
    "Building Inspections",
    "Police Records",
    "Fire Prevention",
    "Public Library",
    "Recreation",
    "Assessor's Office",
    "Mayor's Office",
    "Code Enforcement",
    "Engineering",
]

# (path, audience, default team, description); parents come before their children.
CATEGORIES = [
    (("Information technology",), Audience.EMPLOYEES, "IT", "Computers, phones, software."),
    (("Information technology", "Hardware"), Audience.EMPLOYEES, None, "Laptops, printers."),
    (("Information technology", "Software"), Audience.EMPLOYEES, None, "Programs and licenses."),
    (("Information technology", "Accounts & access"), Audience.EMPLOYEES, None, "Sign-in, MFA."),
    (("Information technology", "Network & VPN"), Audience.EMPLOYEES, None, "Wi-Fi, VPN."),
    (("Facilities",), Audience.EMPLOYEES, "Facilities", "City buildings and offices."),
    (("Facilities", "Repairs"), Audience.EMPLOYEES, None, "Heating, lights, doors, leaks."),
    (("Facilities", "Cleaning"), Audience.EMPLOYEES, None, "Spills, restrooms, break rooms."),
    (("Facilities", "Moves"), Audience.EMPLOYEES, None, "Desks, furniture, office moves."),
    (("Human resources",), Audience.EMPLOYEES, "Human Resources", "Pay, benefits, staff."),
    (("Human resources", "HR questions"), Audience.EMPLOYEES, None, "Benefits, leave, pay."),
    (("Human resources", "Onboarding"), Audience.EMPLOYEES, None, "Getting a new hire ready."),
    (("Streets",), Audience.RESIDENTS, "Public Works", "Roads, lights and sidewalks."),
    (("Streets", "Potholes"), Audience.RESIDENTS, None, "Holes and broken pavement."),
    (("Streets", "Streetlights"), Audience.RESIDENTS, None, "Lights out or flickering."),
    (("Streets", "Traffic signals"), Audience.RESIDENTS, None, "Dark or stuck signals."),
    (("Streets", "Sidewalks"), Audience.RESIDENTS, None, "Trip hazards, curb ramps."),
    (("Water & sewer",), Audience.RESIDENTS, "Public Works", "Leaks, breaks and backups."),
    (("Sanitation",), Audience.RESIDENTS, "Public Works", "Trash, recycling, clean streets."),
    (("Sanitation", "Missed collection"), Audience.RESIDENTS, None, "Trash or recycling."),
    (("Sanitation", "Illegal dumping"), Audience.RESIDENTS, None, "Items dumped in public."),
    (("Sanitation", "Graffiti"), Audience.RESIDENTS, None, "On public or private property."),
    (("Parks & trees",), Audience.BOTH, "Parks", "Parks, playgrounds and street trees."),
    (("Parks & trees", "Park maintenance"), Audience.BOTH, None, "Playgrounds, restrooms."),
    (("Parks & trees", "Trees"), Audience.BOTH, None, "Fallen limbs, dead trees, trimming."),
    (("General enquiries",), Audience.BOTH, "Customer Service", "Questions for City Hall."),
]

_LOCATION = {"name": "location", "label": "Where is it?", "type": "location", "required": True}
_LOCATION_HELP = "A street address or the nearest intersection; drop a pin if you can."
_BUILDINGS = [
    "City Hall",
    "Public Safety Building",
    "Riverton Public Library",
    "Public Works Garage",
    "Senior Center",
]
_ONBOARDING_NEEDS = [
    "Laptop",
    "Email account",
    "Desk phone",
    "Mobile phone",
    "Desk and chair",
    "Building badge",
    "Parking permit",
]

# name -> (category path, audience, description, form schema)
CATALOG = {
    "Report a pothole": (
        ("Streets", "Potholes"),
        Audience.RESIDENTS,
        "Tell us where the pothole is and how big it is. Crews fill most within five working days.",
        [
            _LOCATION | {"help": _LOCATION_HELP},
            {
                "name": "size",
                "label": "How big is it?",
                "type": "choice",
                "required": True,
                "choices": [
                    "Smaller than a dinner plate",
                    "Dinner plate to car tire",
                    "Bigger than a car tire",
                ],
            },
            {"name": "depth_inches", "label": "Roughly how deep (inches)?", "type": "number"},
            {
                "name": "lane",
                "label": "Where on the road?",
                "type": "choice",
                "choices": ["Travel lane", "Crosswalk", "Shoulder or parking lane"],
            },
            {
                "name": "photo",
                "label": "Photo",
                "type": "file",
                "help": "Optional; helps the crew find it.",
            },
        ],
    ),
    "Streetlight out": (
        ("Streets", "Streetlights"),
        Audience.RESIDENTS,
        "A streetlight that is dark, flickering, on during the day or damaged.",
        [
            _LOCATION | {"help": _LOCATION_HELP},
            {
                "name": "pole_number",
                "label": "Pole number",
                "type": "text",
                "help": "On a metal tag at eye height, e.g. RV-10482.",
            },
            {
                "name": "kind",
                "label": "What is wrong?",
                "type": "choice",
                "required": True,
                "choices": [
                    "Light is out",
                    "Light flickers",
                    "Light stays on during the day",
                    "Pole is damaged or leaning",
                    "Other",
                ],
            },
            {
                "name": "details",
                "label": "Describe the problem",
                "type": "long_text",
                "required": True,
                "shown_when": {"field": "kind", "equals": "Other"},
            },
        ],
    ),
    "Missed trash pickup": (
        ("Sanitation", "Missed collection"),
        Audience.RESIDENTS,
        "Your bin was at the curb by 6 a.m. on collection day and was not emptied.",
        [
            {"name": "address", "label": "Address", "type": "location", "required": True},
            {
                "name": "collection_type",
                "label": "What was missed?",
                "type": "choice",
                "required": True,
                "choices": ["Trash", "Recycling", "Yard waste", "Bulk item"],
            },
            {"name": "collection_day", "label": "Scheduled collection day", "type": "date"},
            {
                "name": "bulk_item",
                "label": "Which item?",
                "type": "text",
                "required": True,
                "shown_when": {"field": "collection_type", "equals": "Bulk item"},
            },
        ],
    ),
    "Report graffiti": (
        ("Sanitation", "Graffiti"),
        Audience.RESIDENTS,
        "Graffiti on public property is removed within a week; offensive graffiti within a day.",
        [
            _LOCATION,
            {
                "name": "surface",
                "label": "Where is the graffiti?",
                "type": "choice",
                "required": True,
                "choices": [
                    "Public building",
                    "Sign or pole",
                    "Bridge or underpass",
                    "Bus shelter",
                    "Private property",
                ],
            },
            {
                "name": "offensive",
                "label": "Is it offensive or hateful?",
                "type": "choice",
                "choices": ["Yes", "No"],
            },
        ],
    ),
    "New laptop": (
        ("Information technology", "Hardware"),
        Audience.EMPLOYEES,
        "A new or replacement laptop from the city's standard models.",
        [
            {
                "name": "model",
                "label": "Model",
                "type": "choice",
                "required": True,
                "choices": [
                    "Standard 14-inch laptop",
                    "Performance 16-inch laptop (GIS, video)",
                    "Rugged tablet (field staff)",
                ],
            },
            {
                "name": "justification",
                "label": "Why the performance model?",
                "type": "long_text",
                "required": True,
                "shown_when": {
                    "field": "model",
                    "equals": "Performance 16-inch laptop (GIS, video)",
                },
            },
            {"name": "needed_by", "label": "Needed by", "type": "date", "required": True},
            {
                "name": "accessories",
                "label": "Accessories",
                "type": "multi_choice",
                "choices": [
                    "Docking station",
                    "Second monitor",
                    "Headset",
                    "Wireless keyboard and mouse",
                    "Laptop bag",
                ],
            },
            {
                "name": "replaces",
                "label": "Asset tag of the laptop it replaces",
                "type": "text",
                "help": "White sticker on the bottom, e.g. RIV-04417. Leave empty if none.",
            },
        ],
    ),
    "Access to a shared drive": (
        ("Information technology", "Accounts & access"),
        Audience.EMPLOYEES,
        "Read or write access to a department's shared drive, approved by your supervisor.",
        [
            {
                "name": "drive",
                "label": "Drive",
                "type": "choice",
                "required": True,
                "choices": [
                    "Finance (F:)",
                    "Planning (P:)",
                    "Public Works (W:)",
                    "City Clerk (C:)",
                    "Human Resources (H:)",
                ],
            },
            {
                "name": "access",
                "label": "Access",
                "type": "choice",
                "required": True,
                "choices": ["Read only", "Read and write"],
            },
            {"name": "approver", "label": "Approving supervisor", "type": "text", "required": True},
            {"name": "reason", "label": "What do you need it for?", "type": "long_text"},
        ],
    ),
    "Room repair": (
        ("Facilities", "Repairs"),
        Audience.EMPLOYEES,
        "Something broken in a city building: heating, lights, doors, plumbing, furniture.",
        [
            {
                "name": "building",
                "label": "Building",
                "type": "choice",
                "required": True,
                "choices": _BUILDINGS,
            },
            {"name": "room", "label": "Room or area", "type": "text", "required": True},
            {
                "name": "problem",
                "label": "Problem",
                "type": "choice",
                "required": True,
                "choices": [
                    "Heating or cooling",
                    "Lighting",
                    "Plumbing",
                    "Door, lock or badge reader",
                    "Ceiling, walls or floor",
                    "Furniture",
                    "Other",
                ],
            },
            {
                "name": "other_problem",
                "label": "What is the problem?",
                "type": "text",
                "required": True,
                "shown_when": {"field": "problem", "equals": "Other"},
            },
        ],
    ),
    "Onboarding a new employee": (
        ("Human resources", "Onboarding"),
        Audience.EMPLOYEES,
        "Everything a new hire needs on day one; IT and Facilities each get a task.",
        [
            {"name": "new_hire", "label": "New employee's name", "type": "text", "required": True},
            {"name": "start_date", "label": "Start date", "type": "date", "required": True},
            {
                "name": "department",
                "label": "Department",
                "type": "choice",
                "required": True,
                "choices": EMPLOYEE_DEPARTMENTS,
            },
            {"name": "job_title", "label": "Job title", "type": "text"},
            {
                "name": "needs",
                "label": "Needs on day one",
                "type": "multi_choice",
                "choices": _ONBOARDING_NEEDS,
            },
            {
                "name": "vehicle",
                "label": "Needs a pool vehicle?",
                "type": "choice",
                "choices": ["No", "Sometimes", "Daily"],
            },
        ],
    ),
}

CITY_HALL = "City Hall hours"
ROUND_THE_CLOCK = "24/7 operations"

# name, position, fallback, conditions, first response, resolution, calendar
SLA_POLICIES = [
    ("Critical", 10, False, {"priorities": ["critical"]}, 30, 240, ROUND_THE_CLOCK),
    ("High", 20, False, {"priorities": ["high"]}, 60, 960, CITY_HALL),
    ("Resident reports", 30, False, {"audiences": ["residents"]}, 480, 4800, CITY_HALL),
    ("Standard", 100, True, {}, 240, 2700, CITY_HALL),
]

# name, position, conditions, team, strategy; the category condition is a path.
ROUTING_RULES = [
    (
        "Dark or stuck traffic signals are urgent",
        10,
        {
            "category": ("Streets", "Traffic signals"),
            "priorities": ["low", "medium"],
            "set_priority": "high",
        },
        "Public Works",
        "round_robin",
    ),
    (
        "Traffic signals to Public Works",
        20,
        {"category": ("Streets", "Traffic signals")},
        "Public Works",
        "round_robin",
    ),
    (
        "Streetlights to Public Works",
        30,
        {"category": ("Streets", "Streetlights")},
        "Public Works",
        "round_robin",
    ),
    (
        "Potholes to Public Works",
        40,
        {"keywords": ["pothole", "potholes"]},
        "Public Works",
        "least_loaded",
    ),
    ("Streets to Public Works", 50, {"category": ("Streets",)}, "Public Works", "round_robin"),
    ("Water and sewer", 60, {"category": ("Water & sewer",)}, "Public Works", "round_robin"),
    ("Sanitation", 70, {"category": ("Sanitation",)}, "Public Works", "least_loaded"),
    ("IT requests", 80, {"category": ("Information technology",)}, "IT", "least_loaded"),
    ("Facilities requests", 90, {"category": ("Facilities",)}, "Facilities", "round_robin"),
    ("Parks and trees", 100, {"category": ("Parks & trees",)}, "Parks", "round_robin"),
    (
        "HR requests to the HR lead",
        110,
        {"category": ("Human resources",), "fixed_agent": "nicole.friedman@example.org"},
        "Human Resources",
        "fixed",
    ),
    (
        "General enquiries by email and portal",
        120,
        {"category": ("General enquiries",), "channels": ["email", "citizen_portal"]},
        "Customer Service",
        "none",
    ),
    ("Everything else to Customer Service", 900, {"fallback": True}, "Customer Service", "none"),
]

_SIGNATURE = "\n\nCity of Riverton Service Desk"
CANNED_RESPONSES = {
    "Thanks, we're on it": (
        "Hi {{requester}},\n\nThanks for letting us know. Your request {{reference}} is with the "
        "right team and we'll post an update here as soon as there is progress." + _SIGNATURE
    ),
    "Need more details": (
        "Hi {{requester}},\n\nTo move {{reference}} forward we need a little more information: "
        "the nearest house number or cross street, and a photo if you can. Just reply to this "
        "message; the clock stops while we wait for you." + _SIGNATURE
    ),
    "Crew scheduled": (
        "Hi {{requester}},\n\nA crew is scheduled for {{reference}} within the next five working "
        "days. You don't need to be home." + _SIGNATURE
    ),
    "Resolved – please confirm": (
        "Hi {{requester}},\n\nWe believe {{reference}} is resolved. If anything is still not "
        "right, reply within five days and we will reopen it." + _SIGNATURE
    ),
    "Not a city responsibility": (
        "Hi {{requester}},\n\nThis one is handled by another agency or the property owner, not the "
        "City. We have passed it on and closed {{reference}} on our side." + _SIGNATURE
    ),
}

# --- the ticket stories: places, scenarios, texts ------------------------------------------

STREETS = [
    "Main St",
    "Broadway",
    "Elm St",
    "Maple Ave",
    "Hudson St",
    "Wall St",
    "Clinton Ave",
    "Washington Ave",
    "Pearl St",
    "Chestnut St",
    "Fair St",
    "Albany Ave",
    "Delaware Ave",
    "Hurley Ave",
    "Foxhall Ave",
    "Prospect St",
    "Lucas Ave",
    "Henry St",
    "Mill St",
    "Orchard Ln",
    "Ridge Rd",
    "Cedar St",
    "Water St",
    "Spring St",
]
LANDMARKS = [
    "the Public Library",
    "Riverton High School",
    "the Farmers Market lot",
    "the bus depot",
    "Memorial Field",
    "the Senior Center",
    "St. Mary's Church",
    "the Hannaford plaza",
    "Lincoln Elementary",
    "the Rail Trail entrance",
]
PARKS = [
    "Riverside Park",
    "Founders Park",
    "Maple Hill Park",
    "Eastside Playground",
    "Mill Pond Park",
    "Veterans Memorial Park",
]
ROOMS = ["104", "112", "201", "215", "Council chambers", "break room", "B-12", "lobby", "310"]

# Impact and urgency: mostly medium; urgent kinds of request are more often high.
_LEVELS_DEFAULT = (("medium", "medium"),) * 9 + (
    ("low", "medium"),
    ("medium", "low"),
    ("low", "low"),
    ("medium", "high"),
)
_LEVELS_URGENT = (("medium", "medium"),) * 3 + (
    ("high", "high"),
    ("high", "medium"),
    ("medium", "high"),
    ("low", "medium"),
)


@dataclass(frozen=True)
class Case:
    """One request in words: what people write, what the fix was, what the form held."""

    subject: str
    description: str
    fix: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    """One kind of request, its cases, and what agents say along the way."""

    key: str
    audience: str  # "residents" or "employees"
    category: tuple[str, ...]
    cases: tuple[Case, ...]
    catalog: str | None = None
    located: bool = False
    acks: tuple[str, ...] = ()  # first replies peculiar to this kind; else the audience's
    asks: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    refusals: tuple[str, ...] = ()
    levels: tuple[tuple[str, str], ...] = _LEVELS_DEFAULT
    weight: int = 1


SCENARIOS = [
    Scenario(
        key="pothole",
        audience="residents",
        category=("Streets", "Potholes"),
        catalog="Report a pothole",
        located=True,
        weight=5,
        cases=(
            Case(
                "Pothole on {street}",
                "There's a pothole about {size_in} inches across in front of {address}. Cars "
                "swerve into the other lane to avoid it.",
                "Our crew filled the pothole at {address} today with hot asphalt. Thanks for "
                "letting us know, {first}!",
            ),
            Case(
                "Pothole at {intersection} bent my rim",
                "Hit a pothole at {intersection} on my way to work and it bent my rim. It's right "
                "where the road dips after the crosswalk.",
                "The pothole at {intersection} has been patched. For the rim, you can file a "
                "claim with the City Clerk's office within 90 days.",
                {"lane": "Crosswalk"},
            ),
            Case(
                "Deep pothole near {landmark}",
                "The pothole near {landmark} has been growing since the last freeze. It fills "
                "with water when it rains so you can't see how deep it is.",
                "The crew pumped out the water and filled the pothole near {landmark}. A "
                "full-depth repair is on the spring paving list.",
            ),
            Case(
                "Pothole next to the storm drain on {street}",
                "Big hole in the road on {street}, close to the storm drain. Someone put a cone "
                "in it but the cone keeps getting knocked over.",
                "The hole by the storm drain on {street} was a sunken catch basin frame; the crew "
                "reset it and repaved around it.",
            ),
        ),
        asks=(
            "Thanks for the report. Which side of {street} is it on, or what's the nearest house "
            "number? The crew couldn't find it at the address given.",
        ),
        answers=(
            "It's on the north side, right in front of number {number}. There's a cone in it now.",
            "Across from {landmark}, next to the fire hydrant.",
        ),
        notes=(
            "Added to Thursday's hot-patch route.",
            "Looks like a utility cut that settled; checking whether the gas company has to "
            "restore it.",
        ),
        refusals=(
            "This stretch of {street} is a state route, so NYSDOT maintains it. We've forwarded "
            "your report to their regional office.",
            "The hole is in a private parking lot, so the property owner is responsible for it.",
        ),
    ),
    Scenario(
        key="streetlight",
        audience="residents",
        category=("Streets", "Streetlights"),
        catalog="Streetlight out",
        located=True,
        weight=4,
        cases=(
            Case(
                "Streetlight out at {intersection}",
                "The streetlight at {intersection} has been out for about a week. The corner is "
                "very dark at night.",
                "The lamp on pole {pole} was replaced with an LED fixture and the corner is lit "
                "again.",
                {"kind": "Light is out"},
            ),
            Case(
                "Streetlight flickering on {street}",
                "The light on pole {pole} outside {address} flickers on and off all night, right "
                "outside my bedroom window.",
                "The photocell on pole {pole} was failing; we replaced it and the light stays "
                "steady now.",
                {"kind": "Light flickers"},
            ),
            Case(
                "Two streetlights out near {landmark}",
                "Two streetlights in a row are out on {street} near {landmark}. Kids walk home "
                "this way after practice.",
                "Our electrician found a blown fuse feeding both poles on {street}; both lights "
                "are back on.",
                {"kind": "Light is out"},
            ),
            Case(
                "Streetlight on all day on {street}",
                "The streetlight in front of {address} stays on all day, which seems like a waste "
                "of power.",
                "The stuck photocell was replaced; the light on {street} now turns off at dawn.",
                {"kind": "Light stays on during the day"},
            ),
            Case(
                "Streetlight pole leaning at {address}",
                "The pole in front of {address} has been leaning toward the road since a truck "
                "backed into it.",
                "The damaged pole at {address} was replaced and the light reconnected.",
                {"kind": "Pole is damaged or leaning"},
            ),
            Case(
                "Streetlight buzzing on {street}",
                "The light on {street} buzzes loudly all night and its cover is hanging open.",
                "The fixture on {street} was replaced and the new cover is secured.",
                {"kind": "Other", "details": "Loud buzzing all night; the cover hangs open."},
            ),
        ),
        asks=(
            "Could you send us the pole number? It's on a small metal tag at about eye height and "
            "starts with RV-.",
        ),
        answers=("The tag says {pole}.", "No tag that I could see; it's the pole by the bus stop."),
        notes=(
            "Bucket truck booked for Tuesday.",
            "Utility feed checked: it's the fixture, not the power.",
        ),
        refusals=(
            "This light belongs to a private parking lot, so the owner maintains it. We've let "
            "them know.",
        ),
    ),
    Scenario(
        key="signal",
        audience="residents",
        category=("Streets", "Traffic signals"),
        located=True,
        weight=2,
        levels=_LEVELS_URGENT,
        cases=(
            Case(
                "Traffic signal dark at {intersection}",
                "All the lights at {intersection} are out. Drivers are treating it like a "
                "four-way stop but it's confusing at rush hour.",
                "A failed power supply in the controller cabinet at {intersection} was replaced; "
                "the signal is cycling normally again.",
            ),
            Case(
                "Signal stuck on red at {intersection}",
                "The light on {street} has been red in every direction for over ten minutes. "
                "People are running it.",
                "A failed vehicle detector kept the signal at {intersection} waiting; it's "
                "repaired and the timing reset.",
            ),
            Case(
                "Walk button not working at {intersection}",
                "Pressing the walk button does nothing and the walk sign never comes on. Lots of "
                "seniors cross here to get to {landmark}.",
                "The pedestrian push button at {intersection} was replaced; the walk sign comes "
                "on again.",
            ),
            Case(
                "Left-turn arrow never comes on at {intersection}",
                "Turning left from {street} is impossible at rush hour because the green arrow "
                "never shows up.",
                "The left-turn detector at {intersection} was re-cut into the pavement; the arrow "
                "comes on again when a car is waiting.",
            ),
        ),
        asks=("Which direction were you travelling when you saw it?",),
        answers=("Northbound on {street}, heading towards {landmark}.",),
        notes=(
            "Signal tech dispatched; portable stop signs placed.",
            "Checked the controller log remotely before sending a tech.",
        ),
        refusals=(
            "This intersection is a county signal; we've forwarded your report to County DPW.",
        ),
    ),
    Scenario(
        key="sidewalk",
        audience="residents",
        category=("Streets", "Sidewalks"),
        located=True,
        weight=2,
        cases=(
            Case(
                "Raised sidewalk slab in front of {address}",
                "A slab of sidewalk at {address} is raised almost two inches. My neighbor tripped "
                "on it last week.",
                "We ground down the raised slab at {address} and marked it for replacement this "
                "season.",
            ),
            Case(
                "Tree roots lifting the sidewalk on {street}",
                "Roots from the street trees have pushed up the sidewalk along {street} for half "
                "a block.",
                "The worst panels on {street} were replaced and the trees root-pruned by our "
                "forestry crew.",
            ),
            Case(
                "Curb ramp flooded at {intersection}",
                "The curb ramp at {intersection} has a big puddle and ice every morning; "
                "wheelchairs can't use it.",
                "The curb ramp at {intersection} was regraded and a drain inlet added.",
            ),
        ),
        notes=("Marked with orange paint; added to the sidewalk program list.",),
        refusals=(
            "Under the City Code, the sidewalk in front of a property is the owner's to repair. "
            "We've sent the owner a notice.",
        ),
    ),
    Scenario(
        key="water",
        audience="residents",
        category=("Water & sewer",),
        located=True,
        weight=1,
        levels=_LEVELS_URGENT,
        cases=(
            Case(
                "Water bubbling up from the street at {intersection}",
                "Clear water is running out of a crack in the road at {intersection} and it's "
                "getting worse.",
                "Crews repaired a leaking water service line at {intersection} and patched the "
                "road.",
            ),
            Case(
                "Sewer backing up at {address}",
                "Sewage smell and water coming up through the basement floor drain at {address}.",
                "The sewer main on {street} was jetted and a root blockage cleared; the backup is "
                "gone.",
            ),
            Case(
                "Low water pressure on {street}",
                "The water pressure on our side of {street} dropped to a trickle yesterday.",
                "A valve on {street} was left partly closed after last week's main repair; it's "
                "open and the pressure is back to normal.",
            ),
            Case(
                "Manhole cover rattling on {street}",
                "Every car that drives over the manhole cover on {street} bangs loud enough to "
                "wake the block.",
                "The manhole frame on {street} was reset and shimmed; it's quiet now.",
            ),
        ),
        notes=("Crew dispatched; one lane closed while they work.",),
    ),
    Scenario(
        key="missed_pickup",
        audience="residents",
        category=("Sanitation", "Missed collection"),
        catalog="Missed trash pickup",
        located=True,
        weight=3,
        cases=(
            Case(
                "Trash not picked up on {street}",
                "Our trash was out by 6 a.m. as usual and the truck skipped our side of {street}.",
                "The truck came back for your trash this afternoon. Sorry for the miss!",
                {"collection_type": "Trash"},
            ),
            Case(
                "Missed recycling pickup at {address}",
                "The recycling bin at {address} is still full; everyone else on the block was "
                "picked up.",
                "The recycling truck came back for {address} this afternoon. Sorry for the miss!",
                {"collection_type": "Recycling"},
            ),
            Case(
                "Yard waste still at the curb on {street}",
                "Our leaf bags have been at the curb on {street} since collection day.",
                "The yard waste crew picked up the leaf bags on {street} today.",
                {"collection_type": "Yard waste"},
            ),
            Case(
                "Bulk pickup missed: couch still at the curb",
                "Our scheduled bulk pickup didn't happen. The couch has been out at {address} "
                "since Monday.",
                "The bulk truck picked up the couch at {address} this morning.",
                {"collection_type": "Bulk item", "bulk_item": "Couch"},
            ),
        ),
        asks=(
            "The driver reported that nothing was out when they passed. Was it at the curb by "
            "6 a.m.?",
        ),
        answers=("Yes, it was out the night before like always.",),
        refusals=(
            "Our records show the pickup at {address} was completed at 7:12 a.m. and the truck "
            "camera shows nothing at the curb. Your next pickup is next week.",
        ),
    ),
    Scenario(
        key="dumping",
        audience="residents",
        category=("Sanitation", "Illegal dumping"),
        located=True,
        weight=2,
        cases=(
            Case(
                "Mattress dumped on {street}",
                "Someone dumped a mattress and a box spring on the sidewalk at {address} "
                "overnight.",
                "Our sanitation crew picked up the mattress and box spring on {street} this "
                "morning.",
            ),
            Case(
                "Pile of tires behind {landmark}",
                "About a dozen old tires behind {landmark}. This keeps happening on weekends.",
                "The tires behind {landmark} were removed; code enforcement is checking the area "
                "cameras.",
            ),
            Case(
                "Construction debris dumped at the end of {street}",
                "Drywall and paint buckets dumped at the dead end of {street}.",
                "The debris at the end of {street} was removed and the paint taken to household "
                "hazardous waste.",
            ),
            Case(
                "Bags of trash left at the Rail Trail",
                "A dozen bags of household trash were left at the Rail Trail entrance off "
                "{street}.",
                "The bags at the Rail Trail entrance were picked up this morning.",
            ),
        ),
        notes=("Asked code enforcement to look for witnesses or camera footage.",),
    ),
    Scenario(
        key="graffiti",
        audience="residents",
        category=("Sanitation", "Graffiti"),
        catalog="Report graffiti",
        located=True,
        weight=2,
        cases=(
            Case(
                "Graffiti on the wall of {landmark}",
                "New tags on the wall of {landmark} facing {street}, about ten feet long.",
                "The graffiti on {landmark} was painted over in a matching color.",
                {"surface": "Public building"},
            ),
            Case(
                "Tagging on the {street} underpass",
                "The underpass on {street} got covered in tags over the weekend.",
                "The crew pressure-washed the {street} underpass and applied an anti-graffiti "
                "coating.",
                {"surface": "Bridge or underpass"},
            ),
            Case(
                "Graffiti on the stop sign at {intersection}",
                "Someone spray-painted over the stop sign at {intersection}; you can barely read "
                "it.",
                "The stop sign at {intersection} was replaced today.",
                {"surface": "Sign or pole"},
            ),
            Case(
                "Offensive graffiti on a bus shelter on {street}",
                "There's hateful graffiti on the bus shelter on {street}; kids wait there for the "
                "school bus.",
                "The offensive graffiti on the {street} bus shelter was removed the same day.",
                {"surface": "Bus shelter", "offensive": "Yes"},
            ),
        ),
        refusals=(
            "This wall is private property. Under the graffiti ordinance we've sent the owner a "
            "notice to remove it within ten days.",
        ),
    ),
    Scenario(
        key="park",
        audience="residents",
        category=("Parks & trees", "Park maintenance"),
        located=True,
        weight=2,
        cases=(
            Case(
                "Broken swing at {park}",
                "One of the swings at {park} has a broken chain and is hanging by one side.",
                "The swing chain at {park} was replaced and the whole playground inspected.",
            ),
            Case(
                "Overflowing trash cans at {park}",
                "The trash cans by the pavilion at {park} have been overflowing since the weekend.",
                "Crews emptied the cans at {park} and added a Saturday pickup.",
            ),
            Case(
                "Water fountain not working at {park}",
                "The drinking fountain by the ball field at {park} doesn't come on.",
                "A clogged valve in the fountain at {park} was cleaned; it works again.",
            ),
            Case(
                "Restrooms locked at {park} during open hours",
                "Restrooms at {park} were locked at 2 p.m. on Saturday with a game going on.",
                "The timer lock on the {park} restrooms was reset to the posted hours.",
            ),
            Case(
                "Basketball hoop rim bent at {park}",
                "The rim on the east basketball hoop at {park} is bent down.",
                "The bent rim at {park} was replaced with a breakaway rim.",
            ),
        ),
        notes=("Added to this week's park crew route.",),
    ),
    Scenario(
        key="tree",
        audience="residents",
        category=("Parks & trees", "Trees"),
        located=True,
        weight=2,
        cases=(
            Case(
                "Fallen branch blocking the sidewalk on {street}",
                "A big branch came down in last night's wind and blocks the whole sidewalk at "
                "{address}.",
                "Our forestry crew cleared the branch on {street}.",
            ),
            Case(
                "Dead tree leaning toward the road at {address}",
                "The oak in the strip in front of {address} is dead and leaning more every week.",
                "The tree at {address} was assessed and removed; the stump will be ground in "
                "spring.",
            ),
            Case(
                "Branches hiding the stop sign at {intersection}",
                "Drivers can't see the stop sign at {intersection} because of low branches.",
                "The branches at {intersection} were trimmed; the stop sign is visible again.",
            ),
            Case(
                "Tree down across {street}",
                "A whole tree came down across {street} near {landmark}. Nobody can get through.",
                "The forestry crew cut up and removed the tree on {street}; the road is open "
                "again.",
            ),
        ),
        notes=("Arborist to assess before we schedule the work.",),
        refusals=(
            "The tree is on private property, so it's the owner's to maintain. We've sent them a "
            "letter about the hazard.",
        ),
    ),
    Scenario(
        key="enquiry",
        audience="residents",
        category=("General enquiries",),
        weight=3,
        cases=(
            Case(
                "Question about my water bill",
                "My last water bill was almost double the usual amount and nothing has changed "
                "at home.",
                "Your last bill was based on an estimated reading. The Water Authority will read "
                "the meter this week and credit the difference.",
            ),
            Case(
                "How do I get a residential parking permit?",
                "We just moved to {address}. How do we get a parking permit for our street?",
                "You can apply online or at the City Clerk's office (City Hall, room 104). Bring "
                "proof of residency and your car registration.",
            ),
            Case(
                "When is leaf pickup on {street}?",
                "Is there a schedule for leaf pickup on our street this fall?",
                "Leaf pickup on {street} runs in the second and fourth weeks of November. Rake "
                "leaves to the curb, not into the street.",
            ),
            Case(
                "Construction noise on {street} before 6 a.m.",
                "A crew starts jackhammering on {street} before 6 a.m. every day. Is that allowed?",
                "Construction noise is allowed from 7 a.m. on weekdays. Code enforcement visited "
                "the site on {street} and reminded the contractor.",
            ),
            Case(
                "Copy of my building permit",
                "I'm selling my house at {address} and need a copy of the permit for our deck.",
                "I've emailed you a PDF copy of the deck permit for {address}.",
            ),
            Case(
                "Dog license renewal",
                "How do I renew my dog's license? The tag expires at the end of the month.",
                "You can renew online with your dog's rabies certificate, or at the Clerk's "
                "window. The fee is $15 for spayed or neutered dogs.",
            ),
        ),
        asks=("Could you send us your address so we can look up your account?",),
        answers=("It's {address}. Thanks!",),
        refusals=(
            "That's handled by the Riverton Water Authority, not the City. We've forwarded your "
            "question to them.",
        ),
    ),
    Scenario(
        key="hardware",
        audience="employees",
        category=("Information technology", "Hardware"),
        weight=3,
        cases=(
            Case(
                "Laptop won't turn on",
                "My laptop shows a blinking orange light and won't boot. I have a Council memo "
                "due today.",
                "The battery had failed; I replaced it under warranty and your laptop boots again.",
            ),
            Case(
                "Monitor flickering at my desk",
                "The left monitor at my desk in {dept} flickers every few seconds.",
                "It was the video cable; I replaced it and the monitor is steady.",
            ),
            Case(
                "Printer on floor {floor} keeps jamming",
                "The big printer by the {dept} counter jams on every second page.",
                "The printer's fuser was replaced. It printed 200 test pages without a jam.",
            ),
            Case(
                "Docking station doesn't charge my laptop",
                "Since Monday my laptop doesn't charge when it's in the dock.",
                "I swapped the docking station at your desk; your laptop charges now.",
            ),
        ),
        acks=("Got it. Please leave the computer on so I can connect remotely.",),
        asks=("What's the asset tag on the device? It's a white sticker starting with RIV-.",),
        answers=("It's {tag}.",),
        notes=("Under warranty; vendor case opened.", "Spare on the shelf in the IT cage."),
    ),
    Scenario(
        key="laptop",
        audience="employees",
        category=("Information technology", "Hardware"),
        catalog="New laptop",
        weight=2,
        cases=(
            Case(
                "New laptop for {first}",
                "My laptop is from 2019 and takes ten minutes to start.",
                "Your new laptop is imaged and ready at the IT counter (City Hall basement). "
                "Bring the old one and we'll move your files.",
                {"model": "Standard 14-inch laptop"},
            ),
            Case(
                "Laptop for GIS work",
                "I've started on the zoning maps and my laptop can't run ArcGIS Pro.",
                "Your performance laptop is ready at the IT counter with ArcGIS Pro installed.",
                {
                    "model": "Performance 16-inch laptop (GIS, video)",
                    "justification": "ArcGIS Pro for the zoning map update.",
                },
            ),
            Case(
                "Tablet for a new field inspector",
                "Our new inspector in {dept} needs a rugged tablet for site visits.",
                "The rugged tablet is set up with the inspections app and ready at the IT counter.",
                {"model": "Rugged tablet (field staff)"},
            ),
        ),
        notes=("Ordered on the state contract; ETA eight business days.", "Imaging scheduled."),
    ),
    Scenario(
        key="software",
        audience="employees",
        category=("Information technology", "Software"),
        weight=3,
        cases=(
            Case(
                "Excel crashes when I open the budget workbook",
                "Excel closes without an error whenever I open the budget file from the Finance "
                "drive.",
                "I repaired the Office install and cleared the cached workbook; Excel opens the "
                "budget file now.",
            ),
            Case(
                "Need Adobe Acrobat Pro to sign contracts",
                "I need to sign vendor contracts electronically. Can I get Acrobat Pro?",
                "Acrobat Pro is installed; sign in with your city account the first time you "
                "open it.",
            ),
            Case(
                "GIS license expired",
                "ArcGIS says my license expired yesterday. I have maps due for the Planning Board.",
                "The license was renewed and reassigned to your account.",
            ),
            Case(
                "Outlook calendar not syncing to my phone",
                "Meetings I accept on my laptop don't show up on my phone anymore.",
                "Your phone's mail profile was corrupt; I removed and re-added it and the "
                "calendar syncs again.",
            ),
            Case(
                "Permit system very slow",
                "The permit system takes about a minute to open each record since this morning.",
                "The vendor restarted the permit system's search service; records open "
                "instantly again.",
            ),
        ),
        acks=("Got it. Please leave the computer on so I can connect remotely.",),
        asks=("Could you send a screenshot of what you see?",),
        answers=("Screenshot is in the email I just sent you.",),
        notes=("Reproduced it on a test machine.",),
    ),
    Scenario(
        key="account",
        audience="employees",
        category=("Information technology", "Accounts & access"),
        weight=2,
        levels=(("medium", "medium"),) * 2 + (("medium", "high"),),
        cases=(
            Case(
                "Locked out of my account",
                "I typed my password wrong too many times and now I'm locked out.",
                "Your account is unlocked. You'll be asked to choose a new password when you "
                "sign in.",
            ),
            Case(
                "Password reset link not working",
                "The reset link in the email says it has expired, even when I click it right away.",
                "Your mail filter was opening the link before you did; I reset the password "
                "with you by phone.",
            ),
            Case(
                "New phone: need to set up MFA again",
                "I got a new phone and the authenticator app didn't move over.",
                "MFA is reset; you can register your new phone the next time you sign in.",
            ),
            Case(
                "Can't sign in to the timekeeping system",
                "Timekeeping says my account is disabled; timesheets are due Friday.",
                "The annual account review disabled your timekeeping account by mistake; it's "
                "enabled again.",
            ),
        ),
    ),
    Scenario(
        key="drive",
        audience="employees",
        category=("Information technology", "Accounts & access"),
        catalog="Access to a shared drive",
        weight=2,
        cases=(
            Case(
                "Access to the Finance drive",
                "I'm helping with the capital budget and need last year's files on the Finance "
                "drive.",
                "You now have access to the Finance drive; sign out and back in to see it.",
                {"drive": "Finance (F:)", "access": "Read only"},
            ),
            Case(
                "Write access to the Planning drive",
                "I've joined the comprehensive plan project and need to save maps to the "
                "Planning drive.",
                "Write access to the Planning drive is granted; sign out and back in to see it.",
                {"drive": "Planning (P:)", "access": "Read and write"},
            ),
        ),
        notes=("Supervisor's approval received by email.",),
        refusals=("Your supervisor didn't approve this one; please talk to them first.",),
    ),
    Scenario(
        key="network",
        audience="employees",
        category=("Information technology", "Network & VPN"),
        weight=2,
        levels=_LEVELS_URGENT,
        cases=(
            Case(
                "VPN disconnects every few minutes",
                "Since Monday my VPN drops every five minutes when I work from home.",
                "The VPN client on your laptop was updated; the drops were a known bug in the "
                "old version.",
            ),
            Case(
                "No Wi-Fi in the Council chambers",
                "The Council meets tonight and the Wi-Fi in the chambers is down.",
                "The access point in the chambers had failed; it's replaced and Wi-Fi is back.",
            ),
            Case(
                "Network very slow at the Library branch",
                "Patrons and staff at the Library branch say everything is crawling.",
                "A failing switch at the Library branch was replaced; speeds are back to normal.",
            ),
            Case(
                "Can't reach the shared drives from home",
                "On VPN I get email but none of the shared drives open.",
                "Your VPN profile was missing the file server route; I pushed a new profile.",
            ),
        ),
        notes=("Checked the firewall logs; nothing blocked on our side.",),
    ),
    Scenario(
        key="repair",
        audience="employees",
        category=("Facilities", "Repairs"),
        catalog="Room repair",
        weight=3,
        cases=(
            Case(
                "Too cold in {building} room {room}",
                "It's 61 degrees in room {room} this morning; people are wearing coats at their "
                "desks.",
                "The thermostat in room {room} had failed; it's replaced and recalibrated.",
                {"problem": "Heating or cooling"},
            ),
            Case(
                "Leaking ceiling tile in room {room}",
                "Water is dripping through a ceiling tile in room {room}; we put a bucket under "
                "it.",
                "The roof flashing above room {room} was repaired and the ceiling tile replaced.",
                {"problem": "Ceiling, walls or floor"},
            ),
            Case(
                "Badge reader at the {building} side door not working",
                "The badge reader at the side door blinks red for everyone.",
                "The badge reader was replaced; all badges work again.",
                {"problem": "Door, lock or badge reader", "room": "Side entrance"},
            ),
            Case(
                "Lights out in the {building} conference room",
                "Half the ceiling lights in the conference room are out.",
                "The old ballasts were replaced with LED drivers; all the lights work.",
                {"problem": "Lighting", "room": "Conference room"},
            ),
            Case(
                "Toilet running in the floor {floor} restroom",
                "The toilet in the floor {floor} restroom runs constantly.",
                "The fill valve was replaced; the toilet no longer runs.",
                {"problem": "Plumbing", "room": "Floor {floor} restroom"},
            ),
        ),
        acks=("Thanks {first}. I'll come by this afternoon to take a look.",),
        asks=("Is the room free tomorrow morning so we can work there?",),
        answers=("Yes, any time before noon.",),
        notes=("Parts ordered; they should arrive in two days.",),
    ),
    Scenario(
        key="cleaning",
        audience="employees",
        category=("Facilities", "Cleaning"),
        weight=1,
        cases=(
            Case(
                "Spill in the floor {floor} break room",
                "Someone spilled coffee all over the break room floor and counter.",
                "The custodial team cleaned up the break room this afternoon.",
            ),
            Case(
                "Restrooms on floor {floor} need attention",
                "The restrooms on floor {floor} are out of paper towels and soap.",
                "The restrooms on floor {floor} were restocked and cleaned.",
            ),
            Case(
                "Carpet stain outside room {room}",
                "There's a large stain on the carpet outside room {room} from a leaking water "
                "cooler.",
                "The carpet outside room {room} was steam-cleaned.",
            ),
        ),
    ),
    Scenario(
        key="move",
        audience="employees",
        category=("Facilities", "Moves"),
        weight=1,
        cases=(
            Case(
                "Move two desks to Planning",
                "Planning has two new staff; we need two desks and chairs brought up from storage.",
                "Two desks and chairs are set up in Planning.",
            ),
            Case(
                "Office move for the {dept} team",
                "{dept} is moving to the second floor on the 1st; we need desks, chairs and "
                "phones moved.",
                "The {dept} move is done; phones and network were tested at every desk.",
            ),
        ),
        notes=("Moving crew booked; IT asked to move the phones.",),
    ),
    Scenario(
        key="hr",
        audience="employees",
        category=("Human resources", "HR questions"),
        weight=2,
        cases=(
            Case(
                "Adding my daughter to my health plan",
                "I had a baby in October; how do I add her to my health plan?",
                "You have 30 days from the birth to add a dependent; the form is in the benefits "
                "portal and I've sent you the link.",
            ),
            Case(
                "How many vacation days do I have left?",
                "My pay stub doesn't show my vacation balance anymore.",
                "You have 11.5 vacation days left this year; the balance moved to page 2 of the "
                "new pay stub.",
            ),
            Case(
                "Change my direct deposit",
                "I switched banks and need my pay to go to the new account.",
                "Your new account is set up and takes effect from the next payroll.",
            ),
            Case(
                "Tuition reimbursement for a GIS course",
                "I'd like to take a GIS certificate course at the community college. Is it "
                "covered?",
                "Yes, up to $2,500 a year; send the course description to HR before you enroll.",
            ),
        ),
    ),
]
SCENARIO_BY_KEY = {scenario.key: scenario for scenario in SCENARIOS}

ACKS = {
    "residents": (
        "Hi {first}, thanks for reporting this. It's with our crew and we'll post an update "
        "here once the work is done.",
        "Thanks, {first}. We've logged this and a crew will take a look within the next few "
        "working days.",
        "Hi {first}, thanks for letting us know. I've passed this to the right crew.",
    ),
    "employees": (
        "Hi {first}, I'm on it and will update you here.",
        "Thanks {first}, this is on my list for today.",
        "Got it, {first}. I'll keep you posted here.",
    ),
}
FOLLOW_UPS = (
    "Any update on this? It's been {days} days.",
    "Hello? Still waiting to hear back on this one.",
)
STILL_BROKEN = {
    "residents": ("It's back again, two days later.", "Sorry, it isn't fixed; same problem."),
    "employees": ("It's happening again since this morning.",),
}
WITHDRAWALS = {
    "residents": (
        "Never mind, a neighbor told me the crew was already out this morning.",
        "Please cancel this, it turned out to be on private property.",
    ),
    "employees": ("Please cancel, it started working again after a restart.",),
}
GENERIC_ASKS = {
    "residents": ("Could you tell us a bit more about where exactly this is?",),
    "employees": ("When is a good time to stop by your desk?",),
}
GENERIC_ANSWERS = {
    "residents": ("It's across from {landmark}.",),
    "employees": ("Any time this afternoon; I'm in room {room}.",),
}
PRIORITY_NOTES = {
    "residents": (
        "Raising the priority: this is on a school walking route.",
        "Raising the priority: several neighbors have called about it.",
    ),
    "employees": (
        "Raising the priority: the whole {dept} team is affected, not just one person.",
        "Raising the priority: this blocks a Council deadline.",
    ),
}
LINK_NOTES = {
    "residents": (
        "Related to {other}; likely the same cause, so we'll handle them together.",
        "See also {other}: the crew will check both on the same visit.",
    ),
    "employees": ("Related to {other}; likely the same cause, so handling them together.",),
}

STATUS_WEIGHTS = {
    Status.NEW: 12,
    Status.OPEN: 12,
    Status.IN_PROGRESS: 14,
    Status.WAITING: 8,
    Status.RESOLVED: 12,
    Status.CLOSED: 36,
    Status.CANCELLED: 6,
}
CHANNEL_WEIGHTS = {
    Channel.CITIZEN_PORTAL: 25,
    Channel.EMPLOYEE_PORTAL: 25,
    Channel.EMAIL: 18,
    Channel.AGENT: 15,
    Channel.OPEN311: 10,
    Channel.API: 7,
}
# How long ago tickets that ended in each status were opened, in days (most, and a long tail).
AGE_DAYS = {
    Status.NEW: ((0.02, 0.6), (1, 10)),
    Status.OPEN: ((0.1, 3), (3, 12)),
    Status.IN_PROGRESS: ((0.3, 6), (6, 20)),
    Status.WAITING: ((1, 10), (10, 20)),
    Status.RESOLVED: ((1, 8), (8, 12)),
    Status.CLOSED: ((5, 58), (4, 6)),
    Status.CANCELLED: ((1, 58), (0.3, 1)),
}


# --- seeding -------------------------------------------------------------------------------


class _Tally:
    """What was created and what was already there, per kind, for the summary."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.present: Counter[str] = Counter()

    def count(self, kind: str, created: bool) -> None:
        (self.created if created else self.present)[kind] += 1


def seed_demo(*, ticket_count: int = 300, now: datetime) -> str:
    """Seed the demo city (missing parts only) and return a one-paragraph summary.

    :raises ValueError: for a naive ``now`` or a negative ticket count.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if ticket_count < 0:
        raise ValueError("ticket_count must not be negative")
    now = now.astimezone(UTC)
    tally = _Tally()
    teams = _seed_teams(tally)
    people = _seed_people(teams, now, tally)
    categories = _seed_categories(teams, tally)
    items = _seed_catalog(categories, tally)
    employee_demo.seed(categories, teams, people, tally, _demo_password_hash())
    demo_spanish.add_spanish_names(categories, items)
    calendars = _seed_calendars(now, tally)
    _seed_sla_policies(calendars, tally)
    _seed_routing_rules(categories, teams, people, tally)
    _seed_canned_responses(tally)
    _seed_articles(categories, people, now, tally)
    db.session.flush()

    world = _World(teams, people, categories, items, calendars[CITY_HALL], SEED)
    if _demo_tickets_exist(people):
        ticket_part = "Demo tickets already exist, so no tickets were added."
    elif ticket_count == 0:
        ticket_part = "No tickets were asked for."
    else:
        with notifications.paused():  # the demo's residents and agents get no email
            mine = employee_demo.seed_requests(people, min(ticket_count - 1, 1), now)
            ticket_part = _seed_tickets(world, ticket_count - len(mine), now, also=mine)
    from .bookings.demo import seed_bookings

    return _summary(tally, ticket_part) + " " + seed_bookings(now=now)


_KIND_LABELS = [
    ("team", ("team",)),
    ("person", ("person", "people")),
    ("category", ("category", "categories")),
    ("catalog item", ("catalog form",)),
    ("calendar", ("calendar",)),
    ("closure", ("calendar closure",)),
    ("SLA policy", ("SLA policy", "SLA policies")),
    ("routing rule", ("routing rule",)),
    ("canned response", ("canned response",)),
    ("article", ("knowledge-base article",)),
]


def _summary(tally: _Tally, ticket_part: str) -> str:
    def listing(counter: Counter[str]) -> str:
        parts = [_count(counter[kind], *labels) for kind, labels in _KIND_LABELS if counter[kind]]
        return ", ".join(parts) or "nothing"

    return (
        f"City of {CITY} demo: created {listing(tally.created)}; "
        f"already present: {listing(tally.present)}. {ticket_part}"
    )


def _seed_articles(
    categories: dict[tuple[str, ...], Category],
    people: dict[str, User],
    now: datetime,
    tally: _Tally,
) -> None:
    """The city's help articles, written by the demo agent and published by the lead through
    the knowledge service (so they are audited and indexed after commit)."""
    author, reviewer = people["agent@example.org"], people["lead@example.org"]
    existing = set(db.session.scalars(select(Article.slug)))
    for number, spec in enumerate(DEMO_ARTICLES):
        tally.count("article", spec["slug"] not in existing)
        if spec["slug"] in existing:
            continue
        written = now - timedelta(days=HISTORY_DAYS - number % HISTORY_DAYS, hours=number % 7)
        article = knowledge.create_article(
            ArticleText(spec["title"], spec["summary"], spec["body"], spec["tags"]),
            actor=author,
            language=spec["language"],
            audience=spec["audience"],
            categories=[categories[path] for path in spec["categories"]],
            slug=spec["slug"],
            now=written,
        )
        status = spec["status"]
        if status in ("in_review", "published", "archived"):
            knowledge.submit_for_review(article, actor=author, now=written)
        if status in ("published", "archived"):
            knowledge.publish(article, actor=reviewer, now=written + timedelta(hours=2))
        if status == "archived":
            knowledge.archive(article, actor=reviewer, now=written + (now - written) / 2)


def _seed_teams(tally: _Tally) -> dict[str, Team]:
    teams = {}
    for name, department, email, description in TEAMS:
        team = db.session.scalar(select(Team).where(Team.name == name))
        tally.count("team", team is None)
        if team is None:
            team = Team(name=name, department=department, email=email, description=description)
            db.session.add(team)
        teams[name] = team
    return teams


@dataclass
class DemoPerson:
    email: str
    name: str
    role: Role
    teams: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    department: str = ""  # employees: where they work (for the stories only)
    address: str = ""  # residents: where they live (for the stories only)


def demo_people() -> list[DemoPerson]:
    """Return everyone in the demo city, the same list every time."""
    rng = random.Random(SEED)
    people = [
        DemoPerson(email, name, role, teams, extra) for email, name, role, teams, extra in STAFF
    ]
    taken = {person.email for person in people} | {person.name for person in people}

    def invent(domain: str) -> tuple[str, str]:
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            local = f"{first}.{last}".lower().replace("'", "")
            if rng.random() < 0.3 and domain != "example.org":
                local = f"{first[0]}{last}{rng.randint(1, 99)}".lower().replace("'", "")
            email = f"{local}@{domain}"
            if name not in taken and email not in taken:
                taken.update((name, email))
                return name, email

    for _ in range(EMPLOYEE_COUNT):
        name, email = invent("example.org")
        people.append(
            DemoPerson(email, name, Role.EMPLOYEE, department=rng.choice(EMPLOYEE_DEPARTMENTS))
        )
    for _ in range(RESIDENT_COUNT):
        name, email = invent(rng.choice(("example.net", "example.com")))
        address = f"{rng.randint(2, 480)} {rng.choice(STREETS)}"
        people.append(DemoPerson(email, name, Role.RESIDENT, address=address))
    people[3].department = "City Clerk"
    people[4].address = "27 Maple Ave"
    return people


@functools.cache
def _demo_password_hash() -> str:
    """One argon2 hash of the demo password per process (a hash costs tens of milliseconds)."""
    return hash_password(DEMO_PASSWORD)


def _seed_people(teams: dict[str, Team], now: datetime, tally: _Tally) -> dict[str, User]:
    """Create missing people, who joined before the demo's history; only the demo sign-ins get
    a password."""
    sign_ins = {email for email, _ in DEMO_SIGN_INS}
    people = demo_people()
    emails = [person.email for person in people]
    existing = {
        user.email.lower(): user
        for user in db.session.scalars(select(User).where(func.lower(User.email).in_(emails)))
    }
    users = {}
    for person in people:
        user = existing.get(person.email)
        tally.count("person", user is None)
        if user is None:
            years_on_staff = person.role != Role.RESIDENT
            user = User(
                email=person.email,
                name=person.name,
                role=person.role,
                password_hash=_demo_password_hash() if person.email in sign_ins else None,
                created_at=now - timedelta(days=HISTORY_DAYS + (700 if years_on_staff else 30)),
                teams=[teams[name] for name in person.teams],
                **person.extra,
            )
            db.session.add(user)
        users[person.email] = user
    db.session.flush()
    return users


def _seed_categories(teams: dict[str, Team], tally: _Tally) -> dict[tuple[str, ...], Category]:
    categories: dict[tuple[str, ...], Category] = {}
    for path, audience, team_name, description in CATEGORIES:
        parent = categories.get(path[:-1]) if len(path) > 1 else None
        query = select(Category).where(Category.name == path[-1])
        if parent is None:
            query = query.where(Category.parent_id.is_(None))
        else:
            query = query.where(Category.parent_id == parent.id)
        category = db.session.scalar(query)
        tally.count("category", category is None)
        if category is None:
            category = Category(
                name=path[-1],
                parent=parent,
                audience=audience,
                description=description,
                default_team=teams[team_name] if team_name else None,
            )
            db.session.add(category)
            db.session.flush()
        categories[path] = category
    return categories


def _seed_catalog(
    categories: dict[tuple[str, ...], Category], tally: _Tally
) -> dict[str, CatalogItem]:
    items = {}
    for name, (path, audience, description, schema) in CATALOG.items():
        item = db.session.scalar(select(CatalogItem).where(CatalogItem.name == name))
        tally.count("catalog item", item is None)
        if item is None:
            item = CatalogItem(
                name=name,
                category=categories[path],
                audience=audience,
                description=description,
                form_schema=catalog.check_schema(schema),
            )
            db.session.add(item)
        items[name] = item
    return items


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def _closures(now: datetime) -> list[tuple[date, str]]:
    """Local closures on top of public holidays, for the years the demo history touches."""
    start = (now - timedelta(days=HISTORY_DAYS)).year
    days = []
    for year in sorted({start, now.year, now.year + 1}):
        days.append((_thanksgiving(year) + timedelta(days=1), "Day after Thanksgiving"))
        days.append((date(year, 12, 24), "Christmas Eve (City Hall closes)"))
    return days


def _seed_calendars(now: datetime, tally: _Tally) -> dict[str, Calendar]:
    specs = {
        CITY_HALL: (
            {str(day): [["08:00", "17:00"]] for day in range(5)},
            "US",
            "NY",
            _closures(now),
        ),
        ROUND_THE_CLOCK: ({str(day): [["00:00", "23:59"]] for day in range(7)}, None, None, []),
    }
    calendars = {}
    for name, (hours, country, subdivision, closures) in specs.items():
        calendar = db.session.scalar(select(Calendar).where(Calendar.name == name))
        tally.count("calendar", calendar is None)
        if calendar is None:
            calendar = Calendar(
                name=name,
                timezone="America/New_York",
                hours=hours,
                holiday_country=country,
                holiday_subdivision=subdivision,
            )
            db.session.add(calendar)
            db.session.flush()
        known = {closure.day for closure in calendar.closures}
        for day, label in closures:
            tally.count("closure", day not in known)
            if day not in known:
                calendar.closures.append(CalendarClosure(day=day, name=label))
        calendars[name] = calendar
    db.session.flush()
    return calendars


def _seed_sla_policies(calendars: dict[str, Calendar], tally: _Tally) -> None:
    for name, position, fallback, conditions, first, resolution, calendar in SLA_POLICIES:
        exists = db.session.scalar(select(SlaPolicy.id).where(SlaPolicy.name == name))
        tally.count("SLA policy", exists is None)
        if exists is None:
            db.session.add(
                SlaPolicy(
                    name=name,
                    position=position,
                    is_fallback=fallback,
                    priorities=conditions.get("priorities", []),
                    channels=conditions.get("channels", []),
                    audiences=conditions.get("audiences", []),
                    first_response_minutes=first,
                    resolution_minutes=resolution,
                    calendar=calendars[calendar],
                )
            )


def _seed_routing_rules(
    categories: dict[tuple[str, ...], Category],
    teams: dict[str, Team],
    people: dict[str, User],
    tally: _Tally,
) -> None:
    for name, position, conditions, team, strategy in ROUTING_RULES:
        exists = db.session.scalar(select(RoutingRule.id).where(RoutingRule.name == name))
        tally.count("routing rule", exists is None)
        if exists is None:
            path = conditions.get("category")
            fixed = conditions.get("fixed_agent")
            db.session.add(
                RoutingRule(
                    name=name,
                    position=position,
                    is_fallback=conditions.get("fallback", False),
                    category=categories[path] if path else None,
                    channels=conditions.get("channels", []),
                    keywords=conditions.get("keywords", []),
                    priorities=conditions.get("priorities", []),
                    set_priority=conditions.get("set_priority"),
                    team=teams[team],
                    strategy=strategy,
                    fixed_agent=people[fixed] if fixed else None,
                )
            )


def _seed_canned_responses(tally: _Tally) -> None:
    for title, body in CANNED_RESPONSES.items():
        exists = db.session.scalar(select(CannedResponse.id).where(CannedResponse.title == title))
        tally.count("canned response", exists is None)
        if exists is None:
            db.session.add(CannedResponse(title=title, body=body))


def _demo_tickets_exist(people: dict[str, User]) -> bool:
    """Whether we seeded tickets before: any ticket a demo person filed, holds or acted on."""
    ids = [user.id for user in people.values()]
    filed_or_held = select(Ticket.id).where(
        or_(Ticket.requester_id.in_(ids), Ticket.assignee_id.in_(ids))
    )
    acted_on = select(TicketEvent.id).where(TicketEvent.actor_id.in_(ids))
    return any(db.session.scalar(query.limit(1)) is not None for query in (filed_or_held, acted_on))


# --- the ticket simulation -----------------------------------------------------------------


class _World:
    """The seeded rows the ticket stories draw on."""

    def __init__(
        self,
        teams: dict[str, Team],
        people: dict[str, User],
        categories: dict[tuple[str, ...], Category],
        items: dict[str, CatalogItem],
        city_hall: Calendar,
        seed: int,
    ):
        self.teams = teams
        self.users = people
        self.categories = categories
        self.items = items
        self.city_hall: sla.BusinessCalendar = sla_clocks.business_calendar(city_hall)
        self.rng = random.Random(seed)
        by_email = {person.email: person for person in demo_people()}
        self.department = {e: p.department for e, p in by_email.items() if p.department}
        self.home = {e: p.address for e, p in by_email.items() if p.address}
        self.admin = people["admin@example.org"]
        self.employees = [u for u in people.values() if u.role == Role.EMPLOYEE]
        self.residents = [u for u in people.values() if u.role == Role.RESIDENT]

    def team_for(self, path: tuple[str, ...]) -> Team:
        """The default team of a category or its nearest ancestor."""
        for depth in range(len(path), 0, -1):
            category = self.categories[path[:depth]]
            if category.default_team is not None:
                return category.default_team
        return self.teams["Customer Service"]

    def workers(self, team: Team | None) -> list[User]:
        if team is None:
            return []
        return [
            member
            for member in team.members
            if member.is_staff and not member.is_admin and member.is_available
        ]


@dataclass
class Step:
    when: datetime
    action: str
    arg: Any = None


@dataclass
class Plan:
    """One ticket's story, decided before anything is written."""

    scenario: Scenario
    channel: Channel
    status: Status  # where the story ends
    opened_at: datetime
    ctx: dict[str, Any]
    case: Case | None = None
    subject: str = ""
    description: str = ""
    requester: User | None = None
    contact_name: str = ""
    contact_email: str = ""
    opener: User | None = None
    category: tuple[str, ...] | None = None
    catalog_item: str | None = None
    fields: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    impact: str = "medium"
    urgency: str = "medium"
    child_team: str | None = None  # set on onboarding child tasks
    steps: list[Step] = field(default_factory=list)
    ticket: Ticket | None = None
    worker: User | None = None

    @property
    def audience(self) -> str:
        return self.scenario.audience

    @property
    def can_answer(self) -> bool:
        return self.requester is not None or bool(self.contact_email)

    @property
    def priority(self) -> str:
        return priority_for(self.impact, self.urgency)


def _seed_tickets(world: _World, count: int, now: datetime, also: list[Ticket] = ()) -> str:
    """Play the demo's ticket stories; *also* are tickets seeded elsewhere, counted here."""
    events_before = db.session.scalar(select(func.count(TicketEvent.id)))
    plans = _plan_tickets(world, count, now)
    runner = _Runner(world)
    steps: list[tuple[datetime, int, int, Step]] = []
    for index, plan in enumerate(plans):
        steps += [(step.when, len(steps) + n, index, step) for n, step in enumerate(plan.steps)]
    heapq.heapify(steps)
    sweep = _Sweep()
    while steps:
        when, _, index, step = heapq.heappop(steps)
        sweep.run_until(when)
        plan = plans[index]
        runner.run(plan, step)
        sweep.watch(plan.ticket)
        if isinstance(step.arg, Plan):
            sweep.watch(step.arg.ticket)
    sweep.run_until(now)
    escalate(now)  # the real sweep, as `servicedesk tickets escalate` would run it now
    db.session.flush()

    made = [plan.ticket for plan in plans if plan.ticket is not None] + list(also)
    ids = [ticket.id for ticket in made]
    statuses = Counter(ticket.status for ticket in made)
    events = db.session.scalar(select(func.count(TicketEvent.id))) - events_before
    kinds = Counter(
        db.session.scalars(
            select(TicketEvent.kind).where(
                TicketEvent.ticket_id.in_(ids),
                TicketEvent.kind.in_(
                    [
                        EventKind.SLA_WARNING,
                        EventKind.SLA_BREACH,
                        EventKind.MERGED,
                        EventKind.LINKED,
                    ]
                ),
            )
        )
    )
    by_status = ", ".join(f"{statuses[s]} {s.label.lower()}" for s in Status if statuses[s])
    children = sum(plan.child_team is not None for plan in plans if plan.ticket is not None)
    return (
        f"Tickets: created {_count(len(ids), 'ticket')} ({by_status}) over the last "
        f"{HISTORY_DAYS} days from {_count(len({t.channel for t in made}), 'channel')}, with "
        f"{_count(events, 'timeline event')}, {_count(kinds[EventKind.MERGED], 'merge')}, "
        f"{_count(kinds[EventKind.LINKED], 'link')} and "
        f"{_count(children, 'onboarding child task')}; the SLA sweep recorded "
        f"{_count(kinds[EventKind.SLA_WARNING], 'warning')} and "
        f"{_count(kinds[EventKind.SLA_BREACH], 'breach', 'breaches')}."
    )


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


# The checks of ``escalation.escalate``, in its order: (target, kind, instant, mark).
_ESCALATIONS = (
    ("first_response", "breach", "first_response_due_at", "first_response_breached_at"),
    ("first_response", "warning", "first_response_warn_at", "first_response_warned_at"),
    ("resolution", "breach", "resolution_due_at", "resolution_breached_at"),
    ("resolution", "warning", "resolution_warn_at", "resolution_warned_at"),
)


class _Sweep:
    """The SLA sweep as if it had run every minute through the demo's history.

    Running ``escalate`` once a minute for sixty days would take long, so each ticket's next
    warning and breach instants wait on a heap and are recorded, through the same service
    function the sweep uses, in the minute they fall due (if the ticket has not moved on).
    """

    def __init__(self) -> None:
        self.pending: list[tuple[datetime, int, Ticket]] = []
        self.counter = 0

    def watch(self, ticket: Ticket | None) -> None:
        if ticket is None or ticket.status not in lifecycle.ACTIVE:
            return
        for _target, _kind, instant, mark in _ESCALATIONS:
            due = getattr(ticket, instant)
            if due is not None and getattr(ticket, mark) is None:
                self.counter += 1
                heapq.heappush(self.pending, (due, self.counter, ticket))

    def run_until(self, moment: datetime) -> None:
        while self.pending and self.pending[0][0] <= moment:
            due, _, ticket = heapq.heappop(self.pending)
            # A sweep every minute notices at the start of the next minute.
            at = min(due.replace(second=0, microsecond=0) + timedelta(minutes=1), moment)
            if ticket.status not in lifecycle.ACTIVE:
                continue
            for target, kind, instant, mark in _ESCALATIONS:
                current = getattr(ticket, instant)
                if current is not None and current <= at and getattr(ticket, mark) is None:
                    tickets.record_escalation(ticket, kind, target, now=at)


class _Runner:
    """Plays one step of a plan through the write path."""

    def __init__(self, world: _World):
        self.world = world
        self.rng = world.rng

    def run(self, plan: Plan, step: Step) -> None:
        getattr(self, f"_{step.action}")(plan, step.arg, step.when)

    def _open(self, plan: Plan, _arg: Any, when: datetime) -> None:
        world = self.world
        opener = plan.opener
        if plan.channel == Channel.AGENT and opener is None:
            path = plan.category or plan.scenario.category
            opener = self.rng.choice(world.workers(world.team_for(path)))
        plan.ticket = tickets.open_ticket(
            actor=opener,
            channel=plan.channel,
            subject=plan.subject,
            description=plan.description,
            requester=plan.requester,
            contact_name=plan.contact_name,
            contact_email=plan.contact_email,
            category=world.categories[plan.category] if plan.category else None,
            catalog_item=world.items[plan.catalog_item] if plan.catalog_item else None,
            fields=plan.fields,
            location=plan.location,
            impact=plan.impact,
            urgency=plan.urgency,
            now=when,
        )

    def worker(self, plan: Plan) -> User:
        """Who works the ticket: its assignee, else someone from its team (kept for the story)."""
        ticket = plan.ticket
        if ticket.assignee is not None:
            return ticket.assignee
        candidates = self.world.workers(ticket.team)
        if plan.worker is None or plan.worker not in candidates:
            plan.worker = self.rng.choice(candidates) if candidates else self.world.admin
        return plan.worker

    def _triage(self, plan: Plan, _arg: Any, when: datetime) -> None:
        """A Customer Service agent sorts an uncategorised email into the right queue."""
        ticket = plan.ticket
        if ticket.category is not None:
            return
        sorter = self.worker(plan)
        path = plan.scenario.category
        tickets.change_category(ticket, self.world.categories[path], actor=sorter, now=when)
        team = self.world.team_for(path)
        if team != ticket.team:
            note = f"Sorted from the 311 inbox to {team.name}."
            tickets.add_internal_note(ticket, note, actor=sorter, now=when)
            tickets.change_team(ticket, team, actor=sorter, now=when)
            plan.worker = None

    def _take(self, plan: Plan, _arg: Any, when: datetime) -> None:
        ticket = plan.ticket
        if ticket.assignee is None:
            agent = self.worker(plan)
            tickets.assign(ticket, agent, actor=agent, now=when)

    def _reply(self, plan: Plan, text: str, when: datetime) -> None:
        tickets.add_reply(plan.ticket, text, actor=self.worker(plan), now=when)

    def _note(self, plan: Plan, text: str, when: datetime) -> None:
        tickets.add_internal_note(plan.ticket, text, actor=self.worker(plan), now=when)

    def _status(self, plan: Plan, status: Status, when: datetime) -> None:
        tickets.change_status(plan.ticket, status, actor=self.worker(plan), now=when)

    def _priority(self, plan: Plan, levels: tuple[str, str, str], when: datetime) -> None:
        impact, urgency, note = levels
        agent = self.worker(plan)
        tickets.add_internal_note(plan.ticket, note, actor=agent, now=when)
        tickets.change_priority(plan.ticket, impact, urgency, actor=agent, now=when)

    def _answer(self, plan: Plan, text: str, when: datetime) -> None:
        """The requester writes back: through their portal, or by email as a contact."""
        ticket = plan.ticket
        if plan.requester is not None:
            channel = {
                Channel.EMAIL: Channel.EMAIL,
                Channel.API: Channel.API,
            }.get(plan.channel)
            if channel is None:
                channel = (
                    Channel.CITIZEN_PORTAL
                    if plan.requester.role == Role.RESIDENT
                    else Channel.EMPLOYEE_PORTAL
                )
            tickets.add_reply(ticket, text, actor=plan.requester, channel=channel, now=when)
        elif plan.contact_email:
            tickets.add_reply(
                ticket,
                text,
                actor=None,
                channel=Channel.EMAIL,
                author_email=plan.contact_email,
                now=when,
            )

    def _child(self, plan: Plan, child: Plan, when: datetime) -> None:
        child.ticket = tickets.add_child(
            plan.ticket,
            actor=self.worker(plan),
            subject=child.subject,
            description=child.description,
            team=self.world.teams[child.child_team],
            now=when,
        )

    def _staff_for(self, ticket: Ticket, other: Ticket) -> User:
        """Someone who may change both tickets: an assignee, a team lead, else the admin."""
        candidates = [ticket.assignee, other.assignee]
        candidates += [m for m in ticket.team.members if m.is_lead] if ticket.team else []
        for user in candidates:
            if (
                user is not None
                and policy.can_update(user, ticket)
                and policy.can_update(user, other)
            ):
                return user
        return self.world.admin

    def _merge(self, plan: Plan, original: Plan, when: datetime) -> None:
        source, target = plan.ticket, original.ticket
        agent = self._staff_for(target, source)
        if source.status in lifecycle.FINAL or target.status in lifecycle.FINAL:
            # Too late to merge: point the second reporter at the first report instead.
            text = f"Thanks! This was reported already as {target.reference} and is taken care of."
            tickets.link(source, target, actor=agent, now=when)
            tickets.add_reply(source, text, actor=agent, now=when)
            tickets.change_status(source, Status.CANCELLED, actor=agent, now=when)
            return
        tickets.merge(source, target, actor=agent, now=when)

    def _link(self, plan: Plan, other: Plan, when: datetime) -> None:
        ticket, related = plan.ticket, other.ticket
        agent = self._staff_for(ticket, related)
        tickets.link(ticket, related, actor=agent, now=when)
        note = self.rng.choice(LINK_NOTES[plan.audience]).format(other=related.reference)
        if policy.can_add_note(agent, ticket):
            tickets.add_internal_note(ticket, note, actor=agent, now=when)


# --- planning ------------------------------------------------------------------------------


def _plan_tickets(world: _World, count: int, now: datetime) -> list[Plan]:
    """Every ticket's story: a few fixed ones first, then onboarding, the mix, duplicates."""
    plans = _special_plans(world, now)[:count]
    remaining = count - len(plans)
    if remaining >= 20:
        for _ in range(max(1, remaining // 75)):
            plans += _onboarding_plans(world, now)
    remaining = count - len(plans)
    merges = max(1, remaining // 40) if remaining >= 10 else 0
    generic = _generic_plans(world, remaining - merges, now)
    plans += generic
    plans += _duplicate_plans(world, generic, merges, now)
    links = max(1, len(generic) // 50) if len(generic) >= 10 else 0
    _add_links(world, generic, links, now)
    return plans


def _spread(weights: dict, count: int, rng: random.Random) -> list:
    """*count* values drawn by weight, each value at least once when there is room."""
    values = list(weights)
    chosen = values[:count] + rng.choices(
        values, weights=list(weights.values()), k=max(0, count - len(values))
    )
    rng.shuffle(chosen)
    return chosen


_EMPLOYEE_CHANNELS = {Channel.EMPLOYEE_PORTAL}
_RESIDENT_CHANNELS = {Channel.CITIZEN_PORTAL, Channel.OPEN311, Channel.API}


def _scenario_for(channel: Channel, rng: random.Random) -> Scenario:
    if channel in _EMPLOYEE_CHANNELS:
        audience = "employees"
    elif channel in _RESIDENT_CHANNELS:
        audience = "residents"
    else:
        audience = "residents" if rng.random() < 0.65 else "employees"
    pool = [
        s
        for s in SCENARIOS
        if s.audience == audience and (s.located or channel not in (Channel.OPEN311, Channel.API))
    ]
    return rng.choices(pool, weights=[s.weight for s in pool])[0]


def _generic_plans(world: _World, count: int, now: datetime) -> list[Plan]:
    rng = world.rng
    statuses = _spread(STATUS_WEIGHTS, count, rng)
    channels = _spread(CHANNEL_WEIGHTS, count, rng)
    plans = []
    for status, channel in zip(statuses, channels, strict=True):
        scenario = _scenario_for(channel, rng)
        (lo, hi), tail = AGE_DAYS[status]
        days = rng.uniform(*(tail if rng.random() < 0.15 else (lo, hi)))
        for _attempt in range(4):
            opened = _opened_at(now, days, scenario.audience == "employees", rng)
            plan = _make_plan(world, scenario, channel, status, opened)
            _story(world, plan, now)
            overrun = max(step.when for step in plan.steps) - (now - timedelta(minutes=2))
            if overrun <= timedelta(0) or days >= HISTORY_DAYS:
                break
            # A story longer than the time left: start it earlier rather than rush it.
            days = min(HISTORY_DAYS, days + overrun / timedelta(days=1) + rng.uniform(0.5, 3))
        _fit(plan, now)
        plans.append(plan)
    return plans


def _make_plan(
    world: _World,
    scenario: Scenario,
    channel: Channel,
    status: Status,
    opened: datetime,
    *,
    requester: User | None = None,
    case: int | None = None,
    levels: tuple[str, str] | None = None,
    extra_ctx: dict[str, Any] | None = None,
) -> Plan:
    """Fill in who asks, where, with which words and form values."""
    rng = world.rng
    plan = Plan(scenario, channel, status, opened, {})
    _choose_requester(world, plan, requester)
    plan.ctx = _context(world, plan, _first_name(plan)) | (extra_ctx or {})
    plan.case = scenario.cases[case] if case is not None else rng.choice(scenario.cases)
    plan.subject = plan.case.subject.format(**plan.ctx)
    plan.description = plan.case.description.format(**plan.ctx)
    plan.impact, plan.urgency = levels or rng.choice(scenario.levels)
    if channel == Channel.EMAIL:
        return plan  # people's emails come in uncategorised; the 311 inbox sorts them
    plan.category = scenario.category
    if scenario.located:
        plan.location = {
            "address": plan.ctx["address"],
            "lat": plan.ctx["lat"],
            "lon": plan.ctx["lon"],
        }
    if scenario.catalog:
        plan.catalog_item = scenario.catalog
        plan.fields = _form_values(scenario.catalog, plan.case, plan.ctx, opened, rng)
    return plan


def _choose_requester(world: _World, plan: Plan, requester: User | None) -> None:
    rng = world.rng
    channel = plan.channel
    if requester is not None:
        plan.requester = requester
    elif plan.audience == "employees":
        plan.requester = rng.choice(world.employees)
    elif channel == Channel.CITIZEN_PORTAL or (
        channel in (Channel.API, Channel.AGENT) and rng.random() < 0.55
    ):
        plan.requester = rng.choice(world.residents)
    elif channel == Channel.OPEN311 and rng.random() < 0.3:
        pass  # anonymous report from an app
    else:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        plan.contact_name = f"{first} {last}"
        if channel != Channel.AGENT or rng.random() < 0.5:
            local = f"{first[0]}{last}".lower().replace("'", "")
            plan.contact_email = f"{local}{rng.randint(1, 999)}@example.com"
    if plan.channel in (Channel.EMPLOYEE_PORTAL, Channel.CITIZEN_PORTAL, Channel.API):
        plan.opener = plan.requester  # people file through their portal or app themselves


def _first_name(plan: Plan) -> str:
    name = plan.requester.name if plan.requester is not None else plan.contact_name
    return name.split()[0] if name else "there"


def _context(world: _World, plan: Plan, first: str) -> dict[str, Any]:
    rng = world.rng
    street, street2 = rng.sample(STREETS, 2)
    number = rng.randint(2, 480)
    home = world.home.get(plan.requester.email) if plan.requester else None
    if home and rng.random() < 0.5:
        number_text, street = home.split(" ", 1)
        number = int(number_text)
    department = (
        world.department.get(plan.requester.email, "")
        if plan.requester is not None
        else rng.choice(EMPLOYEE_DEPARTMENTS)
    ) or rng.choice(EMPLOYEE_DEPARTMENTS)
    return {
        "first": first,
        "street": street,
        "number": number,
        "address": f"{number} {street}",
        "intersection": f"{street} & {street2}",
        "landmark": rng.choice(LANDMARKS),
        "park": rng.choice(PARKS),
        "pole": f"RV-{rng.randint(10000, 19999)}",
        "tag": f"RIV-{rng.randint(1000, 9999):05d}",
        "building": rng.choice(_BUILDINGS),
        "room": rng.choice(ROOMS),
        "floor": rng.choice(("1", "2", "3")),
        "dept": department,
        "drive": rng.choice(("Finance", "Planning", "Public Works", "City Clerk")),
        "size_in": rng.choice((8, 10, 12, 18, 24, 30)),
        "lat": round(41.93 + rng.uniform(-0.018, 0.018), 6),
        "lon": round(-73.99 + rng.uniform(-0.022, 0.022), 6),
    }


def _form_values(
    item: str, case: Case, ctx: dict[str, Any], opened: datetime, rng: random.Random
) -> dict[str, Any]:
    """What a person would type into the catalog form: defaults for the kind of request, then
    what this case says (checked later by the real form check)."""
    place = {"address": ctx["address"], "lat": ctx["lat"], "lon": ctx["lon"]}
    day = opened.astimezone(ZONE).date()
    values: dict[str, Any]
    if item == "Report a pothole":
        size = ctx["size_in"]
        values = {
            "location": place,
            "size": "Smaller than a dinner plate"
            if size < 10
            else ("Dinner plate to car tire" if size < 24 else "Bigger than a car tire"),
            "depth_inches": rng.choice((2, 3, 4, 6, 8)),
            "lane": rng.choice(("Travel lane", "Travel lane", "Shoulder or parking lane")),
        }
    elif item == "Streetlight out":
        values = {"location": place}
        if rng.random() < 0.6:
            values["pole_number"] = ctx["pole"]
    elif item == "Missed trash pickup":
        values = {"address": place, "collection_day": (day - timedelta(days=1)).isoformat()}
    elif item == "Report graffiti":
        values = {"location": place, "offensive": "No"}
    elif item == "New laptop":
        values = {
            "needed_by": (day + timedelta(days=rng.randint(7, 21))).isoformat(),
            "accessories": rng.sample(
                ["Docking station", "Second monitor", "Headset", "Wireless keyboard and mouse"],
                rng.randint(0, 3),
            ),
        }
        if rng.random() < 0.6:
            values["replaces"] = ctx["tag"]
    elif item == "Access to a shared drive":
        values = {
            "approver": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "reason": case.description.format(**ctx),
        }
    elif item == "Room repair":
        values = {"building": ctx["building"], "room": ctx["room"]}
    elif item == "Onboarding a new employee":
        values = {
            "new_hire": ctx["new_hire"],
            "start_date": ctx["start_date"],
            "department": ctx["dept"],
            "job_title": ctx["job_title"].capitalize(),
            "needs": rng.sample(_ONBOARDING_NEEDS, rng.randint(3, 6)),
            "vehicle": rng.choice(("No", "No", "Sometimes", "Daily")),
        }
    else:
        raise KeyError(item)
    for name, value in case.fields.items():
        values[name] = value.format(**ctx) if isinstance(value, str) else value
    return values


def _opened_at(now: datetime, days_ago: float, employee: bool, rng: random.Random) -> datetime:
    """A plausible moment: employees during office hours on weekdays, residents 6 a.m.–11 p.m."""
    local = (now - timedelta(days=days_ago)).astimezone(ZONE)
    if employee:
        while local.weekday() >= 5:
            local -= timedelta(days=1)
        moment = datetime.combine(local.date(), time(8), ZONE) + timedelta(
            minutes=rng.randint(5, 530)
        )
    else:
        moment = datetime.combine(local.date(), time(6), ZONE) + timedelta(
            minutes=rng.randint(0, 1019)
        )
    moment = moment.astimezone(UTC)
    if moment >= now - timedelta(minutes=5):
        moment = now - timedelta(minutes=rng.randint(10, 180))
    return moment


def _targets(plan: Plan, priority: str | None = None) -> tuple[int, int]:
    """The first response and resolution minutes the ticket's SLA policy will likely set."""
    priority = priority or plan.priority
    if priority == "critical":
        return 30, 240
    if priority == "high":
        return 60, 960
    if plan.audience == "residents":
        return 480, 4800
    return 240, 2700


class _Clock:
    """Moves a story along. Staff work in business minutes on the City Hall calendar (critical
    work round the clock); requesters answer when they like, but not in the middle of the night.
    """

    def __init__(self, world: _World, plan: Plan, rng: random.Random):
        self.calendar = world.city_hall
        self.rng = rng
        self.anytime = plan.priority == "critical"

    def staff(self, start: datetime, low_minutes: float, high_minutes: float) -> datetime:
        minutes = max(1, round(self.rng.uniform(low_minutes, high_minutes)))
        if self.anytime:
            return start + timedelta(minutes=minutes)
        return sla.add_business_minutes(self.calendar, start, minutes)

    def person(self, start: datetime, low_minutes: float, high_minutes: float) -> datetime:
        moment = start + timedelta(minutes=self.rng.uniform(low_minutes, high_minutes))
        local = moment.astimezone(ZONE)
        if local.hour < 7:
            local = local.replace(hour=7) + timedelta(minutes=self.rng.randint(0, 120))
        elif local.hour >= 23:
            local = local.replace(hour=22, minute=self.rng.randint(0, 59))
        moment = local.astimezone(UTC).replace(second=0, microsecond=0)
        return max(moment, start + timedelta(minutes=1))


def _share(rng: random.Random, target: int, late: float) -> tuple[float, float]:
    """A span within the target, or (with probability *late*) past it."""
    if rng.random() < late:
        return target * 1.1, target * 2.5
    return target * 0.05, target * 0.8


def _story(world: _World, plan: Plan, now: datetime, *, opened: bool = False) -> None:
    """Plan the steps that take a ticket to its target status (they may run past *now*)."""
    rng = world.rng
    clock = _Clock(world, plan, rng)
    scenario, audience, ctx = plan.scenario, plan.audience, plan.ctx
    first_target, resolution_target = _targets(plan)
    pace = resolution_target / 2700  # urgent work moves faster between steps
    steps = plan.steps
    t = plan.opened_at
    if not opened:
        steps.append(Step(t, "open"))
    status = plan.status

    def say(options: tuple[str, ...]) -> str:
        return rng.choice(options).format(**ctx)

    def ask_and_wait(t: datetime) -> datetime:
        t = clock.staff(t, 10 * pace, 240 * pace)
        steps.append(Step(t, "reply", say(scenario.asks or GENERIC_ASKS[audience])))
        steps.append(Step(t + timedelta(minutes=1), "status", Status.WAITING))
        return t + timedelta(minutes=1)

    if status == Status.NEW:
        age_days = (now - t) / timedelta(days=1)
        if age_days > 2 and plan.can_answer and rng.random() < 0.7:
            follow = clock.person(t, 1440, max(1441, (age_days - 0.5) * 1440))
            text = rng.choice(FOLLOW_UPS).format(days=max(2, int(age_days - 0.5)))
            steps.append(Step(follow, "answer", text))
        return

    first_reply = clock.staff(t, *_share(rng, first_target, late=0.07))
    if plan.channel == Channel.EMAIL:
        steps.append(Step(clock.staff(t, 2, first_target * 0.3), "triage"))
    t = max([first_reply] + [step.when + timedelta(minutes=5) for step in steps])

    if status == Status.CANCELLED and scenario.refusals and rng.random() < 0.6:
        steps.append(Step(t, "reply", say(scenario.refusals)))
        steps.append(Step(t + timedelta(minutes=1), "status", Status.CANCELLED))
        return

    steps.append(Step(t - timedelta(minutes=rng.randint(1, 4)), "take"))
    acks = scenario.acks if scenario.acks and rng.random() < 0.6 else ACKS[audience]
    steps.append(Step(t, "reply", say(acks)))
    if plan.priority in ("medium", "low") and rng.random() < 0.05:
        t = clock.staff(t, 5, 90)
        steps.append(Step(t, "priority", ("high", "medium", say(PRIORITY_NOTES[audience]))))
        resolution_target = min(resolution_target, _targets(plan, "high")[1])
    if status == Status.OPEN:
        return
    if status == Status.CANCELLED:
        if plan.can_answer:
            t = clock.person(t, 60, 1440)
            steps.append(Step(t, "answer", say(WITHDRAWALS[audience])))
        steps.append(Step(clock.staff(t, 10, 240), "status", Status.CANCELLED))
        return
    if status == Status.WAITING:
        ask_and_wait(t)
        return

    t = clock.staff(t, 5 * pace, 120 * pace)
    steps.append(Step(t, "status", Status.IN_PROGRESS))
    if scenario.notes and rng.random() < 0.6:
        t = clock.staff(t, 10 * pace, 300 * pace)
        steps.append(Step(t, "note", say(scenario.notes)))
    if status == Status.IN_PROGRESS:
        return

    if plan.can_answer and rng.random() < 0.25:
        t = ask_and_wait(t)
        t = clock.person(t, 120, 2880)
        steps.append(Step(t, "answer", say(scenario.answers or GENERIC_ANSWERS[audience])))
        t = clock.staff(t, 10, 240)
        steps.append(Step(t, "status", Status.IN_PROGRESS))
    # Resolution is measured from the opening, like the SLA clock measures it.
    resolve_at = clock.staff(plan.opened_at, *_share(rng, resolution_target, late=0.08))
    t = max(resolve_at, clock.staff(t, 20 * pace, 240 * pace))
    steps.append(Step(t, "reply", plan.case.fix.format(**ctx)))
    steps.append(Step(t + timedelta(minutes=1), "status", Status.RESOLVED))
    t += timedelta(minutes=1)
    if status == Status.RESOLVED:
        return
    if plan.can_answer and rng.random() < 0.08:
        t = clock.person(t, 600, 2880)
        steps.append(Step(t, "answer", say(STILL_BROKEN[audience])))
        t = clock.staff(t, 60, 960)
        steps.append(Step(t, "reply", plan.case.fix.format(**ctx)))
        steps.append(Step(t + timedelta(minutes=1), "status", Status.RESOLVED))
        t += timedelta(minutes=1)
    steps.append(Step(clock.staff(t, 2 * 540, 5 * 540), "status", Status.CLOSED))


def _fit(plan: Plan, now: datetime) -> None:
    """Squeeze a story that would run past *now* so it ends just before it, order kept."""
    steps = plan.steps
    start = plan.opened_at
    latest = now - timedelta(minutes=2)
    last = max((step.when for step in steps), default=start)
    if last <= latest or last <= start:
        return
    scale = (latest - start) / (last - start)
    previous = start
    for step in steps:
        if step.when > start:
            squeezed = start + (step.when - start) * scale
            step.when = max(squeezed.replace(second=0, microsecond=0), previous)
        previous = step.when


_HOUR, _DAY = 60, 1440
_CRITICAL = ("high", "high")
# Tickets every demo needs, whatever the count: scenario, channel, status reached, minutes ago,
# requester (a demo sign-in, else someone from the crowd), case number, impact and urgency.
SPECIALS = [
    # critical, opened 26 minutes ago: its 30-minute first response is about to breach
    ("signal", Channel.AGENT, Status.NEW, 26, None, 0, _CRITICAL),
    ("streetlight", Channel.CITIZEN_PORTAL, Status.WAITING, 3 * _DAY, "resident", 0, None),
    ("laptop", Channel.EMPLOYEE_PORTAL, Status.IN_PROGRESS, 4 * _DAY, "employee", 0, None),
    # critical, five hours in progress: its 4-hour resolution target has breached
    ("tree", Channel.AGENT, Status.IN_PROGRESS, 5 * _HOUR, None, 3, _CRITICAL),
    # new reports in the demo agent's teams (Public Works, Customer Service)
    ("enquiry", Channel.CITIZEN_PORTAL, Status.NEW, 40, "resident", 2, None),
    ("pothole", Channel.OPEN311, Status.NEW, 2 * _HOUR, None, 0, None),
    ("enquiry", Channel.EMAIL, Status.NEW, 3 * _HOUR, None, 3, None),
    ("missed_pickup", Channel.AGENT, Status.NEW, 90, None, 1, None),
    ("network", Channel.EMPLOYEE_PORTAL, Status.RESOLVED, 6 * _DAY, "employee", 0, None),
    # a resident report nobody has answered for twelve days
    ("sidewalk", Channel.CITIZEN_PORTAL, Status.NEW, 12 * _DAY, None, 0, None),
]


def _special_plans(world: _World, now: datetime) -> list[Plan]:
    demo = {"resident": "resident@example.net", "employee": "employee@example.org"}
    plans = []
    for key, channel, status, minutes, requester, case, levels in SPECIALS:
        plan = _make_plan(
            world,
            SCENARIO_BY_KEY[key],
            channel,
            status,
            now - timedelta(minutes=minutes),
            requester=world.users[demo[requester]] if requester else None,
            case=case,
            levels=levels,
        )
        _story(world, plan, now)
        _fit(plan, now)
        plans.append(plan)
    return plans


ONBOARDING = Scenario(
    key="onboarding",
    audience="employees",
    category=("Human resources", "Onboarding"),
    catalog="Onboarding a new employee",
    cases=(
        Case(
            "Onboarding: {new_hire}, starting {start_date}",
            "{new_hire} joins {dept} as {job_title} on {start_date}. Please have everything "
            "ready for the first morning.",
            "All set for {new_hire}'s first day: laptop, accounts, desk and badge are ready. The "
            "welcome packet is at the front desk.",
        ),
    ),
)
# The child task each team gets from an onboarding request.
ONBOARDING_TASKS = {
    "IT": Scenario(
        key="onboarding_it",
        audience="employees",
        category=("Human resources", "Onboarding"),
        cases=(
            Case(
                "Laptop, email and phone for {new_hire}",
                "New hire in {dept} starting {start_date}: standard laptop, email account, desk "
                "phone extension, timekeeping access.",
                "Laptop imaged and the accounts for {new_hire} are ready; the temporary password "
                "is with their supervisor.",
            ),
        ),
        asks=("Does {new_hire} need any shared drives besides the department's?",),
        answers=("Just the {dept} drive, thanks.",),
        notes=("Account created; laptop imaging queued.",),
    ),
    "Facilities": Scenario(
        key="onboarding_facilities",
        audience="employees",
        category=("Human resources", "Onboarding"),
        cases=(
            Case(
                "Desk, badge and parking for {new_hire}",
                "Desk and chair in {dept}, building badge for City Hall, staff parking permit "
                "from {start_date}.",
                "Desk set up, badge printed and the parking permit is in the welcome packet.",
            ),
        ),
        asks=("Which desk should we set up for {new_hire}?",),
        answers=("The empty desk by the window in {dept}.",),
        notes=("Badge photo booked for the first morning.",),
    ),
}
JOB_TITLES = (
    "planning technician",
    "account clerk",
    "building inspector",
    "librarian",
    "recreation coordinator",
    "GIS analyst",
)


def _onboarding_plans(world: _World, now: datetime) -> list[Plan]:
    """A manager's onboarding request, fanned out to an IT task and a Facilities task."""
    rng = world.rng
    done = rng.random() < 0.6
    opened = _opened_at(now, rng.uniform(22, 50) if done else rng.uniform(2, 6), True, rng)
    manager = rng.choice(world.employees)
    start = opened.astimezone(ZONE).date() + timedelta(days=rng.randint(10, 21))
    extra = {
        "new_hire": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "start_date": start.isoformat(),
        "job_title": rng.choice(JOB_TITLES),
    }
    status = Status.CLOSED if done else Status.IN_PROGRESS
    parent = _make_plan(
        world,
        ONBOARDING,
        Channel.EMPLOYEE_PORTAL,
        status,
        opened,
        requester=manager,
        extra_ctx=extra,
    )
    clock = _Clock(world, parent, rng)
    ctx = parent.ctx
    halfway = opened + (now - opened) / 2
    t = min(clock.staff(opened, 20, 240), halfway)
    parent.steps += [
        Step(opened, "open"),
        Step(t, "take"),
        Step(t + timedelta(minutes=1), "reply", ACKS["employees"][0].format(**ctx)),
        Step(t + timedelta(minutes=2), "status", Status.IN_PROGRESS),
    ]
    children = []
    for offset, (team, scenario) in enumerate(ONBOARDING_TASKS.items(), start=3):
        if done:
            child_status = Status.CLOSED
        elif team == "IT":
            child_status = rng.choice((Status.IN_PROGRESS, Status.RESOLVED))
        else:
            child_status = rng.choice((Status.NEW, Status.OPEN, Status.IN_PROGRESS))
        created = t + timedelta(minutes=offset)
        task = scenario.cases[0]
        child = Plan(
            scenario,
            Channel.AGENT,
            child_status,
            created,
            ctx,
            case=task,
            subject=task.subject.format(**ctx),
            description=task.description.format(**ctx),
            requester=manager,
            child_team=team,
        )
        parent.steps.append(Step(created, "child", child))
        _story(world, child, now, opened=True)
        _fit(child, now)
        children.append(child)
    if done:
        t = clock.staff(max(step.when for c in children for step in c.steps), 60, 480)
        parent.steps += [
            Step(t, "reply", ONBOARDING.cases[0].fix.format(**ctx)),
            Step(t + timedelta(minutes=1), "status", Status.RESOLVED),
            Step(clock.staff(t, 2 * 1440, 4 * 1440), "status", Status.CLOSED),
        ]
        _fit(parent, now)
    return [parent, *children]


_PLACE_KEYS = ("street", "number", "address", "intersection", "landmark", "park", "pole")


def _duplicate_plans(world: _World, originals: list[Plan], count: int, now: datetime) -> list[Plan]:
    """Second reports of the same problem by someone else, merged into the first."""
    rng = world.rng
    candidates = [
        plan
        for plan in originals
        if plan.scenario.located
        and plan.channel != Channel.EMAIL
        and plan.status not in (Status.NEW, Status.CANCELLED)
        and now - plan.opened_at > timedelta(hours=30)
    ]
    plans = []
    for original in rng.sample(candidates, min(count, len(candidates))):
        place = {key: original.ctx[key] for key in _PLACE_KEYS}
        place["lat"] = round(original.ctx["lat"] + rng.uniform(-0.0003, 0.0003), 6)
        place["lon"] = round(original.ctx["lon"] + rng.uniform(-0.0003, 0.0003), 6)
        opened = original.opened_at + timedelta(minutes=rng.randint(120, 1200))
        channel = rng.choice((Channel.CITIZEN_PORTAL, Channel.OPEN311, Channel.API))
        plan = _make_plan(world, original.scenario, channel, Status.CLOSED, opened, extra_ctx=place)
        merged = _Clock(world, original, rng).staff(opened, 30, 300)
        plan.steps = [Step(opened, "open"), Step(merged, "merge", original)]
        _fit(plan, now)
        plans.append(plan)
    if len(plans) < count:  # too few candidates: make up the number with ordinary tickets
        plans += _generic_plans(world, count - len(plans), now)
    return plans


def _add_links(world: _World, plans: list[Plan], count: int, now: datetime) -> None:
    """Relate pairs of similar tickets opened within a few days of each other."""
    rng = world.rng
    by_kind: dict[str, list[Plan]] = {}
    for plan in plans:
        if now - plan.opened_at > timedelta(hours=8):
            by_kind.setdefault(plan.scenario.key, []).append(plan)
    pairs = [
        (a, b)
        for group in by_kind.values()
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if abs(a.opened_at - b.opened_at) < timedelta(days=4)
    ]
    for first, second in rng.sample(pairs, min(count, len(pairs))):
        earlier, later = sorted((first, second), key=lambda plan: plan.opened_at)
        when = sla.add_business_minutes(world.city_hall, later.opened_at, rng.randint(60, 360))
        when = min(when, now - timedelta(minutes=1))
        later.steps.append(Step(when, "link", earlier))
