"""The demo café: what `flask demo` shows a librarian trying the product."""

from sqlalchemy import func, select

from app.cafes.models import Cafe, Idea, IdeaStatus, Support
from app.cafes.queries import source_counts, support_counts
from app.demo import load_demo
from app.extensions import db


def test_the_demo_cafe_has_forty_ideas_and_the_young_mothers_club_chosen(app):
    load_demo()
    db.session.commit()
    cafe = db.session.scalar(select(Cafe))
    assert [board.position for board in cafe.boards] == [1, 2, 3]
    assert len(cafe.findings) == 3  # it grew out of the diagnosis's findings
    ideas = list(db.session.scalars(select(Idea)))
    assert 35 <= len(ideas) <= 45
    assert sum(i.channel == "paper" for i in ideas) >= 10
    club = next(i for i in ideas if i.title == "Klub Młodych Mam")
    # Shortlisted at the café, then chosen into Kwidzyn's demo plan.
    assert club.status == IdeaStatus.CHOSEN
    # Its three duplicates were merged into it, and their supporters count once each.
    assert source_counts([club.id])[club.id] == 3
    family = [club.id] + [i.id for i in ideas if i.merged_into_id == club.id]
    devices = db.session.scalar(
        select(func.count(func.distinct(Support.device_hash))).where(Support.idea_id.in_(family))
    )
    own = db.session.scalar(select(func.count()).where(Support.idea_id == club.id))
    assert support_counts([club.id])[club.id] == devices > own
    rejected = [i for i in ideas if i.status == IdeaStatus.REJECTED]
    assert len(rejected) == 1
    assert "dane osobowe" in rejected[0].reason


def test_loading_the_demo_twice_adds_no_second_cafe(app):
    load_demo()
    load_demo()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Cafe)) == 1


def test_the_demo_cafe_poster_link_opens_the_cafe(app, client):
    load_demo()
    db.session.commit()
    cafe = db.session.scalar(select(Cafe))
    response = client.get(f"/c/{cafe.short_code}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cafes/{cafe.slug}")
