"""A resident's idea form sent again (its reply was lost, a second tap) stores it once."""

import re
import uuid

import pytest

from app.cafes.models import IdeaChannel
from app.cafes.participation import post_idea
from app.extensions import db
from tests.cafes.factories import board_url, follow_link, ideas_of
from tests.helpers import csrf_token_from

pytestmark = pytest.mark.usefixtures("english")

KEY_INPUT = re.compile(r'<input id="key" name="key" type="hidden" value="([^"]+)">')


def form_of(client, board) -> dict:
    html = client.get(board_url(board)).get_data(as_text=True)
    key = KEY_INPUT.search(html).group(1)
    return {"csrf_token": csrf_token_from(html), "key": key, "checked": "1"}


def test_each_form_shown_has_its_own_random_key(client, board):
    first, second = form_of(client, board)["key"], form_of(client, board)["key"]
    assert first != second and uuid.UUID(first).version == 4


def test_the_same_form_sent_twice_stores_one_idea_and_shows_the_same_link(client, board):
    form = form_of(client, board) | {"title": "Klub planszówek", "nickname": "Jan"}
    first = client.post(board_url(board) + "/ideas", data=form)
    link = follow_link(client, first)
    again = client.post(board_url(board) + "/ideas", data=form)  # its reply was lost
    assert again.status_code == 303
    assert follow_link(client, again) == link  # the retry shows the same private link
    [idea] = ideas_of(board)
    assert idea.idempotency_key == form["key"] and idea.title == "Klub planszówek"
    # A new form is a new idea, even with the same words.
    other = form_of(client, board) | {"title": "Klub planszówek"}
    assert client.post(board_url(board) + "/ideas", data=other).status_code == 303
    assert len(ideas_of(board)) == 2


def test_an_old_form_sent_again_with_other_words_is_a_new_idea(client, board):
    """The board shown again (the browser's Back button) keeps the form and its key: what
    the resident then types is another idea, not a retry of the first."""
    form = form_of(client, board) | {"title": "Klub planszówek", "nickname": "Jan"}
    link = follow_link(client, client.post(board_url(board) + "/ideas", data=form))
    second = client.post(board_url(board) + "/ideas", data=form | {"title": "Ławki w parku"})
    assert second.status_code == 303
    assert follow_link(client, second) != link
    assert sorted(idea.title for idea in ideas_of(board)) == ["Klub planszówek", "Ławki w parku"]


def test_a_form_without_a_usable_key_still_posts(client, board):
    form = form_of(client, board) | {"title": "Klub planszówek", "key": "not-a-key"}
    assert client.post(board_url(board) + "/ideas", data=form).status_code == 303
    [idea] = ideas_of(board)
    assert idea.idempotency_key is None


def test_post_idea_returns_the_idea_stored_under_the_key(board, make_board, zone):
    key = str(uuid.uuid4())
    fields = {"description": "", "nickname": None, "channel": IdeaChannel.LINK, "device": None}
    idea, token = post_idea(board, title="Ławki", idempotency_key=key, **fields)
    db.session.commit()
    again, same_token = post_idea(board, title="Ławki", idempotency_key=key, **fields)
    assert (again.id, same_token) == (idea.id, token)
    # The key is the form's on one board: another board's form is another idea.
    elsewhere, other_token = post_idea(make_board(zone), title="Ławki", idempotency_key=key,
                                       **fields)  # fmt: skip
    db.session.commit()
    assert elsewhere.id != idea.id and other_token != token
    assert len(ideas_of(board)) == 1
