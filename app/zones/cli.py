"""`flask zones …`: zones from the command line."""

import click
from flask.cli import AppGroup

from app.core.text import slugify
from app.extensions import db
from app.zones.services import (
    SLUG_PATTERN,
    VOIVODESHIPS,
    create_zone,
    list_zones,
    slug_taken,
)

zones_cli = AppGroup("zones", help="Manage the network's zones.")


@zones_cli.command("create")
@click.option("--library", "library_name", required=True, help="The library's full name.")
@click.option("--town", required=True)
@click.option("--slug", help="Address of the zone's pages; made from the town when not given.")
@click.option("--region", type=click.Choice(VOIVODESHIPS), help="Voivodeship, e.g. pomorskie.")
@click.option("--population", type=click.IntRange(min=1))
@click.option("--pilot", is_flag=True, help="A zone of the pilot edition.")
def create(library_name, town, slug, region, population, pilot):
    """Create a zone."""
    slug = slug or slugify(town)
    if not SLUG_PATTERN.match(slug):
        raise click.BadParameter("lower-case letters, digits and hyphens", param_hint="--slug")
    if slug_taken(slug):
        raise click.ClickException(f"a zone with slug {slug!r} already exists")
    zone = create_zone(
        slug=slug,
        library_name=library_name,
        town=town,
        region=region or "",
        population=population,
        is_pilot=pilot,
    )
    db.session.commit()
    click.echo(f"Created zone {zone.slug}: {zone.library_name}")


@zones_cli.command("list")
def list_command():
    """List zones."""
    for zone in list_zones():
        click.echo(f"{zone.slug}\t{zone.town}\t{'pilot' if zone.is_pilot else ''}")
