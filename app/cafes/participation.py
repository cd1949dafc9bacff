"""What residents do on a board without an account: post ideas, follow them through a
private link, support them (once per device) and report them.

Devices are keyed hashes of the device cookie, one kind per purpose (ideas, supports,
reports: app.surveys.services.device_hash), and addresses keyed hashes of the request's
address (app.core.security.address_hash): a support cannot be joined to a report or a survey
response of the same device. A client can drop its cookie but not, as easily, its
address: reports from one address count as one person's, and supports from one address
are capped per idea and day. These functions flush and never commit: the view commits once.
"""

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.cafes.models import (
    VISIBLE_STATUSES,
    Board,
    Cafe,
    Idea,
    IdeaChannel,
    IdeaStatus,
    Report,
    ReportReason,
    Support,
)
from app.cafes.queries import final_idea, support_counts
from app.cafes.similarity import similar
from app.core.security import keyed_hash
from app.core.time import utcnow
from app.extensions import db
from app.zones.models import Zone

IDEAS_SHOWN = 50  # a board shows at most this many ideas (newest or most supported)
WEEK = timedelta(days=7)
DAY = timedelta(days=1)
# Statuses a librarian gave after weighing the idea: reports flag these, never hide them.
REVIEWED_STATUSES = (IdeaStatus.SHORTLISTED, IdeaStatus.CHOSEN, IdeaStatus.IMPLEMENTED)


class SupportLimitError(Exception):
    """The address has given the idea as many supports today as one address may."""


@dataclass(frozen=True)
class SupportLimits:
    """Per address and idea: at most `daily` supports a day; `burst` within `burst_window`
    flag the idea for the librarian."""

    daily: int
    burst: int
    burst_window: timedelta


def _visible():
    return Idea.status.in_([s.value for s in VISIBLE_STATUSES]) & Idea.hidden.is_(False)


class BoardSort(enum.StrEnum):
    """The order of a board's ideas (?sort=)."""

    NEW = "new"
    SUPPORTED = "supported"

    @property
    def label(self) -> str:
        return {BoardSort.NEW: _("Newest first"), BoardSort.SUPPORTED: _("Most supported first")}[
            self
        ]


def board_ideas(
    board: Board, *, sort: BoardSort = BoardSort.NEW
) -> tuple[list[Idea], dict[int, int], int]:
    """The board's visible ideas (at most IDEAS_SHOWN), newest or most supported first,
    with their support counts and how many visible ideas the board has in all."""
    ids = list(db.session.scalars(select(Idea.id).where(Idea.board_id == board.id, _visible())))
    counts = support_counts(ids)
    ideas = list(db.session.scalars(select(Idea).where(Idea.id.in_(ids)))) if ids else []
    newest_first = sorted(ideas, key=lambda i: (i.published_at or i.created_at, i.id), reverse=True)
    if sort == BoardSort.SUPPORTED:
        # sorted() is stable: equal counts stay newest first.
        newest_first.sort(key=lambda i: counts[i.id], reverse=True)
    return newest_first[:IDEAS_SHOWN], counts, len(ids)


def top_this_week(board: Board, *, limit: int = 3) -> list[tuple[Idea, int]]:
    """The board's visible ideas given the most supports in the last seven days."""
    ids = list(db.session.scalars(select(Idea.id).where(Idea.board_id == board.id, _visible())))
    counts = support_counts(ids, since=utcnow() - WEEK)
    best = sorted(((n, -i) for i, n in counts.items() if n), reverse=True)[:limit]
    ideas = {
        i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_([-i for _, i in best])))
    }
    return [(ideas[-i], n) for n, i in best]


def follow_hash(token: str) -> str:
    """What is kept of an author's private link: the sha256 of its token."""
    return hashlib.sha256(token.encode()).hexdigest()


def post_idea(
    board: Board,
    *,
    title: str,
    description: str,
    nickname: str | None,
    channel: IdeaChannel,
    device: str | None,
    idempotency_key: str | None = None,
) -> tuple[Idea, str]:
    """Add a resident's idea to `board`, pending moderation; returns it and the token of
    its private follow link (only the token's hash is stored).

    With an `idempotency_key` (the form's random key) the same form sent again (a retry
    after a lost reply, a second tap) stores nothing and returns the idea stored under it,
    with the same token: the token is then the key's keyed hash, so that the retry can
    show the link whose reply was lost.
    """
    if idempotency_key:
        token = keyed_hash("idea-follow", f"{board.id}:{idempotency_key}")[:32]
        stored = _idea_by_key(board, idempotency_key)
        if stored is not None and _same_words(stored, title, description, nickname):
            return stored, token
        if stored is not None:  # the form shown again (Back) and sent with other words
            idempotency_key = None
    if not idempotency_key:
        token = secrets.token_urlsafe(24)
    idea = Idea(
        zone_id=board.cafe.zone_id, board_id=board.id, title=title, description=description or "",
        nickname=nickname or None, channel=channel.value, status=IdeaStatus.PENDING.value,
        follow_hash=follow_hash(token), device_hash=device, idempotency_key=idempotency_key,
    )  # fmt: skip
    try:
        with db.session.begin_nested():  # the same key twice at once: the unique key decides
            db.session.add(idea)
    except IntegrityError:
        stored = _idea_by_key(board, idempotency_key) if idempotency_key else None
        if stored is None:
            raise  # not a replay: a real integrity problem
        return stored, token
    return idea, token


