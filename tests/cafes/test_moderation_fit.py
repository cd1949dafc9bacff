"""Issue 12, the librarian's fit and finish: the zone's page leads with the frequent work
(moderation, with its count) and ends with editing the zone; the moderation queue shows its
first idea before the filters' and bulk acts' forms; an idea's page leads to the previous and
next idea of the queue, and a decision leads on to the next idea waiting."""

import re
from datetime import timedelta

import pytest

from app.core.time import utcnow
from tests.cafes.factories import add_idea, plan_cafe
from tests.dashboards.helpers import counting_queries
from tests.main.test_work import add_responses, busy

pytestmark = pytest.mark.usefixtures("english")


def team_actions(html: str) -> list[str]:
    """The texts of the zone page's team actions, in order."""
    section = re.search(r'aria-labelledby="team-work-title".*?</section>', html, re.S).group(0)
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r"<li><a [^>]*>(.*?)</a>", section, re.S)
    ]


# The zone's page --------------------------------------------------------------------------


def test_the_zone_page_leads_with_moderation_and_its_count_and_ends_with_editing(
    client, login_as, zone, survey
):
    busy(zone)
    add_responses(survey, login_as("librarian"), 3)
    actions = team_actions(client.get("/zones/kwidzyn").get_data(as_text=True))
    assert actions[0] == "Moderate ideas (2 waiting)"
    assert actions[1] == "1 reported idea"
    assert "Surveys (3 responses this week)" in actions
    assert "Results: Trial survey (3 responses)" in actions
    assert "Type in paper questionnaires: Trial survey" in actions
    assert "Creative Cafés (1 upcoming)" in actions
    plan = next(a for a in actions if a.startswith("Development plan"))
    assert "Zone team (1 person)" in actions
    assert actions[-1] == "Edit the zone's details"
    # The same figures as the landing page's.
    landing = client.get("/work").get_data(as_text=True)
    assert "2 ideas waiting for moderation" in landing
    due = landing.count('href="/zones/kwidzyn/plan/actions/')
    assert plan == f"Development plan ({due} due in 14 days or overdue)"


def test_the_zone_page_shows_residents_no_team_actions(client, login_as, zone):
    busy(zone)
    login_as("resident")
    html = client.get("/zones/kwidzyn").get_data(as_text=True)
    assert "team-work-title" not in html and "Moderate ideas" not in html


def test_the_zone_page_runs_as_many_queries_with_little_or_much_work(
    client, login_as, zone, survey
):
    librarian = login_as("librarian")
    busy(zone)
    client.get("/zones/kwidzyn")  # warm: the café's and the survey's caches
    with counting_queries() as little:
        assert client.get("/zones/kwidzyn").status_code == 200
    cafe = plan_cafe(zone, title="Druga kawiarenka", starts_at=utcnow() + timedelta(days=9))
    for n in range(12):
        add_idea(cafe.boards[0], f"Więcej {n}", status="pending")
    add_responses(survey, librarian, 6)
    client.get("/zones/kwidzyn")
    with counting_queries() as much:
        html = client.get("/zones/kwidzyn").get_data(as_text=True)
    assert "Moderate ideas (14 waiting)" in html
    assert len(much) == len(little)
