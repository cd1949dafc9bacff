"""An action's page and its forms: owner, dates, progress, links to ideas and findings,
its status (done implements its ideas), milestones and indicators."""

from datetime import date

import pytest

from app.audit.models import AuditEntry
from app.cafes.models import IdeaStatus
from app.dashboards.findings import add_finding
from app.extensions import db
from app.plans import services
from app.plans.models import Action, ActionStatus, Partner
from tests.plans.factories import add_action, add_idea, make_plan

pytestmark = pytest.mark.usefixtures("english")


def action_url(zone, number=1, suffix=""):
    return f"/zones/{zone.slug}/plan/actions/{number}{suffix}"


def fields(**changes) -> dict:
    return {"title": "Klub Młodych Mam", "description": "Spotkania we wtorki.", "goal": "0",
            "owner": "", "starts_on": "2026-04-01", "ends_on": "2026-06-30",
            "progress_set": ""} | changes  # fmt: skip


def test_a_librarian_adds_an_action_with_owner_links_and_dates(
    client, login_as, zone, plan, survey, post_form
):
    librarian = login_as("librarian")
    idea = add_idea(zone, "Spotkania dla mam", status="shortlisted")
    pending = add_idea(zone, "Jeszcze nie opublikowany", status="pending")
    finding = add_finding(survey, "Mamy małych dzieci czują się samotne", ["wiek"])
    db.session.commit()
    new = f"/zones/{zone.slug}/plan/actions/new"
    form = client.get(new).get_data(as_text=True)
    assert "Spotkania dla mam" in form and "Jeszcze nie opublikowany" not in form
    assert librarian.name in form and "Mamy małych dzieci" in form
    response = post_form(
        new,
        fields(goal=str(plan.goals[0].id), owner=f"user-{librarian.id}", ideas=[str(idea.id)],
               findings=[str(finding.id)]),
    )  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith("/actions/3")
    db.session.expire_all()
    action = services.get_plan_action(services.get_plan(zone), 3)
    assert action.owner_user_id == librarian.id and action.goal_id == plan.goals[0].id
    assert [i.id for i in action.ideas] == [idea.id] and idea.status == IdeaStatus.CHOSEN
    assert pending.status == IdeaStatus.PENDING
    page = client.get(action_url(zone, 3)).get_data(as_text=True)
    assert "Klub Młodych Mam" in page and f"In charge: {librarian.name}" in page
    assert f'href="/zones/{zone.slug}/ideas/{idea.id}"' in page
    assert "Mamy małych dzieci czują się samotne" in page
    assert "Draft: residents do not see it yet." in page


def test_a_partner_can_own_an_action(client, login_as, zone, plan, post_form):
    login_as("librarian")
    partner = Partner(zone_id=zone.id, name="Ośrodek Kultury")
    db.session.add(partner)
    db.session.commit()
    response = post_form(action_url(zone, 1, "/edit"), fields(owner=f"partner-{partner.id}"))
    assert response.status_code == 302
    db.session.expire_all()
    assert plan.actions[0].owner_partner_id == partner.id and plan.actions[0].owner_user_id is None


def test_dates_out_of_order_are_refused_with_the_input_kept(client, login_as, zone, plan,
                                                            post_form):  # fmt: skip
    login_as("librarian")
    response = post_form(
        action_url(zone, 1, "/edit"), fields(starts_on="2026-09-01", ends_on="2026-03-01")
    )
    assert response.status_code == 422
    assert "The end date cannot be before the start date." in response.text
    assert "Klub Młodych Mam" in response.text and "2026-09-01" in response.text


