"""A survey's results, counted by the database in a fixed number of queries.

Every figure is computed per group of respondents: one group ("all") without a breakdown,
or one per answer of a dimension question (plus those who did not answer it) with one.
Distributions come from GROUP BY queries; medians and quartiles are read off the
distributions (a pass over distinct values, never over responses). Suppression is applied
afterwards: a group, or a question within a group, with fewer than k respondents shows no
figure at all, and neither do the groups hidden with it (see suppression.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, distinct, func, literal, select

from app.dashboards.suppression import hidden_groups
from app.extensions import db
from app.surveys.models import Answer, Response, ResponseStatus, Survey
from app.surveys.schema import OTHER, Question

ALL = "all"
NO_ANSWER = "no_answer"  # respondents who did not answer the breakdown question
CHOICE_TYPES = ("single_choice", "multiple_choice")
NUMBER_TYPES = ("likert", "scale", "number")


@dataclass
class Results:
    """Aggregates of one survey, per question and group, with suppression marked."""

    survey_id: int
    k: int
    by: str | None
    groups: list[str]
    sizes: dict[str, int]
    hidden: set[str]
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def respondents(self) -> int:
        return sum(self.sizes.values())


def _respondents(survey: Survey, by: str | None, filters: dict[str, str]):
    """Complete responses in scope, with the group each belongs to (a subquery)."""
    query = select(Response.id.label("rid")).where(
        Response.survey_id == survey.id, Response.status == ResponseStatus.COMPLETE
    )
    for key, option in filters.items():
        chosen = select(Answer.response_id).where(
            Answer.survey_id == survey.id, Answer.question_key == key, Answer.option == option
        )
        query = query.where(Response.id.in_(chosen))
    if by is None:
        return query.add_columns(literal(ALL).label("grp")).subquery("scope")
    answer = (
        select(Answer.response_id, Answer.option)
        .where(Answer.survey_id == survey.id, Answer.question_key == by)
        .subquery("dimension")
    )
    return (
        query.add_columns(func.coalesce(answer.c.option, NO_ANSWER).label("grp"))
        .outerjoin(answer, answer.c.response_id == Response.id)
        .subquery("scope")
    )


def compute(
    survey: Survey, *, k: int, by: str | None = None, filters: dict[str, str] | None = None
) -> Results:
    """All questions' aggregates for `survey`, in six queries whatever its size."""
    filters = filters or {}
    scope = _respondents(survey, by, filters)
    in_scope = and_(Answer.survey_id == survey.id, Answer.response_id == scope.c.rid)

    sizes = dict(db.session.execute(select(scope.c.grp, func.count()).group_by(scope.c.grp)).all())
    answered = db.session.execute(
        select(Answer.question_key, scope.c.grp, func.count(distinct(Answer.response_id)))
        .where(in_scope)
        .group_by(Answer.question_key, scope.c.grp)
    ).all()
    choices = db.session.execute(
        select(Answer.question_key, scope.c.grp, Answer.option, func.count())
        .where(in_scope, Answer.option.is_not(None), Answer.number.is_(None))
        .group_by(Answer.question_key, scope.c.grp, Answer.option)
    ).all()
    numbers = db.session.execute(
        select(Answer.question_key, scope.c.grp, Answer.number, func.count())
        .where(in_scope, Answer.option.is_(None), Answer.number.is_not(None))
        .group_by(Answer.question_key, scope.c.grp, Answer.number)
    ).all()
    ranks = db.session.execute(
        select(Answer.question_key, scope.c.grp, Answer.option, Answer.number, func.count())
        .where(in_scope, Answer.option.is_not(None), Answer.number.is_not(None))
        .group_by(Answer.question_key, scope.c.grp, Answer.option, Answer.number)
    ).all()
    others = db.session.execute(
        select(Answer.question_key, func.lower(func.trim(Answer.text)), func.count())
        .where(in_scope, Answer.option == OTHER, Answer.text.is_not(None))
        .group_by(Answer.question_key, func.lower(func.trim(Answer.text)))
        .order_by(func.count().desc())
    ).all()

    groups = _group_order(survey, by, sizes)
    results = Results(
        survey_id=survey.id, k=k, by=by, groups=groups, sizes=sizes,
        hidden=_hidden_overall(sizes, k),
    )  # fmt: skip
    tables = _tables(answered, choices, numbers, ranks, others)
    for question in survey.template.questions():
        if question.type in ("short_text", "long_text"):
            continue
        results.questions[question.key] = _question(question, results, tables)
    return results


def _hidden_overall(sizes: dict[str, int], k: int) -> set[str]:
    if sum(sizes.values()) < k:  # too few respondents in all: nothing is shown
        return set(sizes)
    return hidden_groups(sizes, k)


def _group_order(survey: Survey, by: str | None, sizes: dict[str, int]) -> list[str]:
    if by is None:
        return [ALL]
    question = next(q for q in survey.template.questions() if q.key == by)
    order = [o.value for o in question.options or []]
    return [g for g in order if g in sizes] + ([NO_ANSWER] if NO_ANSWER in sizes else [])


