"""Data and helpers the dashboards' tests share (plain functions, no fixtures: those are
in conftest.py)."""

from contextlib import contextmanager
from html.parser import HTMLParser

from sqlalchemy import event

from app.extensions import db

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


@contextmanager
def counting_queries():
    statements = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def results_url(survey, suffix: str = "/results") -> str:
    return f"/zones/{survey.zone.slug}/surveys/{survey.slug}{suffix}"


class Tables(HTMLParser):
    """Each table of a page by its section's id: header cells and rows of text."""

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
        if tag == "section" and attrs.get("id", "").startswith("q-"):
            self.section = attrs["id"][2:]
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
