"""Moderating a zone's ideas: their lifecycle, edits, merges, themes, supports and reports.

Plain functions that flush and never commit; each act writes one audit entry per idea it
changes (who, what, before/after, why). Nothing here deletes a row: rejected and merged
ideas stay, withdrawn supports are marked, resolved reports keep their resolver.

Merges form trees: a merged idea points to the one it went into (`merged_into_id`), and
its supports keep their own rows; app.cafes.queries counts them at the root once per
device. A merge is refused when it would make a cycle, cross zones, or merge a merged idea.
"""

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, or_, select

from app.audit.services import record, scrub, without_values
from app.cafes.history import REMOVED, RESIDENTS_WORDS
from app.cafes.models import (
    DESCRIPTION_MAX,
    NICKNAME_MAX,
    REASON_MAX,
    TITLE_MAX,
    Board,
    Cafe,
    Idea,
    IdeaStatus,
    Report,
    Support,
    Theme,
)
from app.cafes.personal_data import find_personal_data
from app.cafes.similarity import similar
from app.core.time import utcnow
from app.extensions import db
from app.zones.models import Zone

S = IdeaStatus
TRANSITIONS: dict[IdeaStatus, frozenset[IdeaStatus]] = {
    S.PENDING: frozenset({S.PUBLISHED, S.REJECTED, S.MERGED}),
    S.PUBLISHED: frozenset({S.SHORTLISTED, S.REJECTED, S.MERGED}),
    S.SHORTLISTED: frozenset({S.CHOSEN, S.PUBLISHED, S.REJECTED, S.MERGED}),
    S.CHOSEN: frozenset({S.IMPLEMENTED, S.SHORTLISTED}),
    S.IMPLEMENTED: frozenset({S.CHOSEN}),
    S.REJECTED: frozenset({S.PENDING}),
    S.MERGED: frozenset(),
    S.WITHDRAWN: frozenset(),  # the author's choice: nobody brings it back
}
THEME_MAX = 60


class BulkAction(enum.StrEnum):
    """What the queue's bulk form does with the ticked ideas."""

    PUBLISH = "publish"
    REJECT = "reject"
    TAG = "tag"

    @property
    def label(self) -> str:
        return {
            BulkAction.PUBLISH: _("Publish"),
            BulkAction.REJECT: _("Reject"),
            BulkAction.TAG: _("Tag with a theme"),
        }[self]


class ModerationError(ValueError):
    """A moderation act that is not allowed; its message is meant for the librarian."""


@dataclass(frozen=True)
class ReasonTemplate:
    key: str
    label: Any  # lazy strings: translated when shown
    text: Any
    for_abuse: bool = False


REASON_TEMPLATES = {
    t.key: t
    for t in (
        ReasonTemplate("duplicate", _l("Duplicate"), _l("The same idea has already been posted.")),
        ReasonTemplate(
            "off_topic", _l("Off topic"), _l("This does not answer the table's question.")
        ),
        ReasonTemplate(
            "personal_data",
            _l("Personal data"),
            _l("The text gives someone's personal data, which we cannot publish."),
        ),
        ReasonTemplate(
            "abuse",
            _l("Abuse"),
            _l("The text is offensive or breaks the café's rules."),
            for_abuse=True,
        ),
        ReasonTemplate(
            "not_feasible",
            _l("Not feasible for the library"),
            _l("The library cannot carry this out within the Innovation Zone."),
        ),
        ReasonTemplate(
            "exists_in_town",
            _l("Already exists in town"),
            _l("This already exists in town; the library will point people to it."),
        ),
    )
}


def rejection_reason(template_key: str | None, own_text: str | None) -> tuple[str, bool]:
    """The reason text and whether it is for abuse, from a template and/or own text (the
    librarian's own words win over the template's default text)."""
    template = REASON_TEMPLATES.get(template_key or "")
    if template_key and template is None:
        raise ModerationError(_("Unknown reason."))
    text = (own_text or "").strip() or (str(template.text) if template else "")
    if not text:
        raise ModerationError(_("Give a reason for rejecting the idea."))
    return text, bool(template and template.for_abuse)


def _actor_id(actor) -> int | None:
    return getattr(actor, "id", None)


def _iso(value):
    return value.isoformat() if value is not None else None


def _audit(action: str, idea: Idea, actor, before: dict, after: dict, reason=None) -> None:
    record(
        action, "idea", idea.id, actor_id=_actor_id(actor), zone_id=idea.zone_id,
        before=before, after=after, reason=reason,
    )  # fmt: skip


# Lifecycle -------------------------------------------------------------------------------


