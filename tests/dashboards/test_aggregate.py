"""Aggregates against a small data set computed by hand, and their query count."""

from app.dashboards.aggregate import ALL_TEXTS, NO_ANSWER, compute
from app.extensions import db
from app.surveys.models import Channel
from app.surveys.services import submit_response
from tests.dashboards.helpers import PEOPLE, counting_queries


def test_every_aggregate_by_hand(answered):
    results = compute(answered, k=1, other_texts=ALL_TEXTS)
    assert results.respondents == 8
    everyone = {key: q["groups"]["all"] for key, q in results.questions.items()}

    age = everyone["wiek"]
    assert age["answered"] == 8
    assert age["options"]["do_24"] == {"count": 2, "share": 0.25}
    assert age["options"]["od_25"] == {"count": 6, "share": 0.75}

    # Multiple choice counts options, not combinations; shares of those who answered (4).
    meet = everyone["gdzie_spotkania"]
    assert meet["answered"] == 4
    assert {v: o["count"] for v, o in meet["options"].items()} == {
        "plac_zabaw": 1, "biblioteka": 1, "nigdzie": 2, "other": 2,
    }  # fmt: skip
    assert meet["options"]["nigdzie"]["share"] == 0.5

    # Likert 1..5: 1, 2, 2, 4, 5, 3, 4, 5.
    info = everyone["informacje"]
    assert info["distribution"] == {1: 1, 2: 2, 3: 1, 4: 2, 5: 2}
    assert info["mean"] == 3.25
    assert info["median"] == 3.5
    assert (info["q1"], info["q3"]) == (2, 4.25)

    scale = everyone["polecenie"]
    assert (scale["answered"], scale["mean"], scale["median"]) == (2, 9, 9)

    children = everyone["ile_dzieci"]
    assert (children["answered"], children["mean"], children["median"]) == (4, 1.75, 1.5)

    # Ranking: kultura placed 1, 2, 1 -> mean 1.3333; first choice for 2 of 3 who ranked.
    ranking = everyone["priorytety"]
    assert ranking["answered"] == 3
    assert ranking["options"]["kultura"] == {"mean_rank": 1.3333, "first_choice_share": 0.6667}
    assert ranking["options"]["sport"] == {"mean_rank": 2, "first_choice_share": 0.0}
    assert ranking["options"]["mlodziez"] == {"mean_rank": 2, "first_choice_share": 0.3333}

    # "Other" answers grouped as written, whatever the case and spaces.
    assert results.questions["gdzie_spotkania"]["other_answers"] == [
        {"text": "u sąsiadki", "count": 2}
    ]


def test_breakdown_by_a_dimension_with_suppression(answered):
    results = compute(answered, k=3, by="wiek")
    # Every group of a hidden comparison is listed, the empty one too: leaving it out
    # would tell that nobody is in it.
    assert results.groups == ["do_24", "od_25", NO_ANSWER]
    assert results.sizes == {"do_24": 2, "od_25": 6, NO_ANSWER: 0}
    # The 2 under-25s are hidden, and so is the other group, or they would be 8 - 6.
    assert results.hidden == {"do_24", "od_25", NO_ANSWER}
    assert results.questions["informacje"]["groups"]["do_24"] == {"suppressed": True}
    assert results.questions["informacje"]["groups"]["od_25"] == {"suppressed": True}


def test_breakdown_shows_groups_that_are_large_enough(answered):
    results = compute(answered, k=2, by="dzieci")
    assert results.groups == ["tak", "nie"]
    parents = results.questions["informacje"]["groups"]["tak"]
    assert parents["distribution"] == {2: 1, 4: 2, 5: 1}
    assert parents["mean"] == 3.75


def test_filters_select_respondents(answered):
    results = compute(answered, k=1, only=("dzieci", "tak"))
    assert results.respondents == 4
    assert results.questions["wiek"]["groups"]["all"]["options"]["od_25"]["count"] == 4


