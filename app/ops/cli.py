"""The operator's commands: `flask backup …` (README, "Backups")."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.ops import backup as backups_

backup_cli = AppGroup(
    "backup", help="Back up the database and the uploaded files, and restore them."
)

DIR_OPTION = click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="The backup folder (default: BACKUP_DIR, or instance/backups).",
)


def _fail(error: backups_.BackupError):
    raise click.ClickException(str(error)) from None


def _prune(folder: Path, daily: int, weekly: int, dry_run: bool) -> None:
    going = backups_.prune(folder, daily, weekly, dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    for path in going:
        click.echo(f"{verb} {path.name}")
    kept = len(backups_.backups(folder)) - (len(going) if dry_run else 0)
    click.echo(
        f"{verb} {len(going)} backups, kept {kept} "
        f"(the newest of each of the last {daily} days and {weekly} weeks)."
    )


@backup_cli.command("create")
@DIR_OPTION
@click.option(
    "--prune",
    "then_prune",
    is_flag=True,
    help="Then delete old backups (BACKUP_KEEP_DAILY days, BACKUP_KEEP_WEEKLY weeks).",
)
def create_command(folder: Path | None, then_prune: bool) -> None:
    """Back up the database and the uploaded files into one archive.

    Safe while the app is running: the database is copied from one consistent snapshot.
    """
    folder = backups_.backup_dir(folder)
    try:
        path = backups_.create_backup(folder)
        manifest = backups_.read_manifest(path)
    except backups_.BackupError as error:
        _fail(error)
    except OSError as error:
        raise click.ClickException(f"Could not write the backup into {folder}: {error}") from None
    uploads = sum(1 for entry in manifest["files"] if entry["name"].startswith("uploads/"))
    click.echo(
        f"Backup written: {path} ({backups_.human_size(path.stat().st_size)}, "
        f"{manifest['database']} database, {uploads} uploaded files)."
    )
    if then_prune:
        config = current_app.config
        _prune(folder, int(config["BACKUP_KEEP_DAILY"]), int(config["BACKUP_KEEP_WEEKLY"]), False)


@backup_cli.command("list")
@DIR_OPTION
def list_command(folder: Path | None) -> None:
    """List the backups, newest first."""
    folder = backups_.backup_dir(folder)
    found = backups_.backups(folder)
    if not found:
        click.echo(f"No backups in {folder}.")
        return
    click.echo(f"Backups in {folder}, newest first:")
    for backup, manifest in backups_.describe(found):
        size = backups_.human_size(backup.path.stat().st_size)
        if manifest is None:
            click.echo(f"  {backup.path.name}  {size:>9}  (unreadable: run verify)")
            continue
        click.echo(
            f"  {backup.path.name}  {size:>9}  {manifest.get('created_at')}  "
            f"{manifest.get('database')}"
        )


@backup_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_command(file: Path) -> None:
    """Check a backup: every checksum, and that its database copy opens."""
    manifest, problems = backups_.verify_backup(file)
    if problems:
        click.echo(f"{file.name}: DAMAGED", err=True)
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1)
    click.echo(
        f"{file.name}: OK ({len(manifest['files'])} files checked, {manifest['database']} "
        f"database, schema revision {manifest.get('alembic_revision')})."
    )


@backup_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database that already holds data.")
def restore_command(file: Path, force: bool) -> None:
    """Restore a backup into the configured database and upload folder.

    Stop the app first (all its workers). It refuses a database that already has tables,
    or an upload folder with files, unless --force.
    """
    try:
        manifest = backups_.restore_backup(file, force=force)
    except backups_.BackupError as error:
        _fail(error)
    uploads = sum(1 for entry in manifest["files"] if entry["name"].startswith("uploads/"))
    click.echo(
        f"Restored {file.name} (taken {manifest['created_at']}): the {manifest['database']} "
        f"database and {uploads} uploaded files."
    )
    click.echo(
        f"The backup's schema revision is {manifest.get('alembic_revision')}: run "
        "`flask db upgrade` before starting the app, in case this version is newer."
    )


@backup_cli.command("prune")
@DIR_OPTION
@click.option("--daily", type=click.IntRange(min=0), help="Days to keep a backup of.")
@click.option("--weekly", type=click.IntRange(min=0), help="ISO weeks to keep a backup of.")
@click.option("--dry-run", is_flag=True, help="Only print what would be deleted.")
def prune_command(folder: Path | None, daily: int | None, weekly: int | None, dry_run: bool):
    """Delete old backups: keep the newest of each of the last DAILY days and WEEKLY weeks
    that have backups (defaults: BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY)."""
    config = current_app.config
    daily = int(config["BACKUP_KEEP_DAILY"]) if daily is None else daily
    weekly = int(config["BACKUP_KEEP_WEEKLY"]) if weekly is None else weekly
    _prune(backups_.backup_dir(folder), daily, weekly, dry_run)