def test_progress_is_computed_from_milestones_or_set_by_hand(client, login_as, zone, plan,
                                                             post_form):  # fmt: skip
    login_as("librarian")
    action = plan.actions[0]
    milestone = action.milestones[0]
    page = client.get(action_url(zone)).get_data(as_text=True)
    assert "Progress: 0%" in page and "computed from milestones" in page
    reached = action_url(zone, 1, f"/milestones/{milestone.id}/reached")
    assert post_form(reached, page=action_url(zone)).status_code == 302
    page = client.get(action_url(zone)).get_data(as_text=True)
    assert "Progress: 100%" in page and "computed from milestones" in page
    assert post_form(action_url(zone, 1, "/edit"), fields(progress_set="45")).status_code == 302
    page = client.get(action_url(zone)).get_data(as_text=True)
    assert "Progress: 45%" in page and "set by the library" in page
    too_much = post_form(action_url(zone, 1, "/edit"), fields(progress_set="140"))
    assert too_much.status_code == 422


def test_done_implements_the_ideas_and_back_to_chosen(client, login_as, zone, plan, post_form):
    login_as("librarian")
    idea = add_idea(zone, "Klub planszówek", status="chosen")
    plan.actions[0].ideas.append(idea)
    db.session.commit()
    url = action_url(zone, 1, "/status")
    assert post_form(url, {"status": "done"}, page=action_url(zone)).status_code == 302
    db.session.expire_all()
    assert idea.status == IdeaStatus.IMPLEMENTED
    entry = db.session.scalar(
        db.select(AuditEntry).where(
            AuditEntry.subject_type == "idea", AuditEntry.subject_id == idea.id
        )
    )
    assert entry.after == {"status": "implemented"}
    assert post_form(url, {"status": "in_progress"}, page=action_url(zone)).status_code == 302
    db.session.expire_all()
    assert idea.status == IdeaStatus.CHOSEN


def test_an_idea_stays_implemented_while_another_of_its_actions_is_done(zone, plan):
    idea = add_idea(zone, status="chosen")
    first, second = plan.actions
    first.ideas.append(idea)
    second.ideas.append(idea)
    services.set_action_status(first, ActionStatus.DONE, None, None)
    services.set_action_status(second, ActionStatus.DONE, None, None)
    services.set_action_status(first, ActionStatus.PLANNED, None, None)
    assert idea.status == IdeaStatus.IMPLEMENTED
    services.set_action_status(second, ActionStatus.IN_PROGRESS, None, None)
    assert idea.status == IdeaStatus.CHOSEN


def test_dropping_needs_a_reason(client, login_as, zone, plan, post_form):
    login_as("librarian")
    url = action_url(zone, 1, "/status")
    response = post_form(url, {"status": "dropped", "reason": "  "}, page=action_url(zone))
    assert response.status_code == 422 and "Say why the action is dropped." in response.text
    assert '<option selected value="dropped">' in response.text  # the choice is kept
    assert plan.actions[0].status == ActionStatus.PLANNED
    response = post_form(url, {"status": "dropped", "reason": "Brak sali."}, page=action_url(zone))
    assert response.status_code == 302
    login_as("anonymous")
    client.delete_cookie("session")
    services.publish_plan(services.get_plan(zone), None)
    db.session.commit()
    page = client.get(action_url(zone)).get_data(as_text=True)
    assert "Dropped:" in page and "Brak sali." in page


def test_a_too_long_reason_is_refused_and_kept(client, login_as, zone, plan, post_form):
    login_as("librarian")
    reason = "Długi powód " * 60
    response = post_form(
        action_url(zone, 1, "/status"), {"status": "dropped", "reason": reason},
        page=action_url(zone),
    )  # fmt: skip
    assert response.status_code == 422 and "Długi powód Długi powód" in response.text


def test_link_idea_makes_a_published_idea_chosen(zone, plan):
    idea = add_idea(zone, status="published")
    action = plan.actions[0]
    services.link_idea(action, idea, None)
    db.session.commit()
    assert idea in action.ideas and idea.status == IdeaStatus.CHOSEN
    services.link_idea(action, idea, None)  # twice: one link
    assert action.ideas.count(idea) == 1


