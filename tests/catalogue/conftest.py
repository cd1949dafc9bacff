"""Adoption's tests share these: an entry of Kwidzyn's published plan, and Sopot, a zone with
a café and a published plan of its own, whose librarian adopts it."""

from datetime import timedelta

import pytest

from app.cafes.services import create_cafe
from app.core.time import utcnow
from app.extensions import db
from tests.plans.factories import make_plan


@pytest.fixture
def english(client, app):
    """The pages in English, so that the messages checked read as in the code."""
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")


@pytest.fixture
def origin(zone):
    """Kwidzyn's published plan's first action: a catalogue entry."""
    plan = make_plan(zone, published=True, actions=1, title="Plan Kwidzyna")
    action = plan.actions[0]
    action.title, action.description = "Klub Młodych Mam", "Spotkania mam z maluchami."
    db.session.commit()
    return action


@pytest.fixture
def sopot(other_zone):
    """Sopot with a café of two boards and a published plan (one action)."""
    cafe = create_cafe(
        other_zone, title="Kawiarenka w Sopocie", starts_at=utcnow() + timedelta(days=7),
        ends_at=None, place="", description="", questions=["Co dla rodzin?", "Co dla młodzieży?"],
    )  # fmt: skip
    plan = make_plan(other_zone, published=True, actions=1, title="Plan Sopotu")
    db.session.commit()
    return {"zone": other_zone, "cafe": cafe, "boards": cafe.boards, "plan": plan}


@pytest.fixture
def sopot_librarian(login_as, sopot):
    """Signed in as Sopot's librarian."""
    return login_as("librarian", sopot["zone"])


def adopt_path(entry, kind: str = "action") -> str:
    return f"/catalogue/{kind}/{entry.id}/adopt"


@pytest.fixture
def request_context(app):
    """The search's tests call its services directly, as the API does inside a request:
    entries carry their addresses, built with url_for."""
    with app.test_request_context():
        yield
