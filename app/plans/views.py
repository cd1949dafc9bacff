"""The plan's pages: each part attaches its routes to the blueprint `bp`."""

from app.plans import (
    bp,
    idea_views,
    models,
    money_views,
    plan_views,
    report_views,
    thread_views,
    version_views,
)
from app.plans.ideas import idea_in_plan, idea_plan_choice_url
from app.plans.models import ActionStatus, CostCategory, FundSource, PlanStatus, ReportStatus

__all__ = [
    "bp",
    "idea_views",
    "models",
    "money_views",
    "plan_views",
    "report_views",
    "thread_views",
    "version_views",
]

# The templates name statuses and categories by their enums, never by bare strings.
for _enum in (ActionStatus, CostCategory, FundSource, PlanStatus, ReportStatus):
    bp.add_app_template_global(_enum, _enum.__name__)

# The cafés' idea pages (which may not import the plan) ask these when they are defined:
# the actions carrying an idea out, and where to put an idea into the plan.
bp.add_app_template_global(idea_in_plan, "idea_in_plan")
bp.add_app_template_global(idea_plan_choice_url, "idea_plan_choice_url")
