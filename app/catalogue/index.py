"""Keeping the search index (SearchRow) in step with the plans, ideas and zones it copies.

How it stays fresh: a session listener notes, at each flush, which zones' entries may have
changed (a published plan, its actions or budget lines; an idea chosen, implemented or
leaving those statuses, or hidden; a zone's town, library, region or population), and just
before the transaction commits it rebuilds those zones' rows, in a fixed number of queries
whatever their number (the same transaction: the index never shows what was rolled back).
Pages that only read (GET) never write to it. `reindex_all()` (and `flask catalogue
reindex`) rebuilds everything, for data changed outside the ORM (bulk SQL) or an index made
before a change to what it holds.
"""

from collections.abc import Iterable

from sqlalchemy import delete, event, insert, inspect, select
from sqlalchemy.orm import Session, selectinload

from app.cafes.models import Board, Cafe, Idea, IdeaStatus
from app.catalogue.models import CostBand, EntryKind, EntryTheme, SearchRow, SizeBand
from app.catalogue.search import fold
from app.extensions import db
from app.plans.models import Action, BudgetLine, FundSource, Plan, PlanStatus
from app.zones.models import Zone

PENDING = "catalogue_pending"  # session.info key: {"zones": set(), "plans": set()}
LISTED_IDEA_STATUSES = (IdeaStatus.CHOSEN.value, IdeaStatus.IMPLEMENTED.value)
ZONE_FIELDS = ("town", "library_name", "region", "population")
SMALL_MAX = 2_000_00  # grosze
MEDIUM_MAX = 5_000_00
SMALL_TOWN = 20_000
LARGE_TOWN = 50_000


def cost_band(total: int | None) -> CostBand | None:
    """The band of a planned total in grosze (None: no money planned)."""
    if total is None:
        return None
    if total <= SMALL_MAX:
        return CostBand.SMALL
    if total <= MEDIUM_MAX:
        return CostBand.MEDIUM
    return CostBand.LARGE


def size_band(population: int | None) -> SizeBand | None:
    """The band of a town's number of residents (None when not known)."""
    if population is None:
        return None
    if population < SMALL_TOWN:
        return SizeBand.SMALL
    if population <= LARGE_TOWN:
        return SizeBand.MEDIUM
    return SizeBand.LARGE


def action_money(lines: Iterable[BudgetLine]) -> tuple[int, int]:
    """The grant and the library's own money planned on these budget lines, in grosze."""
    grant = sum(line.amount for line in lines if line.source == FundSource.GRANT)
    own = sum(line.amount for line in lines if line.source == FundSource.OWN)
    return grant, own


# Reading what is public


def listed_actions(zone_ids: Iterable[int] | None = None) -> list[Action]:
    """Every action of a published plan (of these zones), with what its entry shows."""
    stmt = (
        select(Action)
        .join(Action.plan)
        .where(Plan.status == PlanStatus.PUBLISHED.value)
        .options(
            selectinload(Action.plan).selectinload(Plan.zone),
            selectinload(Action.ideas),
            selectinload(Action.findings),
            selectinload(Action.budget_lines),
        )
        .order_by(Action.id)
    )
    if zone_ids is not None:
        stmt = stmt.where(Plan.zone_id.in_(list(zone_ids)))
    return list(db.session.scalars(stmt))


def listed_ideas(zone_ids: Iterable[int] | None, carried: set[int]) -> list[Idea]:
    """The ideas chosen or implemented, shown to residents, that no listed action carries
    (those are inside the action's entry); with their café's findings."""
    stmt = (
        select(Idea)
        .where(
            Idea.status.in_(LISTED_IDEA_STATUSES),
            Idea.hidden.is_(False),
            Idea.merged_into_id.is_(None),
        )
        .options(selectinload(Idea.board).selectinload(Board.cafe).selectinload(Cafe.findings))
        .order_by(Idea.id)
    )
    if zone_ids is not None:
        stmt = stmt.where(Idea.zone_id.in_(list(zone_ids)))
    return [idea for idea in db.session.scalars(stmt) if idea.id not in carried]


def _zone_words(zone: Zone) -> list[str]:
    return [zone.town, zone.library_name, zone.region]


def _action_row(action: Action) -> dict:
    zone = action.plan.zone
    grant, own = action_money(action.budget_lines)
    planned = grant + own if action.budget_lines else None
    texts = [action.title, action.description, *_zone_words(zone)]
    texts += [f"{idea.title} {idea.description}" for idea in action.ideas]
    texts += [finding.text for finding in action.findings]
    return {
        "kind": EntryKind.ACTION.value, "source_id": action.id, "zone_id": zone.id,
        "title": action.title, "heading": fold(action.title), "document": fold(" ".join(texts)),
        "status": action.status,
        "grant": grant if planned is not None else None,
        "own": own if planned is not None else None,
        "cost_band": _value(cost_band(planned)), "size_band": _value(size_band(zone.population)),
        "region": zone.region, "source_updated_at": action.updated_at,
    }  # fmt: skip


