"""The database away: a 503 page (or the API's JSON error) with Retry-After, one warning in
the log and no traceback; and the app serving again once the database is back."""

import shutil
import sqlite3

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.zones.models import Zone


def no_traceback(caplog):
    """One warning about the database, no error and no traceback in the log."""
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1, caplog.text
    assert warnings[0].getMessage().startswith("Database unavailable (")
    assert not [r for r in caplog.records if r.levelno >= 40 or r.exc_info]
    assert "Traceback" not in caplog.text


def test_a_page_is_503_in_polish_with_retry_after(app_away, caplog):
    response = app_away.test_client().get("/")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 30  # a rate-limited route: its own, if later
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "Strefy Innowacji są chwilowo niedostępne" in html
    assert "Spróbuj ponownie za minutę" in html
    no_traceback(caplog)
    assert "GET / 503" in caplog.text  # the request's own line


def test_a_page_is_503_in_english_for_english_readers(app_away):
    response = app_away.test_client().get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert "The Innovation Zones are unavailable for a moment" in response.get_data(as_text=True)


def test_a_signed_in_visitor_gets_the_page_too(app_away, caplog):
    """Who is signed in cannot be looked up: the page is shown as to a visitor."""
    client = app_away.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "someone"
        session["_fresh"] = True
    response = client.get("/zones/kwidzyn")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 30  # a rate-limited route: its own, if later
    assert "Strefy Innowacji są chwilowo niedostępne" in response.get_data(as_text=True)
    no_traceback(caplog)


def test_a_signed_in_visitor_still_chooses_a_language_while_it_is_away(app_away, caplog):
    """Choosing a language needs no database, but who is signed in is looked up after the
    view (for the response's caching): the visitor gets the page, kept private."""
    client = app_away.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1-1"  # an account's id and session version: looked up
        session["_fresh"] = True
    response = client.get("/language/en?next=/zones")
    assert response.status_code == 302
    assert response.headers["Location"] == "/zones"
    assert response.headers["Set-Cookie"].startswith("strefy_lang=en;")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= 40]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/v1/zones"), ("POST", "/api/v1/zones/kwidzyn/surveys/1/responses")],
)
def test_the_api_answers_in_its_json_dialect(app_away, caplog, method, path):
    response = app_away.test_client().open(
        path, method=method, json={"answers": {}}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 30  # a rate-limited route: its own, if later
    error = response.get_json()["error"]
    assert error["status"] == 503
    assert error["code"] == "unavailable"
    assert error["message"].startswith("The Innovation Zones are unavailable for a moment")
    no_traceback(caplog)


def test_the_database_lost_after_a_zone_route_loaded_its_zone_is_a_503(
    client, zone, monkeypatch, caplog
):
    """The zone, expired by the rollback, is not read again for the 503 page's footer (it
    was, and with the database still away the page became a 500 with a traceback)."""
    away = OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    def refuse(*_args, **_kwargs):
        raise away

    def lost(_zone):  # the connection drops in the middle of the zone's page
        sa.event.listen(db.engine, "before_cursor_execute", refuse)
        raise away

    monkeypatch.setattr("app.main.zone_page.get_plan", lost)
    try:
        response = client.get("/zones/kwidzyn", headers={"Accept-Language": "en"})
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", refuse)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 30
    assert "The Innovation Zones are unavailable for a moment" in response.get_data(as_text=True)
    no_traceback(caplog)


def test_a_connection_lost_after_the_page_was_made_still_sends_it(
    client, zone, monkeypatch, caplog
):
    """Ending the session rolls back; on a connection the server cut (a restart) that fails
    after the page was made: the page is still sent, with one warning, no traceback."""
    from app.main import zone_page

    real_get_plan = zone_page.get_plan

    def cut(_connection):
        sa.event.remove(db.engine, "rollback", cut)
        raise OperationalError("ROLLBACK", {}, Exception("server closed the connection"))

    def get_plan(zone):
        sa.event.listen(db.engine, "rollback", cut)
        return real_get_plan(zone)

    monkeypatch.setattr(zone_page, "get_plan", get_plan)
    response = client.get("/zones/kwidzyn")
    assert response.status_code == 200
    assert "Kwidzyn" in response.get_data(as_text=True)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "Database unavailable when ending a request (Exception: server closed the connection)"
    ]
    assert not [r for r in caplog.records if r.levelno >= 40 or r.exc_info]
    assert client.get("/zones/kwidzyn").status_code == 200  # and the next one is served


