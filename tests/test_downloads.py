"""Every spreadsheet download keeps hostile text inert: a label, question, idea title or
nickname that starts like a formula reaches each CSV and XLSX quoted, headers included."""

import csv
import io
import json
import uuid
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.core.downloads import safe_cell, xlsx_sheets
from app.extensions import db
from app.surveys.schema import parse_template
from app.surveys.services import create_survey, open_survey
from tests.cafes.factories import add_idea, plan_cafe
from tests.helpers import SMALL_TEMPLATE

# What spreadsheets (Excel, LibreOffice, Google Sheets) run or treat as a formula's start.
STARTS = ("=", "+", "-", "@", "\t", "\r")
LINK = '=HYPERLINK("http://evil.example","Kliknij")'
PLUS = "+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+9)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
CR = "\r=1+1"

# The trial survey with an option, a question and a dimension's groups renamed by an
# attacker with a librarian's account (or pasted from a hostile document). Answers are
# stripped of surrounding white space when they are stored: a tab or a carriage return
# reaches a download through the survey's own wording.
HOSTILE_TEMPLATE = (
    SMALL_TEMPLATE.replace("key: proba", "key: wrogi")
    .replace("{pl: do 24, en: up to 24}", json.dumps({"pl": LINK, "en": LINK}))
    .replace("{pl: 25 i więcej, en: 25 or more}", json.dumps({"pl": AT, "en": AT}))
    .replace(
        "{pl: 'Gdzie spotykasz innych rodziców?', en: 'Where do you meet other parents?'}",
        json.dumps({"pl": PLUS, "en": PLUS}),
    )
    .replace("{pl: Biblioteka, en: Library}", json.dumps({"pl": MINUS, "en": MINUS}))
    .replace("{pl: Tak, en: 'Yes'}", json.dumps({"pl": CR, "en": CR}))
    .replace("text: {pl: Twój pomysł, en: Your idea}", f"text: {json.dumps(TAB)}")
)
ANSWERS = [
    {"wiek": age, "dzieci": "tak", "ile_dzieci": 1, "gdzie_spotkania": ["biblioteka", "other"],
     "gdzie_spotkania__other": other, "informacje": 3, "pomysl": idea}
    for age, other, idea in [
        ("do_24", CR, LINK), ("do_24", TAB, PLUS), ("do_24", AT, MINUS),
        ("od_25", LINK, AT), ("od_25", PLUS, CR), ("od_25", MINUS, TAB),
    ]
]  # fmt: skip


@pytest.fixture
def hostile_survey(zone, client):
    """The hostile survey, answered through the kiosk API with hostile text."""
    survey = create_survey(zone, parse_template(HOSTILE_TEMPLATE, "wrogi.yaml"), slug="wrogi")
    open_survey(survey)
    db.session.commit()
    for answers in ANSWERS:
        response = client.post(
            "/api/v1/zones/kwidzyn/surveys/wrogi/responses",
            json={"answers": answers, "channel": "kiosk"},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert response.status_code == 201, response.get_json()
    return survey


@pytest.fixture
def hostile_cafe(zone):
    cafe = plan_cafe(zone, questions=[LINK, "Czego brakuje młodzieży?"])
    add_idea(cafe.boards[0], title=PLUS, description=MINUS, nickname=AT)
    add_idea(cafe.boards[1], title=TAB, nickname=CR, status="rejected", reason=LINK)
    return cafe


def csv_cells(response) -> list[list[str]]:
    """The cells of a CSV in the Polish dialect, which a Polish reader gets."""
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def xlsx_cells(response) -> list[list]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def assert_inert(rows: list[list], *expected: str) -> None:
    """No cell starts like a formula, and each hostile text is there, quoted."""
    cells = [cell for row in rows for cell in row if isinstance(cell, str)]
    # XML, which XLSX is made of, reads a carriage return as a line feed.
    cells = [cell.replace("\n", "\r") for cell in cells]
    running = [cell for cell in cells if cell.startswith(STARTS)]
    assert running == []
    for text in expected:
        assert any(cell.startswith("'" + text) for cell in cells), text


def test_responses_csv_and_xlsx_quote_hostile_labels_and_answers(client, login_as, hostile_survey):
    login_as("librarian")
    for fmt, read in (("csv", csv_cells), ("xlsx", xlsx_cells)):
        rows = read(client.get(f"/zones/kwidzyn/surveys/wrogi/export.{fmt}"))
        assert len(rows) == 1 + len(ANSWERS)
        assert f"'{PLUS}: {MINUS}" in rows[0]  # a header: question and option
        assert f"'{TAB}" in rows[0]  # a header: the question alone
        assert_inert(rows, LINK, PLUS, MINUS, AT, TAB, CR)


def test_the_json_export_keeps_the_text_as_typed(client, login_as, hostile_survey):
    login_as("librarian")
    data = json.loads(client.get("/zones/kwidzyn/surveys/wrogi/export.json").get_data())
    questions = {q["key"]: q for q in data["questions"]}
    assert questions["gdzie_spotkania"]["text"] == PLUS
    assert questions["wiek"]["options"]["do_24"] == LINK
    others = {r["answers"]["gdzie_spotkania__other"] for r in data["responses"]}
    assert others == {LINK, PLUS, MINUS, AT, "=1+1"}  # no quote added (stored stripped)
    assert questions["dzieci"]["options"]["tak"] == CR


@pytest.mark.parametrize("query", ["", "?by=wiek", "?only=dzieci:tak"])
@pytest.mark.parametrize("key", ["wiek", "dzieci", "gdzie_spotkania", "informacje", "priorytety"])
def test_dashboard_csvs_quote_hostile_labels_and_groups(
    app, client, login_as, hostile_survey, key, query
):
    app.config["SUPPRESSION_THRESHOLD"] = 3
    login_as("official")
    rows = csv_cells(client.get(f"/zones/kwidzyn/surveys/wrogi/results/{key}.csv{query}"))
    expected = {"wiek": [LINK, AT], "dzieci": [CR], "gdzie_spotkania": [MINUS]}.get(key, [])
    if query == "?by=wiek":  # the groups' names head the columns
        assert rows[0][1].startswith(f"'{LINK}: ")
        expected = [*expected, LINK, AT]
    assert_inert(rows, *expected)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cafe_ideas_quote_hostile_titles_nicknames_and_questions(
    client, login_as, hostile_cafe, fmt
):
    login_as("librarian")
    response = client.get(f"/zones/kwidzyn/cafes/{hostile_cafe.slug}/ideas.{fmt}")
    rows = csv_cells(response) if fmt == "csv" else xlsx_cells(response)
    assert len(rows) == 3
    assert_inert(rows, LINK, PLUS, MINUS, AT, TAB, CR)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t1", "\r1", "\uff1d1+1"])
def test_text_that_starts_like_a_formula_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Klub mam", "1-2", "", -5, 2.5, None])
def test_other_cells_are_left_as_they_are(value):
    assert safe_cell(value) == value


def test_a_workbook_of_several_sheets_quotes_every_cell_and_shows_amounts_in_zloty():
    body = xlsx_sheets(
        [("Koszty", [["=HYPERLINK(1)", Decimal("12.30")]]), ("Dokumenty", [["@SUM(A1)", 3]])]
    )
    first, second = load_workbook(io.BytesIO(body)).worksheets
    assert [first.title, second.title] == ["Koszty", "Dokumenty"]
    assert first["A1"].value == "'=HYPERLINK(1)" and second["A1"].value == "'@SUM(A1)"
    assert first["B1"].value == 12.3 and first["B1"].number_format == "0.00"
    assert second["B1"].value == 3
