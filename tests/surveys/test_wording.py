"""Librarians fix and translate a survey's wording; its meaning stays locked."""

from app.extensions import db
from app.surveys.models import Channel
from app.surveys.services import reword, text_slots
from tests.surveys.factories import make_response


def question(survey, key):
    return next(q for q in survey.template.questions() if q.key == key)


def test_librarian_rewords_a_question_and_translates_an_option(client, post_form, login_as, survey):
    login_as("librarian")
    html = client.get("/zones/kwidzyn/surveys/proba/edit").get_data(as_text=True)
    assert 'value="Ile masz lat?"' in html
    response = post_form(
        "/zones/kwidzyn/surveys/proba/edit",
        {"q.wiek.text.pl": "W jakim jesteś wieku?", "q.wiek.text.en": "How old are you?",
         "q.pomysl.o.x.pl": "ignored", "q.dzieci.o.tak.pl": "Tak, mam",
         "q.dzieci.o.tak.en": "Yes, I do"},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.refresh(survey)
    question = survey.template.questions()[0]
    assert question.text.pl == "W jakim jesteś wieku?"
    assert survey.template.questions()[1].options[0].label.en == "Yes, I do"
    # Keys, options and conditions are untouched.
    assert [q.key for q in survey.template.questions()][:3] == ["wiek", "dzieci", "ile_dzieci"]
    resident = client.application.test_client()
    html = resident.get("/zones/kwidzyn/surveys/proba").get_data(as_text=True)
    assert "Ankieta próbna" in html


def test_polish_text_cannot_be_emptied(post_form, login_as, survey):
    login_as("librarian")
    response = post_form(
        "/zones/kwidzyn/surveys/proba/edit",
        {"title.pl": "  ", "title.en": "Trial", "q.wiek.text.pl": "Nowe brzmienie"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Wpisz tekst po polsku" in html
    assert 'value="Nowe brzmienie"' in html  # what was typed stays
    db.session.refresh(survey)
    assert survey.template.title.pl == "Ankieta próbna"
    assert survey.template.questions()[0].text.pl == "Ile masz lat?"


def test_rewording_keeps_existing_answers_comparable(survey):
    make_response(survey, {"wiek": "do_24", "dzieci": "nie", "informacje": 3}, Channel.KIOSK)
    errors = reword(survey, {"q.informacje.l.0": {"pl": "Wcale się nie zgadzam", "en": ""}})
    assert errors == {}
    assert question(survey, "informacje").labels[0].pl == "Wcale się nie zgadzam"
    assert question(survey, "informacje").labels[0].en is None
    paths = [path for path, _kind, _text in text_slots(survey.template)]
    assert "q.wiek.o.do_24" in paths and "q.uwagi.help" in paths


def test_help_text_can_be_removed(survey):
    assert reword(survey, {"q.wiek.help": {"pl": "Pełne lata", "en": ""}}) == {}
    assert survey.template.questions()[0].help.pl == "Pełne lata"
    assert reword(survey, {"q.wiek.help": {"pl": "", "en": ""}}) == {}
    assert survey.template.questions()[0].help is None


def test_a_poster_headline_can_be_added_and_removed(client, post_form, login_as, survey):
    login_as("librarian")
    html = client.get("/zones/kwidzyn/surveys/proba/edit").get_data(as_text=True)
    assert 'name="poster_headline.pl"' in html
    response = post_form(
        "/zones/kwidzyn/surveys/proba/edit",
        {"poster_headline.pl": "Rodzice, powiedzcie nam!", "poster_headline.en": ""},
    )
    assert response.status_code == 302
    poster = client.get("/zones/kwidzyn/surveys/proba/poster").get_data(as_text=True)
    assert "<h1>Rodzice, powiedzcie nam!</h1>" in poster
    assert reword(survey, {"poster_headline": {"pl": "", "en": ""}}) == {}
    assert survey.template.poster_headline is None
