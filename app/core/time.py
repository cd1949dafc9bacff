"""Time: stored as naive UTC on both databases, written out as RFC 3339."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, as naive UTC: stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def rfc3339(moment: datetime | None) -> str | None:
    """A stored moment as RFC 3339 UTC to the second ("2026-05-04T10:00:00Z"), the one
    timestamp format of the API; None stays None."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"
