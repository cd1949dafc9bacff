"""The librarians' daily digest: per zone they manage, the ideas waiting for moderation, the
reported ideas and the reports the coordinator returned for changes, by e-mail.

Sent by `flask notify digest` (app.main.cli), which the system's scheduler runs once a day
(README, "Daily digest"). Counted with the queries the landing page uses (the cafés'
moderation_counts) and the plan's returned_reports: a fixed number of queries for everyone.
At most one digest per person and day, kept in the database (app.auth's DigestSent): a run
repeated, or two at once, send nothing twice; a digest with nothing in it is not sent.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from app.auth.models import Role, User
from app.auth.services import (
    claim_digest,
    confirm_digest,
    digest_recipients,
    forget_old_digests,
    release_digest,
)
from app.cafes.services import moderation_counts
from app.core.mail import send_mail, site_url
from app.plans.models import Report
from app.plans.services import returned_reports
from app.zones.models import Zone


@dataclass
class ZoneDigest:
    """What waits for a librarian in one of their zones, with the links to it."""

    zone: Zone
    pending: int = 0
    reported: int = 0
    returned: list[Report] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.pending or self.reported or self.returned)

    @property
    def pending_url(self) -> str:
        return site_url("cafes.queue", zone_slug=self.zone.slug, status="pending")

    @property
    def reported_url(self) -> str:
        # The queue lists hidden and reported ideas right after the pending ones (as on /work).
        return site_url("cafes.queue", zone_slug=self.zone.slug)

    def report_url(self, report: Report) -> str:
        return site_url("plans.report", zone_slug=self.zone.slug, number=report.number)


@dataclass
class Digest:
    """One person's digest: their zones with something waiting, by town."""

    user: User
    zones: list[ZoneDigest]

    @property
    def anything(self) -> bool:
        return bool(self.zones)


@dataclass
class DigestRun:
    """What a run did: digests sent, and those not sent because empty, sent already (by an
    earlier or a concurrent run) or refused by the SMTP server."""

    sent: int = 0
    empty: int = 0
    already: int = 0
    failed: int = 0
    digests: list[Digest] = field(default_factory=list)


def digests() -> list[Digest]:
    """Every recipient's digest, empty ones included. Four queries for any number of people
    and zones."""
    people = digest_recipients()
    managed = {
        user.id: [role.zone for role in user.roles_by_town if Role(role.role) is Role.LIBRARIAN]
        for user in people
    }
    zone_ids = sorted({zone.id for zones in managed.values() for zone in zones})
    counts = moderation_counts(zone_ids)
    returned = returned_reports(zone_ids)
    found = []
    for user in people:
        zones = [
            ZoneDigest(
                zone=zone,
                pending=counts[zone.id]["pending"],
                reported=counts[zone.id]["reported"],
                returned=returned[zone.id],
            )
            for zone in managed[user.id]
        ]
        found.append(Digest(user=user, zones=[zone for zone in zones if zone.anything]))
    return found


def send_digest(digest: Digest) -> None:
    """E-mail one digest, in its recipient's language (raises OSError when SMTP fails)."""
    send_mail(
        digest.user.email, "digest", digest.user.language,
        user=digest.user, zones=digest.zones, account_url=site_url("auth.account"),
    )  # fmt: skip


def send_digests(day: date, *, dry_run: bool = False) -> DigestRun:
    """Send the day's digests that have something in them and were not sent yet. Each is
    recorded (committed) before it leaves and confirmed after; one the SMTP server refuses
    is forgotten, for the next run to try again. A dry run sends and records nothing."""
    run = DigestRun()
    for digest in digests():
        if not digest.anything:
            run.empty += 1
            continue
        if dry_run:
            run.digests.append(digest)
            continue
        claim = claim_digest(digest.user, day)
        if claim is None:
            run.already += 1
            continue
        try:
            send_digest(digest)
        except OSError:
            current_app.logger.exception(
                "The daily digest to user %s could not be sent", digest.user.id
            )
            release_digest(claim)
            run.failed += 1
            continue
        confirm_digest(claim)
        run.sent += 1
        run.digests.append(digest)
    if not dry_run:
        forget_old_digests(day)
    return run
