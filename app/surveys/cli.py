"""`flask surveys …`: check templates and create a zone's survey from one."""

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.surveys.models import Survey
from app.surveys.schema import TemplateError, load_template
from app.surveys.services import close_survey, create_survey, open_survey
from app.zones.models import Zone

surveys_cli = AppGroup("surveys", help="Survey templates and zones' surveys.")


@surveys_cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check_command(files):
    """Check survey template files; exit 1 if any is refused."""
    failed = False
    for path in files:
        try:
            template = load_template(path)
        except TemplateError as error:
            failed = True
            click.echo(f"REFUSED {error}", err=True)
        else:
            click.echo(f"ok {path.name}: {len(template.questions())} questions")
    if failed:
        raise SystemExit(1)


@surveys_cli.command("load")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--zone", "zone_slug", required=True, help="Zone slug.")
@click.option("--slug", help="Address of the survey (made from its title when not given).")
@click.option("--open", "open_now", is_flag=True, help="Open it for answers right away.")
@click.option(
    "--new-version-of", "previous_slug",
    help="Replace this survey (closing it) by a new version: for changes of meaning.",
)  # fmt: skip
def load_command(file, zone_slug, slug, open_now, previous_slug):
    """Create a zone's survey from a template file."""
    zone = db.session.scalar(select(Zone).where(Zone.slug == zone_slug))
    if zone is None:
        raise click.BadParameter(f"no zone with slug {zone_slug!r}", param_hint="--zone")
    try:
        template = load_template(file)
    except TemplateError as error:
        raise click.ClickException(str(error)) from None
    previous = None
    if previous_slug:
        previous = db.session.scalar(
            select(Survey).where(Survey.zone_id == zone.id, Survey.slug == previous_slug)
        )
        if previous is None:
            raise click.BadParameter(f"no survey {previous_slug!r}", param_hint="--new-version-of")
        slug = slug or f"{previous.slug}-v{previous.version + 1}"
    survey = create_survey(zone, template, slug)
    if previous is not None:
        survey.version = previous.version + 1
        close_survey(previous)
    if open_now:
        open_survey(survey)
    db.session.commit()
    click.echo(
        f"Created survey {survey.slug} in {zone.slug} ({survey.status}): /s/{survey.short_code}"
    )
