"""The plan's own pages: creating, editing and publishing it, its goals and the survey's
findings behind them, partners, who sees a draft, and a fixed number of queries."""

import pytest

from app.audit.models import AuditEntry
from app.dashboards.findings import add_finding
from app.extensions import db
from app.plans import services
from app.plans.models import Action, Partner, Plan, PlanStatus
from tests.dashboards.helpers import counting_queries
from tests.plans.factories import add_action, add_expense, add_idea, add_line, make_plan

pytestmark = pytest.mark.usefixtures("english")


def plan_url(zone, suffix=""):
    return f"/zones/{zone.slug}/plan{suffix}"


def test_a_librarian_creates_the_plan_as_a_draft(client, login_as, zone, post_form):
    librarian = login_as("librarian")
    page = client.get(plan_url(zone)).get_data(as_text=True)
    assert "Create the plan" in page and "Plan rozwoju Strefy Innowacji" in page
    response = post_form(
        plan_url(zone, "/new"),
        {"title": "Plan rozwoju Strefy Innowacji", "start_year": "2026", "end_year": "2027",
         "vision": "Biblioteka otwarta dla wszystkich."},
        page=plan_url(zone),
    )  # fmt: skip
    assert response.status_code == 302
    plan = db.session.scalar(db.select(Plan).where(Plan.zone_id == zone.id))
    assert plan.status == PlanStatus.DRAFT and plan.created_by_id == librarian.id
    page = client.get(plan_url(zone)).get_data(as_text=True)
    assert "Draft: residents do not see it yet." in page and "2026–2027" in page
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "plan.create"))


def test_years_out_of_order_are_refused_with_the_input_kept(client, login_as, zone, post_form):
    login_as("librarian")
    response = post_form(
        plan_url(zone, "/new"),
        {"title": "Mój plan", "start_year": "2027", "end_year": "2026"},
        page=plan_url(zone),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The last year cannot be before the first year." in page and "Mój plan" in page


@pytest.mark.parametrize("role", ["anonymous", "resident", "official"])
def test_without_a_plan_only_managers_get_the_form(client, login_as, zone, role):
    login_as(role)
    assert client.get(plan_url(zone)).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("anonymous", 404), ("resident", 404),
                                              ("official", 200), ("coordinator", 200)])  # fmt: skip
def test_a_draft_is_for_the_zone_team_only(client, login_as, zone, plan, role, status):
    login_as(role)
    assert client.get(plan_url(zone)).status_code == status
    assert client.get(plan_url(zone, "/actions/1")).status_code == status


def test_another_zones_librarian_does_not_see_a_draft(client, login_as, zone, other_zone, plan):
    login_as("librarian", other_zone)
    assert client.get(plan_url(zone)).status_code == 404
    assert client.get(plan_url(zone, "/edit")).status_code == 403


def test_residents_read_the_published_plan(client, zone, published_plan):
    action = published_plan.actions[0]
    action.owner_partner = Partner(zone_id=zone.id, name="Koło Gospodyń Wiejskich")
    action.progress_set = 45
    line = add_line(published_plan, 150_000, action=action)  # 1 500 zł
    add_expense(line, 40_000)
    page = client.get(plan_url(zone)).get_data(as_text=True)
    assert published_plan.title in page and "2026–2027" in page
    assert "Biblioteka jako miejsce spotkań mieszkańców." in page
    assert "Miejsca spotkań dla mieszkańców" in page  # the goal
    assert f'Action 1: <span dir="auto">{action.title}' in page
    assert "In charge: Koło Gospodyń Wiejskich" in page
    assert "Progress: 45%" in page and "set by the library" in page
    assert "computed from milestones" in page  # action 2
    figures = page.replace("\xa0", " ")
    assert "PLN 1,500.00" in figures and "PLN 400.00" in figures  # planned, spent
    assert "Draft" not in page and "Publish" not in page and "Edit the plan" not in page


def test_an_official_reads_a_draft_but_cannot_edit(client, login_as, zone, plan, post_form):
    login_as("official")
    page = client.get(plan_url(zone)).get_data(as_text=True)
    assert "Draft: residents do not see it yet." in page and "Publish" not in page
    assert client.get(plan_url(zone, "/edit")).status_code == 403
    assert post_form(plan_url(zone, "/publish"), page=plan_url(zone)).status_code == 403


def test_publishing_shows_the_plan_to_residents(client, login_as, zone, plan, post_form):
    login_as("librarian")
    assert "Publish" in client.get(plan_url(zone)).get_data(as_text=True)
    assert post_form(plan_url(zone, "/publish"), page=plan_url(zone)).status_code == 302
    db.session.expire_all()
    assert plan.is_published and plan.version == 1
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "plan.publish"))
    login_as("anonymous")
    client.delete_cookie("session")
    assert client.get(plan_url(zone)).status_code == 200


