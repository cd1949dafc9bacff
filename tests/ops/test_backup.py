"""`flask backup`: a consistent archive while the app serves, verified and restored."""

import io
import json
import os
import secrets
import tarfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.ops import backup as backups_
from app.surveys.models import Answer, Response
from app.zones.models import Zone
from tests.helpers import fresh_database

URL = "/api/v1/zones/kwidzyn/surveys/proba/responses"
VALID = {
    "wiek": "od_25",
    "dzieci": "tak",
    "ile_dzieci": 2,
    "gdzie_spotkania": ["biblioteka", "other"],
    "gdzie_spotkania__other": "U sąsiadki",
    "informacje": 4,
    "priorytety": ["sport", "kultura", "mlodziez"],
}
ON_POSTGRES = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgres")


@pytest.fixture
def app_settings(tmp_path) -> dict:
    # Residents submitting in a loop from one address: no rate limit, no daily cap.
    return {
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "RATELIMIT_ENABLED": False,
        "SURVEY_RESPONSES_PER_ADDRESS_PER_DAY": 1_000_000,
    }


@pytest.fixture
def uploads(app) -> dict[str, bytes]:
    """A receipt and a photo in the upload folder, by their paths in it."""
    files = {
        "zones/1/receipts/faktura.pdf": b"%PDF-1.4\n" + secrets.token_bytes(3000),
        "zones/1/photos/kawiarenka.png": b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(5000),
    }
    root = Path(app.config["UPLOAD_FOLDER"])
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return files


def create(runner, *args) -> Path:
    result = runner.invoke(args=["backup", "create", *args])
    assert result.exit_code == 0, result.output
    assert "Backup written" in result.output
    # The line that names it (the app's request log lines of other threads may come first).
    (line,) = [line for line in result.output.splitlines() if line.startswith("Backup written")]
    [path] = [word for word in line.split() if word.endswith(".tar.gz")]
    return Path(path)


@contextmanager
def restored_into_fresh(tmp_path: Path, archive: Path, *args: str):
    """A new empty database and upload folder, the archive restored into them: the app."""
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path) as url:
        app = create_app(
            "testing", SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=str(tmp_path / "restored")
        )
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["backup", "restore", str(archive), *args])
            assert result.exit_code == 0, result.output
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


def answer_counts() -> dict[int, int]:
    """Each stored response's id and its number of answer rows."""
    rows = db.session.execute(
        select(Response.id, func.count(Answer.id))
        .outerjoin(Answer, Answer.response_id == Response.id)
        .group_by(Response.id)
    )
    return dict(rows.all())


def repack(archive: Path, change) -> None:
    """Rewrite an archive, member by member: change(name, data) returns new bytes or None
    (left out)."""
    members = []
    with tarfile.open(archive, "r:gz") as reading:
        for info in reading:
            members.append((info.name, reading.extractfile(info).read()))
    with tarfile.open(archive, "w:gz") as writing:
        for name, data in members:
            data = change(name, data)
            if data is None:
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            writing.addfile(info, io.BytesIO(data))


# The backup under load -------------------------------------------------------------------


