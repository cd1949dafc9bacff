"""Exports of responses: CSV, XLSX (read back) and JSON, labelled in the chosen language."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from app.surveys.models import Channel
from tests.surveys.factories import make_response

ANSWERS = {
    "wiek": "od_25",
    "dzieci": "tak",
    "ile_dzieci": 2,
    "gdzie_spotkania": ["biblioteka", "other"],
    "gdzie_spotkania__other": '=HYPERLINK("http://evil")',
    "informacje": 4,
    "priorytety": ["sport", "kultura", "mlodziez"],
    "pomysl": "Klub Młodych Mam",
}


@pytest.fixture
def answered(survey, make_user, zone):
    librarian = make_user("librarian", zone)
    make_response(survey, ANSWERS, Channel.PAPER, entered_by=librarian)
    make_response(survey, {"wiek": "do_24", "dzieci": "nie", "informacje": 1}, Channel.QR)
    return survey


def export(client, fmt, lang="pl", dialect=""):
    query = f"?lang={lang}" + (f"&dialect={dialect}" if dialect else "")
    response = client.get(f"/zones/kwidzyn/surveys/proba/export.{fmt}{query}")
    assert response.status_code == 200
    assert f'filename="kwidzyn-proba-{lang}.{fmt}"' in response.headers["Content-Disposition"]
    return response


def test_csv_has_a_row_per_response_and_a_column_per_option(client, login_as, answered):
    login_as("librarian")
    text = export(client, "csv").get_data(as_text=True)
    assert text.startswith("\ufeff")
    # A Polish reader gets the Polish spreadsheet dialect.
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 2
    first, second = rows
    assert first["Kanał"] == "paper"
    assert first["Ile masz lat?"] == "25 i więcej"
    assert first["Gdzie spotykasz innych rodziców?: Biblioteka"] == "1"
    assert first["Gdzie spotykasz innych rodziców?: Plac zabaw"] == "0"
    assert first["Gdzie spotykasz innych rodziców?: Inne"] == "1"
    # Formulas typed by a resident are neutralised for spreadsheets.
    assert first["Gdzie spotykasz innych rodziców?: Inne, jakie?"] == '\'=HYPERLINK("http://evil")'
    assert first["Co najważniejsze?: Sport"] == "1"
    assert first["Co najważniejsze?: Kultura"] == "2"
    assert first["Ile?"] == "2"
    assert first["Twój pomysł"] == "Klub Młodych Mam"
    assert second["Ile?"] == ""
    assert second["Łatwo znaleźć informacje."] == "1"


def test_english_labels(client, login_as, answered):
    login_as("librarian")
    text = export(client, "csv", "en", dialect="standard").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["How old are you?"] == "25 or more"
    assert rows[0]["Where do you meet other parents?: Library"] == "1"


@pytest.mark.parametrize(("dialect", "delimiter"), [("pl", ";"), ("standard", ",")])
def test_xlsx_reads_back_the_same_table_as_csv(client, login_as, answered, dialect, delimiter):
    login_as("librarian")
    text = export(client, "csv", dialect=dialect).get_data(as_text=True)
    csv_rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    body = export(client, "xlsx", dialect=dialect).get_data()
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    sheet = workbook.worksheets[0]
    xlsx_rows = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    width = len(csv_rows[0])  # a spreadsheet does not store empty cells at a row's end
    assert [row + [""] * (width - len(row)) for row in xlsx_rows] == csv_rows


def test_json_has_questions_and_canonical_answers(client, login_as, answered):
    login_as("librarian")
    data = json.loads(export(client, "json").get_data(as_text=True))
    assert data["survey"] == "proba"
    assert data["questions"][0] == {
        "key": "wiek", "type": "single_choice", "text": "Ile masz lat?",
        "options": {"do_24": "do 24", "od_25": "25 i więcej"},
    }  # fmt: skip
    assert [r["channel"] for r in data["responses"]] == ["paper", "qr"]
    assert data["responses"][0]["answers"]["priorytety"] == ["sport", "kultura", "mlodziez"]


def test_unknown_format_is_404(client, login_as, answered):
    login_as("librarian")
    assert client.get("/zones/kwidzyn/surveys/proba/export.pdf").status_code == 404


def test_exports_are_not_for_officials(client, login_as, answered):
    login_as("official")
    assert client.get("/zones/kwidzyn/surveys/proba/export.csv").status_code == 403
