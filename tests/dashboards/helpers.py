"""Data and helpers the dashboards' tests share (plain functions, no fixtures: those are
in conftest.py)."""

import csv
import io
from html.parser import HTMLParser

from app.surveys.models import Channel
from app.surveys.services import submit_response
from tests.helpers import counting_queries  # noqa: F401  (the plans' and API's tests import it here)

# Eight residents of the trial survey (see SMALL_TEMPLATE in tests/conftest.py).
PEOPLE = [
    {"wiek": "do_24", "dzieci": "nie", "informacje": 1, "polecenie": 10,
     "priorytety": ["kultura", "sport", "mlodziez"]},
    {"wiek": "do_24", "dzieci": "nie", "informacje": 2, "polecenie": 8},
    {"wiek": "od_25", "dzieci": "tak", "ile_dzieci": 1, "informacje": 2,
     "gdzie_spotkania": ["nigdzie"], "priorytety": ["mlodziez", "kultura"]},
    {"wiek": "od_25", "dzieci": "tak", "ile_dzieci": 2, "informacje": 4,
     "gdzie_spotkania": ["nigdzie", "other"], "gdzie_spotkania__other": "  U Sąsiadki ",
     "priorytety": ["kultura"]},
    {"wiek": "od_25", "dzieci": "tak", "ile_dzieci": 3, "informacje": 5,
     "gdzie_spotkania": ["plac_zabaw", "other"], "gdzie_spotkania__other": "u sąsiadki"},
    {"wiek": "od_25", "dzieci": "nie", "informacje": 3},
    {"wiek": "od_25", "dzieci": "tak", "ile_dzieci": 1, "informacje": 4,
     "gdzie_spotkania": ["biblioteka"]},
    {"wiek": "od_25", "dzieci": "nie", "informacje": 5},
]  # fmt: skip


def results_url(survey, suffix: str = "/results") -> str:
    return f"/zones/{survey.zone.slug}/surveys/{survey.slug}{suffix}"


class Tables(HTMLParser):
    """Each table of a page by its question's key (the report's appendix: "a-" and the key):
    header cells and rows of text."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.section = None
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.figures: dict[str, dict] = {}
        self.script: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id", "").startswith(("q-", "a-q-")):
            # "q-x" is question x's; "a-q-x", in the report's appendix, is "a-x".
            self.section = attrs["id"].replace("q-", "", 1)
        elif tag == "table" and self.section:
            self.rows = self.tables.setdefault(self.section, [])
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []
        elif tag == "script" and attrs.get("type") == "application/json":
            self.script = attrs["id"]
            self.figures[self.script] = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.rows = None
        elif tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.script:
            self.figures[self.script] += data


def parse(html: str) -> Tables:
    tables = Tables()
    tables.feed(html)
    return tables


# Every figure on every channel (the suppression property and the demo use it) -------------
#
# An attacker reads every figure the dashboard, a question's CSV and the API give for a
# filter (?only=), a breakdown (?by=) or both. The oracle (`allowed`) counts the cells of
# the cross-table from the raw answers, not from aggregate.py.

NO_ANSWER = "no_answer"


def allowed(people: list[dict], k: int, only, by, question: str, dimension_keys) -> bool:
    """Whether figures of `question` may be shown for this filter and breakdown."""
    keys = [key for key in ((only[0] if only else None), by) if key]
    cross = question in dimension_keys and question not in keys and keys
    tables: list[dict] = [{}, {}, {}]  # respondents, those who answered, the crossed cells
    for person in people:
        cell = tuple(person.get(key, NO_ANSWER) for key in keys)
        tables[0][cell] = tables[0].get(cell, 0) + 1
        if question in person:
            tables[1][cell] = tables[1].get(cell, 0) + 1
        if cross:
            crossed = (*cell, person.get(question, NO_ANSWER))
            tables[2][crossed] = tables[2].get(crossed, 0) + 1

    def small(table: dict) -> bool:
        return sum(table.values()) < k or any(0 < n < k for n in table.values())

    # A filter that keeps nobody shows its zeros for the whole, but a breakdown of it has
    # no group with anyone in it to list.
    kept = not (only and by) or any(person.get(only[0], NO_ANSWER) == only[1] for person in people)
    return kept and not (small(tables[0]) or small(tables[1]) or (cross and small(tables[2])))


def query(only, by) -> dict:
    return {"by": by} | ({"only": f"{only[0]}:{only[1]}"} if only else {})


def api_figures(data: dict) -> dict[str, list[tuple[str, float]]]:
    """The API's visible figures, per question: (what, value)."""
    seen = {}
    for question in data["questions"]:
        figures = []
        for group in question["groups"].values():
            if group["suppressed"]:
                continue
            figures.append(("answered", group["answered"]))
            for value, option in group.get("options", {}).items():
                if "count" in option:
                    figures.append((f"people: {value}", option["count"]))
            for _value, n in group.get("distribution", {}).items():
                figures.append(("people", n))
        seen[question["key"]] = figures
    return seen


