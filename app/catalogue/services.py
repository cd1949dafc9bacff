"""The catalogue's rules: what is an entry, searching the entries, reading one, and the
programme themes given to them. Everything other features (the API, adoption, the
coordinator's pages) need of the catalogue is here.

Entries: every action of a published plan (of every status: a dropped one is shown as
dropped, with its reason), and every idea chosen for a plan or implemented, shown to
residents, that no listed action carries. An idea carried by a listed action is not an
entry of its own: it appears inside that action's entry ("the residents' idea behind it"),
so that one thing done is listed once. An entry is named by its kind and its source's id:
("action", Action.id) or ("idea", Idea.id).

Functions flush and never commit: the view commits once per request.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import url_for
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.cafes.models import Board, Cafe, Idea, IdeaStatus
from app.catalogue import index
from app.catalogue.models import (
    CostBand,
    EntryKind,
    EntryTheme,
    ProgrammeTheme,
    SearchRow,
    SizeBand,
)
from app.catalogue.search import match, query_terms, title_hits
from app.core.pagination import paginate
from app.extensions import db
from app.plans import services as plans_services
from app.plans.models import Action, ActionStatus, Goal, Plan, PlanStatus
from app.zones.access import can_manage_zone
from app.zones.models import Zone
from app.zones.services import VOIVODESHIPS

PER_PAGE = 20
STATUSES = (
    *(status.value for status in ActionStatus),
    IdeaStatus.CHOSEN.value,
    IdeaStatus.IMPLEMENTED.value,
)

cost_band = index.cost_band
size_band = index.size_band
reindex_all = index.reindex_all


def status_label(status: str) -> str:
    """An entry's status in words: an action's, or an idea's."""
    if status in {s.value for s in ActionStatus}:
        return ActionStatus(status).label
    return IdeaStatus(status).label


def status_choices() -> list[tuple[str, str]]:
    """The statuses the search offers, with their words."""
    return [(status, status_label(status)) for status in STATUSES]


# What a search returns, and what an entry's page (or the API) shows


@dataclass
class EntryIndicator:
    name: str
    unit: str
    target: int
    achieved: int | None
    reached_share: int | None


@dataclass
class EntryIdea:
    """A resident's idea behind an entry (or the entry itself)."""

    id: int
    title: str
    description: str
    status: str
    url: str


@dataclass
class EntryFinding:
    """A finding of the zone's diagnosis behind an entry."""

    id: int
    text: str
    figure: str | None


@dataclass
class ReportWords:
    """What a submitted or accepted report says about the entry (its public words)."""

    number: int
    kind: str
    period_start: date
    period_end: date
    status: str
    achieved: str
    participants: int | None
    lasting: str
    explanations: dict[str, str]  # indicator name -> why it is below target


@dataclass
class EntrySummary:
    """An entry as a list shows it: enough for a result card (and the API's list)."""

    kind: str
    id: int
    title: str
    status: str
    zone_id: int
    zone_slug: str
    library: str
    town: str
    population: int | None
    region: str
    grant: int | None  # grosze planned from the grant (None: an idea, no budget)
    own: int | None  # grosze planned from the library's own money
    themes: list[ProgrammeTheme]
    updated_at: datetime
    url: str

    @property
    def cost(self) -> int | None:
        """Grant and own money planned together, in grosze."""
        if self.grant is None and self.own is None:
            return None
        return (self.grant or 0) + (self.own or 0)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def cost_band(self) -> CostBand | None:
        return index.cost_band(self.cost)

    @property
    def size_band(self) -> SizeBand | None:
        return index.size_band(self.population)


@dataclass
class Entry(EntrySummary):
    """An entry with everything its page shows: where it came from, what it cost, how it
    went (indicators, the reports' words) and why (the residents' ideas, the findings)."""

    description: str = ""
    drop_reason: str | None = None
    number: int | None = None  # the action's number in its plan
    plan_title: str = ""
    plan_period: str = ""
    plan_url: str | None = None
    source_url: str = ""  # the action's page in its plan, or the idea's page
    indicators: list[EntryIndicator] = field(default_factory=list)
    reports: list[ReportWords] = field(default_factory=list)
    ideas: list[EntryIdea] = field(default_factory=list)
    findings: list[EntryFinding] = field(default_factory=list)


def entry_url(kind: str, entry_id: int) -> str:
    return url_for("catalogue.entry", kind=kind, entry_id=entry_id)


def _summary(row: SearchRow) -> EntrySummary:
    zone = row.zone
    return EntrySummary(
        kind=row.kind, id=row.source_id, title=row.title, status=row.status, zone_id=zone.id,
        zone_slug=zone.slug, library=zone.library_name, town=zone.town,
        population=zone.population, region=zone.region, grant=row.grant, own=row.own,
        themes=[theme.programme_theme for theme in row.themes],
        updated_at=row.source_updated_at, url=entry_url(row.kind, row.source_id),
    )  # fmt: skip


# Searching