def test_a_mistake_in_a_query_is_still_a_500(make_app, tmp_path, caplog):
    """SQLite's "no such table" is an OperationalError too, but the app's own fault."""
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{empty}", PROPAGATE_EXCEPTIONS=False)
    response = app.test_client().get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert "no such table" in caplog.text
    assert [r for r in caplog.records if r.levelname == "ERROR" and r.exc_info]


def test_sqlite_serves_again_once_its_file_is_back(make_app, database, tmp_path):
    if not database.startswith("sqlite"):
        pytest.skip("the SQLite database's own recovery")
    folder = tmp_path / "data"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'strefy.db'}")
    client = app.test_client()
    assert client.get("/").status_code == 503
    # The folder comes back (a disk remounted), holding the migrated database.
    folder.mkdir()
    source = sqlite3.connect(database.removeprefix("sqlite:///"))
    target = sqlite3.connect(folder / "strefy.db")
    source.backup(target)
    source.close()
    target.close()
    assert client.get("/").status_code == 200
    assert client.get("/readyz").status_code == 200
    shutil.rmtree(folder)


def terminate_connections(database: str) -> int:
    """Cut every other connection to the test database, as a server restart would."""
    admin = sa.create_engine(database, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        cut = connection.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    admin.dispose()
    return cut


@pytest.fixture
def postgresql(database):
    if not database.startswith("postgresql"):
        pytest.skip("PostgreSQL's connections cut under the app")
    return database


def test_postgresql_connections_cut_under_the_app_are_replaced(postgresql, client, zone):
    """pool_pre_ping: a pooled connection the server closed is noticed and replaced before
    use, so the first request after a restart is served."""
    assert db.engine.pool._pre_ping
    assert client.get("/zones/kwidzyn").status_code == 200
    db.session.close()
    assert terminate_connections(postgresql) >= 1
    assert client.get("/zones/kwidzyn").status_code == 200


@pytest.mark.parametrize("app_settings", [{"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False}}])
def test_without_pre_ping_a_cut_connection_is_a_503_then_served(
    postgresql, app_settings, client, zone, caplog
):
    """What pool_pre_ping spares the first visitor after a restart: without it, the dead
    connection fails their request (a 503, rolled back), and the next one is served."""
    assert not db.engine.pool._pre_ping
    zone_id = zone.id
    assert client.get("/zones/kwidzyn").status_code == 200
    db.session.close()
    assert terminate_connections(postgresql) >= 1
    caplog.clear()
    response = client.get("/zones/kwidzyn")
    assert response.status_code == 503
    no_traceback(caplog)
    assert client.get("/zones/kwidzyn").status_code == 200
    assert db.session.get(Zone, zone_id).town == "Kwidzyn"


def test_postgresql_cutting_the_connection_after_the_page_still_sends_it(
    postgresql, client, zone, monkeypatch, caplog
):
    """The same with a real cut: the server ends the request's backend (as a restart does)
    after the page was rendered, before the session's rollback."""
    from app.main import zone_page

    real_render = zone_page.render_template

    def render_then_cut(*args, **kwargs):
        page = real_render(*args, **kwargs)
        pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        admin = sa.create_engine(postgresql, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.dispose()
        return page

    monkeypatch.setattr(zone_page, "render_template", render_then_cut)
    response = client.get("/zones/kwidzyn")
    assert response.status_code == 200
    assert not [r for r in caplog.records if r.levelno >= 40 or r.exc_info]
    monkeypatch.undo()
    assert client.get("/zones/kwidzyn").status_code == 200
