"""Supports: one per device, merged ideas counted once, rate-limited, "this week"."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.cafes.models import Support
from app.cafes.participation import support_idea, top_this_week
from app.cafes.queries import support_counts
from app.core.time import utcnow
from app.extensions import db
from tests.cafes.factories import board_url
from tests.helpers import csrf_token_from

# Messages are checked in English, whatever Polish says.
pytestmark = pytest.mark.usefixtures("english")


def support(client, idea, *, via=None):
    html = client.get(board_url(idea.board)).get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(html)} | ({"via": via} if via else {})
    return client.post(f"/zones/{idea.board.cafe.zone.slug}/ideas/{idea.id}/support", data=data)


def phone(app):
    other = app.test_client()
    other.set_cookie("strefy_lang", "en")
    return other


def test_one_support_per_device(app, client, board, make_idea):
    idea = make_idea(board)
    response = support(client, idea)
    assert response.status_code == 303 and response.headers["Location"] == board_url(board)
    support(client, idea)  # a second tap: nothing more, still supported
    assert support_counts([idea.id]) == {idea.id: 1}
    support(phone(app), idea)
    assert support_counts([idea.id]) == {idea.id: 2}
    html = client.get(board_url(board)).get_data(as_text=True)
    assert "2 supports" in html and "Thank you: you support this idea." in html  # just now
    html = client.get(board_url(board)).get_data(as_text=True)
    assert "2 supports" in html and "Supported: you support this idea." in html


def test_fresh_device_sees_the_support_button(app, client, board, make_idea):
    idea = make_idea(board)
    support(client, idea)
    html = phone(app).get(board_url(board)).get_data(as_text=True)
    assert "Supported: you support" not in html and f"/ideas/{idea.id}/support" in html


def test_supporting_a_merged_idea_supports_its_target_once_per_device(client, board, make_idea):
    target = make_idea(board, "Target")
    source = make_idea(board, "Source")
    db.session.add(Support(idea_id=source.id, device_hash="a" * 64))
    db.session.commit()
    source.status, source.merged_into_id = "merged", target.id
    db.session.commit()
    support_idea(source, "a" * 64)  # the same device again, through the merged idea
    support_idea(target, "a" * 64)
    support_idea(source, "b" * 64)
    db.session.commit()
    assert support_counts([target.id]) == {target.id: 2}
    assert db.session.scalar(select(func.count()).select_from(Support)) == 3


def test_only_visible_ideas_can_be_supported(client, board, make_idea):
    for idea in (make_idea(board, "P", status="pending"), make_idea(board, "H", hidden=True)):
        assert support(client, idea).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_next_must_be_a_local_path(client, board, make_idea):
    idea = make_idea(board)
    html = client.get(board_url(board)).get_data(as_text=True)
    url = f"/zones/{board.cafe.zone.slug}/ideas/{idea.id}/support"
    token = csrf_token_from(html)
    bad = client.post(url, data={"csrf_token": token, "next": "//evil.example/x"})
    assert bad.headers["Location"] == board_url(board)


def test_kiosk_gives_no_supports(client, board, make_idea):
    idea = make_idea(board)
    response = support(client, idea, via="kiosk")
    assert response.status_code == 303
    assert support_counts([idea.id]) == {idea.id: 0}


def test_supporting_is_rate_limited(app, client, board, make_idea):
    app.config["SUPPORT_RATE_LIMIT"] = "2 per minute"
    ideas = [make_idea(board, f"Idea {n}") for n in range(3)]
    assert [support(client, i).status_code for i in ideas] == [303, 303, 429]


def test_most_supported_this_week(client, board, make_idea):
    old, new, newer, _none = (make_idea(board, t) for t in ("Old", "New", "Newer", "None"))
    long_ago = utcnow() - timedelta(days=30)
    db.session.add_all(
        [Support(idea_id=old.id, device_hash=f"{n}" * 64, created_at=long_ago) for n in range(5)]
        + [Support(idea_id=new.id, device_hash="a" * 64)]
        + [Support(idea_id=newer.id, device_hash=d * 64) for d in "abc"]
    )  # fmt: skip
    db.session.commit()
    assert [(i.title, n) for i, n in top_this_week(board)] == [("Newer", 3), ("New", 1)]
    html = client.get(board_url(board) + "?sort=supported").get_data(as_text=True)
    assert "Most supported this week" in html
    listed = html.split('id="ideas-title"', 1)[1]
    assert listed.index(">Old<") < listed.index(">Newer<") < listed.index(">None<")


def test_supporting_a_source_shows_its_target_as_supported(client, board, make_idea):
    target = make_idea(board, "Target")
    source = make_idea(board, "Source")
    support(client, source)
    source.status, source.merged_into_id = "merged", target.id
    db.session.commit()
    html = client.get(board_url(board)).get_data(as_text=True)
    assert "Supported: you support this idea." in html and "1 support" in html
    assert f"/ideas/{target.id}/support" not in html


def test_a_support_from_a_refused_post_leads_back_to_the_board(client, board, make_idea):
    idea = make_idea(board)
    html = client.get(board_url(board) + "?sort=supported").get_data(as_text=True)
    assert f'name="next" value="{board_url(board)}?sort=supported#idea-{idea.id}"' in html
    token = csrf_token_from(html)
    refused = client.post(board_url(board) + "/ideas", data={"csrf_token": token, "title": ""})
    assert f'name="next" value="{board_url(board)}#idea-{idea.id}"' in refused.get_data(
        as_text=True
    )


def cookieless_support(app, idea, address):
    """A support from a client that kept no cookie, from `address`."""
    return support_from(app.test_client(), idea, address)


def support_from(client, idea, address):
    environ = {"REMOTE_ADDR": address}
    html = client.get(board_url(idea.board), environ_base=environ).get_data(as_text=True)
    url = f"/zones/{idea.board.cafe.zone.slug}/ideas/{idea.id}/support"
    return client.post(url, data={"csrf_token": csrf_token_from(html)}, environ_base=environ)


def test_supports_from_one_address_stop_at_a_daily_cap(app, board, make_idea):
    app.config["SUPPORT_ADDRESS_DAILY_CAP"] = 5
    idea, other = make_idea(board, "Kino"), make_idea(board, "Ławki")
    statuses = [cookieless_support(app, idea, "10.0.0.1").status_code for _ in range(6)]
    assert statuses == [303] * 5 + [429]
    refused = cookieless_support(app, idea, "10.0.0.1")
    assert refused.status_code == 429
    # In Polish: a client without cookies has no language chosen.
    assert "Z Twojego połączenia internetowego przyszło dziś za dużo poparć" in (
        refused.get_data(as_text=True)
    )
    assert support_counts([idea.id]) == {idea.id: 5}
    assert cookieless_support(app, idea, "10.0.0.2").status_code == 303  # another address
    assert cookieless_support(app, other, "10.0.0.1").status_code == 303  # another idea
    assert support_counts([idea.id, other.id]) == {idea.id: 6, other.id: 1}


def test_supports_of_yesterday_do_not_count_towards_the_cap(app, board, make_idea):
    app.config["SUPPORT_ADDRESS_DAILY_CAP"] = 2
    idea = make_idea(board)
    for _ in range(2):
        cookieless_support(app, idea, "10.0.0.1")
    for stored in db.session.scalars(select(Support)):
        stored.created_at -= timedelta(hours=25)
    db.session.commit()
    assert cookieless_support(app, idea, "10.0.0.1").status_code == 303


def test_a_cafe_on_one_wifi_stays_under_the_cap_and_its_burst_is_flagged(
    app, board, make_idea, make_user, zone
):
    idea = make_idea(board, "Kino plenerowe")
    # Sixty residents of one evening, every phone on the library's Wi-Fi.
    statuses = {cookieless_support(app, idea, "10.0.0.1").status_code for _ in range(60)}
    assert statuses == {303}
    assert support_counts([idea.id]) == {idea.id: 60}
    stored = db.session.scalars(select(Support)).all()
    assert len({s.address_hash for s in stored}) == 1 and "10.0.0.1" not in stored[0].address_hash
    db.session.refresh(idea)
    assert idea.supports_flagged_at is not None
    # The librarian sees the flag, looks, and keeps the supports.
    librarian = app.test_client()
    librarian.set_cookie("strefy_lang", "en")
    with librarian.session_transaction() as session:
        session["_user_id"] = make_user("librarian", zone).get_id()
    queue = librarian.get(f"/zones/{zone.slug}/moderation").get_data(as_text=True)
    assert "many supports from one address: check them" in queue
    url = f"/zones/{zone.slug}/ideas/{idea.id}/moderate"
    token = csrf_token_from(librarian.get(url).get_data(as_text=True))
    librarian.post(url, data={"csrf_token": token, "supports_ok": "1"})
    db.session.refresh(idea)
    assert idea.supports_flagged_at is None
    assert support_counts([idea.id]) == {idea.id: 60}
    assert "many supports from one address: check" not in librarian.get(url).get_data(as_text=True)


def test_supports_from_many_addresses_are_no_burst(app, board, make_idea):
    idea = make_idea(board)
    for n in range(25):
        cookieless_support(app, idea, f"10.0.{n}.1")
    db.session.refresh(idea)
    assert idea.supports_flagged_at is None
