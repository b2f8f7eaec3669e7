"""The employee portal's part of the demo city: catalog items with approvals and an onboarding
that fans out, a Fleet area, and a demo approver (approver@example.org, password ``demo``) who
manages the demo employee. Like the rest of the demo, it adds only what is missing.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from .accounts.models import Role, Team, User
from .extensions import db
from .tickets import catalog, onboarding
from .tickets import service as tickets
from .tickets.models import ApprovalRule, Audience, CatalogItem, Category, Ticket

APPROVER_EMAIL = "approver@example.org"
FLEET = ("Fleet",)

_BUILDINGS = ["City Hall", "Public Safety Building", "Riverton Public Library", "Senior Center"]

# name -> (category path, description, approval, form schema, child tasks, due field)
EMPLOYEE_CATALOG: dict[str, tuple[tuple[str, ...], str, ApprovalRule, list, list, str]] = {
    "Password or account unlock": (
        ("Information technology", "Accounts & access"),
        "Locked out, or a forgotten password. We call you back to check it is you.",
        ApprovalRule.NONE,
        [
            {"name": "account", "label": "Which account?", "type": "choice", "required": True,
             "choices": ["Windows sign-in", "Email", "VPN", "Payroll system", "Other"]},
            {"name": "other_account", "label": "Which other account?", "type": "text",
             "required": True, "shown_when": {"field": "account", "equals": "Other"}},
            {"name": "callback_phone", "label": "A phone number we can call you on now",
             "type": "text", "required": True},
        ],
        [],
        "",
    ),
    "Laptop repair": (
        ("Information technology", "Hardware"),
        "A city laptop that is broken or misbehaves. Bring it to the IT counter if you can.",
        ApprovalRule.NONE,
        [
            {"name": "asset_tag", "label": "Asset tag", "type": "text", "required": True,
             "help": "On a sticker under the laptop, e.g. RV-LT-0412."},
            {"name": "problem", "label": "What is wrong?", "type": "choice", "required": True,
             "choices": ["Screen", "Keyboard", "Battery or charging", "Does not start",
                         "Other"]},
            {"name": "details", "label": "Describe the problem", "type": "long_text",
             "required": True, "shown_when": {"field": "problem", "equals": "Other"}},
            {"name": "photo", "label": "Photo of the problem", "type": "file"},
        ],
        [],
        "",
    ),
    "Software request": (
        ("Information technology", "Software"),
        "A program you need for your work. Your manager approves it first.",
        ApprovalRule.MANAGER,
        [
            {"name": "software", "label": "Which software?", "type": "text", "required": True},
            {"name": "licence", "label": "Licence", "type": "choice", "required": True,
             "choices": ["Free or already licensed by the City", "Needs to be bought"]},
            {"name": "reason", "label": "What do you need it for?", "type": "long_text",
             "required": True},
        ],
        [],
        "",
    ),
    "New employee": (
        ("Human resources", "Onboarding"),
        "Get everything ready for a new colleague: accounts, laptop, desk, badge, paperwork.",
        ApprovalRule.NONE,
        [
            {"name": "new_name", "label": "New employee's name", "type": "text",
             "required": True},
            {"name": "job_title", "label": "Job title", "type": "text", "required": True},
            {"name": "start_date", "label": "Start date", "type": "date", "required": True},
            {"name": "building", "label": "Building", "type": "choice", "required": True,
             "choices": _BUILDINGS},
            {"name": "needs", "label": "What will they need?", "type": "multi_choice",
             "choices": ["Laptop", "Desk phone", "Mobile phone", "Parking permit"]},
        ],
        [
            {"subject": "Create accounts (network, email)", "team": "IT", "due_days": -5},
            {"subject": "Prepare a laptop", "team": "IT", "due_days": -3},
            {"subject": "Desk and chair", "team": "Facilities", "due_days": -2},
            {"subject": "Building badge", "team": "Facilities", "due_days": -1},
            {"subject": "Payroll and benefits paperwork", "team": "Human Resources",
             "due_days": 0},
        ],
        "start_date",
    ),
    "Facilities repair": (
        ("Facilities", "Repairs"),
        "Heating, lights, doors, leaks in a City building.",
        ApprovalRule.NONE,
        [
            {"name": "building", "label": "Building", "type": "choice", "required": True,
             "choices": _BUILDINGS},
            {"name": "room", "label": "Room or area", "type": "text", "required": True},
            {"name": "problem", "label": "What is wrong?", "type": "choice", "required": True,
             "choices": ["Heating or cooling", "Lighting", "Door or lock", "Leak", "Other"]},
            {"name": "photo", "label": "Photo", "type": "file"},
        ],
        [],
        "",
    ),
    "Moving desks": (
        ("Facilities", "Moves"),
        "Move a desk, its furniture and equipment. Your manager approves it first.",
        ApprovalRule.MANAGER,
        [
            {"name": "from_place", "label": "From (building and room)", "type": "text",
             "required": True},
            {"name": "to_place", "label": "To (building and room)", "type": "text",
             "required": True},
            {"name": "move_date", "label": "Moving date", "type": "date", "required": True},
            {"name": "items", "label": "What moves?", "type": "multi_choice",
             "choices": ["Desk", "Chair", "Monitors", "Phone", "Boxes"]},
        ],
        [],
        "",
    ),
    "Pool vehicle request": (
        FLEET,
        "A car or van from the City pool for a work trip. Your manager approves it first; "
        "booking a vehicle directly comes with the bookings calendar.",
        ApprovalRule.MANAGER,
        [
            {"name": "trip_date", "label": "Date of the trip", "type": "date", "required": True},
            {"name": "destination", "label": "Destination", "type": "text", "required": True},
            {"name": "vehicle", "label": "Vehicle", "type": "choice", "required": True,
             "choices": ["Sedan", "Van (up to 8 people)", "Pickup truck"]},
            {"name": "passengers", "label": "Passengers", "type": "number"},
        ],
        [],
        "",
    ),
}  # fmt: skip


def seed(
    categories: dict[tuple[str, ...], Category],
    teams: dict[str, Team],
    people: dict[str, User],
    tally: Any,
    password_hash: str,
) -> None:
    """Add the employee catalog and the demo approver (missing parts only)."""
    if FLEET not in categories:
        categories[FLEET] = _fleet_category(teams, tally)
    for name, (path, description, approval, schema, tasks, due_field) in EMPLOYEE_CATALOG.items():
        item = db.session.scalar(select(CatalogItem).where(CatalogItem.name == name))
        tally.count("catalog item", item is None)
        if item is not None:
            continue
        schema = catalog.check_schema(schema)
        db.session.add(
            CatalogItem(
                name=name,
                category=categories[path],
                audience=Audience.EMPLOYEES,
                description=description,
                form_schema=schema,
                approval=approval,
                approver_team=teams["IT"] if path[0] == "Information technology" else None,
                child_tasks=onboarding.check_templates(tasks, schema, due_field),
                due_field=due_field,
            )
        )
    _seed_approver(people, tally, password_hash)


def _fleet_category(teams: dict[str, Team], tally: Any) -> Category:
    category = db.session.scalar(
        select(Category).where(Category.name == FLEET[0], Category.parent_id.is_(None))
    )
    tally.count("category", category is None)
    if category is None:
        category = Category(
            name=FLEET[0],
            audience=Audience.EMPLOYEES,
            description="Pool cars and vans.",
            default_team=teams["Facilities"],
        )
        db.session.add(category)
        db.session.flush()
    return category


def _seed_approver(people: dict[str, User], tally: Any, password_hash: str) -> None:
    approver = db.session.scalar(select(User).where(User.email == APPROVER_EMAIL))
    tally.count("person", approver is None)
    if approver is None:
        approver = User(
            email=APPROVER_EMAIL,
            name="Morgan Reyes",
            role=Role.EMPLOYEE,
            department="Information Technology",
            password_hash=password_hash,
        )
        db.session.add(approver)
    employee = people.get("employee@example.org")
    if employee is not None and employee.manager is None:
        employee.manager = approver
        employee.department = employee.department or "Parks & Recreation"
    db.session.flush()


def seed_requests(people: dict[str, User], count: int, now: datetime) -> list[Ticket]:
    """File up to *count* (0 or 1) requests waiting in the demo approver's list: the demo
    employee's software request of this morning."""
    employee = people.get("employee@example.org")
    item = db.session.scalar(select(CatalogItem).where(CatalogItem.name == "Software request"))
    if count < 1 or employee is None or item is None:
        return []
    ticket = tickets.submit_request(
        item,
        actor=employee,
        subject="QGIS for the tree inventory",
        description="The parks tree survey data comes as shapefiles; I need to open and edit them.",
        fields={
            "software": "QGIS 3.40",
            "licence": "Free or already licensed by the City",
            "reason": "Editing the street-tree inventory layers for the spring planting plan.",
        },
        now=now - timedelta(hours=2),
    )
    return [ticket]
