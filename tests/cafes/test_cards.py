"""Typing in the evening's paper cards."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from app.audit.services import history
from app.cafes.models import Idea
from app.cafes.services import card_title
from app.extensions import db
from tests.cafes.factories import add_idea, plan_cafe
from tests.helpers import audit_words


@pytest.fixture
def cafe(zone):
    return plan_cafe(zone)


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
    assert idea.description == "w czwartki rano, z kawą"  # the title is not said twice
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


# Personal data on a card ------------------------------------------------------------------

PHONE_CARD = "Klub szachowy\nTel. 600 123 456, pytać o Jana"


def test_a_card_with_personal_data_waits_for_moderation(
    client, app, login_as, post_form, cafe, english
):
    login_as("librarian")
    page = f"/zones/kwidzyn/cafes/{cafe.slug}/cards"
    response = post_form(page, {"round": "1", "board": str(cafe.boards[0].id), "text": PHONE_CARD})
    idea = db.session.scalar(select(Idea))
    assert (idea.status, idea.published_at, idea.channel) == ("pending", None, "paper")
    # Not on the public board, for a resident with no account.
    board = app.test_client().get(f"/zones/kwidzyn/boards/{idea.board_id}").get_data(as_text=True)
    assert "Klub szachowy" not in board and "600 123 456" not in board
    # The librarian is told at once, without JavaScript, and can edit it.
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "but not published: it seems to contain personal data" in html
    assert "Check before publishing: the text seems to contain personal data (phone number)" in html
    assert f"/zones/kwidzyn/ideas/{idea.id}/moderate" in html
    queue = client.get("/zones/kwidzyn/moderation?status=pending").get_data(as_text=True)
    assert "Klub szachowy" in queue and "phone number" in queue
    assert "waiting for moderation" in queue


def test_a_card_without_personal_data_is_published_at_once(client, login_as, post_form, cafe):
    login_as("librarian")
    page = f"/zones/kwidzyn/cafes/{cafe.slug}/cards"
    post_form(page, {"round": "1", "board": str(cafe.boards[0].id), "text": "Ławki, rok 2024"})
    assert db.session.scalar(select(Idea.status)) == "published"


def test_the_typing_check_is_for_the_zones_librarians(
    app, client, login_as, csrf_token, cafe, other_zone, english
):
    url = "/zones/kwidzyn/moderation/personal-data"
    login_as("librarian")
    token = csrf_token(f"/zones/kwidzyn/cafes/{cafe.slug}/cards")
    found = client.post(url, data={"csrf_token": token, "text": PHONE_CARD}).get_json()
    assert found == {
        "found": True,
        "message": "Check before publishing: the text seems to contain personal data "
        "(phone number). Edit it out first.",
    }
    clean = client.post(url, data={"csrf_token": token, "text": "Klub szachowy"}).get_json()
    assert clean == {"found": False, "message": ""}
    assert client.post(url, data={"text": PHONE_CARD}).status_code == 400  # no CSRF token
    stranger = app.test_client()
    assert stranger.post(url, data={"text": PHONE_CARD}).status_code in (302, 400)
    login_as("librarian", other_zone)
    token = csrf_token("/account")
    assert client.post(url, data={"csrf_token": token, "text": "x"}).status_code == 403


def test_editing_out_personal_data_scrubs_the_history_and_the_audit_log(
    app, client, login_as, post_form, cafe, make_user, english
):
    librarian = login_as("librarian")
    cards = f"/zones/kwidzyn/cafes/{cafe.slug}/cards"
    post_form(cards, {"round": "2", "board": str(cafe.boards[0].id), "text": PHONE_CARD})
    idea = db.session.scalar(select(Idea))
    url = f"/zones/kwidzyn/ideas/{idea.id}/moderate"
    edited = "Klub szachowy\npytać o Jana w bibliotece"
    assert post_form(url, {"title": idea.title, "description": edited}).status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "600 123 456" not in html
    assert f"{librarian.name}: wording edited" in html  # who edited, and that they did
    assert f"{librarian.name}: paper card typed in" in html
    # Nowhere in the stored log either, and not on the coordinator's audit page.
    for entry in history("idea", idea.id):
        assert "600 123 456" not in repr((entry.before, entry.after, entry.reason))
    coordinator = app.test_client()
    coordinator.set_cookie("strefy_lang", "en")
    with coordinator.session_transaction() as session:
        session["_user_id"] = make_user("coordinator").get_id()
    log = coordinator.get("/admin/audit").get_data(as_text=True)
    assert "wording edited" in log and "600 123 456" not in log
    # The log keeps which fields were edited, never the resident's words around it either.
    assert "Fields changed (their contents are not kept)" in log and "Description" in log
    assert "pytać o Jana" not in log and "Klub szachowy\npytać" not in log


def test_the_history_reads_in_words(client, login_as, post_form, cafe, make_user, app):
    """In Polish, the default: no action codes, field names, raw values or JSON."""
    login_as("librarian")
    cards = f"/zones/kwidzyn/cafes/{cafe.slug}/cards"
    post_form(cards, {"round": "1", "board": str(cafe.boards[1].id), "text": "Ławki w parku"})
    idea = db.session.scalar(select(Idea))
    post_form(
        f"/zones/kwidzyn/ideas/{idea.id}/status",
        {"to": "shortlisted"},
        page=f"/zones/kwidzyn/ideas/{idea.id}/moderate",
    )
    html = client.get(f"/zones/kwidzyn/ideas/{idea.id}/moderate").get_data(as_text=True)
    history_html = html.split('id="history-title"', 1)[1]
    coordinator = app.test_client()
    with coordinator.session_transaction() as session:
        session["_user_id"] = make_user("coordinator").get_id()
    log = audit_words(coordinator.get("/admin/audit").get_data(as_text=True))
    for page in (history_html, log):
        assert "przepisano papierową karteczkę" in page and "zmiana statusu" in page
        assert "opublikowany</span> → <span>na krótkiej liście" in page or (
            "na krótkiej liście" in page
        )
        assert "stolik 2" in page and "papierowa karteczka z kawiarenki" in page
        for raw in ("create_paper", "idea.status", "None", "board_id", "shortlisted", "{&#34;"):
            assert raw not in page, raw
    assert "opublikowany</span> → <span>na krótkiej liście" in history_html
