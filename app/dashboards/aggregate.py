"""A survey's results, counted by the database in a fixed number of queries.

Every figure is computed per group of respondents: one group ("all") without a breakdown,
or one per answer of a dimension question (plus those who did not answer it) with one.
Distributions come from GROUP BY queries; medians and quartiles are read off the
distributions (a pass over distinct values, never over responses). Suppression is applied
afterwards: a group, or a question within a group, with fewer than k respondents shows no
figure at all, and neither do the groups hidden with it (see suppression.py).

Within a breakdown or a filter, a dimension question's own distribution is itself a
comparison of groups (the cross-table of the dimensions in play with that question), so it
is decided on that whole cross-table by the same rule; the whole's distribution of a
dimension is what remains public, as the groups' sizes a breakdown is decided on.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, distinct, func, literal, or_, select

from app.dashboards.suppression import hidden_groups
from app.extensions import db
from app.surveys.models import Answer, Response, ResponseStatus, Survey
from app.surveys.schema import OTHER, Question, QuestionType

ALL = "all"
NO_ANSWER = "no_answer"  # respondents who did not answer the breakdown question
SEPARATOR = "|"  # between a cell's dimension answers (option values are [a-z0-9_] keys)
# Questions whose figures are the share of people who chose each option (a ranking has
# mean places instead, though it has options too: see app.surveys.schema.CHOICE_TYPES).
SHARE_TYPES = ("single_choice", "multiple_choice")
ALL_TEXTS, MARKED_TEXTS = "all", "marked"  # which residents' own words a reader may see
NUMBER_TYPES = ("likert", "scale", "number")
TEXT_TYPES = ("short_text", "long_text")  # answered in words only: no figures


@dataclass
class Results:
    """Aggregates of one survey, per question and group, with suppression marked."""

    survey_id: int
    k: int
    by: str | None
    only: tuple[str, str] | None
    groups: list[str]  # the groups shown, in the dimension's order
    sizes: dict[str, int]
    hidden: set[str]
    cells: dict[str, str]  # each shown group's cell of the tabulation
    cell_sizes: dict[str, int]  # every cell of the tabulation, shown or not
    other_texts: str | None = None  # which grouped "other" texts were counted, if any
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def respondents(self) -> int:
        return sum(self.sizes.values())


def _dimension(survey: Survey, key: str):
    """Each respondent's answer to the dimension question `key` (a subquery)."""
    return (
        select(Answer.response_id, Answer.option)
        .where(Answer.survey_id == survey.id, Answer.question_key == key)
        .subquery(f"dim_{key}")
    )


def _respondents(survey: Survey, keys: list[str]):
    """Complete responses with the cell each belongs to: their answers to the dimension
    questions `keys`, joined by SEPARATOR (or ALL without dimensions); a subquery."""
    query = select(Response.id.label("rid")).where(
        Response.survey_id == survey.id, Response.status == ResponseStatus.COMPLETE
    )
    if not keys:
        return query.add_columns(literal(ALL).label("grp")).subquery("scope")
    parts = []
    for key in keys:
        answer = _dimension(survey, key)
        query = query.outerjoin(answer, answer.c.response_id == Response.id)
        parts.append(func.coalesce(answer.c.option, NO_ANSWER))
    cell = parts[0]
    for part in parts[1:]:
        cell = cell.concat(SEPARATOR).concat(part)
    return query.add_columns(cell.label("grp")).subquery("scope")


