"""Librarians start a survey from a template, open and close it, and watch answers come in."""

import re

from sqlalchemy import select

from app.extensions import db
from app.surveys.models import Channel, Survey
from app.surveys.services import (
    complete_response,
    save_section,
    start_response,
    submit_response,
)


def test_librarian_creates_the_diagnosis_from_a_template_and_opens_it(
    client, post_form, login_as, zone
):
    login_as("librarian")
    html = client.get("/zones/kwidzyn/surveys").get_data(as_text=True)
    assert "Diagnoza potrzeb mieszkańców" in html
    response = post_form("/zones/kwidzyn/surveys", {"template": "diagnoza-potrzeb.yaml"})
    assert response.status_code == 302
    survey = db.session.scalar(select(Survey))
    assert survey.status == "draft"
    assert survey.template.key == "diagnoza_potrzeb"

    # A draft is not for residents yet.
    assert client.get(f"/zones/kwidzyn/surveys/{survey.slug}").status_code == 200
    resident = client.application.test_client()
    assert resident.get(f"/zones/kwidzyn/surveys/{survey.slug}").status_code == 404

    manage = f"/zones/kwidzyn/surveys/{survey.slug}/manage"
    response = post_form(
        f"/zones/kwidzyn/surveys/{survey.slug}/open",
        {"opens_at": "", "closes_at": "2099-12-31"},
        page=manage,
    )
    assert response.status_code == 302
    assert survey.status == "open"
    assert survey.closes_at.year == 2099 and survey.closes_at.day == 31  # end of day, Warsaw
    html = resident.get("/zones/kwidzyn").get_data(as_text=True)
    assert "Diagnoza potrzeb mieszkańców" in html

    response = post_form(f"/zones/kwidzyn/surveys/{survey.slug}/close", page=manage)
    assert survey.status == "closed"
    assert "Diagnoza potrzeb" not in resident.get("/zones/kwidzyn").get_data(as_text=True)


def test_closing_date_before_opening_is_refused(post_form, login_as, survey):
    login_as("librarian")
    survey.status = "draft"
    db.session.commit()
    response = post_form(
        "/zones/kwidzyn/surveys/proba/open",
        {"opens_at": "2030-05-10", "closes_at": "2030-05-01"},
        page="/zones/kwidzyn/surveys/proba/manage",
    )
    assert response.status_code == 422
    assert "wcześniejsza niż data otwarcia" in response.get_data(as_text=True)
    assert survey.status == "draft"


def test_counts_by_channel_and_day(client, login_as, survey):
    for channel in (Channel.QR, Channel.QR):
        response = start_response(survey, None, channel)
        save_section(response, 0, {"wiek": "do_24", "dzieci": "nie"})
        save_section(response, 2, {"informacje": "3"})
        assert complete_response(response)
    start_response(survey, "someone-still-answering", Channel.LINK)
    librarian = login_as("librarian")
    answers = {"wiek": "do_24", "dzieci": "nie", "informacje": 3}
    submit_response(survey, answers, Channel.PAPER, "paper-1", "h", entered_by=librarian)
    db.session.commit()

    html = client.get("/zones/kwidzyn/surveys/proba/manage").get_data(as_text=True)
    assert "3 pełne odpowiedzi" in html
    assert re.search(r"kod QR z plakatu</td><td>2<", html)
    assert re.search(r"ankieta papierowa</td><td>1<", html)
    assert "1 osoba wciąż wypełnia ankietę" in html


def test_short_link_leads_to_the_survey_with_its_channel(client, survey):
    response = client.get(f"/s/{survey.short_code.upper()}?via=qr")
    assert response.headers["Location"] == "/zones/kwidzyn/surveys/proba?via=qr"
    assert client.get("/s/nope42").status_code == 404


def test_closed_survey_keeps_a_started_draft(client, resident_started, survey):
    url = resident_started
    survey.status = "closed"
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 409
    assert "nie jest otwarta" in response.get_data(as_text=True)
    survey.status = "open"
    db.session.commit()
    assert 'value="do_24" checked' in client.get(url).get_data(as_text=True)