@dataclass
class CatalogueQuery:
    """A search: words, and filters that combine (all must hold). Unknown values are
    dropped by `cleaned()`, so a hand-made address never fails."""

    text: str = ""
    theme: str = ""
    status: str = ""
    cost: str = ""
    size: str = ""
    region: str = ""

    def cleaned(self) -> "CatalogueQuery":
        def known(value: str, allowed: Iterable[str]) -> str:
            return value if value in set(allowed) else ""

        return CatalogueQuery(
            text=(self.text or "")[:200],
            theme=known(self.theme, (t.value for t in ProgrammeTheme)),
            status=known(self.status, STATUSES),
            cost=known(self.cost, (b.value for b in CostBand)),
            size=known(self.size, (b.value for b in SizeBand)),
            region=known(self.region, VOIVODESHIPS),
        )

    @property
    def filtered(self) -> bool:
        """Some filter (not the words) narrows the search."""
        return any((self.theme, self.status, self.cost, self.size, self.region))


@dataclass
class ResultPage:
    entries: list[EntrySummary]
    total: int
    pages: int
    page: int
    per_page: int
    terms: list[str]  # the stems searched for (empty: no words, or none usable)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def search(query: CatalogueQuery, *, page: int = 1, per_page: int = PER_PAGE) -> ResultPage:
    """One page of the entries matching `query`, best match first (then the most recently
    changed); the words matched by the database's full-text engine (see search.py).
    Four queries whatever the number of zones and entries."""
    query = query.cleaned()
    per_page = max(1, min(per_page, 100))
    stmt = select(SearchRow)
    if query.theme:
        stmt = stmt.where(
            exists().where(
                EntryTheme.kind == SearchRow.kind,
                EntryTheme.entry_id == SearchRow.source_id,
                EntryTheme.theme == query.theme,
            )
        )
    for column, value in (
        (SearchRow.status, query.status), (SearchRow.cost_band, query.cost),
        (SearchRow.size_band, query.size), (SearchRow.region, query.region),
    ):  # fmt: skip
        if value:
            stmt = stmt.where(column == value)
    terms = query_terms(query.text)
    order = [SearchRow.source_updated_at.desc(), SearchRow.id.desc()]
    if terms:
        stmt, rank = match(stmt, terms, db.engine.dialect.name)
        order[:0] = [title_hits(terms).desc(), rank]
    found = paginate(
        stmt.options(selectinload(SearchRow.zone), selectinload(SearchRow.themes)).order_by(*order),
        per_page,
        page=max(1, page),
    )
    return ResultPage(
        entries=[_summary(row) for row in found.items], total=found.total or 0,
        pages=max(1, found.pages), page=found.page, per_page=per_page, terms=terms,
    )  # fmt: skip


def regions_in_use() -> list[str]:
    """The voivodeships the filter offers: all sixteen, in Polish order."""
    return list(VOIVODESHIPS)


# One entry


def entry_origin(kind: str, entry_id: int) -> Action | Idea | None:
    """The public source of an entry, loaded with what its page shows: the action of a
    published plan, or the idea listed on its own; None when there is no such entry."""
    if kind == EntryKind.ACTION:
        return db.session.scalars(
            select(Action)
            .join(Action.plan)
            .where(Action.id == entry_id, Plan.status == PlanStatus.PUBLISHED.value)
            .options(
                selectinload(Action.plan).selectinload(Plan.zone),
                selectinload(Action.goal).selectinload(Goal.findings),
                selectinload(Action.ideas),
                selectinload(Action.findings),
                selectinload(Action.indicators),
                selectinload(Action.budget_lines),
            )
        ).one_or_none()
    if kind == EntryKind.IDEA:
        idea = db.session.scalars(
            select(Idea)
            .where(
                Idea.id == entry_id,
                Idea.status.in_(index.LISTED_IDEA_STATUSES),
                Idea.hidden.is_(False),
                Idea.merged_into_id.is_(None),
            )
            .options(selectinload(Idea.board).selectinload(Board.cafe).selectinload(Cafe.findings))
        ).one_or_none()
        if idea is None or _carried_by_listed_action(idea):
            return None
        return idea
    return None


def _carried_by_listed_action(idea: Idea) -> bool:
    from app.plans.models import action_ideas

    return (
        db.session.scalar(
            select(action_ideas.c.action_id)
            .join(Action, Action.id == action_ideas.c.action_id)
            .join(Plan, Plan.id == Action.plan_id)
            .where(action_ideas.c.idea_id == idea.id, Plan.status == PlanStatus.PUBLISHED.value)
            .limit(1)
        )
        is not None
    )


def _themes(kind: str, entry_id: int) -> list[ProgrammeTheme]:
    return [
        ProgrammeTheme(theme)
        for theme in db.session.scalars(
            select(EntryTheme.theme)
            .where(EntryTheme.kind == kind, EntryTheme.entry_id == entry_id)
            .order_by(EntryTheme.theme)
        )
    ]


