"""A resident answers a survey on a phone: sections, conditions, errors, resume, once only."""

import re
import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Answer, Response, ResponseStatus

INTRO = "/zones/kwidzyn/surveys/proba"


def token_of(html: str) -> str:
    """The CSRF token in a page a test client other than `client` read."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def stored(survey):
    return db.session.scalars(select(Response).where(Response.survey_id == survey.id)).all()


def answers_of(response) -> dict:
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id)).all()
    return {(a.question_key, a.option): (a.number, a.text) for a in rows}


def test_full_journey_without_children_skips_the_parents_section(resident, survey, client):
    resident.start(via="qr")
    assert "Część 1 z 3" in resident.page().get_data(as_text=True)
    resident.answer({"wiek": "od_25", "dzieci": "nie"})
    html = resident.page().get_data(as_text=True)
    assert "<h1>Miasto</h1>" in html
    assert "Część 2 z 2" in html
    response = resident.answer(
        {"informacje": "4", "polecenie": "9", "priorytety__kultura": "2",
         "priorytety__sport": "1", "pomysl": "Kawiarenka dla mam", "uwagi": "Dziękuję"}
    )  # fmt: skip
    assert response.headers["Location"].endswith("/done")
    html = client.get(resident.url).get_data(as_text=True)
    assert "Dziękujemy za odpowiedzi!" in html
    assert "Kreatywn" in html

    [response] = stored(survey)
    assert response.status == ResponseStatus.COMPLETE
    assert response.channel == "qr"
    assert answers_of(response) == {
        ("wiek", "od_25"): (None, None),
        ("dzieci", "nie"): (None, None),
        ("informacje", None): (4, None),
        ("polecenie", None): (9, None),
        ("priorytety", "sport"): (1, None),
        ("priorytety", "kultura"): (2, None),
        ("pomysl", None): (None, "Kawiarenka dla mam"),
        ("uwagi", None): (None, "Dziękuję"),
    }


def test_errors_are_summarised_and_answers_kept(resident):
    resident.start()
    response = resident.answer({"wiek": "do_24", "dzieci": "tak", "ile_dzieci": "dwoje"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#q-ile_dzieci"' in summary
    assert "Podaj liczbę całkowitą" in summary
    assert 'value="do_24" checked' in html
    assert 'value="tak" checked' in html
    assert 'value="dwoje"' in html
    assert 'aria-invalid="true"' in html


def test_conditional_question_is_required_only_when_it_applies(resident):
    resident.start()
    html = resident.answer({"wiek": "do_24", "dzieci": "tak"}).get_data(as_text=True)
    assert "Odpowiedz na to pytanie" in html or "Wpisz" in html or "Podaj" in html
    response = resident.answer({"wiek": "do_24", "dzieci": "tak", "ile_dzieci": "2"})
    assert response.status_code == 302
    assert "<h1>Dla rodziców</h1>" in resident.page().get_data(as_text=True)


def test_multiple_choice_limits_and_other(resident):
    resident.start()
    resident.answer({"wiek": "do_24", "dzieci": "tak", "ile_dzieci": "1"})
    html = resident.answer({"gdzie_spotkania": ["plac_zabaw", "biblioteka", "nigdzie"]}).get_data(
        as_text=True
    )
    assert "Wybierz najwyżej 2 odpowiedzi" in html
    html = resident.answer({"gdzie_spotkania": ["other"]}).get_data(as_text=True)
    assert "inne" in html.split('class="error-summary"')[1]
    response = resident.answer({"gdzie_spotkania": ["other", "biblioteka"],
                                "gdzie_spotkania__other": "W kościele"})  # fmt: skip
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"informacje": "7"}, "od 1 do 5"),
        ({"informacje": "3", "polecenie": "11"}, "od 0 do 10"),
        ({"informacje": "3", "priorytety__kultura": "1", "priorytety__sport": "1"}, "inne miejsce"),
        ({"informacje": "3", "pomysl": "x" * 51}, "51"),
        ({"informacje": "3", "pomysl": "ok", "uwagi": "y" * 2001}, "2000"),
    ],
)
def test_invalid_answers_get_a_message(resident, data, message):
    resident.start()
    resident.answer({"wiek": "do_24", "dzieci": "nie"})
    response = resident.answer(data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_back_keeps_what_was_typed_on_the_page(resident):
    resident.start()
    first = resident.url
    resident.answer({"wiek": "do_24", "dzieci": "nie"})
    response = resident.answer({"informacje": "2", "pomysl": "Ławki"}, action="back")
    assert response.headers["Location"] == first
    resident.answer({"wiek": "do_24", "dzieci": "nie"})
    html = resident.page().get_data(as_text=True)
    assert 'value="Ławki"' in html
    assert 'value="2" checked' in html


def test_closed_tab_resumes_on_the_same_device(resident, client):
    resident.start()
    resident.answer({"wiek": "od_25", "dzieci": "nie"})
    html = client.get(INTRO).get_data(as_text=True)  # the tab was closed; back from the poster
    assert "Kontynuuj" in html
    link = re.search(r'href="([^"]+/r/[^"]+)"', html).group(1)
    assert "<h1>Miasto</h1>" in client.get(link).get_data(as_text=True)


def test_another_device_starts_afresh(resident, app, survey):
    resident.start()
    resident.answer({"wiek": "od_25", "dzieci": "nie"})
    other_phone = app.test_client()
    html = other_phone.get(INTRO).get_data(as_text=True)
    assert "Kontynuuj" not in html
    assert "Rozpocznij" in html


def test_double_submit_stores_one_response(resident, client, survey):
    resident.start()
    resident.answer({"wiek": "od_25", "dzieci": "nie"})
    last = resident.url
    html = client.get(last).get_data(as_text=True)
    data = {"csrf_token": token_of(html), "action": "next", "informacje": "5"}
    first = client.post(last, data=data)
    second = client.post(last, data=data)  # a double tap, or a retry after a timeout
    assert first.headers["Location"] == second.headers["Location"]
    assert second.headers["Location"].endswith("/done")
    assert len(stored(survey)) == 1
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 3


def test_simultaneous_submits_store_one_response(resident, client, app, survey):
    resident.start()
    resident.answer({"wiek": "od_25", "dzieci": "nie"})
    last = resident.url
    cookies = {name: client.get_cookie(name).value for name in ("strefy_session", "strefy_device")}
    statuses, barrier = [], threading.Barrier(4)

    def submit():
        phone = app.test_client()  # the same phone, four requests in flight at once
        for name, value in cookies.items():
            phone.set_cookie(name, value)
        html = phone.get(last).get_data(as_text=True)
        barrier.wait()
        statuses.append(
            phone.post(last, data={"csrf_token": token_of(html), "informacje": "1"}).status_code
        )

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    [response] = stored(survey)
    assert response.status == ResponseStatus.COMPLETE
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 3


def test_answering_is_rate_limited_per_client(app, client, survey):
    app.config["SURVEY_RATE_LIMIT"] = "3 per minute"
    html = client.get(INTRO).get_data(as_text=True)
    statuses = [
        client.post(f"{INTRO}/start", data={"csrf_token": token_of(html)}).status_code
        for _ in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert len(stored(survey)) == 1  # and the three starts were one response anyway
