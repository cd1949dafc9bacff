"""An idea's lifecycle (app/cafes/moderation.py): every legal transition, illegal ones
refused with a message, reasons, reports, edits, themes, supports, bulk acts and the audit
log. Cafés, boards, ideas and supports are inserted as rows, as residents would leave them."""

from itertools import count

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.audit.services import history
from app.cafes import moderation
from app.cafes.models import Idea, IdeaStatus, Report, Support, Theme
from app.cafes.moderation import TRANSITIONS, ModerationError
from app.cafes.participation import withdraw_idea
from app.extensions import db
from tests.cafes.factories import naive_utc

_n = count(1)


S = IdeaStatus

# Services speak the page's language; these tests read their messages in English.
pytestmark = pytest.mark.usefixtures("messages_in_english")


def reach(idea: Idea, status: str, actor) -> Idea:
    """Bring a new (pending) idea to `status` through legal transitions."""
    paths = {
        "pending": [],
        "published": ["published"],
        "shortlisted": ["published", "shortlisted"],
        "chosen": ["published", "shortlisted", "chosen"],
        "implemented": ["published", "shortlisted", "chosen", "implemented"],
        "rejected": ["rejected"],
        "withdrawn": [],  # by its author, not by moderation
    }
    for step in paths[status]:
        moderation.change_status(idea, step, actor, reason="why" if step == "rejected" else None)
    if status == "withdrawn":
        withdraw_idea(idea)
    return idea


LEGAL = [(a.value, b.value) for a, targets in TRANSITIONS.items() for b in targets if b != S.MERGED]
ILLEGAL = [
    (a.value, b.value)
    for a in S
    for b in S
    if a != S.MERGED and b != S.MERGED and b not in TRANSITIONS[a]
]


@pytest.mark.parametrize(("start", "to"), LEGAL)
def test_every_legal_transition_is_made_and_audited(make_idea, librarian, start, to):
    idea = reach(make_idea(status="pending"), start, librarian)
    before = len(history("idea", idea.id))
    moderation.change_status(idea, to, librarian, reason="A reason." if to == "rejected" else None)
    assert idea.status == to
    entries = history("idea", idea.id)
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry.action, entry.actor_id, entry.zone_id) == (
        "idea.status", librarian.id, idea.zone_id,
    )  # fmt: skip
    assert entry.before["status"] == start and entry.after["status"] == to


@pytest.mark.parametrize(("start", "to"), ILLEGAL)
def test_illegal_transitions_are_refused_with_a_message(make_idea, librarian, start, to):
    idea = reach(make_idea(status="pending"), start, librarian)
    entries = len(history("idea", idea.id))
    with pytest.raises(ModerationError, match="cannot become"):
        moderation.change_status(idea, to, librarian, reason="why")
    assert idea.status == start
    assert len(history("idea", idea.id)) == entries


def test_merged_ideas_move_nowhere_and_merging_needs_a_target(make_idea, librarian):
    target, idea = make_idea(status="pending"), make_idea(status="pending")
    with pytest.raises(ModerationError, match="merged by choosing"):
        moderation.change_status(idea, "merged", librarian)
    moderation.merge([idea], target, librarian)
    for to in ("pending", "published", "rejected"):
        with pytest.raises(ModerationError, match="cannot become"):
            moderation.change_status(idea, to, librarian, reason="why")


def test_unknown_status_is_refused(make_idea, librarian):
    with pytest.raises(ModerationError, match="Unknown status"):
        moderation.change_status(make_idea(status="pending"), "deleted", librarian)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_rejecting_needs_a_reason(make_idea, librarian, reason):
    idea = make_idea(status="pending")
    with pytest.raises(ModerationError, match="reason"):
        moderation.change_status(idea, "rejected", librarian, reason=reason)
    assert idea.status == "pending"


