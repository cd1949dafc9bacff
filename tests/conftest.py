"""Shared fixtures: a fresh database per run (SQLite or PostgreSQL), the app, clients,
factories and `login_as`.

The database is chosen by one variable, TEST_DATABASE_URL:
- unset, or a sqlite URL: a new SQLite file in a temporary folder;
- a PostgreSQL URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres): a new database
  named strefy_test_<random> is created on that server and dropped at the end.
Either way the schema comes from the migrations, as in production.
"""

import contextvars
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from itertools import count

import pytest
import sqlalchemy as sa
from flask import Flask, has_app_context
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from app import create_app
from app.auth.models import Role, User
from app.auth.services import create_user, grant_role
from app.cafes.models import Idea
from app.cafes.participation import follow_hash
from app.cafes.services import create_cafe
from app.core.time import utcnow
from app.dashboards.findings import add_finding
from app.extensions import db, limiter
from app.surveys.models import Channel
from app.surveys.schema import parse_template
from app.surveys.services import create_survey, open_survey, start_response, submit_response
from app.zones.models import Zone
from config import database_url

PASSWORD = "correct horse battery"


@contextmanager
def fresh_database(base_url: str | None, tmp_dir) -> Iterator[str]:
    """Create an empty database for this run and drop it afterwards."""
    url = database_url(base_url) if base_url else None
    if url is None or url.startswith("sqlite"):
        yield f"sqlite:///{tmp_dir / f'strefy-{secrets.token_hex(4)}.db'}"
        return
    server = make_url(url)
    name = f"strefy_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def database(tmp_path_factory) -> Iterator[str]:
    """URL of this run's database, migrated to the newest revision."""
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path_factory.mktemp("db")) as url:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url


@pytest.fixture
def app_settings() -> dict:
    """Config overrides for one test; override this fixture to change them."""
    return {}


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    Without this, requests would reuse the test's app context, and `g` (the signed-in user,
    the chosen locale) and the database session would leak from one request to the next.
    The test's own session commits around each request: what the test set up is saved
    before it, and afterwards the test reads what the request stored, not a stale snapshot.
    """

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)  # streamed bodies are read inside the context

        def run():
            _cv_app.set(None)
            return FlaskClient.open(self, *args, **kwargs)

        if not has_app_context():  # a client used from another thread
            return contextvars.copy_context().run(run)
        db.session.commit()
        try:
            return contextvars.copy_context().run(run)
        finally:
            db.session.commit()


@pytest.fixture
def app(database, app_settings) -> Iterator[Flask]:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, **app_settings)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()
    limiter.reset()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_serial = count(1)


@pytest.fixture
def make_zone(app) -> Callable[..., Zone]:
    """Factory: make_zone(town="Kwidzyn", ...) adds and commits a zone."""

    def make(**fields) -> Zone:
        n = next(_serial)
        town = fields.pop("town", f"Miasto {n}")
        defaults = {
            "slug": f"zone-{n}",
            "library_name": f"Biblioteka Publiczna w mieście {n}",
            "town": town,
            "region": "pomorskie",
            "population": 10_000 + n,
            "is_pilot": False,
            "description": "",
        }
        zone = Zone(**(defaults | fields))
        db.session.add(zone)
        db.session.commit()
        return zone

    return make


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    """Factory: make_user(role="librarian", zone=zone) adds and commits an account."""

    def make(role: str | None = None, zone: Zone | None = None, **fields) -> User:
        n = next(_serial)
        user = create_user(
            fields.pop("email", f"person{n}@example.org"),
            fields.pop("name", f"Osoba {n}"),
            fields.pop("password", PASSWORD),
            is_coordinator=role == "coordinator",
        )
        if role in (Role.LIBRARIAN, Role.OFFICIAL):
            grant_role(user, zone, Role(role))
        for name, value in fields.items():
            setattr(user, name, value)
        db.session.commit()
        return user

    return make


@pytest.fixture
def zone(make_zone) -> Zone:
    """The zone most tests act in."""
    return make_zone(
        slug="kwidzyn", town="Kwidzyn", library_name="Biblioteka Miejsko-Powiatowa w Kwidzynie"
    )


@pytest.fixture
def other_zone(make_zone) -> Zone:
    return make_zone(slug="sopot", town="Sopot", library_name="Biblioteka Sopocka")


@pytest.fixture
def login_as(client, make_user, zone) -> Callable[..., User | None]:
    """login_as(role, zone=None): sign the test client in as a new person with that role.

    Roles: "anonymous" (no one), "resident" (an account without any role), "librarian" and
    "official" (of `zone`, the `zone` fixture by default), "coordinator".
    """

    def login(role: str, in_zone: Zone | None = None) -> User | None:
        if role == "anonymous":
            return None
        user = make_user(None if role == "resident" else role, in_zone or zone)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return login


CSRF_INPUT = re.compile(
    r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html: str) -> str:
    """The CSRF token in a rendered page."""
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


@pytest.fixture
def csrf_token(client) -> Callable[..., str]:
    """csrf_token(page="/login"): the CSRF token of the client's session, read off a page."""

    def token(page: str = "/login") -> str:
        return csrf_token_from(client.get(page, follow_redirects=True).get_data(as_text=True))

    return token


