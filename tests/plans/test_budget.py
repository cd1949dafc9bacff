"""The budget: lines of quantity × unit cost from a source, grant-funded lines within the
amount awarded whatever the order of edits, and the money overview."""

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.plans import budget, services
from app.plans.models import BudgetLine, CostCategory, FundSource
from tests.dashboards.helpers import counting_queries
from tests.plans.factories import add_expense, add_line, make_plan


def budget_url(zone, suffix: str = "") -> str:
    return f"/zones/{zone.slug}/plan/budget{suffix}"


def line_data(unit_cost: str, **fields) -> dict:
    return {
        "action": "0", "category": "task", "description": "Materiały plastyczne",
        "quantity": "1", "unit": "szt.", "unit_cost": unit_cost, "source": "grant",
    } | fields  # fmt: skip


def test_lines_up_to_the_award_are_accepted(login_as, post_form, zone, plan):
    login_as("librarian")
    action = plan.actions[0]
    assert post_form(budget_url(zone, "/lines/new"), line_data(
        "250", quantity="30", unit="godz.", action=str(action.id)
    )).status_code == 302  # fmt: skip
    assert post_form(budget_url(zone, "/lines/new"), line_data("2500")).status_code == 302
    summary = services.budget_summary(services.get_plan(zone))
    assert summary.grant_planned == 1_000_000 and summary.grant_left_to_plan == 0


def test_a_line_above_the_award_is_refused_naming_what_is_left(
    english, login_as, post_form, zone, plan
):
    add_line(plan, 900_000)
    login_as("librarian")
    response = post_form(
        budget_url(zone, "/lines/new"),
        line_data("400,50", quantity="3", description="Wynajem sceny", unit="dni"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "only PLN\u00a01,000.00 is left from the grant" in page
    assert "PLN\u00a01,201.50" in page  # what the line came to
    assert 'value="Wynajem sceny"' in page and 'value="400,50"' in page
    assert 'value="3"' in page and 'value="dni"' in page
    assert len(services.get_plan(zone).budget_lines) == 1


def test_the_form_shows_what_is_left_from_the_grant(client, english, login_as, zone, plan):
    add_line(plan, 250_000)
    login_as("librarian")
    page = client.get(budget_url(zone, "/lines/new")).get_data(as_text=True)
    assert "Left from the grant: PLN\u00a07,500.00" in page


def test_editing_a_line_up_or_moving_it_to_the_grant_is_refused_beyond_the_award(
    english, login_as, post_form, zone, plan
):
    grant_line = add_line(plan, 600_000)
    own_line = add_line(plan, 500_000, source=FundSource.OWN)
    login_as("librarian")
    edit = budget_url(zone, f"/lines/{grant_line.id}")
    assert post_form(edit, line_data("10000")).status_code == 302  # its own room counts
    assert post_form(edit, line_data("10000,01")).status_code == 422
    moved = post_form(budget_url(zone, f"/lines/{own_line.id}"), line_data("5000"))
    assert moved.status_code == 422
    assert "only PLN\u00a00.00 is left" in moved.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(BudgetLine, own_line.id).source == FundSource.OWN


def test_volunteer_work_is_hours_at_the_hourly_rate(client, login_as, post_form, zone, plan):
    login_as("librarian")
    page = client.get(budget_url(zone, "/lines/new?source=volunteer")).get_data(as_text=True)
    assert 'value="40,00"' in page and 'value="godz."' in page
    response = post_form(
        budget_url(zone, "/lines/new"),
        line_data("", source="volunteer", quantity="12", unit="", description="Wolontariusze"),
    )
    assert response.status_code == 302
    line = services.get_plan(zone).budget_lines[0]
    assert (line.unit_cost, line.unit, line.amount) == (4_000, "godz.", 48_000)


def test_a_line_with_expenses_is_kept_and_one_without_deleted(
    client, login_as, post_form, zone, plan
):
    spent = add_line(plan, 10_000)
    add_expense(spent, 5_000)
    unused = add_line(plan, 10_000)
    login_as("librarian")
    post_form(budget_url(zone, f"/lines/{spent.id}/delete"), page=budget_url(zone))
    post_form(budget_url(zone, f"/lines/{unused.id}/delete"), page=budget_url(zone))
    assert [line.id for line in services.get_plan(zone).budget_lines] == [spent.id]


def test_a_published_plan_gets_a_version_for_each_budget_change(
    login_as, post_form, zone, published_plan
):
    login_as("librarian")
    post_form(budget_url(zone, "/lines/new"), line_data("100"))
    plan = services.get_plan(zone)
    assert plan.version == 2
    assert services.plan_snapshot(plan)["budget"][0]["unit_cost"] == 10_000


def test_the_overview_flags_an_overspent_line_and_grant_spending_beyond_the_award(
    client, english, login_as, zone, plan
):
    line = add_line(plan, 1_000_000, action=plan.actions[0])
    add_expense(line, 1_000_001)
    login_as("official")
    page = client.get(budget_url(zone)).get_data(as_text=True)
    assert 'role="alert"' in page and "Grant spending exceeds the award." in page
    assert "PLN\u00a00.01 too much" in page
    assert "spent beyond the line" in page


def test_officials_read_the_budget_but_cannot_change_it(
    client, login_as, post_form, zone, other_zone, plan
):
    line = add_line(plan, 10_000)
    login_as("official")
    page = client.get(budget_url(zone)).get_data(as_text=True)
    assert line.description in page
    assert f"/lines/{line.id}/delete" not in page
    for url in ("/lines/new", f"/lines/{line.id}", f"/lines/{line.id}/delete"):
        assert post_form(budget_url(zone, url), line_data("1"), page="/login").status_code == 403
    login_as("librarian", other_zone)
    assert client.get(budget_url(zone)).status_code == 403


def test_the_budget_page_runs_the_same_queries_for_2_and_12_actions(
    client, login_as, zone, other_zone, make_user
):
    def queries(a_zone, actions: int) -> int:
        plan = make_plan(a_zone, actions=actions, awarded=1_000_000)
        for action in plan.actions:
            add_line(plan, 1_000, action=action)
            add_expense(add_line(plan, 1_000, action=action, source=FundSource.OWN), 500,
                        paid_from=FundSource.OWN)  # fmt: skip
        login_as("coordinator")
        with counting_queries() as statements:
            assert client.get(budget_url(a_zone)).status_code == 200
        return len(statements)

    assert queries(zone, 2) == queries(other_zone, 12)


# Properties: whatever the order of edits, through the service


operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(1, 5), st.integers(0, 400_000),
                  st.sampled_from(list(FundSource))),
        st.tuples(st.just("edit"), st.integers(0, 20), st.integers(1, 5),
                  st.integers(0, 400_000)),
        st.tuples(st.just("source"), st.integers(0, 20), st.sampled_from(list(FundSource))),
        st.tuples(st.just("award"), st.integers(0, 1_200_000)),
    ),
    max_size=15,
)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_grant_lines_never_plan_more_than_the_award(app, zone, steps):
    plan = services.get_plan(zone) or make_plan(zone, awarded=500_000)
    try:
        for step in steps:
            with contextlib.suppress(budget.BudgetError):  # refused: nothing changed
                apply(plan, step)
            assert budget.grant_planned(plan) <= budget.awarded(plan) <= services.grant_limit()
            summary = services.budget_summary(plan)
            assert summary.grant_planned <= summary.awarded
            assert summary.total.planned == sum(line.amount for line in plan.budget_lines)
            assert summary.total.planned == sum(f.planned for f in summary.sources.values())
            assert summary.total.planned == sum(f.planned for f in summary.categories.values())
    finally:
        db.session.rollback()


