"""A board on a resident's phone: reading, posting, following; kiosk mode; 404s."""

import re

import pytest

from app.cafes.models import IdeaStatus
from app.core.time import utcnow
from app.extensions import db
from tests.cafes.factories import FOLLOW_LINK, board_url, follow_link, ideas_of

# Messages are checked in English, whatever Polish says.
pytestmark = pytest.mark.usefixtures("english")


# Reading ------------------------------------------------------------------------------


def test_board_shows_question_and_only_visible_ideas(client, board, make_idea):
    make_idea(board, "Published idea", nickname="Ola")
    make_idea(board, "Shortlisted idea", status="shortlisted")
    make_idea(board, "Pending idea", status="pending")
    make_idea(board, "Rejected idea", status="rejected", reason="No")
    make_idea(board, "Hidden idea", hidden=True)
    html = client.get(board_url(board)).get_data(as_text=True)
    assert '<h1 class="user-text" dir="auto">What would you change in the library?</h1>' in html
    assert "Table 1" in html
    assert "Published idea" in html and "Shortlisted idea" in html
    assert "Ola" in html and '<span class="badge">shortlisted</span>' in html
    for hidden in ("Pending idea", "Rejected idea", "Hidden idea"):
        assert hidden not in html


def test_board_of_another_zone_is_not_found(client, other_zone, make_board, zone):
    elsewhere = make_board(other_zone)
    assert client.get(f"/zones/{zone.slug}/boards/{elsewhere.id}").status_code == 404
    assert client.get(f"/zones/{other_zone.slug}/boards/{elsewhere.id}").status_code == 200


def test_idea_page_only_for_visible_ideas_of_the_zone(client, board, make_idea, other_zone,
                                                      make_board):  # fmt: skip
    shown = make_idea(board, "Shown")
    pending = make_idea(board, "Waiting", status="pending")
    hidden = make_idea(board, "Hidden", hidden=True)
    rejected = make_idea(board, "Rejected", status="rejected")
    zone_slug = board.cafe.zone.slug
    assert client.get(f"/zones/{zone_slug}/ideas/{shown.id}").status_code == 200
    for idea in (pending, hidden, rejected):
        assert client.get(f"/zones/{zone_slug}/ideas/{idea.id}").status_code == 404
    assert client.get(f"/zones/{other_zone.slug}/ideas/{shown.id}").status_code == 404


def test_merged_idea_page_moves_permanently_to_its_final_target(client, board, make_idea):
    final = make_idea(board, "Final")
    middle = make_idea(board, "Middle", status="merged", merged_into_id=final.id)
    first = make_idea(board, "First", status="merged", merged_into_id=middle.id)
    response = client.get(f"/zones/{board.cafe.zone.slug}/ideas/{first.id}")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/zones/{board.cafe.zone.slug}/ideas/{final.id}"


# Posting and following -----------------------------------------------------------------


def test_posted_idea_waits_for_the_library_and_its_private_link_follows_it(
    client, board, post_idea
):
    response = post_idea({"title": "Klub planszówek", "description": "W piątki", "nickname": "Jan"})
    assert response.status_code == 303
    [idea] = ideas_of(board)
    assert (idea.title, idea.description, idea.nickname) == ("Klub planszówek", "W piątki", "Jan")
    assert idea.status == IdeaStatus.PENDING and idea.channel == "link"
    assert idea.device_hash and len(idea.follow_hash) == 64
    # Not on the board: only in this device's own list of its ideas, above the board's.
    board_html = client.get(board_url(board)).get_data(as_text=True)
    assert "Klub planszówek" not in board_html.split('id="ideas-title"')[1]

    posted = client.get(response.headers["Location"])
    assert posted.headers["Cache-Control"] == "no-store"
    assert '<meta name="referrer" content="no-referrer">' in posted.get_data(as_text=True)
    link = FOLLOW_LINK.search(posted.get_data(as_text=True)).group(1)
    assert link.removeprefix("/i/") not in idea.follow_hash  # only the hash is kept
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "waiting for the library to publish it" in page.get_data(as_text=True)

    idea.status, idea.published_at = IdeaStatus.PUBLISHED.value, utcnow()
    db.session.commit()
    assert "Klub planszówek" in client.get(board_url(board)).get_data(as_text=True)
    assert "published on the board" in client.get(link).get_data(as_text=True)


def test_the_private_link_is_shown_once(app, client, board, post_idea):
    response = post_idea({"title": "Klub planszówek"})
    link = follow_link(client, response)
    # Whoever opens the page next in the same browser (a shared phone) is sent to the board.
    again = client.get(response.headers["Location"])
    assert again.status_code == 302 and again.headers["Location"] == board_url(board)
    # Only this device's own list of its ideas links to it (test_board_fit.py), no other.
    assert link not in app.test_client().get(board_url(board)).get_data(as_text=True)
    assert client.get(link).status_code == 200  # the author's copy of the link still works


def test_rejected_idea_shows_its_reason_to_the_author(client, board, post_idea):
    link = follow_link(client, post_idea({"title": "Reklama sklepu"}))
    [idea] = ideas_of(board)
    idea.status, idea.reason = (
        IdeaStatus.REJECTED.value,
        "To reklama, nie pomysł <b>dla</b> strefy.",
    )
    db.session.commit()
    html = client.get(link).get_data(as_text=True)
    assert "not published" in html
    assert "To reklama, nie pomysł &lt;b&gt;dla&lt;/b&gt; strefy." in html


