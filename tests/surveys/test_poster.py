"""A survey's printed poster: its headline comes from the survey (`poster_headline` in the
template, else its title), its QR code and short link lead to it, and it has a Print button."""

from pathlib import Path

import pytest

from app.extensions import db
from app.surveys.schema import TemplateError, load_template, parse_template
from app.surveys.services import create_survey
from tests.helpers import SMALL_TEMPLATE

SURVEYS = Path(__file__).resolve().parents[2] / "surveys"


def poster(client, survey) -> str:
    response = client.get(f"/zones/kwidzyn/surveys/{survey.slug}/poster")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def library_survey(zone):
    survey = create_survey(zone, load_template(SURVEYS / "uslugi-biblioteki.yaml"))
    db.session.commit()
    return survey


def test_the_library_services_poster_has_its_own_headline(client, login_as, library_survey):
    login_as("librarian")
    html = poster(client, library_survey)
    assert "<h1>Powiedz nam, jak ulepszyć naszą bibliotekę</h1>" in html
    assert '<p class="survey-title">Usługi biblioteki: Twoja opinia</p>' in html
    assert "czego potrzebuje nasza miejscowość" not in html  # the needs survey's words
    assert f"localhost/s/{library_survey.short_code}" in html and "<svg" in html
    assert "data-print hidden>Drukuj</button>" in html


def test_the_headline_is_in_the_readers_language(client, app, login_as, library_survey):
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    login_as("librarian")
    assert "<h1>Tell us how to make our library better</h1>" in poster(client, library_survey)


def test_the_needs_survey_keeps_asking_what_the_town_needs(client, login_as, zone):
    survey = create_survey(zone, load_template(SURVEYS / "diagnoza-potrzeb.yaml"))
    db.session.commit()
    login_as("librarian")
    assert "<h1>Powiedz nam, czego potrzebuje nasza miejscowość</h1>" in poster(client, survey)


def test_without_a_headline_the_poster_leads_with_the_title(client, login_as, survey):
    assert survey.template.poster_headline is None
    login_as("librarian")
    html = poster(client, survey)
    assert f"<h1>{survey.template.title.pl}</h1>" in html
    assert 'class="survey-title"' not in html


def test_a_headline_is_a_text_like_the_others():
    headline = "\nposter_headline: {pl: Powiedz nam!, en: Tell us!}\nsections:"
    template = parse_template(SMALL_TEMPLATE.replace("\nsections:", headline, 1), "a.yaml")
    assert (template.poster_headline.pl, template.poster_headline.en) == (
        "Powiedz nam!",
        "Tell us!",
    )
    with pytest.raises(TemplateError, match="poster_headline"):
        parse_template(
            SMALL_TEMPLATE.replace("\nsections:", "\nposter_headline: [1, 2]\nsections:", 1),
            "b.yaml",
        )
