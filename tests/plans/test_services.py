"""The plan's shared rules: the budget's planned against spent, and versions of a
published plan."""

from app.extensions import db
from app.plans import services
from app.plans.models import CostCategory, FundSource, PlanVersion
from tests.plans.factories import add_expense, add_line


def test_planned_against_spent_adds_up_per_line_action_category_and_source(plan):
    action = plan.actions[0]
    grant_line = add_line(plan, 25_000, quantity=4, action=action)  # 4 × 250 zł
    own_line = add_line(plan, 50_000, source=FundSource.OWN, category=CostCategory.ADMIN)
    add_expense(grant_line, 60_000)
    add_expense(grant_line, 50_000)
    add_expense(own_line, 10_000, paid_from=FundSource.OWN)
    summary = services.budget_summary(services.get_plan(plan.zone))
    assert summary.lines[grant_line.id].planned == 100_000
    assert summary.lines[grant_line.id].spent == 110_000
    assert summary.over_lines == [grant_line.id]
    assert summary.actions[action.id].planned == 100_000
    assert summary.categories[CostCategory.ADMIN].planned == 50_000
    assert summary.sources[FundSource.GRANT].spent == 110_000
    assert summary.total.planned == 150_000 and summary.total.spent == 120_000
    assert summary.grant_left_to_plan == 900_000
    assert summary.grant_spent == 110_000 and not summary.grant_overspent


def test_a_published_plan_keeps_a_version_per_change_and_a_draft_none(plan):
    assert services.plan_changed(plan, None, "renamed") is None  # a draft
    services.publish_plan(plan, None)
    plan.actions[0].title = "Klub Młodych Mam"
    version = services.plan_changed(plan, None, "renamed an action")
    db.session.commit()
    assert version.number == 2 and plan.version == 2
    assert services.plan_changed(plan, None, "nothing") is None  # no change, no version
    first, second = db.session.scalars(
        db.select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(PlanVersion.number)
    )
    assert first.snapshot["actions"][0]["title"] != "Klub Młodych Mam"
    assert second.snapshot["actions"][0]["title"] == "Klub Młodych Mam"