def test_link_idea_to_a_done_action_implements_it(zone, plan):
    action = plan.actions[0]
    services.set_action_status(action, ActionStatus.DONE, None, None)
    idea = add_idea(zone, status="shortlisted")
    services.link_idea(action, idea, None)
    assert idea.status == IdeaStatus.IMPLEMENTED


def test_unticking_an_idea_unlinks_it(client, login_as, zone, plan, post_form):
    login_as("librarian")
    idea = add_idea(zone, status="published")
    services.link_idea(plan.actions[0], idea, None)
    db.session.commit()
    page = client.get(action_url(zone, 1, "/edit")).text
    assert f'<input checked id="ideas-0" name="ideas" type="checkbox" value="{idea.id}">' in page
    assert post_form(action_url(zone, 1, "/edit"), fields()).status_code == 302
    db.session.expire_all()
    assert plan.actions[0].ideas == []


def test_milestones_are_added_edited_and_deleted(client, login_as, zone, plan, post_form):
    login_as("librarian")
    base = action_url(zone)
    data = {"title": "Druga grupa", "due_on": "2026-06-01", "done_on": "", "note": "Sala 2"}
    assert post_form(f"{base}/milestones/new", data).status_code == 302
    action = services.get_plan_action(services.get_plan(zone), 1)
    added = next(m for m in action.milestones if m.title == "Druga grupa")
    edit = f"{base}/milestones/{added.id}/edit"
    assert post_form(edit, data | {"done_on": "2026-06-03"}).status_code == 302
    db.session.expire_all()
    assert added.done_on == date(2026, 6, 3)
    assert "Sala 2" in client.get(base).text
    assert post_form(f"{base}/milestones/{added.id}/delete", page=edit).status_code == 302
    assert len(services.get_plan_action(services.get_plan(zone), 1).milestones) == 1


def test_indicators_are_added_edited_and_deleted(client, login_as, zone, plan, post_form):
    login_as("librarian")
    base = action_url(zone)
    data = {"name": "Wypożyczenia", "unit": "książek", "target": "40", "achieved": "",
            "source": "system biblioteczny"}  # fmt: skip
    assert post_form(f"{base}/indicators/new", data).status_code == 302
    action = services.get_plan_action(services.get_plan(zone), 1)
    added = next(i for i in action.indicators if i.name == "Wypożyczenia")
    edit = f"{base}/indicators/{added.id}/edit"
    assert post_form(edit, data | {"achieved": "30"}).status_code == 302
    page = client.get(base).text
    assert "30 książek (75%)" in page and "system biblioteczny" in page
    bad = post_form(edit, data | {"target": "-1"})
    assert bad.status_code == 422 and "Wypożyczenia" in bad.text
    assert post_form(f"{base}/indicators/{added.id}/delete", page=edit).status_code == 302
    assert len(services.get_plan_action(services.get_plan(zone), 1).indicators) == 1


def test_a_published_plans_action_change_makes_a_version(client, login_as, zone, post_form):
    plan = make_plan(zone, actions=1, published=True)
    login_as("librarian")
    assert post_form(action_url(zone, 1, "/edit"), fields()).status_code == 302
    db.session.expire_all()
    assert plan.version == 2


@pytest.mark.parametrize("role", ["official", "resident"])
def test_only_managers_change_actions(client, login_as, zone, plan, post_form, role):
    login_as(role)
    assert client.get(action_url(zone, 1, "/edit")).status_code == 403
    response = post_form(action_url(zone, 1, "/status"), {"status": "done"})
    assert response.status_code == 403
    assert db.session.get(Action, plan.actions[0].id).status == ActionStatus.PLANNED


def test_new_actions_never_reuse_numbers(zone, plan):
    add_action(plan)
    db.session.commit()
    assert [a.number for a in services.get_plan(zone).actions] == [1, 2, 3]
    assert services.next_action_number(plan) == 4
