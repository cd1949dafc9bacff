"""What slowed residents down on a survey page: "other" typed but not ticked, a ranking that
had to be complete, "Back" on the first part, a second person on one phone, and switching
the language half-way through a page."""

import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.surveys.answers import check, read_form
from app.surveys.models import Response, ResponseStatus
from tests.factories import make_survey

INTRO = "/zones/kwidzyn/surveys/proba"

CHOICES = """
key: wybory
title: {pl: Wybory, en: Choices}
introduction: {pl: Pytania., en: Questions.}
sections:
  - key: jedyna
    title: {pl: Jedyna, en: Only}
    questions:
      - key: dojazd
        type: single_choice
        text: {pl: 'Jak dojeżdżasz?', en: 'How do you get there?'}
        required: true
        other: true
        options:
          - {value: pieszo, label: {pl: Pieszo, en: On foot}}
          - {value: autobus, label: {pl: Autobusem, en: By bus}}
      - key: kolejnosc
        type: ranking
        text: {pl: 'Co najpierw?', en: 'What first?'}
        required: true
        options:
          - {value: kino, label: Kino}
          - {value: basen, label: Basen}
          - {value: park, label: Park}
"""


def stored(survey) -> list[Response]:
    db.session.commit()
    return db.session.scalars(
        select(Response).where(Response.survey_id == survey.id).order_by(Response.id)
    ).all()


def continue_link(html: str) -> str:
    return re.search(r'href="([^"]+/r/[^"]+)"', html).group(1)


@pytest.fixture
def choices(zone):
    """An open survey of one page: a single choice with "other" and a required ranking."""
    return make_survey(zone, CHOICES, "wybory")


# 1. "Other" typed is "other" chosen ---------------------------------------------------


def test_typing_other_without_ticking_it_counts_as_choosing_it(resident, survey):
    resident.start()
    resident.answer({"wiek": "do_24", "dzieci": "tak", "ile_dzieci": "1"})
    response = resident.answer(
        {"gdzie_spotkania": ["biblioteka"], "gdzie_spotkania__other": "W kościele"}
    )
    assert response.status_code == 302
    [mine] = stored(survey)
    assert mine.draft["gdzie_spotkania"] == ["biblioteka", "other"]
    assert mine.draft["gdzie_spotkania__other"] == "W kościele"


def test_other_typed_is_shown_ticked_when_the_page_comes_back(resident):
    resident.start()
    resident.answer({"wiek": "do_24", "dzieci": "tak", "ile_dzieci": "1"})
    # Two ticked and "other" typed make three of at most two: the page comes back.
    response = resident.answer({
        "gdzie_spotkania": ["plac_zabaw", "biblioteka"], "gdzie_spotkania__other": "W kościele"
    })  # fmt: skip
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Wybierz najwyżej 2 odpowiedzi" in html
    assert 'value="other" checked' in html
    assert 'value="W kościele"' in html


def test_a_single_choice_with_other_typed_is_other_unless_another_is_chosen(app, choices):
    [dojazd, _ranking] = choices.template.questions()
    clean, errors = check([dojazd], {"dojazd": "", "dojazd__other": " Rowerem "}, {})
    assert (clean, errors) == ({"dojazd": "other", "dojazd__other": "Rowerem"}, {})
    # A radio chosen after typing wins: the text left in "other" is not an answer.
    clean, errors = check([dojazd], {"dojazd": "autobus", "dojazd__other": "Rowerem"}, {})
    assert (clean, errors) == ({"dojazd": "autobus"}, {})
    # Only spaces typed: nothing chosen, as before.
    _clean, errors = check([dojazd], {"dojazd": "", "dojazd__other": "  "}, {})
    assert errors == {"dojazd": "Wybierz odpowiedź."}


def test_the_web_form_reads_other_typed_as_ticked(app, choices):
    [dojazd, _ranking] = choices.template.questions()
    raw = read_form([dojazd], MultiDict({"dojazd__other": "Rowerem"}))
    assert raw["dojazd"] == "other"


# 3. A ranking says it must be complete, before any error ------------------------------