def compute(
    survey: Survey,
    *,
    k: int,
    by: str | None = None,
    only: tuple[str, str] | None = None,
    other_texts: str | None = None,
) -> Results:
    """All questions' aggregates for `survey`, in at most four queries whatever its size.

    `by` breaks the results down by a dimension question; `only=(key, option)` keeps the
    respondents who gave `option` to the dimension question `key`. A filter is one row of
    a cross-tabulation, so suppression is decided on the whole table (every answer of
    `key`, crossed with every group of `by`): otherwise comparing the filtered figures
    with the unfiltered ones would give those of everyone else, however few they are.
    `other_texts` (ALL_TEXTS, MARKED_TEXTS or None) says which grouped "other" texts to
    add: all of them, only those a librarian marked for officials, or none.
    """
    keys = ([only[0]] if only else []) + ([by] if by else [])
    if keys:
        scope = _respondents(survey, keys)
        groups = [scope.c.grp]
        where = [Answer.survey_id == survey.id, Answer.response_id == scope.c.rid]
        cells = dict(
            db.session.execute(select(scope.c.grp, func.count()).group_by(scope.c.grp)).all()
        )
    else:
        # Answers are stored when a response is completed, and only then: the whole survey
        # needs no join at all, and its counts are single passes like a bare GROUP BY.
        groups, where = [], [Answer.survey_id == survey.id]
        cells = {ALL: db.session.scalar(
            select(func.count()).where(
                Response.survey_id == survey.id, Response.status == ResponseStatus.COMPLETE
            )
        )}  # fmt: skip

    def rows(*columns, condition=None, extra=()):
        query = select(Answer.question_key, *groups, *columns, *extra).where(*where)
        if condition is not None:
            query = query.where(condition)
        found = db.session.execute(query.group_by(Answer.question_key, *groups, *columns)).all()
        # Without a breakdown every row belongs to the one group, "all".
        return found if groups else [(row[0], ALL, *row[1:]) for row in found]

    answered = rows(extra=[func.count(distinct(Answer.response_id))])
    # Choices (option), numbers (number) and ranks (both) in one pass over the answers.
    values = rows(
        Answer.option, Answer.number, extra=[func.count()],
        condition=or_(Answer.option.is_not(None), Answer.number.is_not(None)),
    )  # fmt: skip
    choices = [(k, g, o, n) for k, g, o, v, n in values if o is not None and v is None]
    numbers = [(k, g, v, n) for k, g, o, v, n in values if o is None]
    ranks = [(k, g, o, v, n) for k, g, o, v, n in values if o is not None and v is not None]
    others = None
    if other_texts in (ALL_TEXTS, MARKED_TEXTS):
        condition = and_(Answer.option == OTHER, Answer.text.is_not(None))
        if other_texts == MARKED_TEXTS:
            condition = and_(condition, Answer.publishable.is_(True))
        others = rows(func.lower(func.trim(Answer.text)), extra=[func.count()],
                      condition=condition)  # fmt: skip

    hidden = _hidden_overall(cells, k)
    # A hidden comparison lists every group: leaving out the empty ones would tell which.
    shown = _shown_cells(survey, by, only, cells, every=hidden)
    results = Results(
        survey_id=survey.id, k=k, by=by, only=only, groups=list(shown),
        sizes={group: cells.get(cell, 0) for group, cell in shown.items()},
        hidden=set(shown) if hidden else set(), cells=shown, cell_sizes=cells,
        other_texts=other_texts if others is not None else None,
    )  # fmt: skip
    tables = _tables(answered, choices, numbers, ranks, others or [])
    for question in survey.template.questions():
        if question.type in TEXT_TYPES:
            continue
        results.questions[question.key] = _question(question, results, tables)
    return results


def _hidden_overall(sizes: dict[str, int], k: int) -> bool:
    """Whether every figure of a table with these cells must be hidden: too few people in
    all (none included: a filter must not tell that there are none), or a small cell."""
    return sum(sizes.values()) < k or bool(hidden_groups(sizes, k))


def _options(survey: Survey, key: str) -> list[str]:
    question = next(q for q in survey.template.questions() if q.key == key)
    return [o.value for o in question.options or []] + [NO_ANSWER]


def _shown_cells(
    survey: Survey,
    by: str | None,
    only: tuple[str, str] | None,
    cells: dict[str, int],
    *,
    every: bool,
) -> dict[str, str]:
    """The groups to show, each with its cell of the (cross-)tabulation: the non-empty
    ones, or `every` group of the breakdown."""
    prefix = f"{only[1]}{SEPARATOR}" if only and by else ""
    if by is None:
        return {ALL: only[1] if only else ALL}
    return {g: prefix + g for g in _options(survey, by) if every or prefix + g in cells}


def _tables(answered, choices, numbers, ranks, others) -> dict[str, Any]:
    tables: dict[str, Any] = {
        "answered": defaultdict(dict),
        "choices": defaultdict(lambda: defaultdict(dict)),
        "numbers": defaultdict(lambda: defaultdict(dict)),
        "ranks": defaultdict(lambda: defaultdict(lambda: defaultdict(dict))),
        "others": defaultdict(lambda: defaultdict(dict)),
    }
    for key, group, n in answered:
        tables["answered"][key][group] = n
    for key, group, option, n in choices:
        tables["choices"][key][group][option] = n
    for key, group, value, n in numbers:
        tables["numbers"][key][group][value] = n
    for key, group, option, rank, n in ranks:
        tables["ranks"][key][group][option][int(rank)] = n
    for key, group, text, n in others:
        tables["others"][key][group][text] = n
    return tables