def test_a_filter_is_hidden_when_everyone_else_is_few(answered):
    # The whole is shown; 6 people aged 25+ would be too, but the figures of the other 2
    # would then be the whole minus theirs. So the filter shows nothing.
    assert compute(answered, k=3).questions["informacje"]["groups"]["all"]["suppressed"] is False
    filtered = compute(answered, k=3, only=("wiek", "od_25"))
    assert filtered.sizes == {"all": 6}
    assert all(q["groups"]["all"] == {"suppressed": True} for q in filtered.questions.values())


def test_a_filter_with_a_breakdown_is_decided_on_the_whole_cross_table(answered):
    # Parents are all 25+ (4 people); non-parents split 2 and 2, under k=3: the parents'
    # row alone would pass, but the table it belongs to does not.
    results = compute(answered, k=3, by="wiek", only=("dzieci", "tak"))
    # No parent is under 25, but the hidden comparison does not say so: every group is
    # listed, and none has a figure.
    assert results.groups == ["do_24", "od_25", NO_ANSWER]
    assert results.hidden == set(results.groups)
    assert all(
        g == {"suppressed": True} for g in results.questions["informacje"]["groups"].values()
    )
    shown = compute(answered, k=2, by="wiek", only=("dzieci", "tak"))
    assert shown.groups == ["od_25"]
    assert shown.questions["informacje"]["groups"]["od_25"]["distribution"] == {2: 1, 4: 2, 5: 1}


def test_a_dimension_under_a_filter_is_decided_as_the_breakdown_by_it(answered):
    # Among parents, ages are 4 and 0; among the others 2 and 2 (k=3). The comparison by
    # age among parents is hidden, so the age question's own figures among parents are too.
    assert compute(answered, k=3, by="wiek", only=("dzieci", "tak")).hidden
    filtered = compute(answered, k=3, only=("dzieci", "tak"))
    assert not filtered.hidden
    assert filtered.questions["wiek"]["groups"]["all"] == {"suppressed": True}
    assert filtered.questions["informacje"]["groups"]["all"]["answered"] == 4
    # The same holds within a breakdown: age by parenthood is that cross-table too.
    by_children = compute(answered, k=3, by="dzieci")
    assert not by_children.hidden
    assert all(g == {"suppressed": True} for g in by_children.questions["wiek"]["groups"].values())
    # With k=2 every cell of the cross-table is 0 or at least 2: shown.
    assert compute(answered, k=2, only=("dzieci", "tak")).questions["wiek"]["groups"]["all"][
        "options"
    ]["od_25"] == {"count": 4, "share": 1.0}
    # The whole's distribution of a dimension stays public: the groups' sizes.
    assert compute(answered, k=3).questions["wiek"]["groups"]["all"]["answered"] == 8


def test_too_few_respondents_show_nothing(answered):
    results = compute(answered, k=5, only=("wiek", "do_24"))
    assert results.respondents == 2
    assert all(q["groups"]["all"] == {"suppressed": True} for q in results.questions.values())


def test_a_question_answered_by_few_is_hidden_on_its_own(answered):
    results = compute(answered, k=5)
    assert results.questions["informacje"]["groups"]["all"]["suppressed"] is False
    assert results.questions["polecenie"]["groups"]["all"] == {"suppressed": True}  # 2 answers


def test_respondents_without_the_dimension_form_their_own_group(survey):
    submit_response(
        survey, {"wiek": "do_24", "dzieci": "nie", "informacje": 1}, Channel.KIOSK, "a", "h"
    )
    db.session.commit()
    results = compute(survey, k=1, by="gdzie_spotkania")
    assert results.groups == [NO_ANSWER]


def test_query_count_is_fixed_whatever_the_number_of_responses(survey):
    counts = []
    for batch in range(3):
        for n in range(5 * (batch + 1)):
            submit_response(survey, PEOPLE[n % len(PEOPLE)], Channel.KIOSK, f"{batch}-{n}", "h")
        db.session.commit()
        db.session.expire_all()
        with counting_queries() as statements:
            compute(survey, k=5, by="wiek", other_texts=ALL_TEXTS)
        counts.append(len(statements))
    # Four aggregate queries and the survey's own row at most, however many responses.
    assert max(counts) <= 5, counts
