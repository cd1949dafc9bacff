"""What the zone's people have to do, counted: shared by the landing page (work.py) and the
zone's page (zone_page.py), so that both show the same figures from the same queries; and
where every zone stands in the programme (programme.py: zone_progress, reports_to_review).

Composed from cafés, surveys and the plan (app.main sits above them all). A fixed number of
queries, whatever the number of zones, ideas or responses.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, undefer

from app.auth.models import Role, ZoneRole
from app.cafes.models import VISIBLE_STATUSES, Cafe, Idea
from app.cafes.services import moderation_counts, next_cafes
from app.core.collation import polish, polish_key
from app.core.money import share
from app.core.time import utcnow
from app.dashboards.services import can_see_results
from app.extensions import db
from app.plans.models import (
    Action,
    ActionStatus,
    Expense,
    FundSource,
    Grant,
    Plan,
    Report,
    ReportKind,
    ReportStatus,
)
from app.plans.services import DueWork, due_work
from app.surveys.models import Response, ResponseStatus, Survey, SurveyStatus
from app.surveys.services import responses_since
from app.zones.models import Zone
from app.zones.services import list_zones

DUE_DAYS = 14


@dataclass
class ZoneWork:
    """What one zone's person finds on the landing page for that zone."""

    zone: Zone
    manages: bool
    pending: int = 0
    reported: int = 0
    responses: int = 0
    cafe: Cafe | None = None
    plan: Plan | None = None
    due: DueWork = field(default_factory=DueWork)
    results: list[Survey] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(
            self.pending or self.reported or self.responses or self.cafe or self.due.actions
            or self.due.milestones or self.due.report
        )  # fmt: skip


def people_zones(user) -> tuple[list[tuple[Zone, bool]], bool]:
    """The person's zones, each with whether they manage it (librarian), and whether the
    page is the coordinator's compact one (every zone)."""
    if user.is_coordinator:
        return [(zone, True) for zone in list_zones()], True
    zones = sorted(
        ((role.zone, Role(role.role) is Role.LIBRARIAN) for role in user.roles),
        key=lambda pair: (polish_key(pair[0].town), pair[0].slug),
    )
    return zones, False


def zone_work(zones: list[tuple[Zone, bool]]) -> list[ZoneWork]:
    """Everything the page shows, for all the zones at once (a query per kind of thing)."""
    works = [ZoneWork(zone=zone, manages=manages) for zone, manages in zones]
    ids = [work.zone.id for work in works]
    managed = [work.zone.id for work in works if work.manages]
    now = utcnow()
    counts = moderation_counts(managed)
    responses = responses_since(ids, now - timedelta(days=7))
    cafes = next_cafes(ids, now)
    due = due_work(ids, now.date(), DUE_DAYS)
    plans = {
        plan.zone_id: plan
        for plan in (db.session.scalars(select(Plan).where(Plan.zone_id.in_(ids))) if ids else [])
    }
    surveys: dict[int, list[Survey]] = {}
    if ids:
        for survey in db.session.scalars(
            select(Survey)
            .where(Survey.zone_id.in_(ids), Survey.status != SurveyStatus.DRAFT.value)
            .options(undefer(Survey.definition))
            .order_by(Survey.id)
        ):
            surveys.setdefault(survey.zone_id, []).append(survey)
    for work in works:
        zone_id = work.zone.id
        work.pending = counts.get(zone_id, {}).get("pending", 0)
        work.reported = counts.get(zone_id, {}).get("reported", 0)
        work.responses = responses.get(zone_id, 0)
        work.cafe = cafes.get(zone_id)
        work.plan = plans.get(zone_id)
        work.due = due.get(zone_id, DueWork())
        work.results = [
            survey for survey in surveys.get(zone_id, []) if can_see_results(current_user, survey)
        ]
    return works


def survey_totals(survey_ids: list[int]) -> dict[int, int]:
    """Complete responses per survey. One query."""
    totals = dict.fromkeys(survey_ids, 0)
    if totals:
        totals |= dict(
            db.session.execute(
                select(Response.survey_id, func.count())
                .where(
                    Response.survey_id.in_(survey_ids),
                    Response.status == ResponseStatus.COMPLETE.value,
                )
                .group_by(Response.survey_id)
            ).all()
        )
    return totals