def apply(plan, step) -> None:
    kind, *values = step
    lines = plan.budget_lines
    if kind == "add":
        quantity, unit_cost, source = values
        budget.add_line(
            plan, None, description="x", quantity=quantity, unit="szt.", unit_cost=unit_cost,
            source=source, category=CostCategory.TASK, action_id=None,
        )  # fmt: skip
    elif kind == "edit" and lines:
        index, quantity, unit_cost = values
        line = lines[index % len(lines)]
        budget.update_line(line, None, **_fields(line, quantity=quantity, unit_cost=unit_cost))
    elif kind == "source" and lines:
        index, source = values
        line = lines[index % len(lines)]
        budget.update_line(line, None, **_fields(line, source=source))
    elif kind == "award":
        (amount,) = values
        budget.save_grant(plan, None, **_grant_fields(plan, amount_awarded=amount))


def _fields(line, **changes) -> dict:
    return {
        "action_id": line.action_id, "category": line.category,
        "description": line.description, "quantity": line.quantity, "unit": line.unit,
        "unit_cost": line.unit_cost, "source": line.source,
    } | changes  # fmt: skip


def _grant_fields(plan, **changes) -> dict:
    grant = plan.grant
    return {
        "funder": grant.funder, "programme": grant.programme,
        "contract_number": grant.contract_number, "contract_date": grant.contract_date,
        "amount_awarded": grant.amount_awarded, "starts_on": grant.starts_on,
        "ends_on": grant.ends_on,
    } | changes  # fmt: skip


@pytest.mark.parametrize("source", [FundSource.OWN, FundSource.IN_KIND])
def test_lines_of_other_sources_are_not_bound_by_the_award(app, plan, source):
    budget.add_line(
        plan, None, description="Sala", quantity=1, unit="", unit_cost=5_000_000,
        source=source, category=CostCategory.ADMIN, action_id=None,
    )  # fmt: skip
    assert services.budget_summary(plan).grant_planned == 0