def _same_words(idea: Idea, title: str, description: str, nickname: str | None) -> bool:
    """Whether `idea` was posted with these words: a retry, not a new idea in an old form."""
    return (idea.title, idea.description or "", idea.nickname or None) == (
        title, description or "", nickname or None,
    )  # fmt: skip


def _idea_by_key(board: Board, key: str) -> Idea | None:
    return db.session.scalar(
        select(Idea).where(Idea.board_id == board.id, Idea.idempotency_key == key)
    )


# What an author may withdraw: anything but an idea merged into another (it lives on there).
WITHDRAWABLE = frozenset(IdeaStatus) - {IdeaStatus.MERGED, IdeaStatus.WITHDRAWN}


def can_withdraw(idea: Idea) -> bool:
    return idea.state in WITHDRAWABLE


def withdraw_idea(idea: Idea) -> bool:
    """The author takes the idea back through its private link: it leaves the boards, the
    catalogue and every count of supports (its row stays for the zone's records, as every
    moderated idea does). The audit entry says only what became of it: the act has no
    actor (the author is nobody's account), and holds no device, address or words of
    theirs. False when it cannot be withdrawn (merged, or already withdrawn). Flushes."""
    if not can_withdraw(idea):
        return False
    before = idea.status
    idea.status = IdeaStatus.WITHDRAWN.value
    db.session.flush()  # the catalogue's listener notes a chosen idea leaving
    record(
        "idea.withdraw", "idea", idea.id, actor_id=None, zone_id=idea.zone_id,
        before={"status": before}, after={"status": idea.status},
    )  # fmt: skip
    return True


def idea_by_token(token: str) -> Idea:
    """The idea whose private follow link holds `token`, or 404."""
    return db.one_or_404(select(Idea).where(Idea.follow_hash == follow_hash(token)))


def similar_ideas(zone: Zone, text: str, *, exclude: int | None = None, limit: int = 3):
    """The zone's visible ideas that read most like `text`, best first (the hints)."""
    rows = db.session.execute(
        select(Idea.id, Idea.title, Idea.description).where(Idea.zone_id == zone.id, _visible())
    ).all()
    candidates = [(id_, f"{title} {description}") for id_, title, description in rows]
    found = similar(text, candidates, limit=limit, exclude=() if exclude is None else (exclude,))
    ideas = {
        i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_([i for i, _ in found])))
    }
    return [ideas[id_] for id_, _score in found]


def board_similar(board: Board, text: str, *, limit: int = 3) -> list[Idea]:
    """The board's visible ideas that read most like `text`, best first: shown before an
    idea is sent (the check step, and the live lookup as its title is typed)."""
    rows = db.session.execute(
        select(Idea.id, Idea.title, Idea.description).where(Idea.board_id == board.id, _visible())
    ).all()
    found = similar(text, [(id_, f"{title} {description}") for id_, title, description in rows],
                    limit=limit)  # fmt: skip
    if not found:
        return []
    ideas = {
        i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_([i for i, _ in found])))
    }
    return [ideas[id_] for id_, _score in found]


def ideas_by_tokens(zone: Zone, tokens: list[str]) -> list[tuple[Idea, str]]:
    """The zone's ideas whose private links hold these tokens (the ideas a device
    remembers posting), newest first, each with its token; unknown tokens are left out."""
    by_hash = {follow_hash(t): t for t in tokens}
    if not by_hash:
        return []
    ideas = db.session.scalars(
        select(Idea)
        .where(Idea.zone_id == zone.id, Idea.follow_hash.in_(list(by_hash)))
        .order_by(Idea.created_at.desc(), Idea.id.desc())
    )
    return [(idea, by_hash[idea.follow_hash]) for idea in ideas]


CAFE_LENGTH = timedelta(hours=3)  # how long a café without an end time is taken to last


def cafe_is_over(cafe: Cafe, now=None) -> bool:
    """Whether the café's evening has ended (its end, or CAFE_LENGTH after its start)."""
    return (cafe.ends_at or cafe.starts_at + CAFE_LENGTH) <= (now or utcnow())


def cafe_outcome(cafe: Cafe, *, limit: int = 3) -> tuple[int, list[tuple[Idea, int]]]:
    """What came out of a café: how many of its ideas residents can see, and the `limit`
    most supported of them with their supports."""
    ids = list(
        db.session.scalars(
            select(Idea.id).join(Idea.board).where(Board.cafe_id == cafe.id, _visible())
        )
    )
    counts = support_counts(ids)
    best = sorted(ids, key=lambda i: (-counts[i], i))[:limit]
    ideas = {i.id: i for i in db.session.scalars(select(Idea).where(Idea.id.in_(best)))}
    return len(ids), [(ideas[i], counts[i]) for i in best]