def table_figures(rows: list[list[str]], read) -> list[tuple[str, float]]:
    """The visible figures of one table (HTML or CSV rows): (what, value)."""
    header, figures = rows[0], []
    for row in rows[1:]:
        for column, cell in zip(header[1:], row[1:], strict=True):
            value = read(cell)
            if value is None:
                continue
            if row[0] == "Answered":
                figures.append(("answered", value))
            elif column.lower().endswith("people"):
                figures.append((f"people: {row[0]}", value))
            else:
                figures.append((column, value))
    return figures


def html_number(text: str) -> float | None:
    """A figure as an English page writes it; None for no figure or a hidden one."""
    if text in ("\u2013", "", "hidden"):
        return None
    if text.endswith("%"):
        return float(text[:-1].replace(",", "")) / 100
    return float(text.replace(",", ""))


def csv_number(text: str) -> float | None:
    return None if text in ("", "hidden") else float(text)


def no_small_group(figures, k: int, question: str, dimension_keys, comparison: bool) -> list:
    """The figures about a group of 1 to k-1 people: those who answered, and (within a
    comparison) those who gave each answer to a dimension question."""
    return [
        (what, n)
        for what, n in figures
        if 0 < n < k
        and (what == "answered" or (comparison and question in dimension_keys
                                    and what.startswith("people")))
    ]  # fmt: skip


def check_every_channel(
    client, survey, people, k: int, only, by, csv_questions, *, html: bool = True
) -> None:
    """Every figure of the API, the page (if `html`) and the CSVs of `csv_questions` for
    this filter and breakdown, as an English-speaking reader gets them."""
    base = f"/zones/{survey.zone.slug}/surveys/{survey.slug}"
    dimension_keys = {q.key for q in survey.template.questions() if q.dimension}
    options = {q.key: [o.value for o in q.options or []] for q in survey.template.questions()}
    by_options = [*options[by], NO_ANSWER] if by else []
    comparison = bool(only or by)
    context = f"k={k}, only={only}, by={by}, {len(people)} people"

    data = client.get(f"/api/v1{base}/results", query_string=query(only, by)).get_json()
    if by and any(group["suppressed"] for group in data["groups"]):
        assert [g["key"] for g in data["groups"]] == by_options, context
    for key, figures in api_figures(data).items():
        may = allowed(people, k, only, by, key, dimension_keys)
        assert bool(figures) == may, f"API, {key}: shown={bool(figures)}, {context}"
        assert not no_small_group(figures, k, key, dimension_keys, comparison), (key, context)

    if html:
        page = client.get(f"{base}/results", query_string=query(only, by)).get_data(as_text=True)
        tables = parse(page).tables
        for key in api_figures(data):
            figures = table_figures(tables[key], html_number) if key in tables else []
            may = allowed(people, k, only, by, key, dimension_keys)
            assert bool(figures) == may, f"page, {key}: shown={bool(figures)}, {context}"
            assert not no_small_group(figures, k, key, dimension_keys, comparison), (key, context)

    for key in csv_questions:
        body = client.get(f"{base}/results/{key}.csv", query_string=query(only, by))
        rows = list(csv.reader(io.StringIO(body.get_data(as_text=True).lstrip("\ufeff"))))
        figures = table_figures(rows, csv_number)
        may = allowed(people, k, only, by, key, dimension_keys)
        assert bool(figures) == may, f"CSV, {key}: shown={bool(figures)}, {context}"
        assert not no_small_group(figures, k, key, dimension_keys, comparison), (key, context)


# The network view's zones (tests/dashboards/conftest.py's `network`) -------------------

# Kwidzyn answers as PEOPLE (8 people); the others as below (see SMALL_TEMPLATE).
SOPOT = [
    {"wiek": "od_25", "dzieci": "nie", "informacje": 5, "polecenie": 6},
    {"wiek": "od_25", "dzieci": "nie", "informacje": 5, "polecenie": 7},
    {"wiek": "do_24", "dzieci": "nie", "informacje": 4, "polecenie": 8},
    {"wiek": "od_25", "dzieci": "nie", "informacje": 1, "polecenie": 9},
]
USTKA = [
    {"wiek": "do_24", "dzieci": "nie", "informacje": 1, "polecenie": 10},
    {"wiek": "do_24", "dzieci": "nie", "informacje": 2, "polecenie": 10},
    {"wiek": "od_25", "dzieci": "nie", "informacje": 4, "polecenie": 4},
]
HEL = [{"wiek": "do_24", "dzieci": "nie", "informacje": 5}] * 2  # fewer than 3: all hidden


def answer(survey, people, prefix: str = "") -> None:
    """Each of `people` answers `survey` at a kiosk."""
    for n, answers in enumerate(people):
        submit_response(survey, answers, Channel.KIOSK, f"{prefix}{survey.zone.slug}-{n}", "h")
