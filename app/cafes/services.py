"""Creative Cafés for librarians: planning a café and its boards, the cards typed in from
paper, and what the zone page lists. Functions flush and never commit."""

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update

from app.audit.services import forget_values, record
from app.cafes.history import RESIDENTS_WORDS
from app.cafes.models import (
    TITLE_MAX,
    VISIBLE_STATUSES,
    Board,
    Cafe,
    Idea,
    IdeaChannel,
    IdeaStatus,
    Report,
    Support,
)
from app.cafes.moderation import change_status
from app.cafes.personal_data import find_personal_data
from app.cafes.queries import source_counts as source_counts  # for other features
from app.cafes.queries import support_counts as support_counts
from app.cafes.similarity import similar
from app.core.links import new_short_code, unique_slug
from app.core.time import utcnow
from app.dashboards.models import Finding
from app.extensions import db
from app.surveys.models import Survey
from app.zones.models import Zone

MAX_BOARDS = 8
MIN_BOARDS = 2
PAST_ON_ZONE_PAGE = 5
# Paths of the café pages that a café's slug must never take.
RESERVED_SLUGS = frozenset({"new"})


class BoardHasIdeasError(Exception):
    """A board with ideas cannot be removed: the ideas would go with it."""

    def __init__(self, positions: list[int]):
        super().__init__(positions)
        self.positions = positions


# Reading: the one way to find a zone's café, board or idea (404 when it is not the zone's)


def get_zone_cafe(zone: Zone, slug: str) -> Cafe:
    """The zone's café `slug`, or 404."""
    return db.one_or_404(select(Cafe).where(Cafe.zone_id == zone.id, Cafe.slug == slug))


def get_zone_board(zone: Zone, board_id: int) -> Board:
    """The board `board_id` of one of the zone's cafés, or 404."""
    return db.one_or_404(
        select(Board).join(Board.cafe).where(Board.id == board_id, Cafe.zone_id == zone.id)
    )


def get_zone_idea(zone: Zone, idea_id: int) -> Idea:
    """The zone's idea `idea_id`, whatever its status, or 404 (another zone's idea too)."""
    return db.one_or_404(select(Idea).where(Idea.id == idea_id, Idea.zone_id == zone.id))


def get_visible_idea(zone: Zone, idea_id: int) -> Idea:
    """The zone's idea `idea_id` if residents may see it, or 404."""
    return db.one_or_404(
        select(Idea).where(
            Idea.id == idea_id,
            Idea.zone_id == zone.id,
            Idea.status.in_([s.value for s in VISIBLE_STATUSES]),
            Idea.hidden.is_(False),
        )
    )


def cafe_by_code(code: str) -> Cafe:
    """The café of a short link, or 404."""
    return db.one_or_404(select(Cafe).where(Cafe.short_code == code.lower()))


def zone_cafes(zone: Zone) -> list[Cafe]:
    """All the zone's cafés, the latest first."""
    return list(
        db.session.scalars(
            select(Cafe).where(Cafe.zone_id == zone.id).order_by(Cafe.starts_at.desc(), Cafe.id)
        )
    )


def upcoming_cafes(zone: Zone, now: datetime | None = None) -> list[Cafe]:
    """Cafés that have not started yet, the soonest first."""
    return list(
        db.session.scalars(
            select(Cafe)
            .where(Cafe.zone_id == zone.id, Cafe.starts_at >= (now or utcnow()))
            .order_by(Cafe.starts_at, Cafe.id)
        )
    )


def past_cafes(
    zone: Zone, now: datetime | None = None, limit: int = PAST_ON_ZONE_PAGE
) -> list[Cafe]:
    """The latest cafés that have started, the most recent first."""
    return list(
        db.session.scalars(
            select(Cafe)
            .where(Cafe.zone_id == zone.id, Cafe.starts_at < (now or utcnow()))
            .order_by(Cafe.starts_at.desc(), Cafe.id.desc())
            .limit(limit)
        )
    )


def zone_findings(zone: Zone) -> list[Finding]:
    """Key findings of the zone's surveys, survey by survey, in their order."""
    return list(
        db.session.scalars(
            select(Finding)
            .join(Finding.survey)
            .where(Survey.zone_id == zone.id)
            .order_by(Survey.created_at.desc(), Survey.id, Finding.position, Finding.id)
        )
    )


