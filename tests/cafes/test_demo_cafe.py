"""The demo café: what `flask demo` shows a librarian trying the product."""

from sqlalchemy import func, select

from app.cafes.demo import NETWORK_CAFES
from app.cafes.models import Cafe, Idea, IdeaStatus, Support
from app.cafes.queries import source_counts, support_counts
from app.demo import load_demo
from app.extensions import db
from app.zones.models import Zone


def kwidzyn() -> Zone:
    return db.session.scalar(select(Zone).where(Zone.slug == "kwidzyn"))


def test_the_demo_cafe_has_forty_ideas_and_the_young_mothers_club_chosen(demo):
    cafe = db.session.scalar(select(Cafe).where(Cafe.zone_id == kwidzyn().id))
    assert [board.position for board in cafe.boards] == [1, 2, 3]
    assert len(cafe.findings) == 3  # it grew out of the diagnosis's findings
    ideas = list(db.session.scalars(select(Idea).where(Idea.zone_id == kwidzyn().id)))
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
    assert db.session.scalar(select(func.count()).where(Cafe.zone_id == kwidzyn().id)) == 1
    # Kwidzyn's and the small cafés of three other zones, each once.
    assert db.session.scalar(select(func.count()).select_from(Cafe)) == 1 + len(NETWORK_CAFES)


def test_the_other_zones_cafes_hold_the_ideas_behind_their_plans(demo):
    for slug in NETWORK_CAFES:
        zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
        (cafe,) = db.session.scalars(select(Cafe).where(Cafe.zone_id == zone.id))
        ideas = list(db.session.scalars(select(Idea).where(Idea.zone_id == zone.id)))
        assert len(ideas) == 4 and len(cafe.boards) == 1
        assert all(idea.visible for idea in ideas)
        assert {idea.status for idea in ideas} == {IdeaStatus.CHOSEN, IdeaStatus.PUBLISHED}
        assert max(support_counts([i.id for i in ideas]).values()) > 20


def test_the_demo_cafe_poster_link_opens_the_cafe(demo, client):
    cafe = db.session.scalar(select(Cafe).where(Cafe.zone_id == kwidzyn().id))
    response = client.get(f"/c/{cafe.short_code}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cafes/{cafe.slug}")
