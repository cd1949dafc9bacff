"""The plan's rules that every part of the feature (and other features) uses: finding the
zone's plan with everything its pages show in a fixed number of queries, numbering actions,
recording a published plan's versions, and adding up the money.

Functions flush and never commit: the view commits once per request.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import abort, current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from app.audit.services import record
from app.auth.models import User
from app.cafes import services as cafes_services
from app.cafes.models import Idea, IdeaStatus
from app.core.time import utcnow
from app.extensions import db
from app.plans import history  # noqa: F401  (how plan entries read in the audit log)
from app.plans.models import (
    REASON_MAX,
    Action,
    ActionStatus,
    Contribution,
    CostCategory,
    Expense,
    FundSource,
    Goal,
    Milestone,
    Plan,
    PlanStatus,
    PlanVersion,
    Report,
    ReportStatus,
    action_ideas,
)
from app.zones.access import can_see_zone_team
from app.zones.models import Zone

DEFAULT_FUNDER = "Fundacja Rozwoju Społeczeństwa Informacyjnego (FRSI)"
DEFAULT_PROGRAMME = "Strefy Innowacji"


# Reading


def _plan_query(zone_id: int):
    """The zone's plan with its goals, actions and everything under them, loaded with one
    query per table (not per row): plan pages stay at a fixed number of queries."""
    return (
        select(Plan)
        .where(Plan.zone_id == zone_id)
        .options(
            selectinload(Plan.grant),
            selectinload(Plan.goals).selectinload(Goal.findings),
            selectinload(Plan.actions).options(
                selectinload(Action.ideas),
                selectinload(Action.findings),
                selectinload(Action.milestones),
                selectinload(Action.indicators),
                selectinload(Action.owner_user),
                selectinload(Action.owner_partner),
            ),
            selectinload(Plan.budget_lines),
        )
    )


def get_plan(zone: Zone) -> Plan | None:
    """The zone's plan (draft or published), fully loaded, or None."""
    return db.session.scalars(_plan_query(zone.id)).one_or_none()


def get_plan_or_404(zone: Zone) -> Plan:
    """The zone's plan, fully loaded, or 404 (for pages that need one)."""
    plan = get_plan(zone)
    if plan is None:
        abort(404)
    return plan


def get_readable_plan(zone: Zone, user: User) -> Plan:
    """The plan `user` may read, fully loaded: published for everyone, a draft for the
    zone's team; else 404 (a draft's existence is private)."""
    plan = get_plan(zone)
    if plan is None or not (plan.is_published or can_see_zone_team(user, zone)):
        abort(404)
    return plan


def get_published_plan(zone: Zone) -> Plan | None:
    """The zone's plan if it is published (what residents and the API see), or None."""
    plan = get_plan(zone)
    return plan if plan is not None and plan.is_published else None


def get_plan_action(plan: Plan, number: int) -> Action:
    """Action `number` of the plan, or 404."""
    found = next((action for action in plan.actions if action.number == number), None)
    if found is None:
        abort(404)
    return found


def create_plan(
    zone: Zone, *, title: str, start_year: int, end_year: int, vision: str = "",
    user: User | None = None,
) -> Plan:  # fmt: skip
    """The zone's plan, a draft (flushes)."""
    plan = Plan(
        zone_id=zone.id, title=title, start_year=start_year, end_year=end_year, vision=vision,
        created_by_id=user.id if user is not None else None,
    )  # fmt: skip
    db.session.add(plan)
    db.session.flush()
    return plan


def next_action_number(plan: Plan) -> int:
    """The number the plan's next action gets (numbers are never reused)."""
    highest = db.session.scalar(select(func.max(Action.number)).where(Action.plan_id == plan.id))
    return (highest or 0) + 1


# Versions: a published plan's every change is a new snapshot


def plan_snapshot(plan: Plan) -> dict:
    """The whole plan as plain JSON: what a version keeps and what two versions compare."""
    return {
        "title": plan.title,
        "period": [plan.start_year, plan.end_year],
        "vision": plan.vision,
        "goals": [
            {
                "id": goal.id,
                "title": goal.title,
                "description": goal.description,
                "findings": [finding.id for finding in goal.findings],
            }
            for goal in plan.goals
        ],
        "actions": [
            {
                "id": action.id,
                "number": action.number,
                "title": action.title,
                "description": action.description,
                "goal": action.goal_id,
                "owner": action.owner_name,
                "starts_on": action.starts_on.isoformat() if action.starts_on else None,
                "ends_on": action.ends_on.isoformat() if action.ends_on else None,
                "status": action.status,
                "drop_reason": action.drop_reason,
                "progress": action.progress,
                "progress_set": action.progress_is_set,
                "ideas": [idea.id for idea in action.ideas],
                "findings": [finding.id for finding in action.findings],
                "milestones": [
                    {
                        "title": m.title,
                        "due_on": m.due_on.isoformat(),
                        "done_on": m.done_on.isoformat() if m.done_on else None,
                    }
                    for m in action.milestones
                ],
                "indicators": [
                    {"name": i.name, "unit": i.unit, "target": i.target, "achieved": i.achieved}
                    for i in action.indicators
                ],
            }
            for action in plan.actions
        ],
        "budget": [
            {
                "id": line.id,
                "action": line.action_id,
                "category": line.category,
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_cost": line.unit_cost,
                "source": line.source,
            }
            for line in plan.budget_lines
        ],
    }