def supported_by(device: str | None, ideas: list[Idea]) -> set[int]:
    """Which of `ideas` the device supports, itself or through an idea merged into it."""
    if device is None or not ideas:
        return set()
    supported = db.session.scalars(
        select(Idea).join(Support, Support.idea_id == Idea.id).where(Support.device_hash == device)
    )
    wanted = {i.id for i in ideas}
    return {final_idea(i).id for i in supported} & wanted


def support_idea(
    idea: Idea, device: str, address: str | None = None, limits: SupportLimits | None = None
) -> tuple[Idea, bool]:
    """Record the device's support of `idea` (of its final target if merged); returns the
    idea supported and whether this support is new. A second support is a no-op; past the
    address's daily cap SupportLimitError; a burst from one address flags the idea."""
    target = final_idea(idea)
    if not target.visible:
        abort(404)
    if _has_supported(target, device):
        return target, False
    now = utcnow()
    capped = limits is not None and address is not None
    if capped and _address_supports(target, address, since=now - DAY) >= limits.daily:
        raise SupportLimitError
    try:
        with db.session.begin_nested():  # two taps at once: the unique constraint decides
            db.session.add(Support(idea_id=target.id, device_hash=device, address_hash=address))
    except IntegrityError:
        return target, False
    if capped and target.supports_flagged_at is None:
        recent = _address_supports(target, address, since=now - limits.burst_window)
        if recent >= limits.burst:
            target.supports_flagged_at = now
            record(
                "flagged_support_burst", "idea", target.id, actor_id=None,
                zone_id=target.zone_id, after={"supports_from_one_address": recent},
            )  # fmt: skip
    return target, True


def _address_supports(idea: Idea, address: str, *, since) -> int:
    return db.session.scalar(
        select(func.count()).where(
            Support.idea_id == idea.id,
            Support.address_hash == address,
            Support.created_at >= since,
        )
    )


def _has_supported(idea: Idea, device: str) -> bool:
    return bool(
        db.session.scalar(
            select(func.count()).where(Support.idea_id == idea.id, Support.device_hash == device)
        )
    )


def people(reports) -> int:
    """How many people made these reports, as well as we can tell: reports that share a
    device or an address are one person's."""
    parent = list(range(len(reports)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, report in enumerate(reports):
        for key in (("device", report.device_hash), ("address", report.address_hash)):
            if key[1] is None:
                continue
            if key in first:
                parent[root(i)] = root(first[key])
            else:
                first[key] = i
    return len({root(i) for i in range(len(reports))})


def counted_reporters(idea: Idea) -> int:
    """The people whose open reports of the idea count: anyone whose earlier report a
    librarian already dealt with (same device or address) is left out."""
    reports = db.session.scalars(select(Report).where(Report.idea_id == idea.id)).all()
    resolved = [r for r in reports if r.resolved_at is not None]
    seen_devices = {r.device_hash for r in resolved}
    seen_addresses = {r.address_hash for r in resolved if r.address_hash is not None}
    counted = [
        r
        for r in reports
        if r.resolved_at is None
        and r.device_hash not in seen_devices
        and r.address_hash not in seen_addresses
    ]
    return people(counted)


def reviewed(idea: Idea) -> bool:
    """Whether a librarian has weighed the idea: shortlisted or chosen it, or dealt with
    reports of it. Reports then flag it for the librarian and never hide it."""
    if idea.status in REVIEWED_STATUSES:
        return True
    return bool(
        db.session.scalar(
            select(func.count()).where(Report.idea_id == idea.id, Report.resolved_at.isnot(None))
        )
    )


def report_idea(
    idea: Idea, reason: ReportReason, device: str, address: str | None, *, threshold: int
) -> str:
    """Record a report of a visible idea (once per device). When `threshold` people whose
    reports count (see counted_reporters) are in, the idea is hidden until a librarian
    looks, or, if a librarian already reviewed it, flagged for them and left shown.
    Returns "hidden", "flagged" or "noted"."""
    if not idea.visible:
        abort(404)
    exists = db.session.scalar(
        select(func.count()).where(Report.idea_id == idea.id, Report.device_hash == device)
    )
    if not exists:
        try:
            with db.session.begin_nested():  # the unique constraint decides a race
                db.session.add(
                    Report(
                        idea_id=idea.id, reason=reason.value, device_hash=device,
                        address_hash=address,
                    )
                )  # fmt: skip
        except IntegrityError:
            pass
    if counted_reporters(idea) < threshold:
        return "noted"
    if reviewed(idea):
        if idea.reports_flagged_at is None:
            idea.reports_flagged_at = utcnow()
            record(
                "flagged_by_reports", "idea", idea.id, actor_id=None, zone_id=idea.zone_id,
                before={"flagged": False}, after={"flagged": True},
            )  # fmt: skip
        return "flagged"
    idea.hidden = True
    record(
        "hidden_by_reports", "idea", idea.id, actor_id=None, zone_id=idea.zone_id,
        before={"hidden": False}, after={"hidden": True},
    )  # fmt: skip
    return "hidden"
