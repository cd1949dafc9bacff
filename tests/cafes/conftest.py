"""The cafés' tests share these fixtures: cafés, boards and ideas, the English pages, a
librarian and the board's own posting form. Plain factories are in factories.py."""

from datetime import UTC, datetime
from itertools import count

import pytest
from flask_babel import force_locale

from app.cafes.models import Board, Cafe, Idea
from app.core.time import utcnow
from app.extensions import db
from tests.cafes.factories import add_idea, board_url
from tests.helpers import csrf_token_from

_n = count(1)


@pytest.fixture
def english(client, app):
    """The pages in English, so that the messages checked read as in the code."""
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")


@pytest.fixture
def messages_in_english(app):
    """Services speak the page's language; tests that read their messages use English."""
    with force_locale("en"):
        yield


@pytest.fixture
def make_cafe(zone):
    """make_cafe(in_zone=zone, title=..., tables=2): a café with numbered tables (boards)."""

    def make(in_zone=None, title=None, tables=2) -> Cafe:
        n = next(_n)
        cafe = Cafe(
            zone_id=(in_zone or zone).id, slug=f"cafe-{n}", short_code=f"c{n:06d}",
            title=title or f"Café {n}",
            starts_at=datetime(2026, 3, 1 + n % 27, 18, tzinfo=UTC).replace(tzinfo=None),
        )  # fmt: skip
        cafe.boards = [Board(position=p, question=f"Question {p}?") for p in range(1, tables + 1)]
        db.session.add(cafe)
        db.session.flush()
        return cafe

    return make


@pytest.fixture
def make_board(app):
    """make_board(zone, question=...): a café of `zone` with one board, committed."""

    def make(zone, question="What would you change in the library?") -> Board:
        n = next(_n)
        cafe = Cafe(zone_id=zone.id, slug=f"cafe-{n}", short_code=f"c{zone.id}x{n}",
                    title=f"Kawiarenka {n}", starts_at=utcnow())  # fmt: skip
        cafe.boards.append(Board(position=1, question=question))
        db.session.add(cafe)
        db.session.commit()
        return cafe.boards[0]

    return make


@pytest.fixture
def board(zone, make_board) -> Board:
    return make_board(zone)


@pytest.fixture
def make_idea(make_cafe):
    """make_idea(board=None, title=None, status="published", **fields): the one idea factory
    (factories.add_idea) as a fixture; without a board, on a new café's first table."""

    def make(board=None, title=None, status="published", **fields) -> Idea:
        n = next(_n)
        return add_idea(board or make_cafe().boards[0], title or f"Idea {n}", status, **fields)

    return make


@pytest.fixture
def librarian(make_user, zone):
    return make_user("librarian", zone)


@pytest.fixture
def post_idea(client, board):
    """post_idea(data, via=None, to=board): post through the board's own form."""

    def post(data, via=None, to=None):
        url = board_url(to or board) + (f"?via={via}" if via else "")
        token = csrf_token_from(client.get(url).get_data(as_text=True))
        form = {"csrf_token": token, "title": "", "description": "", "nickname": ""} | data
        if via:
            form["via"] = via
        return client.post(board_url(to or board) + "/ideas", data=form)

    return post
