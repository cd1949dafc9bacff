"""Writing and reading the audit log."""

from typing import Any

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db


def record(
    action: str,
    subject_type: str,
    subject_id: int,
    *,
    actor_id: int | None,
    zone_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """Add an entry (flushes). Call it in the same transaction as the act it records."""
    entry = AuditEntry(
        action=action, subject_type=subject_type, subject_id=subject_id, actor_id=actor_id,
        zone_id=zone_id, before=before or {}, after=after or {}, reason=reason,
    )  # fmt: skip
    db.session.add(entry)
    db.session.flush()
    return entry


def history(subject_type: str, subject_id: int) -> list[AuditEntry]:
    """A record's entries, oldest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == subject_id)
            .order_by(AuditEntry.created_at, AuditEntry.id)
        )
    )


def entries(*, zone_id: int | None = None, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """The newest entries, of one zone or of all."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if zone_id is not None:
        query = query.where(AuditEntry.zone_id == zone_id)
    return list(db.session.scalars(query.limit(limit).offset(offset)))