def test_a_too_long_reason_is_refused(make_idea, librarian):
    with pytest.raises(ModerationError, match="too long"):
        moderation.change_status(
            make_idea(status="pending"), "rejected", librarian, reason="x" * 501
        )


def test_reason_templates_and_own_text(app):
    text, abuse = moderation.rejection_reason("abuse", "")
    assert abuse and text
    assert moderation.rejection_reason("duplicate", "  My words. ") == ("My words.", False)
    assert moderation.rejection_reason(None, "Own.") == ("Own.", False)
    with pytest.raises(ModerationError):
        moderation.rejection_reason(None, " ")
    with pytest.raises(ModerationError):
        moderation.rejection_reason("nonsense", "text")
    assert len(moderation.REASON_TEMPLATES) == 6


def test_rejecting_stores_the_reason_and_reopening_clears_it(make_idea, librarian):
    idea = make_idea(status="pending")
    moderation.change_status(idea, "rejected", librarian, reason="Abusive.", for_abuse=True)
    assert (idea.reason, idea.rejected_for_abuse) == ("Abusive.", True)
    entry = history("idea", idea.id)[-1]
    assert entry.reason == "Abusive." and entry.after["rejected_for_abuse"] is True
    moderation.change_status(idea, "pending", librarian)
    assert (idea.status, idea.reason, idea.rejected_for_abuse) == ("pending", None, False)
    assert history("idea", idea.id)[-1].before["reason"] == "Abusive."


def test_publishing_sets_the_date_unhides_and_resolves_reports(make_idea, librarian):
    idea = reach(make_idea(status="pending"), "shortlisted", librarian)
    idea.hidden = True
    first_published = idea.published_at
    assert first_published is not None
    db.session.add(Report(idea_id=idea.id, reason="abuse", device_hash="d1"))
    db.session.flush()
    moderation.change_status(idea, "published", librarian)
    assert not idea.hidden and idea.published_at == first_published
    report = db.session.scalar(select(Report).where(Report.idea_id == idea.id))
    assert report.resolved_at is not None and report.resolved_by_id == librarian.id


def test_other_transitions_keep_an_idea_hidden(make_idea, librarian):
    idea = reach(make_idea(status="pending"), "published", librarian)
    idea.hidden = True
    moderation.change_status(idea, "shortlisted", librarian)
    assert idea.hidden


def test_resolving_reports(make_idea, librarian):
    idea = reach(make_idea(status="pending"), "published", librarian)
    idea.hidden = True
    db.session.add_all(
        [Report(idea_id=idea.id, reason="abuse", device_hash=f"d{i}") for i in range(3)]
    )
    db.session.flush()
    assert moderation.open_report_counts([idea.id]) == {idea.id: 3}
    assert moderation.resolve_reports(idea, librarian, keep_hidden=False) == 3
    assert not idea.hidden
    assert moderation.open_report_counts([idea.id]) == {idea.id: 0}
    entry = history("idea", idea.id)[-1]
    assert entry.action == "idea.reports" and entry.before["hidden"] is True


def test_editing_keeps_a_history(make_idea, librarian):
    idea = make_idea(
        title="Klub mam", description="Spotkania we wtorki", nickname="Ola", status="pending"
    )
    assert moderation.edit_idea(idea, librarian, "Klub mam", "Spotkania w czwartki", "Ola")
    entry = history("idea", idea.id)[-1]
    assert entry.action == "idea.edit"
    # Which field changed, not the resident's words (the audit log keeps no residents' data).
    assert entry.before == {}
    assert entry.after == {"changed": ["description"]}
    assert not moderation.edit_idea(idea, librarian, "Klub mam", "Spotkania w czwartki", "Ola")
    assert len(history("idea", idea.id)) == 1
    with pytest.raises(ModerationError):
        moderation.edit_idea(idea, librarian, " ", "", None)


