"""The audit log of configuration changes: who changed which admin-editable thing, and how.

Every admin write (categories, forms, SLA policies, calendars, routing rules, canned responses,
users, teams) records one :class:`AuditEntry` in the same transaction as the change, so the log
never shows a change that was rolled back. :func:`record` flushes and never commits; the edge
commits. Ticket changes are audited separately, as ``TicketEvent`` rows.
"""

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts.models import User
from .extensions import db
from .timeutils import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One audited change: ``action`` is ``<object type>.<past-tense verb>``."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    # What changed, old -> new for each edited field; never a secret such as a password.
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id"),)


def object_type_of(obj: object) -> str:
    """Return the type name audit entries use: ``CatalogItem`` -> ``catalog_item``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj).__name__).lower()


def record(
    actor: User | None, action: str, obj: object, summary: str, *, now: datetime | None = None
) -> AuditEntry:
    """Add an audit entry for a change to *obj* and flush (the caller's transaction commits it)."""
    if getattr(obj, "id", None) is None:
        db.session.flush()  # a new object gets its id, so the entry can point at it
    entry = AuditEntry(
        actor=actor,
        action=action,
        object_type=object_type_of(obj),
        object_id=getattr(obj, "id", None),
        summary=summary,
        created_at=now or utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def recent_entries(limit: int = 50, object_types: Iterable[str] | None = None) -> list[AuditEntry]:
    """Return the newest entries first, optionally only those about some object types."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if object_types is not None:
        query = query.where(AuditEntry.object_type.in_(list(object_types)))
    return list(db.session.scalars(query.limit(limit)))


def describe(facts: Mapping[str, Any]) -> str:
    """Write the facts of a new object as a summary: ``name: 'Roads'; active: yes``."""
    return "; ".join(f"{key}: {_shown(value)}" for key, value in facts.items())


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """Write what changed as a summary, ``field: old -> new`` for each field that differs."""
    lines = [
        f"{key}: {_shown(before.get(key))} -> {_shown(value)}"
        for key, value in after.items()
        if _shown(before.get(key)) != _shown(value)
    ]
    return "; ".join(lines) or "No changes."


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 300 else text[:299] + "…"