def _tables(answered, choices, numbers, ranks, others) -> dict[str, Any]:
    tables: dict[str, Any] = {
        "answered": defaultdict(dict),
        "choices": defaultdict(lambda: defaultdict(dict)),
        "numbers": defaultdict(lambda: defaultdict(dict)),
        "ranks": defaultdict(lambda: defaultdict(lambda: defaultdict(dict))),
        "others": defaultdict(list),
    }
    for key, group, n in answered:
        tables["answered"][key][group] = n
    for key, group, option, n in choices:
        tables["choices"][key][group][option] = n
    for key, group, value, n in numbers:
        tables["numbers"][key][group][value] = n
    for key, group, option, rank, n in ranks:
        tables["ranks"][key][group][option][int(rank)] = n
    for key, text, n in others:
        tables["others"][key].append((text, n))
    return tables


def _question(q: Question, results: Results, tables: dict[str, Any]) -> dict[str, Any]:
    answered = tables["answered"][q.key]
    hidden = results.hidden | _hidden_overall(
        {g: answered.get(g, 0) for g in results.groups}, results.k
    )
    per_group = {}
    for group in results.groups:
        n = answered.get(group, 0)
        if group in hidden:
            per_group[group] = {"suppressed": True}
            continue
        figures: dict[str, Any] = {"suppressed": False, "answered": n}
        if q.type in CHOICE_TYPES:
            counts = tables["choices"][q.key][group]
            figures["options"] = {
                value: {"count": counts.get(value, 0), "share": _share(counts.get(value, 0), n)}
                for value in q.option_values()
            }
        elif q.type in NUMBER_TYPES:
            figures.update(_summary(tables["numbers"][q.key][group]))
        elif q.type == "ranking":
            figures["options"] = _ranking(q, tables["ranks"][q.key][group], n)
        per_group[group] = figures
    result: dict[str, Any] = {"type": q.type, "groups": per_group}
    if q.other and ALL in results.groups and ALL not in hidden:
        # "Other" texts grouped as written; only for the whole, never per small group.
        result["other_answers"] = [
            {"text": text, "count": n} for text, n in tables["others"][q.key] if n >= results.k
        ]
    return result


def _share(count: int, total: int) -> float | None:
    return round(count / total, 4) if total else None


def _summary(distribution: dict[float, int]) -> dict[str, Any]:
    """Count, mean, median and quartiles read off a value -> count distribution."""
    total = sum(distribution.values())
    if not total:
        return {"distribution": {}, "mean": None, "median": None, "q1": None, "q3": None}
    values = sorted(distribution)
    mean = sum(v * distribution[v] for v in values) / total
    return {
        "distribution": {_number(v): distribution[v] for v in values},
        "mean": round(mean, 4),
        "median": _quantile(values, distribution, total, 0.5),
        "q1": _quantile(values, distribution, total, 0.25),
        "q3": _quantile(values, distribution, total, 0.75),
    }


def _quantile(values: list[float], distribution: dict[float, int], total: int, p: float):
    """The p-quantile by linear interpolation between order statistics (numpy's default)."""
    position = p * (total - 1)
    low_index, fraction = int(position), position - int(position)

    def nth(index: int) -> float:
        seen = 0
        for value in values:
            seen += distribution[value]
            if index < seen:
                return value
        return values[-1]

    low = nth(low_index)
    high = nth(low_index + 1) if fraction else low
    return _number(low + (high - low) * fraction)


def _ranking(q: Question, ranks: dict[str, dict[int, int]], n: int) -> dict[str, Any]:
    options = {}
    for option in q.options or []:
        by_rank = ranks.get(option.value, {})
        placed = sum(by_rank.values())
        options[option.value] = {
            "mean_rank": round(sum(r * c for r, c in by_rank.items()) / placed, 4)
            if placed
            else None,
            "first_choice_share": _share(by_rank.get(1, 0), n),
        }
    return options


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def can_see_results(user, survey: Survey) -> bool:
    """Public results for all; otherwise the zone's librarians and officials, and the
    coordinator."""
    if survey.results_public:
        return True
    return user.is_authenticated and (user.is_coordinator or user.role_in(survey.zone) is not None)


def as_json(results: Results, survey: Survey) -> dict[str, Any]:
    """Results for the API: every hidden figure replaced by {"suppressed": true}."""
    questions = []
    for q in survey.template.questions():
        if q.key not in results.questions:
            continue
        item = results.questions[q.key]
        questions.append(
            {"key": q.key, "type": q.type, "text": q.text.model_dump(exclude_none=True)} | item
        )
    everyone_hidden = results.respondents < results.k
    return {
        "respondents": {"suppressed": True} if everyone_hidden else results.respondents,
        "suppression_threshold": results.k,
        "by": results.by,
        "groups": [
            {"key": g, "respondents": None if g in results.hidden else results.sizes.get(g, 0),
             "suppressed": g in results.hidden}
            for g in results.groups
        ],
        "questions": questions,
    }  # fmt: skip
