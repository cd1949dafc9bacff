"""Audit entries in words: what was done to what, and each changed field and value in the
reader's language, so that the audit log never shows codes or raw JSON.

Each feature that writes entries registers, with `register_words`, how its subjects'
entries read (the audit log sits below the features and cannot import them). Entries of a
kind no feature registered read through `generic_words`: the fields it knows by name,
every value in words. Accounts and roles (below the audit log) are told here.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime, format_decimal, ngettext
from flask_babel import gettext as _

from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.extensions import db
from app.zones.models import Zone


@dataclass(frozen=True)
class Change:
    """One field an act changed, in words. `before` is None when the act created it."""

    field: str
    before: str | None
    after: str
    user_text: bool = False  # typed by a person: shown as such (direction, wrapping)


@dataclass(frozen=True)
class Words:
    """An entry in words: what was done (`action`) to what (`subject`), and the fields it
    changed; the log reads them as one sentence: "<subject>: <action>."."""

    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)


_WORDS: dict[str, Callable[[AuditEntry], Words]] = {}


def register_words(subject_type: str, describe: Callable[[AuditEntry], Words]) -> None:
    """Say how the entries of one kind of subject read (called by the feature that owns it)."""
    _WORDS[subject_type] = describe


def words(entry: AuditEntry) -> Words:
    """The entry in the reader's language."""
    describe = _WORDS.get(entry.subject_type, generic_words)
    return describe(entry)


def details(entry: AuditEntry) -> str:
    """The entry as recorded (JSON, for the coordinator who needs the exact values)."""
    record = {"action": entry.action, "subject": f"{entry.subject_type}#{entry.subject_id}"}
    record |= {"before": entry.before or {}, "after": entry.after or {}}
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True, default=str)


# Any entry ---------------------------------------------------------------------------------


def _field_labels() -> dict[str, str]:
    """Names of the fields that many kinds of record have."""
    return {
        "status": _("Status"),
        "title": _("Title"),
        "name": _("Name"),
        "description": _("Description"),
        "reason": _("Reason"),
        "email": _("E-mail address"),
        "role": _("Role"),
        "active": _("Can sign in"),
        "is_coordinator": _("Network coordinator"),
        "version": _("Version"),
        "amount": _("Amount"),
    }


USER_TEXT = frozenset({"title", "name", "description", "reason"})
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2})?)?$")


