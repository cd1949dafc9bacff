"""Adoption with lineage: a librarian adopts a catalogue entry (an action of a published plan,
or a chosen or implemented idea) into their own zone, as a seed idea on one of its boards or
as a draft action of its plan, saying how they adapted it. The copy keeps a link to where it
came from (and the origin's title and town, should the origin be deleted); the origin shows
where it travelled and whether it worked there.

A zone's partner libraries (a small gminna library of the county need not have an account)
take entries up too: a librarian of the zone records it (PartnerUptake).

A zone adopts an origin at most once as an idea and once as an action (an idea for the
residents to talk over first, the action once it is decided); a second try of the same kind
leads to the copy it already has.

Functions flush and never commit: the view commits once per request.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    UniqueConstraint,
    func,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import (
    Mapped,
    aliased,
    contains_eager,
    mapped_column,
    relationship,
    selectinload,
)

from app.audit.models import AuditEntry
from app.audit.services import Words, changes_in_words, plain_value, record, register_words
from app.auth.models import Role, User
from app.cafes import models as cafes_models
from app.cafes.models import (
    VISIBLE_STATUSES,
    Board,
    Cafe,
    Idea,
    IdeaChannel,
    IdeaStatus,
)
from app.catalogue import services as catalogue_services
from app.catalogue.index import LISTED_IDEA_STATUSES
from app.catalogue.models import EntryKind
from app.core.collation import polish_key
from app.core.time import utcnow
from app.extensions import db
from app.plans import models as plans_models
from app.plans import services as plans_services
from app.plans.models import (
    Action,
    ActionStatus,
    Partner,
    PartnerKind,
    Plan,
    PlanStatus,
    Report,
    action_ideas,
)
from app.zones.access import can_manage_zone, can_see_zone_team
from app.zones.models import Zone
from app.zones.services import list_zones

NOTE_MAX = 1000
IDEA_TITLE_MAX = cafes_models.TITLE_MAX
ACTION_TITLE_MAX = plans_models.TITLE_MAX
DESCRIPTION_MAX = cafes_models.DESCRIPTION_MAX  # what a seed idea holds; an action gets as much


def _in(column: str) -> str:
    return f"{column} IN ('action', 'idea')"


class Adoption(db.Model):
    """One zone's copy of a catalogue entry: a seed idea on its board or an action of its
    plan, with the librarian's note on how they adapted it."""

    __tablename__ = "catalogue_adoptions"
    __table_args__ = (
        CheckConstraint(_in("origin_kind"), name="origin_kind_known"),
        CheckConstraint(_in("copy_kind"), name="copy_kind_known"),
        CheckConstraint(
            "origin_action_id IS NULL OR origin_kind = 'action'", name="origin_action_kind"
        ),
        CheckConstraint("origin_idea_id IS NULL OR origin_kind = 'idea'", name="origin_idea_kind"),
        CheckConstraint(
            "(copy_kind = 'idea' AND copy_idea_id IS NOT NULL AND copy_action_id IS NULL) OR "
            "(copy_kind = 'action' AND copy_action_id IS NOT NULL AND copy_idea_id IS NULL)",
            name="one_copy",
        ),
        CheckConstraint("length(note) > 0", name="note_not_empty"),
        UniqueConstraint(
            "zone_id", "origin_action_id", "copy_kind", name="uq_catalogue_adoptions_action_once"
        ),
        UniqueConstraint(
            "zone_id", "origin_idea_id", "copy_kind", name="uq_catalogue_adoptions_idea_once"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The origin: an action or an idea of another zone (None once it is deleted: the
    # snapshot below still says what and where it was).
    origin_kind: Mapped[str] = mapped_column(String(8))
    origin_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_actions.id", ondelete="SET NULL"), index=True
    )
    origin_idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True
    )
    origin_title: Mapped[str] = mapped_column(String(ACTION_TITLE_MAX))
    origin_town: Mapped[str] = mapped_column(String(100))
    origin_library: Mapped[str] = mapped_column(String(200))
    # The adopting zone and its copy (exactly one of the two).
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    copy_kind: Mapped[str] = mapped_column(String(8))
    copy_idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), unique=True
    )
    copy_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_actions.id", ondelete="CASCADE"), unique=True
    )
    note: Mapped[str] = mapped_column(String(NOTE_MAX))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    zone: Mapped[Zone] = relationship()
    origin_action: Mapped[Action | None] = relationship(foreign_keys=[origin_action_id])
    origin_idea: Mapped[Idea | None] = relationship(foreign_keys=[origin_idea_id])
    copy_idea: Mapped[Idea | None] = relationship(foreign_keys=[copy_idea_id])
    copy_action: Mapped[Action | None] = relationship(foreign_keys=[copy_action_id])
    created_by: Mapped[User | None] = relationship()

    @property
    def origin(self) -> Action | Idea | None:
        return self.origin_action if self.origin_kind == EntryKind.ACTION else self.origin_idea

    @property
    def copy(self) -> Action | Idea | None:
        return self.copy_action if self.copy_kind == EntryKind.ACTION else self.copy_idea

    def __repr__(self) -> str:
        return f"<Adoption {self.id} into zone {self.zone_id}>"


