"""The zone's home page: what is going on in one zone, composed from every feature.

It sits above the features (surveys, cafés, results), so that `app.zones`, which they all
build on, depends on none of them. The route is registered on the zones blueprint, so its
endpoint stays `zones.show`.
"""

from flask import render_template
from flask_login import current_user

from app.cafes.services import past_cafes, upcoming_cafes
from app.dashboards.services import can_see_results
from app.main.services import DUE_DAYS, survey_totals, team_size, zone_work
from app.plans.models import ActionStatus
from app.plans.services import budget_summary, get_plan
from app.surveys.models import SurveyStatus
from app.surveys.services import open_surveys, zone_surveys
from app.zones import bp as zones
from app.zones.access import can_manage_zone, can_see_zone_team, zone_route
from app.zones.models import Zone


@zones.get("/zones/<zone_slug>", endpoint="show")
@zone_route()
def zone_page(zone: Zone):
    """Open surveys, the results the visitor may see, the zone's Creative Cafés and its
    development plan (once published; the zone's team sees the draft too)."""
    plan = get_plan(zone)
    if plan is not None and not (plan.is_published or can_see_zone_team(current_user, zone)):
        plan = None
    can_manage = can_manage_zone(current_user, zone)
    results = [
        survey
        for survey in zone_surveys(zone)
        if survey.status != SurveyStatus.DRAFT and can_see_results(current_user, survey)
    ]
    # The team's actions, most frequent first, each with its count: the landing page's.
    work = zone_work([(zone, True)])[0] if can_manage else None
    return render_template(
        "main/zone.html",
        zone=zone,
        can_manage=can_manage,
        work=work,
        totals=survey_totals([survey.id for survey in results]) if can_manage else {},
        team_size=team_size(zone) if can_manage else 0,
        due_days=DUE_DAYS,
        surveys=open_surveys(zone),
        results=results,
        upcoming_cafes=upcoming_cafes(zone),
        past_cafes=past_cafes(zone),
        plan=plan,
        actions_done=(sum(1 for a in plan.actions if a.status == ActionStatus.DONE) if plan else 0),
        budget=budget_summary(plan) if plan is not None else None,
    )
