"""Residents' survey data kept no longer than the zones' privacy notices say (`flask purge`).

- Unfinished responses (begun, never sent) untouched since `before` are deleted: their
  answers live only in the response's draft, so nothing of them is left.
- Device links: a sent response keeps the keyed hashes of the device and the address it
  came from (one answer per device, the daily cap per address, bursts). Those of responses
  sent before `before` are cleared; the answers stay, and count as before, with nothing
  left to tell which device or address they came from.

Both count what they would do when `dry_run` is true, and flush (the caller commits).
"""

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update

from app.extensions import db
from app.surveys.models import Response, ResponseStatus


def _unfinished(before: datetime):
    return (
        Response.status == ResponseStatus.IN_PROGRESS.value,
        func.coalesce(Response.updated_at, Response.created_at) < before,
    )


def purge_unfinished(before: datetime, *, dry_run: bool = False) -> int:
    """Delete the unfinished responses last saved before `before`; how many."""
    if dry_run:
        return db.session.scalar(
            select(func.count()).select_from(Response).where(*_unfinished(before))
        )
    # The database lets go of what points to them: an access code used stays used.
    result = db.session.execute(
        delete(Response).where(*_unfinished(before)).execution_options(synchronize_session=False)
    )
    db.session.flush()
    return result.rowcount


def _linked(before: datetime):
    return (
        Response.status != ResponseStatus.IN_PROGRESS.value,
        Response.submitted_at.is_not(None),
        Response.submitted_at < before,
        or_(Response.device_hash.is_not(None), Response.address_hash.is_not(None)),
    )


def purge_device_links(before: datetime, *, dry_run: bool = False) -> int:
    """Clear the device and address hashes of responses sent before `before`; how many."""
    linked = _linked(before)
    if dry_run:
        return db.session.scalar(select(func.count()).select_from(Response).where(*linked))
    result = db.session.execute(
        update(Response)
        .where(*linked)
        .values(device_hash=None, address_hash=None)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return result.rowcount