class PartnerUptake(db.Model):
    """A partner library of a zone took a catalogue entry up, as a librarian of the zone
    recorded it (the partner library has no account)."""

    __tablename__ = "catalogue_partner_uptakes"
    __table_args__ = (
        CheckConstraint(_in("origin_kind"), name="origin_kind_known"),
        CheckConstraint(
            "origin_action_id IS NULL OR origin_kind = 'action'", name="origin_action_kind"
        ),
        CheckConstraint("origin_idea_id IS NULL OR origin_kind = 'idea'", name="origin_idea_kind"),
        CheckConstraint("length(note) > 0", name="note_not_empty"),
        UniqueConstraint(
            "partner_id", "origin_action_id", name="uq_catalogue_partner_uptakes_action_once"
        ),
        UniqueConstraint(
            "partner_id", "origin_idea_id", name="uq_catalogue_partner_uptakes_idea_once"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("plan_partners.id", ondelete="CASCADE"), index=True
    )
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    origin_kind: Mapped[str] = mapped_column(String(8))
    origin_action_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_actions.id", ondelete="SET NULL"), index=True
    )
    origin_idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True
    )
    origin_title: Mapped[str] = mapped_column(String(ACTION_TITLE_MAX))
    origin_town: Mapped[str] = mapped_column(String(100))
    origin_library: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(NOTE_MAX))
    taken_up_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partner: Mapped[Partner] = relationship()
    zone: Mapped[Zone] = relationship()
    origin_action: Mapped[Action | None] = relationship(foreign_keys=[origin_action_id])
    origin_idea: Mapped[Idea | None] = relationship(foreign_keys=[origin_idea_id])


# The origin: a public catalogue entry ------------------------------------------------------


def public_origin(kind: str, entry_id: int) -> Action | Idea:
    """The public catalogue entry `kind`/`entry_id` (the catalogue's own rule: an action of a
    published plan, or a chosen or implemented idea that no listed action carries); else 404."""
    origin = catalogue_services.entry_origin(kind, entry_id)
    if origin is None:
        abort(404)
    return origin


def entry_kind(origin: Action | Idea) -> EntryKind:
    return EntryKind.ACTION if isinstance(origin, Action) else EntryKind.IDEA


def origin_zone(origin: Action | Idea) -> Zone:
    """The zone an entry belongs to."""
    zone_id = origin.plan.zone_id if isinstance(origin, Action) else origin.zone_id
    return db.session.get(Zone, zone_id)


def entry_url(kind: str, entry_id: int) -> str:
    """The entry's catalogue page."""
    return url_for("catalogue.entry", kind=str(kind), entry_id=entry_id)


def _origin_columns(origin: Action | Idea) -> dict:
    zone = origin_zone(origin)
    kind = entry_kind(origin)
    return {
        "origin_kind": kind.value,
        "origin_action_id": origin.id if kind is EntryKind.ACTION else None,
        "origin_idea_id": origin.id if kind is EntryKind.IDEA else None,
        "origin_title": origin.title[:ACTION_TITLE_MAX],
        "origin_town": zone.town,
        "origin_library": zone.library_name,
    }


def _origin_filter(model, origin: Action | Idea):
    if entry_kind(origin) is EntryKind.ACTION:
        return model.origin_action_id == origin.id
    return model.origin_idea_id == origin.id


# Who adopts where ----------------------------------------------------------------------------