def _question(q: Question, results: Results, tables: dict[str, Any]) -> dict[str, Any]:
    answered = tables["answered"][q.key]
    # All or nothing, decided on every cell of the table, shown or not.
    table = {cell: answered.get(cell, 0) for cell in results.cell_sizes}
    hidden = results.hidden or _hidden_overall(table, results.k)
    if q.dimension and (results.by or results.only) and q.key not in _keys(results):
        # Its own distribution is a comparison too: decided on the whole cross-table as
        # well as on who answered it.
        hidden = hidden or _hidden_overall(_crossed(q, results, tables), results.k)
    per_group = {}
    for group, cell in results.cells.items():
        n = answered.get(cell, 0)
        if hidden:
            per_group[group] = {"suppressed": True}
            continue
        figures: dict[str, Any] = {"suppressed": False, "answered": n}
        if q.type in SHARE_TYPES:
            counts = tables["choices"][q.key][cell]
            figures["options"] = {
                value: {"count": counts.get(value, 0), "share": _share(counts.get(value, 0), n)}
                for value in q.option_values()
            }
        elif q.type in NUMBER_TYPES:
            figures.update(_summary(tables["numbers"][q.key][cell]))
        elif q.type == QuestionType.RANKING:
            figures["options"] = _ranking(q, tables["ranks"][q.key][cell], n)
        per_group[group] = figures
    result: dict[str, Any] = {"type": q.type, "groups": per_group}
    if q.other and ALL in results.cells and not hidden and results.other_texts:
        # "Other" texts grouped as written; only for the whole, never per group, and only
        # those written by k people or more.
        texts = tables["others"][q.key].get(results.cells[ALL], {})
        result["other_answers"] = [
            {"text": text, "count": n}
            for text, n in sorted(texts.items(), key=lambda item: (-item[1], item[0]))
            if n >= results.k
        ]
    return result


def _keys(results: Results) -> set[str]:
    return {key for key in (results.by, results.only[0] if results.only else None) if key}


def _crossed(q: Question, results: Results, tables: dict[str, Any]) -> dict[str, int]:
    """The cross-table of the dimensions in play with the dimension question `q`: how many
    people in each cell gave each answer to `q`, or none (a group of a breakdown too)."""
    answered, counts = tables["answered"][q.key], tables["choices"][q.key]
    crossed = {}
    for cell, size in results.cell_sizes.items():
        for value in q.option_values():
            crossed[f"{cell}{SEPARATOR}{value}"] = counts[cell].get(value, 0)
        crossed[f"{cell}{SEPARATOR}{NO_ANSWER}"] = size - answered.get(cell, 0)
    return crossed


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


def dimensions(survey: Survey) -> dict[str, Question]:
    """The survey's dimension questions (those results can be broken down by), by key."""
    return {q.key: q for q in survey.template.questions() if q.dimension}


def read_only(survey: Survey, value: str, by: str | None) -> tuple[str, str] | None:
    """A filter written `key:option`: an answer to a dimension question other than `by`;
    None when `value` is not one."""
    key, _sep, option = value.partition(":")
    question = dimensions(survey).get(key)
    if question is None or key == by or option not in question.option_values():
        return None
    return key, option


def as_json(results: Results, survey: Survey) -> dict[str, Any]:
    """Results for the API: every hidden figure replaced by {"suppressed": true}; grouped
    "other" texts as far as they were counted (see `compute`'s `other_texts`)."""
    questions = []
    for q in survey.template.questions():
        if q.key not in results.questions:
            continue
        questions.append(
            {"key": q.key, "type": q.type, "text": q.text.model_dump(exclude_none=True)}
            | results.questions[q.key]
        )
    everyone_hidden = results.respondents < results.k
    return {
        "respondents": {"suppressed": True} if everyone_hidden else results.respondents,
        "suppression_threshold": results.k,
        "by": results.by,
        "only": {"key": results.only[0], "option": results.only[1]} if results.only else None,
        "groups": [
            {"key": g, "respondents": None if g in results.hidden else results.sizes.get(g, 0),
             "suppressed": g in results.hidden}
            for g in results.groups
        ],
        "questions": questions,
    }  # fmt: skip
