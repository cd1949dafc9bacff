import re

from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Response


def test_librarian_types_in_paper_questionnaires_quickly(client, post_form, login_as, survey):
    login_as("librarian")
    page = "/zones/kwidzyn/surveys/proba/paper"
    html = client.get(page).get_data(as_text=True)
    entry_key = re.search(r'name="entry_key" value="([^"]+)"', html).group(1)
    data = {"entry_key": entry_key, "wiek": "do_24", "dzieci": "nie", "informacje": "5"}
    response = post_form(page, data)
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Ankietę zapisano (wpisano dotąd: 1)" in html
    assert 'value="do_24" checked' not in html  # an empty form for the next one
    # The same form sent twice (a double click) is stored once.
    post_form(page, data)
    count = db.session.scalar(select(func.count()).select_from(Response))
    assert count == 1
    assert db.session.scalar(select(Response.channel)) == "paper"


def test_paper_errors_keep_what_was_typed(client, post_form, login_as, survey):
    login_as("librarian")
    response = post_form(
        "/zones/kwidzyn/surveys/proba/paper",
        {"entry_key": "e1", "dzieci": "tak", "ile_dzieci": "99", "pomysl": "Ławki"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'href="#q-ile_dzieci"' in html
    assert 'value="tak" checked' in html
    assert 'value="99"' in html
    assert 'value="Ławki"' in html
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_poster_has_an_svg_qr_code_and_the_short_link(client, login_as, survey):
    login_as("librarian")
    html = client.get("/zones/kwidzyn/surveys/proba/poster").get_data(as_text=True)
    assert "<svg" in html
    assert f"localhost/s/{survey.short_code}" in html
    assert "@page" not in html  # the A4 rules are in poster.css, allowed by the CSP
    assert 'href="/static/css/poster.css"' in html
