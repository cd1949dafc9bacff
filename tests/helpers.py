"""Plain helpers and constants the tests share: no fixtures (those are in conftest.py).

Import them: `from tests.helpers import PASSWORD, csrf_token_from`.
"""

import contextvars
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from app.extensions import db
from config import database_url

# Every account the factories make has this password.
PASSWORD = "correct horse battery"


def tampered(signed: str) -> str:
    """`signed` (an itsdangerous token: payload.timestamp.signature) with one character of its
    signature changed. A middle one: the last base64 character carries padding bits, so
    changing it may decode to the same bytes, and two fixed characters may be the ones there
    (a test that then passes the token unchanged, once in a few thousand runs)."""
    head, sep, signature = signed.rpartition(".")
    middle = len(signature) // 2
    swapped = "B" if signature[middle] == "A" else "A"
    return f"{head}{sep}{signature[:middle]}{swapped}{signature[middle + 1 :]}"


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
        # A database thrown away at the end: its commits need not wait for the disk, and
        # the tests commit at nearly every step. Nothing else changes: a crash could only
        # lose the last commits, never leave the database inconsistent.
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit TO off')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def empty_every_table(conn) -> None:
    """What a test stored goes, children before parents. On PostgreSQL in one round trip
    (about 40 DELETEs, each on a table mostly empty: 50 ms a test as separate statements)."""
    table_name = conn.dialect.identifier_preparer.format_table
    deletes = [f"DELETE FROM {table_name(table)}" for table in reversed(db.metadata.sorted_tables)]
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(";\n".join(deletes))
    else:
        for delete in deletes:
            conn.exec_driver_sql(delete)


Rows = dict[sa.Table, list[dict]]


@dataclass(frozen=True)
class Snapshot:
    """A world made once per run: every table's rows, and the files its uploads stored."""

    rows: Rows
    uploads: Path


def take_snapshot() -> Snapshot:
    """The current app's database and uploads as they are, the rows taken out (the database
    is left empty, as every test expects it). `put_snapshot` copies them into a test's app
    with the same ids; new rows never reuse them: PostgreSQL's sequences have passed them,
    and SQLite takes the largest id plus one."""
    db.session.remove()
    with db.engine.begin() as conn:
        rows = {}
        for table in db.metadata.sorted_tables:
            # by key: PostgreSQL returns updated rows last, after rows that refer to them
            # (a merged idea before the idea it went into)
            ordered = table.select().order_by(*table.primary_key)
            rows[table] = [row._asdict() for row in conn.execute(ordered)]
        empty_every_table(conn)
    db.engine.dispose()
    return Snapshot(rows, Path(current_app.config["UPLOAD_FOLDER"]))


def put_snapshot(snapshot: Snapshot) -> None:
    """`take_snapshot`'s world, into the current app: one INSERT per table, parents first,
    and the uploaded files into its upload folder."""
    with db.engine.begin() as conn:
        for table, rows in snapshot.rows.items():
            if rows:
                conn.execute(table.insert(), rows)
    if snapshot.uploads.exists():
        shutil.copytree(snapshot.uploads, current_app.config["UPLOAD_FOLDER"], dirs_exist_ok=True)


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


CSRF_INPUT = re.compile(
    r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html: str) -> str:
    """The CSRF token in a rendered page."""
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


AS_RECORDED = re.compile(r'<details class="audit-raw">.*?</details>', re.S)


def audit_words(html: str) -> str:
    """The audit log's page without each entry's record as stored (the disclosure for the
    coordinator who needs the exact values): what the log says in words."""
    return AS_RECORDED.sub("", html)


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


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """The queries (SELECT and WITH statements) sent to the database inside the block: the
    one counter of the query-budget tests."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
