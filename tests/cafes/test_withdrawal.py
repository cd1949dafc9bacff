"""An idea's author withdraws it through the private follow link."""

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.cafes.models import IdeaStatus, Support
from app.cafes.queries import support_counts
from app.catalogue.services import CatalogueQuery, search
from app.core.time import utcnow
from app.extensions import db
from app.plans import services as plans_services
from tests.cafes.factories import board_url, follow_link, ideas_of
from tests.helpers import csrf_token_from
from tests.plans.factories import make_plan

pytestmark = pytest.mark.usefixtures("english")


def _published(client, board, post_idea, title="Klub planszówek", nickname="Jan"):
    link = follow_link(client, post_idea({"title": title, "nickname": nickname}))
    [idea] = [i for i in ideas_of(board) if i.title == title]
    idea.status, idea.published_at = IdeaStatus.PUBLISHED.value, utcnow()
    db.session.add(Support(idea_id=idea.id, device_hash="a-neighbour", address_hash="addr"))
    db.session.commit()
    return link, idea


def _withdraw(client, link):
    confirm = client.get(f"{link}/withdraw")
    assert confirm.status_code == 200
    assert confirm.headers["Cache-Control"] == "no-store"
    token = csrf_token_from(confirm.get_data(as_text=True))
    return client.post(f"{link}/withdraw", data={"csrf_token": token})


def test_the_author_withdraws_after_confirming(client, board, post_idea):
    link, idea = _published(client, board, post_idea)
    follow = client.get(link).get_data(as_text=True)
    assert f'href="{link}/withdraw"' in follow
    assert "Klub planszówek" in client.get(board_url(board)).get_data(as_text=True)

    confirm = client.get(f"{link}/withdraw").get_data(as_text=True)
    assert "Withdraw your idea?" in confirm and "Yes, withdraw my idea" in confirm
    assert idea.status == IdeaStatus.PUBLISHED  # looking at the question changes nothing

    response = _withdraw(client, link)
    assert response.status_code == 302 and response.headers["Location"] == link
    page = client.get(link).get_data(as_text=True)
    assert "Your idea has been withdrawn" in page and "withdrawn by you" in page
    assert f"{link}/withdraw" not in page  # nothing left to withdraw
    db.session.refresh(idea)
    assert idea.status == IdeaStatus.WITHDRAWN
    board_html = client.get(board_url(board)).get_data(as_text=True).split('id="ideas-title"')[1]
    assert "Klub planszówek" not in board_html
    assert client.get(f"/zones/{board.cafe.zone.slug}/ideas/{idea.id}").status_code == 404
    assert support_counts([idea.id]) == {idea.id: 0}  # its supports count nowhere


def test_withdrawing_needs_the_forms_token(client, board, post_idea):
    link, idea = _published(client, board, post_idea)
    assert client.post(f"{link}/withdraw", data={}).status_code == 400
    db.session.refresh(idea)
    assert idea.status == IdeaStatus.PUBLISHED


def _catalogued(app, words):
    with app.test_request_context():
        return [entry.id for entry in search(CatalogueQuery(text=words)).entries]


def test_a_chosen_idea_withdrawn_leaves_the_catalogue(app, client, zone, board, post_idea):
    link, idea = _published(client, board, post_idea, title="Kino plenerowe nad jeziorem")
    plan = make_plan(zone, actions=1)
    plans_services.link_idea(plan.actions[0], idea, None)
    db.session.commit()
    assert _catalogued(app, "plenerowe") == [idea.id]
    _withdraw(client, link)
    assert _catalogued(app, "plenerowe") == []


def test_the_librarian_sees_it_withdrawn_by_its_author(client, board, post_idea, login_as):
    link, idea = _published(client, board, post_idea)
    _withdraw(client, link)
    login_as("librarian")
    zone = board.cafe.zone.slug
    page = client.get(f"/zones/{zone}/ideas/{idea.id}/moderate").get_data(as_text=True)
    assert "withdrawn by its author" in page
    queue = client.get(f"/zones/{zone}/moderation?status=withdrawn").get_data(as_text=True)
    assert "Klub planszówek" in queue


def test_the_audit_entry_holds_no_personal_data(client, board, post_idea):
    link, idea = _published(client, board, post_idea, nickname="Jan Kowalski")
    _withdraw(client, link)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "idea.withdraw"))
    assert entry.subject_id == idea.id and entry.actor_id is None
    assert (entry.before, entry.after) == ({"status": "published"}, {"status": "withdrawn"})
    recorded = repr((entry.before, entry.after, entry.reason))
    assert "Jan Kowalski" not in recorded and idea.device_hash not in recorded


def test_a_merged_idea_cannot_be_withdrawn(client, board, post_idea, make_idea):
    link, idea = _published(client, board, post_idea)
    target = make_idea(board=board, title="Gry planszowe w bibliotece")
    idea.status, idea.merged_into_id = IdeaStatus.MERGED.value, target.id
    db.session.commit()
    assert f"{link}/withdraw" not in client.get(link).get_data(as_text=True)
    response = client.get(f"{link}/withdraw")
    assert response.status_code == 302 and response.headers["Location"] == link
    db.session.refresh(idea)
    assert idea.status == IdeaStatus.MERGED