def test_a_required_ranking_says_all_must_be_placed_before_the_error(client, csrf_token, choices):
    intro = "/zones/kwidzyn/surveys/wybory"
    token = csrf_token(intro)
    page = client.post(f"{intro}/start", data={"csrf_token": token}).headers["Location"]
    html = client.get(page).get_data(as_text=True)
    hint = "Ponumeruj wszystkie 3 odpowiedzi: 1 oznacza najważniejszą."
    assert f'<p class="hint" id="q-kolejnosc-hint">{hint}</p>' in html
    fieldset = html.split('id="question-kolejnosc"')[1].split("<legend>")[0]
    assert "q-kolejnosc-hint" in fieldset  # read out with the question
    assert "error-message" not in html


def test_an_optional_ranking_keeps_the_plain_hint(resident):
    resident.start()
    resident.answer({"wiek": "do_24", "dzieci": "nie"})
    html = resident.page().get_data(as_text=True)
    assert "Ponumeruj je: 1 oznacza najważniejsze." in html
    assert "Ponumeruj wszystkie" not in html


# 4. "Back" on the first part keeps the response ---------------------------------------


@pytest.mark.parametrize("via", ["link", "kiosk"])
def test_back_on_the_first_part_keeps_the_answers_and_the_response(resident, client, survey, via):
    resident.start(via=via)
    first = resident.url
    response = resident.answer({"wiek": "do_24"}, action="back")
    intro = response.headers["Location"]
    assert intro.startswith(INTRO) and f"via={via}" in intro
    html = client.get(intro).get_data(as_text=True)
    assert "Dotychczasowe odpowiedzi są zapisane" in html
    link = continue_link(html)
    assert link.split("?")[0].endswith(first.split("?")[0].rsplit("/", 1)[0] + "/0")
    assert 'value="do_24" checked' in client.get(link).get_data(as_text=True)
    [only] = stored(survey)
    assert only.status == ResponseStatus.IN_PROGRESS
    assert only.channel == via


def test_a_kiosk_back_at_the_introduction_also_lets_the_next_person_start(resident, client):
    resident.start(via="kiosk")
    intro = resident.answer({"wiek": "do_24"}, action="back").headers["Location"]
    html = client.get(intro).get_data(as_text=True)
    assert "Kontynuuj od miejsca" in html
    assert ">Następna osoba</button>" in html


def test_back_keeps_a_ranking_begun_and_an_unticked_other(client, csrf_token, choices):
    intro = "/zones/kwidzyn/surveys/wybory"
    token = csrf_token(intro)
    page = client.post(f"{intro}/start", data={"csrf_token": token}).headers["Location"]
    client.post(page, data={
        "csrf_token": token, "action": "back", "dojazd__other": "Rowerem", "kolejnosc__basen": "1",
    })  # fmt: skip
    html = client.get(page).get_data(as_text=True)
    assert 'value="other" checked' in html
    assert 'value="Rowerem"' in html
    basen = html.split('name="kolejnosc__basen"')[1].split("</select>")[0]
    assert '<option value="1" selected>' in basen


# 5. A second person on the same phone -------------------------------------------------


def finish(resident) -> None:
    resident.answer({"wiek": "do_24", "dzieci": "nie"})
    assert resident.answer({"informacje": "4"}).headers["Location"].endswith("/done")


def test_one_answer_per_device_is_said_plainly_with_why(resident, client, survey):
    resident.start()
    finish(resident)
    done = client.get(resident.url).get_data(as_text=True)
    assert "Ktoś inny odpowiada" not in done
    html = client.get(INTRO).get_data(as_text=True)
    assert "Ta ankieta została już wypełniona na tym urządzeniu" in html
    assert "jedną odpowiedź z każdego telefonu lub komputera" in html
    assert "żeby nikt nie został policzony dwa razy" in html
    assert "Ktoś inny odpowiada" not in html
    assert "Rozpocznij ankietę" not in html


