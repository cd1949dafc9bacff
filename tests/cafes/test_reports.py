"""Residents report ideas; reports from enough people hide one until a librarian looks,
or flag it for the librarian once a librarian has reviewed it. People are told apart by
device and by address, as an attacker dropping cookies would not like."""

import pytest
from sqlalchemy import func, select

from app.audit.services import history
from app.cafes.models import Report
from app.core.time import utcnow
from app.extensions import db
from tests.cafes.factories import board_url
from tests.helpers import csrf_token_from

# Messages are checked in English, whatever Polish says.
pytestmark = pytest.mark.usefixtures("english")


def report(client, idea, reason="abuse", address="127.0.0.1"):
    url = f"/zones/{idea.board.cafe.zone.slug}/ideas/{idea.id}/report"
    environ = {"REMOTE_ADDR": address}
    token = csrf_token_from(client.get(url, environ_base=environ).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "reason": reason}, environ_base=environ)


def device(app):
    other = app.test_client()
    other.set_cookie("strefy_lang", "en")
    return other


def cookieless_reports(app, idea, addresses):
    """One report from each address, each by a client that keeps no cookie between them."""
    for address in addresses:
        assert report(app.test_client(), idea, address=address).status_code == 303


def shown(client, idea) -> bool:
    return f"idea-{idea.id}" in client.get(board_url(idea.board)).get_data(as_text=True)


@pytest.fixture
def librarian(app, make_user, zone):
    """A signed-in librarian of the zone, on their own client."""
    user = make_user("librarian", zone)
    browser = app.test_client()
    browser.set_cookie("strefy_lang", "en")
    with browser.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return browser


def restore(librarian, idea):
    """The librarian marks the reports as dealt with and shows the idea again."""
    url = f"/zones/{idea.board.cafe.zone.slug}/ideas/{idea.id}/moderate"
    token = csrf_token_from(librarian.get(url).get_data(as_text=True))
    response = librarian.post(url, data={"csrf_token": token, "resolve": "1"})
    assert response.status_code == 302


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
    report(client, idea, address="10.0.0.1")
    report(client, idea, address="10.0.0.9")  # the same device twice counts once
    report(device(app), idea, "off_topic", address="10.0.0.2")
    db.session.refresh(idea)
    assert not idea.hidden and history("idea", idea.id) == []
    report(device(app), idea, address="10.0.0.3")
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
    report(client, idea, address="10.0.0.1")
    for stored in db.session.scalars(select(Report)):
        stored.resolved_at = utcnow()
    db.session.commit()
    report(device(app), idea, address="10.0.0.2")
    db.session.refresh(idea)
    assert not idea.hidden


def test_only_visible_ideas_of_the_zone_can_be_reported(client, board, make_idea, other_zone):
    pending = make_idea(board, status="pending")
    shown = make_idea(board)
    assert client.get(f"/zones/{board.cafe.zone.slug}/ideas/{pending.id}/report").status_code == 404
    assert client.get(f"/zones/{other_zone.slug}/ideas/{shown.id}/report").status_code == 404


def test_cookieless_reports_from_one_address_count_as_one_person(app, board, make_idea):
    idea = make_idea(board, "Kino plenerowe")
    cookieless_reports(app, idea, ["10.0.0.1"] * 5)
    db.session.refresh(idea)
    assert not idea.hidden and shown(device(app), idea)
    cookieless_reports(app, idea, ["10.0.0.2", "10.0.0.3"])
    assert not shown(device(app), idea)  # three people now


@pytest.mark.parametrize("status", ["shortlisted", "chosen"])
def test_reviewed_ideas_are_flagged_for_the_librarian_not_hidden(
    app, board, make_idea, librarian, status
):
    idea = make_idea(board, "Skatepark", status=status)
    other = make_idea(board, "Ławki")
    cookieless_reports(app, idea, ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
    assert shown(device(app), idea)
    queue = librarian.get(f"/zones/{board.cafe.zone.slug}/moderation").get_data(as_text=True)
    assert "reported by several people: check it" in queue
    assert queue.index("Skatepark") < queue.index("Ławki")  # first among the shown ones
    assert [e.action for e in history("idea", idea.id)] == ["flagged_by_reports"]
    assert history("idea", other.id) == []


def test_after_a_restore_the_same_people_cannot_hide_it_again(app, board, make_idea, librarian):
    idea = make_idea(board, "Kino plenerowe")
    first = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
    cookieless_reports(app, idea, first)
    assert not shown(device(app), idea)
    restore(librarian, idea)
    assert shown(device(app), idea)
    cookieless_reports(app, idea, first * 2)  # the same addresses, cookies dropped
    db.session.refresh(idea)
    assert shown(device(app), idea) and idea.reports_flagged_at is None
    # New people: the librarian has already looked at it, so it is flagged, still shown.
    cookieless_reports(app, idea, ["10.0.1.1", "10.0.1.2", "10.0.1.3"])
    db.session.refresh(idea)
    assert shown(device(app), idea) and idea.reports_flagged_at is not None
    page = librarian.get(f"/zones/{board.cafe.zone.slug}/ideas/{idea.id}/moderate")
    assert "reported by several people: check it" in page.get_data(as_text=True)
    restore(librarian, idea)
    db.session.refresh(idea)
    assert idea.reports_flagged_at is None


def test_the_report_route_is_rate_limited(app, board, make_idea):
    ideas = [make_idea(board, f"Pomysł {n}") for n in range(11)]
    statuses = [report(app.test_client(), idea, address="10.0.0.1").status_code for idea in ideas]
    assert statuses == [303] * 10 + [429]
    assert db.session.scalar(select(func.count()).select_from(Report)) == 10


def test_reports_keep_no_address(app, board, make_idea):
    idea = make_idea(board)
    report(app.test_client(), idea, address="203.0.113.7")
    [stored] = db.session.scalars(select(Report)).all()
    assert stored.address_hash and "203.0.113.7" not in stored.address_hash
    assert len(stored.address_hash) == 64