def managed_zones(user: User) -> list[Zone]:
    """The zones `user` runs (every zone for the coordinator), by town."""
    if not user.is_authenticated:
        return []
    if user.is_coordinator:
        return list_zones()
    zones = [role.zone for role in user.roles if Role(role.role) is Role.LIBRARIAN]
    return sorted(zones, key=lambda zone: (polish_key(zone.town), zone.slug))


def adoptable_zones(user: User, origin: Action | Idea) -> list[Zone]:
    """The zones `user` may adopt the entry into: the ones they run, but the entry's own."""
    own = origin_zone(origin).id
    return [zone for zone in managed_zones(user) if zone.id != own]


def may_adopt(user: User, origin: Action | Idea) -> bool:
    """A librarian (or the coordinator) of at least one zone other than the entry's."""
    return bool(adoptable_zones(user, origin))


def zone_boards(zone: Zone) -> list[Board]:
    """The boards of the zone's cafés, the latest café first, by table."""
    return list(
        db.session.scalars(
            select(Board)
            .join(Board.cafe)
            .where(Cafe.zone_id == zone.id)
            .order_by(Cafe.starts_at.desc(), Cafe.id, Board.position)
        )
    )


def existing_adoption(zone: Zone, origin: Action | Idea, copy_kind: str) -> Adoption | None:
    """The zone's copy of the entry of that kind, if it has one."""
    return db.session.scalar(
        select(Adoption).where(
            Adoption.zone_id == zone.id,
            Adoption.copy_kind == str(copy_kind),
            _origin_filter(Adoption, origin),
        )
    )


def zone_adoptions_of(zone: Zone, origin: Action | Idea) -> list[Adoption]:
    """The zone's copies of the entry (at most one of each kind)."""
    return list(
        db.session.scalars(
            select(Adoption)
            .where(Adoption.zone_id == zone.id, _origin_filter(Adoption, origin))
            .order_by(Adoption.id)
        )
    )


def copy_url(adoption: Adoption) -> str:
    """The copy's page: the idea on its board, or the action in the plan."""
    zone = adoption.zone
    if adoption.copy_kind == EntryKind.ACTION:
        return url_for("plans.action", zone_slug=zone.slug, number=adoption.copy_action.number)
    return url_for("cafes.idea", zone_slug=zone.slug, idea_id=adoption.copy_idea_id)


# Adopting ------------------------------------------------------------------------------------


class AdoptionError(ValueError):
    """An adoption that is refused; the message is meant for the librarian."""


def _check_zone(user: User, zone: Zone, origin: Action | Idea) -> None:
    if not can_manage_zone(user, zone):
        raise PermissionError("not a librarian of the zone")
    if origin_zone(origin).id == zone.id:
        raise AdoptionError(_("The entry is already your zone's own: adopt it into another zone."))


def _note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise AdoptionError(_("Say how you adapted it for your zone."))
    if len(note) > NOTE_MAX:
        raise AdoptionError(_("The note is too long (at most %(max)d characters).", max=NOTE_MAX))
    return note


def _save_copy(make_copy) -> Adoption | None:
    """Make the copy and its adoption in a savepoint (`make_copy()` adds and flushes them and
    returns the adoption): when a double submit raced this one past the check, the copy the
    other one made is kept and this one is undone (None)."""
    try:
        with db.session.begin_nested():
            return make_copy()
    except IntegrityError:
        return None


def _audit_adoption(adoption: Adoption, user: User) -> None:
    record(
        "catalogue.adopt", "catalogue_adoption", adoption.id, actor_id=user.id,
        zone_id=adoption.zone_id,
        after={"title": adoption.origin_title, "town": adoption.origin_town,
               "copy": adoption.copy_kind, "note": adoption.note},
    )  # fmt: skip