def test_someone_else_answers_on_this_phone_where_repeats_are_allowed(
    resident, client, csrf_token, survey
):
    survey.allow_repeat = True
    db.session.commit()
    resident.start()
    first_cookie = client.get_cookie("strefy_device").value
    finish(resident)
    done = client.get(resident.url).get_data(as_text=True)
    assert "Ktoś inny odpowiada na tym telefonie" in done
    html = client.get(INTRO).get_data(as_text=True)
    assert "Z tego telefonu wysłano już odpowiedzi" in html
    assert 'name="someone_else" value="1"' in html

    token = csrf_token(INTRO)
    reply = client.post(f"{INTRO}/start", data={"csrf_token": token, "someone_else": "1"})
    assert reply.status_code == 302
    assert client.get_cookie("strefy_device").value != first_cookie  # the marker is forgotten
    second_page = reply.headers["Location"]
    assert "Część 1 z 3" in client.get(second_page).get_data(as_text=True)
    first, second = stored(survey)
    assert (first.status, second.status) == (ResponseStatus.COMPLETE, ResponseStatus.IN_PROGRESS)
    assert first.device_hash != second.device_hash
    # The phone now goes on with the second person's answers.
    assert continue_link(client.get(INTRO).get_data(as_text=True)).startswith(
        second_page.split("/0")[0]
    )


def test_someone_else_can_take_over_an_unfinished_phone_where_allowed(
    resident, client, csrf_token, survey
):
    survey.allow_repeat = True
    db.session.commit()
    resident.start()
    resident.answer({"wiek": "do_24", "dzieci": "nie"})
    html = client.get(INTRO).get_data(as_text=True)
    assert "Kontynuuj od miejsca" in html
    assert "nie będzie już można ich dokończyć na tym telefonie" in html
    token = csrf_token(INTRO)
    reply = client.post(f"{INTRO}/start", data={"csrf_token": token, "someone_else": "1"})
    # A new response from its first part, not the previous person's second.
    assert reply.headers["Location"].endswith("/0")
    first, second = stored(survey)
    assert first.token != second.token
    assert "wiek" in first.draft and second.draft == {}


def test_someone_else_is_refused_where_repeats_are_not_allowed(
    resident, client, csrf_token, survey
):
    resident.start()
    finish(resident)
    cookie = client.get_cookie("strefy_device").value
    token = csrf_token()  # the survey's page has no form left to take it from
    reply = client.post(f"{INTRO}/start", data={"csrf_token": token, "someone_else": "1"})
    assert reply.headers["Location"].endswith(INTRO)
    assert client.get_cookie("strefy_device").value == cookie
    assert len(stored(survey)) == 1


# 6. Switching the language keeps what was ticked --------------------------------------


def test_switching_the_language_keeps_what_was_ticked_and_not_sent(resident, client, survey):
    resident.start()
    page = resident.url
    html = resident.page().get_data(as_text=True)
    # The header's switch sends the survey's form; a hidden "Next" stays the Enter key's.
    header = html.split('class="languages"')[1].split("</nav>")[0]
    assert header.index('form="survey-form" hidden>Dalej') < header.index('value="language:en"')
    assert 'form="survey-form"' in header
    assert 'id="survey-form"' in html

    reply = client.post(page, data={
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
        "action": "language:en", "wiek": "od_25",
    })  # fmt: skip
    assert reply.status_code == 302
    english = client.get(reply.headers["Location"], follow_redirects=True)
    assert english.request.path == page
    html = english.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "How old are you?" in html
    assert 'value="od_25" checked' in html
    assert "error-summary" not in html  # "Do you have children?" is asked when sent
    [mine] = stored(survey)
    assert mine.draft == {"wiek": "od_25"}
    assert mine.step == 0


def test_an_unknown_language_is_no_switch(resident):
    resident.start()
    response = resident.answer({"wiek": "od_25"}, action="language:xx")
    assert response.status_code == 422  # sent as "Next": the missing answer is said
    assert "Wybierz odpowiedź." in response.get_data(as_text=True)


def test_the_enter_key_s_hidden_button_sends_the_page_as_next(resident):
    resident.start()
    response = resident.answer({"wiek": "od_25", "dzieci": "nie"}, action="")
    assert response.status_code == 302
    assert "<h1>Miasto</h1>" in resident.page().get_data(as_text=True)
