"""Small-cell suppression (app/dashboards/suppression.py), checked as a privacy guarantee.

The rule: no count, share or mean is shown for a group of fewer than k respondents, and
secondary suppression makes sure a hidden cell cannot be recovered by subtracting the
visible cells from a total.

What a breakdown publishes (the model used below): the overall number of respondents N,
each visible group's size and, per answer option, each visible group's count and the
overall count (the column total). Hidden groups publish nothing. From that an attacker
can work out, per option, the sum S of the hidden groups' counts, and the hidden groups'
total size M = N - (visible sizes); not the hidden groups' individual sizes.

When there are fewer than k respondents in all, N and the column totals are themselves
figures about fewer than k people, so nothing at all may be shown, totals included. No
choice of hidden groups can achieve that; it is the caller's job (aggregate.py's
`_hidden_overall`). Here it is checked that `hidden_groups` then hides every non-empty
group, and the attacker model treats such a breakdown as publishing nothing.
"""

from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.dashboards.suppression import MIN_THRESHOLD, hidden_groups

FAST = settings(max_examples=300, deadline=None)

GROUP_NAMES = ["15-24", "25-34", "35-44", "45-54", "55-64", "65+", "no_answer", "other"]


def describe(sizes: Mapping[str, int], k: int, hidden: set) -> str:
    return f"sizes={dict(sizes)!r}, k={k}, hidden={sorted(hidden)!r}"


# ---------------------------------------------------------------------------------------
# 1. Structural properties
# ---------------------------------------------------------------------------------------

sizes_strategy = st.dictionaries(
    st.sampled_from(GROUP_NAMES), st.integers(0, 40), min_size=1, max_size=8
)


@FAST
@given(sizes=sizes_strategy, k=st.integers(MIN_THRESHOLD, 10))
def test_a_small_group_hides_its_whole_breakdown(sizes, k):
    hidden = hidden_groups(sizes, k)
    info = describe(sizes, k, hidden)
    if any(0 < n < k for n in sizes.values()):
        # Empty groups too: a visible 0 would tell which hidden groups have people.
        assert hidden == set(sizes), f"a small group, yet something is shown: {info}"
    else:
        assert hidden == set(), f"no small group, yet something is hidden: {info}"


@FAST
@given(sizes=sizes_strategy, k=st.integers(-3, 10))
def test_result_is_a_deterministic_subset_and_k_up_to_one_hides_nothing(sizes, k):
    hidden = hidden_groups(sizes, k)
    info = describe(sizes, k, hidden)
    assert hidden <= set(sizes), info
    assert hidden_groups(dict(sizes), k) == hidden, f"not deterministic: {info}"
    assert hidden_groups(dict(reversed(list(sizes.items()))), k) == hidden, (
        f"depends on the order of the groups: {info}"
    )
    if k <= 1:
        assert hidden == set(), info


# ---------------------------------------------------------------------------------------
# 2. Nothing hidden can be recovered from what is published (brute force)
# ---------------------------------------------------------------------------------------


def compositions(total: int, parts: int, lowest: int) -> Iterator[tuple[int, ...]]:
    """Every tuple of `parts` integers >= lowest summing to `total` (stars and bars)."""
    spare = total - parts * lowest
    if parts == 0:
        if total == 0:
            yield ()
        return
    if spare < 0:
        return
    for bars in combinations(range(spare + parts - 1), parts - 1):
        edges = (-1, *bars, spare + parts - 1)
        yield tuple(lowest + edges[i + 1] - edges[i] - 1 for i in range(parts))


