"""Backups of the whole installation: the database and the uploaded files, one archive each.

An archive `strefy-20261203T172000Z.tar.gz` holds `manifest.json` (first, so that listing
reads only the archive's head), the database copy (`database.sqlite3` or `database.dump`)
and `uploads/…`. The manifest names every other member with its size and SHA-256.

The copy is consistent while the app is serving and writing: SQLite's online backup API
copies the database in one read transaction (a snapshot; in WAL mode writers carry on),
and `pg_dump` dumps from one snapshot. Uploaded files are copied after the database: the app
writes a file before committing the row that names it, so every file the database copy names
is complete by then (a file deleted in between is missing from the archive; files written
meanwhile are ones the copy does not name).

Works on the database and the upload folder as a whole, never on features' models
(`app.ops` is plumbing: pyproject's import-linter contracts).
"""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import sqlalchemy as sa
from flask import current_app

from app.core import collation
from app.extensions import db

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.dump"
UPLOADS = "uploads"
NAME = re.compile(r"^strefy-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz$")
STAMP = "%Y%m%dT%H%M%SZ"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the operator must be told; the message says what and what to do."""


@dataclass(frozen=True)
class Backup:
    """A backup archive in the backup folder, as its name and manifest describe it."""

    path: Path
    created_at: datetime  # from the name (UTC)
    sequence: int  # a second backup within the same second gets -2, -3…

    @property
    def sort_key(self) -> tuple[datetime, int]:
        return (self.created_at, self.sequence)


# Where things are -----------------------------------------------------------------------


def backup_dir(override: str | os.PathLike | None = None) -> Path:
    configured = override or current_app.config.get("BACKUP_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "backups"


def upload_folder() -> Path:
    configured = current_app.config.get("UPLOAD_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def database_kind() -> str:
    """The configured database: "sqlite" or "postgresql"."""
    name = db.engine.dialect.name
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def sqlite_path() -> Path:
    database = db.engine.url.database
    if not database or database == ":memory:":
        raise BackupError("The SQLite database is in memory: there is no file to back up.")
    return Path(database)


def schema_revision() -> str | None:
    """The database's Alembic revision (what `flask db upgrade` last brought it to)."""
    try:
        with db.engine.connect() as connection:
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:
        return None


