"""`flask users …`: accounts and roles from the command line."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.models import Role
from app.auth.services import create_user, find_user, grant_role, list_users
from app.extensions import db
from app.zones.models import Zone

users_cli = AppGroup("users", help="Manage accounts and their roles in zones.")


def _zone(slug: str) -> Zone:
    zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
    if zone is None:
        raise click.BadParameter(f"no zone with slug {slug!r}", param_hint="--zone")
    return zone


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name shown in the app.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for when not given.",
)
@click.option("--coordinator", is_flag=True, help="Network coordinator: manages every zone.")
@click.option("--zone", "zone_slug", help="Zone slug to give a role in (with --role).")
@click.option("--role", type=click.Choice([r.value for r in Role]), help="Role in --zone.")
def create(email, name, password, coordinator, zone_slug, role):
    """Create an account, optionally with a role in one zone."""
    if bool(zone_slug) != bool(role):
        raise click.UsageError("--zone and --role go together.")
    if find_user(email) is not None:
        raise click.ClickException(f"an account for {email} already exists")
    if len(password) < 10:
        raise click.BadParameter("at least 10 characters", param_hint="--password")
    zone = _zone(zone_slug) if zone_slug else None
    user = create_user(email, name, password, is_coordinator=coordinator)
    if zone is not None:
        grant_role(user, zone, Role(role))
    db.session.commit()
    click.echo(f"Created {user.email}" + (f" ({role} in {zone.slug})" if zone else ""))


@users_cli.command("grant")
@click.argument("email")
@click.option("--zone", "zone_slug", required=True, help="Zone slug.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
def grant(email, zone_slug, role):
    """Give an existing account a role in a zone (replacing its role there)."""
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    grant_role(user, _zone(zone_slug), Role(role))
    db.session.commit()
    click.echo(f"{user.email} is now {role} in {zone_slug}")


@users_cli.command("list")
def list_command():
    """List accounts with their roles."""
    for user in list_users():
        roles = ", ".join(f"{r.role}@{r.zone.slug}" for r in user.roles)
        flags = " coordinator" if user.is_coordinator else ""
        flags += "" if user.active else " inactive"
        click.echo(f"{user.email}\t{user.name}{flags}\t{roles}")