def test_editing_a_published_plan_makes_a_version(client, login_as, zone, published_plan,
                                                  post_form):  # fmt: skip
    login_as("librarian")
    response = post_form(
        plan_url(zone, "/edit"),
        {"title": "Nowy tytuł", "start_year": "2026", "end_year": "2028", "vision": "Wizja"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert published_plan.title == "Nowy tytuł" and published_plan.end_year == 2028
    assert published_plan.version == 2


def test_goals_with_the_findings_behind_them(client, login_as, zone, plan, survey, post_form):
    login_as("librarian")
    finding = add_finding(survey, "Mieszkańcy nie mają gdzie się spotykać", ["wiek"])
    other = add_finding(survey, "Młodzież chce więcej zajęć", ["wiek"])
    db.session.commit()
    form = client.get(plan_url(zone, "/goals/new")).get_data(as_text=True)
    assert "Mieszkańcy nie mają gdzie się spotykać" in form and 'type="checkbox"' in form
    response = post_form(
        plan_url(zone, "/goals/new"),
        {"title": "Młodzież w bibliotece", "findings": [str(other.id)]},
    )
    assert response.status_code == 302
    plan = services.get_plan(zone)
    goal = plan.goals[-1]
    assert [f.id for f in goal.findings] == [other.id]
    page = client.get(plan_url(zone)).get_data(as_text=True)
    assert "Młodzież w bibliotece" in page and "Młodzież chce więcej zajęć" in page
    edit_url = plan_url(zone, f"/goals/{goal.id}/edit")
    response = post_form(
        edit_url, {"title": "Młodzież", "findings": [str(finding.id), str(other.id)]}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert {f.id for f in goal.findings} == {finding.id, other.id}
    assert post_form(plan_url(zone, f"/goals/{goal.id}/delete"), page=edit_url).status_code == 302
    assert len(services.get_plan(zone).goals) == 1


def test_deleting_a_goal_keeps_its_actions(client, login_as, zone, plan, post_form):
    login_as("librarian")
    goal = plan.goals[0]
    url = plan_url(zone, f"/goals/{goal.id}/delete")
    assert post_form(url, page=plan_url(zone, f"/goals/{goal.id}/edit")).status_code == 302
    db.session.expire_all()
    actions = db.session.scalars(db.select(Action).where(Action.plan_id == plan.id)).all()
    assert len(actions) == 2 and all(a.goal_id is None for a in actions)
    assert "Other actions" in client.get(plan_url(zone)).get_data(as_text=True)


def test_partners_are_listed_added_edited_and_deleted(client, login_as, zone, post_form):
    login_as("librarian")
    url = plan_url(zone, "/partners")
    response = post_form(url, {"name": "Szkoła Podstawowa nr 2", "kind": "school", "note": ""})
    assert response.status_code == 302
    partner = db.session.scalar(db.select(Partner).where(Partner.zone_id == zone.id))
    assert partner.kind == "school"
    page = client.get(url).get_data(as_text=True)
    assert "Szkoła Podstawowa nr 2" in page and "school or kindergarten" in page
    again = post_form(url, {"name": "szkoła podstawowa nr 2", "kind": "school"})
    assert again.status_code == 422 and "already has a partner of that name" in again.text
    edit = plan_url(zone, f"/partners/{partner.id}/edit")
    assert (
        post_form(edit, {"name": "SP 2", "kind": "school", "note": "Pani Ania"}).status_code == 302
    )
    delete = plan_url(zone, f"/partners/{partner.id}/delete")
    assert post_form(delete, page=url).status_code == 302
    assert db.session.scalar(db.select(Partner).where(Partner.zone_id == zone.id)) is None


def test_a_partner_in_charge_of_actions_cannot_be_deleted(client, login_as, zone, plan, post_form):
    login_as("librarian")
    partner = Partner(zone_id=zone.id, name="Stowarzyszenie Razem")
    plan.actions[0].owner_partner = partner
    db.session.commit()
    url = plan_url(zone, "/partners")
    response = post_form(plan_url(zone, f"/partners/{partner.id}/delete"), page=url)
    assert response.status_code == 409
    assert "Stowarzyszenie Razem is in charge of actions of the plan" in response.text
    assert db.session.get(Partner, partner.id) is not None


def test_an_official_reads_partners_but_cannot_add(client, login_as, zone, post_form):
    login_as("official")
    url = plan_url(zone, "/partners")
    page = client.get(url).get_data(as_text=True)
    assert "Add a partner" not in page
    assert post_form(url, {"name": "X", "kind": "ngo"}).status_code == 403


@pytest.mark.parametrize("path", ["", "/actions/1"])
def test_plan_pages_run_a_fixed_number_of_queries(client, login_as, zone, path, survey):
    def count(actions: int) -> int:
        db.session.execute(db.delete(Plan).where(Plan.zone_id == zone.id))
        db.session.commit()
        plan = make_plan(zone, actions=actions, published=True)
        finding = add_finding(survey, "Wynik", ["wiek"])
        idea = add_idea(zone, status="chosen")
        for action in plan.actions:
            action.findings.append(finding)
            action.ideas.append(idea)
            add_line(plan, 10_000, action=action)
        plan.goals[0].findings.append(finding)
        db.session.commit()
        db.session.expire_all()
        with counting_queries() as statements:
            assert client.get(plan_url(zone, path)).status_code == 200
        return len(statements)

    login_as("librarian")
    assert count(2) == count(12)


def test_actions_can_be_added_to_a_plan_without_goals(client, login_as, zone, post_form):
    login_as("librarian")
    plan = make_plan(zone)
    plan.goals.clear()
    db.session.commit()
    add_action(plan, "Bez celu")
    db.session.commit()
    page = client.get(plan_url(zone)).get_data(as_text=True)
    assert "Other actions" in page and "Bez celu" in page