def team_size(zone: Zone) -> int:
    """The people with a role in the zone (librarians and officials). One query."""
    return db.session.scalar(
        select(func.count()).select_from(ZoneRole).where(ZoneRole.zone_id == zone.id)
    )


# The programme: every zone and where it stands (app.main.programme)

# A zone's stage, in the order a zone goes through them.
STAGES = ("not_started", "diagnosis", "cafes", "planning", "carrying_out", "completed")


@dataclass
class ZoneProgress:
    """One zone's row of the programme view: from the diagnosis to the accepted reports."""

    zone: Zone
    survey: str = "none"  # the diagnosis: "none", "open" or "closed"
    responses: int = 0  # complete responses to the zone's surveys
    cafes_held: int = 0  # cafés that have started
    ideas: int = 0  # ideas residents see
    pending: int = 0  # ideas waiting for moderation
    plan: str = "none"  # "none", "draft" or "published"
    awarded: int = 0  # grosze
    grant_spent: int = 0  # grosze: expenses paid from the grant
    actions: int = 0
    actions_done: int = 0
    submitted: int = 0  # reports waiting for the coordinator's review
    accepted: int = 0
    returned: int = 0
    final_accepted: bool = False
    overdue_actions: int = 0
    overdue_milestones: int = 0
    report_overdue: bool = False  # a draft report past its due date

    @property
    def overdue(self) -> int:
        """Everything past its date: open actions, milestones not reached, a report."""
        return self.overdue_actions + self.overdue_milestones + int(self.report_overdue)

    @property
    def spent_share(self) -> Decimal | None:
        """The grant spent, in per cent of the amount awarded (None without an award)."""
        return share(self.grant_spent, self.awarded)

    @property
    def reports(self) -> int:
        return self.submitted + self.accepted + self.returned

    @property
    def stage(self) -> str:
        """Where the zone stands, one of STAGES."""
        if self.final_accepted:
            return "completed"
        if self.plan == "published":
            return "carrying_out"
        if self.plan == "draft":
            return "planning"
        if self.cafes_held:
            return "cafes"
        if self.survey != "none":
            return "diagnosis"
        return "not_started"


def programme_zones(user) -> list[Zone]:
    """The zones of the programme view: every zone for the coordinator, the zones where the
    person is an official otherwise (by town). One query."""
    if user.is_coordinator:
        return list_zones()
    return list(
        db.session.scalars(
            select(Zone)
            .join(ZoneRole, ZoneRole.zone_id == Zone.id)
            .where(ZoneRole.user_id == user.id, ZoneRole.role == Role.OFFICIAL.value)
            .order_by(polish(Zone.town), Zone.slug)
        )
    )


def _grouped(query) -> dict:
    """{zone id: value} of a two-column (zone id, figure) query."""
    return dict(db.session.execute(query).all())


