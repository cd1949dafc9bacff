"""Plain factories for the cafés' tests: cafés, ideas, and the addresses tests visit.
Fixtures built on them live in conftest.py."""

import re
from datetime import UTC, datetime

from sqlalchemy import select

from app.cafes.models import Cafe, Idea, IdeaStatus
from app.cafes.services import create_cafe
from app.core.time import utcnow
from app.extensions import db


def naive_utc(*args) -> datetime:
    """A moment in UTC, stored naive as the database keeps it."""
    return datetime(*args, tzinfo=UTC).replace(tzinfo=None)


def plan_cafe(zone, **fields) -> Cafe:
    """A café of `zone` with two tables, planned as a librarian would, committed."""
    values = {
        "title": "Kawiarenka dla rodziców",
        "starts_at": naive_utc(2031, 3, 12, 17, 0),
        "ends_at": naive_utc(2031, 3, 12, 19, 0),
        "place": "Czytelnia",
        "description": "Rozmowy przy stolikach.",
        "questions": ["Gdzie mogą spotykać się rodzice?", "Czego brakuje młodzieży?"],
    } | fields
    cafe = create_cafe(zone, **values)
    db.session.commit()
    return cafe


def add_idea(board, title="Klub młodych mam", status="published", **fields) -> Idea:
    """THE idea factory: an idea on `board`, committed; published (with its moment of
    publishing) unless told otherwise."""
    if status != IdeaStatus.PENDING and "published_at" not in fields:
        fields["published_at"] = utcnow()
    idea = Idea(zone_id=board.cafe.zone_id, board_id=board.id, title=title, status=status, **fields)
    db.session.add(idea)
    db.session.commit()
    return idea


def board_url(board) -> str:
    return f"/zones/{board.cafe.zone.slug}/boards/{board.id}"


FOLLOW_LINK = re.compile(r'id="follow-link" value="http://localhost(/i/[^"]+)"')


def follow_link(client, response) -> str:
    """The private follow link shown after posting (`response` is the post's redirect)."""
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    return FOLLOW_LINK.search(html).group(1)


def ideas_of(board) -> list[Idea]:
    return list(db.session.scalars(select(Idea).where(Idea.board_id == board.id)))
