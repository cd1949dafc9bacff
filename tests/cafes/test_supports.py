"""Supports: one per device, merged ideas counted once, rate-limited, "this week"."""

from datetime import timedelta

from sqlalchemy import func, select

from app.cafes.models import Support
from app.cafes.participation import support_idea, top_this_week
from app.cafes.queries import support_counts
from app.extensions import db
from app.zones.models import utcnow
from tests.cafes import test_board as fixtures
from tests.cafes.test_board import board_url
from tests.conftest import csrf_token_from

client, board, make_board, make_idea = (
    fixtures.client, fixtures.board, fixtures.make_board, fixtures.make_idea,
)  # fmt: skip


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
