"""Apps of the ops tests' own: one whose database cannot be reached, one with settings."""

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from app import create_app
from app.extensions import db, limiter
from tests.helpers import IsolatedClient

# A PostgreSQL server that is not there (nothing listens on port 1: refused at once).
CLOSED_PORT_URL = "postgresql+psycopg://postgres@127.0.0.1:1/strefy"


@pytest.fixture
def make_app(tmp_path) -> Iterator[Callable[..., Flask]]:
    """make_app(**settings): a testing app with these settings (and its own upload folder);
    its engine is disposed and the rate limits' counters reset afterwards."""
    made = []

    def make(**settings) -> Flask:
        settings = {"UPLOAD_FOLDER": str(tmp_path / "uploads")} | settings
        app = create_app("testing", **settings)
        app.test_client_class = IsolatedClient
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()
    limiter.reset()


@pytest.fixture(params=["postgresql", "sqlite"])
def unreachable_url(request, tmp_path) -> str:
    """A database that cannot be reached, for real: a closed PostgreSQL port, or a SQLite
    file in a folder that does not exist."""
    if request.param == "postgresql":
        return CLOSED_PORT_URL
    return f"sqlite:///{tmp_path / 'no-such-folder' / 'strefy.db'}"


@pytest.fixture
def app_away(make_app, unreachable_url) -> Flask:
    return make_app(SQLALCHEMY_DATABASE_URI=unreachable_url)
