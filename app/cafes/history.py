"""An idea's audit entries in words: the act, and each changed field and value as a reader
of the moderation page or the audit log understands them (no codes, no JSON, no "None").
Registered with app.audit.services when the cafés' pages are imported."""

from datetime import datetime

from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _

from app.audit.models import AuditEntry
from app.audit.services import CHANGED, Change, Words, changed_fields, register_words
from app.cafes.models import Board, Idea, IdeaChannel, IdeaStatus
from app.extensions import db

# Personal data a librarian edited out, in the entries that held it (language-neutral).
REMOVED = "[…]"
# An idea's fields written by residents (a paper card typed in too): entries name them,
# never keep their words ("the audit log keeps who did what without residents' data").
RESIDENTS_WORDS = frozenset({"title", "description", "nickname"})


def action_label(action: str) -> str:
    """What an entry's act was, in words."""
    return {
        "create_paper": _("paper card typed in"),
        "create_adopted": _("adopted from another zone's catalogue entry"),
        "publish": _("status changed"),
        "choose": _("status changed"),
        "reject": _("status changed"),
        "merge": _("merged into another idea"),
        "idea.status": _("status changed"),
        "idea.merge": _("merged into another idea"),
        "idea.edit": _("wording edited"),
        "idea.themes": _("themes changed"),
        "idea.supports": _("supports withdrawn"),
        "idea.withdraw": _("withdrawn by its author"),
        "idea.supports_checked": _("supports checked and kept"),
        "idea.reports": _("reports dealt with"),
        "hidden_by_reports": _("hidden after residents' reports"),
        "flagged_by_reports": _("flagged after residents' reports"),
        "flagged_support_burst": _("flagged: many supports from one address"),
    }.get(action) or _("other change")


def _field_labels() -> dict[str, str]:
    return {
        "title": _("Title"),
        "description": _("Description"),
        "nickname": _("Nickname"),
        "status": _("Status"),
        "channel": _("Channel"),
        "board_id": _("Table"),
        "round": _("Round"),
        "reason": _("Reason"),
        "rejected_for_abuse": _("Rejected for abuse"),
        "hidden": _("Hidden from residents"),
        "flagged": _("Flagged for the librarian"),
        "published_at": _("Published"),
        "open_reports": _("Open reports"),
        "themes": _("Themes"),
        "withdrawn": _("Withdrawn supports"),
        "merged_into_id": _("Merged into"),
        "merged_into": _("Merged into"),
        "supports_from_one_address": _("Supports from one address"),
        "personal_data_removed": _("Personal data"),
    }


USER_TEXT = frozenset({"title", "description", "nickname", "reason", "themes"})


def value_words(name: str, value) -> str:
    """A field's value in words."""
    if value is None or value == "" or value == []:
        return "—"
    if name == "status":
        try:
            return IdeaStatus(value).label
        except ValueError:
            return str(value)
    if name == "channel":
        try:
            return IdeaChannel(value).label
        except ValueError:
            return _("unknown")
    if name == "personal_data_removed":
        return _("removed from the history")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name == "published_at":
        try:
            return format_datetime(datetime.fromisoformat(value), "short")
        except (TypeError, ValueError):
            return str(value)
    if name == "board_id":
        board = db.session.get(Board, value)
        return _("table %(number)s", number=board.position) if board else "—"
    if name in ("merged_into_id", "merged_into"):
        return _("idea #%(id)s", id=value)
    if name == "withdrawn":
        return ngettext("%(num)d support", "%(num)d supports", len(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def describe(entry: AuditEntry) -> Words:
    """An idea's entry in words."""
    labels = _field_labels()
    changes = []
    for name, value in (entry.after or {}).items():
        before = entry.before or {}
        if name == CHANGED:
            continue  # told last, by changed_fields
        if name in before and before[name] == value:
            continue  # left as it was (e.g. not flagged before, nor after)
        changes.append(
            Change(
                field=labels.get(name) or _("other field"),
                before=value_words(name, before[name]) if name in before else None,
                after=value_words(name, value),
                user_text=name in USER_TEXT,
            )
        )
    for name, value in (entry.before or {}).items():  # only before: a count gone to nothing
        if name not in (entry.after or {}):
            changes.append(Change(labels.get(name) or _("other field"), value_words(name, value),
                                  "—", name in USER_TEXT))  # fmt: skip
    changes += changed_fields(entry, labels)
    idea = db.session.get(Idea, entry.subject_id)
    if idea is None:
        subject = _("idea #%(id)s", id=entry.subject_id)
    else:  # the idea's title as it is now: personal data edited out is gone from it too
        subject = _("idea “%(title)s” (no. %(id)s)", title=idea.title, id=idea.id)
    return Words(action_label(entry.action), subject, changes)


register_words("idea", describe)