def test_merged_idea_shows_its_target_to_the_author(client, board, post_idea, make_idea):
    target = make_idea(board, "Klub mam z dziećmi")
    # Sent after the similar ideas were shown (the check step).
    link = follow_link(client, post_idea({"title": "Klub mam", "checked": "1"}))
    [idea] = [i for i in ideas_of(board) if i.id != target.id]
    idea.status, idea.merged_into_id = IdeaStatus.MERGED.value, target.id
    db.session.commit()
    html = client.get(link).get_data(as_text=True)
    assert "merged with a similar idea" in html
    assert f'href="/zones/{board.cafe.zone.slug}/ideas/{target.id}"' in html
    assert "Klub mam z dziećmi" in html


def test_unknown_follow_token_is_not_found(client, app):
    assert client.get("/i/not-a-real-token").status_code == 404


def test_posted_page_suggests_similar_ideas_of_the_zone(client, board, post_idea, make_idea):
    make_idea(board, "Klub młodych mam", description="Spotkania mam z małymi dziećmi")
    make_idea(board, "Siłownia pod chmurką")
    response = post_idea(
        {"title": "Klub mlodych mam", "description": "spotkania dla mam", "checked": "1"}
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Similar ideas already on the boards" in html
    assert "Klub młodych mam" in html and "Siłownia" not in html


def test_posted_page_without_a_posted_idea_goes_back_to_the_board(client, board):
    response = client.get(board_url(board) + "/posted")
    assert response.status_code == 302 and response.headers["Location"] == board_url(board)


# Validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Give your idea a title."),
        ({"title": "   "}, "Give your idea a title."),
        ({"title": "x" * 121}, "At most 120 characters."),
        ({"title": "ok", "description": "y" * 2001}, "At most 2000 characters."),
        ({"title": "ok", "nickname": "z" * 41}, "At most 40 characters."),
        ({"title": "Null\x00byte"}, "invisible control characters"),
        ({"title": "ok", "description": "bell\x07"}, "invisible control characters"),
        ({"title": "ok", "nickname": "esc\x1b[31m"}, "invisible control characters"),
    ],
)
def test_invalid_ideas_are_refused_with_a_message_and_the_input_kept(
    client, board, post_idea, data, message
):
    response = post_idea({"description": "Zostaje <tu>", "nickname": "Ola"} | data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in html and message in html
    assert "Zostaje &lt;tu&gt;" in html or "description" in data
    assert ideas_of(board) == []


def test_description_of_exactly_the_limit_with_line_breaks_is_accepted(client, board, post_idea):
    text = ("a" * 99 + "\r\n") * 20  # 2,020 sent, 2,000 as the browser counts them
    assert post_idea({"title": "ok", "description": text}).status_code == 303
    [idea] = ideas_of(board)
    assert len(idea.description) == 2000 and "\r" not in idea.description


def test_an_expired_form_keeps_the_idea_typed(client, board):
    response = client.post(
        board_url(board) + "/ideas",
        data={"csrf_token": "expired", "title": "Mój pomysł", "description": "Długo pisany"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The form has expired" in html and "Długo pisany" in html
    assert ideas_of(board) == []


# Honeypot and kiosk ----------------------------------------------------------------------


def test_honeypot_is_out_of_reach_and_stops_naive_bots(client, board, post_idea):
    html = client.get(board_url(board)).get_data(as_text=True)
    assert re.search(r'<div hidden>\s*<label for="website">', html)
    response = post_idea({"title": "Tanie kredyty", "website": "http://spam.example"})
    assert response.status_code == 303  # looks like success to the bot
    assert ideas_of(board) == []


def test_kiosk_mode_posts_with_its_channel_and_offers_no_supports(client, board, post_idea,
                                                                   make_idea):  # fmt: skip
    make_idea(board, "Shown idea")
    html = client.get(board_url(board) + "?via=kiosk").get_data(as_text=True)
    assert "one phone, one support" in html
    assert "/support" not in html
    assert 'name="via" value="kiosk"' in html
    assert "sort=supported&amp;via=kiosk" in html
    response = post_idea({"title": "Z tabletu"}, via="kiosk")
    assert response.headers["Location"].endswith("/posted?via=kiosk")
    [idea] = [i for i in ideas_of(board) if i.title == "Z tabletu"]
    assert idea.channel == "kiosk"
    first = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<svg" in first and "/i/" in first
    # The next person at the tablet does not see the link.
    again = client.get(response.headers["Location"])
    assert again.status_code == 302


def test_qr_channel_is_recorded(client, board, post_idea):
    post_idea({"title": "Z plakatu"}, via="qr")
    assert ideas_of(board)[0].channel == "qr"


def test_posting_is_rate_limited(app, client, board, post_idea):
    app.config["IDEA_RATE_LIMIT"] = "2 per minute"
    statuses = [post_idea({"title": f"Idea {n}"}).status_code for n in range(3)]
    assert statuses == [303, 303, 429]
    assert len(ideas_of(board)) == 2
