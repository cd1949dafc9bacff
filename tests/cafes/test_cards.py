"""Typing in the evening's paper cards."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from app.audit.services import history
from app.cafes.models import Idea
from app.cafes.services import card_title
from app.extensions import db
from tests.cafes.test_cafes import add_idea, plan_cafe


@pytest.fixture
def cafe(zone):
    return plan_cafe(zone)


@pytest.fixture
def english(client, app):
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")


def test_a_card_is_saved_as_a_published_paper_idea(client, login_as, post_form, cafe, english):
    librarian = login_as("librarian")
    page = f"/zones/kwidzyn/cafes/{cafe.slug}/cards"
    table_2 = cafe.boards[1]
    text = "Klub młodych mam\nw czwartki rano, z kawą"
    response = post_form(page, {"round": "3", "board": str(table_2.id), "text": text})
    assert response.status_code == 302
    idea = db.session.scalar(select(Idea))
    assert (idea.channel, idea.status, idea.round) == ("paper", "published", 3)
    assert idea.board_id == table_2.id and idea.zone_id == cafe.zone_id
    assert idea.title == "Klub młodych mam"
    assert idea.description == text
    assert idea.created_by_id == librarian.id
    assert idea.published_at is not None
    [entry] = history("idea", idea.id)
    assert entry.action == "create_paper"
    assert entry.actor_id == librarian.id and entry.zone_id == cafe.zone_id
    assert entry.after["round"] == 3 and entry.after["board_id"] == table_2.id


def test_after_a_card_the_round_and_table_stay(client, login_as, post_form, cafe, english):
    login_as("librarian")
    page = f"/zones/kwidzyn/cafes/{cafe.slug}/cards"
    table_2 = cafe.boards[1]
    response = post_form(page, {"round": "2", "board": str(table_2.id), "text": "Ławki"})
    location = response.headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert urlsplit(location).path == page
    assert query["round"] == ["2"] and query["table"] == [str(table_2.id)]
    html = client.get(location).get_data(as_text=True)
    assert "Card saved (1 typed so far for this café)" in html
    assert '<option selected value="2">2</option>' in html
    assert f'<option selected value="{table_2.id}">' in html
    assert "autofocus" in html
    assert re.search(r"<textarea[^>]*>\s*</textarea>", html)  # an empty card for the next one
    assert "Ławki" in html  # among the latest cards
    post_form(page, {"round": "2", "board": str(table_2.id), "text": "Stoły"})
    html = client.get(page).get_data(as_text=True)
    assert html.index("Stoły") < html.index("Ławki")
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 2


def test_similar_ideas_are_shown_after_a_save(client, login_as, post_form, cafe, english):
    pytest.importorskip("app.cafes.similarity")
    twin = add_idea(cafe.boards[0], title="Klub młodych mam w bibliotece")
    add_idea(cafe.boards[0], title="Siłownia pod chmurką")
    login_as("librarian")
    page = f"/zones/kwidzyn/cafes/{cafe.slug}/cards"
    response = post_form(
        page, {"round": "1", "board": str(cafe.boards[1].id), "text": "klub mlodych mam"}
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Similar ideas already on the boards" in html
    assert f"/zones/kwidzyn/boards/{twin.board_id}#idea-{twin.id}" in html
    assert "Siłownia pod chmurką" not in html


def test_an_empty_card_is_refused(client, login_as, post_form, cafe, english):
    login_as("librarian")
    response = post_form(
        f"/zones/kwidzyn/cafes/{cafe.slug}/cards",
        {"round": "4", "board": str(cafe.boards[1].id), "text": "   "},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'href="#text"' in html
    assert '<option selected value="4">4</option>' in html
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 0


def test_a_board_of_another_cafe_is_refused(login_as, post_form, cafe, zone):
    other = plan_cafe(zone, title="Inna")
    login_as("librarian")
    response = post_form(
        f"/zones/kwidzyn/cafes/{cafe.slug}/cards",
        {"round": "1", "board": str(other.boards[0].id), "text": "Ławki"},
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 0


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Ławki w parku", "Ławki w parku"),
        ("  Pierwsza linia  \nDruga", "Pierwsza linia"),
        ("Bardzo " * 20, "Bardzo " * 10 + "Bardzo…"),
        ("x" * 150, "x" * 80 + "…"),
    ],
)
def test_card_title(text, title):
    assert card_title(text) == title
    assert len(card_title(text)) <= 81
