"""The schema comes from the migrations; SQLite is set up for several workers."""

import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.database import include_in_autogenerate
from app.extensions import db
from app.zones.models import Zone
from tests.helpers import fresh_database


def test_models_and_migrations_agree(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_in_autogenerate})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"


def test_full_downgrade_and_upgrade_again(tmp_path):
    import os

    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path) as url:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            downgrade(revision="base")
            tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
            assert tables == set()
            upgrade()
            assert {"zones", "users", "zone_roles"} <= set(sa.inspect(db.engine).get_table_names())
            db.engine.dispose()


@pytest.fixture
def sqlite_app(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific set-up; this run uses another database")
    return app


def test_sqlite_pragmas(sqlite_app):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_foreign_keys_are_enforced(app):
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO zone_roles (user_id, zone_id, role, created_at) "
                "VALUES (999, 999, 'librarian', CURRENT_TIMESTAMP)"
            )
        )


def test_concurrent_read_then_write_transactions_never_fail_locked(sqlite_app, make_zone):
    """Writers that read first, as POST requests do, queue for the lock instead of failing."""
    zone_id = make_zone(population=1).id
    engine = db.engine
    errors: list[Exception] = []
    workers, rounds = 8, 15
    start = threading.Barrier(workers)

    def worker():
        start.wait()
        for _ in range(rounds):
            try:
                with sqlite_app.test_request_context(method="POST"), engine.begin() as conn:
                    population = conn.execute(
                        sa.select(Zone.population).where(Zone.id == zone_id)
                    ).scalar_one()
                    conn.execute(
                        sa.update(Zone).where(Zone.id == zone_id).values(population=population + 1)
                    )
            except Exception as error:
                errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    db.session.rollback()  # end this test's own read snapshot
    # No lost update either: each read-modify-write held the write lock throughout.
    assert db.session.get(Zone, zone_id).population == 1 + workers * rounds


def test_pages_load_while_another_worker_holds_the_write_lock(sqlite_app, client, zone):
    writer = db.engine.connect()
    with sqlite_app.test_request_context(method="POST"):
        writer.begin()  # as a POST request does: BEGIN IMMEDIATE, the write lock is held
    writer.exec_driver_sql("UPDATE zones SET description = 'x'")
    try:
        response = client.get(f"/zones/{zone.slug}")
        assert response.status_code == 200
        assert "Kwidzyn" in response.get_data(as_text=True)
    finally:
        writer.rollback()
        writer.close()


def test_migrations_keep_data_when_sqlite_rebuilds_tables(tmp_path):
    """Downgrading and upgrading a revision that rebuilds a table loses no rows."""
    url = f"sqlite:///{tmp_path / 'keep.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        db.session.execute(
            sa.text(
                "INSERT INTO zones (slug, library_name, town, region, is_pilot, description,"
                " created_at) VALUES ('k', 'B', 'K', '', 0, '', CURRENT_TIMESTAMP)"
            )
        )
        db.session.execute(
            sa.text(
                "INSERT INTO surveys (zone_id, slug, short_code, template_key, version, status,"
                " definition, allow_repeat, results_public, created_at, updated_at)"
                " VALUES (1, 's', 'abc', 't', 1, 'open', '{}', 0, 0, CURRENT_TIMESTAMP,"
                " CURRENT_TIMESTAMP)"
            )
        )
        db.session.execute(
            sa.text(
                "INSERT INTO responses (survey_id, token, channel, status, step, draft,"
                " survey_version, created_at, updated_at) VALUES (1, 't', 'link', 'complete',"
                " 0, '{}', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        db.session.execute(
            sa.text("INSERT INTO answers (response_id, survey_id, question_key) VALUES (1, 1, 'q')")
        )
        db.session.commit()
        downgrade(revision="-1")  # rebuilds `responses` on SQLite
        upgrade()
        assert db.session.execute(sa.text("SELECT count(*) FROM answers")).scalar() == 1
        db.engine.dispose()


def test_an_upgrade_fills_an_empty_catalogue_index(app, client, zone):
    """A database that had plans before the catalogue existed: `flask db upgrade` fills the
    search index, and the catalogue lists the plan's actions without a manual reindex."""
    from tests.plans.factories import make_plan

    plan = make_plan(zone, actions=1, published=True)
    title = plan.actions[0].title
    db.session.execute(sa.text("DELETE FROM catalogue_index"))
    db.session.commit()
    assert title not in client.get("/catalogue").get_data(as_text=True)
    upgrade()  # at the head already: no revision runs, the index is filled
    assert title in client.get("/catalogue").get_data(as_text=True)
    upgrade()  # a second time leaves the index as it is
    assert client.get("/catalogue").get_data(as_text=True).count(f">{title}<") == 1


def test_upgrade_a_new_sqlite_database_as_make_run_does(tmp_path):
    """`flask db upgrade` on a new SQLite file with the app's own transactions (BEGIN
    IMMEDIATE outside requests, as in development and production), then again: the index
    fill after the migrations must not wait on the migrations' own lock."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SQLITE_IMMEDIATE_OUTSIDE_REQUESTS=True)
    with app.app_context():
        upgrade()
        upgrade()
        assert "catalogue_index" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