def test_themes_are_created_per_zone_and_reused(make_idea, librarian, zone):
    a, b = make_idea(status="pending"), make_idea(status="pending")
    assert moderation.set_themes(a, ["Seniorzy", " seniorzy ", "Młodzież"], librarian)
    assert moderation.set_themes(b, ["SENIORZY"], librarian)
    assert sorted(t.name for t in a.themes) == ["Młodzież", "Seniorzy"]
    assert [t.name for t in b.themes] == ["Seniorzy"]
    assert db.session.scalar(select(func.count()).select_from(Theme)) == 2
    assert history("idea", a.id)[-1].after == {"themes": ["Młodzież", "Seniorzy"]}
    assert not moderation.set_themes(b, ["Seniorzy"], librarian)


def test_withdrawing_supports_marks_them(make_idea, librarian):
    idea = make_idea(status="pending")
    supports = [Support(idea_id=idea.id, device_hash=f"dev{i}") for i in range(3)]
    db.session.add_all(supports)
    db.session.flush()
    assert moderation.withdraw_supports(idea, [supports[0].id, supports[1].id], librarian) == 2
    assert moderation.withdraw_supports(idea, [supports[0].id], librarian) == 0
    assert [s.withdrawn_at is not None for s in supports] == [True, True, False]
    assert history("idea", idea.id)[-1].after == {
        "withdrawn": sorted([supports[0].id, supports[1].id])
    }


def test_withdrawing_ignores_supports_of_other_ideas(make_idea, librarian):
    idea, other = make_idea(status="pending"), make_idea(status="pending")
    support = Support(idea_id=other.id, device_hash="x")
    db.session.add(support)
    db.session.flush()
    assert moderation.withdraw_supports(idea, [support.id], librarian) == 0
    assert support.withdrawn_at is None


def test_bulk_publish_and_tag(make_idea, librarian):
    ideas = [make_idea(status="pending") for _ in range(3)]
    assert moderation.bulk(ideas, "publish", librarian) == 3
    assert {i.status for i in ideas} == {"published"}
    moderation.bulk(ideas, "tag", librarian, theme="Seniorzy")
    moderation.bulk(ideas[:1], "tag", librarian, theme="Rodzice")
    assert [t.name for t in ideas[0].themes] == ["Rodzice", "Seniorzy"]


def test_bulk_is_all_or_nothing(make_idea, librarian):
    fresh = [make_idea(status="pending"), make_idea(status="pending")]
    chosen = reach(make_idea(status="pending"), "chosen", librarian)
    entries = db.session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(ModerationError, match="Nothing was changed"):
        moderation.bulk([*fresh, chosen], "reject", librarian, reason="Off topic.")
    assert [i.status for i in fresh] == ["pending", "pending"]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries
    with pytest.raises(ModerationError, match="reason"):
        moderation.bulk(fresh, "reject", librarian)
    with pytest.raises(ModerationError):
        moderation.bulk(fresh, "tag", librarian, theme=" ")
    with pytest.raises(ModerationError):
        moderation.bulk([], "publish", librarian)
    with pytest.raises(ModerationError):
        moderation.bulk(fresh, "delete", librarian)
    moderation.bulk(fresh, "reject", librarian, reason="Off topic.")
    assert [i.reason for i in fresh] == ["Off topic.", "Off topic."]


def test_the_queue_puts_pending_first_then_hidden(make_idea, librarian, zone, other_zone):
    published = reach(make_idea(status="pending"), "published", librarian)
    hidden = reach(make_idea(status="pending"), "published", librarian)
    hidden.hidden = True
    old_pending, new_pending = make_idea(status="pending"), make_idea(status="pending")
    old_pending.created_at = naive_utc(2026, 1, 1)
    rejected = reach(make_idea(status="pending"), "rejected", librarian)
    db.session.flush()
    assert moderation.queue(zone) == [old_pending, new_pending, hidden, published]
    assert moderation.queue(zone, status="rejected") == [rejected]
    assert moderation.queue(other_zone) == []
    assert moderation.queue(zone, cafe_id=published.board.cafe_id) == [published]