# Files ------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashing(source: Path, target: Path) -> tuple[int, str]:
    """Copy a file, returning the size and SHA-256 of exactly what was copied."""
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as reading, target.open("wb") as writing:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            writing.write(chunk)
    return size, digest.hexdigest()


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def safe_member(name: str) -> bool:
    """A member name that stays inside the folder it is extracted to."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


# Database copies --------------------------------------------------------------------------


def pg_connection() -> tuple[str, dict]:
    """The configured PostgreSQL database as a libpq URL for the client tools, and their
    environment (the password goes there, not on the command line other users can see)."""
    url = db.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def run_pg_tool(tool: str, arguments: list[str], env: dict | None = None) -> str:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(
            f"{tool} was not found. Install the PostgreSQL client tools of the server's "
            f"version (Debian/Ubuntu: apt install postgresql-client) and try again."
        )
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments we build
        [executable, *arguments], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout


def copy_sqlite(target: Path) -> None:
    """Copy the live SQLite database with the online backup API, in one step: one read
    transaction, so a snapshot of committed data however busy the app is."""
    source = sqlite3.connect(sqlite_path(), timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.create_collation(collation.SQLITE_COLLATION, collation.compare)
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
    finally:
        copy.close()
        source.close()


def dump_postgres(target: Path) -> None:
    url, env = pg_connection()
    run_pg_tool("pg_dump", ["--format=custom", f"--file={target}", f"--dbname={url}"], env)


def check_sqlite_copy(path: Path) -> list[str]:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.create_collation(collation.SQLITE_COLLATION, collation.compare)
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [f"the database copy cannot be opened: {error}"]
    if rows != [("ok",)]:
        return [
            "the database copy fails SQLite's integrity check: " + "; ".join(r[0] for r in rows)
        ]
    return []


def check_postgres_copy(path: Path) -> list[str]:
    try:
        run_pg_tool("pg_restore", ["--list", str(path)])
    except BackupError as error:
        return [f"the database dump cannot be read: {error}"]
    return []


# Creating ---------------------------------------------------------------------------------


def next_name(folder: Path, now: datetime) -> str:
    stamp = now.strftime(STAMP)
    name, sequence = f"strefy-{stamp}.tar.gz", 1
    while (folder / name).exists():
        sequence += 1
        name = f"strefy-{stamp}-{sequence}.tar.gz"
    return name


def stage_uploads(staging: Path) -> list[dict]:
    """Copy the upload folder's files into `staging`, hashing what was copied. A file
    deleted while we walk is left out."""
    entries, root = [], upload_folder()
    if not root.is_dir():
        return entries
    for source in sorted(root.rglob("*")):
        if source.is_symlink() or not source.is_file():
            continue
        relative = source.relative_to(root).as_posix()
        target = staging / UPLOADS / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            size, digest = copy_hashing(source, target)
        except FileNotFoundError:
            continue
        entries.append({"name": f"{UPLOADS}/{relative}", "size": size, "sha256": digest})
    return entries


STALE_SECONDS = 24 * 3600


def remove_stale_leftovers(folder: Path) -> None:
    """Remove what a backup killed half-way (power cut, kill -9) left: hidden temporary
    files and folders a day old (a backup running now is younger)."""
    cutoff = time.time() - STALE_SECONDS
    for path in folder.glob(".strefy-*"):
        try:
            if path.lstat().st_mtime >= cutoff:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def create_backup(folder: Path, now: datetime | None = None) -> Path:
    """Write one backup archive into `folder` and return its path. The archive is written
    under a hidden temporary name and renamed when complete: a crash leaves no file that
    looks like a backup."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    kind = database_kind()
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_leftovers(folder)
    with tempfile.TemporaryDirectory(prefix=".strefy-staging-", dir=folder) as staging_name:
        staging = Path(staging_name)
        member = SQLITE_MEMBER if kind == "sqlite" else POSTGRES_MEMBER
        started = datetime.now(UTC)
        if kind == "sqlite":
            copy_sqlite(staging / member)
        else:
            dump_postgres(staging / member)
        files = [
            {
                "name": member,
                "size": (staging / member).stat().st_size,
                "sha256": sha256_of(staging / member),
            }
        ]
        files += stage_uploads(staging)
        manifest = {
            "format": FORMAT_VERSION,
            "app": "strefy",
            "created_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "database_copied_at": started.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "database": kind,
            "alembic_revision": schema_revision(),
            "files": files,
        }
        name = next_name(folder, now)
        partial = folder / f".{name}.partial"
        try:
            with partial.open("wb") as raw:
                with tarfile.open(fileobj=raw, mode="w:gz") as archive:
                    body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(body), int(now.timestamp()), 0o600
                    archive.addfile(info, io.BytesIO(body))
                    for entry in files:
                        archive.add(staging / entry["name"], arcname=entry["name"])
                raw.flush()
                os.fsync(raw.fileno())
            partial.chmod(0o600)  # the database holds personal data
            final = folder / name
            os.replace(partial, final)
            fsync_dir(folder)
        finally:
            partial.unlink(missing_ok=True)
    return final


# Reading ----------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict:
    """The manifest at the head of an archive (reads only that far)."""
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            first = archive.next()
            if first is None or first.name != MANIFEST:
                raise BackupError(f"{path.name}: no {MANIFEST} at the start of the archive.")
            return json.load(archive.extractfile(first))
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as error:
        raise BackupError(f"{path.name}: not a readable backup archive ({error}).") from None


