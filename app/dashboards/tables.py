"""A question's results as a table: the same rows for the page, its CSV and its chart.

Every figure of a dashboard comes from one of these tables, so what a chart draws, what
the accessible table beside it says and what its CSV download holds cannot disagree.
Hidden (suppressed) figures are cells of kind HIDDEN, with no value at all.
"""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from app.core import downloads
from app.dashboards.aggregate import ALL, NO_ANSWER, SHARE_TYPES, Results
from app.surveys.schema import OTHER, Question, QuestionType

COUNT, SHARE, MEAN, RANK, HIDDEN = "count", "share", "mean", "rank", "hidden"


@dataclass(frozen=True)
class Cell:
    kind: str
    value: float | int | None = None

    def formatted(self) -> str:
        """The value as the page shows it, in the current language."""
        if self.kind == HIDDEN:
            return _("hidden")
        if self.value is None:
            return "\u2013"  # an en dash: no figure
        if self.kind == SHARE:
            return format_percent(self.value, "#,##0%")
        if self.kind in (MEAN, RANK):
            return format_decimal(self.value, "#,##0.0#")
        return format_decimal(self.value)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    key: str = ""  # the option or value the row is about


@dataclass
class Table:
    """Rows of figures with one column per group and kind (e.g. "Parents: share")."""

    key: str
    groups: list[str]  # the column groups, as labels ("" without a breakdown)
    kinds: list[str]  # the kinds of figure per group, e.g. [COUNT, SHARE]
    rows: list[Row] = field(default_factory=list)
    summary: list[Row] = field(default_factory=list)  # mean, median…, below the rows
    answered: list[Cell] = field(default_factory=list)  # people who answered, per group
    hidden: bool = False  # every figure hidden (too few people)

    def headers(self) -> list[str]:
        names = {
            COUNT: _("people"), SHARE: _("share"), MEAN: _("mean rank"), RANK: _("first choice"),
        }  # fmt: skip
        return [
            f"{group}: {names[kind]}" if group else names[kind].capitalize()
            for group in self.groups
            for kind in self.kinds
        ]

    def csv(self, row_header: str, dialect: downloads.Dialect) -> str:
        """The table as CSV in `dialect`: the same rows and columns, numbers unformatted."""
        return downloads.csv_text(
            [
                [row_header, *self.headers()],
                *(
                    [row.label, *(_raw(cell) for cell in row.cells)]
                    for row in [*self.rows, *self.summary]
                ),
                [_("Answered"), *(_raw(cell) for cell in self._answered_columns())],
            ],
            dialect,
        )

    def _answered_columns(self) -> list[Cell]:
        # One "answered" figure per group, in the group's first column.
        cells = []
        for cell in self.answered:
            cells.append(cell)
            cells.extend([Cell(COUNT, None)] * (len(self.kinds) - 1))
        return cells


def _raw(cell: Cell) -> Any:
    if cell.kind == HIDDEN:
        return _("hidden")
    return "" if cell.value is None else cell.value


def label_of(question: Question, value: str, language: str) -> str:
    """An option's label in `language` (or "Other" / "No answer")."""
    if value == OTHER:
        return _("Other")
    if value in (NO_ANSWER, ""):
        return _("No answer")
    for option in question.options or []:
        if option.value == value:
            return option.label.get(language)
    return value


def group_labels(results: Results, by_question: Question | None, language: str) -> list[str]:
    if by_question is None:
        return [""]
    return [label_of(by_question, group, language) for group in results.groups]


