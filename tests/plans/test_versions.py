"""A published plan's versions: listed, each readable, and what changed between two, in
words (compare is a pure function over two snapshots)."""

import copy
from datetime import date

import pytest

from app.extensions import db
from app.plans import ideas as plan_ideas
from app.plans import services
from app.plans.models import ActionStatus, PlanStatus
from app.plans.versions import Change, compare
from tests.cafes.factories import add_idea, plan_cafe
from tests.plans.factories import add_action, add_line

BASE = {
    "title": "Plan", "period": [2026, 2027], "vision": "",
    "goals": [{"id": 1, "title": "Spotkania", "description": "", "findings": [7]}],
    "actions": [
        {"id": 10, "number": 1, "title": "Klub", "description": "", "goal": 1, "owner": "",
         "starts_on": "2026-04-01", "ends_on": "2026-12-31", "status": "planned",
         "drop_reason": None, "progress": 0, "progress_set": False, "ideas": [5],
         "findings": [], "milestones": [], "indicators": []},
    ],
    "budget": [{"id": 3, "action": 10, "category": "task", "description": "Kawa",
                "quantity": 2, "unit": "szt.", "unit_cost": 1_500, "source": "grant"}],
}  # fmt: skip


def changed(**edits) -> dict:
    new = copy.deepcopy(BASE)
    for path, value in edits.items():
        part, index, name = path.split("__")
        new[part][int(index)][name] = value
    return new


def test_the_same_snapshot_has_no_changes():
    assert compare(BASE, copy.deepcopy(BASE)) == []


def test_an_added_and_a_removed_action():
    new = copy.deepcopy(BASE)
    new["actions"].append(BASE["actions"][0] | {"id": 11, "number": 2, "title": "Ławki"})
    assert compare(BASE, new) == [
        Change("action", "added", title="Ławki", number=2),
        Change("action", "linked", title="Ławki", number=2, link="idea", ref=5),
    ]
    assert compare(new, BASE) == [Change("action", "removed", title="Ławki", number=2)]


def test_fields_of_an_action_change_field_by_field():
    new = changed(actions__0__status="in_progress", actions__0__ends_on="2027-01-31",
                  actions__0__owner="Anna", actions__0__progress=40)  # fmt: skip
    assert [(c.field, c.before, c.after) for c in compare(BASE, new)] == [
        ("status", "planned", "in_progress"),
        ("ends_on", "2026-12-31", "2027-01-31"),
        ("owner", "", "Anna"),
        ("progress", 0, 40),
    ]


def test_links_to_ideas_and_findings_added_and_removed_both_ways():
    new = changed(actions__0__ideas=[6], actions__0__findings=[8], goals__0__findings=[])
    assert {(c.subject, c.kind, c.link, c.ref) for c in compare(BASE, new)} == {
        ("action", "linked", "idea", 6),
        ("action", "unlinked", "idea", 5),
        ("action", "linked", "finding", 8),
        ("goal", "unlinked", "finding", 7),
    }


def test_budget_lines_added_removed_and_changed_in_grosze():
    new = changed(budget__0__quantity=3)
    assert compare(BASE, new) == [
        Change("line", "changed", title="Kawa", field="amount", before=3_000, after=4_500)
    ]
    gone = copy.deepcopy(BASE) | {"budget": []}
    assert compare(BASE, gone) == [Change("line", "removed", title="Kawa", amount=3_000)]
    assert compare(gone, BASE) == [Change("line", "added", title="Kawa", amount=3_000)]


# The pages


@pytest.fixture
def versioned(published_plan, zone):
    """A published plan in three versions: 1 published, 2 an action added and an idea
    linked to action 1, 3 action 1 started, the idea unlinked and a budget line added."""
    idea = add_idea(plan_cafe(zone).boards[0], "Klub młodych mam")
    plan = published_plan
    add_action(plan, "Ławki przed biblioteką", goal=plan.goals[0])
    plan_ideas.choose_idea_into_action(plan.actions[0], idea, None)
    services.plan_changed(plan, None, "action 3 added")
    first = plan.actions[0]
    first.status = ActionStatus.IN_PROGRESS.value
    first.ends_on = date(2027, 1, 31)
    first.ideas.remove(idea)
    db.session.commit()
    add_line(plan, 12_345, quantity=2, action=first, description="Kawa i herbata")
    services.plan_changed(plan, None, "action 1 started")
    db.session.commit()
    return plan, idea


def test_versions_are_listed_for_residents(client, english, versioned):
    page = client.get("/zones/kwidzyn/plan/versions").get_data(as_text=True)
    for number in (1, 2, 3):
        assert f'href="/zones/kwidzyn/plan/versions/{number}">Version {number}</a>' in page
    assert "action 1 started" in page and "published" in page