def backups(folder: Path) -> list[Backup]:
    """The backups in `folder`, newest first (by the time in their names)."""
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = NAME.match(path.name)
            if match and path.is_file():
                created = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
                found.append(Backup(path, created, int(match.group(2) or 1)))
    return sorted(found, key=lambda backup: backup.sort_key, reverse=True)


def verify_backup(path: Path, extract_to: Path | None = None) -> tuple[dict | None, list[str]]:
    """Read a whole archive and check it: (its manifest, the problems found; none: OK).

    Every file the manifest names must be there with its size and SHA-256, no other file
    may be there, and the database copy must open (SQLite: `PRAGMA integrity_check`;
    PostgreSQL: `pg_restore --list`). With `extract_to`, the members are extracted there.
    """
    problems: list[str] = []
    try:
        manifest = read_manifest(path)
    except BackupError as error:
        return None, [str(error)]
    if manifest.get("format") != FORMAT_VERSION:
        return manifest, [f"unknown backup format {manifest.get('format')!r}"]
    expected = {entry["name"]: entry for entry in manifest.get("files", [])}
    unsafe = [name for name in expected if not safe_member(name)]
    if unsafe:
        return manifest, [f"unsafe file names in the manifest: {', '.join(unsafe)}"]
    seen: set[str] = set()
    with tempfile.TemporaryDirectory(prefix=".strefy-verify-", dir=path.parent) as scratch:
        target = Path(extract_to or scratch)
        try:
            with tarfile.open(path, mode="r:gz") as archive:
                for info in archive:
                    if info.name == MANIFEST:
                        continue
                    if info.name not in expected or not info.isfile():
                        problems.append(f"unexpected entry in the archive: {info.name}")
                        continue
                    seen.add(info.name)
                    entry = expected[info.name]
                    digest, size = hashlib.sha256(), 0
                    out_path = target / info.name
                    out_path.parent.mkdir(parents=True, exist_ok=True)
                    with archive.extractfile(info) as data, out_path.open("wb") as out:
                        while chunk := data.read(CHUNK):
                            digest.update(chunk)
                            size += len(chunk)
                            out.write(chunk)
                    if size != entry["size"]:
                        problems.append(
                            f"{info.name}: {size} bytes, the manifest says {entry['size']}"
                        )
                    elif digest.hexdigest() != entry["sha256"]:
                        problems.append(f"{info.name}: checksum does not match the manifest")
                # Read to the end of the compressed stream: gzip checks its CRC there.
                while archive.fileobj.read(CHUNK):
                    pass
        except (tarfile.TarError, OSError, EOFError, zlib.error, gzip.BadGzipFile) as error:
            problems.append(f"the archive is damaged: {error}")
            return manifest, problems
        for name in sorted(set(expected) - seen):
            problems.append(f"missing from the archive: {name}")
        database = target / (
            SQLITE_MEMBER if manifest.get("database") == "sqlite" else POSTGRES_MEMBER
        )
        if not problems:
            if not database.is_file():
                problems.append("the archive holds no database copy")
            elif manifest["database"] == "sqlite":
                problems += check_sqlite_copy(database)
            else:
                problems += check_postgres_copy(database)
    return manifest, problems


# Restoring --------------------------------------------------------------------------------


def existing_content() -> list[str]:
    """What is already in the configured database and upload folder, in words (empty: none)."""
    found = []
    inspector = sa.inspect(db.engine)
    tables = inspector.get_table_names()
    if tables:
        with db.engine.connect() as connection:
            rows = sum(
                connection.execute(
                    sa.select(sa.func.count()).select_from(sa.table(table))
                ).scalar_one()
                for table in tables
            )
        found.append(f"the database has {len(tables)} tables ({rows} rows in all)")
    root = upload_folder()
    if root.is_dir():
        count = sum(1 for path in root.rglob("*") if path.is_file())
        if count:
            found.append(f"the upload folder {root} holds {count} files")
    return found


