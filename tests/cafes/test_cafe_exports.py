"""A café's ideas exported for the zone's records."""

import csv
import io

import pytest
from openpyxl import load_workbook

from app.cafes.exports import idea_rows
from app.cafes.models import Support, Theme
from app.extensions import db
from tests.cafes.factories import add_idea, naive_utc, plan_cafe
from tests.helpers import counting_queries


@pytest.fixture
def cafe_with_ideas(zone):
    cafe = plan_cafe(zone)
    target = add_idea(
        cafe.boards[0], title="=HYPERLINK(\"http://evil\")", description="Opis",
        created_at=naive_utc(2031, 3, 12, 17, 30), round=2, channel="paper",
    )  # fmt: skip
    target.themes = [Theme(zone_id=zone.id, name="rodzice")]
    merged = add_idea(
        cafe.boards[0], title="Klub mam", status="merged", merged_into_id=target.id,
        nickname="Ola",
    )  # fmt: skip
    add_idea(cafe.boards[1], title="Odrzucony", status="rejected", reason="Nie na temat")
    db.session.add_all(
        [
            Support(idea_id=target.id, device_hash="a" * 64),
            Support(idea_id=merged.id, device_hash="b" * 64),
            Support(idea_id=merged.id, device_hash="a" * 64),  # the same device: once
        ]
    )
    db.session.commit()
    return cafe, target, merged


def test_csv_has_every_idea_with_a_bom_and_no_formulas(client, login_as, cafe_with_ideas, english):
    cafe, target, merged = cafe_with_ideas
    login_as("librarian")
    response = client.get(f"/zones/kwidzyn/cafes/{cafe.slug}/ideas.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="kwidzyn-{cafe.slug}-ideas.csv"'
    )
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][:4] == ["Idea", "Table", "Table question", "Title"]
    by_id = {row[0]: row for row in rows[1:]}
    assert len(by_id) == 3
    row = by_id[str(target.id)]
    assert row[3] == '\'=HYPERLINK("http://evil")'
    assert row[1:3] == ["1", "Gdzie mogą spotykać się rodzice?"]
    assert row[5] == "published" and row[7] == "paper" and row[8] == "2"
    assert row[10] == "2"  # two devices, the merged idea's included, each once
    assert row[12] == "1"  # one idea merged into it
    assert row[13] == "rodzice"
    # An English reader gets the standard dialect: UTC, as the header says.
    assert rows[0][14] == "Created at (UTC)"
    assert row[14] == "2031-03-12 17:30:00"
    assert by_id[str(merged.id)][11] == str(target.id)
    assert by_id[str(merged.id)][9] == "Ola"
    rejected = next(r for r in rows[1:] if r[3] == "Odrzucony")
    assert rejected[5:7] == ["rejected", "Nie na temat"]


def test_xlsx_opens_and_has_the_rows(client, login_as, cafe_with_ideas):
    cafe, target, _merged = cafe_with_ideas
    login_as("coordinator")
    response = client.get(f"/zones/kwidzyn/cafes/{cafe.slug}/ideas.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    first = next(r for r in rows[1:] if r[0] == target.id)
    assert first[3] == '\'=HYPERLINK("http://evil")'


def test_other_formats_are_not_found(client, login_as, cafe_with_ideas):
    cafe, _target, _merged = cafe_with_ideas
    login_as("librarian")
    assert client.get(f"/zones/kwidzyn/cafes/{cafe.slug}/ideas.json").status_code == 404


def test_the_export_asks_the_database_the_same_few_times_however_many_ideas(app, zone):
    cafe = plan_cafe(zone)
    theme = Theme(zone_id=zone.id, name="rodzice")
    counts = []
    for batch in range(3):
        for n in range(10):
            idea = add_idea(cafe.boards[n % 2], title=f"Pomysł {batch}-{n}")
            idea.themes = [theme]
            add_idea(idea.board, title=f"Scalony {batch}-{n}", status="merged",
                     merged_into_id=idea.id)  # fmt: skip
            db.session.add(Support(idea_id=idea.id, device_hash=f"{batch}{n}".ljust(64, "x")))
        db.session.commit()
        db.session.expire_all()
        with app.test_request_context(), counting_queries() as statements:
            rows = idea_rows(cafe)
        assert len(rows) == 1 + 20 * (batch + 1)
        counts.append(len(statements))
    # The ideas, their tables, themes, supports and merged ideas: not a query per idea.
    assert counts[0] == counts[1] == counts[2] <= 8
