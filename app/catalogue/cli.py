"""`flask catalogue reindex`: rebuild the search index from the plans and ideas."""

import click

from app.catalogue import bp
from app.catalogue.index import reindex_all
from app.extensions import db


@bp.cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the catalogue's search index (after bulk changes made outside the app)."""
    count = reindex_all()
    db.session.commit()
    click.echo(f"{count} catalogue entries indexed.")