def check_transition(idea: Idea, to: str) -> IdeaStatus:
    """The target status if `idea` may move to `to` by change_status, else ModerationError."""
    try:
        target = IdeaStatus(to)
    except ValueError:
        raise ModerationError(_("Unknown status.")) from None
    if target is S.MERGED:
        raise ModerationError(_("Ideas are merged by choosing the idea to merge them into."))
    if target not in TRANSITIONS[IdeaStatus(idea.status)]:
        raise ModerationError(
            _(
                "An idea that is %(current)s cannot become %(target)s.",
                current=idea.state.label,
                target=target.label,
            )
        )
    return target


def change_status(
    idea: Idea, to: str, actor, reason: str | None = None, for_abuse: bool = False
) -> Idea:
    """Move an idea along its lifecycle (see TRANSITIONS); rejecting needs a reason."""
    target = check_transition(idea, to)
    reason = (reason or "").strip() or None
    if reason and len(reason) > REASON_MAX:
        raise ModerationError(
            _("The reason is too long (at most %(max)d characters).", max=REASON_MAX)
        )
    if target is S.REJECTED and not reason:
        raise ModerationError(_("Give a reason for rejecting the idea."))
    fields = ["status"]
    before = {"status": idea.status}
    idea.status = target.value
    if target is S.REJECTED:
        fields += ["reason", "rejected_for_abuse"]
        before |= {"reason": idea.reason, "rejected_for_abuse": idea.rejected_for_abuse}
        idea.reason, idea.rejected_for_abuse = reason, bool(for_abuse)
    elif target is S.PENDING:  # reopened: the old reason stays in the audit log
        fields += ["reason", "rejected_for_abuse"]
        before |= {"reason": idea.reason, "rejected_for_abuse": idea.rejected_for_abuse}
        idea.reason, idea.rejected_for_abuse = None, False
    elif target is S.PUBLISHED:
        # A librarian looked at it: reports are answered and it is shown again.
        fields += ["hidden", "published_at"]
        before |= {"hidden": idea.hidden, "published_at": _iso(idea.published_at)}
        idea.hidden = False
        idea.published_at = idea.published_at or utcnow()
        _resolve_open_reports(idea, actor)
    after = {name: getattr(idea, name) for name in fields}
    if "published_at" in after:
        after["published_at"] = _iso(after["published_at"])
    _audit("idea.status", idea, actor, before, after, reason)
    db.session.flush()
    return idea


def _resolve_open_reports(idea: Idea, actor) -> int:
    reports = db.session.scalars(
        select(Report).where(Report.idea_id == idea.id, Report.resolved_at.is_(None))
    ).all()
    now = utcnow()
    idea.reports_flagged_at = None
    for report in reports:
        report.resolved_at, report.resolved_by_id = now, _actor_id(actor)
    return len(reports)


def resolve_reports(idea: Idea, actor, keep_hidden: bool) -> int:
    """Mark the idea's open reports as looked at; show the idea again unless `keep_hidden`.
    Returns how many reports were resolved."""
    before = {"hidden": idea.hidden, "flagged": idea.reports_flagged_at is not None}
    count = _resolve_open_reports(idea, actor)
    idea.hidden = bool(keep_hidden)
    _audit(
        "idea.reports", idea, actor, before | {"open_reports": count},
        {"hidden": idea.hidden, "flagged": False, "open_reports": 0},
    )  # fmt: skip
    db.session.flush()
    return count


# Edits, themes, supports -----------------------------------------------------------------


def edit_idea(idea: Idea, actor, title: str, description: str, nickname: str | None) -> bool:
    """Change an idea's words (e.g. to remove personal data); False when nothing changed."""
    title = (title or "").strip()
    description = (description or "").strip()
    nickname = (nickname or "").strip() or None
    if not title:
        raise ModerationError(_("An idea needs a title."))
    if len(title) > TITLE_MAX or len(description) > DESCRIPTION_MAX:
        raise ModerationError(_("The text is too long."))
    if nickname and len(nickname) > NICKNAME_MAX:
        raise ModerationError(_("The nickname is too long."))
    new = {"title": title, "description": description, "nickname": nickname}
    changed = {k: v for k, v in new.items() if getattr(idea, k) != v}
    if not changed:
        return False
    before = {k: getattr(idea, k) for k in changed}
    removed = removed_personal_data(before.values(), changed.values())
    for name, value in changed.items():
        setattr(idea, name, value)
    # The log keeps who edited which fields when, not the words: they are the resident's.
    before, after = without_values(before, dict(changed), RESIDENTS_WORDS)
    if removed:
        # What was edited out goes from older entries too (those that kept the words).
        scrub("idea", idea.id, removed, REMOVED)
        after["personal_data_removed"] = True
    _audit("idea.edit", idea, actor, before, after)
    db.session.flush()
    return True


