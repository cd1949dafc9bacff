"""Residents' ideas into the plan: from the idea's moderation page, a new action made from
it or an action the plan has; the idea is then chosen, and its pages say where it went."""

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.cafes.models import Idea, IdeaStatus
from app.cafes.participation import follow_hash
from app.extensions import db
from app.plans import ideas as plan_ideas
from app.plans.models import Action, PlanStatus, PlanVersion
from tests.cafes.factories import add_idea, plan_cafe


@pytest.fixture
def board(zone):
    return plan_cafe(zone).boards[0]


def choose_url(idea) -> str:
    return f"/zones/kwidzyn/plan/ideas/{idea.id}/choose"


def status_entries(idea) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_type == "idea", AuditEntry.subject_id == idea.id)
            .where(AuditEntry.action == "idea.status")
            .order_by(AuditEntry.id)
        )
    )


def test_an_idea_becomes_a_new_action_of_the_plan(
    client, login_as, post_form, english, published_plan, board
):
    idea = add_idea(board, "Klub młodych mam", description="Spotkania dla mam z dziećmi.")
    login_as("librarian")
    page = client.get(choose_url(idea)).get_data(as_text=True)
    assert "Create an action from it" in page and "Link it to an existing action" in page
    assert 'value="Klub młodych mam"' in page  # the title comes from the idea
    assert "Spotkania dla mam z dziećmi." in page
    goal = published_plan.goals[0]
    response = post_form(
        choose_url(idea),
        {"choice": "create", "title": "Klub Młodych Mam", "description": "Co tydzień.",
         "goal": str(goal.id)},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == "/zones/kwidzyn/plan/actions/3"
    action = db.session.scalars(select(Action).where(Action.number == 3)).one()
    assert action.title == "Klub Młodych Mam" and action.goal_id == goal.id
    assert [i.id for i in action.ideas] == [idea.id]
    assert db.session.get(Idea, idea.id).status == IdeaStatus.CHOSEN
    # As moderation records it: published → shortlisted → chosen, by the librarian.
    steps = [(e.before["status"], e.after["status"]) for e in status_entries(idea)]
    assert steps == [("published", "shortlisted"), ("shortlisted", "chosen")]
    assert db.session.scalar(
        select(PlanVersion.number).where(PlanVersion.plan_id == published_plan.id)
        .order_by(PlanVersion.number.desc())
    ) == 2  # fmt: skip
    flashed = client.get("/zones/kwidzyn/moderation").get_data(as_text=True)
    assert "Action 3" in flashed and "now chosen for the plan" in flashed


def test_an_idea_is_linked_to_an_existing_action_once(
    client, login_as, post_form, english, plan, board
):
    idea = add_idea(board, "Więcej ławek", status="shortlisted")
    login_as("librarian")
    page = client.get(choose_url(idea)).get_data(as_text=True)
    assert f"Action 1: {plan.actions[0].title}" in page
    response = post_form(choose_url(idea), {"choice": "link", "action": "1"})
    assert response.headers["Location"] == "/zones/kwidzyn/plan/actions/1"
    db.session.expire_all()
    assert [i.id for i in plan.actions[0].ideas] == [idea.id]
    assert db.session.get(Idea, idea.id).status == IdeaStatus.CHOSEN
    assert len(status_entries(idea)) == 1  # shortlisted → chosen
    post_form(choose_url(idea), {"choice": "link", "action": "1"})
    flashed = client.get("/zones/kwidzyn/moderation").get_data(as_text=True)
    assert "The idea was already in action 1." in flashed
    assert len(plan.actions[0].ideas) == 1


def test_a_missing_title_or_action_is_refused_with_the_form_kept(
    client, login_as, post_form, english, plan, board
):
    idea = add_idea(board)
    login_as("librarian")
    response = post_form(
        choose_url(idea), {"choice": "create", "title": "  ", "description": "Zostaje."}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This field is required." in page and "Zostaje." in page
    response = post_form(choose_url(idea), {"choice": "link", "action": "99"})
    assert response.status_code == 422
    assert db.session.get(Idea, idea.id).status == IdeaStatus.PUBLISHED
    assert len(db.session.scalars(select(Action)).all()) == 2


def test_another_zones_idea_is_not_found(client, login_as, post_form, plan, other_zone):
    stranger = add_idea(plan_cafe(other_zone).boards[0], "Pomysł z Sopotu")
    login_as("librarian")
    assert client.get(choose_url(stranger)).status_code == 404
    response = post_form(
        choose_url(stranger), {"choice": "link", "action": "1"}, page="/zones/kwidzyn/plan/versions"
    )
    assert response.status_code == 404
    assert db.session.get(Idea, stranger.id).status == IdeaStatus.PUBLISHED


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("rejected", "An idea that is rejected cannot go into the plan."),
        ("pending", "An idea that is waiting for moderation cannot go into the plan."),
        ("merged", "This idea was merged into another one"),
    ],
)
def test_a_rejected_pending_or_merged_idea_cannot_be_chosen(
    client, login_as, post_form, english, plan, board, status, message
):
    fields = {"merged_into_id": add_idea(board, "Cel").id} if status == "merged" else {}
    idea = add_idea(board, status=status, **fields)
    login_as("librarian")
    page = client.get(choose_url(idea)).get_data(as_text=True)
    assert message in page and "Create the action" not in page
    response = post_form(
        choose_url(idea), {"choice": "create", "title": "Nowe"}, page="/zones/kwidzyn/moderation"
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.get(Idea, idea.id).status == status
    assert not plan.actions[0].ideas and len(db.session.scalars(select(Action)).all()) == 2


def test_without_a_plan_the_page_says_to_make_it_first(client, login_as, english, board):
    idea = add_idea(board)
    login_as("librarian")
    page = client.get(choose_url(idea)).get_data(as_text=True)
    assert "The zone has no plan yet." in page
    assert 'href="/zones/kwidzyn/plan"' in page


def test_the_moderation_page_offers_to_put_the_idea_into_the_plan(
    client, login_as, english, plan, board
):
    idea = add_idea(board)
    login_as("librarian")
    page = client.get(f"/zones/kwidzyn/ideas/{idea.id}/moderate").get_data(as_text=True)
    assert "Into the zone's plan" in page
    assert f'href="{choose_url(idea)}#new-title">Create an action from it' in page
    assert f'href="{choose_url(idea)}#link-title">Link it to an existing action' in page
    rejected = add_idea(board, "Odrzucony", status="rejected")
    page = client.get(f"/zones/kwidzyn/ideas/{rejected.id}/moderate").get_data(as_text=True)
    assert "Create an action from it" not in page


def in_plan_line(action) -> str:
    return f"In the plan as action {action.number}: {action.title}"


def test_the_idea_page_and_the_authors_page_say_which_action_carries_it_out(
    client, login_as, english, published_plan, board
):
    idea = add_idea(board, follow_hash=follow_hash("moj-link"))
    action = published_plan.actions[0]
    plan_ideas.choose_idea_into_action(action, idea, None)
    db.session.commit()
    for url in (f"/zones/kwidzyn/ideas/{idea.id}", "/i/moj-link"):
        page = client.get(url).get_data(as_text=True)
        assert in_plan_line(action) in page, url
        assert 'href="/zones/kwidzyn/plan/actions/1"' in page
        assert "(planned, 0% done)" in page
    # Back to a draft: residents no longer see it; the zone's team does.
    published_plan.status = PlanStatus.DRAFT.value
    db.session.commit()
    for url in (f"/zones/kwidzyn/ideas/{idea.id}", "/i/moj-link"):
        assert in_plan_line(action) not in client.get(url).get_data(as_text=True), url
    login_as("official")
    for url in (f"/zones/kwidzyn/ideas/{idea.id}", "/i/moj-link"):
        assert in_plan_line(action) in client.get(url).get_data(as_text=True), url