def plain_value(value: Any) -> str:
    """A value of no known kind in words (never JSON): a list as its items, a mapping as
    how many things it holds."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return format_decimal(value)
    if isinstance(value, list):
        return ", ".join(plain_value(item) for item in value)
    if isinstance(value, dict):
        return ngettext("%(num)d item", "%(num)d items", len(value))
    text = str(value)
    if not ISO_MOMENT.match(text):  # only what the app stored as a date (isoformat)
        return text
    try:
        if len(text) == len("2026-05-10"):
            return format_date(date.fromisoformat(text), "medium")
        return format_datetime(datetime.fromisoformat(text), "short")
    except ValueError:
        return text


CHANGED = "changed"  # after[CHANGED]: names of fields whose values the entry does not keep


def changed_fields(entry: AuditEntry, labels: dict[str, str]) -> list[Change]:
    """The fields an entry names without their values (residents' words, erased data), as
    one change: "Fields changed: Title, Nickname"; none when it keeps every value."""
    names = (entry.after or {}).get(CHANGED) or []
    if not names:
        return []
    told = ", ".join(labels.get(name) or _("other field") for name in names)
    return [Change(_("Fields changed (their contents are not kept)"), None, told)]


def changes_in_words(
    entry: AuditEntry,
    labels: dict[str, str],
    value: Callable[[str, Any], str] = lambda name, v: plain_value(v),
    user_text: frozenset[str] = USER_TEXT,
) -> list[Change]:
    """Every field the entry changed, before and after, through `labels` and `value`; a
    field only in `before` (the record is gone) reads as what it was; one the act left as
    it was is left out."""
    before, after = entry.before or {}, entry.after or {}
    told = [
        Change(
            labels.get(name) or _("other field"),
            value(name, before[name]) if name in before else None,
            value(name, new),
            name in user_text,
        )
        for name, new in after.items()
        if name != CHANGED and (name not in before or before[name] != new)
    ]
    told += [
        Change(labels.get(name) or _("other field"), None, value(name, old), name in user_text)
        for name, old in before.items()
        if name not in after
    ]
    return told + changed_fields(entry, labels)


def generic_words(entry: AuditEntry) -> Words:
    """An entry no feature told the log how to read: each field it changed, in words."""
    subject = _("record #%(id)s", id=entry.subject_id)
    return Words(_("other change"), subject, changes_in_words(entry, _field_labels()))


# Accounts and roles ------------------------------------------------------------------------

ACCOUNT = "account"


def _role_words(value: Any) -> str:
    try:
        return str(Role(value).label)
    except ValueError:
        return "—"


def _account_labels() -> dict[str, str]:
    return _field_labels() | {
        "zone": _("Zone"),
        "password": _("Password"),
        "invited": _("Invited by e-mail"),
        "erased": _("Personal data erased"),
        "two_factor_required": _("Two-factor sign-in required of all staff"),
    }


def _account_value(name: str, value: Any) -> str:
    if name == "role":
        return _role_words(value)
    if name == "zone":
        zone = db.session.get(Zone, value) if isinstance(value, int) else None
        return zone.town if zone else "—"
    if name == "password":
        return _("changed")
    return plain_value(value)


def describe_account(entry: AuditEntry) -> Words:
    """An account's entry in words: created, changed, its password or a role in a zone."""
    after, before = entry.after or {}, entry.before or {}
    zone = db.session.get(Zone, entry.zone_id) if entry.zone_id else None
    town = zone.town if zone else "—"
    if entry.action == "role.grant":
        role = _role_words(after.get("role"))
        if before.get("role"):
            action = _("role in %(town)s changed to: %(role)s", town=town, role=role)
        else:
            action = _("role granted in %(town)s: %(role)s", town=town, role=role)
    elif entry.action == "role.revoke":
        role = _role_words(before.get("role"))
        action = _("role taken away in %(town)s: %(role)s", town=town, role=role)
    else:
        action = {
            "account.create": _("account created"),
            "account.update": _("account changed"),
            "account.password": _("password changed"),
            "account.password_reset": _("password set again by an e-mailed link"),
            "account.invitation_accepted": _("invitation accepted: first password set"),
            "account.invitation": _("invitation sent by e-mail"),
            "account.role_notice": _("told by e-mail of a new role"),
            "account.two_factor_on": _("two-factor sign-in turned on"),
            "account.two_factor_off": _("two-factor sign-in turned off"),
            "account.two_factor_reset": _("two-factor sign-in turned off by the coordinator"),
            "account.recovery_code_used": _("signed in with a recovery code"),
            "account.recovery_codes_renewed": _("new recovery codes made"),
            "account.two_factor_policy": (
                _("network-wide choice: every staff account signs in with two factors")
                if after.get("two_factor_required")
                else _("network-wide choice: two-factor sign-in no longer required")
            ),
            "account.export": _("personal data exported"),
            "account.erase": _("personal data erased"),
        }.get(entry.action) or _("other change")
    user = db.session.get(User, entry.subject_id)
    if user is None or user.erased_at is not None:
        subject = _("deleted account no. %(id)s", id=entry.subject_id)
    else:
        subject = _("account of %(name)s (%(email)s)", name=user.name, email=user.email)
    if entry.action.startswith("role."):
        return Words(action, subject)  # the sentence says it all
    return Words(action, subject, changes_in_words(entry, _account_labels(), _account_value))


register_words(ACCOUNT, describe_account)


# Zones -------------------------------------------------------------------------------------

ZONE = "zone"
PRIVACY_FIELDS = ("privacy_controller", "privacy_address", "privacy_dpo", "privacy_notice")


def _zone_labels() -> dict[str, str]:
    return {
        "slug": _("Address (slug)"),
        "library_name": _("Library"),
        "town": _("Town"),
        "region": _("Voivodeship"),
        "population": _("Population"),
        "is_pilot": _("Pilot zone"),
        "description": _("About the zone"),
        "privacy_controller": _("Data controller"),
        "privacy_address": _("Controller's address"),
        "privacy_dpo": _("Data protection officer's contact"),
        "privacy_notice": _("Privacy notice"),
    }


def describe_zone(entry: AuditEntry) -> Words:
    """A zone's entry in words: created, or its details changed."""
    action = {
        "zone.create": _("zone created"),
        "zone.update": _("zone's details changed"),
        "zone.privacy": _("privacy notice changed"),
    }.get(entry.action) or _("other change")
    zone = db.session.get(Zone, entry.subject_id)
    subject = _("zone %(town)s", town=zone.town) if zone else _("a deleted zone")
    user_text = frozenset({"library_name", "town", "region", "description", *PRIVACY_FIELDS})
    return Words(action, subject, changes_in_words(entry, _zone_labels(), user_text=user_text))


register_words(ZONE, describe_zone)
