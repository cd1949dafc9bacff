"""CSV downloads in two dialects: a Polish reader gets what Excel set to Polish opens as
columns and numbers (";", decimal comma, local time); the standard dialect (",", decimal
point, UTC) stays a link away, as does the XLSX."""

import csv
import io
from decimal import Decimal

import pytest

from app.core.downloads import csv_text, dialect
from app.extensions import db
from tests.cafes.factories import add_idea, naive_utc, plan_cafe
from tests.surveys.factories import make_response

WINTER = naive_utc(2031, 1, 15, 17, 30)  # 18:30 in Warsaw (CET)
SUMMER = naive_utc(2031, 7, 15, 16, 5)  # 18:05 in Warsaw (CEST)


def read(response, delimiter: str) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")  # so that Excel reads the Polish letters
    return list(csv.reader(io.StringIO(body[1:]), delimiter=delimiter))


@pytest.fixture
def english(client, app):
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")


@pytest.fixture
def cafe(zone):
    cafe = plan_cafe(zone)
    add_idea(cafe.boards[0], title="Ławki, kosze; zieleń", created_at=WINTER)
    add_idea(cafe.boards[1], title="Klub mam", created_at=SUMMER)
    return cafe


def test_a_polish_reader_gets_semicolons_and_local_time(client, login_as, cafe):
    login_as("librarian")
    rows = read(client.get(f"/zones/kwidzyn/cafes/{cafe.slug}/ideas.csv"), ";")
    header, *ideas = rows
    assert len(header) == 15 and all(len(row) == 15 for row in ideas)
    assert header[-1] == "Utworzono (czas lokalny)"
    assert "UTC" not in ";".join(header)
    by_title = {row[3]: row for row in ideas}
    assert by_title["Ławki, kosze; zieleń"][-1] == "2031-01-15 18:30:00"
    assert by_title["Klub mam"][-1] == "2031-07-15 18:05:00"


def test_the_standard_dialect_is_a_link_away(client, login_as, cafe):
    login_as("librarian")
    rows = read(client.get(f"/zones/kwidzyn/cafes/{cafe.slug}/ideas.csv?dialect=standard"), ",")
    header, *ideas = rows
    assert len(header) == 15 and all(len(row) == 15 for row in ideas)
    assert header[-1] == "Utworzono (UTC)"
    by_title = {row[3]: row for row in ideas}
    assert by_title["Ławki, kosze; zieleń"][-1] == "2031-01-15 17:30:00"


def test_an_english_reader_gets_the_standard_one_unless_asking(client, login_as, cafe, english):
    login_as("librarian")
    url = f"/zones/kwidzyn/cafes/{cafe.slug}/ideas.csv"
    assert read(client.get(url), ",")[0][-1] == "Created at (UTC)"
    assert read(client.get(f"{url}?dialect=pl"), ";")[0][-1] == "Created at (local time)"
    # An unknown dialect is the reader's own.
    assert read(client.get(f"{url}?dialect=xx"), ",")[0][-1] == "Created at (UTC)"


def test_survey_responses_are_sent_at_local_time_for_a_polish_reader(client, login_as, survey):
    response = make_response(survey, {"wiek": "od_25", "dzieci": "nie", "informacje": 2})
    response.submitted_at = SUMMER
    db.session.commit()
    login_as("librarian")
    url = "/zones/kwidzyn/surveys/proba/export.csv"
    rows = read(client.get(url), ";")
    assert rows[0][1] == "Wysłano (czas lokalny)" and rows[1][1] == "2031-07-15 18:05:00"
    rows = read(client.get(f"{url}?dialect=standard"), ",")
    assert rows[0][1] == "Wysłano (UTC)" and rows[1][1] == "2031-07-15 16:05:00"


def test_dashboard_shares_have_a_decimal_comma_for_a_polish_reader(app, client, login_as, survey):
    app.config["SUPPRESSION_THRESHOLD"] = 1
    for age in ("od_25", "od_25", "do_24"):
        make_response(survey, {"wiek": age, "dzieci": "nie", "informacje": 2})
    login_as("official")
    url = "/zones/kwidzyn/surveys/proba/results/wiek.csv"
    polish = {row[0]: row for row in read(client.get(url), ";")}
    standard = {row[0]: row for row in read(client.get(f"{url}?dialect=standard"), ",")}
    share = polish["25 i więcej"][2]
    assert "," in share and "." not in share
    assert float(share.replace(",", ".")) == pytest.approx(2 / 3, abs=0.01)
    assert standard["25 i więcej"][2] == share.replace(",", ".")


def test_numbers_and_moments_in_each_dialect(app):
    with app.test_request_context("/"):
        polish, standard = dialect("pl"), dialect("standard")
    row = [2.5, -0.25, Decimal("12.30"), 7, "1.5 km", WINTER, "=1+1"]
    assert list(csv.reader(io.StringIO(csv_text([row], polish)[1:]), delimiter=";")) == [
        ["2,5", "-0,25", "12,30", "7", "1.5 km", "2031-01-15 18:30:00", "'=1+1"]
    ]
    assert list(csv.reader(io.StringIO(csv_text([row], standard)[1:]))) == [
        ["2.5", "-0.25", "12.30", "7", "1.5 km", "2031-01-15 17:30:00", "'=1+1"]
    ]


def test_the_pages_offer_both_dialects_and_the_xlsx(client, login_as, cafe, survey):
    login_as("librarian")
    for page, export in (
        (f"/zones/kwidzyn/cafes/{cafe.slug}", f"/zones/kwidzyn/cafes/{cafe.slug}/ideas"),
        ("/zones/kwidzyn/surveys/proba/manage", "/zones/kwidzyn/surveys/proba/export"),
    ):
        html = client.get(page).get_data(as_text=True)
        assert f'href="{export}.csv?dialect=pl">CSV dla Excela (po polsku)' in html
        assert f'href="{export}.csv?dialect=standard">CSV (standardowy)' in html
        assert f'href="{export}.xlsx">XLSX' in html
