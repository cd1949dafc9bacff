"""Expenses against the budget's lines (flagged, not refused, beyond a line or the award)
and the library's contributions: volunteer work at the hourly rate and in-kind valuations."""

from app.extensions import db
from app.plans import services
from app.plans.models import Contribution, Expense, FundSource
from tests.plans.factories import add_expense, add_line


def expenses_url(zone, suffix: str = "") -> str:
    return f"/zones/{zone.slug}/plan/expenses{suffix}"


def contributions_url(zone, suffix: str = "") -> str:
    return f"/zones/{zone.slug}/plan/contributions{suffix}"


def expense_data(line, amount: str = "120,50", **fields) -> dict:
    return {
        "spent_on": "2026-05-12", "amount": amount, "supplier": "Hurtownia Papieru",
        "document_number": "FV/12/2026", "budget_line": str(line.id), "paid_from": "grant",
        "note": "",
    } | fields  # fmt: skip


def test_an_expense_is_recorded_against_its_line(client, login_as, post_form, zone, plan):
    line = add_line(plan, 50_000)
    login_as("librarian")
    response = post_form(expenses_url(zone), expense_data(line), page=expenses_url(zone))
    assert response.status_code == 302
    expense = db.session.scalar(db.select(Expense))
    assert (expense.amount, expense.budget_line_id, expense.paid_from) == (12_050, line.id, "grant")
    page = client.get(expenses_url(zone)).get_data(as_text=True)
    assert "Hurtownia Papieru" in page and "FV/12/2026" in page


def test_a_zero_amount_or_no_line_is_refused_with_the_typed_values_kept(
    english, login_as, post_form, zone, plan
):
    line = add_line(plan, 50_000)
    login_as("librarian")
    response = post_form(
        expenses_url(zone), expense_data(line, amount="0", supplier="Drukarnia Nowa")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "more than zero" in page and 'value="Drukarnia Nowa"' in page
    response = post_form(expenses_url(zone), expense_data(line, budget_line="0"))
    assert response.status_code == 422
    assert db.session.scalar(db.select(Expense)) is None


def test_grant_spending_beyond_the_award_is_recorded_and_flagged_loudly(
    client, english, login_as, post_form, zone, plan
):
    line = add_line(plan, 1_000_000)
    add_expense(line, 990_000)
    login_as("librarian")
    response = post_form(expenses_url(zone), expense_data(line, amount="200"))
    assert response.status_code == 302
    summary = services.budget_summary(services.get_plan(zone))
    assert summary.grant_overspent and summary.lines[line.id].over
    page = client.get(expenses_url(zone)).get_data(as_text=True)
    assert 'role="alert"' in page and "Grant spending exceeds the award." in page
    assert "is spent beyond its amount" in page


def test_own_money_beyond_a_line_is_flagged_without_the_grant_alert(
    client, english, login_as, zone, plan
):
    line = add_line(plan, 10_000, source=FundSource.OWN)
    add_expense(line, 20_000, paid_from=FundSource.OWN)
    login_as("official")
    page = client.get(expenses_url(zone)).get_data(as_text=True)
    assert "is spent beyond its amount" in page
    assert "Grant spending exceeds the award." not in page


def test_an_expense_is_deleted_by_a_librarian_only(client, login_as, post_form, zone, plan):
    expense = add_expense(add_line(plan, 10_000), 5_000)
    delete = expenses_url(zone, f"/{expense.id}/delete")
    login_as("official")
    assert "Record an expense" not in client.get(expenses_url(zone)).get_data(as_text=True)
    assert post_form(delete, page="/login").status_code == 403
    assert post_form(expenses_url(zone), {}, page="/login").status_code == 403
    login_as("librarian")
    assert post_form(delete, page=expenses_url(zone)).status_code == 302
    assert db.session.scalar(db.select(Expense)) is None


def test_another_zone_s_librarian_cannot_see_or_add(client, login_as, post_form, zone,
                                                    other_zone, plan):  # fmt: skip
    line = add_line(plan, 10_000)
    login_as("librarian", other_zone)
    assert client.get(expenses_url(zone)).status_code == 403
    assert post_form(expenses_url(zone), expense_data(line), page="/login").status_code == 403


def test_volunteer_hours_are_valued_at_the_hourly_rate(client, login_as, post_form, zone, plan):
    line = add_line(plan, 4_000, quantity=20, source=FundSource.VOLUNTEER)
    login_as("librarian")
    response = post_form(contributions_url(zone), {
        "kind": "volunteer", "given_on": "2026-06-01", "description": "Warsztaty wolontariuszki",
        "hours": "6", "budget_line": str(line.id),
    }, page=contributions_url(zone))  # fmt: skip
    assert response.status_code == 302
    contribution = db.session.scalar(db.select(Contribution))
    assert (contribution.hours, contribution.hourly_rate, contribution.value) == (6, 4_000, 24_000)
    assert services.budget_summary(services.get_plan(zone)).lines[line.id].spent == 24_000


def test_an_in_kind_contribution_is_its_valuation(login_as, post_form, zone, plan):
    login_as("librarian")
    response = post_form(contributions_url(zone), {
        "kind": "in_kind", "given_on": "2026-06-01", "description": "Sala użyczona przez szkołę",
        "value": "350", "budget_line": "0",
    }, page=contributions_url(zone))  # fmt: skip
    assert response.status_code == 302
    contribution = db.session.scalar(db.select(Contribution))
    assert (contribution.kind, contribution.value, contribution.hours) == ("in_kind", 35_000, None)


def test_volunteer_work_without_hours_is_refused(english, login_as, post_form, zone, plan):
    login_as("librarian")
    response = post_form(contributions_url(zone), {
        "kind": "volunteer", "given_on": "2026-06-01", "description": "Pomoc przy festynie",
    })  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the hours" in page and 'value="Pomoc przy festynie"' in page


def test_a_contribution_is_listed_and_deleted(client, login_as, post_form, zone, plan):
    contribution = Contribution(plan_id=plan.id, kind="in_kind", given_on=plan.created_at.date(),
                                description="Rzutnik z domu kultury", value=10_000)  # fmt: skip
    db.session.add(contribution)
    db.session.commit()
    login_as("official")
    assert "Rzutnik z domu kultury" in client.get(contributions_url(zone)).get_data(as_text=True)
    delete = contributions_url(zone, f"/{contribution.id}/delete")
    assert post_form(delete, page="/login").status_code == 403
    login_as("librarian")
    assert post_form(delete, page=contributions_url(zone)).status_code == 302
    assert db.session.scalar(db.select(Contribution)) is None