def restore_backup(path: Path, force: bool = False) -> dict:
    """Restore an archive into the configured database and upload folder; its manifest.

    Checks the whole archive first; refuses a backup of another kind of database, and a
    database or upload folder that already holds something unless `force`. On SQLite the
    app must not be running (stop it first): the copy replaces the database's pages.
    """
    kind = database_kind()
    manifest = read_manifest(path)
    if manifest.get("database") != kind:
        raise BackupError(
            f"{path.name} is a backup of a {manifest.get('database')} database, and this "
            f"app is configured for {kind} (DATABASE_URL). Restore it into a "
            f"{manifest.get('database')} database, or convert it by hand."
        )
    if not force:
        found = existing_content()
        if found:
            raise BackupError(
                "Refusing to restore over existing data: "
                + "; ".join(found)
                + ". Restore into an empty database, or add --force to overwrite it."
            )
    with tempfile.TemporaryDirectory(prefix=".strefy-restore-", dir=path.parent) as scratch:
        extracted = Path(scratch)
        _manifest, problems = verify_backup(path, extract_to=extracted)
        if problems:
            raise BackupError(
                f"{path.name} is damaged, nothing was restored:\n  " + "\n  ".join(problems)
            )
        db.session.remove()
        db.engine.dispose()
        if kind == "sqlite":
            restore_sqlite(extracted / SQLITE_MEMBER)
        else:
            restore_postgres(extracted / POSTGRES_MEMBER)
        restore_uploads(extracted, manifest)
    return manifest


def restore_sqlite(copy: Path) -> None:
    """Write the copy's pages into the configured database file with the backup API (safe
    with the database's -wal and -shm files, unlike copying the file over them)."""
    target = sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    live = sqlite3.connect(target, timeout=30)
    try:
        source.backup(live)
        live.execute("PRAGMA journal_mode=WAL")
    finally:
        live.close()
        source.close()


def restore_postgres(dump: Path) -> None:
    url, env = pg_connection()
    run_pg_tool(
        "pg_restore",
        [
            "--clean", "--if-exists", "--no-owner", "--single-transaction",
            "--exit-on-error", f"--dbname={url}", str(dump),
        ],
        env,
    )  # fmt: skip


def restore_uploads(extracted: Path, manifest: dict) -> None:
    root = upload_folder()
    for entry in manifest["files"]:
        name = entry["name"]
        if not name.startswith(f"{UPLOADS}/"):
            continue
        target = root / name[len(UPLOADS) + 1 :]
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        shutil.copyfile(extracted / name, partial)
        os.replace(partial, target)


# Retention --------------------------------------------------------------------------------


def to_keep(found: list[Backup], daily: int, weekly: int) -> set[Path]:
    """The backups retention keeps: the newest of each of the `daily` most recent days that
    have a backup, and of each of the `weekly` most recent ISO weeks that have one (days
    and weeks in UTC, as in the names). The newest backup is always kept."""
    keep: set[Path] = set()
    for count, period in ((daily, lambda b: b.created_at.date()),
                          (weekly, lambda b: b.created_at.isocalendar()[:2])):  # fmt: skip
        periods: set = set()
        for backup in sorted(found, key=lambda b: b.sort_key, reverse=True):
            key = period(backup)
            if key in periods:
                continue
            if len(periods) >= count:
                break
            periods.add(key)
            keep.add(backup.path)
    if found:
        keep.add(max(found, key=lambda b: b.sort_key).path)
    return keep


def prune(folder: Path, daily: int, weekly: int, dry_run: bool = False) -> list[Path]:
    """Delete the backups retention does not keep (none with dry_run): those to go."""
    found = backups(folder)
    keep = to_keep(found, daily, weekly)
    going = [backup.path for backup in found if backup.path not in keep]
    if not dry_run:
        for path in going:
            path.unlink(missing_ok=True)
    return going


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


def describe(found: list[Backup]) -> Iterator[tuple[Backup, dict | None]]:
    for backup in found:
        try:
            yield backup, read_manifest(backup.path)
        except BackupError:
            yield backup, None