@pytest.fixture
def post_form(client, csrf_token) -> Callable:
    """post_form(url, data, page=url): take the CSRF token from `page`, POST `data` to `url`."""

    def post(url: str, data: dict | None = None, page: str | None = None, **kwargs):
        return client.post(
            url, data={"csrf_token": csrf_token(page or url)} | (data or {}), **kwargs
        )

    return post


# Surveys ----------------------------------------------------------------------------


# A small survey with every question type and condition.
SMALL_TEMPLATE = """
key: proba
title: {pl: Ankieta próbna, en: Trial survey}
introduction: {pl: Kilka pytań., en: A few questions.}
sections:
  - key: o_tobie
    title: {pl: O Tobie, en: About you}
    questions:
      - key: wiek
        type: single_choice
        text: {pl: 'Ile masz lat?', en: 'How old are you?'}
        required: true
        dimension: true
        options:
          - {value: do_24, label: {pl: do 24, en: up to 24}}
          - {value: od_25, label: {pl: 25 i więcej, en: 25 or more}}
      - key: dzieci
        type: single_choice
        text: {pl: 'Czy masz małe dzieci?', en: 'Do you have small children?'}
        required: true
        dimension: true
        options:
          - {value: tak, label: {pl: Tak, en: 'Yes'}}
          - {value: nie, label: {pl: Nie, en: 'No'}}
      - key: ile_dzieci
        type: number
        text: {pl: 'Ile?', en: 'How many?'}
        required: true
        min: 1
        max: 15
        show_if: {question: dzieci, equals: tak}
  - key: dla_rodzicow
    title: {pl: Dla rodziców, en: For parents}
    questions:
      - key: gdzie_spotkania
        type: multiple_choice
        text: {pl: 'Gdzie spotykasz innych rodziców?', en: 'Where do you meet other parents?'}
        required: true
        other: true
        max_choices: 2
        show_if: {question: dzieci, one_of: [tak]}
        options:
          - {value: plac_zabaw, label: {pl: Plac zabaw, en: Playground}}
          - {value: biblioteka, label: {pl: Biblioteka, en: Library}}
          - {value: nigdzie, label: {pl: Nigdzie, en: Nowhere}}
  - key: miasto
    title: {pl: Miasto, en: Town}
    questions:
      - key: informacje
        type: likert
        text: {pl: Łatwo znaleźć informacje., en: Information is easy to find.}
        required: true
        labels: [Zdecydowanie nie, Raczej nie, Trudno powiedzieć, Raczej tak, Zdecydowanie tak]
      - key: polecenie
        type: scale
        text: {pl: 'Czy polecisz bibliotekę?', en: 'Would you recommend the library?'}
      - key: priorytety
        type: ranking
        text: {pl: 'Co najważniejsze?', en: 'What matters most?'}
        options:
          - {value: kultura, label: Kultura}
          - {value: sport, label: Sport}
          - {value: mlodziez, label: Młodzież}
      - key: pomysl
        type: short_text
        text: {pl: Twój pomysł, en: Your idea}
        max_length: 50
      - key: uwagi
        type: long_text
        text: Uwagi
        show_if: {question: pomysl, answered: true}
"""


@pytest.fixture
def template():
    return parse_template(SMALL_TEMPLATE, "proba.yaml")


@pytest.fixture
def survey(zone, template):
    """An open survey in the Kwidzyn zone."""
    survey = create_survey(zone, template, slug="proba")
    open_survey(survey)
    db.session.commit()
    return survey


@pytest.fixture
def resident_started(client, survey) -> str:
    """A resident who started the `survey` and answered its first page: the page's URL."""
    intro = f"/zones/{survey.zone.slug}/surveys/{survey.slug}"
    token = csrf_token_from(client.get(intro).get_data(as_text=True))
    url = client.post(f"{intro}/start", data={"csrf_token": token}).headers["Location"]
    client.post(url, data={"csrf_token": token, "action": "back", "wiek": "do_24"})
    return url


@pytest.fixture
def route_objects(zone, make_user, survey) -> dict:
    """One of each thing a route of the access matrix can name ({zone}, {user}, {role},
    {survey}, {code}, {token}, {finding}, {cafe}, {cafe_code}, {board}, {idea}, {follow},
    {paper}), made in `zone`, by values to put in its paths."""
    someone = make_user("librarian", zone)
    response = start_response(survey, None, Channel.LINK)
    paper, _new = submit_response(
        survey, {"wiek": "do_24"}, Channel.PAPER, "paper-1", "h", entered_by=someone
    )
    finding = add_finding(survey, "A finding", ["wiek"], author_id=someone.id)
    cafe = create_cafe(
        zone, title="Kawiarenka", starts_at=utcnow() + timedelta(days=30), ends_at=None,
        place="", description="", questions=["Pytanie 1?", "Pytanie 2?"],
    )  # fmt: skip
    idea = Idea(zone_id=zone.id, board_id=cafe.boards[0].id, title="Pomysł", status="published",
                follow_hash=follow_hash("follow-token"))  # fmt: skip
    db.session.add(idea)
    db.session.commit()
    return {
        "zone": zone.slug, "user": someone.id, "role": someone.roles[0].id,
        "survey": survey.slug, "code": survey.short_code, "token": response.token,
        "finding": finding.id, "cafe": cafe.slug, "cafe_code": cafe.short_code,
        "board": cafe.boards[0].id, "idea": idea.id, "follow": "follow-token",
        "paper": paper.id,
    }  # fmt: skip
