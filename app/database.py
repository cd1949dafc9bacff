"""Database engine set-up: SQLite tuned for a web app with several workers."""

from contextlib import contextmanager, suppress

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)

from app.core import collation
from app.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 15_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_PHASE = "_strefy_read_phase"


def init_database(app: Flask) -> None:
    """Initialise Flask-SQLAlchemy and, on SQLite, WAL, foreign keys and safe write locking."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        options.pop("pool_pre_ping", None)
        options.setdefault("connect_args", {})["timeout"] = SQLITE_BUSY_TIMEOUT_MS / 1000
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)

    # Registered after Flask-SQLAlchemy's own teardown, so it runs before it (Flask runs
    # teardowns last first), which then finds no session left to close.
    @app.teardown_appcontext
    def close_session(_error):
        """End the session; if its connection was cut after the page was made (the
        database restarting), the rollback fails: the page made is still sent (no 500 from
        gunicorn, no traceback), and the pool drops the broken connection."""
        try:
            db.session.remove()
        except (DBAPIError, DisconnectionError) as error:
            if not database_unavailable(error):
                raise
            current_app.logger.warning(
                "Database unavailable when ending a request (%s)", unavailable_cause(error)
            )
            with suppress(SQLAlchemyError):
                db.session.remove()
            db.session.registry.clear()

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(engine)


def configure_sqlite(engine: Engine) -> None:
    """Apply SQLAlchemy's documented recipe for SQLite transactions, plus pragmas.

    pysqlite starts transactions lazily (a deferred BEGIN before the first write), so two
    workers that both read and then write can deadlock, and one gets "database is locked"
    at once, without waiting for the busy timeout. Taking over BEGIN and making write
    transactions BEGIN IMMEDIATE takes the write lock up front, where the busy timeout
    applies: concurrent writers queue instead of failing.

    Which transactions write: those of unsafe requests (POST, PUT, PATCH, DELETE) and all
    work outside a request (CLI commands, scripts). Safe requests (GET, HEAD, OPTIONS) must
    not write; they begin a deferred, read-only-in-practice transaction, which in WAL mode
    never waits for a writer, so pages keep loading while someone saves a form. The test
    suite turns SQLITE_IMMEDIATE_OUTSIDE_REQUESTS off: a test body reading its fixtures
    must not hold the write lock while the app under test serves its requests.
    """
    immediate_outside_requests = current_app.config["SQLITE_IMMEDIATE_OUTSIDE_REQUESTS"]

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Disable pysqlite's own BEGIN handling; SQLAlchemy emits it in on_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # Polish alphabetical order (app/core/collation.py); PostgreSQL has it from ICU.
        dbapi_connection.create_collation(collation.SQLITE_COLLATION, collation.compare)

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        if has_request_context():
            immediate = request.method not in SAFE_METHODS and not g.get(READ_PHASE)
        else:
            immediate = immediate_outside_requests
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def read_phase():
    """Within an unsafe request, do the reading and checking without SQLite's write lock.

    The block runs in a deferred transaction, which is ended (rolled back: it wrote
    nothing) on leaving, so the writes that follow take the lock for as short as they can.
    Another worker may write in between: what the writes depend on must be enforced by
    the database (unique keys, conditional updates). Nothing to do on PostgreSQL, whose
    writers lock rows, not the database.
    """
    if db.engine.dialect.name != "sqlite":
        yield
        return
    setattr(g, READ_PHASE, True)
    try:
        yield
    finally:
        db.session.rollback()
        setattr(g, READ_PHASE, False)


def refresh_statistics() -> None:
    """Have the database's planner count the rows after a bulk load (ANALYZE).

    PostgreSQL's autovacuum analyses new tables only after a while; until then the planner
    guesses, and on freshly loaded demo data it chose nested loops that made the breakdown
    by area 9 times slower (0.67 s against 6 s for Kwidzyn's 320 responses). SQLite's
    planner needs no statistics for these queries, and ANALYZE would add tables of its own."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


# What the database keeps for itself, outside the models, made by their migration: the
# catalogue search's text index, SQLite's FTS5 tables (catalogue_fts and its shadow tables)
# or PostgreSQL's GIN index on an expression.
UNMODELLED_TABLES = ("catalogue_fts",)
UNMODELLED_INDEXES = ("ix_catalogue_index_document",)


def include_in_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's `include_object`: leave out the tables the models do not describe, so that
    comparing the models with the database (and `flask db migrate`) does not drop them."""
    if not reflected or compare_to is not None:
        return True
    if type_ == "table":
        return not (name or "").startswith(UNMODELLED_TABLES)
    return not (type_ == "index" and name in UNMODELLED_INDEXES)


# SQLite's errors that mean "the database file cannot be used right now", by name (Python
# 3.11's sqlite3 errors carry it); its other OperationalErrors ("no such table", a syntax
# error) are mistakes in the app, left to be 500s with their traceback.
SQLITE_UNAVAILABLE = frozenset(
    {"SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_FULL"}
)


def unavailable_cause(error: Exception) -> str:
    """What cut the database off, for the log: the driver's error and its message's first
    line ("OperationalError: connection failed: …"); SQLAlchemy's add the statement and its
    values."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}"


def database_unavailable(error: Exception) -> bool:
    """Whether `error` says the database cannot be reached (down, restarting, its connection
    cut, its file unreadable), rather than that the app asked it something wrong."""
    if isinstance(error, DisconnectionError | InterfaceError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    name = getattr(error.orig, "sqlite_errorname", None)
    if name is not None:  # e.g. SQLITE_IOERR_SHORT_READ: its primary code, SQLITE_IOERR
        return "_".join(name.split("_")[:2]) in SQLITE_UNAVAILABLE
    # psycopg: OperationalError is a failed or lost connection, the server shutting down,
    # a cancelled statement; mistakes in queries are ProgrammingError or DataError.
    return True
