"""The same thread from wherever one starts: the finding on the results page, the idea's
page, the action's page and a report link to their place on the thread page; the zone's
page shows its plan with how far it has come."""

from datetime import date

from app.dashboards.findings import add_finding
from app.extensions import db
from app.plans.models import ActionStatus, PlanStatus
from tests.cafes.factories import add_idea, plan_cafe
from tests.dashboards.helpers import counting_queries, results_url
from tests.plans.factories import add_action, add_expense, add_line, make_plan, submitted_report

THREAD = "/zones/kwidzyn/plan/thread"


def thread_link(anchor: str) -> str:
    return f'href="{THREAD}#{anchor}">Follow the thread'


def findings(survey, count: int):
    survey.results_public = True
    made = [add_finding(survey, f"Ustalenie {n}", ["wiek"]) for n in range(count)]
    db.session.commit()
    return made


def test_a_finding_the_published_plan_answers_links_to_the_thread(
    client, zone, survey, login_as, english
):
    answered, other = findings(survey, 2)
    plan = make_plan(zone, actions=1)
    plan.actions[0].findings.append(answered)
    db.session.commit()
    # A draft plan: residents see no thread; the zone's team does.
    page = client.get(results_url(survey)).get_data(as_text=True)
    assert "Follow the thread" not in page and "Ustalenie 0" in page
    login_as("librarian")
    page = client.get(results_url(survey)).get_data(as_text=True)
    assert thread_link(f"finding-{answered.id}") in page
    assert f"#finding-{other.id}" not in page  # no action answers it
    with client.session_transaction() as session:
        session.clear()
    plan.status = PlanStatus.PUBLISHED.value
    db.session.commit()
    page = client.get(results_url(survey)).get_data(as_text=True)
    assert thread_link(f"finding-{answered.id}") in page
    thread = client.get(THREAD).get_data(as_text=True)
    assert f'id="finding-{answered.id}"' in thread


def test_a_goals_finding_links_too(client, zone, survey, english):
    (finding,) = findings(survey, 1)
    plan = make_plan(zone, published=True)
    plan.goals[0].findings.append(finding)
    db.session.commit()
    assert thread_link(f"finding-{finding.id}") in client.get(results_url(survey)).get_data(
        as_text=True
    )


def test_the_results_page_runs_as_many_queries_for_one_linked_finding_as_for_eight(
    client, zone, survey, make_zone, english
):
    plan = make_plan(zone, actions=1, published=True)
    counts = []
    for count in (1, 8):
        for finding in findings(survey, count):
            plan.actions[0].findings.append(finding)
        db.session.commit()
        with counting_queries() as statements:
            page = client.get(results_url(survey)).get_data(as_text=True)
        assert page.count("Follow the thread") == len(plan.actions[0].findings)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_idea_action_and_report_pages_link_to_their_place_in_the_thread(
    client, zone, login_as, english
):
    plan = make_plan(zone, actions=1, awarded=1_000_000, published=True)
    action = plan.actions[0]
    idea = add_idea(plan_cafe(zone).boards[0], title="Klub gier")
    action.ideas.append(idea)
    db.session.commit()
    submitted_report(plan, login_as("librarian"))
    with client.session_transaction() as session:
        session.clear()
    thread = client.get(THREAD).get_data(as_text=True)
    for url, anchor in (
        (f"/zones/kwidzyn/ideas/{idea.id}", f"idea-{idea.id}"),
        ("/zones/kwidzyn/plan/actions/1", "action-1"),
        ("/zones/kwidzyn/plan/reports/1", "report-1"),
    ):
        assert thread_link(anchor) in client.get(url).get_data(as_text=True), url
        assert f'id="{anchor}"' in thread, anchor
    # Back to a draft: the idea's residents' page no longer leads to a thread they cannot see.
    plan.status = PlanStatus.DRAFT.value
    db.session.commit()
    assert "Follow the thread" not in client.get(f"/zones/kwidzyn/ideas/{idea.id}").get_data(
        as_text=True
    )


def test_the_zone_page_shows_the_published_plan_and_how_far_it_has_come(client, zone, english):
    plan = make_plan(zone, actions=2, awarded=1_000_000, published=True)
    add_action(plan, status=ActionStatus.DONE.value)
    line = add_line(plan, 500_000, action=plan.actions[0])
    add_expense(line, 123_456, spent_on=date(2026, 5, 10))
    page = client.get("/zones/kwidzyn").get_data(as_text=True)
    assert 'href="/zones/kwidzyn/plan"' in page and "Plan rozwoju strefy" in page
    assert "1 of 3 actions done" in page
    assert "Grant spent: PLN\u00a01,234.56 of PLN\u00a010,000.00" in page
    assert f'href="{THREAD}">Follow the thread' in page
    assert "has not been published yet" not in page


def test_a_draft_plan_on_the_zone_page_is_the_teams_only(client, zone, login_as, english):
    make_plan(zone, actions=1)
    page = client.get("/zones/kwidzyn").get_data(as_text=True)
    assert "has not been published yet" in page and "Plan rozwoju strefy" not in page
    assert "Follow the thread" not in page
    login_as("official")
    page = client.get("/zones/kwidzyn").get_data(as_text=True)
    assert "Plan rozwoju strefy" in page and "draft: visible to the zone's team only" in page
    assert "0 of 1 action done" in page
