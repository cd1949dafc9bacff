"""Issue 12, the librarian's fit and finish: the zone's page leads with the frequent work
(moderation, with its count) and ends with editing the zone; the moderation queue shows its
first idea before the filters' and bulk acts' forms; an idea's page leads to the previous and
next idea of the queue, and a decision leads on to the next idea waiting."""

import re
from datetime import timedelta

import pytest

from app.core.time import utcnow
from app.extensions import db
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
    assert actions[-2:] == ["Edit the zone's details", "Edit the privacy notice"]
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


# The queue -------------------------------------------------------------------------------


def test_the_queue_shows_its_first_idea_before_the_filters_form_and_folds_bulk_acts(
    client, login_as, make_idea
):
    make_idea(title="Pierwszy pomysł", status="pending")
    db.session.commit()
    login_as("librarian")
    html = client.get("/zones/kwidzyn/moderation?status=pending").get_data(as_text=True)
    first = html.index("Pierwszy pomysł")
    # The filters fold into one line that names the active one; the bulk form comes after
    # the ideas, folded too.
    filters = re.search(r'<details class="filters queue-filters">(.*?)</details>', html, re.S)
    assert "Status: waiting for moderation" in filters.group(1).split("</summary>")[0]
    bulk = re.search(
        r'<details class="bulk-actions">\s*<summary[^>]*>([^<]+)</summary>(.*?)</details>',
        html,
        re.S,
    )
    assert bulk.group(1) == "Several ideas at once"
    assert 'id="bulk-form"' in bulk.group(2)
    assert first < html.index('<details class="bulk-actions">')


def test_a_refused_bulk_act_shows_the_bulk_form_open(client, login_as, make_idea, post_form):
    idea = make_idea(status="pending")
    db.session.commit()
    login_as("librarian")
    response = post_form(
        "/zones/kwidzyn/moderation/bulk", {"action": "", "idea": [idea.id]},
        page="/zones/kwidzyn/moderation",
    )  # fmt: skip
    assert response.status_code == 422
    assert '<details class="bulk-actions" open>' in response.get_data(as_text=True)


# From one idea to the next ---------------------------------------------------------------


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" class="button secondary" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def queue(make_cafe, make_idea, zone, other_zone):
    """Three ideas waiting on one café, one on another café, and one of another zone."""
    cafe = make_cafe()
    ideas = [
        make_idea(board=cafe.boards[0], title=f"Czeka {n}", status="pending") for n in range(3)
    ]
    elsewhere = make_idea(title="Inna kawiarenka", status="pending")
    other = make_idea(board=make_cafe(other_zone).boards[0], title="Sopot", status="pending")
    db.session.commit()
    return cafe, ideas, elsewhere, other


def test_previous_and_next_keep_the_filters_and_stay_in_the_zone(client, login_as, queue):
    cafe, ideas, _elsewhere, other = queue
    login_as("librarian")
    filters = f"status=pending&cafe={cafe.id}"
    html = client.get(f"/zones/kwidzyn/ideas/{ideas[0].id}/moderate?{filters}").get_data(
        as_text=True
    )
    assert link(html, "prev") is None
    assert "1 of 3 in the queue" in html
    following = link(html, "next")
    assert following == f"/zones/kwidzyn/ideas/{ideas[1].id}/moderate?{filters}"
    # The way back to the queue keeps the filters too.
    assert f'href="/zones/kwidzyn/moderation?{filters.replace("&", "&amp;")}"' in html
    html = client.get(following).get_data(as_text=True)
    assert link(html, "prev") == f"/zones/kwidzyn/ideas/{ideas[0].id}/moderate?{filters}"
    last = client.get(link(html, "next")).get_data(as_text=True)
    assert "3 of 3 in the queue" in last
    assert link(last, "next") is None  # the other café's idea is filtered out
    # Without filters, the queue is the zone's: never the other zone's idea.
    seen, url = [], f"/zones/kwidzyn/ideas/{ideas[0].id}/moderate"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen.append(re.search(r'<h1 class="user-text" dir="auto">([^<]+)</h1>', html).group(1))
        url = link(html, "next")
    assert seen == ["Czeka 0", "Czeka 1", "Czeka 2", "Inna kawiarenka"]
    assert other.id  # a Sopot idea waits too, and is not among them