def removed_personal_data(old_texts: Iterable[str | None], new_texts: Iterable[str | None]):
    """The pieces of personal data found in the old texts that the new ones no longer hold."""
    new = "\n".join(t or "" for t in new_texts)
    found = {m.text for text in old_texts for m in find_personal_data(text or "")}
    return {piece for piece in found if piece not in new}


def clean_theme_names(names: Iterable[str]) -> list[str]:
    """Theme names trimmed, single-spaced, without repeats (case-insensitive)."""
    seen, result = set(), []
    for name in names:
        name = " ".join((name or "").split())
        if not name:
            continue
        if len(name) > THEME_MAX:
            raise ModerationError(_("A theme has at most %(max)d characters.", max=THEME_MAX))
        if name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result


def zone_themes(zone_id: int) -> list[Theme]:
    """A zone's themes by name."""
    return list(
        db.session.scalars(select(Theme).where(Theme.zone_id == zone_id).order_by(Theme.name))
    )


def _themes_named(zone_id: int, names: list[str]) -> list[Theme]:
    existing = {t.name.casefold(): t for t in zone_themes(zone_id)}
    themes = []
    for name in names:
        theme = existing.get(name.casefold())
        if theme is None:
            theme = existing[name.casefold()] = Theme(zone_id=zone_id, name=name)
            db.session.add(theme)
        themes.append(theme)
    return themes


def set_themes(idea: Idea, names: Iterable[str], actor) -> bool:
    """Tag an idea with exactly these themes of its zone (new ones are created)."""
    themes = _themes_named(idea.zone_id, clean_theme_names(names))
    before = sorted(t.name for t in idea.themes)
    after = sorted(t.name for t in themes)
    if before == after:
        return False
    idea.themes = sorted(themes, key=lambda t: t.name)
    _audit("idea.themes", idea, actor, {"themes": before}, {"themes": after})
    db.session.flush()
    return True


def tree_supports(idea: Idea) -> list[Support]:
    """Supports of the idea and of every idea merged into it, oldest first."""
    ids = [i.id for i in tree(idea)]
    return list(
        db.session.scalars(
            select(Support).where(Support.idea_id.in_(ids)).order_by(Support.created_at, Support.id)
        )
    )


def withdraw_supports(idea: Idea, support_ids: Iterable[int], actor, reason=None) -> int:
    """Mark supports of the idea (or of ideas merged into it) as withdrawn, e.g. for abuse;
    returns how many were withdrawn now."""
    wanted = {int(i) for i in support_ids}
    supports = [s for s in tree_supports(idea) if s.id in wanted and s.withdrawn_at is None]
    if not supports:
        return 0
    now = utcnow()
    idea.supports_flagged_at = None
    for support in supports:
        support.withdrawn_at = now
    ids = sorted(s.id for s in supports)
    _audit("idea.supports", idea, actor, {"withdrawn": []}, {"withdrawn": ids}, reason)
    db.session.flush()
    return len(supports)


def supports_checked(idea: Idea, actor) -> bool:
    """The librarian looked at a burst of supports and keeps them: the flag goes."""
    if idea.supports_flagged_at is None:
        return False
    idea.supports_flagged_at = None
    _audit("idea.supports_checked", idea, actor, {"flagged": True}, {"flagged": False})
    db.session.flush()
    return True


# Merges ----------------------------------------------------------------------------------


def tree(idea: Idea) -> list[Idea]:
    """The idea and every idea merged into it at any depth, the idea first."""
    found, frontier, seen = [idea], [idea.id], {idea.id}
    while frontier:
        children = db.session.scalars(
            select(Idea).where(Idea.merged_into_id.in_(frontier)).order_by(Idea.id)
        ).all()
        children = [c for c in children if c.id not in seen]  # never expected: no cycles
        seen.update(c.id for c in children)
        found += children
        frontier = [c.id for c in children]
    return found


