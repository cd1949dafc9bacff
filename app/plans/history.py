"""The plan's audit entries in words: a plan created or published, a goal or a partner
deleted, an action added or moved on, the grant saved, an expense deleted, as the audit
log tells them (statuses and sources with the plan's own labels, amounts as money).
Registered with app.audit.services when the plan's services are imported."""

from typing import Any

from flask_babel import gettext as _

from app.audit.models import AuditEntry
from app.audit.services import Words, changes_in_words, plain_value, register_words
from app.core.money import format_money
from app.extensions import db
from app.plans.models import Action, ActionStatus, FundSource, Plan

USER_TEXT = frozenset({"title", "name", "drop_reason", "supplier", "funder", "document_number"})


def _labels() -> dict[str, str]:
    return {
        "title": _("Title"),
        "name": _("Name"),
        "version": _("Version"),
        "status": _("Status"),
        "drop_reason": _("Why it was dropped"),
        "funder": _("Funder"),
        "contract_number": _("Contract number"),
        "amount_awarded": _("Amount awarded"),
        "amount": _("Amount"),
        "supplier": _("Supplier"),
        "document_number": _("Document number"),
        "spent_on": _("Date of the expense"),
        "paid_from": _("Paid from"),
    }


def _value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if name in ("amount", "amount_awarded") and isinstance(value, int):
        return format_money(value)
    if name == "status":
        try:
            return str(ActionStatus(value).label)
        except ValueError:
            return plain_value(value)
    if name == "paid_from":
        try:
            return str(FundSource(value).label)
        except ValueError:
            return plain_value(value)
    if name == "version":
        return str(value)
    return plain_value(value)


def _action_words(entry: AuditEntry) -> str:
    return {
        "plan.create": _("plan created"),
        "plan.publish": _("plan published"),
        "plan.goal_delete": _("goal deleted"),
        "plan.partner_delete": _("partner removed from the plan"),
        "plan.action_create": _("action added"),
        "plan.action_status": _("action's status changed"),
        "grant_saved": _("grant saved"),
        "expense_deleted": _("expense deleted"),
    }.get(entry.action) or _("other change")


def _subject(entry: AuditEntry) -> str:
    gone = entry.before or {}
    kind = entry.subject_type
    if kind == "plan":
        plan = db.session.get(Plan, entry.subject_id)
        return _("plan “%(title)s”", title=plan.title) if plan else _("the plan")
    if kind == "plan_action":
        action = db.session.get(Action, entry.subject_id)
        if action is not None:
            return _("action %(number)s “%(title)s”", number=action.number, title=action.title)
        return _("an action of the plan")
    if kind == "plan_goal":
        return _("goal “%(title)s”", title=gone.get("title", "—"))
    if kind == "plan_partner":
        return _("partner “%(name)s”", name=gone.get("name", "—"))
    if kind == "plan_grant":
        return _("the plan's grant")
    return _("an expense of the plan")


def describe(entry: AuditEntry) -> Words:
    """A plan's entry in words."""
    changes = changes_in_words(entry, _labels(), _value, USER_TEXT)
    if entry.action in ("plan.goal_delete", "plan.partner_delete"):
        changes = []  # the subject names it
    return Words(_action_words(entry), _subject(entry), changes)


for _kind in ("plan", "plan_goal", "plan_partner", "plan_action", "plan_grant", "plan_expense"):
    register_words(_kind, describe)