def bounded_compositions(total: int, caps: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Every tuple c with 0 <= c[i] <= caps[i] summing to `total`."""
    if not caps:
        if total == 0:
            yield ()
        return
    rest = sum(caps[1:])
    for first in range(max(0, total - rest), min(caps[0], total) + 1):
        for tail in bounded_compositions(total - first, caps[1:]):
            yield (first, *tail)


@st.composite
def small_tables(draw):
    """Groups with sizes 0..8, k in 2..5, and 1..3 options counted per group.

    Options are independent columns (multiple choice, or single choice with some
    options not shown), each group's count within 0..its size.
    """
    names = draw(st.lists(st.sampled_from(GROUP_NAMES), min_size=2, max_size=5, unique=True))
    sizes = {g: draw(st.integers(0, 8), label=f"size {g}") for g in names}
    k = draw(st.integers(MIN_THRESHOLD, 5), label="k")
    options = draw(st.integers(1, 3), label="options")
    counts = [{g: draw(st.integers(0, n)) for g, n in sizes.items()} for _ in range(options)]
    return sizes, k, counts


def published(sizes: Mapping[str, int], counts: list[dict[str, int]], hidden: set) -> dict:
    """Everything shown for the breakdown: N, visible sizes and counts, column totals."""
    return {
        "N": sum(sizes.values()),
        "sizes": {g: n for g, n in sizes.items() if g not in hidden},
        "columns": [
            {
                "total": sum(column.values()),
                "counts": {g: c for g, c in column.items() if g not in hidden},
            }
            for column in counts
        ],
    }


def alternative_worlds(shown: dict, hidden: list[str]) -> Iterator[tuple[dict, list[list]]]:
    """Every (sizes, counts) of the hidden groups that yields exactly `shown`.

    A hidden group may be empty (empty groups are hidden with the others). Sizes are any
    split of M = N - visible sizes; per option, counts are any split of that column's
    hidden sum S with 0 <= count <= size. Options constrain each other only through the
    sizes, so for each size split the worlds are the product of the per-option splits:
    yielded as (sizes, [every split of option 0, every split of option 1, ...]) rather
    than multiplied out, which would only repeat the same cell values.
    """
    m = shown["N"] - sum(shown["sizes"].values())
    sums = [col["total"] - sum(col["counts"].values()) for col in shown["columns"]]
    for split in compositions(m, len(hidden), 0):
        per_option = [
            [dict(zip(hidden, c, strict=True)) for c in bounded_compositions(s, split)]
            for s in sums
        ]
        if all(per_option):  # a world needs a split for every option
            yield dict(zip(hidden, split, strict=True)), per_option


def recovered_cells(sizes, k, counts):
    """What the attacker pins down exactly: (what, group, true value) for each leak."""
    hidden = hidden_groups(sizes, k)
    if not hidden or sum(sizes.values()) < k:
        return hidden, []  # nothing hidden, or nothing at all published (N < k)
    order = sorted(hidden)
    shown = published(sizes, counts, hidden)
    m = shown["N"] - sum(shown["sizes"].values())
    sums = [sum(column[g] for g in order) for column in counts]

    seen_sizes = {g: set() for g in order}
    seen_counts = [{g: set() for g in order} for _ in counts]
    for world_sizes, per_option in alternative_worlds(shown, order):
        for g in order:
            seen_sizes[g].add(world_sizes[g])
            for j, splits in enumerate(per_option):
                seen_counts[j][g].update(column[g] for column in splits)

    assert all(sizes[g] in seen_sizes[g] for g in order), "the true world must be consistent"
    leaks = []
    for j, s in enumerate(sums):
        if s in (0, m):  # "none / all of the hidden people": a fact about >= k people
            continue
        for g in order:
            if len(seen_counts[j][g]) == 1:
                leaks.append((f"count of option {j}", g, counts[j][g]))
    if len(order) >= 2:
        for g in order:
            if len(seen_sizes[g]) == 1:
                leaks.append(("size", g, sizes[g]))
    return hidden, leaks


@settings(max_examples=400, deadline=None)
@given(table=small_tables())
def test_no_hidden_cell_or_size_can_be_recovered(table):
    sizes, k, counts = table
    # Five hidden groups make the enumeration slow (seconds); four are plenty to check.
    assume(len(hidden_groups(sizes, k)) <= 4)
    hidden, leaks = recovered_cells(sizes, k, counts)
    if 0 < sum(sizes.values()) < k:
        assert hidden == set(sizes), f"N < k but some group is shown: {describe(sizes, k, hidden)}"
    assert not leaks, (
        f"recovered from the published figures: {leaks} — {describe(sizes, k, hidden)}, "
        f"counts per option={counts}"
    )


def sizes_pinned_by_the_rule(sizes: Mapping[str, int], k: int) -> dict[str, int]:
    """Hidden groups whose size an attacker who knows `hidden_groups` can work out.

    Besides the published figures, such an attacker keeps only the splits of M for which
    the rule would have hidden exactly the groups it did.
    """
    hidden = hidden_groups(sizes, k)
    if len(hidden) < 2 or sum(sizes.values()) < k:
        return {}
    order = sorted(hidden)
    m = sum(sizes[g] for g in order)
    seen = {g: set() for g in order}
    for split in compositions(m, len(order), 0):
        world = dict(sizes) | dict(zip(order, split, strict=True))
        if hidden_groups(world, k) == hidden:
            for g, n in zip(order, split, strict=True):
                seen[g].add(n)
    return {g: sizes[g] for g in order if len(seen[g]) == 1}


@FAST
@given(
    sizes=st.dictionaries(st.sampled_from(GROUP_NAMES), st.integers(0, 8), min_size=2, max_size=5),
    k=st.integers(MIN_THRESHOLD, 5),
)
def test_knowing_the_rule_does_not_give_away_a_hidden_size(sizes, k):
    # Stricter than the test above: the rule is public (this repository), so the attacker
    # may also discard the worlds in which it would have hidden other groups.
    pinned = sizes_pinned_by_the_rule(sizes, k)
    assert not pinned, (
        f"hidden sizes recovered by an attacker who knows the rule: {pinned} — "
        f"{describe(sizes, k, hidden_groups(sizes, k))}"
    )


# ---------------------------------------------------------------------------------------
# 3. The rule by example
# ---------------------------------------------------------------------------------------


def test_one_small_group_hides_the_whole_breakdown():
    # 3 people aged 15-24. Hiding them alone, they would be the total minus the others;
    # hiding them with one chosen other group, the choice itself would tell too much.
    sizes = {"15-24": 3, "25-34": 40, "35-44": 22, "45-59": 0}
    assert hidden_groups(sizes, 5) == {"15-24", "25-34", "35-44", "45-59"}


def test_groups_all_large_enough_are_all_shown():
    assert hidden_groups({"a": 30, "b": 0, "c": 5}, 5) == set()


def test_a_lone_small_group_is_hidden():
    assert hidden_groups({"only": 3}, 5) == {"only"}


@pytest.mark.parametrize("k", [0, 1])
def test_no_threshold_hides_nothing(k):
    assert hidden_groups({"a": 1, "b": 0, "c": 7}, k) == set()
