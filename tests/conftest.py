"""Shared fixtures: a fresh database per run (SQLite or PostgreSQL), the app, clients,
factories and `login_as`. Plain helpers live in tests/helpers.py, factories in
tests/factories.py; test modules import those, never this file.

The database is chosen by one variable, TEST_DATABASE_URL:
- unset, or a sqlite URL: a new SQLite file in a temporary folder;
- a PostgreSQL URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres): a new database
  named strefy_test_<random> is created on that server and dropped at the end.
Either way the schema comes from the migrations, as in production.

Hypothesis runs under a named profile, chosen by HYPOTHESIS_PROFILE: "dev" (the default)
is quick, for the inner loop; "ci" (what .ci/run selects) is thorough and deterministic.
"""

import email
import email.policy
import os
import socket
from collections.abc import Callable, Iterator

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings
from jinja2 import BytecodeCache
from werkzeug.routing import Rule

from app import create_app
from app.auth.models import User
from app.database import refresh_statistics
from app.demo import load_demo
from app.extensions import db, limiter
from app.surveys.schema import parse_template
from app.zones.models import Zone
from tests import factories
from tests.helpers import (
    SMALL_TEMPLATE,
    IsolatedClient,
    Snapshot,
    csrf_token_from,
    empty_every_table,
    fresh_database,
    put_snapshot,
    take_snapshot,
)


def _memoize_url_builders() -> None:
    """Every test makes its own app, and werkzeug compiles two URL-builder functions for
    each of the app's rules: 150 ms of each test's 200 ms of create_app. The function
    compiled depends only on the rule's parsed parts, its defaults and append_unknown (it
    takes the rule itself as its first argument), so the run compiles each rule once."""
    compile_builder = Rule._compile_builder
    builders: dict = {}

    def memoized(self, append_unknown=True):
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())))
        key += (append_unknown,)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    Rule._compile_builder = memoized


_memoize_url_builders()


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept for the whole run: each test's app has its own
    Jinja environment, which would otherwise lex, parse and compile every template it
    renders again (a bucket's key is the template's name and its source's checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()

# Loaded here, before any test module is imported, so that a test's own @settings(...)
# inherits from the chosen profile whatever it does not set itself. Tests set no
# max_examples of their own, or one derived from the profile's (a share of it, for
# properties whose every example costs HTTP requests or many database rows).
settings.register_profile("dev", max_examples=50, deadline=None)
# derandomize: the same examples on every CI run, so a red build is never a roll of the
# dice and HYPOTHESIS_PROFILE=ci reproduces it on any machine (print_blob: and the blob
# pins the failing example); "dev" runs keep exploring new inputs.
settings.register_profile("ci", max_examples=300, deadline=None, derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def database(tmp_path_factory) -> Iterator[str]:
    """URL of this run's database, migrated to the newest revision."""
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path_factory.mktemp("db")) as url:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url


class _Collector:
    """aiosmtpd handler: keeps every message received, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Controller]:
    """A real SMTP server on localhost, on a free port, for the whole run: every test app
    sends its e-mails there (see `mailbox`)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(_Collector(), hostname="127.0.0.1", port=port)
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def mailbox(smtp_server) -> list[email.message.EmailMessage]:
    """The messages the SMTP server received during this test, oldest first."""
    smtp_server.handler.messages.clear()
    return smtp_server.handler.messages


@pytest.fixture
def app_settings(tmp_path) -> dict:
    """Config overrides for one test; override this fixture to change them. Uploads go to
    the test's own folder."""
    return {"UPLOAD_FOLDER": str(tmp_path / "uploads")}


@pytest.fixture
def app(database, app_settings, tmp_path, smtp_server) -> Iterator[Flask]:
    # Uploads (receipts, photos: the demo's too) go to the test's own folder; e-mails to
    # the run's SMTP server.
    settings = {
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "MAIL_PORT": smtp_server.port,
    } | app_settings
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, **settings)
    app.test_client_class = IsolatedClient
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as conn:
            empty_every_table(conn)
        _vacuum_now_and_then()
        db.engine.dispose()
    limiter.reset()


# PostgreSQL: a VACUUM after this many tests. Every test's rows are deleted, and where the
# server runs without autovacuum (this CI's does: conf.d/90-ci.conf) the dead rows pile up:
# the test database grew to 350 MB in a full run. (tests/cafes ran as fast either way.)
VACUUM_EVERY = 25
_emptied = 0


def _vacuum_now_and_then() -> None:
    global _emptied
    _emptied += 1
    if db.engine.dialect.name != "postgresql" or _emptied % VACUUM_EVERY:
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM")


@pytest.fixture(scope="session")
def demo_snapshot(database, tmp_path_factory) -> Snapshot:
    """`flask demo`'s data, loaded once per run (tests.helpers.take_snapshot).

    Loading it takes seconds (5 to 10 on PostgreSQL: 320 responses, 25 zones and their
    plans, cafés); copying its rows in takes a fraction of that."""
    uploads = tmp_path_factory.mktemp("demo-uploads")  # the demo's receipts
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, UPLOAD_FOLDER=str(uploads))
    with app.app_context():
        load_demo()
        db.session.commit()
        return take_snapshot()


@pytest.fixture
def demo(app, demo_snapshot) -> None:
    """The demo network, as `flask demo` loads it: the 25 real libraries (long names
    included), the three demo accounts, Kwidzyn's open diagnosis with 320 responses and
    three findings, its Creative Café with three boards and about forty ideas, the zones'
    plans, reports and catalogue, and other zones' public results.

    Each test gets its own copy of what `flask demo` wrote once for the whole run (same
    ids, same timestamps), so what one test changes no other test sees. A test of loading
    the demo itself calls app.demo.load_demo.
    """
    put_snapshot(demo_snapshot)
    global _analysed
    if not _analysed:  # the planner's row counts outlive the tests' deletes: once is enough
        refresh_statistics()
        _analysed = True


_analysed = False


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_zone(app) -> Callable[..., Zone]:
    """Factory: make_zone(town="Kwidzyn", ...) adds and commits a zone (tests.factories)."""
    return factories.make_zone


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    """Factory: make_user(role="librarian", zone=zone) adds and commits an account."""
    return factories.make_user


@pytest.fixture
def zone(make_zone) -> Zone:
    """The zone most tests act in."""
    return make_zone(**factories.KWIDZYN)


@pytest.fixture
def other_zone(make_zone) -> Zone:
    return make_zone(**factories.SOPOT)


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


@pytest.fixture
def template():
    return parse_template(SMALL_TEMPLATE, "proba.yaml")


@pytest.fixture
def survey(zone, template):
    """An open survey in the Kwidzyn zone."""
    return factories.make_survey(zone, template)


@pytest.fixture
def resident_started(client, survey) -> str:
    """A resident who started the `survey` and answered its first page: the page's URL."""
    intro = f"/zones/{survey.zone.slug}/surveys/{survey.slug}"
    token = csrf_token_from(client.get(intro).get_data(as_text=True))
    url = client.post(f"{intro}/start", data={"csrf_token": token}).headers["Location"]
    client.post(url, data={"csrf_token": token, "action": "back", "wiek": "do_24"})
    return url