def test_a_decision_leads_on_to_the_next_idea_waiting(client, login_as, queue, post_form):
    cafe, ideas, _elsewhere, _other = queue
    login_as("librarian")
    filters = f"status=pending&cafe={cafe.id}"
    page = f"/zones/kwidzyn/ideas/{ideas[0].id}/moderate?{filters}"
    html = client.get(page).get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+/status[^"]*)"', html).group(1)
    action = action.replace("&amp;", "&")
    response = post_form(action, {"to": "published", "go_on": "1"}, page=page)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/zones/kwidzyn/ideas/{ideas[1].id}/moderate?{filters}"
    landed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“\u2068Czeka 0\u2069” is now published." in landed
    # Rejecting the next one leads on as well; after the last one, to the queue.
    post_form(
        f"/zones/kwidzyn/ideas/{ideas[1].id}/status?{filters}",
        {"to": "rejected", "reason_template": "off_topic", "go_on": "1"},
    )
    response = post_form(
        f"/zones/kwidzyn/ideas/{ideas[2].id}/status?{filters}", {"to": "published", "go_on": "1"}
    )
    assert response.headers["Location"] == f"/zones/kwidzyn/moderation?{filters}"
    assert "No other idea is waiting" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    statuses = [db.session.get(type(i), i.id).status for i in ideas]
    assert statuses == ["published", "rejected", "published"]


def test_a_skipped_idea_is_offered_after_the_last_one(client, login_as, queue, post_form):
    cafe, ideas, _elsewhere, _other = queue
    login_as("librarian")
    response = post_form(
        f"/zones/kwidzyn/ideas/{ideas[2].id}/status?cafe={cafe.id}",
        {"to": "published", "go_on": "1"},
    )
    assert response.headers["Location"] == (
        f"/zones/kwidzyn/ideas/{ideas[0].id}/moderate?cafe={cafe.id}"
    )


def test_a_decision_on_a_published_idea_stays_on_its_page(client, login_as, make_idea, post_form):
    idea = make_idea(status="published")
    make_idea(status="pending")
    db.session.commit()
    login_as("librarian")
    response = post_form(
        f"/zones/kwidzyn/ideas/{idea.id}/status", {"to": "shortlisted", "go_on": "1"}
    )
    assert response.headers["Location"] == f"/zones/kwidzyn/ideas/{idea.id}/moderate"


@pytest.mark.parametrize("role", ["other_librarian", "official"])
def test_another_zones_librarian_cannot_walk_the_queue(
    client, login_as, queue, other_zone, post_form, role
):
    _cafe, ideas, _elsewhere, _other = queue
    if role == "other_librarian":
        login_as("librarian", other_zone)
    else:
        login_as("official")
    assert client.get(f"/zones/kwidzyn/ideas/{ideas[0].id}/moderate").status_code == 403
    response = post_form(
        f"/zones/kwidzyn/ideas/{ideas[0].id}/status", {"to": "published", "go_on": "1"},
        page="/login",
    )  # fmt: skip
    assert response.status_code == 403
    assert db.session.get(type(ideas[0]), ideas[0].id).status == "pending"


def test_an_idea_of_another_zone_is_not_found_through_this_zone(client, login_as, queue):
    *_rest, other = queue
    login_as("librarian")
    assert client.get(f"/zones/kwidzyn/ideas/{other.id}/moderate").status_code == 404


# The idea's page -------------------------------------------------------------------------


def test_the_save_button_is_the_apps_primary_button(client, login_as, make_idea):
    idea = make_idea(status="pending")
    db.session.commit()
    login_as("librarian")
    html = client.get(f"/zones/kwidzyn/ideas/{idea.id}/moderate").get_data(as_text=True)
    assert '<button type="submit" name="save">Save changes</button>' in html
    assert 'type="submit" value=' not in html  # no native, unstyled input buttons
    assert '<details class="reject-form">' in html
