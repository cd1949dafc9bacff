"""Hostile input: stored exactly as written, shown escaped, isolated from the page's text."""

import pytest
from sqlalchemy import select

from app.cafes.models import Idea
from app.extensions import db
from tests.cafes.factories import board_url, follow_link

# Messages are checked in English, whatever Polish says.
pytestmark = pytest.mark.usefixtures("english")

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\u202eevil.exe\u202c odwrócone",
    "Klub 🧩 planszówek 👨‍👩‍👧",
    "{{ 7*7 }} {% raw %}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_exactly_and_shown_escaped(client, board, post_idea, text):
    response = post_idea({"title": text[:120], "description": text * 3, "nickname": text[:40]})
    assert response.status_code == 303
    [idea] = db.session.scalars(select(Idea).where(Idea.board_id == board.id)).all()
    assert (idea.title, idea.description, idea.nickname) == (text[:120], text * 3, text[:40])
    idea.status = "published"
    db.session.commit()
    for html in (
        client.get(board_url(board)).get_data(as_text=True),
        client.get(follow_link(client, response)).get_data(as_text=True),
        client.get(f"/zones/{board.cafe.zone.slug}/ideas/{idea.id}").get_data(as_text=True),
    ):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "{{ 7*7 }}" not in text or "{{ 7*7 }}" in html  # shown, never evaluated
    board_html = client.get(board_url(board)).get_data(as_text=True)
    assert 'class="user-text" dir="auto"' in board_html


def test_long_text_at_the_limits_is_stored_whole(client, board, post_idea):
    title, description = "T" * 120, ("Długi opis 🚲. " * 200)[:2000]
    assert post_idea({"title": title, "description": description}).status_code == 303
    [idea] = db.session.scalars(select(Idea).where(Idea.board_id == board.id)).all()
    assert (idea.title, idea.description) == (title, description)


def test_hostile_validation_errors_keep_the_input_escaped(client, board, post_idea):
    response = post_idea({"title": "<script>x</script>" + "a" * 120})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html


def test_a_right_to_left_override_stays_inside_its_title(client, board, post_idea):
    # Without an isolate, "Abc\u202egnp.exe" would turn the rest of the sentence around.
    response = post_idea({"title": "Abc\u202egnp.exe"})
    posted = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<bdi>Abc\u202egnp.exe</bdi>" in posted
