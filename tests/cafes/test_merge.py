"""Merging ideas (app/cafes/moderation.py): supports combined once per device, provenance,
redirects to the final idea, refusals, and merges of merges as a property (Hypothesis)."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.audit.services import history
from app.cafes import moderation
from app.cafes.models import Idea, Report, Support, Theme
from app.cafes.moderation import ModerationError
from app.cafes.queries import final_idea, support_counts
from app.core.time import utcnow
from app.extensions import db

# Services speak the page's language; these tests read their messages in English.
pytestmark = pytest.mark.usefixtures("messages_in_english")


def support(idea: Idea, device: str, withdrawn: bool = False) -> Support:
    row = Support(idea_id=idea.id, device_hash=device, withdrawn_at=utcnow() if withdrawn else None)
    db.session.add(row)
    db.session.flush()
    return row


def test_supports_are_combined_once_per_device(make_idea, librarian):
    target, source = make_idea(status="pending"), make_idea(status="pending")
    support(target, "same-phone")
    support(source, "same-phone")
    support(source, "other-phone")
    support(source, "withdrawn-phone", withdrawn=True)
    assert support_counts([target.id, source.id]) == {target.id: 1, source.id: 2}
    moderation.merge([source], target, librarian)
    assert support_counts([target.id]) == {target.id: 2}
    # Supports stay where they were given: nothing moved, nothing deleted.
    assert db.session.scalar(select(func.count()).select_from(Support)) == 4


def test_merged_ideas_lead_to_the_final_one(make_idea, librarian):
    a, b, c = make_idea(status="pending"), make_idea(status="pending"), make_idea(status="pending")
    moderation.merge([a], b, librarian, reason="Same idea.")
    moderation.merge([b], c, librarian)
    assert (a.status, a.merged_into_id) == ("merged", b.id)
    assert final_idea(a) is c and final_idea(b) is c and final_idea(c) is c
    entry = history("idea", a.id)[-1]
    assert (entry.action, entry.reason, entry.actor_id) == (
        "idea.merge",
        "Same idea.",
        librarian.id,
    )
    assert entry.before == {"status": "pending", "merged_into_id": None}
    assert entry.after == {"status": "merged", "merged_into_id": b.id}


def test_provenance_counts_cards_channels_cafes_and_tables(make_cafe, make_idea, librarian):
    one, two = make_cafe(title="Kawiarenka marcowa", tables=3), make_cafe(title="Kawiarenka majowa")
    target = make_idea(board=one.boards[0], channel="paper", status="pending")
    first = make_idea(board=one.boards[2], channel="qr", status="pending")
    second = make_idea(board=two.boards[1], channel="paper", status="pending")
    deeper = make_idea(board=two.boards[1], channel="link", status="pending")
    moderation.merge([deeper], second, librarian)
    moderation.merge([first, second], target, librarian)
    found = moderation.provenance(target)
    assert found["cards"] == 4
    assert {i.id for i in found["sources"]} == {first.id, second.id, deeper.id}
    assert found["channels"] == {"paper": 2, "qr": 1, "link": 1}
    assert found["cafes"] == [
        {"title": "Kawiarenka marcowa", "tables": [1, 3]},
        {"title": "Kawiarenka majowa", "tables": [2]},
    ]
    assert moderation.provenance(deeper)["cards"] == 1


def test_merging_into_itself_is_refused(make_idea, librarian):
    idea = make_idea(status="pending")
    with pytest.raises(ModerationError, match="itself"):
        moderation.merge([idea], idea, librarian)


def test_merging_across_zones_is_refused(make_cafe, make_idea, librarian, other_zone):
    here, there = (
        make_idea(status="pending"),
        make_idea(board=make_cafe(other_zone).boards[0], status="pending"),
    )
    with pytest.raises(ModerationError, match="same zone"):
        moderation.merge([there], here, librarian)
    assert there.status == "pending"


def test_cycles_and_merged_ideas_are_refused(make_idea, librarian):
    a, b, c = make_idea(status="pending"), make_idea(status="pending"), make_idea(status="pending")
    moderation.merge([a], b, librarian)
    with pytest.raises(ModerationError, match="merged or rejected"):
        moderation.merge([b], a, librarian)  # would close the loop a -> b -> a
    with pytest.raises(ModerationError, match="cannot be merged"):
        moderation.merge([a], c, librarian)  # a is merged already: it moves nowhere
    assert (a.merged_into_id, b.status, c.status) == (b.id, "pending", "pending")


def test_a_refused_merge_changes_nothing(make_idea, librarian):
    target = make_idea(status="pending")
    good, chosen = make_idea(status="pending"), make_idea(status="chosen")
    entries = db.session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(ModerationError, match="cannot be merged"):
        moderation.merge([good, chosen], target, librarian)
    assert good.status == "pending"
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries


def test_merge_candidates_leave_out_the_idea_its_tree_and_merged_ideas(make_idea, librarian):
    a, b, c, rejected = (
        make_idea(status="pending"),
        make_idea(status="pending"),
        make_idea(status="pending"),
        make_idea(status="rejected"),
    )
    moderation.merge([b], a, librarian)
    assert moderation.merge_candidates(c) == [a]
    assert rejected not in moderation.merge_candidates(a)
    assert moderation.merge_candidates(a) == [c]


def row_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Idea, Support, Report, Theme)
    }


@settings(
    max_examples=settings.default.max_examples // 7,  # a seventh of the profile's: 42 in CI
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_merges_of_merges_count_every_device_once_and_lose_no_idea(
    data,
    make_cafe,
    librarian,
):
    n = data.draw(st.integers(2, 9), label="ideas")
    cafe = make_cafe(tables=3)
    ideas = [
        Idea(
            zone_id=cafe.zone_id,
            board=cafe.boards[i % 3],
            title=f"Idea {i}",
            channel=data.draw(st.sampled_from(["link", "qr", "kiosk", "paper"])),
            status=data.draw(st.sampled_from(["pending", "published"])),
        )
        for i in range(n)
    ]
    db.session.add_all(ideas)
    db.session.flush()
    given_supports = data.draw(
        st.dictionaries(
            st.tuples(st.integers(0, n - 1), st.integers(0, 5)), st.booleans(), max_size=25
        ),
        label="supports (idea, device) -> withdrawn",
    )
    for (i, device), withdrawn in given_supports.items():
        support(ideas[i], f"device-{device}", withdrawn)
    before = row_counts()

    parent: dict[int, int] = {}  # the model: index of a merged idea -> index of its target
    ops = data.draw(
        st.lists(
            st.tuples(
                st.lists(st.integers(0, n - 1), min_size=1, max_size=3), st.integers(0, n - 1)
            ),
            max_size=10,
        ),
        label="merges (sources, target)",
    )
    for sources, target in ops:
        legal = target not in parent and all(s not in parent and s != target for s in sources)
        try:
            moderation.merge([ideas[s] for s in sources], ideas[target], librarian)
        except ModerationError:
            assert not legal, f"a legal merge was refused: {sources} -> {target}"
        else:
            assert legal, f"an illegal merge was made: {sources} -> {target}, parent={parent}"
            parent.update(dict.fromkeys(sources, target))

    def root(i: int) -> int:
        steps = 0
        while i in parent:
            i, steps = parent[i], steps + 1
            assert steps <= n, "a cycle"
        return i

    trees: dict[int, list[int]] = {}
    for i in range(n):
        trees.setdefault(root(i), []).append(i)
    roots = sorted(trees)
    assert [i for i in range(n) if ideas[i].status != "merged"] == roots
    counts = support_counts(ideas[r].id for r in roots)
    for r, members in trees.items():
        devices = {
            device
            for (i, device), withdrawn in given_supports.items()
            if i in members and not withdrawn
        }
        assert counts[ideas[r].id] == len(devices), f"root {r}, tree {members}"
        found = moderation.provenance(ideas[r])
        assert found["cards"] == len(members)
        assert sum(found["channels"].values()) == len(members)
        assert Counter(found["channels"]) == Counter(ideas[i].channel for i in members)
        for i in members:
            assert final_idea(ideas[i]) is ideas[r], "an idea that reaches no root"
    assert row_counts() == before, "moderation deleted or added rows"
    merged_entries = db.session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "idea.merge", AuditEntry.subject_id.in_([i.id for i in ideas]))
    )
    assert merged_entries == len(parent)


def test_a_sequence_of_moderation_acts_deletes_nothing(make_idea, librarian):
    a, b, c = make_idea(status="pending"), make_idea(status="pending"), make_idea(status="pending")
    s = support(a, "p1")
    db.session.add(Report(idea_id=b.id, reason="abuse", device_hash="r1"))
    db.session.flush()
    before = row_counts()
    moderation.edit_idea(a, librarian, "New title", "", None)
    moderation.change_status(a, "published", librarian)
    moderation.change_status(b, "rejected", librarian, reason="Spam.", for_abuse=True)
    moderation.change_status(b, "pending", librarian)
    moderation.withdraw_supports(a, [s.id], librarian)
    moderation.merge([b, c], a, librarian)
    moderation.resolve_reports(b, librarian, keep_hidden=True)
    after = row_counts()
    assert after == before
    ideas = select(func.count()).select_from(AuditEntry).where(AuditEntry.subject_type == "idea")
    assert db.session.scalar(ideas) == 8