def plan_changed(plan: Plan, user: User | None, summary: str) -> PlanVersion | None:
    """Call after every change to a plan (flushes). A published plan gets a new version
    when its snapshot differs from the latest one; a draft keeps no versions."""
    if not plan.is_published:
        return None
    db.session.flush()
    db.session.refresh(plan)
    snapshot = plan_snapshot(plan)
    latest = db.session.scalars(
        select(PlanVersion)
        .where(PlanVersion.plan_id == plan.id)
        .order_by(PlanVersion.number.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.snapshot == snapshot:
        return None
    number = (latest.number if latest is not None else 0) + 1
    version = PlanVersion(
        plan_id=plan.id, number=number, summary=summary[:500], snapshot=snapshot,
        created_by_id=user.id if user is not None else None,
    )  # fmt: skip
    db.session.add(version)
    plan.version = number
    db.session.flush()
    return version


def publish_plan(plan: Plan, user: User | None) -> PlanVersion:
    """Publish a draft: residents see it from now on, and this is its version 1."""
    plan.status = PlanStatus.PUBLISHED.value
    plan.published_at = utcnow()
    version = plan_changed(plan, user, "published")
    assert version is not None
    return version


# Money: planned against spent, exact in grosze


def grant_limit() -> int:
    """The programme's limit on a grant, in grosze (GRANT_LIMIT, in złoty)."""
    return int(current_app.config["GRANT_LIMIT"]) * 100


def hourly_rate() -> int:
    """The value of an hour of volunteer work, in grosze (VOLUNTEER_HOURLY_RATE, in grosze)."""
    return int(current_app.config["VOLUNTEER_HOURLY_RATE"])


@dataclass
class Figures:
    """Planned against spent (or given, for contributions), in grosze."""

    planned: int = 0
    spent: int = 0

    @property
    def left(self) -> int:
        return self.planned - self.spent

    @property
    def over(self) -> bool:
        return self.spent > self.planned


@dataclass
class BudgetSummary:
    """A plan's money in every cut a page or a report shows."""

    lines: dict[int, Figures] = field(default_factory=dict)  # by budget line id
    actions: dict[int | None, Figures] = field(default_factory=dict)  # by action id
    categories: dict[CostCategory, Figures] = field(default_factory=dict)
    sources: dict[FundSource, Figures] = field(default_factory=dict)
    total: Figures = field(default_factory=Figures)
    awarded: int = 0
    grant_spent: int = 0  # expenses paid from the grant

    @property
    def grant_planned(self) -> int:
        return self.sources[FundSource.GRANT].planned

    @property
    def grant_left_to_plan(self) -> int:
        """How much of the award the grant-funded lines have not used yet."""
        return self.awarded - self.grant_planned

    @property
    def grant_overspent(self) -> bool:
        """Grant-funded spending beyond the amount awarded: flagged loudly."""
        return self.grant_spent > self.awarded

    @property
    def over_lines(self) -> list[int]:
        return [line_id for line_id, figures in self.lines.items() if figures.over]


def budget_summary(plan: Plan) -> BudgetSummary:
    """Planned (budget lines) against spent (expenses, and contributions for in-kind and
    volunteer lines) per line, action, category, source and in total. Three queries."""
    summary = BudgetSummary(
        categories={category: Figures() for category in CostCategory},
        sources={source: Figures() for source in FundSource},
        awarded=plan.grant.amount_awarded if plan.grant is not None else 0,
    )
    lines = {line.id: line for line in plan.budget_lines}
    spent_by_line: dict[int, int] = defaultdict(int)
    for line_id, paid_from, amount in db.session.execute(
        select(Expense.budget_line_id, Expense.paid_from, func.sum(Expense.amount))
        .where(Expense.plan_id == plan.id)
        .group_by(Expense.budget_line_id, Expense.paid_from)
    ):
        spent_by_line[line_id] += int(amount)
        if paid_from == FundSource.GRANT:
            summary.grant_spent += int(amount)
    for line_id, value in db.session.execute(
        select(Contribution.budget_line_id, func.sum(Contribution.value))
        .where(Contribution.plan_id == plan.id, Contribution.budget_line_id.is_not(None))
        .group_by(Contribution.budget_line_id)
    ):
        spent_by_line[line_id] += int(value)
    for line_id, line in lines.items():
        figures = Figures(planned=line.amount, spent=spent_by_line.get(line_id, 0))
        summary.lines[line_id] = figures
        for bucket in (
            summary.actions.setdefault(line.action_id, Figures()),
            summary.categories[CostCategory(line.category)],
            summary.sources[FundSource(line.source)],
            summary.total,
        ):
            bucket.planned += figures.planned
            bucket.spent += figures.spent
    return summary


# Reports (their rules live in app.plans.reports; these are their public face)


def report_figures(report) -> dict:
    """A report's figures and words: the frozen snapshot of a submitted or accepted report,
    else the live figures (the same shape). See app.plans.reports."""
    from app.plans.reports import report_figures as figures

    return figures(report)


def public_report_figures(report) -> dict:
    """What residents read of a report: its figures without the accounting documents."""
    from app.plans.reports import public_figures
    from app.plans.reports import report_figures as figures

    return public_figures(figures(report))


def next_report_due(plan: Plan):
    """The plan's next report to submit (the earliest due draft or returned one), or None."""
    from app.plans.reports import next_report_due as next_due

    return next_due(plan)


def public_reports(plan: Plan) -> list:
    """The reports residents read: the submitted and accepted ones of a published plan,
    by number (none for a draft plan)."""
    from app.plans.reports import plan_reports, visible_to_residents

    return [report for report in plan_reports(plan) if visible_to_residents(report, plan)]


def public_reports_of(plans: Iterable[Plan]) -> dict[int, list]:
    """public_reports for many plans at once, by plan id: one query for any number."""
    from app.plans.reports import visible_to_residents

    plans = {plan.id: plan for plan in plans}
    found: dict[int, list] = {plan_id: [] for plan_id in plans}
    published = [plan_id for plan_id, plan in plans.items() if plan.is_published]
    if published:
        reports = select(Report).where(Report.plan_id.in_(published)).order_by(Report.number)
        for report in db.session.scalars(reports):
            if visible_to_residents(report, plans[report.plan_id]):
                found[report.plan_id].append(report)
    return found


def returned_reports(zone_ids: Sequence[int]) -> dict[int, list[Report]]:
    """Per zone, its reports the coordinator returned for changes (not submitted again
    yet), by number. One query for any number of zones."""
    found: dict[int, list[Report]] = {zone_id: [] for zone_id in zone_ids}
    if not found:
        return found
    for zone_id, report in db.session.execute(
        select(Plan.zone_id, Report)
        .join(Report.plan)
        .where(Plan.zone_id.in_(found), Report.status == ReportStatus.RETURNED.value)
        .order_by(Report.number)
    ):
        found[zone_id].append(report)
    return found


# What is due: the librarian's landing page (app.main.work) lists it per zone


@dataclass
class DueWork:
    """A zone's plan work due soon or overdue: actions ending, milestones to reach, the
    next report to send."""

    actions: list[Action] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    report: Report | None = None


def due_work(zone_ids: Sequence[int], today: date, days: int = 14) -> dict[int, DueWork]:
    """Per zone: open actions ending by `today + days` (overdue ones too), milestones not
    reached due by then, and the draft report due soonest. Three queries for any number
    of zones; each action and milestone comes with its plan's zone id (`plan.zone_id`)."""
    found = {zone_id: DueWork() for zone_id in zone_ids}
    if not found:
        return found
    until = today + timedelta(days=days)
    open_statuses = (ActionStatus.PLANNED.value, ActionStatus.IN_PROGRESS.value)
    for zone_id, action in db.session.execute(
        select(Plan.zone_id, Action)
        .join(Action.plan)
        .where(
            Plan.zone_id.in_(found),
            Action.status.in_(open_statuses),
            Action.ends_on.is_not(None),
            Action.ends_on <= until,
        )
        .order_by(Action.ends_on, Action.number)
    ):
        found[zone_id].actions.append(action)
    for zone_id, milestone in db.session.execute(
        select(Plan.zone_id, Milestone)
        .join(Milestone.action)
        .join(Action.plan)
        .options(contains_eager(Milestone.action))
        .where(
            Plan.zone_id.in_(found),
            Action.status.in_(open_statuses),
            Milestone.done_on.is_(None),
            Milestone.due_on <= until,
        )
        .order_by(Milestone.due_on, Milestone.id)
    ):
        found[zone_id].milestones.append(milestone)
    for zone_id, report in db.session.execute(
        select(Plan.zone_id, Report)
        .join(Report.plan)
        .where(
            Plan.zone_id.in_(found),
            Report.status == ReportStatus.DRAFT.value,
            Report.due_on.is_not(None),
        )
        .order_by(Report.due_on, Report.number)
    ):
        if found[zone_id].report is None:
            found[zone_id].report = report
    return found


# Actions and residents' ideas: an action done implements its ideas


def _idea_status(idea: Idea, target: IdeaStatus, user: User | None, why: str) -> None:
    """Move a linked idea to `target` through the cafés' one way of doing it (audited as
    moderation is). `why` is for the code's reader: the idea's history shows the status."""
    cafes_services.move_for_plan(idea, target, user)


def _done_elsewhere(idea: Idea, action: Action) -> bool:
    """Another action of any plan that carries `idea` out is done."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(action_ideas)
            .join(Action, Action.id == action_ideas.c.action_id)
            .where(
                action_ideas.c.idea_id == idea.id,
                Action.id != action.id,
                Action.status == ActionStatus.DONE.value,
            )
        )
        > 0
    )


def link_idea(action: Action, idea: Idea, user: User | None) -> None:
    """Link a resident's idea to an action (flushes): a published or shortlisted idea is
    "chosen" for the plan from now on; an idea of a done action is "implemented"."""
    if idea not in action.ideas:
        action.ideas.append(idea)
    if action.status == ActionStatus.DONE:
        _idea_status(idea, IdeaStatus.IMPLEMENTED, user, f"action {action.number} done")
    elif idea.status in (IdeaStatus.PUBLISHED, IdeaStatus.SHORTLISTED):
        _idea_status(idea, IdeaStatus.CHOSEN, user, f"linked to action {action.number}")
    db.session.flush()


def unlink_idea(action: Action, idea: Idea, user: User | None) -> None:
    """Take an idea off an action (flushes): an idea implemented only by this action goes
    back to "chosen"."""
    if idea in action.ideas:
        action.ideas.remove(idea)
    if (
        idea.status == IdeaStatus.IMPLEMENTED
        and action.status == ActionStatus.DONE
        and not _done_elsewhere(idea, action)
    ):
        _idea_status(idea, IdeaStatus.CHOSEN, user, f"unlinked from action {action.number}")
    db.session.flush()


class ActionStatusError(ValueError):
    """A status change that is refused; the message is meant for the librarian."""


def set_action_status(
    action: Action, status: str | ActionStatus, reason: str | None, user: User | None
) -> None:
    """Move an action to `status` (flushes, records it in the audit log). Dropping needs a
    reason. Done: its ideas become "implemented"; leaving done: they return to "chosen"
    unless another of their actions is done."""
    try:
        target = ActionStatus(status)
    except ValueError:
        raise ActionStatusError(_("Choose the action's status.")) from None
    reason = (reason or "").strip() or None
    if target is ActionStatus.DROPPED and not reason:
        raise ActionStatusError(_("Say why the action is dropped."))
    if reason and len(reason) > REASON_MAX:
        raise ActionStatusError(
            _("The reason is too long (at most %(max)d characters).", max=REASON_MAX)
        )
    before = {"status": action.status, "drop_reason": action.drop_reason}
    was_done = action.status == ActionStatus.DONE
    action.status = target.value
    action.drop_reason = reason if target is ActionStatus.DROPPED else None
    db.session.flush()
    if target is ActionStatus.DONE and not was_done:
        for idea in action.ideas:
            if idea.status in (IdeaStatus.PUBLISHED, IdeaStatus.SHORTLISTED, IdeaStatus.CHOSEN):
                _idea_status(idea, IdeaStatus.IMPLEMENTED, user, f"action {action.number} done")
    elif was_done and target is not ActionStatus.DONE:
        for idea in action.ideas:
            if idea.status == IdeaStatus.IMPLEMENTED and not _done_elsewhere(idea, action):
                _idea_status(idea, IdeaStatus.CHOSEN, user, f"action {action.number} reopened")
    record(
        "plan.action_status", "plan_action", action.id,
        actor_id=user.id if user is not None else None, zone_id=action.plan.zone_id,
        before=before, after={"status": action.status, "drop_reason": action.drop_reason},
        reason=reason,
    )  # fmt: skip
    db.session.flush()
