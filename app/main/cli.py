"""`flask purge`: residents' data deleted when the zones' privacy notices say it goes; and
`flask notify digest`: the librarians' daily digest (app.main.digest).


It composes the features' own rules (each deletes only its own data): unfinished survey
answers after PURGE_UNFINISHED_DAYS, the keyed hashes tying responses, ideas, supports
and reports to a device or an address after PURGE_DEVICE_LINK_DAYS, and residents' words
and answers in audit entries written before the log stopped keeping them (whatever
their age: the log keeps who changed which fields, not the values). Run it daily (README,
"Residents' data"). The audit log gets one entry a run: how many of each, and the cut-off
dates; nothing about any resident.
"""

from datetime import timedelta

import click
from flask import current_app
from flask_babel import gettext as _

from app.audit.services import Words, changes_in_words, record, register_words
from app.cafes.services import forget_ideas_words_in_audit
from app.cafes.services import purge_device_links as purge_idea_links
from app.core.time import utcnow
from app.extensions import db
from app.main.digest import send_digests
from app.surveys.services import forget_answers_in_audit, purge_unfinished
from app.surveys.services import purge_device_links as purge_response_links

RETENTION = "retention"  # the audit log's subject of purge runs (no record of its own: id 0)


def describe_purge(entry) -> Words:
    """A purge run in the audit log's words."""
    labels = {
        "unfinished_responses": _("Unfinished survey answers deleted"),
        "response_links": _("Survey responses unlinked from devices"),
        "idea_links": _("Ideas, supports and reports unlinked from devices"),
        "audit_entries": _("Audit entries cleared of residents' words and answers"),
        "unfinished_before": _("Unfinished answers last saved before"),
        "links_before": _("Links made before"),
    }
    return Words(
        _("residents' data deleted by the retention rules"), _("residents' data"),
        changes_in_words(entry, labels),
    )  # fmt: skip


register_words(RETENTION, describe_purge)


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted, delete nothing.")
def purge_command(dry_run: bool) -> None:
    """Delete residents' data older than the retention settings."""
    now = utcnow()
    unfinished_days = current_app.config["PURGE_UNFINISHED_DAYS"]
    link_days = current_app.config["PURGE_DEVICE_LINK_DAYS"]
    unfinished_before = now - timedelta(days=unfinished_days)
    links_before = now - timedelta(days=link_days)
    counts = {
        "unfinished_responses": purge_unfinished(unfinished_before, dry_run=dry_run),
        "response_links": purge_response_links(links_before, dry_run=dry_run),
        "idea_links": purge_idea_links(links_before, dry_run=dry_run),
        # Entries from before the audit log stopped keeping residents' words and answers.
        "audit_entries": forget_ideas_words_in_audit() + forget_answers_in_audit(),
    }
    verb = "would be cleared" if dry_run else "cleared"
    click.echo(
        f"Unfinished survey answers older than {unfinished_days} days: "
        f"{counts['unfinished_responses']} {'would be deleted' if dry_run else 'deleted'}."
    )
    click.echo(
        f"Device and address links older than {link_days} days: "
        f"{counts['response_links']} of survey responses, "
        f"{counts['idea_links']} of ideas, supports and reports {verb}."
    )
    click.echo(
        f"Audit entries holding residents' words or answers: {counts['audit_entries']} {verb}."
    )
    if dry_run:
        db.session.rollback()
        return
    record(
        "retention.purge", RETENTION, 0, actor_id=None, zone_id=None,
        after={
            **counts,
            "unfinished_before": unfinished_before.date().isoformat(),
            "links_before": links_before.date().isoformat(),
        },
    )  # fmt: skip
    db.session.commit()


@click.group("notify")
def notify_cli() -> None:
    """E-mails the app sends on its own."""


@notify_cli.command("digest")
@click.option("--dry-run", is_flag=True, help="List who would get a digest; send nothing.")
@click.option(
    "--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="The day the digest is for (YYYY-MM-DD; default: today, UTC): one digest a day.",
)  # fmt: skip
def digest_command(dry_run: bool, day) -> None:
    """Send each librarian the day's digest of what waits in their zones, once a day."""
    day = day.date() if day else utcnow().date()
    run = send_digests(day, dry_run=dry_run)
    if dry_run:
        for digest in run.digests:
            zones = ", ".join(
                f"{z.zone.town}: {z.pending} pending, {z.reported} reported, "
                f"{len(z.returned)} returned reports"
                for z in digest.zones
            )
            click.echo(f"Would send to {digest.user.email} ({digest.user.language}): {zones}")
        click.echo(
            f"Digests for {day.isoformat()}: {len(run.digests)} would be sent, "
            f"{run.empty} skipped (nothing to tell)."
        )
        return
    click.echo(
        f"Digests for {day.isoformat()}: {run.sent} sent, {run.empty} skipped (nothing to "
        f"tell), {run.already} skipped (sent already), {run.failed} failed."
    )
    if run.failed:
        raise SystemExit(1)
