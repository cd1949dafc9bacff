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
from itertools import combinations, count

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.dashboards.suppression import MIN_THRESHOLD, hidden_groups
from app.extensions import db
from app.surveys.models import Channel
from app.surveys.schema import parse_template
from app.surveys.services import create_survey, open_survey, submit_response
from tests.dashboards.helpers import check_every_channel

FAST = settings(deadline=None)  # examples: as many as the Hypothesis profile says

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


@settings(deadline=None)
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


@settings(deadline=None)
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


# ---------------------------------------------------------------------------------------
# 4. Over HTTP: every filter, breakdown and question, on the page, in its CSVs and the API
# ---------------------------------------------------------------------------------------
#
# An attacker reads every figure the dashboard, a question's CSV and the API give for a
# filter (?only=), a breakdown (?by=) or both. In such a comparison every group is a cell
# of the cross-table of the dimensions in play (and, for a dimension question, of that
# question too: its own distribution is the breakdown by it). The oracle below counts
# those cells from the raw answers, not from aggregate.py: a question may show figures
# only if no cell of its tables holds 1 to k-1 people, nor all cells together fewer than k.

# Three dimensions (one optional, so "no answer" is a group) and a question of each kind.
PROPERTY_TEMPLATE = """
key: wlasnosci
title: {pl: Ankieta do własności, en: Property survey}
introduction: {pl: Kilka pytań., en: A few questions.}
sections:
  - key: jedyna
    title: {pl: Pytania, en: Questions}
    questions:
      - key: wiek
        type: single_choice
        text: {pl: Wiek, en: Age}
        required: true
        dimension: true
        options:
          - {value: mlodzi, label: {pl: Młodzi, en: Young}}
          - {value: srednie, label: {pl: Średni, en: Middle}}
          - {value: starsi, label: {pl: Starsi, en: Older}}
      - key: osiedle
        type: single_choice
        text: {pl: Osiedle, en: Neighbourhood}
        dimension: true
        options:
          - {value: centrum, label: {pl: Centrum, en: Centre}}
          - {value: las, label: {pl: Las, en: Forest}}
      - key: plec
        type: single_choice
        text: {pl: Płeć, en: Gender}
        required: true
        dimension: true
        options:
          - {value: k, label: {pl: Kobieta, en: Woman}}
          - {value: m, label: {pl: Mężczyzna, en: Man}}
      - key: gdzie
        type: multiple_choice
        text: {pl: 'Gdzie?', en: 'Where?'}
        other: true
        options:
          - {value: park, label: {pl: Park, en: Park}}
          - {value: dom, label: {pl: Dom, en: Home}}
      - key: ocena
        type: likert
        text: {pl: Ocena, en: Rating}
        labels: [Bardzo źle, Źle, Tak sobie, Dobrze, Bardzo dobrze]
      - key: ile
        type: number
        text: {pl: 'Ile?', en: 'How many?'}
        min: 0
        max: 3
      - key: co_wazne
        type: ranking
        text: {pl: 'Co ważne?', en: 'What matters?'}
        options:
          - {value: kultura, label: Kultura}
          - {value: sport, label: Sport}
"""
DIMENSIONS = {"wiek": ["mlodzi", "srednie", "starsi"], "osiedle": ["centrum", "las"],
              "plec": ["k", "m"]}  # fmt: skip
FIGURE_QUESTIONS = ["wiek", "osiedle", "plec", "gdzie", "ocena", "ile", "co_wazne"]


def person_answers():
    """One kind of resident's answers (any dimension may be left out but the required)."""
    return st.fixed_dictionaries(
        {"wiek": st.sampled_from(DIMENSIONS["wiek"]), "plec": st.sampled_from(DIMENSIONS["plec"])},
        optional={"osiedle": st.sampled_from(DIMENSIONS["osiedle"]),
                  "gdzie": st.lists(st.sampled_from(["park", "dom"]), min_size=1, unique=True),
                  "ocena": st.integers(1, 5), "ile": st.integers(0, 3),
                  "co_wazne": st.permutations(["kultura", "sport"])},
    )  # fmt: skip


@st.composite
def residents(draw):
    """A few kinds of residents, each given by 1 to 6 people: groups of exactly k or a
    few more, beside groups of 1 or 2, are then common, and so are cells just under k."""
    kinds = draw(st.lists(st.tuples(person_answers(), st.integers(1, 6)), max_size=7))
    return [answers for answers, n in kinds for _ in range(n)]


@st.composite
def scopes(draw, dimensions: Mapping[str, list[str]]):
    """A filter (key, option) or none, and a breakdown on another dimension or none."""
    keys = sorted(dimensions)
    only = draw(st.none() | st.sampled_from([(k, o) for k in keys for o in dimensions[k]]))
    by = draw(st.none() | st.sampled_from([k for k in keys if not only or k != only[0]]))
    return only, by


_surveys = count(1)


# Each example is a fresh survey read over HTTP: few examples, each checking every channel.
OVER_HTTP = settings(
    max_examples=settings.default.max_examples // 12,  # a twelfth of the profile's: 25 in CI
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@OVER_HTTP
@given(
    people=residents(),
    k=st.integers(MIN_THRESHOLD, 5),
    scope=scopes(DIMENSIONS),
    csv_questions=st.lists(st.sampled_from(FIGURE_QUESTIONS), min_size=1, max_size=2, unique=True),
)
def test_no_figure_of_a_small_group_over_http(
    app, client, login_as, zone, people, k, scope, csv_questions
):
    app.config["SUPPRESSION_THRESHOLD"] = k
    survey = create_survey(zone, parse_template(PROPERTY_TEMPLATE, "w.yaml"),
                           slug=f"wlasnosci-{next(_surveys)}")  # fmt: skip
    open_survey(survey)
    for n, answers in enumerate(people):
        submit_response(survey, answers, Channel.KIOSK, f"r{n}", "h")
    db.session.commit()
    if not getattr(client, "signed_in", False):
        login_as("official")
        client.set_cookie("strefy_lang", "en")
        client.signed_in = True
    only, by = scope
    check_every_channel(client, survey, people, k, only, by, csv_questions)
