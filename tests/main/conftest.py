"""Fixtures of the site-wide tests (pages, security, settings)."""

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from flask import Blueprint, Flask, abort

from app import create_app
from app.cafes.models import Cafe
from app.cafes.services import create_cafe
from app.extensions import db
from app.zones.models import Zone


@pytest.fixture
def cafe(zone) -> Cafe:
    """A planned café of the zone, for its poster (planned as a librarian plans it)."""
    cafe = create_cafe(
        zone, title="Kawiarenka dla rodziców", starts_at=datetime(2031, 3, 12, 17),  # noqa: DTZ001
        ends_at=None, place="Czytelnia", description="", questions=["Czego brakuje?"],
    )  # fmt: skip
    db.session.commit()
    return cafe


@pytest.fixture
def failing_app(database) -> Iterator[Flask]:
    """An app with one extra route that writes and then crashes."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database)
    extra = Blueprint("crash", __name__)

    @extra.post("/crash")
    def crash():
        db.session.add(Zone(slug="half-written", library_name="X", town="X"))
        db.session.flush()
        raise RuntimeError("boom")

    @extra.get("/forbidden")
    def forbidden():
        abort(403)

    app.register_blueprint(extra)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False  # serve the 500 page, as in production
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_app(database) -> Iterator[Callable[[], Flask]]:
    """make_app(): an app created now, so that it reads the environment as the test set it."""
    made = []

    def make() -> Flask:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, WTF_CSRF_ENABLED=False)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()