def merge(sources: Sequence[Idea], target: Idea, actor, reason: str | None = None) -> Idea:
    """Merge `sources` into `target`: they point to it, their supports count there."""
    reason = (reason or "").strip() or None
    if reason and len(reason) > REASON_MAX:
        raise ModerationError(
            _("The reason is too long (at most %(max)d characters).", max=REASON_MAX)
        )
    unique = list({s.id: s for s in sources}.values())
    if not unique:
        raise ModerationError(_("Choose the ideas to merge."))
    if target.status in (S.MERGED, S.REJECTED):
        raise ModerationError(_("An idea cannot be merged into a merged or rejected idea."))
    if target.status == S.WITHDRAWN:
        raise ModerationError(_("An idea cannot be merged into one its author withdrew."))
    for source in unique:
        if source.id == target.id:
            raise ModerationError(_("An idea cannot be merged into itself."))
        if source.zone_id != target.zone_id:
            raise ModerationError(_("Only ideas of the same zone can be merged."))
        if S.MERGED not in TRANSITIONS[IdeaStatus(source.status)]:
            raise ModerationError(
                _(
                    "An idea that is %(current)s cannot be merged.",
                    current=source.state.label,
                )
            )
        if target.id in {i.id for i in tree(source)}:
            raise ModerationError(_("This merge would make a loop."))
    for source in unique:
        before = {"status": source.status, "merged_into_id": None}
        source.status, source.merged_into_id = S.MERGED.value, target.id
        _audit(
            "idea.merge", source, actor, before,
            {"status": source.status, "merged_into_id": target.id}, reason,
        )  # fmt: skip
    db.session.flush()
    return target


def provenance(target: Idea) -> dict:
    """Where a (merged-into) idea comes from: its cards (the idea and all merged into it),
    per channel, and the cafés and tables involved."""
    ideas = tree(target)
    boards = {
        b.id: b
        for b in db.session.scalars(select(Board).where(Board.id.in_({i.board_id for i in ideas})))
    }
    cafes = {
        c.id: c
        for c in db.session.scalars(
            select(Cafe).where(Cafe.id.in_({b.cafe_id for b in boards.values()}))
        )
    }
    tables: dict[int, set[int]] = {}
    for idea in ideas:
        board = boards[idea.board_id]
        tables.setdefault(board.cafe_id, set()).add(board.position)
    return {
        "cards": len(ideas),
        "sources": ideas[1:],
        "channels": dict(Counter(i.channel for i in ideas)),
        "cafes": [
            {"title": cafes[cafe_id].title, "tables": sorted(positions)}
            for cafe_id, positions in sorted(tables.items(), key=lambda kv: cafes[kv[0]].starts_at)
        ],
    }


# Bulk ------------------------------------------------------------------------------------


def bulk(
    ideas: Sequence[Idea],
    action: str,
    actor,
    reason: str | None = None,
    theme: str | None = None,
    for_abuse: bool = False,
) -> int:
    """Publish, reject (with one reason) or tag many ideas: all of them, or none when any
    of them cannot be."""
    if action not in {a.value for a in BulkAction}:
        raise ModerationError(_("Unknown action."))
    if not ideas:
        raise ModerationError(_("Choose at least one idea."))
    if action == BulkAction.TAG:
        names = clean_theme_names([theme or ""])
        if not names:
            raise ModerationError(_("Give the theme to tag the ideas with."))
        for idea in ideas:
            set_themes(idea, [t.name for t in idea.themes] + names, actor)
        return len(ideas)
    to = S.PUBLISHED if action == BulkAction.PUBLISH else S.REJECTED
    if to is S.REJECTED and not (reason or "").strip():
        raise ModerationError(_("Give a reason for rejecting the ideas."))
    refused = []
    for idea in ideas:
        try:
            check_transition(idea, to)
        except ModerationError:
            refused.append(idea)
    if refused:
        raise ModerationError(
            _(
                "Nothing was changed: these ideas cannot become %(target)s: %(titles)s.",
                target=to.label,
                titles=", ".join(f"“{i.title}”" for i in refused),
            )
        )
    for idea in ideas:
        change_status(idea, to, actor, reason=reason, for_abuse=for_abuse)
    return len(ideas)


# The queue -------------------------------------------------------------------------------

QUEUE_DEFAULT = (S.PENDING, S.PUBLISHED, S.SHORTLISTED, S.CHOSEN)


def queue_query(zone: Zone, status: str | None = None, cafe_id: int | None = None) -> Select:
    """A zone's ideas for moderation: pending first (oldest first), then those hidden by
    reports or flagged (reports, a burst of supports), then published, shortlisted and
    chosen ones (newest first). Ordered in the database, so that it can be paged."""
    query = select(Idea).join(Board, Idea.board_id == Board.id).where(Idea.zone_id == zone.id)
    if status:
        query = query.where(Idea.status == status)
    else:
        query = query.where(Idea.status.in_([s.value for s in QUEUE_DEFAULT]))
    if cafe_id:
        query = query.where(Board.cafe_id == cafe_id)
    pending = Idea.status == S.PENDING.value
    attention = or_(
        Idea.hidden.is_(True),
        Idea.reports_flagged_at.is_not(None),
        Idea.supports_flagged_at.is_not(None),
    )
    return query.order_by(
        case((pending, 0), (attention, 1), else_=2),
        case((pending, Idea.created_at)).asc(),
        case((pending, Idea.id)).asc(),
        case((~pending, Idea.created_at)).desc(),
        case((~pending, Idea.id)).desc(),
    )