def visible_idea_counts(cafe: Cafe) -> dict[int, int]:
    """Ideas residents can see on each of the café's boards (board id -> count)."""
    rows = db.session.execute(
        select(Idea.board_id, func.count())
        .join(Idea.board)
        .where(
            Board.cafe_id == cafe.id,
            Idea.status.in_([s.value for s in VISIBLE_STATUSES]),
            Idea.hidden.is_(False),
        )
        .group_by(Idea.board_id)
    ).all()
    counts = dict(rows)
    return {board.id: counts.get(board.id, 0) for board in cafe.boards}


def boards_with_ideas(cafe: Cafe) -> set[int]:
    """Ids of the café's boards that hold any idea, whatever its status."""
    return set(
        db.session.scalars(
            select(Idea.board_id).join(Idea.board).where(Board.cafe_id == cafe.id).distinct()
        )
    )


# Planning --------------------------------------------------------------------------------


def cafe_slug(zone: Zone, title: str) -> str:
    """A slug from the title, not yet used by another café of the zone."""
    taken = set(db.session.scalars(select(Cafe.slug).where(Cafe.zone_id == zone.id)))
    return unique_slug(title, taken | RESERVED_SLUGS, fallback="kawiarenka")


def _zone_findings_by_id(zone: Zone, finding_ids: Sequence[int]) -> list[Finding]:
    """The findings with these ids that belong to the zone's surveys (others are ignored)."""
    if not finding_ids:
        return []
    return list(
        db.session.scalars(
            select(Finding)
            .join(Finding.survey)
            .where(Survey.zone_id == zone.id, Finding.id.in_(list(finding_ids)))
            .order_by(Finding.position, Finding.id)
        )
    )


def create_cafe(
    zone: Zone,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None,
    place: str,
    description: str,
    questions: Sequence[str],
    finding_ids: Sequence[int] = (),
    author_id: int | None = None,
) -> Cafe:
    """Plan a café with a board per non-empty question, numbered from table 1 (flushes)."""
    cafe = Cafe(
        zone=zone, slug=cafe_slug(zone, title), short_code=new_short_code(Cafe), title=title,
        starts_at=starts_at, ends_at=ends_at, place=place, description=description,
        created_by_id=author_id, findings=_zone_findings_by_id(zone, finding_ids),
    )  # fmt: skip
    kept = [q.strip() for q in questions if q and q.strip()]
    cafe.boards = [Board(position=n, question=q) for n, q in enumerate(kept, start=1)]
    db.session.add(cafe)
    db.session.flush()
    return cafe


def update_cafe(
    cafe: Cafe,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None,
    place: str,
    description: str,
    questions: Sequence[str],
    finding_ids: Sequence[int] = (),
) -> Cafe:
    """Change a café's details and boards (flushes); its slug and short link stay.

    `questions[i]` is the question of table i + 1: a new text rewords that board, an empty
    one removes it, and a question for a table without a board adds one. Removing a board
    that holds ideas raises BoardHasIdeasError and changes nothing."""
    wanted = {n: q.strip() for n, q in enumerate(questions, start=1) if q and q.strip()}
    existing = {board.position: board for board in cafe.boards}
    with_ideas = boards_with_ideas(cafe)
    refused = sorted(p for p, b in existing.items() if p not in wanted and b.id in with_ideas)
    if refused:
        raise BoardHasIdeasError(refused)
    cafe.title, cafe.place, cafe.description = title, place, description
    cafe.starts_at, cafe.ends_at = starts_at, ends_at
    cafe.findings = _zone_findings_by_id(cafe.zone, finding_ids)
    for position, board in existing.items():
        if position not in wanted:
            cafe.boards.remove(board)
    db.session.flush()  # removed tables free their numbers before new boards take them
    for position, question in wanted.items():
        if position in existing:
            existing[position].question = question
        else:
            cafe.boards.append(Board(position=position, question=question))
    cafe.boards.sort(key=lambda b: b.position)
    db.session.flush()
    return cafe


# Paper cards -----------------------------------------------------------------------------

_TITLE_CUT = 80


