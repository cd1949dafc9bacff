"""The landing page of the zone's people after signing in: per zone, what needs them now.

Composed from cafés, surveys and the plan (app.main sits above them all): ideas waiting for
moderation and reported ones, this week's survey responses, the next café, the plan's
actions and milestones due in the next two weeks or overdue, and the next report due.
Librarians see all of it; officials a read-only version (results and the plan); the
coordinator every zone, compactly. A fixed number of queries, whatever the number of zones.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from flask import render_template
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.auth.models import Role
from app.cafes.models import Cafe
from app.cafes.services import moderation_counts, next_cafes
from app.core.collation import polish_key
from app.core.time import utcnow
from app.dashboards.services import can_see_results
from app.extensions import db
from app.main import bp
from app.plans.models import Plan
from app.plans.services import DueWork, due_work
from app.surveys.models import Survey, SurveyStatus
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


@bp.get("/work")
@login_required
def work():
    """What needs the signed-in person now, zone by zone."""
    zones, compact = people_zones(current_user)
    return render_template(
        "main/work.html", works=zone_work(zones), compact=compact,
        today=utcnow().date(), due_days=DUE_DAYS,
    )  # fmt: skip