def queue(zone: Zone, status: str | None = None, cafe_id: int | None = None) -> list[Idea]:
    """The whole queue (see queue_query)."""
    return list(db.session.scalars(queue_query(zone, status, cafe_id)))


@dataclass(frozen=True)
class QueuePlace:
    """Where an idea stands in the queue as filtered: its neighbours' ids and its position
    (1-based; None when the filters leave it out)."""

    previous: int | None
    next: int | None
    position: int | None
    total: int


def queue_place(
    zone: Zone, idea: Idea, status: str | None = None, cafe_id: int | None = None
) -> QueuePlace:
    """The idea's neighbours in the zone's queue with these filters (one query, ids only)."""
    ids = list(db.session.scalars(queue_query(zone, status, cafe_id).with_only_columns(Idea.id)))
    if idea.id not in ids:
        return QueuePlace(None, None, None, len(ids))
    at = ids.index(idea.id)
    return QueuePlace(
        previous=ids[at - 1] if at > 0 else None,
        next=ids[at + 1] if at + 1 < len(ids) else None,
        position=at + 1,
        total=len(ids),
    )


def next_pending(zone: Zone, after: Idea, cafe_id: int | None = None) -> Idea | None:
    """The idea waiting for moderation that follows `after` in the queue's order (oldest
    first), else the first one still waiting: where a librarian goes on after a decision."""
    later = or_(
        Idea.created_at > after.created_at,
        and_(Idea.created_at == after.created_at, Idea.id > after.id),
    )
    return db.session.scalar(
        queue_query(zone, S.PENDING.value, cafe_id)
        .where(Idea.id != after.id)
        .order_by(None)
        .order_by(case((later, 0), else_=1), Idea.created_at, Idea.id)
        .limit(1)
    )


def open_report_counts(idea_ids: Iterable[int]) -> dict[int, int]:
    """Unresolved reports per idea."""
    ids = list(idea_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Report.idea_id, func.count())
        .where(Report.idea_id.in_(ids), Report.resolved_at.is_(None))
        .group_by(Report.idea_id)
    ).all()
    return {idea_id: dict(rows).get(idea_id, 0) for idea_id in ids}


def idea_text(idea: Idea) -> str:
    return f"{idea.title}\n{idea.description}".strip()


def personal_data(text: str) -> list:
    """What in `text` looks like personal data."""
    return find_personal_data(text)


def kind_label(kind: str) -> str:
    """A kind of personal data in words."""
    return {
        "email": _("e-mail address"),
        "iban": _("bank account number"),
        "pesel": _("PESEL number"),
        "phone": _("phone number"),
        "address": _("home address"),
    }.get(kind) or _("personal data")


def personal_data_kinds(*texts: str | None) -> list[str]:
    """The kinds of personal data the texts seem to hold, in words, sorted."""
    kinds = {m.kind for text in texts for m in find_personal_data(text or "")}
    return sorted(kind_label(kind) for kind in kinds)


def personal_data_warning(*texts: str | None) -> str | None:
    """The warning a librarian reads when the texts seem to hold personal data, else None."""
    kinds = personal_data_kinds(*texts)
    if not kinds:
        return None
    return _(
        "Check before publishing: the text seems to contain personal data (%(kinds)s). "
        "Edit it out first.",
        kinds=", ".join(kinds),
    )


def similar_ideas(idea: Idea, candidates: Sequence[Idea], limit: int = 3) -> list[Idea]:
    """The candidates that read most like `idea`, best first."""
    by_id = {c.id: c for c in candidates}
    pairs = [(c.id, idea_text(c)) for c in candidates]
    found = similar(idea_text(idea), pairs, limit=limit, exclude={idea.id})
    return [by_id[i] for i, _score in found]


def merge_candidates(idea: Idea) -> list[Idea]:
    """The zone's ideas `idea` may be merged into: not merged, not rejected, not itself
    nor merged into it."""
    inside = {i.id for i in tree(idea)}
    ideas = db.session.scalars(
        select(Idea)
        .where(
            Idea.zone_id == idea.zone_id,
            Idea.status.notin_([S.MERGED.value, S.REJECTED.value]),
        )
        .order_by(Idea.created_at.desc(), Idea.id.desc())
    ).all()
    return [i for i in ideas if i.id not in inside]