def adopt_as_idea(
    origin: Action | Idea, zone: Zone, board: Board, user: User, *, title: str,
    description: str, note: str,
) -> tuple[Adoption, bool]:  # fmt: skip
    """A seed idea on the zone's board, published at once as a librarian's idea, copied from
    the entry (flushes). Returns the adoption and whether it is new (False: the zone had
    adopted the entry as an idea already, and that copy is returned)."""
    _check_zone(user, zone, origin)
    note = _note(note)
    existing = existing_adoption(zone, origin, EntryKind.IDEA)
    if existing is not None:
        return existing, False
    if board.cafe.zone_id != zone.id:
        raise PermissionError("a board of another zone")
    title, description = (title or "").strip(), (description or "").strip()
    if not title or len(title) > IDEA_TITLE_MAX:
        raise AdoptionError(
            _("Give the idea a title of at most %(max)d characters.", max=IDEA_TITLE_MAX)
        )
    now = utcnow()

    def make_copy() -> Adoption:
        idea = Idea(
            zone_id=zone.id, board_id=board.id, title=title,
            description=description[:DESCRIPTION_MAX], channel=IdeaChannel.LINK.value,
            status=IdeaStatus.PUBLISHED.value, created_by_id=user.id, published_at=now,
            created_at=now,
        )  # fmt: skip
        db.session.add(idea)
        db.session.flush()
        adoption = Adoption(
            **_origin_columns(origin), zone_id=zone.id, copy_kind=EntryKind.IDEA.value,
            copy_idea_id=idea.id, note=note, created_by_id=user.id,
        )  # fmt: skip
        db.session.add(adoption)
        db.session.flush()
        return adoption

    saved = _save_copy(make_copy)
    if saved is None:
        return existing_adoption(zone, origin, EntryKind.IDEA), False
    _audit_adoption(saved, user)
    record(
        "create_adopted", "idea", saved.copy_idea_id, actor_id=user.id, zone_id=zone.id,
        after={"title": title, "board_id": board.id, "status": IdeaStatus.PUBLISHED.value},
    )  # fmt: skip
    return saved, True


def adopt_as_action(
    origin: Action | Idea, zone: Zone, user: User, *, title: str, description: str, note: str,
) -> tuple[Adoption, bool]:  # fmt: skip
    """A planned action of the zone's plan (the next number), copied from the entry; a
    published plan gets a new version (flushes). Returns the adoption and whether it is
    new (False: the zone's copy as an action, made before)."""
    _check_zone(user, zone, origin)
    note = _note(note)
    existing = existing_adoption(zone, origin, EntryKind.ACTION)
    if existing is not None:
        return existing, False
    plan = plans_services.get_plan(zone)
    if plan is None:
        raise AdoptionError(_("Your zone has no plan yet: start it first."))
    title, description = (title or "").strip(), (description or "").strip()
    if not title or len(title) > ACTION_TITLE_MAX:
        raise AdoptionError(
            _("Give the action a title of at most %(max)d characters.", max=ACTION_TITLE_MAX)
        )

    def make_copy() -> Adoption:
        action = Action(
            plan=plan, number=plans_services.next_action_number(plan), title=title,
            description=description[:DESCRIPTION_MAX], status=ActionStatus.PLANNED.value,
        )  # fmt: skip
        db.session.add(action)
        db.session.flush()
        adoption = Adoption(
            **_origin_columns(origin), zone_id=zone.id, copy_kind=EntryKind.ACTION.value,
            copy_action_id=action.id, note=note, created_by_id=user.id,
        )  # fmt: skip
        db.session.add(adoption)
        db.session.flush()
        return adoption

    saved = _save_copy(make_copy)
    if saved is None:
        return existing_adoption(zone, origin, EntryKind.ACTION), False
    _audit_adoption(saved, user)
    action = saved.copy_action
    record(
        "plan.action_create", "plan_action", action.id, actor_id=user.id, zone_id=zone.id,
        after={"title": action.title},
    )  # fmt: skip
    plans_services.plan_changed(plan, user, f"action {action.number} added: {action.title}")
    return saved, True


# Lineage: where a copy came from, and where an origin travelled ---------------------------


@dataclass(frozen=True)
class AdoptedFrom:
    """What a copy's page says of its origin."""

    title: str
    town: str
    library: str
    note: str
    url: str | None  # None once the origin is gone, or no longer public


def _still_public(adoption: Adoption) -> bool:
    origin = adoption.origin
    if origin is None:
        return False
    if isinstance(origin, Action):
        return origin.plan.is_published
    return origin.status in LISTED_IDEA_STATUSES and not origin.hidden


def adopted_from(obj) -> AdoptedFrom | None:
    """Where an idea or an action was adopted from (None when it was not adopted). A
    template global: the cafés' idea page and the plan's action page ask it."""
    if isinstance(obj, Idea):
        where = Adoption.copy_idea_id == obj.id
    elif isinstance(obj, Action):
        where = Adoption.copy_action_id == obj.id
    else:
        return None
    adoption = db.session.scalar(select(Adoption).where(where))
    if adoption is None:
        return None
    url = None
    if _still_public(adoption):
        url = entry_url(adoption.origin_kind, adoption.origin.id)
    return AdoptedFrom(
        title=adoption.origin_title, town=adoption.origin_town,
        library=adoption.origin_library, note=adoption.note, url=url,
    )  # fmt: skip


