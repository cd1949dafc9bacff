"""What the zone's people have to do, counted: shared by the landing page (work.py) and the
zone's page (zone_page.py), so that both show the same figures from the same queries.

Composed from cafés, surveys and the plan (app.main sits above them all). A fixed number of
queries, whatever the number of zones, ideas or responses.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from app.auth.models import Role, ZoneRole
from app.cafes.models import Cafe
from app.cafes.services import moderation_counts, next_cafes
from app.core.collation import polish_key
from app.core.time import utcnow
from app.dashboards.services import can_see_results
from app.extensions import db
from app.plans.models import Plan
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
