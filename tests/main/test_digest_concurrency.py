"""Two runs of `flask notify digest` at once (a timer and someone at the console) send
each digest once: the database's unique (person, day) rule lets one claim in. The app
writes as commands do in production (SQLite: BEGIN IMMEDIATE outside requests)."""

import threading

import pytest
from sqlalchemy import func, select

from app.auth.models import DigestSent
from app.extensions import db
from app.main.digest import send_digests
from tests.main.test_digest import DAY, pending_ideas


@pytest.fixture
def app_settings(tmp_path) -> dict:
    return {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "SQLITE_IMMEDIATE_OUTSIDE_REQUESTS": True}


def test_two_runs_at_once_send_each_digest_once(app, make_user, zone, mailbox):
    librarians = [make_user("librarian", zone) for _ in range(4)]
    pending_ideas(zone)
    db.session.commit()
    runs, errors = [], []

    def one_run():
        try:
            with app.app_context():
                runs.append(send_digests(DAY))
                db.session.remove()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(message["To"] for message in mailbox) == sorted(u.email for u in librarians)
    assert sum(run.sent for run in runs) == 4
    assert sum(run.already for run in runs) == 4
    assert db.session.scalar(select(func.count()).select_from(DigestSent)) == 4