@dataclass
class Travelled:
    """One zone's copy of an entry, as the entry's page shows it: where, when, how it was
    adapted, and whether it worked there (its status, indicators, the report's words)."""

    adoption: Adoption
    zone: Zone
    kind: EntryKind
    title: str
    url: str
    status_label: str
    done: bool = False
    indicators: list[dict] = field(default_factory=list)
    report_words: list[dict] = field(default_factory=list)
    # For a seed idea: the actions of the zone's plan it became part of.
    in_actions: list[dict] = field(default_factory=list)


def _public_copies(query):
    """Only copies anyone may see: actions of published plans, visible ideas."""
    copy_action, copy_idea = aliased(Action), aliased(Idea)
    return (
        query.outerjoin(copy_action, copy_action.id == Adoption.copy_action_id)
        .outerjoin(Plan, Plan.id == copy_action.plan_id)
        .outerjoin(copy_idea, copy_idea.id == Adoption.copy_idea_id)
        .where(
            or_(
                Plan.status == PlanStatus.PUBLISHED.value,
                copy_idea.status.in_([s.value for s in VISIBLE_STATUSES])
                & copy_idea.hidden.is_(False),
            )
        )
    )


def _report_words(reports: Sequence[Report], action: Action) -> list[dict]:
    """What the zone's submitted or accepted reports say of the action (residents read them)."""
    words = []
    for report in reports:
        figures = plans_services.public_report_figures(report)
        for entry in figures["actions"]:
            if entry["id"] == action.id and (entry["achieved"] or entry["lasting"]):
                words.append(
                    {"report": report, "achieved": entry["achieved"], "lasting": entry["lasting"]}
                )
    return words


def _ideas_actions(ideas: dict[int, Zone]) -> dict[int, list[dict]]:
    """For each idea (id: its zone), the actions of its zone's published plan (or of any
    plan, for the zone's own people) it is part of, by number. One query for all."""
    found: dict[int, list[dict]] = {idea_id: [] for idea_id in ideas}
    if not ideas:
        return found
    rows = db.session.execute(
        select(action_ideas.c.idea_id, Action)
        .join(Action, action_ideas.c.action_id == Action.id)
        .join(Action.plan)
        .where(action_ideas.c.idea_id.in_(list(ideas)))
        .options(contains_eager(Action.plan))
        .order_by(Action.number)
    )
    for idea_id, action in rows:
        zone = ideas[idea_id]
        if action.plan.zone_id != zone.id:
            continue
        if not action.plan.is_published and not can_see_zone_team(current_user, zone):
            continue
        found[idea_id].append({
            "number": action.number, "title": action.title,
            "status_label": str(action.state.label),
            "url": url_for("plans.action", zone_slug=zone.slug, number=action.number),
        })  # fmt: skip
    return found


def _is_public_copy(adoption: Adoption) -> bool:
    """The rule of _public_copies for a loaded adoption: an action of a published plan, or a
    visible idea."""
    if adoption.copy_kind == EntryKind.ACTION:
        return adoption.copy_action is not None and adoption.copy_action.plan.is_published
    return adoption.copy_idea is not None and adoption.copy_idea.visible


def lineage(origin: Action | Idea) -> list[Travelled]:
    """Where the entry travelled: each public copy (and, for a zone's own people, their
    zone's copies in a draft plan too), the latest first. Five queries however many zones
    adopted it."""
    adoptions = db.session.scalars(
        select(Adoption)
        .where(_origin_filter(Adoption, origin))
        .options(
            selectinload(Adoption.zone),
            selectinload(Adoption.copy_action).selectinload(Action.plan),
            selectinload(Adoption.copy_action).selectinload(Action.indicators),
            selectinload(Adoption.copy_idea),
        )
        .order_by(Adoption.created_at.desc(), Adoption.id)
    )
    shown = [
        adoption for adoption in adoptions
        if adoption.copy is not None
        and (_is_public_copy(adoption) or can_see_zone_team(current_user, adoption.zone))
    ]  # fmt: skip
    reports = plans_services.public_reports_of(
        {a.copy_action.plan for a in shown if a.copy_kind == EntryKind.ACTION}
    )
    in_actions = _ideas_actions(
        {a.copy_idea.id: a.zone for a in shown if a.copy_kind == EntryKind.IDEA}
    )
    return [_travelled(adoption, reports, in_actions) for adoption in shown]


