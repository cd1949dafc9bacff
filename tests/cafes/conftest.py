"""The cafés' tests share these fixtures: cafés, boards and ideas, the English pages, a
librarian and the board's own posting form. Plain factories are in factories.py."""

from itertools import count

import pytest
from flask_babel import force_locale

from app.cafes.models import Board, Cafe, Idea
from app.core.time import utcnow
from tests.cafes.factories import add_idea, board_url, naive_utc, plan_cafe
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
    """make_cafe(in_zone=zone, title=..., tables=2): a past café with numbered tables
    (boards), made by the one café factory (factories.plan_cafe)."""

    def make(in_zone=None, title=None, tables=2) -> Cafe:
        n = next(_n)
        return plan_cafe(
            in_zone or zone, title=title or f"Café {n}",
            starts_at=naive_utc(2026, 3, 1 + n % 27, 18), ends_at=None, place="", description="",
            questions=[f"Question {p}?" for p in range(1, tables + 1)],
        )  # fmt: skip

    return make


@pytest.fixture
def make_board(app):
    """make_board(zone, question=...): the first table of a new café of `zone`, happening
    now (factories.plan_cafe)."""

    def make(zone, question="What would you change in the library?") -> Board:
        n = next(_n)
        cafe = plan_cafe(
            zone, title=f"Kawiarenka {n}", starts_at=utcnow(), ends_at=None, place="",
            description="", questions=[question],
        )  # fmt: skip
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
