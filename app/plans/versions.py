"""A published plan's versions: listing them, reading one, and what changed between two.

`compare` is a pure function over two snapshots (app.plans.services.plan_snapshot): it
returns the changes as data, and the compare page puts them in words.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.cafes.models import VISIBLE_STATUSES, Idea
from app.core.money import format_money
from app.dashboards.models import Finding
from app.dashboards.services import can_see_results
from app.extensions import db
from app.plans.models import ActionStatus, CostCategory, FundSource, Plan, PlanVersion
from app.zones.access import can_see_zone_team

ACTION_FIELDS = (
    "title", "status", "starts_on", "ends_on", "owner", "progress", "goal", "drop_reason",
    "description",
)  # fmt: skip
GOAL_FIELDS = ("title", "description")
PLAN_FIELDS = ("title", "period", "vision")
LINE_FIELDS = ("description", "amount", "source", "category", "action")
FIELD_LABELS = {
    "title": _l("title"),
    "status": _l("status"),
    "starts_on": _l("start date"),
    "ends_on": _l("end date"),
    "owner": _l("owner"),
    "progress": _l("progress"),
    "goal": _l("goal"),
    "drop_reason": _l("reason for dropping it"),
    "description": _l("description"),
    "amount": _l("amount"),
    "source": _l("source of funds"),
    "category": _l("cost category"),
    "action": _l("action"),
    "period": _l("period"),
    "vision": _l("vision"),
}
# Long texts: the page says they changed, without quoting both versions.
LONG_FIELDS = frozenset({"description", "vision"})


@dataclass(frozen=True)
class Change:
    """One difference between two versions.

    kind: added, removed, changed (a field: `field`, `before`, `after`), linked, unlinked
    (an idea or a finding: `link` is "idea" or "finding", `ref` its id).
    subject: plan, goal, action or line; `number` (an action's) and `title` name it;
    `amount` is a budget line's (grosze) when added or removed.
    """

    subject: str
    kind: str
    title: str = ""
    number: int | None = None
    field: str | None = None
    before: Any = None
    after: Any = None
    link: str | None = None
    ref: int | None = None
    amount: int | None = None

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field or "", self.field or ""))

    @property
    def long(self) -> bool:
        return self.field in LONG_FIELDS


def _by_id(items: list[dict]) -> dict[int, dict]:
    return {item["id"]: item for item in items}


def _line_amount(line: dict) -> int:
    return int(line["quantity"]) * int(line["unit_cost"])


def _links(subject: str, old: dict, new: dict, **names) -> list[Change]:
    changes = []
    for link, key in (("idea", "ideas"), ("finding", "findings")):
        if key not in new and key not in old:
            continue
        before, after = set(old.get(key, [])), set(new.get(key, []))
        changes += [
            Change(subject, "linked", link=link, ref=ref, **names) for ref in sorted(after - before)
        ]
        changes += [
            Change(subject, "unlinked", link=link, ref=ref, **names)
            for ref in sorted(before - after)
        ]
    return changes


def _fields(subject: str, old: dict, new: dict, fields, **names) -> list[Change]:
    return [
        Change(subject, "changed", field=name, before=old.get(name), after=new.get(name), **names)
        for name in fields
        if old.get(name) != new.get(name)
    ]


def compare(old: dict, new: dict) -> list[Change]:
    """What changed from snapshot `old` to snapshot `new`: the plan's own fields, then goals,
    actions (fields field by field, links to ideas and findings) and budget lines, each added,
    removed or changed."""
    changes = _fields("plan", old, new, PLAN_FIELDS, title=new.get("title", ""))
    old_goals, new_goals = _by_id(old.get("goals", [])), _by_id(new.get("goals", []))
    for goal_id, goal in new_goals.items():
        names = {"title": goal["title"]}
        if goal_id not in old_goals:
            changes.append(Change("goal", "added", **names))
            changes += _links("goal", {}, goal, **names)
            continue
        changes += _fields("goal", old_goals[goal_id], goal, GOAL_FIELDS, **names)
        changes += _links("goal", old_goals[goal_id], goal, **names)
    changes += [
        Change("goal", "removed", title=goal["title"])
        for goal_id, goal in old_goals.items()
        if goal_id not in new_goals
    ]
    goal_titles = {g["id"]: g["title"] for g in [*old_goals.values(), *new_goals.values()]}
    old_actions, new_actions = _by_id(old.get("actions", [])), _by_id(new.get("actions", []))
    for action_id, action in new_actions.items():
        names = {"title": action["title"], "number": action["number"]}
        if action_id not in old_actions:
            changes.append(Change("action", "added", **names))
            changes += _links("action", {}, action, **names)
            continue
        before = old_actions[action_id]
        for change in _fields("action", before, action, ACTION_FIELDS, **names):
            if change.field == "goal":  # goals by their titles, not their ids
                change = Change(
                    "action", "changed", field="goal", before=goal_titles.get(change.before),
                    after=goal_titles.get(change.after), **names,
                )  # fmt: skip
            changes.append(change)
        changes += _links("action", before, action, **names)
    changes += [
        Change("action", "removed", title=action["title"], number=action["number"])
        for action_id, action in old_actions.items()
        if action_id not in new_actions
    ]
    action_numbers = {a["id"]: a["number"] for a in [*old_actions.values(), *new_actions.values()]}
    old_lines, new_lines = _by_id(old.get("budget", [])), _by_id(new.get("budget", []))
    for line_id, line in new_lines.items():
        names = {"title": line["description"]}
        if line_id not in old_lines:
            changes.append(Change("line", "added", amount=_line_amount(line), **names))
            continue
        before = old_lines[line_id] | {"amount": _line_amount(old_lines[line_id])}
        after = line | {"amount": _line_amount(line)}
        for name in ("action",):
            before[name] = action_numbers.get(before.get(name))
            after[name] = action_numbers.get(after.get(name))
        changes += _fields("line", before, after, LINE_FIELDS, **names)
    changes += [
        Change("line", "removed", title=line["description"], amount=_line_amount(line))
        for line_id, line in old_lines.items()
        if line_id not in new_lines
    ]
    return changes


def shown(field: str | None, value: Any) -> str:
    """A field's value from a snapshot, as a page shows it."""
    if value is None or value == "":
        return _("none")
    if field == "status":
        try:
            return str(ActionStatus(value).label)
        except ValueError:
            return str(value)
    if field in ("starts_on", "ends_on"):
        return format_date(date.fromisoformat(value), "medium")
    if field == "progress":
        return f"{value}%"
    if field == "amount":
        return format_money(value)
    if field == "source":
        return str(FundSource(value).label)
    if field == "category":
        return str(CostCategory(value).label)
    if field == "action":
        return _("action %(number)d", number=value)
    if field == "period":
        start, end = value
        return str(start) if start == end else f"{start}–{end}"
    return str(value)


# Reading versions


def plan_versions(plan: Plan) -> list[PlanVersion]:
    """The plan's versions, the latest first, with who made each."""
    return list(
        db.session.scalars(
            select(PlanVersion)
            .where(PlanVersion.plan_id == plan.id)
            .options(selectinload(PlanVersion.created_by))
            .order_by(PlanVersion.number.desc())
        )
    )


def get_version(plan: Plan, number: int) -> PlanVersion:
    """Version `number` of the plan, or 404."""
    return db.one_or_404(
        select(PlanVersion)
        .where(PlanVersion.plan_id == plan.id, PlanVersion.number == number)
        .options(selectinload(PlanVersion.created_by))
    )


def versions_numbered(plan: Plan, numbers: list[int]) -> dict[int, PlanVersion]:
    """The plan's versions with these numbers, by number (those that exist)."""
    return {
        version.number: version
        for version in db.session.scalars(
            select(PlanVersion).where(
                PlanVersion.plan_id == plan.id, PlanVersion.number.in_(numbers)
            )
        )
    }


def readable_plan(plan: Plan | None) -> Plan:
    """The plan whose versions the visitor may read: published for everyone, a draft's
    (earlier versions of a plan taken back) only for the zone's team; else 404."""
    if plan is None:
        abort(404)
    if not plan.is_published and not can_see_zone_team(current_user, plan.zone):
        abort(404)
    return plan


@dataclass(frozen=True)
class Linked:
    """What a snapshot's idea or finding id shows as: its words, and where it leads."""

    text: str
    idea_id: int | None = None
    hidden: bool = False


def linked_names(zone, snapshots: list[dict]) -> tuple[dict[int, Linked], dict[int, Linked]]:
    """The ideas and findings the snapshots link to, by id, as the visitor may see them: an
    idea no longer on the board or a finding of results the visitor may not see shows
    without its words. Two queries."""
    idea_ids, finding_ids = set(), set()
    for snapshot in snapshots:
        for item in [*snapshot.get("goals", []), *snapshot.get("actions", [])]:
            idea_ids.update(item.get("ideas", []))
            finding_ids.update(item.get("findings", []))
    team = can_see_zone_team(current_user, zone)
    ideas: dict[int, Linked] = {}
    if idea_ids:
        for idea in db.session.scalars(
            select(Idea).where(Idea.id.in_(idea_ids), Idea.zone_id == zone.id)
        ):
            visible = idea.status in VISIBLE_STATUSES and not idea.hidden
            if visible or team:
                ideas[idea.id] = Linked(idea.title, idea.id if visible else None)
    findings: dict[int, Linked] = {}
    if finding_ids:
        for finding in db.session.scalars(
            select(Finding).where(Finding.id.in_(finding_ids)).options(selectinload(Finding.survey))
        ):
            if finding.survey.zone_id == zone.id and can_see_results(current_user, finding.survey):
                findings[finding.id] = Linked(finding.text)
    return ideas, findings
