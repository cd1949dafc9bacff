"""The operator's commands: `flask backup …`."""

from flask.cli import AppGroup

backup_cli = AppGroup(
    "backup", help="Back up the database and the uploaded files, and restore them."
)