def card_title(text: str) -> str:
    """An idea's title from a card: its first line, or its first ~80 characters cut at a word."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    first = re.sub(r"\s+", " ", first)
    if len(first) <= _TITLE_CUT:
        return first
    head = first[: _TITLE_CUT + 1]
    cut = head.rsplit(" ", 1)[0].rstrip(" ,;:.-\u2013") if " " in head else ""
    if len(cut) < _TITLE_CUT // 2:  # a very long word: cut inside it
        cut = first[:_TITLE_CUT]
    return (cut + "…")[:TITLE_MAX]


def card_parts(text: str) -> tuple[str, str]:
    """A card's title and description: its first line and the rest, said once each; a
    first line too long for a title is cut for it, and the description keeps it whole."""
    text = text.strip()
    title = card_title(text)
    _first, _newline, rest = text.partition("\n")
    if title.endswith("…"):
        return title, text
    return title, rest.strip()


def add_paper_card(cafe: Cafe, board: Board, round_: int, text: str, librarian_id: int) -> Idea:
    """A card from the evening, typed in by a librarian: published at once, unless it seems
    to hold personal data: then it waits for moderation, as any idea would (flushes,
    audited)."""
    if board.cafe_id != cafe.id:
        raise ValueError("board of another café")
    text = text.strip()
    now = utcnow()
    held = bool(find_personal_data(text))
    status = IdeaStatus.PENDING if held else IdeaStatus.PUBLISHED
    title, description = card_parts(text)
    idea = Idea(
        zone_id=cafe.zone_id, board_id=board.id, title=title, description=description,
        channel=IdeaChannel.PAPER.value, round=round_, status=status.value,
        created_by_id=librarian_id, published_at=None if held else now, created_at=now,
    )  # fmt: skip
    db.session.add(idea)
    db.session.flush()
    record(
        "create_paper", "idea", idea.id, actor_id=librarian_id, zone_id=cafe.zone_id,
        after={  # not the card's words: they are the resident's
            "board_id": board.id, "round": round_, "channel": idea.channel,
            "status": idea.status,
        },
    )  # fmt: skip
    return idea


def paper_cards(cafe: Cafe, limit: int = 10) -> list[Idea]:
    """The cards typed in for this café, the latest first."""
    return list(
        db.session.scalars(
            select(Idea)
            .join(Idea.board)
            .where(Board.cafe_id == cafe.id, Idea.channel == IdeaChannel.PAPER.value)
            .order_by(Idea.created_at.desc(), Idea.id.desc())
            .limit(limit)
        )
    )


def paper_count(cafe: Cafe) -> int:
    """How many cards have been typed in for this café."""
    return db.session.scalar(
        select(func.count())
        .select_from(Idea)
        .join(Idea.board)
        .where(Board.cafe_id == cafe.id, Idea.channel == IdeaChannel.PAPER.value)
    )


def cafe_idea(cafe: Cafe, idea_id: int) -> Idea | None:
    """One of the café's ideas, or None."""
    return db.session.scalar(
        select(Idea).join(Idea.board).where(Board.cafe_id == cafe.id, Idea.id == idea_id)
    )


def similar_on_boards(idea: Idea, limit: int = 5) -> list[Idea]:
    """Ideas on the café's boards (pending or visible) that read like `idea`, most alike
    first."""
    statuses = [IdeaStatus.PENDING.value, *(s.value for s in VISIBLE_STATUSES)]
    rows = db.session.execute(
        select(Idea.id, Idea.title, Idea.description)
        .join(Idea.board)
        .where(Board.cafe_id == idea.board.cafe_id, Idea.status.in_(statuses))
        .order_by(Idea.id)
    ).all()
    candidates = [(row.id, f"{row.title}\n{row.description}") for row in rows]
    found = similar(f"{idea.title}\n{idea.description}", candidates, limit=limit, exclude={idea.id})
    ideas = {i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_(
        [id_ for id_, _score in found]
    )))}  # fmt: skip
    return [ideas[id_] for id_, _score in found if id_ in ideas]


# For other features: the plan chooses ideas, the librarian's landing page counts the work