def question_table(
    question: Question, results: Results, by_question: Question | None, language: str
) -> Table:
    """The table of one question's results, one column group per group of respondents."""
    figures = results.questions[question.key]["groups"]
    groups = results.groups
    columns = group_labels(results, by_question, language)
    hidden = all(figures[g]["suppressed"] for g in groups)
    kinds = [MEAN, RANK] if question.type == QuestionType.RANKING else [COUNT, SHARE]
    table = Table(question.key, columns, kinds, hidden=hidden)
    table.answered = [
        Cell(HIDDEN) if figures[g]["suppressed"] else Cell(COUNT, figures[g]["answered"])
        for g in groups
    ]
    if question.type in SHARE_TYPES:
        for value in question.option_values():
            cells = _option_cells(figures, groups, value, CHOICE_FIELDS)
            table.rows.append(Row(label_of(question, value, language), cells, key=value))
    elif question.type == QuestionType.RANKING:
        for option in question.options or []:
            cells = _option_cells(figures, groups, option.value, RANK_FIELDS)
            table.rows.append(Row(option.label.get(language), cells, key=option.value))
    else:
        for value in _values(question, figures, groups):
            table.rows.append(
                Row(_value_label(question, value, language),
                    _number_cells(figures, groups, value), key=str(value))
            )  # fmt: skip
        table.summary = _summary_rows(question, figures, groups)
    return table


CHOICE_FIELDS = ((COUNT, "count"), (SHARE, "share"))
RANK_FIELDS = ((MEAN, "mean_rank"), (SHARE, "first_choice_share"))


def _option_cells(figures: dict, groups: list[str], value: str, fields) -> list[Cell]:
    """One option's figures in every group: a cell per (kind, figure name) in `fields`."""
    cells = []
    for g in groups:
        if figures[g]["suppressed"]:
            cells += [Cell(HIDDEN)] * len(fields)
        else:
            option = figures[g]["options"][value]
            cells += [Cell(kind, option[name]) for kind, name in fields]
    return cells


def _values(question: Question, figures: dict, groups: list[str]) -> list[float]:
    """The rows of a numeric question: every point of a fixed scale, else the values given."""
    if question.type == QuestionType.LIKERT:
        return [1, 2, 3, 4, 5]
    if question.type == QuestionType.SCALE:
        return list(range(11))
    seen: set = set()
    for g in groups:
        if not figures[g]["suppressed"]:
            seen.update(figures[g]["distribution"])
    return sorted(seen)


def _value_label(question: Question, value: float, language: str) -> str:
    if question.type == QuestionType.LIKERT and question.labels:
        return question.labels[int(value) - 1].get(language)
    return format_decimal(value)


def _number_cells(figures: dict, groups: list[str], value: float) -> list[Cell]:
    cells = []
    for g in groups:
        if figures[g]["suppressed"]:
            cells += [Cell(HIDDEN), Cell(HIDDEN)]
            continue
        count = figures[g]["distribution"].get(value, 0)
        answered = figures[g]["answered"]
        cells += [Cell(COUNT, count), Cell(SHARE, count / answered if answered else None)]
    return cells


def _summary_rows(question: Question, figures: dict, groups: list[str]) -> list[Row]:
    names = [("mean", _("Mean")), ("median", _("Median"))]
    if question.type == QuestionType.NUMBER:
        names += [("q1", _("Lower quartile")), ("q3", _("Upper quartile"))]
    rows = []
    for key, label in names:
        cells = []
        for g in groups:
            if figures[g]["suppressed"]:
                cells += [Cell(HIDDEN), Cell(COUNT, None)]
            else:
                cells += [Cell(MEAN, figures[g][key]), Cell(COUNT, None)]
        rows.append(Row(label, cells, key=key))
    return rows


def everyone(results: Results) -> bool:
    return results.groups == [ALL]


@dataclass(frozen=True)
class Bar:
    """One row of a chart drawn on the server: a share of people, and the figures in words."""

    label: str
    share: float  # 0 to 1: the bar's length
    text: str  # what is written beside the bar


def bars(table: Table) -> list[Bar]:
    """A table without a breakdown as bars of the share of people (for a ranking, who put
    the option first): the report's charts, drawn on the server so that paper shows them
    whether or not a script ran. Empty when the figures are hidden."""
    if table.hidden or len(table.groups) != 1:
        return []
    drawn = []
    for row in table.rows:
        share = next((c for c in row.cells if c.kind == SHARE), None)
        if share is None or share.value is None:
            continue
        if table.kinds == [MEAN, RANK]:
            text = _("%(share)s first; mean place %(place)s",
                     share=share.formatted(), place=row.cells[0].formatted())  # fmt: skip
        else:
            text = f"{share.formatted()} ({row.cells[0].formatted()})"
        drawn.append(Bar(row.label, float(share.value), text))
    return drawn