def _travelled(
    adoption: Adoption, reports: dict[int, list[Report]], in_actions: dict[int, list[dict]]
) -> Travelled:
    zone = adoption.zone
    if adoption.copy_kind == EntryKind.ACTION:
        action = adoption.copy_action
        return Travelled(
            adoption=adoption, zone=zone, kind=EntryKind.ACTION, title=action.title,
            url=copy_url(adoption), status_label=str(action.state.label),
            done=action.status == ActionStatus.DONE,
            indicators=[
                {"name": i.name, "unit": i.unit, "target": i.target, "achieved": i.achieved,
                 "share": i.reached_share}
                for i in action.indicators
            ],
            report_words=_report_words(reports.get(action.plan_id, []), action),
        )  # fmt: skip
    idea = adoption.copy_idea
    return Travelled(
        adoption=adoption, zone=zone, kind=EntryKind.IDEA, title=idea.title,
        url=copy_url(adoption), status_label=str(idea.state.resident_label),
        done=idea.status == IdeaStatus.IMPLEMENTED, in_actions=in_actions.get(idea.id, []),
    )  # fmt: skip


def zones_count(travelled: Sequence[Travelled]) -> int:
    """In how many zones the entry lives on (a zone's idea and action count once)."""
    return len({entry.zone.id for entry in travelled})


