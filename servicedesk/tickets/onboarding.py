"""Child-task templates of a catalog item: one request fans out to the teams that do the work.

Pure: templates are a list of dicts an admin writes, checked here, and turned into tasks with due
dates counted from a date field of the submitted form (``due_field``, e.g. the start date).

A template: ``{"subject": "Laptop", "team": "IT Service Desk", "description": "...",
"due_days": -3}`` (three days before the date; without ``due_days`` a task has no due date).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..errors import ValidationError

MAX_TASKS = 20
MAX_DAYS = 365


@dataclass(frozen=True)
class ChildTask:
    subject: str
    team: str  # a team's name; empty: routing rules decide
    description: str
    due_on: date | None


def check_templates(
    templates: Any, schema: list[dict[str, Any]], due_field: str = ""
) -> list[dict[str, Any]]:
    """Return the templates normalised, or raise naming the first problem.

    :raises ValidationError: for a malformed template, or a due field that is not a date field
        of the form.
    """
    if not isinstance(templates, list) or len(templates) > MAX_TASKS:
        raise ValidationError(f"Child tasks must be a list of at most {MAX_TASKS} tasks.")
    if due_field and not any(
        field.get("name") == due_field and field.get("type") == "date" for field in schema
    ):
        raise ValidationError(f"The due-date field {due_field!r} must be a date field of the form.")
    cleaned = []
    for position, template in enumerate(templates, start=1):
        if not isinstance(template, dict) or not str(template.get("subject") or "").strip():
            raise ValidationError(f"Child task {position} needs a subject.")
        days = template.get("due_days")
        if days is not None and (
            isinstance(days, bool) or not isinstance(days, int) or abs(days) > MAX_DAYS
        ):
            raise ValidationError(
                f"Child task {position}: due_days must be a whole number of days (±{MAX_DAYS})."
            )
        cleaned.append(
            {
                "subject": str(template["subject"]).strip()[:120],
                "team": str(template.get("team") or "").strip()[:120],
                "description": str(template.get("description") or "").strip()[:2000],
                **({"due_days": days} if days is not None else {}),
            }
        )
    return cleaned


def tasks_for(
    templates: list[dict[str, Any]], values: Mapping[str, Any], due_field: str = ""
) -> list[ChildTask]:
    """Return the tasks to open for a request with these form values."""
    anchor = _date(values.get(due_field)) if due_field else None
    return [
        ChildTask(
            subject=template["subject"],
            team=template.get("team", ""),
            description=template.get("description", ""),
            due_on=anchor + timedelta(days=template["due_days"])
            if anchor is not None and template.get("due_days") is not None
            else None,
        )
        for template in templates
    ]


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def progress(children: list, done_statuses: frozenset) -> tuple[int, int]:
    """Return (done, total) of a parent's child tasks."""
    return sum(child.status in done_statuses for child in children), len(children)


def parse_lines(text: str) -> list[dict[str, Any]]:
    """Read templates written one per line as ``Subject | Team | days`` (team and days optional).

    :raises ValidationError: naming the line whose days are not a whole number.
    """
    templates = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        template: dict[str, Any] = {"subject": parts[0]}
        if len(parts) > 1 and parts[1]:
            template["team"] = parts[1]
        if len(parts) > 2 and parts[2]:
            try:
                template["due_days"] = int(parts[2])
            except ValueError:
                raise ValidationError(
                    f"Line {number}: the days must be a whole number, like -3 or 0."
                ) from None
        templates.append(template)
    return templates


def as_lines(templates: list[dict[str, Any]]) -> str:
    """Write templates back as the lines ``parse_lines`` reads."""
    return "\n".join(
        " | ".join(
            [
                t["subject"],
                t.get("team", ""),
                "" if t.get("due_days") is None else str(t["due_days"]),
            ]
        ).rstrip(" |")
        for t in templates
    )
