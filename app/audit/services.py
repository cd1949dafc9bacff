"""Writing and reading the audit log, and telling an entry in words.

Each feature that writes entries registers, with `register_words`, how its subjects'
entries read (the action, each field and value in the reader's language), so that
neither an idea's history nor the audit log shows codes or raw JSON (see app.audit.wording).
Accounts, roles and zones, which sit below the audit log, announce their changes with
signals (app.auth.services.account_changed, app.zones.services.zone_changed) recorded here,
with the person signed in as the actor.
"""

from collections.abc import Iterable
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import Select, select

from app.audit.models import AuditEntry
from app.audit.wording import (
    ACCOUNT,
    CHANGED,
    ZONE,
    Change,
    Words,
    changed_fields,
    changes_in_words,
    details,
    plain_value,
    register_words,
    words,
)
from app.auth.models import User
from app.auth.services import account_changed
from app.extensions import db
from app.zones.models import Zone
from app.zones.services import zone_changed

__all__ = [
    "CHANGED", "Change", "Words", "changed_fields", "changes_in_words", "details", "entries",
    "forget_values", "history", "plain_value", "record", "register_words", "scrub",
    "without_values", "words",
]  # fmt: skip


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


def entries(*, zone_id: int | None = None) -> Select:
    """The entries, of one zone or of all, newest first (a query: page it)."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if zone_id is not None:
        query = query.where(AuditEntry.zone_id == zone_id)
    return query


def scrub(subject_type: str, subject_id: int, pieces: Iterable[str], marker: str) -> int:
    """Replace `pieces` (e.g. personal data a librarian edited out) with `marker` in every
    value and reason of a record's entries, keeping who did what and when; returns how
    many entries changed."""
    pieces = sorted({p for p in pieces if p}, key=len, reverse=True)
    if not pieces:
        return 0

    def clean(value):
        if isinstance(value, str):
            for piece in pieces:
                value = value.replace(piece, marker)
            return value
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    changed = 0
    for entry in history(subject_type, subject_id):
        before, after, reason = clean(entry.before), clean(entry.after), clean(entry.reason)
        if (before, after, reason) != (entry.before, entry.after, entry.reason):
            # New objects: the JSON columns do not track changes made in place.
            entry.before, entry.after, entry.reason = before, after, reason
            changed += 1
    db.session.flush()
    return changed


# What an account's entries forget when its data is erased.
ERASED_FIELDS = frozenset({"name", "email"})


def without_values(
    before: dict[str, Any], after: dict[str, Any], fields: Iterable[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """An entry's before and after without the values of `fields` (residents' words, erased
    data): only their names stay, listed in after["changed"], so the log still says what
    changed."""
    fields = set(fields)
    names = {name for name in (*before, *after) if name in fields}
    names |= set(after.get(CHANGED) or [])
    before = {k: v for k, v in before.items() if k not in fields}
    after = {k: v for k, v in after.items() if k not in fields and k != CHANGED}
    if names:
        after[CHANGED] = sorted(names)
    return before, after


def forget_values(
    subject_type: str, subject_id: int | None, fields: Iterable[str], actions=None
) -> int:
    """Drop the values of `fields` from stored entries (of one record, or every record of
    the kind when `subject_id` is None; only `actions`' when given), keeping their names;
    how many entries changed."""
    query = select(AuditEntry).where(AuditEntry.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(AuditEntry.subject_id == subject_id)
    if actions is not None:
        query = query.where(AuditEntry.action.in_(list(actions)))
    changed = 0
    for entry in db.session.scalars(query):
        before, after = without_values(entry.before or {}, entry.after or {}, fields)
        if (before, after) != (entry.before or {}, entry.after or {}):
            entry.before, entry.after = before, after  # new objects: JSON is not tracked
            changed += 1
    db.session.flush()
    return changed


def _signed_in_id() -> int | None:
    """Who is acting: the person signed in for this request (none for commands)."""
    if has_request_context() and current_user.is_authenticated:
        return current_user.id
    return None


@account_changed.connect
def _record_account_change(
    user: User, *, action: str, zone_id: int | None = None, before=None, after=None
) -> None:
    if action == "account.erase":
        forget_values(ACCOUNT, user.id, ERASED_FIELDS)
    record(
        action, ACCOUNT, user.id, actor_id=_signed_in_id(), zone_id=zone_id,
        before=before, after=after,
    )  # fmt: skip


@zone_changed.connect
def _record_zone_change(zone: Zone, *, action: str, before=None, after=None) -> None:
    record(
        action, ZONE, zone.id, actor_id=_signed_in_id(), zone_id=zone.id,
        before=before, after=after,
    )  # fmt: skip