def zone_progress(zones: list[Zone], today: date | None = None) -> list[ZoneProgress]:
    """Every zone's row of the programme view, in the order given. A fixed number of
    queries (fifteen), whatever the number of zones, surveys, ideas, plans or reports."""
    now = utcnow()
    today = today or now.date()
    rows = [ZoneProgress(zone=zone) for zone in zones]
    ids = [row.zone.id for row in rows]
    if not ids:
        return rows
    visible = [status.value for status in VISIBLE_STATUSES]
    surveys: dict[int, set[str]] = {}
    for zone_id, status in db.session.execute(
        select(Survey.zone_id, Survey.status)
        .where(Survey.zone_id.in_(ids), Survey.status != SurveyStatus.DRAFT.value)
        .distinct()
    ):
        surveys.setdefault(zone_id, set()).add(status)
    responses = _grouped(
        select(Survey.zone_id, func.count(Response.id))
        .join(Response, Response.survey_id == Survey.id)
        .where(Survey.zone_id.in_(ids), Response.status == ResponseStatus.COMPLETE.value)
        .group_by(Survey.zone_id)
    )
    cafes = _grouped(
        select(Cafe.zone_id, func.count(Cafe.id))
        .where(Cafe.zone_id.in_(ids), Cafe.starts_at < now)
        .group_by(Cafe.zone_id)
    )
    ideas = _grouped(
        select(Idea.zone_id, func.count(Idea.id))
        .where(Idea.zone_id.in_(ids), Idea.status.in_(visible), Idea.hidden.is_(False))
        .group_by(Idea.zone_id)
    )
    moderation = moderation_counts(ids)
    plans = {
        zone_id: (status, awarded or 0)
        for zone_id, status, awarded in db.session.execute(
            select(Plan.zone_id, Plan.status, Grant.amount_awarded)
            .outerjoin(Grant, Grant.plan_id == Plan.id)
            .where(Plan.zone_id.in_(ids))
        )
    }
    spent = _grouped(
        select(Plan.zone_id, func.sum(Expense.amount))
        .join(Expense, Expense.plan_id == Plan.id)
        .where(Plan.zone_id.in_(ids), Expense.paid_from == FundSource.GRANT.value)
        .group_by(Plan.zone_id)
    )
    actions: dict[int, dict[str, int]] = {}
    for zone_id, status, n in db.session.execute(
        select(Plan.zone_id, Action.status, func.count(Action.id))
        .join(Action, Action.plan_id == Plan.id)
        .where(Plan.zone_id.in_(ids))
        .group_by(Plan.zone_id, Action.status)
    ):
        actions.setdefault(zone_id, {})[status] = n
    reports: dict[int, dict[str, int]] = {}
    for zone_id, status, n in db.session.execute(
        select(Plan.zone_id, Report.status, func.count(Report.id))
        .join(Report, Report.plan_id == Plan.id)
        .where(Plan.zone_id.in_(ids))
        .group_by(Plan.zone_id, Report.status)
    ):
        reports.setdefault(zone_id, {})[status] = n
    finals = set(
        db.session.scalars(
            select(Plan.zone_id)
            .join(Report, Report.plan_id == Plan.id)
            .where(
                Plan.zone_id.in_(ids),
                Report.kind == ReportKind.FINAL.value,
                Report.status == ReportStatus.ACCEPTED.value,
            )
        )
    )
    # What is due by yesterday is overdue today.
    due = due_work(ids, today, -1)
    for row in rows:
        zone_id = row.zone.id
        states = surveys.get(zone_id, set())
        row.survey = "open" if "open" in states else "closed" if states else "none"
        row.responses = responses.get(zone_id, 0)
        row.cafes_held = cafes.get(zone_id, 0)
        row.ideas = ideas.get(zone_id, 0)
        row.pending = moderation[zone_id]["pending"]
        row.plan, row.awarded = plans.get(zone_id, ("none", 0))
        row.grant_spent = int(spent.get(zone_id) or 0)
        by_status = actions.get(zone_id, {})
        row.actions = sum(by_status.values())
        row.actions_done = by_status.get(ActionStatus.DONE.value, 0)
        counts = reports.get(zone_id, {})
        row.submitted = counts.get(ReportStatus.SUBMITTED.value, 0)
        row.accepted = counts.get(ReportStatus.ACCEPTED.value, 0)
        row.returned = counts.get(ReportStatus.RETURNED.value, 0)
        row.final_accepted = zone_id in finals
        work = due[zone_id]
        row.overdue_actions = len(work.actions)
        row.overdue_milestones = len(work.milestones)
        row.report_overdue = work.report is not None and work.report.due_on < today
    return rows


def reports_to_review(zones: list[Zone]) -> list[Report]:
    """The zones' submitted reports waiting for the coordinator's review, the oldest first,
    each with its plan and the plan's zone. One query."""
    if not zones:
        return []
    return list(
        db.session.scalars(
            select(Report)
            .join(Report.plan)
            .options(contains_eager(Report.plan).joinedload(Plan.zone))
            .where(
                Plan.zone_id.in_([zone.id for zone in zones]),
                Report.status == ReportStatus.SUBMITTED.value,
            )
            .order_by(Report.submitted_at, Report.id)
        )
    )
