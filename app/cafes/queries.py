"""Reading ideas the way every page and the API must: merges followed, supports counted once
per device, and only what residents may see shown to them.

An idea's supports are the devices that supported it or any idea merged into it (at any
depth), each counted once, leaving out supports a librarian withdrew. Merged ideas
form trees (an idea is merged into one other at most, never into itself); these
functions follow them with one recursive query, whatever their depth.
"""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, literal, select

from app.cafes.models import Idea, IdeaStatus, Support
from app.extensions import db


def _family(roots: list[int]):
    """(root_id, idea_id) for each root idea and everything merged into it, recursively."""
    base = (
        select(Idea.id.label("root_id"), Idea.id.label("idea_id"))
        .where(Idea.id.in_(roots))
        .cte("family", recursive=True)
    )
    merged = select(base.c.root_id, Idea.id).join(Idea, Idea.merged_into_id == base.c.idea_id)
    return base.union_all(merged)


def sources(idea_id: int) -> list[Idea]:
    """Every idea merged into `idea_id`, at any depth (not the idea itself), oldest first."""
    family = _family([idea_id])
    ids = select(family.c.idea_id).where(family.c.idea_id != literal(idea_id))
    return list(db.session.scalars(select(Idea).where(Idea.id.in_(ids)).order_by(Idea.id)))


def support_counts(idea_ids: Iterable[int], *, since=None) -> dict[int, int]:
    """Distinct supporting devices per idea, merged ideas' supports included (one query).
    `since`: only supports given from then on (for "most supported this week")."""
    ids = list(idea_ids)
    if not ids:
        return {}
    family = _family(ids)
    query = (
        select(family.c.root_id, func.count(func.distinct(Support.device_hash)))
        .join(Support, Support.idea_id == family.c.idea_id)
        .where(Support.withdrawn_at.is_(None))
        # An idea its author withdrew counts no support anywhere (pages, exports, the API).
        .where(
            family.c.root_id.not_in(
                select(Idea.id).where(Idea.id.in_(ids), Idea.status == IdeaStatus.WITHDRAWN)
            )
        )
        .group_by(family.c.root_id)
    )
    if since is not None:
        query = query.where(Support.created_at >= since)
    counts = defaultdict(int, dict(db.session.execute(query).all()))
    return {idea_id: counts[idea_id] for idea_id in ids}


def source_counts(idea_ids: Iterable[int]) -> dict[int, int]:
    """How many ideas were merged into each idea, at any depth (one query)."""
    ids = list(idea_ids)
    if not ids:
        return {}
    family = _family(ids)
    counts = dict(
        db.session.execute(
            select(family.c.root_id, func.count())
            .where(family.c.idea_id != family.c.root_id)
            .group_by(family.c.root_id)
        ).all()
    )
    return {idea_id: counts.get(idea_id, 0) for idea_id in ids}


def final_idea(idea: Idea) -> Idea:
    """Where a merged idea now lives: the end of its chain of merges."""
    seen = {idea.id}
    while idea.status == IdeaStatus.MERGED and idea.merged_into is not None:
        idea = idea.merged_into
        if idea.id in seen:  # never expected: merges refuse cycles
            break
        seen.add(idea.id)
    return idea