def test_backup_under_concurrent_submissions_restores_exactly_the_acknowledged(
    app, survey, runner, tmp_path
):
    """Residents keep submitting while the backup runs: the restore has every response
    acknowledged before the backup began, none sent after it ended, and no response
    without all its answers."""
    acknowledged: list[tuple[int, float]] = []  # (response id, when the 201 came back)
    sent_after: list[tuple[int, float]] = []  # (response id, when it was sent)
    stop, failures, lock = threading.Event(), [], threading.Lock()

    def resident():
        client = app.test_client()
        while not stop.is_set():
            sent = time.monotonic()
            reply = client.post(
                URL, json={"answers": VALID}, headers={"Idempotency-Key": str(uuid.uuid4())}
            )
            if reply.status_code != 201:
                failures.append(reply.status_code)
                return
            with lock:
                acknowledged.append((reply.get_json()["id"], time.monotonic()))
                sent_after.append((reply.get_json()["id"], sent))

    threads = [threading.Thread(target=resident) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 60
        while len(acknowledged) < 15 and not failures and time.monotonic() < deadline:
            time.sleep(0.01)
        began = time.monotonic()
        archive = create(runner)
        ended = time.monotonic()
        # Keep going until several responses were sent after the backup had ended.
        while (
            sum(1 for _id, sent in sent_after if sent > ended) < 6
            and not failures
            and time.monotonic() < deadline
        ):
            time.sleep(0.01)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not failures
    db.session.rollback()
    source = answer_counts()
    expected_answers = source[acknowledged[0][0]]
    assert expected_answers > 5
    assert set(source.values()) == {expected_answers}
    before = {id_ for id_, at in acknowledged if at < began}
    after = {id_ for id_, sent in sent_after if sent > ended}
    assert len(before) >= 15 and len(after) >= 6

    with restored_into_fresh(tmp_path, archive):
        restored = answer_counts()
    assert before <= set(restored)  # every response acknowledged before the backup
    assert not after & set(restored)  # none sent after it ended
    assert set(restored) <= set(source)
    # Nothing half-written: every restored response has all its answers.
    assert all(count == expected_answers for count in restored.values())


# Contents, verification, restore -------------------------------------------------------


def test_uploads_are_restored_byte_for_byte_with_the_database(
    app, survey, runner, uploads, tmp_path
):
    archive = create(runner)
    assert archive.parent == tmp_path / "backups"
    assert backups_.NAME.match(archive.name)
    manifest = backups_.read_manifest(archive)
    assert manifest["database"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert manifest["alembic_revision"]
    names = {entry["name"] for entry in manifest["files"]}
    assert names == {"database.dump" if ON_POSTGRES else "database.sqlite3"} | {
        f"uploads/{name}" for name in uploads
    }
    with restored_into_fresh(tmp_path, archive):
        assert db.session.scalar(select(Zone.slug)) == "kwidzyn"
    for name, data in uploads.items():
        assert (tmp_path / "restored" / name).read_bytes() == data


def test_verify_says_ok_for_a_good_backup(app, survey, runner, uploads):
    archive = create(runner)
    result = runner.invoke(args=["backup", "verify", str(archive)])
    assert result.exit_code == 0, result.output
    assert "OK (3 files checked" in result.output


def test_verify_catches_a_flipped_byte(app, survey, runner, uploads):
    archive = create(runner)
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    result = runner.invoke(args=["backup", "verify", str(archive)])
    assert result.exit_code == 1
    assert "DAMAGED" in result.output


def test_verify_names_a_changed_and_a_missing_file(app, survey, runner, uploads):
    archive = create(runner)
    receipt, photo = "uploads/zones/1/receipts/faktura.pdf", "uploads/zones/1/photos/kawiarenka.png"
    repack(
        archive,
        lambda name, data: None if name == photo else data + b"x" if name == receipt else data,
    )
    result = runner.invoke(args=["backup", "verify", str(archive)])
    assert result.exit_code == 1
    assert f"{receipt}: 3010 bytes, the manifest says 3009" in result.output
    assert f"missing from the archive: {photo}" in result.output


def test_verify_catches_a_same_size_change_by_its_checksum(app, survey, runner, uploads):
    archive = create(runner)
    receipt = "uploads/zones/1/receipts/faktura.pdf"
    repack(archive, lambda name, data: data[:-1] + b"!" if name == receipt else data)
    result = runner.invoke(args=["backup", "verify", str(archive)])
    assert result.exit_code == 1
    assert f"{receipt}: checksum does not match the manifest" in result.output


def test_restore_refuses_a_damaged_backup_and_writes_nothing(
    app, survey, runner, uploads, tmp_path
):
    archive = create(runner)
    repack(archive, lambda name, data: data + b"x" if name.startswith("database") else data)
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path) as url:
        other = create_app(
            "testing", SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=str(tmp_path / "restored")
        )
        with other.app_context():
            result = other.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
            assert result.exit_code == 1
            assert "damaged, nothing was restored" in result.output
            assert backups_.existing_content() == []
            db.engine.dispose()


def test_restore_refuses_a_database_with_data_unless_forced(app, survey, runner, tmp_path):
    archive = create(runner)
    result = runner.invoke(args=["backup", "restore", str(archive)])
    assert result.exit_code == 1
    assert "Refusing to restore over existing data: the database has" in result.output
    assert "--force" in result.output

    # Into a fresh database, then again over a change made since: --force puts it back.
    with restored_into_fresh(tmp_path, archive) as restored:
        db.session.get(Zone, db.session.scalar(select(Zone.id))).town = "Zmieniony"
        db.session.commit()
        refused = restored.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
        assert refused.exit_code == 1
        assert "Refusing" in refused.output
        db.session.remove()
        forced = restored.test_cli_runner().invoke(
            args=["backup", "restore", str(archive), "--force"]
        )
        assert forced.exit_code == 0, forced.output
        assert db.session.scalar(select(Zone.town)) == "Kwidzyn"


def test_restore_refuses_a_backup_of_another_kind_of_database(app, survey, runner):
    archive = create(runner)
    other_kind = "sqlite" if ON_POSTGRES else "postgresql"

    def relabel(name, data):
        if name != "manifest.json":
            return data
        return json.dumps(json.loads(data) | {"database": other_kind}).encode()

    repack(archive, relabel)
    result = runner.invoke(args=["backup", "restore", str(archive), "--force"])
    assert result.exit_code == 1
    assert f"is a backup of a {other_kind} database" in result.output


def test_a_failed_backup_leaves_no_file_that_looks_like_one(app, survey, runner, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "add", disk_full)
    result = runner.invoke(args=["backup", "create"])
    assert result.exit_code == 1
    assert "Could not write the backup" in result.output
    assert "No space left on device" in result.output
    assert list(Path(app.config["BACKUP_DIR"]).iterdir()) == []


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump is for PostgreSQL")
def test_a_missing_pg_dump_is_named(app, runner, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = runner.invoke(args=["backup", "create"])
    assert result.exit_code == 1
    assert "pg_dump was not found" in result.output
    assert "postgresql-client" in result.output


def test_list_shows_the_newest_first(app, survey, runner, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "strefy-20200101T000000Z.tar.gz").write_bytes(b"not an archive")
    archive = create(runner)
    lines = runner.invoke(args=["backup", "list"]).output.splitlines()
    assert lines[0] == f"Backups in {folder}, newest first:"
    assert archive.name in lines[1]
    assert ("postgresql" if ON_POSTGRES else "sqlite") in lines[1]
    assert "strefy-20200101T000000Z.tar.gz" in lines[2] and "unreadable" in lines[2]


# Retention -------------------------------------------------------------------------------

# Thursday 3 December 2026 is in ISO week 49 (from Monday 30 November).
FAKE = [
    "strefy-20261203T100000Z.tar.gz",  # newest of 3 Dec and of week 49: kept
    "strefy-20261203T020000Z.tar.gz",  # an older one that day: goes
    "strefy-20261202T020000Z.tar.gz",  # daily: kept
    "strefy-20261201T020000Z.tar.gz",  # daily: kept
    "strefy-20261130T020000Z.tar.gz",  # a fourth day, still week 49: goes
    "strefy-20261129T020000Z.tar.gz",  # Sunday, newest of week 48: kept
    "strefy-20261125T020000Z.tar.gz",  # older in week 48: goes
    "strefy-20261120T020000Z.tar.gz",  # week 47, beyond two weeks: goes
]
KEPT = {FAKE[0], FAKE[2], FAKE[3], FAKE[5]}


@pytest.fixture
def fake_backups(tmp_path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    for name in [*FAKE, "notes.txt", ".strefy-20261203T110000Z.tar.gz.partial"]:
        (folder / name).write_bytes(b"x")
    return folder


def test_prune_keeps_the_newest_of_each_day_and_week(app, runner, fake_backups):
    result = runner.invoke(args=["backup", "prune", "--daily", "3", "--weekly", "2"])
    assert result.exit_code == 0, result.output
    left = {path.name for path in fake_backups.iterdir()}
    assert left == KEPT | {"notes.txt", ".strefy-20261203T110000Z.tar.gz.partial"}
    assert "Deleted 4 backups, kept 4" in result.output


def test_prune_dry_run_only_says(app, runner, fake_backups):
    result = runner.invoke(args=["backup", "prune", "--daily", "3", "--weekly", "2", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert len(list(fake_backups.iterdir())) == len(FAKE) + 2
    going = {line.split()[-1] for line in result.output.splitlines() if line.startswith("Would")}
    assert set(FAKE) - KEPT <= going


def test_create_prune_applies_the_configured_retention(app, survey, runner, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for name in ("strefy-20000101T020000Z.tar.gz", "strefy-20000102T020000Z.tar.gz"):
        (folder / name).write_bytes(b"x")
    app.config.update(BACKUP_KEEP_DAILY=1, BACKUP_KEEP_WEEKLY=0)
    archive = create(runner, "--prune")
    assert [backup.path for backup in backups_.backups(folder)] == [archive]


def test_create_clears_what_a_killed_backup_left(app, survey, runner, tmp_path):
    folder = tmp_path / "backups"
    (folder / ".strefy-staging-abc").mkdir(parents=True)
    old_partial = folder / ".strefy-20261101T020000Z.tar.gz.partial"
    new_partial = folder / ".strefy-20261203T020000Z.tar.gz.partial"
    for path in (old_partial, new_partial):
        path.write_bytes(b"half")
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (old_partial, folder / ".strefy-staging-abc"):
        os.utime(path, (two_days_ago, two_days_ago))
    archive = create(runner)
    assert {path.name for path in folder.iterdir()} == {archive.name, new_partial.name}


def test_two_backups_in_one_second_get_names_in_order(app, survey, tmp_path):
    folder = tmp_path / "backups"
    moment = datetime(2026, 12, 3, 17, 20, tzinfo=UTC)
    first = backups_.create_backup(folder, now=moment)
    second = backups_.create_backup(folder, now=moment)
    assert (first.name, second.name) == (
        "strefy-20261203T172000Z.tar.gz",
        "strefy-20261203T172000Z-2.tar.gz",
    )
    assert [backup.path for backup in backups_.backups(folder)] == [second, first]
