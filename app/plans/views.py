"""The plan's pages: each part attaches its routes to the blueprint `bp`."""

from app.plans import bp, models, money_views
from app.plans.models import ActionStatus, CostCategory, FundSource, PlanStatus, ReportStatus

__all__ = ["bp", "models", "money_views"]

# The templates name statuses and categories by their enums, never by bare strings.
for _enum in (ActionStatus, CostCategory, FundSource, PlanStatus, ReportStatus):
    bp.add_app_template_global(_enum, _enum.__name__)
