"""GET /api/v1/zones/<zone>/ideas: what residents may see, and nothing else."""

from datetime import timedelta

import pytest

from app.cafes.models import Board, Cafe, Idea, IdeaStatus, Support, Theme
from app.core.time import utcnow
from app.extensions import db


@pytest.fixture
def board(zone):
    cafe = Cafe(zone_id=zone.id, slug="mamy", short_code="CAFE01", title="Kawiarenka",
                starts_at=utcnow() - timedelta(days=3), place="Biblioteka")  # fmt: skip
    board = Board(cafe=cafe, position=1, question="Jak mogą się spotykać młodzi rodzice?")
    db.session.add_all([cafe, board])
    db.session.flush()
    return board


def idea(board, title, status="published", **fields):
    made = Idea(zone_id=board.cafe.zone_id, board_id=board.id, title=title, status=status,
                published_at=utcnow(), **fields)  # fmt: skip
    db.session.add(made)
    db.session.flush()
    return made


def test_only_what_residents_may_see_is_listed(client, board):
    club = idea(board, "Klub Młodych Mam", "shortlisted", nickname="Ola")
    club.themes.append(Theme(zone_id=board.cafe.zone_id, name="młodzi rodzice"))
    idea(board, "Czekam na moderację", "pending")
    idea(board, "Obraźliwe", "rejected", reason="Obraża innych.", rejected_for_abuse=True)
    idea(board, "Poza tematem", "rejected", reason="Nie o tym stoliku.")
    idea(board, "Zgłoszone", "published", hidden=True)
    duplicate = idea(board, "Spotkania mam", "published")
    duplicate.status, duplicate.merged_into_id = "merged", club.id
    anonymous = idea(board, "Ławki w parku", "implemented")
    db.session.add_all([
        Support(idea_id=club.id, device_hash="a"), Support(idea_id=duplicate.id, device_hash="a"),
        Support(idea_id=duplicate.id, device_hash="b"),
        Support(idea_id=club.id, device_hash="c", withdrawn_at=utcnow()),
    ])  # fmt: skip
    db.session.commit()

    body = client.get(f"/api/v1/zones/{board.cafe.zone.slug}/ideas").get_json()
    listed = {i["title"]: i for i in body["ideas"]}
    assert set(listed) == {"Klub Młodych Mam", "Ławki w parku"}
    item = listed["Klub Młodych Mam"]
    # Devices a and b, once each; c's support was withdrawn.
    assert item["supports"] == 2
    assert item["merged_sources"] == 1
    assert item["status"] == IdeaStatus.SHORTLISTED
    assert item["themes"] == ["młodzi rodzice"]
    assert item["nickname"] == "Ola"
    assert item["board"]["table"] == 1
    assert item["cafe"]["slug"] == "mamy"
    zone_page = f"http://localhost/zones/{board.cafe.zone.slug}"
    assert item["cafe"]["url"] == f"{zone_page}/cafes/mamy"
    assert item["board"]["url"] == f"{zone_page}/boards/{board.id}"
    assert item["url"].endswith(f"/zones/{board.cafe.zone.slug}/ideas/{club.id}")
    assert listed["Ławki w parku"]["nickname"] is None
    assert anonymous.id in {i["id"] for i in body["ideas"]}


def test_filters_and_bad_status(client, board):
    idea(board, "A", "published")
    idea(board, "B", "chosen")
    db.session.commit()
    url = f"/api/v1/zones/{board.cafe.zone.slug}/ideas"
    assert [i["title"] for i in client.get(url + "?status=chosen").get_json()["ideas"]] == ["B"]
    assert client.get(url + "?status=pending").status_code == 400
    assert client.get(url + "?cafe=nope").get_json()["ideas"] == []
    assert client.get("/api/v1/zones/nowhere/ideas").status_code == 404