# The plan's steps of an idea's lifecycle, from each status it may be in then.
_PLAN_PATHS = {
    IdeaStatus.CHOSEN: {
        IdeaStatus.PUBLISHED: (IdeaStatus.SHORTLISTED, IdeaStatus.CHOSEN),
        IdeaStatus.SHORTLISTED: (IdeaStatus.CHOSEN,),
        IdeaStatus.IMPLEMENTED: (IdeaStatus.CHOSEN,),
    },
    IdeaStatus.IMPLEMENTED: {
        IdeaStatus.PUBLISHED: (IdeaStatus.SHORTLISTED, IdeaStatus.CHOSEN, IdeaStatus.IMPLEMENTED),
        IdeaStatus.SHORTLISTED: (IdeaStatus.CHOSEN, IdeaStatus.IMPLEMENTED),
        IdeaStatus.CHOSEN: (IdeaStatus.IMPLEMENTED,),
    },
}


def move_for_plan(idea: Idea, target: IdeaStatus, actor, reason: str | None = None) -> bool:
    """The one way the plan changes an idea's status: "chosen" (linked to an action, or its
    action reopened) or "implemented" (its action done), along the idea's lifecycle (a
    published idea is shortlisted first), each step audited as moderation records it.
    False when there is nothing to do (already there, or not a step the plan takes)."""
    steps = _PLAN_PATHS[target].get(IdeaStatus(idea.status), ())
    for step in steps:
        change_status(idea, step, actor, reason)
    return bool(steps)


def choose_for_plan(idea: Idea, actor) -> bool:
    """Make a published or shortlisted idea "chosen for the plan" (see move_for_plan)."""
    if idea.status == IdeaStatus.IMPLEMENTED:
        return False
    return move_for_plan(idea, IdeaStatus.CHOSEN, actor)


def moderation_counts(zone_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Per zone: ideas waiting for moderation ("pending") and ideas with open reports
    ("reported"). Two queries, whatever the number of zones."""
    counts = {zone_id: {"pending": 0, "reported": 0} for zone_id in zone_ids}
    if not counts:
        return counts
    for zone_id, n in db.session.execute(
        select(Idea.zone_id, func.count())
        .where(Idea.zone_id.in_(counts), Idea.status == IdeaStatus.PENDING.value)
        .group_by(Idea.zone_id)
    ):
        counts[zone_id]["pending"] = n
    for zone_id, n in db.session.execute(
        select(Idea.zone_id, func.count(func.distinct(Idea.id)))
        .join(Report, Report.idea_id == Idea.id)
        .where(Idea.zone_id.in_(counts), Report.resolved_at.is_(None))
        .group_by(Idea.zone_id)
    ):
        counts[zone_id]["reported"] = n
    return counts


def next_cafes(zone_ids: Sequence[int], now: datetime | None = None) -> dict[int, Cafe]:
    """Per zone, its next café (the first one not started yet), when it has one. One query."""
    now = now or utcnow()
    found: dict[int, Cafe] = {}
    if not zone_ids:
        return found
    for cafe in db.session.scalars(
        select(Cafe)
        .where(Cafe.zone_id.in_(list(zone_ids)), Cafe.starts_at >= now)
        .order_by(Cafe.starts_at, Cafe.id)
    ):
        found.setdefault(cafe.zone_id, cafe)
    return found


# Residents' data kept no longer than needed (`flask purge`) -------------------------------


def purge_device_links(before: datetime, *, dry_run: bool = False) -> int:
    """Clear what ties ideas, supports and reports made before `before` to a device or an
    address (keyed hashes): an idea's author's device, and the address a support or report
    came from; how many rows (counted only, when `dry_run`). A support keeps its device's
    hash, which is what makes it one per device (the support is the resident's act itself).
    Flushes."""
    targets = (
        (Idea, Idea.device_hash),
        (Support, Support.address_hash),
        (Report, Report.address_hash),
    )
    total = 0
    for model, column in targets:
        where = (model.created_at < before, column.is_not(None))
        if dry_run:
            total += db.session.scalar(select(func.count()).select_from(model).where(*where))
            continue
        result = db.session.execute(
            update(model)
            .where(*where)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
        total += result.rowcount
    db.session.flush()
    return total


def forget_ideas_words_in_audit() -> int:
    """Drop residents' words (titles, descriptions, nicknames) from the idea entries written
    before the audit log stopped keeping them (`flask purge`); how many changed (flushes)."""
    return forget_values("idea", None, RESIDENTS_WORDS, ("idea.edit", "create_paper"))
