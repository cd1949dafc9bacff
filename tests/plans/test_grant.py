"""The grant: the programme's limit (refused above it, accepted at exactly it) and an award
never below what grant-funded lines plan."""

import pytest

from app.extensions import db
from app.plans import budget, services
from app.plans.models import Grant
from tests.plans.factories import add_line, make_plan


def grant_url(zone) -> str:
    return f"/zones/{zone.slug}/plan/grant"


def grant_data(amount: str, **fields) -> dict:
    return {
        "funder": services.DEFAULT_FUNDER, "programme": services.DEFAULT_PROGRAMME,
        "contract_number": "SI/7/2026", "contract_date": "2026-03-01",
        "amount_awarded": amount, "starts_on": "2026-03-01", "ends_on": "2027-12-31",
    } | fields  # fmt: skip


@pytest.fixture
def draft(zone):
    return make_plan(zone, actions=1)


def test_the_form_offers_the_programme_s_funder_and_programme(client, login_as, zone, draft):
    login_as("librarian")
    page = client.get(grant_url(zone)).get_data(as_text=True)
    assert "Strefy Innowacji" in page
    assert "Fundacja Rozwoju Społeczeństwa Informacyjnego" in page


def test_above_the_limit_is_refused_with_the_limit_and_the_typed_values_kept(
    english, login_as, post_form, zone, draft
):
    login_as("librarian")
    response = post_form(grant_url(zone), grant_data("10 000,01", contract_number="SI/99/2026"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "at most PLN\u00a010,000.00" in page
    assert 'value="10 000,01"' in page and 'value="SI/99/2026"' in page
    assert db.session.scalar(db.select(Grant)) is None


def test_exactly_the_limit_is_accepted(login_as, post_form, zone, draft):
    login_as("librarian")
    response = post_form(grant_url(zone), grant_data("10 000 zł"))
    assert response.status_code == 302
    grant = db.session.scalar(db.select(Grant))
    assert grant.amount_awarded == 1_000_000 and grant.contract_number == "SI/7/2026"


def test_the_limit_follows_the_setting(app, login_as, post_form, zone, draft):
    app.config["GRANT_LIMIT"] = 8_000
    login_as("librarian")
    assert post_form(grant_url(zone), grant_data("8000,01")).status_code == 422
    assert post_form(grant_url(zone), grant_data("8000")).status_code == 302


def test_an_award_below_the_grant_lines_is_refused(english, login_as, post_form, zone, plan):
    add_line(plan, 300_000)
    login_as("librarian")
    response = post_form(grant_url(zone), grant_data("2999,99"))
    assert response.status_code == 422
    assert "already plan PLN\u00a03,000.00" in response.get_data(as_text=True)
    assert post_form(grant_url(zone), grant_data("3000")).status_code == 302
    assert services.get_plan(zone).grant.amount_awarded == 300_000


def test_an_unreadable_amount_is_explained(english, login_as, post_form, zone, draft):
    login_as("librarian")
    response = post_form(grant_url(zone), grant_data("dziesięć tysięcy"))
    assert response.status_code == 422
    assert "is not an amount" in response.get_data(as_text=True)


def test_the_rule_holds_in_the_service(app, plan):
    with pytest.raises(budget.GrantLimitError):
        budget.check_award(plan, services.grant_limit() + 1)
    budget.check_award(plan, services.grant_limit())


def test_officials_read_only_and_another_zone_s_librarian_is_refused(
    client, login_as, post_form, zone, other_zone, draft
):
    login_as("official")
    assert post_form(grant_url(zone), grant_data("5000"), page="/login").status_code == 403
    assert client.get(f"/zones/{zone.slug}/plan/budget").status_code == 200
    login_as("librarian", other_zone)
    assert post_form(grant_url(zone), grant_data("5000"), page="/login").status_code == 403


def test_without_a_plan_the_page_says_so_and_links_to_the_plan(client, login_as, zone):
    login_as("librarian")
    page = client.get(grant_url(zone)).get_data(as_text=True)
    assert f'href="/zones/{zone.slug}/plan"' in page
