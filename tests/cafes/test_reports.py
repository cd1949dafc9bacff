"""Residents report ideas; enough reports hide one until a librarian looks."""

from sqlalchemy import select

from app.audit.services import history
from app.cafes.models import Report
from app.extensions import db
from app.zones.models import utcnow
from tests.cafes import test_board as fixtures
from tests.cafes.test_board import board_url
from tests.conftest import csrf_token_from

client, board, make_board, make_idea = (
    fixtures.client, fixtures.board, fixtures.make_board, fixtures.make_idea,
)  # fmt: skip


def report(client, idea, reason="abuse"):
    url = f"/zones/{idea.board.cafe.zone.slug}/ideas/{idea.id}/report"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "reason": reason})


def device(app):
    other = app.test_client()
    other.set_cookie("strefy_lang", "en")
    return other


def test_report_form_and_thanks(client, board, make_idea):
    idea = make_idea(board)
    html = client.get(f"/zones/{board.cafe.zone.slug}/ideas/{idea.id}/report").get_data(
        as_text=True
    )
    assert 'value="personal_data"' in html and 'value="off_topic"' in html
    response = report(client, idea, "personal_data")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you. The library will look at this idea." in page
    [stored] = db.session.scalars(select(Report)).all()
    assert stored.reason == "personal_data" and stored.device_hash


def test_a_report_needs_a_known_reason(client, board, make_idea):
    idea = make_idea(board)
    response = report(client, idea, "i-dont-like-it")
    assert response.status_code == 422
    assert db.session.scalars(select(Report)).all() == []


def test_reports_from_enough_devices_hide_the_idea_with_an_audit_entry(app, client, board,
                                                                        make_idea):  # fmt: skip
    idea = make_idea(board, "Reported idea")
    report(client, idea)
    report(client, idea)  # the same device twice counts once
    report(device(app), idea, "off_topic")
    db.session.refresh(idea)
    assert not idea.hidden and history("idea", idea.id) == []
    report(device(app), idea)
    db.session.refresh(idea)
    assert idea.hidden
    [entry] = history("idea", idea.id)
    assert (entry.action, entry.actor_id) == ("hidden_by_reports", None)
    assert (entry.before, entry.after) == ({"hidden": False}, {"hidden": True})
    assert "Reported idea" not in client.get(board_url(board)).get_data(as_text=True)
    assert client.get(f"/zones/{board.cafe.zone.slug}/ideas/{idea.id}/report").status_code == 404


def test_resolved_reports_do_not_count(app, client, board, make_idea):
    app.config["IDEA_REPORT_THRESHOLD"] = 2
    idea = make_idea(board)
    report(client, idea)
    for stored in db.session.scalars(select(Report)):
        stored.resolved_at = utcnow()
    db.session.commit()
    report(device(app), idea)
    db.session.refresh(idea)
    assert not idea.hidden


def test_only_visible_ideas_of_the_zone_can_be_reported(client, board, make_idea, other_zone):
    pending = make_idea(board, status="pending")
    shown = make_idea(board)
    assert client.get(f"/zones/{board.cafe.zone.slug}/ideas/{pending.id}/report").status_code == 404
    assert client.get(f"/zones/{other_zone.slug}/ideas/{shown.id}/report").status_code == 404
