"""Zone rules: listing, creating and editing zones, and who may do what in a zone."""

import re

from blinker import Namespace
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.auth.models import Role, ZoneRole
from app.core.collation import polish, polish_key
from app.core.text import slugify
from app.extensions import db
from app.zones.models import Zone

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DETAILS = ("slug", "library_name", "town", "region", "population", "is_pilot", "description")

# Sent (with the zone, and action=, before=, after=) when a zone is created or its details
# change, so that the audit log, which sits above zones, records it.
zone_changed = Namespace().signal("zone-changed")

SLUG_MAX_LENGTH = 60

# The sixteen voivodeships, as they are written in Polish (lower case, as in official use),
# in Polish alphabetical order.
VOIVODESHIPS = (
    "dolnośląskie",
    "kujawsko-pomorskie",
    "lubelskie",
    "lubuskie",
    "łódzkie",
    "małopolskie",
    "mazowieckie",
    "opolskie",
    "podkarpackie",
    "podlaskie",
    "pomorskie",
    "śląskie",
    "świętokrzyskie",
    "warmińsko-mazurskie",
    "wielkopolskie",
    "zachodniopomorskie",
)


class SlugTakenError(Exception):
    """Another zone took the slug between the check and the insert."""


def list_zones() -> list[Zone]:
    """All zones, by town in Polish alphabetical order (then by slug: two towns may share
    a name)."""
    return list(db.session.scalars(select(Zone).order_by(polish(Zone.town), Zone.slug)))


def get_zone(slug: str) -> Zone:
    """The zone with this slug, or 404."""
    return db.one_or_404(select(Zone).where(Zone.slug == slug))


def slug_taken(slug: str) -> bool:
    """Whether a zone already uses this slug."""
    return db.session.scalar(select(func.count()).where(Zone.slug == slug)) > 0


def suggest_slug(town: str) -> str:
    """A free slug made from the town's name: "Łeba" -> "leba", or "leba-2" when taken."""
    base = slugify(town)[: SLUG_MAX_LENGTH - 4].strip("-") or "strefa"
    if len(base) < 2:
        base = f"strefa-{base}"
    slug, n = base, 1
    while slug_taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_zone(**fields) -> Zone:
    """Add a zone (flushes, does not commit); SlugTakenError when another zone took the slug
    meanwhile (the unique constraint decides a race between two coordinators)."""
    zone = Zone(**fields)
    try:
        with db.session.begin_nested():
            db.session.add(zone)
    except IntegrityError as error:
        raise SlugTakenError(fields.get("slug")) from error
    after = {name: getattr(zone, name) for name in DETAILS}
    zone_changed.send(zone, action="zone.create", before={}, after=after)
    return zone


def update_zone(zone: Zone, **fields) -> Zone:
    """Change a zone's details; its slug stays, since posters and links point to it."""
    fields.pop("slug", None)
    before = {name: getattr(zone, name) for name in fields if getattr(zone, name) != fields[name]}
    for name, value in fields.items():
        setattr(zone, name, value)
    db.session.flush()
    if before:
        after = {name: fields[name] for name in before}
        zone_changed.send(zone, action="zone.update", before=before, after=after)
    return zone


PRIVACY = ("privacy_controller", "privacy_address", "privacy_dpo", "privacy_notice")


def update_privacy(zone: Zone, **fields) -> bool:
    """Change the zone's privacy notice (flushes); False when nothing changed. The audit log
    gets which fields changed, with their values (the library's words, no resident's)."""
    changed = {name: value for name, value in fields.items() if getattr(zone, name) != value}
    if not changed:
        return False
    before = {name: getattr(zone, name) for name in changed}
    for name, value in changed.items():
        setattr(zone, name, value)
    db.session.flush()
    zone_changed.send(zone, action="zone.privacy", before=before, after=changed)
    return True


def zone_team(zone: Zone) -> list[ZoneRole]:
    """The zone's librarians first, then its officials, each by name."""
    roles = db.session.scalars(
        select(ZoneRole).join(ZoneRole.user).where(ZoneRole.zone_id == zone.id)
    ).all()
    order = {Role.LIBRARIAN: 0, Role.OFFICIAL: 1}
    return sorted(roles, key=lambda r: (order[Role(r.role)], polish_key(r.user.name)))