def _idea_row(idea: Idea, zone: Zone) -> dict:
    texts = [idea.title, idea.description, *_zone_words(zone)]
    texts += [finding.text for finding in idea.board.cafe.findings]
    return {
        "kind": EntryKind.IDEA.value, "source_id": idea.id, "zone_id": zone.id,
        "title": idea.title, "heading": fold(idea.title), "document": fold(" ".join(texts)),
        "status": idea.status,
        "grant": None, "own": None, "cost_band": None,
        "size_band": _value(size_band(zone.population)), "region": zone.region,
        "source_updated_at": idea.updated_at,
    }  # fmt: skip


def _value(band) -> str | None:
    return band.value if band is not None else None


# Rebuilding


def reindex_zones(zone_ids: Iterable[int] | None) -> int:
    """Rebuild the index rows of these zones (None: of every zone); the number of rows.
    Six queries whatever the number of zones and entries."""
    ids = None if zone_ids is None else sorted(set(zone_ids))
    if ids == []:
        return 0
    actions = listed_actions(ids)
    carried = {idea.id for action in actions for idea in action.ideas}
    ideas = listed_ideas(ids, carried)
    zones = {action.plan.zone.id: action.plan.zone for action in actions}
    missing = {idea.zone_id for idea in ideas} - zones.keys()
    if missing:
        zones |= {z.id: z for z in db.session.scalars(select(Zone).where(Zone.id.in_(missing)))}
    rows = [_action_row(action) for action in actions]
    rows += [_idea_row(idea, zones[idea.zone_id]) for idea in ideas]
    clear = delete(SearchRow)
    if ids is not None:
        clear = clear.where(SearchRow.zone_id.in_(ids))
    db.session.execute(clear)
    if rows:
        db.session.execute(insert(SearchRow), rows)
    return len(rows)


def reindex_all() -> int:
    """Rebuild the whole index (flushes); the number of entries."""
    return reindex_zones(None)


def fill_if_empty() -> int:
    """Build the index if it has no row yet (`flask db upgrade` calls it once the schema is
    at its head: a database that had plans before the catalogue existed); commits. The
    number of entries indexed."""
    if db.session.scalar(select(SearchRow.id).limit(1)) is not None:
        return 0
    count = reindex_all()
    db.session.commit()
    return count


# Noting what changed, and rebuilding it before the commit


def _changed(obj, names: Iterable[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _was_listed_idea(idea: Idea) -> bool:
    history = inspect(idea).attrs.status.history
    statuses = {*history.added, *history.deleted, *history.unchanged, idea.status}
    return bool(statuses & set(LISTED_IDEA_STATUSES))


def _note(session: Session, _context) -> None:
    pending = session.info.setdefault(PENDING, {"zones": set(), "plans": set()})
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Action | BudgetLine):
            if obj.plan_id is not None:
                pending["plans"].add(obj.plan_id)
        elif isinstance(obj, Plan):
            if obj.zone_id is not None and (obj.is_published or _changed(obj, ("status",))):
                pending["zones"].add(obj.zone_id)
        elif isinstance(obj, Idea):
            if obj.zone_id is not None and _was_listed_idea(obj):
                pending["zones"].add(obj.zone_id)
        elif isinstance(obj, Zone) and (obj in session.deleted or _changed(obj, ZONE_FIELDS)):
            pending["zones"].add(obj.id)


def _rebuild(session: Session) -> None:
    # The commit's own flush comes after this: flush first so that its changes are noted.
    if session.new or session.dirty or session.deleted:
        session.flush()
    pending = session.info.pop(PENDING, None)
    if not pending or not (pending["zones"] or pending["plans"]):
        return
    zone_ids = set(pending["zones"])
    if pending["plans"]:
        zone_ids |= set(
            session.scalars(
                select(Plan.zone_id).where(
                    Plan.id.in_(pending["plans"]), Plan.status == PlanStatus.PUBLISHED.value
                )
            )
        )
    zone_ids &= set(session.scalars(select(Zone.id).where(Zone.id.in_(zone_ids))))
    if zone_ids:
        reindex_zones(zone_ids)
    forget_themes_of_gone_entries()


def forget_themes_of_gone_entries() -> None:
    """Drop the themes of actions and ideas that no longer exist (deleted with their plan or
    zone), so that a later row given the same id (SQLite may reuse one) starts bare."""
    for kind, source in ((EntryKind.ACTION, Action.id), (EntryKind.IDEA, Idea.id)):
        db.session.execute(
            delete(EntryTheme).where(
                EntryTheme.kind == kind.value, EntryTheme.entry_id.not_in(select(source))
            )
        )


def _forget(session: Session, *_args) -> None:
    session.info.pop(PENDING, None)


event.listen(Session, "after_flush", _note)
event.listen(Session, "before_commit", _rebuild)
event.listen(Session, "after_rollback", _forget)