def test_a_version_reads_as_it_was(client, english, versioned):
    _plan, idea = versioned
    page = client.get("/zones/kwidzyn/plan/versions/2").get_data(as_text=True)
    assert "Ławki przed biblioteką" in page
    assert f'href="/zones/kwidzyn/ideas/{idea.id}"' in page  # linked in version 2
    assert "Kawa i herbata" not in page  # added in version 3
    assert "This is an earlier version" in page
    latest = client.get("/zones/kwidzyn/plan/versions/3").get_data(as_text=True)
    assert "Kawa i herbata" in latest and "246.90" in latest
    assert "in progress" in latest
    assert client.get("/zones/kwidzyn/plan/versions/9").status_code == 404


def test_compare_says_what_changed_in_words(client, english, versioned):
    plan, idea = versioned
    page = client.get("/zones/kwidzyn/plan/versions/compare?from=1&to=2").get_data(as_text=True)
    assert "Action 3 added: Ławki przed biblioteką." in page
    assert f'idea “<bdi class="user-text">{idea.title}</bdi>” linked' in page
    page = client.get("/zones/kwidzyn/plan/versions/compare?from=2&to=3").get_data(as_text=True)
    title = plan.actions[0].title
    assert f"Action 1 ({title}): the status changed from planned to in progress." in page
    assert "the end date changed from Dec 31, 2026 to Jan 31, 2027" in page
    assert f'idea “<bdi class="user-text">{idea.title}</bdi>” no longer linked' in page
    assert "Budget line added: Kawa i herbata, PLN\xa0246.90" in page
    # Without parameters: the latest version against the one before.
    assert "Budget line added" in client.get("/zones/kwidzyn/plan/versions/compare").get_data(
        as_text=True
    )


def test_finding_links_show_in_compare(client, english, versioned, survey, login_as):
    from app.dashboards.findings import add_finding

    plan, _idea = versioned
    finding = add_finding(survey, "Rodzice nie mają gdzie się spotkać", ["wiek"], author_id=None)
    plan.actions[0].findings.append(finding)
    services.plan_changed(plan, None, "finding linked")
    db.session.commit()
    plan.actions[0].findings.remove(finding)
    services.plan_changed(plan, None, "finding unlinked")
    db.session.commit()
    login_as("librarian")  # the survey's results are the team's only
    linked = client.get("/zones/kwidzyn/plan/versions/compare?from=3&to=4").get_data(as_text=True)
    assert (
        'finding “<bdi class="user-text">Rodzice nie mają gdzie się spotkać</bdi>” linked' in linked
    )
    gone = client.get("/zones/kwidzyn/plan/versions/compare?from=4&to=5").get_data(as_text=True)
    assert "no longer linked" in gone and "Rodzice nie mają" in gone


@pytest.mark.parametrize(
    ("query", "name"),
    [("from=abc&to=2", "from"), ("from=1&to=-1", "to"), ("from=7&to=2", "from"),
     ("from=1&to=99999999999", "to")],
)  # fmt: skip
def test_a_bad_version_number_is_refused_by_name(client, english, versioned, query, name):
    response = client.get(f"/zones/kwidzyn/plan/versions/compare?{query}")
    assert response.status_code == 400
    assert f"wrong value for “{name}”" in response.get_data(as_text=True)


def test_a_draft_plans_versions_are_not_found_for_residents(client, login_as, versioned):
    plan, _idea = versioned
    plan.status = PlanStatus.DRAFT.value
    db.session.commit()
    for url in ("/versions", "/versions/1", "/versions/compare?from=1&to=2"):
        assert client.get(f"/zones/kwidzyn/plan{url}").status_code == 404, url
    login_as("official")
    assert client.get("/zones/kwidzyn/plan/versions/1").status_code == 200


def test_no_plan_no_versions(client, zone):
    assert client.get("/zones/kwidzyn/plan/versions").status_code == 404


def test_version_pages_run_the_same_queries_for_2_actions_or_12(client, make_zone, zone):
    from tests.dashboards.helpers import counting_queries
    from tests.plans.factories import make_plan

    board = plan_cafe(zone).boards[0]
    small = make_plan(zone, actions=2, published=True)
    big_zone = make_zone(slug="puck", town="Puck")
    big = make_plan(big_zone, actions=12, published=True)
    big_board = plan_cafe(big_zone).boards[0]
    for plan, on in ((small, board), (big, big_board)):
        for action in plan.actions:
            plan_ideas.choose_idea_into_action(
                action, add_idea(on, f"Pomysł {action.number}"), None
            )
        db.session.commit()
    counts = []
    for slug, plan in (("kwidzyn", small), ("puck", big)):
        urls = [f"/zones/{slug}/plan/versions", f"/zones/{slug}/plan/versions/{plan.version}",
                f"/zones/{slug}/plan/versions/compare?from=1&to={plan.version}"]  # fmt: skip
        for url in urls:
            client.get(url)  # warm
            with counting_queries() as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
    assert counts[:3] == counts[3:]