def _idea(idea: Idea, zone: Zone) -> EntryIdea:
    return EntryIdea(
        id=idea.id, title=idea.title, description=idea.description, status=idea.status,
        url=url_for("cafes.idea", zone_slug=zone.slug, idea_id=idea.id),
    )  # fmt: skip


def _finding(finding) -> EntryFinding:
    return EntryFinding(id=finding.id, text=finding.text, figure=finding.figure)


def _report_words(action: Action) -> list[ReportWords]:
    """What the plan's public reports (submitted or accepted) say about this action."""
    found = []
    for report in plans_services.public_reports(action.plan):
        figures = plans_services.public_report_figures(report)
        part = next((a for a in figures["actions"] if a["id"] == action.id), None)
        if part is None:
            continue
        found.append(
            ReportWords(
                number=report.number,
                kind=report.kind,
                period_start=date.fromisoformat(figures["period_start"]),
                period_end=date.fromisoformat(figures["period_end"]),
                status=report.status,
                achieved=part.get("achieved", ""),
                participants=part.get("participants"),
                lasting=part.get("lasting", ""),
                explanations={
                    i["name"]: i["explanation"] for i in part["indicators"] if i.get("explanation")
                },
            )
        )
    return found


def _common(kind: str, entry_id: int, zone: Zone, **fields) -> dict:
    return {
        "kind": kind, "id": entry_id, "zone_id": zone.id, "zone_slug": zone.slug,
        "library": zone.library_name, "town": zone.town, "population": zone.population,
        "region": zone.region, "themes": _themes(kind, entry_id),
        "url": entry_url(kind, entry_id),
    } | fields  # fmt: skip


def get_entry(kind: str, entry_id: int) -> Entry | None:
    """The public entry (kind, id) with everything its page shows, or None. A fixed
    number of queries."""
    origin = entry_origin(kind, entry_id)
    return describe_entry(origin) if origin is not None else None


def describe_entry(origin: Action | Idea) -> Entry:
    """The entry of a source entry_origin loaded (keep the source while its page is made:
    the session then has its plan, zone and ideas without asking again)."""
    kind = EntryKind.ACTION.value if isinstance(origin, Action) else EntryKind.IDEA.value
    entry_id = origin.id
    if isinstance(origin, Action):
        action, plan = origin, origin.plan
        zone = plan.zone
        grant, own = index.action_money(action.budget_lines)
        has_money = bool(action.budget_lines)
        findings = list(action.findings)
        if action.goal is not None:
            findings += [f for f in action.goal.findings if f not in findings]
        return Entry(**_common(
            kind, entry_id, zone, title=action.title, status=action.status,
            grant=grant if has_money else None, own=own if has_money else None,
            updated_at=action.updated_at, description=action.description,
            drop_reason=action.drop_reason, number=action.number, plan_title=plan.title,
            plan_period=plan.period, plan_url=url_for("plans.show", zone_slug=zone.slug),
            source_url=url_for("plans.action", zone_slug=zone.slug, number=action.number),
            indicators=[
                EntryIndicator(name=i.name, unit=i.unit, target=i.target, achieved=i.achieved,
                               reached_share=i.reached_share)
                for i in action.indicators
            ],
            reports=_report_words(action),
            ideas=[_idea(idea, zone) for idea in action.ideas if idea.visible],
            findings=[_finding(f) for f in findings],
        ))  # fmt: skip
    idea = origin
    zone = db.session.get(Zone, idea.zone_id)
    assert zone is not None
    source = url_for("cafes.idea", zone_slug=zone.slug, idea_id=idea.id)
    return Entry(**_common(
        kind, entry_id, zone, title=idea.title, status=idea.status, grant=None, own=None,
        updated_at=idea.updated_at, description=idea.description, source_url=source,
        ideas=[_idea(idea, zone)],
        findings=[_finding(f) for f in idea.board.cafe.findings],
    ))  # fmt: skip


# Themes


def entry_zone(kind: str, entry_id: int) -> Zone | None:
    """The zone an entry comes from (for the permission check), or None."""
    origin = entry_origin(kind, entry_id)
    if origin is None:
        return None
    if isinstance(origin, Action):
        return origin.plan.zone
    return db.session.get(Zone, origin.zone_id)


def can_set_themes(user: User, zone: Zone) -> bool:
    """The entry's zone's librarians and the coordinator give it its themes."""
    return can_manage_zone(user, zone)


def set_themes(kind: str, entry_id: int, themes: Iterable[str | ProgrammeTheme]) -> None:
    """Give the entry exactly these programme themes (unknown ones are ignored; flushes)."""
    wanted = {ProgrammeTheme(t) for t in themes if t in set(ProgrammeTheme)}
    db.session.execute(
        delete(EntryTheme).where(EntryTheme.kind == kind, EntryTheme.entry_id == entry_id)
    )
    db.session.add_all(
        EntryTheme(kind=kind, entry_id=entry_id, theme=theme.value) for theme in sorted(wanted)
    )
    db.session.flush()
