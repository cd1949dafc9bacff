"""An entry's page shows the plan's own figures: the money planned on the action's budget
lines, its indicators, the public report's words, the ideas and findings behind it; and
the entry's themes, which only its zone's librarians and the coordinator set."""

import html as html_module
import re

import pytest
from sqlalchemy import select

from app.catalogue import services
from app.catalogue.models import EntryTheme, ProgrammeTheme
from app.core.money import format_money
from app.extensions import db
from app.plans import services as plans_services
from app.plans.models import Action, FundSource
from app.zones.models import Zone
from tests.helpers import csrf_token_from
from tests.plans.factories import make_plan

pytestmark = pytest.mark.usefixtures("request_context")


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", page)))


def money(grosze: int) -> str:
    return re.sub(r"\s+", " ", format_money(grosze, "en"))


@pytest.fixture
def english(client, app):
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")


@pytest.fixture
def club(demo) -> Action:
    zone = db.session.scalar(select(Zone).where(Zone.slug == "kwidzyn"))
    return plans_services.get_plan(zone).actions[0]


def test_the_entry_shows_the_plans_money_indicators_and_report_words(client, club, english):
    plan = club.plan
    lines = [line for line in plan.budget_lines if line.action_id == club.id]
    grant = sum(line.amount for line in lines if line.source == FundSource.GRANT)
    own = sum(line.amount for line in lines if line.source == FundSource.OWN)
    assert grant == services.get_entry("action", club.id).grant == 10_000_00
    response = client.get(f"/catalogue/action/{club.id}")
    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    assert "Klub Młodych Mam" in page
    assert "Kwidzyn" in page and "pomorskie" in page and "38,000 residents" in page
    assert f"Grant {money(grant)}" in page
    assert f"Library's own money {money(own)}" in page
    assert f"Together {money(grant + own)}" in page
    for indicator in club.indicators:
        assert (
            f"{indicator.name} Target: {indicator.target} {indicator.unit} "
            f"Achieved: {indicator.achieved} {indicator.unit} ({indicator.reached_share}%)"
        ) in page
    (report,) = plans_services.public_reports(plan)
    words = next(a for a in plans_services.public_report_figures(report)["actions"]
                 if a["id"] == club.id)  # fmt: skip
    assert words["achieved"] and words["achieved"] in page
    assert words["lasting"] in page
    assert "Przewijak w bibliotece" in page  # the residents' idea behind it
    assert plan.goals[0].findings[0].text in page
    assert f'href="/zones/kwidzyn/plan/actions/{club.number}"' in response.get_data(as_text=True)
    assert "families and children" in page  # the demo's theme


def test_a_report_not_yet_submitted_says_nothing_on_the_entry(client, zone, english):
    from tests.plans.factories import add_report

    plan = make_plan(zone, actions=1, published=True)
    report = add_report(plan)
    report.texts = {"actions": {str(plan.actions[0].id): {"achieved": "Tajny szkic"}}}
    db.session.commit()
    page = client.get(f"/catalogue/action/{plan.actions[0].id}").get_data(as_text=True)
    assert "Tajny szkic" not in page
    assert "No report about this action has been submitted yet." in page


def test_a_dropped_action_is_listed_as_dropped_with_its_reason(client, zone, english):
    plan = make_plan(zone, actions=1, published=True)
    plans_services.set_action_status(plan.actions[0], "dropped", "Brak sali.", None)
    db.session.commit()
    page = text_of(client.get(f"/catalogue/action/{plan.actions[0].id}").get_data(as_text=True))
    assert "dropped" in page and "Brak sali." in page


@pytest.mark.parametrize("path", ["/catalogue/plan/1", "/catalogue/action/x", "/catalogue/idea/0"])
def test_unknown_entries_are_404(client, path):
    assert client.get(path).status_code == 404


def test_an_action_of_a_draft_plan_and_a_hidden_idea_are_404(client, zone):
    plan = make_plan(zone, actions=1)
    assert client.get(f"/catalogue/action/{plan.actions[0].id}").status_code == 404
    from tests.plans.factories import add_idea

    idea = add_idea(zone, "Ukryty pomysł", status="chosen")
    assert client.get(f"/catalogue/idea/{idea.id}").status_code == 200
    idea.hidden = True
    db.session.commit()
    assert client.get(f"/catalogue/idea/{idea.id}").status_code == 404
    assert services.search(services.CatalogueQuery(text="ukryty")).total == 0


def test_the_zones_librarian_sets_the_themes(client, zone, login_as, english):
    plan = make_plan(zone, actions=1, published=True)
    action = plan.actions[0]
    login_as("librarian")
    page = client.get(f"/catalogue/action/{action.id}").get_data(as_text=True)
    assert "Save the themes" in page
    response = client.post(
        f"/catalogue/action/{action.id}/themes",
        data={"csrf_token": csrf_token_from(page), "themes": ["seniors", "youth", "nonsense"]},
    )
    assert response.status_code == 422  # an unknown choice: the form again
    response = client.post(
        f"/catalogue/action/{action.id}/themes",
        data={"csrf_token": csrf_token_from(page), "themes": ["seniors", "youth"]},
    )
    assert response.status_code == 302
    assert services.get_entry("action", action.id).themes == [
        ProgrammeTheme.SENIORS, ProgrammeTheme.YOUTH,
    ]  # fmt: skip
    found = services.search(services.CatalogueQuery(theme="youth")).entries
    assert [e.id for e in found] == [action.id]


def test_themes_need_the_form_token_and_the_right_zone(client, zone, other_zone, login_as):
    plan = make_plan(zone, actions=1, published=True)
    action = plan.actions[0]
    login_as("librarian", other_zone)
    page = client.get(f"/catalogue/action/{action.id}").get_data(as_text=True)
    assert "Save the themes" not in page
    token = csrf_token_from(client.get("/catalogue").get_data(as_text=True))
    response = client.post(f"/catalogue/action/{action.id}/themes",
                           data={"csrf_token": token, "themes": ["youth"]})  # fmt: skip
    assert response.status_code == 403
    login_as("librarian")
    response = client.post(f"/catalogue/action/{action.id}/themes", data={"themes": ["youth"]})
    assert response.status_code == 400
    assert db.session.scalars(select(EntryTheme)).all() == []


def test_public_pages_may_be_cached_and_signed_in_ones_not(client, zone, login_as):
    plan = make_plan(zone, actions=1, published=True)
    for path in ("/catalogue", f"/catalogue/action/{plan.actions[0].id}"):
        assert "no-store" not in client.get(path).headers.get("Cache-Control", "")
    login_as("librarian")
    assert "no-store" in client.get("/catalogue").headers["Cache-Control"]