def adoption_counts(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """For the catalogue's list: in how many zones each entry (kind, id) lives on, counting
    public copies only. One query, whatever the number of entries."""
    keys = [(str(kind), int(entry_id)) for kind, entry_id in keys]
    counts = dict.fromkeys(keys, 0)
    actions = [entry_id for kind, entry_id in keys if kind == EntryKind.ACTION]
    ideas = [entry_id for kind, entry_id in keys if kind == EntryKind.IDEA]
    if not keys or not (actions or ideas):
        return counts
    query = _public_copies(
        select(
            Adoption.origin_kind,
            func.coalesce(Adoption.origin_action_id, Adoption.origin_idea_id),
            func.count(func.distinct(Adoption.zone_id)),
        )
    ).where(
        or_(
            Adoption.origin_action_id.in_(actions or [-1]),
            Adoption.origin_idea_id.in_(ideas or [-1]),
        )
    )
    for kind, entry_id, n in db.session.execute(
        query.group_by(
            Adoption.origin_kind, func.coalesce(Adoption.origin_action_id, Adoption.origin_idea_id)
        )
    ):
        counts[(kind, entry_id)] = n
    return counts


# Partner libraries' uptake -----------------------------------------------------------------


def partner_libraries(zone: Zone) -> list[Partner]:
    """The zone's partners that are libraries (e.g. a gminna library of the county)."""
    return list(
        db.session.scalars(
            select(Partner)
            .where(Partner.zone_id == zone.id, Partner.kind == PartnerKind.LIBRARY.value)
            .order_by(Partner.name, Partner.id)
        )
    )


def existing_uptake(partner: Partner, origin: Action | Idea) -> PartnerUptake | None:
    return db.session.scalar(
        select(PartnerUptake).where(
            PartnerUptake.partner_id == partner.id, _origin_filter(PartnerUptake, origin)
        )
    )


def record_uptake(
    origin: Action | Idea, partner: Partner, user: User, *, note: str, taken_up_on: date,
) -> tuple[PartnerUptake, bool]:  # fmt: skip
    """Record that a partner library of the zone took the entry up (flushes). The partner
    must be a library of a zone `user` runs. Returns the uptake and whether it is new."""
    zone = db.session.get(Zone, partner.zone_id)
    if not can_manage_zone(user, zone) or partner.kind != PartnerKind.LIBRARY:
        raise PermissionError("not a partner library of a zone the user runs")
    note = _note(note)
    existing = existing_uptake(partner, origin)
    if existing is not None:
        return existing, False
    uptake = PartnerUptake(
        **_origin_columns(origin), partner_id=partner.id, zone_id=zone.id, note=note,
        taken_up_on=taken_up_on, recorded_by_id=user.id,
    )  # fmt: skip
    try:
        with db.session.begin_nested():
            db.session.add(uptake)
            db.session.flush()
    except IntegrityError:
        return existing_uptake(partner, origin), False
    record(
        "catalogue.uptake", "catalogue_uptake", uptake.id, actor_id=user.id,
        zone_id=zone.id,
        after={"partner": partner.name, "title": uptake.origin_title,
               "town": uptake.origin_town, "note": uptake.note},
    )  # fmt: skip
    return uptake, True


def uptakes_of(origin: Action | Idea) -> list[PartnerUptake]:
    """The partner libraries that took the entry up, the latest first."""
    return list(
        db.session.scalars(
            select(PartnerUptake)
            .where(_origin_filter(PartnerUptake, origin))
            .order_by(PartnerUptake.taken_up_on.desc(), PartnerUptake.id.desc())
        )
    )


@dataclass
class Uptake:
    """What a zone (or, for the coordinator, every zone) took up from the catalogue."""

    adoptions: list[Adoption] = field(default_factory=list)
    partners: list[PartnerUptake] = field(default_factory=list)


def uptake(zone: Zone | None = None) -> Uptake:
    """The zone's adoptions and its partner libraries' uptake (every zone's without one),
    the latest first. Two queries and their relations."""
    adoptions = select(Adoption).order_by(Adoption.created_at.desc(), Adoption.id.desc())
    partners = select(PartnerUptake).order_by(
        PartnerUptake.taken_up_on.desc(), PartnerUptake.id.desc()
    )
    if zone is not None:
        adoptions = adoptions.where(Adoption.zone_id == zone.id)
        partners = partners.where(PartnerUptake.zone_id == zone.id)
    return Uptake(
        adoptions=list(db.session.scalars(adoptions)),
        partners=list(db.session.scalars(partners)),
    )


def origin_url(row: Adoption | PartnerUptake) -> str | None:
    """The origin's catalogue page, while it is public (None once it is gone)."""
    origin = row.origin_action if row.origin_kind == EntryKind.ACTION else row.origin_idea
    if origin is None:
        return None
    if isinstance(origin, Action) and not origin.plan.is_published:
        return None
    if isinstance(origin, Idea) and (origin.status not in LISTED_IDEA_STATUSES or origin.hidden):
        return None
    return entry_url(row.origin_kind, origin.id)


def uptake_rows(found: Uptake) -> list[list]:
    """The coordinator's spreadsheet: one row per adoption and per partner library's uptake."""
    rows = [[
        _("Zone"), _("Who took it up"), _("How"), _("Entry"), _("From"), _("Note"), _("When"),
    ]]  # fmt: skip
    for adoption in found.adoptions:
        rows.append([
            adoption.zone.town, adoption.zone.library_name,
            str(EntryKind(adoption.copy_kind).copy_label), adoption.origin_title,
            adoption.origin_town, adoption.note, adoption.created_at,
        ])  # fmt: skip
    for row in found.partners:
        rows.append([
            row.zone.town, row.partner.name, _("partner library's uptake"), row.origin_title,
            row.origin_town, row.note, row.taken_up_on.isoformat(),
        ])  # fmt: skip
    return rows


# The audit log in words


def _audit_labels() -> dict[str, str]:
    return {
        "title": _("Entry"), "town": _("From"), "copy": _("How"), "note": _("Note"),
        "partner": _("Partner library"),
    }  # fmt: skip


def _audit_value(name: str, value) -> str:
    if name == "copy" and value in (EntryKind.ACTION, EntryKind.IDEA):
        return str(EntryKind(value).copy_label)
    return plain_value(value)


def describe(entry: AuditEntry) -> Words:
    """An adoption's or a partner library's uptake's entry in words."""
    after = entry.after or {}
    changes = changes_in_words(
        entry, _audit_labels(), _audit_value, frozenset({"title", "note", "partner"})
    )
    subject = _("Catalogue entry “%(title)s”", title=after.get("title", "—"))
    if entry.subject_type == "catalogue_uptake":
        return Words(_("a partner library's uptake recorded"), subject, changes)
    return Words(_("adopted into the zone"), subject, changes)


for _kind in ("catalogue_adoption", "catalogue_uptake"):
    register_words(_kind, describe)
